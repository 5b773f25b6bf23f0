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
//! Pagefind's library reads one page at a time and holds the whole index in memory, so the
//! pages are dealt round-robin into parts of at most [`PART_PAGES`], which are built one per
//! thread of the pool the index runs on (a national build gives it one thread, beside the
//! reports: `crate::pipeline`), and merged in the reader's
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

/// The most pages in one part of the index (above it, the index is built in parts): smaller
/// parts hold less memory while they are built, and took no longer (docs/performance.md).
pub const PART_PAGES: usize = 5_000;

/// The attribute that makes a page searchable.
pub const BODY_MARKER: &str = "data-pagefind-body";

/// What indexing wrote: its files (paths under the site's root, sorted) and figures.
pub struct Indexed {
    pub files: Vec<String>,
    pub pages: usize,
    pub words: u64,
}

/// Indexes the given pages (site-relative path → the page's [`searched_part`]), in parts of at
/// most `part_pages` pages, and writes the index files to `out`, each part's as soon as it is
/// built (a part's files are not held while the next parts are built).
pub fn index(
    pages: BTreeMap<String, String>,
    part_pages: usize,
    out: &dyn Sink,
) -> Result<Indexed, String> {
    let count = pages.len();
    let parts = count.div_ceil(part_pages.max(1)).max(1);
    let mut dealt: Vec<Vec<(String, String)>> = (0..parts)
        .map(|_| Vec::with_capacity(count / parts + 1))
        .collect();
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
                out.write(&path, &bytes)
                    .map_err(|e| format!("writing {path}: {e}"))?;
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
    out.write(&listing_path, &listing)
        .map_err(|e| format!("writing {listing_path}: {e}"))?;
    files.push(listing_path);
    files.sort();
    Ok(Indexed {
        files,
        pages: count,
        words,
    })
}

/// The folder of part `n` (from 0) under the site's root: `pagefind`, `pagefind/part-2`…
fn part_dir(n: usize) -> String {
    if n == 0 {
        BUNDLE_DIR.to_string()
    } else {
        format!("{BUNDLE_DIR}/{}", part_name(n))
    }
}

/// The folder of part `n` (from 1) in the first part's: `part-2`, `part-3`…
fn part_name(n: usize) -> String {
    format!("part-{}", n + 1)
}

/// Pagefind's scripts and styles for readers: the first part carries them, the others only
/// their index (merged by the first part's script).
fn is_reader_script(file: &str) -> bool {
    file.starts_with("pagefind-ui.")
        || file.starts_with("pagefind-modular-ui.")
        || file.starts_with("pagefind-component-ui.")
        || file == "pagefind-highlight.js"
}

/// What Pagefind needs of a page whose `<main>` is its searchable region: the head (title,
/// language, the filters' `<meta>` tags) and the `<main>` element, without the site's header,
/// menu and footer, which Pagefind would parse element by element only to leave them out (a
/// third of the bytes). A page whose
/// searchable region is elsewhere (a changed theme) is kept whole.
///
/// Within `<main>`, the elements marked `data-pagefind-ignore` are left out too (see
/// [`push_without_ignored`]): a deputy's page is mostly the tables of their record of duty,
/// which the page shows and the index leaves out: most of the bytes Pagefind would parse.
///
/// Pages are cut as they are rendered: a build holds every searchable page until the index is
/// made, and the part is far smaller than the page and exactly as long as it needs to be (a
/// page is rendered into a generous buffer).
pub fn searched_part(mut html: String) -> String {
    let region = (|| {
        let body = html.find("<body")?;
        let body_end = body + html[body..].find('>')? + 1;
        let main = html.find("<main")?;
        let main_tag_end = main + html[main..].find('>')?;
        let main_end = html.rfind("</main>")? + "</main>".len();
        let single = html[main + 1..]
            .find("<main")
            .is_none_or(|other| main + 1 + other > main_end);
        (single
            && main > body_end
            && main_end > main_tag_end
            && html[main..main_tag_end].contains(BODY_MARKER))
        .then_some((body_end, main, main_end))
    })();
    match region {
        Some((body_end, main, main_end)) => {
            let mut part = String::with_capacity(body_end + (main_end - main) + 16);
            part.push_str(&html[..body_end]);
            push_without_ignored(&mut part, &html[main..main_end]);
            part.push_str("</body></html>");
            part.shrink_to_fit();
            part
        }
        None => {
            html.shrink_to_fit();
            html
        }
    }
}

/// The attribute that keeps an element's text out of the index.
const IGNORE_MARKER: &str = "data-pagefind-ignore";

/// Elements that may be left out whole: their end tag is never implied, so the element ends
/// where its matching end tag is.
const CUT_ELEMENTS: &[&str] = &[
    "article", "aside", "details", "div", "dl", "figure", "nav", "ol", "section", "table", "ul",
];

/// Pushes `html` onto `out` without the elements marked `data-pagefind-ignore` whose removal
/// cannot change the index. Pagefind adds nothing of an ignored element's text to the page's
/// content, but it still reads some things inside one: filters, metadata and sort keys
/// (`data-pagefind-…` attributes), the first `<h1>` as the page's title. An element holding
/// any of those, or one whose end cannot be found for sure (an element whose end tag may be
/// implied, a comment or script left open), is kept for Pagefind to read. Element ids inside an
/// ignored element only number Pagefind's anchors there, and the numbers never reach the index.
/// `search::tests` checks that the index is byte for byte the same.
fn push_without_ignored(out: &mut String, html: &str) {
    let mut rest = html;
    while let Some(at) = rest.find(IGNORE_MARKER) {
        let after = at + IGNORE_MARKER.len();
        match ignored_element(rest, at) {
            Some((start, end)) => {
                out.push_str(&rest[..start]);
                rest = &rest[end..];
            }
            None => {
                out.push_str(&rest[..after]);
                rest = &rest[after..];
            }
        }
    }
    out.push_str(rest);
}

/// The byte range of the element whose start tag holds the ignore marker found at `at`, when
/// it can be left out (see [`push_without_ignored`]).
fn ignored_element(html: &str, at: usize) -> Option<(usize, usize)> {
    let start = html[..at].rfind('<')?;
    if html[start..at].contains('>') {
        return None; // the marker is text, not an attribute
    }
    let name_end = start
        + 1
        + html[start + 1..].find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/')?;
    let name = &html[start + 1..name_end];
    if !CUT_ELEMENTS
        .iter()
        .any(|cut| cut.eq_ignore_ascii_case(name))
    {
        return None;
    }
    let tag_end = at + html[at..].find('>')? + 1;
    let end = matching_end(html, tag_end, name)?;
    let element = &html[start..end];
    let marker = at - start;
    let reads_inside = element[..marker].contains("data-pagefind-")
        || element[marker + IGNORE_MARKER.len()..].contains("data-pagefind-")
        || element.match_indices('<').any(|(tag, _)| {
            is_tag(&element[tag + 1..], "h1") || is_tag(&element[tag + 1..], "title")
        });
    (!reads_inside).then_some((start, end))
}

/// Where the element named `name`, whose start tag ends at `from`, ends: after its matching end
/// tag, counting the same elements nested in it, past comments, scripts and styles.
fn matching_end(html: &str, from: usize, name: &str) -> Option<usize> {
    let mut depth = 1usize;
    let mut at = from;
    while let Some(open) = html[at..].find('<') {
        let tag = at + open;
        let rest = &html[tag..];
        if rest.starts_with("<!--") {
            at = tag + rest.find("-->")? + 3;
        } else if let Some(raw) = ["script", "style"]
            .into_iter()
            .find(|raw| is_tag(&rest[1..], raw))
        {
            let close = format!("</{raw}");
            at = tag + 1 + find_ignoring_case(&rest[1..], &close)? + close.len();
        } else if rest.len() > 2 && rest.as_bytes()[1] == b'/' && is_tag(&rest[2..], name) {
            depth -= 1;
            at = tag + rest.find('>')? + 1;
            if depth == 0 {
                return Some(at);
            }
        } else {
            if is_tag(&rest[1..], name) {
                depth += 1;
            }
            at = tag + 1;
        }
    }
    None
}

/// Whether `text` begins with the tag name `name` (any case), followed by the end of the name.
fn is_tag(text: &str, name: &str) -> bool {
    text.len() > name.len()
        && text.as_bytes()[..name.len()].eq_ignore_ascii_case(name.as_bytes())
        && matches!(
            text.as_bytes()[name.len()],
            b'>' | b'/' | b' ' | b'\t' | b'\n' | b'\r' | b'\x0c'
        )
}

fn find_ignoring_case(text: &str, needle: &str) -> Option<usize> {
    text.as_bytes()
        .windows(needle.len())
        .position(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

/// One Pagefind index over `pages`, in their order: its files under `dir`, and its words.
/// The files of an index (path and bytes) and its number of words.
type PartFiles = (Vec<(String, Vec<u8>)>, u64);

fn index_part(pages: Vec<(String, String)>, dir: &str) -> Result<PartFiles, String> {
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
        let mut index =
            PagefindIndex::new(Some(config)).map_err(|e| format!("search index: {e}"))?;
        let mut words = 0u64;
        for (path, html) in pages {
            let added = index
                .add_html_file(Some(path.clone()), None, html)
                .await
                .map_err(|e| format!("search index: cannot index {path}: {e}"))?;
            words += u64::from(added.page_word_count);
        }
        let files = index
            .get_files()
            .await
            .map_err(|e| format!("search index: {e}"))?;
        let first = dir == BUNDLE_DIR;
        let files = files
            .into_iter()
            .filter_map(|file| {
                let rel = file
                    .filename
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                (first || !is_reader_script(&rel)).then(|| (format!("{dir}/{rel}"), file.contents))
            })
            .collect();
        Ok((files, words))
    })
}

/// The search index as an output of the build: heavy (Pagefind holds a part's whole index
/// while it builds it), and made from the pages the site rendered.
pub struct SearchIndex {
    part_pages: usize,
}

impl SearchIndex {
    pub fn new(part_pages: usize) -> SearchIndex {
        SearchIndex { part_pages }
    }
}

impl super::Output for SearchIndex {
    fn name(&self) -> &'static str {
        "search index"
    }

    fn progress(&self) -> &'static str {
        "建立搜索索引（search index）"
    }

    fn reads(&self) -> super::Reads {
        super::Reads::Rendered
    }

    fn heavy(&self) -> bool {
        true
    }

    fn write(
        &self,
        _: usize,
        input: &super::Input,
        sink: &dyn Sink,
    ) -> Result<super::Made, String> {
        let rendered = input.rendered()?;
        if !rendered.search_changed {
            return Ok(super::Made {
                indexed: rendered.searchable_count,
                ..super::Made::default()
            });
        }
        let index = index(rendered.take_searchable(), self.part_pages, sink)?;
        Ok(super::Made {
            indexed: index.pages,
            ..super::Made::default()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(n: usize) -> String {
        format!(
            r#"<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>代表{n}</title><meta data-pagefind-filter="类别[content]" content="代表"><link rel="stylesheet" href="/style.css"></head>
<body><header class="site-header"><a href="/">联系代表工作公开平台</a><form><input name="q" placeholder="搜索"></form><nav><a href="/deputies/">代表</a><a href="/meetings/">会议</a></nav></header>
<main id="main" class="wrap" data-pagefind-body><h1>韦明{n}</h1><p id="about">基层代表，参加执法检查和专题调研。</p><section data-pagefind-ignore><h2 id="meetings">列席会议</h2><p>第十四届第{n}次会议</p></section>
<div class="table-wrap" data-pagefind-ignore><div><!-- </div> --><table><tr><td id="o{n}">意见{n}</td><td><div>已反馈</div></td></tr></table></div></div><h2 id="groups">代表小组</h2><p>南宁市第{n}小组</p>
<section data-pagefind-ignore="all"><p data-pagefind-filter="地区">南宁</p></section><aside data-pagefind-ignore><span data-pagefind-meta="年度">2026</span></aside><p data-pagefind-ignore>联系电话</p></main>
<footer class="site-footer"><p>数据截至 2026年11月25日</p><a href="/data/">开放数据</a></footer></body></html>"#
        )
    }

    #[test]
    fn the_searched_part_keeps_the_head_and_the_main_region() {
        let part = searched_part(page(1));
        assert!(
            part.starts_with("<!doctype html><html lang=\"zh-CN\"><head>")
                && part.contains("data-pagefind-filter")
        );
        assert!(
            part.contains("<main id=\"main\" class=\"wrap\" data-pagefind-body><h1>韦明1</h1>")
                && part.ends_with("</main></body></html>")
        );
        assert!(!part.contains("site-header") && !part.contains("site-footer"));
        // A searchable region other than <main> (a changed theme): the page is kept whole.
        let elsewhere = page(1)
            .replace(" data-pagefind-body>", ">")
            .replace("<footer class", "<footer data-pagefind-body class");
        assert_eq!(searched_part(elsewhere.clone()), elsewhere);
        // Tags out of order (a broken theme) keep the page whole, never panic.
        let broken = "<html><body></main><main data-pagefind-body><h1>x</h1>".to_string();
        assert_eq!(searched_part(broken.clone()), broken);
    }

    #[test]
    fn ignored_elements_are_left_out_unless_pagefind_reads_inside_them() {
        let part = searched_part(page(7));
        // The ignored section and table, nested elements and a comment naming an end tag
        // included, are gone; the text between and after them stays.
        assert!(
            !part.contains("列席会议") && !part.contains("意见7") && !part.contains("已反馈"),
            "{part}"
        );
        assert!(part.contains("<p id=\"about\">基层代表，参加执法检查和专题调研。</p>\n<h2 id=\"groups\">代表小组</h2><p>南宁市第7小组</p>"), "{part}");
        // Pagefind reads filters and metadata inside ignored elements (not inside
        // `ignore="all"` ones, but those are kept too); a `<p>`'s end may be implied.
        assert!(part.contains(
            "<aside data-pagefind-ignore><span data-pagefind-meta=\"年度\">2026</span></aside>"
        ));
        assert!(part.contains("<section data-pagefind-ignore=\"all\"><p data-pagefind-filter=\"地区\">南宁</p></section>"));
        assert!(part.contains("<p data-pagefind-ignore>联系电话</p></main></body></html>"));
        // An element whose end cannot be found is kept, and so is everything after it.
        let mut kept = String::new();
        push_without_ignored(
            &mut kept,
            "<div data-pagefind-ignore><div>甲</div><!-- </div>",
        );
        assert_eq!(kept, "<div data-pagefind-ignore><div>甲</div><!-- </div>");
        // An `<h1>` inside an ignored element may be the page's title.
        let mut kept = String::new();
        push_without_ignored(
            &mut kept,
            "<section data-pagefind-ignore><H1>乙</H1></section><SECTION DATA-PAGEFIND-IGNORE>丙</SECTION>丁",
        );
        assert_eq!(
            kept,
            "<section data-pagefind-ignore><H1>乙</H1></section><SECTION DATA-PAGEFIND-IGNORE>丙</SECTION>丁"
        );
        // The marker as text is not an attribute.
        let mut kept = String::new();
        push_without_ignored(
            &mut kept,
            "<p>data-pagefind-ignore</p><div data-pagefind-ignore><DIV>戊</Div></div>己",
        );
        assert_eq!(kept, "<p>data-pagefind-ignore</p>己");
    }

    /// A random `<main>` body: text, headings with ids, nested elements ignored or not (in
    /// either case), filters and metadata inside ignored elements, comments naming end tags.
    fn random_body(rng: &mut fastrand::Rng, depth: u32, out: &mut String) {
        const WORDS: &[&str] = &[
            "代表",
            "意见建议",
            "执法检查",
            "专题调研",
            "南宁",
            "反馈",
            "座谈会",
            "2026年",
        ];
        for _ in 0..rng.usize(1..6) {
            let word = WORDS[rng.usize(..WORDS.len())];
            match if depth == 0 {
                rng.u32(0..7)
            } else {
                rng.u32(0..30)
            } {
                0..=4 => out.push_str(word),
                5 | 6 => out.push_str(&format!("<h2 id=\"h{}\">{word}</h2>", rng.u32(..1000))),
                7..=14 => {
                    let (tag, ignore) = (
                        [
                            ("section", "section"),
                            ("div", "div"),
                            ("DIV", "div"),
                            ("table", "table"),
                            ("aside", "aside"),
                        ][rng.usize(..5)],
                        rng.u32(..3) > 0,
                    );
                    out.push_str(&format!(
                        "<{}{}>",
                        tag.0,
                        if ignore {
                            [
                                " data-pagefind-ignore",
                                " class=\"x\" data-pagefind-ignore=\"index\"",
                                " data-pagefind-ignore=\"all\"",
                                " DATA-PAGEFIND-IGNORE",
                            ][rng.usize(..4)]
                        } else {
                            ""
                        }
                    ));
                    random_body(rng, depth - 1, out);
                    out.push_str(&format!(
                        "</{}>",
                        if rng.bool() {
                            tag.1.to_string()
                        } else {
                            tag.1.to_uppercase()
                        }
                    ));
                }
                15 => out.push_str(&format!("<p data-pagefind-ignore>{word}</p>")),
                16 => out.push_str(&format!(
                    "<span data-pagefind-meta=\"m{}\">{word}</span>",
                    rng.u32(..3)
                )),
                17 => out.push_str(&format!("<p data-pagefind-filter=\"地区\">{word}</p>")),
                18 | 19 => out.push_str("<!-- </div></section> -->"),
                20 => out.push_str(&format!("<h1>{word}</h1>")),
                21 | 22 => out.push_str(&format!(
                    "<ul><li id=\"l{}\">{word}<li>{word}</ul>",
                    rng.u32(..1000)
                )),
                _ => out.push_str(&format!("<a href=\"/x\">{word}</a><br>")),
            }
        }
    }

    #[test]
    fn random_pages_give_the_same_index_from_their_searched_parts() {
        let mut rng = fastrand::Rng::with_seed(7);
        let pages: Vec<(String, String)> = (0..100)
            .map(|n| {
                let mut body = String::new();
                random_body(&mut rng, 3, &mut body);
                (format!("p/{n}/index.html"), format!("<!doctype html><html lang=\"zh-CN\"><head><title>页{n}</title></head><body><nav>菜单</nav><main data-pagefind-body><h1>页{n}</h1>{body}</main><footer>页脚</footer></body></html>"))
            })
            .collect();
        let parts: Vec<(String, String)> = pages
            .iter()
            .map(|(path, html)| (path.clone(), searched_part(html.clone())))
            .collect();
        // The generator makes pages with something to leave out.
        let cut = pages
            .iter()
            .zip(&parts)
            .filter(|((_, html), (_, part))| {
                part.matches(IGNORE_MARKER).count() < html.matches(IGNORE_MARKER).count()
            })
            .count();
        assert!(
            cut > 20,
            "only {cut} of 100 pages had an ignored element left out"
        );
        let (whole, words) = index_part(pages, BUNDLE_DIR).expect("index of whole pages");
        let (searched, searched_words) =
            index_part(parts, BUNDLE_DIR).expect("index of the searched parts");
        assert_eq!(words, searched_words);
        assert_eq!(whole.len(), searched.len());
        for ((path, bytes), (searched_path, searched_bytes)) in whole.iter().zip(&searched) {
            assert_eq!(path, searched_path);
            assert!(bytes == searched_bytes, "{path} differs");
        }
    }

    #[test]
    fn the_index_of_the_searched_parts_is_the_index_of_the_whole_pages() {
        let pages: Vec<(String, String)> = (1..=5)
            .map(|n| (format!("deputies/d{n}/index.html"), page(n)))
            .collect();
        let (whole, words) = index_part(pages.clone(), BUNDLE_DIR).expect("index of whole pages");
        let parts: Vec<(String, String)> = pages
            .into_iter()
            .map(|(path, html)| (path, searched_part(html)))
            .collect();
        let (searched, searched_words) =
            index_part(parts, BUNDLE_DIR).expect("index of the searched parts");
        assert!(words > 0 && words == searched_words);
        assert_eq!(whole.len(), searched.len());
        for ((path, bytes), (searched_path, searched_bytes)) in whole.iter().zip(&searched) {
            assert_eq!(path, searched_path);
            assert!(bytes == searched_bytes, "{path} differs");
        }
    }
}
