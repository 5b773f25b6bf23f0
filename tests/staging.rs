//! A build killed (SIGKILL) at any moment leaves the output whole, the old one or the
//! complete new one, never a mix; the next build removes the staging folders killed builds
//! left beside it; a second build of an output being built is refused with a clear message.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use common::{lianluo, lianluo_ok, sample};

/// Every file under `root` (hidden ones too): relative path → bytes.
fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.expect("walk"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap().display().to_string();
            (rel, std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

fn build_args<'a>(out: &'a str, as_of: &'a str, content: &'a str) -> [&'a str; 8] {
    [
        "build",
        "--quiet",
        "--content",
        content,
        "--output",
        out,
        "--as-of",
        as_of,
    ]
}

fn build(out: &Path, as_of: &str) {
    let (out, content) = (out.display().to_string(), sample());
    lianluo_ok(&build_args(&out, as_of, &content));
}

/// The folders beside the output that a build made and did not remove.
fn leftovers(root: &Path) -> Vec<String> {
    std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".output.staging-") || n.starts_with(".output.old-"))
        .collect()
}

const OLD: &str = "2026-11-24";
const NEW: &str = "2026-11-25";

#[test]
fn a_killed_build_leaves_one_whole_output_and_the_next_build_cleans_up() {
    let root = tempfile::TempDir::new().unwrap();
    let out = root.path().join("output");
    build(&out, OLD);
    let old = tree(&out);
    let reference = root.path().join("reference");
    let started = Instant::now();
    build(&reference, NEW);
    let duration = started.elapsed();
    let new = tree(&reference);
    assert_ne!(old, new, "the two dates give different sites");

    const KILLS: u32 = 8;
    let (mut kept_old, mut got_new, mut left) = (0, 0, 0);
    for i in 0..KILLS {
        // Each kill starts from the old output (a build of it also clears what the last
        // kill left beside it).
        if tree(&out) != old {
            build(&out, OLD);
            assert_eq!(tree(&out), old);
            assert_eq!(leftovers(root.path()), Vec::<String>::new());
        }
        // Kills spread over a whole build's time.
        let delay = duration * (2 * i + 1) / (2 * KILLS);
        let before = leftovers(root.path());
        let (out_arg, content) = (out.display().to_string(), sample());
        let mut child = Command::new(env!("CARGO_BIN_EXE_lianluo"))
            .args(build_args(&out_arg, NEW, &content))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let now = tree(&out);
        if now == old {
            kept_old += 1;
        } else if now == new {
            got_new += 1;
        } else {
            let mixed: Vec<_> = now
                .iter()
                .filter(|(path, bytes)| {
                    old.get(*path) != Some(bytes) && new.get(*path) != Some(bytes)
                })
                .map(|(path, _)| path)
                .take(5)
                .collect();
            panic!("killed after {delay:?}: the output is neither the old nor the new: {mixed:?}");
        }
        left += leftovers(root.path())
            .iter()
            .filter(|l| !before.contains(l))
            .count();
    }
    eprintln!(
        "{KILLS} kills over a {duration:?} build: old output intact {kept_old}, new output complete {got_new}; {left} of them left a staging folder"
    );
    assert_eq!(kept_old + got_new, KILLS);

    // The next build removes what the killed one left, and leaves only its output.
    build(&out, NEW);
    assert_eq!(tree(&out), new);
    assert_eq!(leftovers(root.path()), Vec::<String>::new());
}

#[test]
fn a_second_build_of_an_output_being_built_is_refused() {
    let root = tempfile::TempDir::new().unwrap();
    let out = root.path().join("output");
    build(&out, OLD);
    let before = tree(&out);
    // A build running: it holds the output's lock.
    let lock = std::fs::File::options()
        .write(true)
        .open(root.path().join(".output.lock"))
        .unwrap();
    lock.try_lock().unwrap();
    let (out_arg, content) = (out.display().to_string(), sample());
    let refused = lianluo(&build_args(&out_arg, NEW, &content));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(refused.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("正在生成") && stderr.contains("another build is writing this output"),
        "{stderr}"
    );
    assert_eq!(tree(&out), before, "the output is untouched");
    assert!(leftovers(root.path()).is_empty());
    // Once the first has finished, the next build goes ahead.
    drop(lock);
    build(&out, NEW);
    assert_ne!(tree(&out), before);
}
