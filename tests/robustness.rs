//! Damaged files never crash the loader: every file of the bundled sample and of the test
//! fixture is truncated, garbled and replaced by random bytes, and each version must give a
//! diagnostic (never a panic) pointing inside the file.

mod common;

use std::path::{Path, PathBuf};

use lianluo::diag::{Code, Diagnostic};
use lianluo::model::check_file;

fn files(root: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(root)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, std::fs::read(entry.path()).expect("read")));
        }
    }
    out
}

fn roots() -> Vec<PathBuf> {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    vec![sample, common::fixture("minimal")]
}

/// Diagnostics for a damaged version; asserts they point inside the file.
fn diagnose(rel: &str, bytes: &[u8], what: &str) -> Vec<Diagnostic> {
    let Some(diags) = check_file(rel, bytes.to_vec()) else {
        return Vec::new();
    };
    let lines = bytes.split(|b| *b == b'\n').count() as u32;
    for d in &diags {
        assert!(
            d.line >= 1 && d.line <= lines + 1,
            "{what} of {rel}: line {} outside the file ({lines} lines): {d:?}",
            d.line
        );
        assert_eq!(d.file, rel);
    }
    diags
}

fn errors(diags: &[Diagnostic]) -> Vec<&Diagnostic> {
    diags.iter().filter(|d| d.is_error()).collect()
}

#[test]
fn every_sample_file_is_valid_on_its_own() {
    for root in roots() {
        for (rel, bytes) in files(&root) {
            let diags = diagnose(&rel, &bytes, "original");
            assert!(errors(&diags).is_empty(), "{rel}: {diags:?}");
        }
    }
}

#[test]
fn truncated_files_never_panic_and_unclosed_front_matter_is_an_error() {
    for root in roots() {
        for (rel, bytes) in files(&root) {
            let front_end = if rel.ends_with(".md") && rel != "regulation.md" {
                // Byte offset of the closing fence: cutting before it loses the fence.
                String::from_utf8_lossy(&bytes)
                    .match_indices("\n---")
                    .next()
                    .map(|(i, _)| i)
            } else {
                None
            };
            for cut in [
                1,
                bytes.len() / 3,
                bytes.len() / 2,
                bytes.len().saturating_sub(2),
                bytes.len().saturating_sub(1),
            ] {
                if cut == 0 || cut >= bytes.len() {
                    continue;
                }
                let diags = diagnose(&rel, &bytes[..cut], "truncation");
                if front_end.is_some_and(|end| cut <= end) {
                    assert!(
                        !errors(&diags).is_empty(),
                        "{rel} cut at {cut} lost its closing fence but passed"
                    );
                }
                if std::str::from_utf8(&bytes[..cut]).is_err() {
                    assert!(
                        errors(&diags).iter().any(|d| d.code == Code::YamlSyntax),
                        "{rel} cut mid-character at {cut}"
                    );
                }
            }
        }
    }
}

#[test]
fn garbled_files_are_errors() {
    for root in roots() {
        for (rel, bytes) in files(&root) {
            if rel == "regulation.md" {
                continue; // plain Markdown: any text is valid
            }
            let text = String::from_utf8(bytes.clone()).expect("sample is UTF-8");
            let mut invalid = bytes.clone();
            invalid.insert(bytes.len() / 2, 0xFF);
            let variants: Vec<(&str, Vec<u8>)> = vec![
                ("an invalid byte", invalid),
                // A Chinese input method's full-width colon instead of `:`.
                ("full-width colons", text.replace(": ", "：").into_bytes()),
                (
                    "tab indentation",
                    text.replace("\n  ", "\n\t")
                        .replace(": ", ":\t[")
                        .into_bytes(),
                ),
                (
                    "unbalanced brackets",
                    text.replace(['}', ']'], "")
                        .replace(": ", ": {")
                        .into_bytes(),
                ),
            ];
            for (what, damaged) in variants {
                if damaged == bytes {
                    continue;
                }
                let diags = diagnose(&rel, &damaged, what);
                assert!(
                    !errors(&diags).is_empty(),
                    "{rel} with {what} passed: {}",
                    String::from_utf8_lossy(&damaged)
                );
            }
        }
    }
}

#[test]
fn random_bytes_are_errors() {
    let mut rng = fastrand::Rng::with_seed(20261125);
    for root in roots() {
        for (rel, _) in files(&root) {
            if rel == "regulation.md" {
                continue;
            }
            for len in [0usize, 1, 7, 64, 700] {
                let bytes: Vec<u8> = (0..len).map(|_| rng.u8(..)).collect();
                let diags = diagnose(&rel, &bytes, "random bytes");
                assert!(
                    !errors(&diags).is_empty(),
                    "{rel}: {len} random bytes passed"
                );
            }
            // Random printable ASCII is valid UTF-8 and exercises the YAML parser itself.
            for len in [3usize, 40, 400] {
                let bytes: Vec<u8> = (0..len).map(|_| rng.u8(b' '..=b'~')).collect();
                diagnose(&rel, &bytes, "random text");
            }
        }
    }
}
