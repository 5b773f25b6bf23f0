//! `lianluo check`: the data's errors and the evaluation of every duty.

use std::io::IsTerminal;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::ValueEnum;

use lianluo::check;

use super::{as_of_or_complain, color_for, parse_as_of};

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
    /// 检查暂存区（git add 之后、提交之前）中的记录，而不是工作区的文件；用于提交前检查 (check the content as staged in the git index, for a pre-commit hook)
    #[arg(long, conflicts_with = "rev")]
    pub staged: bool,
    /// 检查 git 中的某个版本（提交、标签、分支）(check a revision of the records' repository)
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
}

pub fn run(args: CheckArgs) -> u8 {
    let Some(as_of) = as_of_or_complain(args.as_of) else {
        return 2;
    };
    let at = match (args.staged, args.rev) {
        (true, _) => lianluo::history::At::Staged,
        (false, Some(rev)) => lianluo::history::At::Rev(rev),
        (false, None) => lianluo::history::At::WorkTree,
    };
    let loaded = if at == lianluo::history::At::WorkTree {
        lianluo::load(&args.content).map_err(|e| {
            format!(
                "无法读取内容文件夹 `{}`：{e}（cannot read the content folder）",
                args.content.display()
            )
        })
    } else {
        lianluo::history::load(&args.content, &at).map(|load| load.loaded)
    };
    let loaded = match loaded {
        Ok(loaded) => loaded,
        Err(why) => {
            eprintln!("error: {why}");
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
