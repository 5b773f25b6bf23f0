//! The opinion rows rendered once each, by the theme's `opinion_row` component.
//!
//! A public opinion is listed on its record's page, on each of its deputies' pages and on three
//! pages of the opinions tracker (all, its status, its year). Made into each page's context
//! and rendered there, every row went through tera five times or more; here each row is
//! rendered once for the tables that show its record (the tracker, the deputies' pages) and
//! once for its record's own page, and those pages' contexts carry the finished HTML, which
//! their `opinions_table` places as it is.

use std::collections::HashMap;

use rayon::prelude::*;
use tera::{Context, Tera};

use crate::view::{OpinionRow, SharedRow, View};

/// The component of the theme (`macros.html`) that renders one row.
const COMPONENT: &str = "opinion_row";

/// The `root` of every page that lists opinions (`opinions/…`, `deputies/…`, `meetings/…`,
/// `activities/…`: one folder deep), which the rows' links start from.
const ROOT: &str = "../";

/// Every public opinion's row as HTML.
pub struct RowHtml {
    /// The position of each row in the tracker, by [`row_key`].
    index: HashMap<usize, usize>,
    /// With the record it was raised at (the tracker, the deputies' pages).
    with_record: Vec<String>,
    /// Without it, for the record's own page (none for a contact's opinion, which has no
    /// page of its own).
    own_page: Vec<Option<String>>,
}

impl RowHtml {
    /// Renders the rows of the view's opinions tracker (every row a page shows) in parallel.
    pub fn render(tera: &Tera, view: &View) -> Result<RowHtml, String> {
        let index: HashMap<usize, usize> = view
            .opinions
            .iter()
            .enumerate()
            .map(|(i, row)| (row_key(row), i))
            .collect();
        let mut on_own_page = vec![false; view.opinions.len()];
        let own_pages = view.meetings.iter().map(|m| &m.opinions).chain(
            [
                &view.symposiums,
                &view.activities,
                &view.solicitations,
                &view.sessions,
            ]
            .into_iter()
            .flatten()
            .map(|e| &e.opinions),
        );
        for row in own_pages.flatten() {
            let at = index.get(&row_key(row)).ok_or_else(|| missing(row))?;
            on_own_page[*at] = true;
        }
        let rendered: Vec<(String, Option<String>)> = view
            .opinions
            .par_iter()
            .zip(on_own_page)
            .with_max_len(64)
            .map(|(row, own)| render_row(tera, row, own))
            .collect::<Result<_, String>>()?;
        let (with_record, own_page) = rendered.into_iter().unzip();
        Ok(RowHtml {
            index,
            with_record,
            own_page,
        })
    }

    /// The HTML of `rows` for the page at `path`, with the record column (`show_record`) or
    /// for the rows' own record's page.
    pub fn of<'a>(
        &'a self,
        path: &str,
        rows: impl IntoIterator<Item = &'a OpinionRow>,
        show_record: bool,
    ) -> Result<Vec<&'a str>, String> {
        if super::pages::root_of(path) != ROOT {
            return Err(format!(
                "internal: the opinion rows are rendered for pages one folder deep, not for {path}"
            ));
        }
        rows.into_iter()
            .map(|row| {
                let at = self.index.get(&row_key(row)).ok_or_else(|| missing(row))?;
                let html = if show_record {
                    self.with_record.get(*at)
                } else {
                    self.own_page.get(*at).and_then(Option::as_ref)
                };
                html.map(String::as_str).ok_or_else(|| missing(row))
            })
            .collect()
    }
}

/// Which row this is: the address of its one shared copy, the same from every page that
/// lists it.
fn row_key(row: &OpinionRow) -> usize {
    std::ptr::from_ref(row).addr()
}

fn missing(row: &OpinionRow) -> String {
    format!(
        "internal: the opinion {} is not in the opinions tracker",
        row.id
    )
}

fn render_row(tera: &Tera, row: &SharedRow, own: bool) -> Result<(String, Option<String>), String> {
    let failed = |e: tera::Error| {
        format!(
            "rendering the opinion {} with the theme's `{COMPONENT}` component \
             (templates/macros.html; a theme copied from an older version lacks it: copy it and \
             `opinions_table` from the default theme's macros.html): {e}",
            row.id
        )
    };
    let mut args = Context::new();
    args.insert("o", &**row);
    args.insert("root", ROOT);
    args.insert("show_record", &true);
    let with_record = tera
        .render_component(COMPONENT, &args, None, true)
        .map_err(failed)?;
    let own_page = if own {
        args.insert("show_record", &false);
        Some(
            tera.render_component(COMPONENT, &args, None, true)
                .map_err(failed)?,
        )
    } else {
        None
    };
    Ok((with_record, own_page))
}
