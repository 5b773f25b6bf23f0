//! The command line (clap): one file per command, each with its arguments and its `run`.
//! A new command is a new file here and a variant of [`Command`].

mod build;
mod changes;
mod check;
mod completions;
mod corpus;
mod export;
mod import;
mod init;
mod man;
mod new;
mod report;
mod serve;

use std::io::IsTerminal;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "lianluo",
    version,
    about = "人大常委会联系代表工作公开平台：检查记录、评估履职要求、发布网站与报告",
    long_about = "人大常委会联系代表工作公开平台：检查记录、评估履职要求、发布网站与报告。\n\n\
        记录是内容文件夹（默认为当前目录下的 content/）中的 YAML 和 Markdown 文件。\
        新建本单位的文件夹：lianluo init DIR；新建一条记录：lianluo new KIND ID；\
        检查记录和履职要求：lianluo check；生成网站、年度报告和开放数据到 output/：lianluo build。\
        每条命令的用法：lianluo help COMMAND，或 man lianluo-COMMAND。"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// 只输出错误 (only errors)
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// 输出各阶段用时等细节 (stage timings and counts)
    #[arg(long, short, global = true, conflicts_with = "quiet")]
    pub verbose: bool,
}

/// How much to print on standard error.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

#[derive(Subcommand)]
pub enum Command {
    /// 新建一个常委会的记录文件夹：站点设置、《办法》、各类记录文件夹 (a new body's folder)
    Init(init::InitArgs),
    /// 检查记录中的错误，并按《办法》逐条评估履职要求 (check the data and evaluate the duties)
    Check(check::CheckArgs),
    /// 生成网站、开放数据和订阅源到输出文件夹 (build the site, open data and feeds)
    Build(build::BuildArgs),
    /// 生成某一年度的《常委会联系代表工作情况报告》PDF 或可编辑的 DOCX 文稿 (the annual report of a year)
    Report(report::ReportArgs),
    /// 列出两个版本之间新增、修改、删除的记录和状态改变的履职评估 (what changed between two revisions)
    Changes(changes::ChangesArgs),
    /// 本地预览：生成网站并在修改后自动刷新 (local preview with live reload)
    Serve(serve::ServeArgs),
    /// 按模板新建一条记录 (a new record from a commented template)
    New(new::NewArgs),
    /// 输出 shell 的命令补全脚本 (shell completions: bash, zsh, fish…)
    Completions(completions::CompletionsArgs),
    /// Prints the manual page (roff), for packaging
    #[command(hide = true)]
    Man(man::ManArgs),
    /// 从表格（Excel、WPS、CSV）导入代表名册、组成人员、联系记录等 (import a spreadsheet)
    Import(import::ImportArgs),
    /// 导出履职台账工作簿 (the 履职台账 workbook: every evaluation, opinions, contact figures)
    Export(export::ExportArgs),
    /// Writes a generated content folder for benchmarks (development use)
    #[command(hide = true)]
    Corpus(corpus::CorpusArgs),
}

pub(crate) fn parse_as_of(text: &str) -> Result<NaiveDate, String> {
    lianluo::content::yaml::parse_date(text)
}

/// `--as-of`, else the date of `SOURCE_DATE_EPOCH`, else today (local time).
fn resolve_as_of(arg: Option<NaiveDate>) -> Result<NaiveDate, String> {
    if let Some(date) = arg {
        return Ok(date);
    }
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) if !value.trim().is_empty() => lianluo::as_of_from_epoch(value.trim()),
        _ => Ok(chrono::Local::now().date_naive()),
    }
}

/// The run's `as_of`, or `None` after saying why there is none (exit 2).
pub(crate) fn as_of_or_complain(arg: Option<NaiveDate>) -> Option<NaiveDate> {
    resolve_as_of(arg)
        .map_err(|why| eprintln!("error: {why}"))
        .ok()
}

/// Prints the data's errors rustc-style and what was not produced; the exit status is 1.
pub(crate) fn complain_about_data(loaded: &lianluo::Loaded, outcome: &str) -> u8 {
    let color = color_for(std::io::stderr().is_terminal());
    eprint!(
        "{}",
        lianluo::diag::render_text(&loaded.diagnostics, &loaded.sources, color)
    );
    eprintln!("数据有 {} 个错误，{outcome}", loaded.errors().count());
    1
}

pub(crate) fn color_for(stream_is_terminal: bool) -> bool {
    stream_is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

pub fn run(cli: Cli) -> u8 {
    let verbosity = if cli.quiet {
        Verbosity::Quiet
    } else if cli.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    };
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Build(args) => build::run(args, verbosity),
        Command::Changes(args) => changes::run(args),
        Command::Serve(args) => serve::run(args),
        Command::New(args) => new::run(args),
        Command::Init(args) => init::run(args),
        Command::Completions(args) => completions::run(args),
        Command::Man(args) => man::run(args),
        Command::Import(args) => import::run(args),
        Command::Export(args) => export::run(args),
        Command::Report(args) => report::run(args),
        Command::Corpus(args) => corpus::run(args),
    }
}
