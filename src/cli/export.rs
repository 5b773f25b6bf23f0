//! `lianluo export xlsx`: the 履职台账 workbook.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::ValueEnum;

use super::{as_of_or_complain, complain_about_data, parse_as_of};

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Excel 工作簿 (.xlsx)
    Xlsx,
}

#[derive(clap::Args)]
pub struct ExportArgs {
    /// 格式 (format)
    #[arg(value_enum)]
    pub format: Format,
    /// 只列出这一年的评估、意见建议和联系情况 (only this year)
    #[arg(long)]
    pub year: Option<i32>,
    /// 输出文件，默认为 履职台账.xlsx 或 履职台账-<年度>.xlsx (the file to write)
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// 包括不公开的记录，仅供内部使用；个人信息（private）仍不写入 (include internal records)
    #[arg(long)]
    pub internal: bool,
    /// 内容文件夹 (content folder)
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
    /// 评估基准日 YYYY-MM-DD (default: SOURCE_DATE_EPOCH's date, else today)
    #[arg(long, value_parser = parse_as_of)]
    pub as_of: Option<NaiveDate>,
}

pub fn run(args: ExportArgs) -> u8 {
    let Format::Xlsx = args.format;
    let Some(as_of) = as_of_or_complain(args.as_of) else {
        return 2;
    };
    let output = args.output.unwrap_or_else(|| {
        PathBuf::from(match args.year {
            Some(y) => format!("履职台账-{y}.xlsx"),
            None => "履职台账.xlsx".to_string(),
        })
    });
    let loaded = match lianluo::load(&args.content) {
        Ok(loaded) => loaded,
        Err(e) => {
            eprintln!(
                "error: 无法读取内容文件夹 `{}`：{e}（cannot read the content folder）",
                args.content.display()
            );
            return 2;
        }
    };
    let Some(model) = &loaded.model else {
        return complain_about_data(&loaded, "未生成台账（the data has errors）。");
    };
    let outcome = lianluo::rules::evaluate(model, as_of);
    let options = lianluo::export::Options {
        year: args.year,
        internal: args.internal,
    };
    let bytes = match lianluo::export::workbook(model, &outcome, &options) {
        Ok(bytes) => bytes,
        Err(why) => {
            eprintln!("error: {why}");
            return 2;
        }
    };
    match lianluo::output::write_atomically(&output, &bytes) {
        Ok(()) => {
            let what = if args.internal {
                "含内部记录，请勿公开"
            } else {
                "仅含可公开的数据"
            };
            eprintln!(
                "履职台账 → {}（{} KB，截至 {as_of}，{what}）",
                output.display(),
                bytes.len() / 1024
            );
            0
        }
        Err(e) => {
            eprintln!("error: cannot write `{}`: {e}", output.display());
            2
        }
    }
}
