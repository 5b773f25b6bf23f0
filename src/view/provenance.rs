//! Provenance on the pages: the data version in the footer, and on every record's page the
//! date its file last changed, with a link to the file's history when `site.yaml` names the
//! repository's web view. Only public records' files are looked up: an internal record's
//! date never reaches a page.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::{Context, urls};
use crate::content::Kind;
use crate::history::{DataVersion, Provenance};

/// The last change of a record's page.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Updated {
    pub date: NaiveDate,
    /// The file's history in the repository's web view.
    pub history: Option<String>,
}

/// The data version in words: `1a2b3c4（2026-10-03）`, with the theme's note when
/// content files differ from the commit.
pub fn version_text(ctx: &Context, version: &DataVersion) -> String {
    let mut text = ctx.labels.fill(
        "labels.provenance.version",
        &[
            ("commit", &version.commit),
            ("date", &version.date.to_string()),
        ],
    );
    if version.modified {
        text.push_str(&ctx.labels.text("labels.provenance.modified"));
    }
    text
}

/// The footer's data version (`None` outside git).
pub fn version(ctx: &Context) -> Option<String> {
    ctx.public.provenance.map(|p| version_text(ctx, &p.version))
}

/// By page URL, the last change of every public record's page.
pub fn updated(ctx: &Context) -> BTreeMap<String, Updated> {
    let Some(provenance) = ctx.public.provenance else {
        return BTreeMap::new();
    };
    let history = ctx.public.site.history_url;
    let p = ctx.public;
    let files = p
        .deputies
        .iter()
        .map(|r| (Kind::Deputy, &r.meta))
        .chain(p.members.iter().map(|r| (Kind::Member, &r.meta)))
        .chain(p.groups.iter().map(|r| (Kind::Group, &r.meta)))
        .chain(p.meetings.iter().map(|r| (Kind::Meeting, &r.meta)))
        .chain(p.symposiums.iter().map(|r| (Kind::Symposium, &r.meta)))
        .chain(p.activities.iter().map(|r| (Kind::Activity, &r.meta)))
        .chain(
            p.solicitations
                .iter()
                .map(|r| (Kind::Solicitation, &r.meta)),
        )
        .chain(p.sessions.iter().map(|r| (Kind::Session, &r.meta)))
        .chain(p.pages.iter().map(|r| (Kind::Page, &r.meta)));
    files
        .filter_map(|(kind, meta)| {
            let date = *provenance.updated.get(meta.file)?;
            Some((
                urls::record(kind, meta.id),
                Updated {
                    date,
                    history: history.map(|url| history_link(url, provenance, meta.file)),
                },
            ))
        })
        .collect()
}

/// What a path segment of a URL may not hold as it is.
const SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'\\');

/// `{path}` of the history address filled with the file's path in the repository, each
/// segment percent-encoded.
fn history_link(url: &str, provenance: &Provenance, file: &str) -> String {
    let path = provenance.repository_path(file);
    let encoded: Vec<String> = path
        .split('/')
        .map(|s| percent_encoding::utf8_percent_encode(s, SEGMENT).to_string())
        .collect();
    url.replace("{path}", &encoded.join("/"))
}
