//! Helpers shared by the integration tests: content folders made from the `minimal` fixture
//! with some files changed, added or removed.
#![allow(dead_code)]

pub mod history;
pub mod preview;

use std::path::{Path, PathBuf};

pub mod site;

use lianluo::Loaded;
use lianluo::diag::Code;
use tempfile::TempDir;

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
        .join("content")
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk fixture");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A copy of the `minimal` fixture with `files` written over it (`None` removes a file).
pub fn site_with(files: &[(&str, Option<&[u8]>)]) -> TempDir {
    let dir = TempDir::new().expect("tempdir");
    copy_dir(&fixture("minimal"), dir.path());
    for (rel, content) in files {
        let path = dir.path().join(rel);
        match content {
            Some(bytes) => {
                std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
                std::fs::write(&path, bytes).expect("write");
            }
            None => std::fs::remove_file(&path).expect("remove"),
        }
    }
    dir
}

/// A copy of the `minimal` fixture with text files written over it.
pub fn site(files: &[(&str, &str)]) -> TempDir {
    let files: Vec<(&str, Option<&[u8]>)> = files
        .iter()
        .map(|(p, t)| (*p, Some(t.as_bytes())))
        .collect();
    site_with(&files)
}

pub fn load(dir: &Path) -> Loaded {
    lianluo::load(dir).expect("content folder readable")
}

/// (code, file, line) of every error.
pub fn errors(loaded: &Loaded) -> Vec<(Code, String, u32)> {
    loaded
        .errors()
        .map(|d| (d.code, d.file.clone(), d.line))
        .collect()
}

pub fn date(text: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
}

/// Runs the `lianluo` binary with a clean environment (no SOURCE_DATE_EPOCH, no colour).
pub fn lianluo(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_lianluo"))
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .env("NO_COLOR", "1")
        .output()
        .expect("run lianluo")
}

/// Runs lianluo and asserts that it succeeded, showing what it said on standard error if not.
pub fn lianluo_ok(args: &[&str]) -> std::process::Output {
    let out = lianluo(args);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The bundled sample content folder, as a command-line argument.
pub fn sample() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("content")
        .display()
        .to_string()
}
