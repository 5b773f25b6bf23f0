//! The command line (clap): `lianluo check …`.

use std::io::IsTerminal;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use lianluo::check;

#[derive(Parser)]
#[command(
    name = "lianluo",
    version,
    about = "人大常委会联系代表工作公开平台：检查记录、评估履职要求、发布网站与报告"
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
    /// 检查记录中的错误，并按《办法》逐条评估履职要求 (check the data and evaluate the duties)
    Check(CheckArgs),
    /// 生成网站、开放数据和订阅源到输出文件夹 (build the site, open data and feeds)
    Build(BuildArgs),
    /// 生成某一年度的《常委会联系代表工作情况报告》PDF (the annual report of a year)
    Report(ReportArgs),
    /// 本地预览：生成网站并在修改后自动刷新 (local preview with live reload)
    Serve(ServeArgs),
    /// 按模板新建一条记录 (a new record from a commented template)
    New(NewArgs),
    /// Writes a generated content folder for benchmarks (development use)
    #[command(hide = true)]
    Corpus(CorpusArgs),
}

#[derive(clap::Args)]
pub struct BuildArgs {
    /// 内容文件夹 (content folder)
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
    /// 输出文件夹，生成成功后整体替换 (output folder, replaced only when the build succeeds)
    #[arg(long, default_value = "output")]
    pub output: PathBuf,
    /// 评估基准日 YYYY-MM-DD (default: SOURCE_DATE_EPOCH's date, else today)
    #[arg(long, value_parser = parse_as_of)]
    pub as_of: Option<NaiveDate>,
    /// 主题文件夹，默认使用内置主题 (a theme folder; the built-in default theme otherwise)
    #[arg(long)]
    pub theme: Option<PathBuf>,
    /// 不生成年度报告 PDF (skip the annual PDF reports)
    #[arg(long)]
    pub no_reports: bool,
    /// 不建立全文搜索索引 (skip the full-text search index)
    #[arg(long)]
    pub no_search: bool,
    /// The most pages in one part of the search index (tests of a national-scale index)
    #[arg(long, hide = true, default_value_t = lianluo::render::search::PART_PAGES, value_parser = parse_part_pages)]
    pub search_part_pages: usize,
    /// Above this many pages, build as a national-scale site (tests of that order)
    #[arg(long, hide = true, default_value_t = lianluo::build::NATIONAL_PAGES)]
    pub national_pages: usize,
}

#[derive(clap::Args)]
pub struct ServeArgs {
    /// 内容文件夹 (content folder)
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
    /// 端口，0 为任选空闲端口 (port; 0 picks a free one)
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
    /// 监听地址，默认只在本机 (address to listen on; only this computer by default)
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// 评估基准日 YYYY-MM-DD (default: SOURCE_DATE_EPOCH's date, else today)
    #[arg(long, value_parser = parse_as_of)]
    pub as_of: Option<NaiveDate>,
    /// 主题文件夹，修改后同样自动刷新 (a theme folder, watched too)
    #[arg(long)]
    pub theme: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct NewArgs {
    /// 记录类别：deputy、member、group、meeting、solicitation、symposium、activity、contact、letter、page
    pub kind: String,
    /// 新记录的 id，即文件名（小写字母、数字和 -）
    pub id: String,
    /// 内容文件夹 (content folder)
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
}

#[derive(clap::Args)]
pub struct ReportArgs {
    /// 报告年度 (the year)
    #[arg(long)]
    pub year: i32,
    /// 内容文件夹 (content folder)
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
    /// PDF 文件，默认为 <年度>.pdf (the PDF file; default <year>.pdf)
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// 评估基准日 YYYY-MM-DD (default: SOURCE_DATE_EPOCH's date, else today)
    #[arg(long, value_parser = parse_as_of)]
    pub as_of: Option<NaiveDate>,
    /// 主题文件夹 (a theme folder)
    #[arg(long)]
    pub theme: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct CorpusArgs {
    #[arg(long, value_enum)]
    pub scale: lianluo::corpus::Scale,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// An empty or missing folder to write into
    #[arg(long)]
    pub output: PathBuf,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(clap::Args)]
pub struct CheckArgs {
    /// 内容文件夹 (content folder)
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
    /// 只列出这一年的评估 (only this year's evaluations, plus its term's)
    #[arg(long)]
    pub year: Option<i32>,
    /// 评估基准日 YYYY-MM-DD (default: SOURCE_DATE_EPOCH's date, else today)
    #[arg(long, value_parser = parse_as_of)]
    pub as_of: Option<NaiveDate>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// 有未履行的要求时以状态 1 退出 (exit 1 when a duty is not met)
    #[arg(long)]
    pub strict: bool,
}

fn parse_part_pages(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("`{text}` is not a number of pages (1 or more)")),
    }
}

fn parse_as_of(text: &str) -> Result<NaiveDate, String> {
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
fn as_of_or_complain(arg: Option<NaiveDate>) -> Option<NaiveDate> {
    resolve_as_of(arg)
        .map_err(|why| eprintln!("error: {why}"))
        .ok()
}

/// Prints the data's errors rustc-style and what was not produced; the exit status is 1.
fn complain_about_data(loaded: &lianluo::Loaded, outcome: &str) -> u8 {
    let color = color_for(std::io::stderr().is_terminal());
    eprint!(
        "{}",
        lianluo::diag::render_text(&loaded.diagnostics, &loaded.sources, color)
    );
    eprintln!("数据有 {} 个错误，{outcome}", loaded.errors().count());
    1
}

fn color_for(stream_is_terminal: bool) -> bool {
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
        Command::Check(args) => run_check(args),
        Command::Build(args) => run_build(args, verbosity),
        Command::Serve(args) => run_serve(args),
        Command::New(args) => run_new(args),
        Command::Report(args) => run_report(args),
        Command::Corpus(args) => run_corpus(args),
    }
}

fn run_serve(args: ServeArgs) -> u8 {
    let Some(as_of) = as_of_or_complain(args.as_of) else {
        return 2;
    };
    let options = lianluo::serve::Options {
        content: args.content,
        theme: args.theme,
        bind: args.bind,
        port: args.port,
        as_of,
    };
    match lianluo::serve::serve(options) {
        Ok(()) => 0,
        Err(why) => {
            eprintln!("error: {why}");
            2
        }
    }
}

fn run_new(args: NewArgs) -> u8 {
    let kind = match lianluo::new::parse_kind(&args.kind) {
        Ok(kind) => kind,
        Err(why) => {
            eprintln!("error: {why}");
            return 2;
        }
    };
    match lianluo::new::create(&args.content, kind, &args.id) {
        Ok(path) => {
            println!("{}", path.display());
            eprintln!(
                "已新建 {}（created）：把其中的【…】换成实际内容，再运行 lianluo check 检查。",
                path.display()
            );
            0
        }
        Err(why) => {
            eprintln!("error: {why}");
            2
        }
    }
}

/// Progress on standard error: a spinner in an interactive terminal, plain lines otherwise.
fn progress(
    verbosity: Verbosity,
) -> (
    Option<Box<dyn Fn(&str) + Send + Sync>>,
    Option<indicatif::ProgressBar>,
) {
    if verbosity == Verbosity::Quiet {
        return (None, None);
    }
    let interactive = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
    if interactive {
        let bar = indicatif::ProgressBar::new_spinner();
        if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            bar.set_style(
                indicatif::ProgressStyle::with_template("{spinner} {msg} {elapsed}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
        } else {
            bar.set_style(
                indicatif::ProgressStyle::with_template("{spinner:.blue} {msg} {elapsed:.dim}")
                    .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            );
        }
        bar.enable_steady_tick(std::time::Duration::from_millis(100));
        let shown = bar.clone();
        (
            Some(Box::new(move |stage: &str| {
                shown.set_message(stage.to_string())
            })),
            Some(bar),
        )
    } else {
        // Not a terminal (CI, a log file): one plain line per stage.
        (Some(Box::new(|stage: &str| eprintln!("… {stage}"))), None)
    }
}

fn run_build(args: BuildArgs, verbosity: Verbosity) -> u8 {
    let Some(as_of) = as_of_or_complain(args.as_of) else {
        return 2;
    };
    let (on_stage, bar) = progress(verbosity);
    let options = lianluo::build::Options {
        theme: args.theme,
        reports: !args.no_reports,
        search: !args.no_search,
        search_part_pages: args.search_part_pages,
        national_pages: args.national_pages,
        progress: on_stage,
        ..lianluo::build::Options::new(args.content, args.output.clone(), as_of)
    };
    let result = lianluo::build::build(&options);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    match result {
        Ok(_) if verbosity == Verbosity::Quiet => 0,
        Ok(summary) => {
            let stages: Vec<String> = summary
                .stages
                .iter()
                .map(|(name, d)| format!("{name} {:.0} ms", d.as_secs_f64() * 1e3))
                .collect();
            eprintln!(
                "生成完成（built）：{} 条记录，{} 项评估，{} 个页面（{} 个可搜索），{} 份年度报告，共 {} 个文件 {:.1} MB → {}（截至 {as_of}）",
                summary.records,
                summary.evaluations,
                summary.pages,
                summary.searchable,
                summary.reports,
                summary.files,
                summary.bytes as f64 / 1e6,
                args.output.display()
            );
            if verbosity == Verbosity::Verbose {
                eprintln!(
                    "  {} 个文件与上次相同，未重写（{} files unchanged）",
                    summary.unchanged, summary.unchanged
                );
                eprintln!("  {}", stages.join(" · "));
            }
            0
        }
        Err(lianluo::build::Error::Data(loaded)) => complain_about_data(
            &loaded,
            &format!(
                "未生成网站，原有的 `{}` 保持不变（the data has errors; the previous output is unchanged）。",
                args.output.display()
            ),
        ),
        Err(lianluo::build::Error::Io(why) | lianluo::build::Error::Render(why)) => {
            eprintln!("error: {why}");
            2
        }
    }
}

fn run_report(args: ReportArgs) -> u8 {
    let Some(as_of) = as_of_or_complain(args.as_of) else {
        return 2;
    };
    let output = args
        .output
        .unwrap_or_else(|| PathBuf::from(format!("{}.pdf", args.year)));
    match lianluo::build::report(&args.content, args.theme.as_deref(), args.year, as_of) {
        Ok(pdf) => match lianluo::output::write_atomically(&output, &pdf) {
            Ok(()) => {
                eprintln!(
                    "《{}年度常委会联系代表工作情况报告》→ {}（{} KB，截至 {as_of}）",
                    args.year,
                    output.display(),
                    pdf.len() / 1024
                );
                0
            }
            Err(e) => {
                eprintln!("error: cannot write `{}`: {e}", output.display());
                2
            }
        },
        Err(lianluo::build::Error::Data(loaded)) => {
            complain_about_data(&loaded, "未生成报告（the data has errors）。")
        }
        Err(lianluo::build::Error::Io(why) | lianluo::build::Error::Render(why)) => {
            eprintln!("error: {why}");
            2
        }
    }
}

fn run_corpus(args: CorpusArgs) -> u8 {
    if std::fs::read_dir(&args.output).is_ok_and(|mut d| d.next().is_some()) {
        eprintln!("error: `{}` is not empty", args.output.display());
        return 2;
    }
    match lianluo::corpus::generate(&args.output, args.scale, args.seed) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: cannot write `{}`: {e}", args.output.display());
            2
        }
    }
}

fn run_check(args: CheckArgs) -> u8 {
    let Some(as_of) = as_of_or_complain(args.as_of) else {
        return 2;
    };
    let loaded = match lianluo::load(&args.content) {
        Ok(loaded) => loaded,
        Err(e) => {
            eprintln!(
                "error: 无法读取内容文件夹 `{}`：{e}（cannot read the content folder）",
                args.content.display()
            );
            eprintln!("help: 用 --content 指定内容文件夹，默认为当前目录下的 content/");
            return 2;
        }
    };
    let report = check::check(&loaded, as_of, args.year);
    let text = match args.format {
        Format::Json => check::to_json(&report),
        Format::Text => check::to_text(
            &report,
            &loaded.sources,
            color_for(std::io::stdout().is_terminal()),
        ),
    };
    println!("{}", text.trim_end());
    if report.has_errors() || (args.strict && report.any_not_met()) {
        1
    } else {
        0
    }
}
