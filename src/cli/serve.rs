//! `lianluo serve`: the local preview.

use std::path::PathBuf;

use chrono::NaiveDate;

use super::{as_of_or_complain, parse_as_of};

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

pub fn run(args: ServeArgs) -> u8 {
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
