//! `lianluo build`: the site, reports and open data into the output folder.

use std::io::IsTerminal;
use std::path::PathBuf;

use chrono::NaiveDate;

use super::{Verbosity, as_of_or_complain, complain_about_data, parse_as_of};

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
    /// 按 git 中的某个版本生成（提交、标签、分支），直接读取仓库，不改动工作区 (build from a revision of the records' repository, without a checkout)
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
    /// 不生成年度报告 PDF 和 DOCX 文稿 (skip the annual reports, PDF and DOCX)
    #[arg(long)]
    pub no_reports: bool,
    /// 不建立全文搜索索引 (skip the full-text search index)
    #[arg(long)]
    pub no_search: bool,
    /// The most pages in one part of the search index (tests of a national-scale index)
    #[arg(long, hide = true, default_value_t = lianluo::render::search::PART_PAGES, value_parser = parse_part_pages)]
    pub search_part_pages: usize,
    /// Above this many pages, build as a national-scale site (tests of that order)
    #[arg(long, hide = true, default_value_t = lianluo::pipeline::Order::NATIONAL_PAGES)]
    pub national_pages: usize,
}

fn parse_part_pages(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!("`{text}` is not a number of pages (1 or more)")),
    }
}

/// Progress on standard error: a spinner in an interactive terminal, plain lines otherwise,
/// nothing with `--quiet`.
enum Progress {
    Silent,
    Lines,
    Spinner(indicatif::ProgressBar),
}

impl Progress {
    fn new(verbosity: Verbosity) -> Progress {
        if verbosity == Verbosity::Quiet {
            return Progress::Silent;
        }
        if !std::io::stderr().is_terminal() || std::env::var_os("CI").is_some() {
            // Not a terminal (CI, a log file): one plain line per stage.
            return Progress::Lines;
        }
        let bar = indicatif::ProgressBar::new_spinner();
        let template = if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            "{spinner} {msg} {elapsed}"
        } else {
            "{spinner:.blue} {msg} {elapsed:.dim}"
        };
        bar.set_style(
            indicatif::ProgressStyle::with_template(template)
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        bar.enable_steady_tick(std::time::Duration::from_millis(100));
        Progress::Spinner(bar)
    }

    fn finish(&self) {
        if let Progress::Spinner(bar) = self {
            bar.finish_and_clear();
        }
    }
}

impl lianluo::pipeline::Watcher for Progress {
    fn stage(&self, label: &str) {
        match self {
            Progress::Silent => {}
            Progress::Lines => eprintln!("… {label}"),
            Progress::Spinner(bar) => bar.set_message(label.to_string()),
        }
    }
}

pub fn run(args: BuildArgs, verbosity: Verbosity) -> u8 {
    let Some(as_of) = as_of_or_complain(args.as_of) else {
        return 2;
    };
    let progress = Progress::new(verbosity);
    let options = lianluo::build::Options {
        theme: args.theme,
        selection: lianluo::render::Selection {
            reports: !args.no_reports,
            search: !args.no_search,
            search_part_pages: args.search_part_pages,
        },
        national_pages: args.national_pages,
        at: args
            .rev
            .map_or(lianluo::history::At::WorkTree, lianluo::history::At::Rev),
        ..lianluo::build::Options::new(args.content, args.output.clone(), as_of)
    };
    let result = lianluo::build::build(&options, &progress);
    progress.finish();
    if let (Ok(built), false) = (&result, verbosity == Verbosity::Quiet)
        && let Some(note) = &built.note
    {
        eprintln!("{note}");
    }
    match result {
        Ok(_) if verbosity == Verbosity::Quiet => 0,
        Ok(built) => {
            let summary = &built.summary;
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
                built.files,
                built.bytes as f64 / 1e6,
                args.output.display()
            );
            if verbosity == Verbosity::Verbose {
                eprintln!(
                    "  {} 个文件与上次相同，未重写（{} files unchanged）",
                    built.unchanged, built.unchanged
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
