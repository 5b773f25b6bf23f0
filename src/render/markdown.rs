//! Markdown bodies → safe HTML: pulldown-cmark renders, ammonia sanitises (no script, no
//! event handler, no `javascript:` URL survives; raw HTML in a record is data, not markup).

use std::sync::OnceLock;

use pulldown_cmark::{Options, Parser, html};

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
