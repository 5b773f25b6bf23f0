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
}

pub fn run(args: CheckArgs) -> u8 {
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
