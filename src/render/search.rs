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

use std::collections::BTreeMap;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

/// The folder of the index and of Pagefind's scripts, under the site's root.
pub const BUNDLE_DIR: &str = "pagefind";

/// The attribute that makes a page searchable.
pub const BODY_MARKER: &str = "data-pagefind-body";

/// What indexing produced: the files to write (paths under the site's root) and figures.
pub struct SearchIndex {
    pub files: Vec<(String, Vec<u8>)>,
    pub pages: usize,
    pub words: u64,
}

/// Indexes the given pages (site-relative path → HTML) and returns the index files.
pub fn index(pages: BTreeMap<String, String>) -> Result<SearchIndex, String> {
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
        let (count, mut words) = (pages.len(), 0u64);
        for (path, html) in pages {
            let added = index
                .add_html_file(Some(path.clone()), None, html)
                .await
                .map_err(|e| format!("search index: cannot index {path}: {e}"))?;
            words += u64::from(added.page_word_count);
        }
        let files = index.get_files().await.map_err(|e| format!("search index: {e}"))?;
        let mut files: Vec<(String, Vec<u8>)> = files
            .into_iter()
            .map(|file| {
                let rel = file.filename.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
                (format!("{BUNDLE_DIR}/{rel}"), file.contents)
            })
            .collect();
        files.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(SearchIndex { files, pages: count, words })
    })
}
