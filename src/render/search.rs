//! The full-text search index: Pagefind, embedded as a library, over the rendered pages.
//!
//! The theme decides what is searchable: a page is indexed when its HTML marks a region with
//! `data-pagefind-body` (the record pages: deputies, members, groups, meetings, events, the
//! regulation, the explanatory pages), and its filters come from `data-pagefind-filter`
//! attributes. Listings, dashboards and the 404 page carry no such region and stay out, so
//! results lead to the page about a thing, not to every table that names it. Only rendered
//! public HTML is indexed: whatever the site does not show, the index cannot hold.
//!
//! The index is written under `pagefind/` with Pagefind's Component UI (`search/index.html`
//! uses it). Pages are added in path order, so the same site gives the same index bytes.
//!
//! A national-scale site (more than [`PART_PAGES`] searchable pages) gets its index in parts:
//! Pagefind's library reads one page at a time and holds the whole index in memory (31 s and
//! 3.4 GB for 37,000 pages), so the pages are dealt round-robin into parts of at most
//! [`PART_PAGES`], which are built one per thread of the pool the index runs on (a national
//! build gives it one thread, beside the reports: [`crate::build`]), and merged in the reader's
//! browser (Pagefind's `mergeIndex`: results sorted by score, filter counts summed). The first
//! part is `pagefind/`, the others `pagefind/part-2/`, `pagefind/part-3/`…, and
//! `pagefind/lianluo-parts.json` lists them for the search page's script. Dealing the pages
//! round-robin gives every part the same mix of pages, so the parts' scores compare.

use std::collections::BTreeMap;

use rayon::prelude::*;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

use crate::output::Sink;

/// The folder of the index and of Pagefind's scripts, under the site's root.
pub const BUNDLE_DIR: &str = "pagefind";

/// The file, in [`BUNDLE_DIR`], listing the other parts of the index (folders relative to it).
pub const PARTS_FILE: &str = "lianluo-parts.json";

/// The most pages in one part of the index (above it, the index is built in parts). At L
/// (37,170 searchable pages), parts of 5,000 took as long as parts of 10,000 and held a
/// national build's peak at 1.75 GB instead of 1.99 GB; a search then reads eight parts.
pub const PART_PAGES: usize = 5_000;

/// The attribute that makes a page searchable.
pub const BODY_MARKER: &str = "data-pagefind-body";

/// What indexing wrote: its files (paths under the site's root, sorted) and figures.
pub struct SearchIndex {
    pub files: Vec<String>,
    pub pages: usize,
    pub words: u64,
}

/// Indexes the given pages (site-relative path → the page's [`searched_part`]), in parts of at
/// most `part_pages` pages, and writes the index files to `out`, each part's as soon as it is
/// built (a part's files are not held while the next parts are built).
pub fn index(pages: BTreeMap<String, String>, part_pages: usize, out: &dyn Sink) -> Result<SearchIndex, String> {
    let count = pages.len();
    let parts = count.div_ceil(part_pages.max(1)).max(1);
    let mut dealt: Vec<Vec<(String, String)>> = (0..parts).map(|_| Vec::with_capacity(count / parts + 1)).collect();
    for (n, page) in pages.into_iter().enumerate() {
        dealt[n % parts].push(page);
    }
    // One part per thread of the pool at a time: a part's pages are read one after another
    // by Pagefind.
    let built: Vec<Result<(Vec<String>, u64), String>> = dealt
        .into_par_iter()
        .with_max_len(1)
        .enumerate()
        .map(|(n, pages)| {
            let (files, words) = index_part(pages, &part_dir(n))?;
            let mut paths = Vec::with_capacity(files.len());
            for (path, bytes) in files {
                out.write(&path, &bytes).map_err(|e| format!("writing {path}: {e}"))?;
                paths.push(path);
            }
            Ok((paths, words))
        })
        .collect();
    let (mut files, mut words) = (Vec::new(), 0u64);
    for part in built {
        let (part_files, part_words) = part?;
        files.extend(part_files);
        words += part_words;
    }
    let others: Vec<String> = (1..parts).map(|n| format!("{}/", part_name(n))).collect();
    let listing = serde_json::to_vec(&others).map_err(|e| format!("search index: {e}"))?;
    let listing_path = format!("{BUNDLE_DIR}/{PARTS_FILE}");
    out.write(&listing_path, &listing).map_err(|e| format!("writing {listing_path}: {e}"))?;
    files.push(listing_path);
    files.sort();
    Ok(SearchIndex { files, pages: count, words })
}

/// The folder of part `n` (from 0) under the site's root: `pagefind`, `pagefind/part-2`…
fn part_dir(n: usize) -> String {
    if n == 0 { BUNDLE_DIR.to_string() } else { format!("{BUNDLE_DIR}/{}", part_name(n)) }
}

/// The folder of part `n` (from 1) in the first part's: `part-2`, `part-3`…
fn part_name(n: usize) -> String {
    format!("part-{}", n + 1)
}

/// Pagefind's scripts and styles for readers: the first part carries them, the others only
/// their index (merged by the first part's script).
fn is_reader_script(file: &str) -> bool {
    file.starts_with("pagefind-ui.") || file.starts_with("pagefind-modular-ui.") || file.starts_with("pagefind-component-ui.") || file == "pagefind-highlight.js"
}

/// What Pagefind needs of a page whose `<main>` is its searchable region: the head (title,
/// language, the filters' `<meta>` tags) and the `<main>` element, without the site's header,
/// menu and footer, which Pagefind would parse element by element only to leave them out (a
/// third of the bytes, and at L, with 37,000 pages, a second of indexing). A page whose
/// searchable region is elsewhere (a changed theme) is kept whole.
///
/// Pages are cut as they are rendered: a build holds every searchable page until the index is
/// made, and the part is a third smaller than the page and exactly as long as it needs to be
/// (a page is rendered into a 32 KB buffer; at L, 37,000 of them).
pub fn searched_part(mut html: String) -> String {
    let region = (|| {
        let body = html.find("<body")?;
        let body_end = body + html[body..].find('>')? + 1;
        let main = html.find("<main")?;
        let main_tag_end = main + html[main..].find('>')?;
        let main_end = html.rfind("</main>")? + "</main>".len();
        let single = html[main + 1..].find("<main").is_none_or(|other| main + 1 + other > main_end);
        (single && main > body_end && main_end > main_tag_end && html[main..main_tag_end].contains(BODY_MARKER)).then_some((body_end, main, main_end))
    })();
    match region {
        Some((body_end, main, main_end)) => {
            let mut part = String::with_capacity(body_end + (main_end - main) + 16);
            part.push_str(&html[..body_end]);
            part.push_str(&html[main..main_end]);
            part.push_str("</body></html>");
            part
        }
        None => {
            html.shrink_to_fit();
            html
        }
    }
}

/// One Pagefind index over `pages`, in their order: its files under `dir`, and its words.
fn index_part(pages: Vec<(String, String)>, dir: &str) -> Result<(Vec<(String, Vec<u8>)>, u64), String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| format!("search index: cannot start the indexer: {e}"))?;
    runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            // Links on the site always name the file; keep `index.html` in result URLs so
            // the site also works from hosts that do not map folders to index files.
            .keep_index_url(true)
            .force_language("zh-cn".to_string())
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| format!("search index: {e}"))?;
        let mut words = 0u64;
        for (path, html) in pages {
            let added = index
                .add_html_file(Some(path.clone()), None, html)
                .await
                .map_err(|e| format!("search index: cannot index {path}: {e}"))?;
            words += u64::from(added.page_word_count);
        }
        let files = index.get_files().await.map_err(|e| format!("search index: {e}"))?;
        let first = dir == BUNDLE_DIR;
        let files = files
            .into_iter()
            .filter_map(|file| {
                let rel = file.filename.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
                (first || !is_reader_script(&rel)).then(|| (format!("{dir}/{rel}"), file.contents))
            })
            .collect();
        Ok((files, words))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(n: usize) -> String {
        format!(
            r#"<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>代表{n}</title><meta data-pagefind-filter="类别[content]" content="代表"><link rel="stylesheet" href="/style.css"></head>
<body><header class="site-header"><a href="/">联系代表工作公开平台</a><form><input name="q" placeholder="搜索"></form><nav><a href="/deputies/">代表</a><a href="/meetings/">会议</a></nav></header>
<main id="main" class="wrap" data-pagefind-body><h1>韦明{n}</h1><p id="about">基层代表，参加执法检查和专题调研。</p><section data-pagefind-ignore><h2>列席会议</h2><p>第十四届第{n}次会议</p></section></main>
<footer class="site-footer"><p>数据截至 2026年11月25日</p><a href="/data/">开放数据</a></footer></body></html>"#
        )
    }

    #[test]
    fn the_searched_part_keeps_the_head_and_the_main_region() {
        let part = searched_part(page(1));
        assert!(part.starts_with("<!doctype html><html lang=\"zh-CN\"><head>") && part.contains("data-pagefind-filter"));
        assert!(part.contains("<main id=\"main\" class=\"wrap\" data-pagefind-body><h1>韦明1</h1>") && part.ends_with("</main></body></html>"));
        assert!(!part.contains("site-header") && !part.contains("site-footer"));
        // A searchable region other than <main> (a changed theme): the page is kept whole.
        let elsewhere = page(1).replace(" data-pagefind-body>", ">").replace("<footer class", "<footer data-pagefind-body class");
        assert_eq!(searched_part(elsewhere.clone()), elsewhere);
        // Tags out of order (a broken theme) keep the page whole, never panic.
        let broken = "<html><body></main><main data-pagefind-body><h1>x</h1>".to_string();
        assert_eq!(searched_part(broken.clone()), broken);
    }

    #[test]
    fn the_index_of_the_searched_parts_is_the_index_of_the_whole_pages() {
        let pages: Vec<(String, String)> = (1..=5).map(|n| (format!("deputies/d{n}/index.html"), page(n))).collect();
        let (whole, words) = index_part(pages.clone(), BUNDLE_DIR).expect("index of whole pages");
        let parts: Vec<(String, String)> = pages.into_iter().map(|(path, html)| (path, searched_part(html))).collect();
        let (searched, searched_words) = index_part(parts, BUNDLE_DIR).expect("index of the searched parts");
        assert!(words > 0 && words == searched_words);
        assert_eq!(whole.len(), searched.len());
        for ((path, bytes), (searched_path, searched_bytes)) in whole.iter().zip(&searched) {
            assert_eq!(path, searched_path);
            assert!(bytes == searched_bytes, "{path} differs");
        }
    }
}
