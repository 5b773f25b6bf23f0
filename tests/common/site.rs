//! A built site's files and the check of its links, shared by the tests that build one.

use std::collections::BTreeMap;
use std::path::Path;

/// Every file of a folder: relative path → bytes.
pub fn snapshot(root: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let rel = entry
                .path()
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            files.insert(rel, std::fs::read(entry.path()).expect("read"));
        }
    }
    files
}

pub fn attribute_values<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| html[i + needle.len()..].split('"').next())
        .collect()
}

/// Checks every `href` and `src` of every page of a built site; returns how many.
pub fn check_links(out: &Path, base_path: &str) -> usize {
    let files = snapshot(out);
    let mut checked = 0;
    for (rel, bytes) in &files {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes.clone()).expect("UTF-8 page");
        let here = Path::new(rel)
            .parent()
            .unwrap_or(Path::new(""))
            .to_path_buf();
        for link in attribute_values(&html, "href")
            .into_iter()
            .chain(attribute_values(&html, "src"))
        {
            let link = link.replace("&amp;", "&");
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with("mailto:")
            {
                continue;
            }
            let (path, fragment) = link
                .split_once('#')
                .map_or((link.as_str(), None), |(p, f)| (p, Some(f)));
            let target = if path.is_empty() {
                rel.clone()
            } else if let Some(from_root) = path.strip_prefix(base_path) {
                from_root.to_string()
            } else {
                let mut parts: Vec<String> = here
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                for part in path.split('/') {
                    match part {
                        ".." => assert!(parts.pop().is_some(), "{rel}: {link} leaves the site"),
                        "." | "" => {}
                        p => parts.push(p.to_string()),
                    }
                }
                parts.join("/")
            };
            let target_bytes = files
                .get(&target)
                .unwrap_or_else(|| panic!("{rel}: link {link} → {target} does not exist"));
            if let Some(id) = fragment {
                let page = String::from_utf8_lossy(target_bytes);
                assert!(
                    page.contains(&format!("id=\"{id}\"")),
                    "{rel}: link {link}: no id {id} in {target}"
                );
            }
            checked += 1;
        }
    }
    checked
}
