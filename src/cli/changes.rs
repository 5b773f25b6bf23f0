//! `lianluo changes`: the records added, changed and removed between two places of the
//! records' git history, and the evaluations whose status changed.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::ValueEnum;

use lianluo::history::changes::{self, Failure};

use super::{as_of_or_complain, complain_about_data, parse_as_of};

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(clap::Args)]
pub struct ChangesArgs {
    /// 比较的起点：提交、标签或分支；默认为最近一次修改内容文件夹的提交之前的版本 (from: a revision; default: the parent of the last commit that changed the content folder)
    #[arg(value_name = "FROM")]
    pub from: Option<String>,
    /// 比较的终点：提交、标签或分支；默认为工作区 (to: a revision; default: the work tree)
    #[arg(value_name = "TO")]
    pub to: Option<String>,
    /// 内容文件夹 (content folder)
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
    /// 评估基准日 YYYY-MM-DD，两个版本使用同一基准日 (default: SOURCE_DATE_EPOCH's date, else today)
    #[arg(long, value_parser = parse_as_of)]
    pub as_of: Option<NaiveDate>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub fn run(args: ChangesArgs) -> u8 {
    let Some(as_of) = as_of_or_complain(args.as_of) else {
        return 2;
    };
    let compared = changes::compare(
        &args.content,
        args.from.as_deref(),
        args.to.as_deref(),
        as_of,
    );
    match compared {
        Ok(found) => {
            let text = match args.format {
                Format::Text => changes::to_text(&found),
                Format::Json => changes::to_json(&found),
            };
            println!("{}", text.trim_end());
            0
        }
        Err(Failure::Git(why)) => {
            eprintln!("error: {why}");
            eprintln!("help: 用 --content 指定内容文件夹，默认为当前目录下的 content/");
            2
        }
        Err(Failure::Data { side, loaded }) => {
            complain_about_data(&loaded, &format!("无法比较（{side} 的记录有错误）"))
        }
    }
}
