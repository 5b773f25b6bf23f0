//! Markdown bodies → safe HTML: pulldown-cmark renders, ammonia sanitises (no script, no
//! event handler, no `javascript:` URL survives; raw HTML in a record is data, not markup).

use std::sync::OnceLock;

use pulldown_cmark::{Options, Parser, html};
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::content::Kind;
use crate::public::Public;

/// The body of every public record, as sanitised HTML, made once for the pages and the open
/// data alike.
#[derive(Debug, Default)]
pub struct Bodies {
    html: FxHashMap<Kind, FxHashMap<String, String>>,
}

impl Bodies {
    /// Renders the bodies of a projection's records on every core.
    pub fn render(public: &Public) -> Bodies {
        let mut metas: Vec<(Kind, &crate::public::Meta)> = Vec::new();
        metas.extend(public.deputies.iter().map(|r| (Kind::Deputy, &r.meta)));
        metas.extend(public.members.iter().map(|r| (Kind::Member, &r.meta)));
        metas.extend(public.groups.iter().map(|r| (Kind::Group, &r.meta)));
        metas.extend(public.meetings.iter().map(|r| (Kind::Meeting, &r.meta)));
        metas.extend(
            public
                .solicitations
                .iter()
                .map(|r| (Kind::Solicitation, &r.meta)),
        );
        metas.extend(public.symposiums.iter().map(|r| (Kind::Symposium, &r.meta)));
        metas.extend(public.activities.iter().map(|r| (Kind::Activity, &r.meta)));
        metas.extend(public.contacts.iter().map(|r| (Kind::Contact, &r.meta)));
        metas.extend(public.letters.iter().map(|r| (Kind::Letter, &r.meta)));
        metas.extend(public.pages.iter().map(|r| (Kind::Page, &r.meta)));
        let bodies: Vec<(Kind, &str, &str)> = metas
            .into_iter()
            .filter(|(_, meta)| !meta.body.trim().is_empty())
            .map(|(kind, meta)| (kind, meta.id, meta.body))
            .collect();
        let rendered: Vec<(Kind, String, String)> = bodies
            .into_par_iter()
            .with_max_len(16)
            .map(|(kind, id, body)| (kind, id.to_string(), to_html(body)))
            .collect();
        let mut html: FxHashMap<Kind, FxHashMap<String, String>> = FxHashMap::default();
        for (kind, id, body) in rendered {
            html.entry(kind).or_default().insert(id, body);
        }
        Bodies { html }
    }

    /// The HTML of a record's body (empty without one).
    pub fn get(&self, kind: Kind, id: &str) -> &str {
        self.html
            .get(&kind)
            .and_then(|bodies| bodies.get(id))
            .map_or("", String::as_str)
    }

    /// Every body, by `<kind folder>/<id>`, in order (the open data's `bodies_html`).
    pub fn by_path(&self) -> std::collections::BTreeMap<String, &str> {
        self.html
            .iter()
            .flat_map(|(kind, bodies)| {
                bodies
                    .iter()
                    .map(move |(id, html)| (format!("{}/{id}", kind.folder()), html.as_str()))
            })
            .collect()
    }
}

fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    SANITIZER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder.url_schemes(["http", "https", "mailto"].into_iter().collect());
        builder.link_rel(Some("noopener noreferrer"));
        builder
    })
}

/// Renders a Markdown body to sanitised HTML (empty for an empty body).
pub fn to_html(markdown: &str) -> String {
    if markdown.trim().is_empty() {
        return String::new();
    }
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_FOOTNOTES;
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut unsafe_html, Parser::new_ext(markdown, options));
    sanitizer().clean(&unsafe_html).to_string()
}

/// The plain text of Markdown, one string per paragraph, list item or heading (for the
/// annual report, which takes text as data, never markup). Line breaks inside a paragraph
/// join without a space, as Chinese text does.
pub fn paragraphs(markdown: &str) -> Vec<String> {
    use pulldown_cmark::{Event, Tag, TagEnd};
    let mut out = Vec::new();
    let mut current = String::new();
    let flush = |current: &mut String, out: &mut Vec<String>| {
        let text = current.trim().to_string();
        if !text.is_empty() {
            out.push(text);
        }
        current.clear();
    };
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => current.push_str(&t),
            Event::SoftBreak | Event::HardBreak => {}
            Event::Start(Tag::Item) => flush(&mut current, &mut out),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_)) => {
                flush(&mut current, &mut out)
            }
            _ => {}
        }
    }
    flush(&mut current, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_markdown() {
        assert_eq!(
            to_html("会议**纪要**"),
            "<p>会议<strong>纪要</strong></p>\n"
        );
        assert_eq!(to_html("  \n"), "");
    }

    #[test]
    fn removes_scripts_handlers_and_javascript_urls() {
        let evil = "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[a](JaVaScRiPt:alert(1)) <a href=\"javascript:x\">b</a>\n\n<iframe src=\"https://e.org\"></iframe><svg onload=alert(1)></svg>";
        let html = to_html(evil).to_lowercase();
        for bad in [
            "<script",
            "onerror",
            "javascript:",
            "<iframe",
            "onload",
            "<svg",
        ] {
            assert!(!html.contains(bad), "{bad} survived: {html}");
        }
    }
}
