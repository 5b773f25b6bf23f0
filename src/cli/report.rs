//! `lianluo report`: one year's annual report.

use std::path::PathBuf;

use chrono::NaiveDate;
use lianluo::render::report::Format;

use super::{as_of_or_complain, complain_about_data, parse_as_of};

#[derive(clap::Args)]
pub struct ReportArgs {
    /// 报告年度 (the year)
    #[arg(long)]
    pub year: i32,
    /// 内容文件夹 (content folder)
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
    /// 格式：pdf 为发布的报告，docx 为可编辑的文稿 (pdf: the report; docx: the editable draft)
    #[arg(long, value_enum, default_value_t = ReportFormat::Pdf)]
    pub format: ReportFormat,
    /// 输出文件，默认为 <年度>.pdf 或 <年度>.docx (the file; default <year>.pdf or <year>.docx)
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// 评估基准日 YYYY-MM-DD (default: SOURCE_DATE_EPOCH's date, else today)
    #[arg(long, value_parser = parse_as_of)]
    pub as_of: Option<NaiveDate>,
    /// 主题文件夹 (a theme folder)
    #[arg(long)]
    pub theme: Option<PathBuf>,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum ReportFormat {
    Pdf,
    Docx,
}

impl From<ReportFormat> for Format {
    fn from(format: ReportFormat) -> Format {
        match format {
            ReportFormat::Pdf => Format::Pdf,
            ReportFormat::Docx => Format::Docx,
        }
    }
}

pub fn run(args: ReportArgs) -> u8 {
    let Some(as_of) = as_of_or_complain(args.as_of) else {
        return 2;
    };
    let format = Format::from(args.format);
    let output = args
        .output
        .unwrap_or_else(|| PathBuf::from(format!("{}.{}", args.year, format.extension())));
    let made = lianluo::build::report(
        &args.content,
        args.theme.as_deref(),
        args.year,
        as_of,
        format,
    );
    match made {
        Ok(report) => match lianluo::output::write_atomically(&output, &report.bytes) {
            Ok(()) => {
                if let Some(note) = &report.note {
                    eprintln!("{note}");
                }
                eprintln!(
                    "《{}年度常委会联系代表工作情况报告》→ {}（{} KB，截至 {as_of}）",
                    args.year,
                    output.display(),
                    report.bytes.len() / 1024
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
