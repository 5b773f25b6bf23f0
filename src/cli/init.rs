//! `lianluo init`: a new body's folder. Values missing from the command line are asked for
//! on a terminal; without one (a script, CI) the missing flags are named and nothing is
//! written.

use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;

use lianluo::init::{self, Git, Settings, Term};

#[derive(clap::Args)]
pub struct InitArgs {
    /// 新建的文件夹，须不存在或为空 (the new folder; missing or empty)
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// 常委会全称，如 某市人民代表大会常务委员会 (the body's full name)
    #[arg(long, value_parser = init::parse_name)]
    pub body: Option<String>,
    /// 网站标题 (default: 常委会全称 + 联系代表工作公开平台)
    #[arg(long, value_parser = init::parse_name)]
    pub title: Option<String>,
    /// 网站发布后的地址，如 https://www.example.gov.cn/lianluo/ (the published address)
    #[arg(long, value_parser = init::parse_base_url)]
    pub base_url: Option<String>,
    /// 一届：ID:开始日期:结束日期，如 14:2023-01-13:2028-01-12；可重复 (a term; repeatable)
    #[arg(long = "term", value_name = "ID:START:END", value_parser = init::parse_term)]
    pub terms: Vec<Term>,
    /// 《办法》配置：内置名称 guangxi-2022（默认）、city-sample，或一个配置文件（复制到 content/ 中供修改） (regulation profile)
    #[arg(long, value_name = "NAME|FILE", value_parser = init::parse_profile)]
    pub profile: Option<init::ProfileChoice>,
    /// 不运行 git init (do not make a git repository)
    #[arg(long)]
    pub no_git: bool,
}

pub fn run(args: InitArgs) -> u8 {
    if let Err(why) = init::ensure_empty(&args.dir) {
        eprintln!("error: {why}");
        return 2;
    }
    let settings = if std::io::stdin().is_terminal() {
        let mut input = std::io::stdin().lock();
        ask_missing(&args, &mut input, &mut std::io::stderr())
    } else {
        from_flags(&args)
    };
    let settings = match settings {
        Ok(settings) => settings,
        Err(why) => {
            eprintln!("error: {why}");
            return 2;
        }
    };
    if let Err(why) = init::create(&args.dir, &settings) {
        eprintln!("error: {why}");
        return 2;
    }
    // The folder must pass `check` at once: read it back as `check` would.
    let content = args.dir.join("content");
    match lianluo::load(&content) {
        Ok(loaded) if loaded.errors().next().is_some() => {
            return super::complain_about_data(&loaded, "新建的文件夹未通过检查");
        }
        Ok(_) => {}
        Err(e) => {
            eprintln!("error: 无法读取 `{}`：{e}", content.display());
            return 2;
        }
    }
    if !args.no_git {
        let git = init::git_init(&args.dir);
        report_git(&git);
        if git == Git::Initialised {
            match init::install_pre_commit(&args.dir) {
                Ok(_) => eprintln!(
                    "已安装提交前检查（.git/hooks/pre-commit）：每次 git commit 前运行 lianluo check --staged，暂存的记录有错误时不能提交。"
                ),
                Err(e) => eprintln!("warning: 未能安装提交前检查 .git/hooks/pre-commit（{e}）"),
            }
        }
    }
    let cd = if args.dir == std::path::Path::new(".") {
        String::new()
    } else {
        format!("  cd {}\n", args.dir.display())
    };
    eprintln!(
        "已新建 {}（created）。下一步：\n{cd}  lianluo new deputy wei-ming    # 新建一位代表，把【…】换成实际内容\n  lianluo check\n  lianluo build                  # 网站生成到 output/",
        args.dir.display(),
    );
    0
}

fn report_git(git: &Git) {
    match git {
        Git::Initialised => eprintln!("已运行 git init：记录的每次修改都可以提交到版本库。"),
        Git::InsideRepository => {}
        Git::NotInstalled => eprintln!(
            "note: 没有找到 git，未建立版本库；安装 git（sudo apt-get install git）后在该文件夹中运行 git init"
        ),
        Git::Failed(why) => eprintln!("warning: git init 未成功（{why}），文件已写好"),
    }
}

/// Without a terminal: the flags, the title's default, and every missing flag named at once.
fn from_flags(args: &InitArgs) -> Result<Settings, String> {
    let mut missing = Vec::new();
    if args.body.is_none() {
        missing.push("--body（常委会全称）");
    }
    if args.base_url.is_none() {
        missing.push("--base-url（网站地址）");
    }
    if args.terms.is_empty() {
        missing.push("--term（届，ID:开始日期:结束日期）");
    }
    match (&args.body, &args.base_url) {
        (Some(body), Some(base_url)) if missing.is_empty() => Ok(Settings {
            title: args
                .title
                .clone()
                .unwrap_or_else(|| init::default_title(body)),
            body: body.clone(),
            base_url: base_url.clone(),
            terms: args.terms.clone(),
            profile: args.profile.clone().unwrap_or_default(),
        }),
        _ => Err(format!(
            "缺少 {}：不在终端中运行时不会提问，请用这些选项给出（missing flags; no prompts without a terminal）",
            missing.join("、")
        )),
    }
}

/// On a terminal: asks for each value not given as a flag, again until it is valid.
fn ask_missing(
    args: &InitArgs,
    input: &mut impl BufRead,
    out: &mut impl Write,
) -> Result<Settings, String> {
    let body = match &args.body {
        Some(body) => body.clone(),
        None => ask(
            input,
            out,
            "常委会全称（如 某市人民代表大会常务委员会）",
            None,
            init::parse_name,
        )?,
    };
    let title = match &args.title {
        Some(title) => title.clone(),
        None => ask(
            input,
            out,
            "网站标题",
            Some(&init::default_title(&body)),
            init::parse_name,
        )?,
    };
    let base_url = match &args.base_url {
        Some(url) => url.clone(),
        None => ask(
            input,
            out,
            "网站地址（如 https://www.example.gov.cn/lianluo/）",
            None,
            init::parse_base_url,
        )?,
    };
    let terms = if args.terms.is_empty() {
        vec![ask(
            input,
            out,
            "本届（ID:开始日期:结束日期，如 14:2023-01-13:2028-01-12）",
            None,
            init::parse_term,
        )?]
    } else {
        args.terms.clone()
    };
    Ok(Settings {
        body,
        title,
        base_url,
        terms,
        profile: args.profile.clone().unwrap_or_default(),
    })
}

fn ask<T>(
    input: &mut impl BufRead,
    out: &mut impl Write,
    question: &str,
    default: Option<&str>,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<T, String> {
    loop {
        let shown = match default {
            Some(default) => format!("{question} [{default}]: "),
            None => format!("{question}: "),
        };
        // A prompt that cannot be shown is still answered: the terminal is the one read.
        let _ = write!(out, "{shown}");
        let _ = out.flush();
        let mut line = String::new();
        let read = input
            .read_line(&mut line)
            .map_err(|e| format!("无法读取输入：{e}"))?;
        if read == 0 {
            return Err(format!("输入已结束，没有回答“{question}”（end of input）"));
        }
        let answer = match (line.trim(), default) {
            ("", Some(default)) => default,
            (answer, _) => answer,
        };
        match parse(answer) {
            Ok(value) => return Ok(value),
            Err(why) => {
                let _ = writeln!(out, "  {why}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn args(line: &[&str]) -> InitArgs {
        let mut argv = vec!["lianluo", "init"];
        argv.extend_from_slice(line);
        match super::super::Cli::parse_from(argv).command {
            super::super::Command::Init(args) => args,
            _ => panic!("not init"),
        }
    }

    #[test]
    fn asks_for_what_is_missing_again_until_valid_and_takes_the_default_title() {
        let given = args(&["new-portal", "--body", "某市人民代表大会常务委员会"]);
        let mut input =
            "\nexample.gov.cn\nhttps://example.gov.cn/lianluo\n14:2023-01-13:2028-01-12\n"
                .as_bytes();
        let mut shown = Vec::new();
        let settings = ask_missing(&given, &mut input, &mut shown).unwrap();
        let shown = String::from_utf8(shown).unwrap();
        assert_eq!(
            settings.title,
            "某市人民代表大会常务委员会联系代表工作公开平台"
        );
        assert_eq!(settings.base_url, "https://example.gov.cn/lianluo/");
        assert_eq!(settings.terms[0].name, "第十四届");
        assert!(!shown.contains("常委会全称"), "the body was given: {shown}");
        assert_eq!(
            shown.matches("网站地址（如").count(),
            2,
            "asked again: {shown}"
        );
        assert!(shown.contains("不是网站地址"), "{shown}");
    }

    #[test]
    fn the_end_of_input_is_an_error_not_a_loop() {
        let given = args(&[]);
        let why = ask_missing(&given, &mut "".as_bytes(), &mut Vec::new()).unwrap_err();
        assert!(why.contains("常委会全称"), "{why}");
    }

    #[test]
    fn without_a_terminal_every_missing_flag_is_named() {
        let why = from_flags(&args(&["--title", "某平台"])).err().unwrap();
        for flag in ["--body", "--base-url", "--term"] {
            assert!(why.contains(flag), "{why}");
        }
        let settings = from_flags(&args(&[
            "--body",
            "某县人民代表大会常务委员会",
            "--base-url",
            "https://example.gov.cn/",
            "--term",
            "18:2021-10-01:2026-09-30",
            "--term",
            "19:2026-10-01:2031-09-30",
        ]))
        .unwrap();
        assert_eq!(
            settings.title,
            "某县人民代表大会常务委员会联系代表工作公开平台"
        );
        assert_eq!(settings.terms.len(), 2);
    }
}
