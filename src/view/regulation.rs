//! 《办法》: the regulation's text with an anchor per article and the rules that cite it; the
//! articles the rules cite alone when the content folder has no `regulation.md`.

use serde::Serialize;

use super::{Context, markdown, urls};
use crate::rules::Rule;

#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    pub number: u32,
    pub heading: String,
    pub anchor: String,
    pub html: String,
    /// The rules that cite this article.
    pub rules: Vec<(Rule, &'static str)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RegulationPage {
    pub preamble_html: String,
    pub articles: Vec<ArticleView>,
}

fn rules_citing(number: u32) -> Vec<(Rule, &'static str)> {
    Rule::ALL
        .iter()
        .filter(|r| r.article() == number)
        .map(|r| (*r, r.title()))
        .collect()
}

pub fn page(ctx: &Context) -> RegulationPage {
    let Some(regulation) = ctx.public.regulation else {
        return outline(ctx);
    };
    RegulationPage {
        preamble_html: markdown::to_html(&regulation.preamble),
        articles: regulation
            .articles
            .iter()
            .map(|a| ArticleView {
                number: a.number,
                heading: a.heading.clone(),
                anchor: urls::article_anchor(a.number),
                html: markdown::to_html(&a.text),
                rules: rules_citing(a.number),
            })
            .collect(),
    }
}

/// Without `content/regulation.md`: the articles the rules cite, so every link has a target.
fn outline(ctx: &Context) -> RegulationPage {
    let mut numbers: Vec<u32> = Rule::ALL.iter().map(|r| r.article()).collect();
    numbers.dedup();
    RegulationPage {
        preamble_html: ctx
            .labels
            .text("labels.regulation.outline_preamble")
            .to_string(),
        articles: numbers
            .into_iter()
            .map(|n| ArticleView {
                number: n,
                heading: ctx.labels.fill(
                    "labels.regulation.article_heading",
                    &[("number", &n.to_string())],
                ),
                anchor: urls::article_anchor(n),
                html: String::new(),
                rules: rules_citing(n),
            })
            .collect(),
    }
}
