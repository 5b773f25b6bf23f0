//! `lianluo report`: one year's annual report.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::{as_of_or_complain, complain_about_data, parse_as_of};

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

pub fn run(args: ReportArgs) -> u8 {
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
