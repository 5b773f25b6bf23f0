//! `lianluo new`: a new record from a commented template.

use std::path::PathBuf;

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

pub fn run(args: NewArgs) -> u8 {
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
