//! 《办法》: the regulation's text with an anchor per article and the rules that cite it; the
//! articles the rules cite alone when the content folder has no `regulation.md`.

use serde::Serialize;

use super::{Context, markdown, urls};
use crate::rules::{Outcome, RuleId};

#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    pub number: u32,
    pub heading: String,
    pub anchor: String,
    pub html: String,
    /// The rules that cite this article.
    pub rules: Vec<(RuleId, String)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RegulationPage {
    pub preamble_html: String,
    pub articles: Vec<ArticleView>,
}

/// The rules of the profile that cite an article (every version's, once).
fn rules_citing(outcome: &Outcome, number: u32) -> Vec<(RuleId, String)> {
    outcome
        .rules
        .iter()
        .filter(|r| r.article == number)
        .map(|r| (r.id.clone(), r.title.clone()))
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
                rules: rules_citing(ctx.outcome, a.number),
            })
            .collect(),
    }
}

/// Without `content/regulation.md`: the articles the rules cite, so every link has a target.
fn outline(ctx: &Context) -> RegulationPage {
    let mut numbers: Vec<u32> = ctx.outcome.rules.iter().map(|r| r.article).collect();
    numbers.sort_unstable();
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
                rules: rules_citing(ctx.outcome, n),
            })
            .collect(),
    }
}
