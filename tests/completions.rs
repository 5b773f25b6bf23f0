//! `lianluo completions` and `lianluo man`: bash, sourcing the script, completes `lianluo bu`
//! to `build`; the manual page is roff that `man` renders, listing every command.

mod common;

use std::process::Command;

use common::lianluo;

fn completions(shell: &str) -> String {
    let out = lianluo(&["completions", shell]);
    assert_eq!(out.status.code(), Some(0), "{shell}");
    String::from_utf8(out.stdout).unwrap()
}

/// What bash's completion function offers for the words of a command line, the last being
/// the word under the cursor.
fn bash_complete(script: &str, words: &[&str]) -> Vec<String> {
    let dir = tempfile::TempDir::new().unwrap();
    let file = dir.path().join("lianluo.bash");
    std::fs::write(&file, script).unwrap();
    let line = words.join(" ");
    let driver = format!(
        r#"source "$1" || exit 3
COMP_WORDS=({words})
COMP_CWORD={cword}
COMP_LINE='{line}'
COMP_POINT=${{#COMP_LINE}}
complete -p lianluo >/dev/null || exit 4
_lianluo lianluo "${{COMP_WORDS[COMP_CWORD]}}" "${{COMP_WORDS[COMP_CWORD-1]}}"
printf '%s\n' "${{COMPREPLY[@]}}""#,
        words = words.join(" "),
        cword = words.len() - 1,
    );
    let out = Command::new("bash")
        .args(["--norc", "--noprofile", "-c", &driver, "bash"])
        .arg(&file)
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "bash: {:?} {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn bash_completes_a_command_and_a_flag() {
    let script = completions("bash");
    assert_eq!(bash_complete(&script, &["lianluo", "bu"]), ["build"]);
    assert_eq!(bash_complete(&script, &["lianluo", "in"]), ["init"]);
    assert_eq!(
        bash_complete(&script, &["lianluo", "init", "--base"]),
        ["--base-url"]
    );
    let all = bash_complete(&script, &["lianluo", ""]);
    for command in [
        "init",
        "check",
        "build",
        "changes",
        "report",
        "serve",
        "new",
        "completions",
        "import",
        "export",
    ] {
        assert!(all.iter().any(|c| c == command), "{command} in {all:?}");
    }
}

#[test]
fn zsh_and_fish_scripts_name_every_command() {
    for shell in ["zsh", "fish"] {
        let script = completions(shell);
        for command in ["init", "check", "build", "report", "serve", "new"] {
            assert!(script.contains(command), "{shell}: {command}");
        }
        // Where the shell is installed, its own parser reads the script.
        if let Ok(out) = Command::new(shell)
            .arg("-n")
            .arg("-c")
            .arg(&script)
            .output()
        {
            assert!(
                out.status.success(),
                "{shell} -n: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    let bad = lianluo(&["completions", "tcsh"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn the_manual_page_lists_every_command_and_man_renders_it() {
    let out = lianluo(&["man"]);
    assert_eq!(out.status.code(), Some(0));
    let roff = String::from_utf8(out.stdout).unwrap();
    assert!(roff.contains(".TH lianluo 1"));
    for command in [
        "init",
        "check",
        "build",
        "report",
        "serve",
        "new",
        "completions",
    ] {
        assert!(roff.contains(&format!("lianluo\\-{command}")), "{command}");
    }
    // Hidden commands stay out of the help.
    let help = String::from_utf8(lianluo(&["--help"]).stdout).unwrap();
    assert!(
        help.contains("init") && !help.contains("\n  man "),
        "{help}"
    );

    // One page per command, with its options, as the package installs them.
    let dir = tempfile::TempDir::new().unwrap();
    let pages = dir.path().join("man");
    let written = lianluo(&["man", "--dir", &pages.display().to_string()]);
    assert_eq!(written.status.code(), Some(0));
    let mut names: Vec<String> = std::fs::read_dir(&pages)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "lianluo-build.1",
            "lianluo-changes.1",
            "lianluo-check.1",
            "lianluo-completions.1",
            "lianluo-export.1",
            "lianluo-import.1",
            "lianluo-init.1",
            "lianluo-new.1",
            "lianluo-report.1",
            "lianluo-serve.1",
            "lianluo.1"
        ]
    );
    assert_eq!(
        std::fs::read_to_string(pages.join("lianluo.1")).unwrap(),
        roff
    );
    let init = std::fs::read_to_string(pages.join("lianluo-init.1")).unwrap();
    assert!(
        init.contains("\\-\\-base\\-url") && init.contains("\\-\\-term"),
        "{init}"
    );
    let page = pages.join("lianluo-init.1");
    let Ok(rendered) = Command::new("man")
        .arg("-l")
        .arg(&page)
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "100")
        .env("LANG", "C.UTF-8")
        .output()
    else {
        eprintln!("note: man is not installed; the page is checked as roff only");
        return;
    };
    let text = String::from_utf8_lossy(&rendered.stdout);
    assert!(
        rendered.status.success(),
        "{}",
        String::from_utf8_lossy(&rendered.stderr)
    );
    assert!(
        text.contains("lianluo-init") && text.contains("--base-url"),
        "{text}"
    );
}
