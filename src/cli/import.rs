//! `lianluo import KIND FILE`: a clerk's spreadsheet into record files.

use std::io::IsTerminal;
use std::path::PathBuf;

use lianluo::import::{self, Action, Failure, ImportKind, Options};

use super::color_for;

#[derive(clap::Args)]
pub struct ImportArgs {
    /// 记录类别 (kind of records the sheet holds)
    #[arg(value_enum)]
    pub kind: ImportKind,
    /// 表格文件：.xlsx、.xls、.ods 或 .csv（UTF-8 或 GB18030）
    pub file: PathBuf,
    /// 工作表名称（默认第一个工作表）(sheet of a workbook; default: the first)
    #[arg(long)]
    pub sheet: Option<String>,
    /// 内容文件夹 (content folder)
    #[arg(long, default_value = "content")]
    pub content: PathBuf,
    /// 只列出将要写入的文件，不写入 (list the files it would write)
    #[arg(long)]
    pub dry_run: bool,
    /// 更新已有记录中表格给出的字段（保留注释和正文）(update existing records)
    #[arg(long)]
    pub update: bool,
}

pub fn run(args: ImportArgs) -> u8 {
    let options = Options {
        kind: args.kind,
        file: &args.file,
        sheet: args.sheet.as_deref(),
        content: &args.content,
        update: args.update,
    };
    let color = color_for(std::io::stderr().is_terminal());
    let plan = match import::plan(&options) {
        Ok(plan) => plan,
        Err(Failure::Io(why) | Failure::Input(why)) => {
            eprintln!("error: {why}");
            return 2;
        }
        Err(Failure::Content(loaded)) => {
            return super::complain_about_data(
                &loaded,
                "内容文件夹本身有错误，先用 lianluo check 改正，再导入（nothing imported）",
            );
        }
        Err(Failure::Mistakes(mistakes)) => {
            let sources = lianluo::diag::Sources::default();
            eprint!("{}", lianluo::diag::render_text(&mistakes, &sources, color));
            let errors = mistakes.iter().filter(|d| d.is_error()).count();
            eprintln!("表格有 {errors} 个错误，没有写入任何文件（nothing written）");
            return 1;
        }
    };
    if !plan.warnings.is_empty() {
        let sources = lianluo::diag::Sources::default();
        eprint!(
            "{}",
            lianluo::diag::render_text(&plan.warnings, &sources, color)
        );
    }
    let count = |action| plan.files.iter().filter(|f| f.action == action).count();
    let (created, updated, unchanged) = (
        count(Action::Create),
        count(Action::Update),
        count(Action::Unchanged),
    );
    if args.dry_run {
        for file in plan.files.iter().filter(|f| f.action != Action::Unchanged) {
            let what = if file.action == Action::Create {
                "新建"
            } else {
                "更新"
            };
            println!("{what} {}", args.content.join(&file.rel).display());
        }
        println!(
            "将新建 {created} 个、更新 {updated} 个文件，{unchanged} 个不变（dry run: nothing written）"
        );
        return 0;
    }
    match plan.write(&args.content) {
        Ok(_) => {
            println!(
                "已新建 {created} 个、更新 {updated} 个文件，{unchanged} 个不变；记录通过检查"
            );
            0
        }
        Err(why) => {
            eprintln!("error: {why}");
            2
        }
    }
}
