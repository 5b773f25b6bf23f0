//! The home page's parts: the figures of each year with their charts, the newest records,
//! and the free pages (about, how to read the data …) linked from every page's footer.

use serde::Serialize;

use super::charts::{self, Chart};
use super::{Context, Dated, EventPage, MeetingPage, Ref};
use crate::content::Kind;
use crate::rules::stats::Figures;

/// Figures of one year for the home page and the report.
#[derive(Debug, Clone, Serialize)]
pub struct YearFigures {
    pub year: i32,
    pub figures: Figures,
    pub charts: Vec<Chart>,
}

#[derive(Debug, Clone, Serialize)]
pub struct FreePage {
    #[serde(flatten)]
    pub link: Ref,
    pub body_html: String,
}

pub fn year_figures(ctx: &Context) -> Vec<YearFigures> {
    ctx.outcome
        .stats
        .years
        .iter()
        .map(|(year, figures)| YearFigures {
            year: *year,
            charts: charts::year_charts(*year, figures),
            figures: figures.clone(),
        })
        .collect()
}

/// The free pages, by their `order`, then id.
pub fn free_pages(ctx: &Context) -> Vec<FreePage> {
    let mut pages: Vec<_> = ctx.public.pages.iter().collect();
    pages.sort_by_key(|p| (p.order.unwrap_or(u32::MAX), p.meta.id));
    pages
        .into_iter()
        .map(|p| FreePage {
            link: ctx.record_ref(Kind::Page, p.meta.id, p.title),
            body_html: ctx.body(Kind::Page, p.meta.id),
        })
        .collect()
}

/// How many of the newest records the home page lists.
const LATEST: usize = 8;

/// The newest meetings and events, newest first.
pub fn latest(ctx: &Context, meetings: &[MeetingPage], events: &[&[EventPage]]) -> Vec<Dated> {
    let meeting = ctx.labels.kind(Kind::Meeting);
    let mut latest: Vec<Dated> = meetings
        .iter()
        .map(|m| Dated {
            date: m.start,
            record: m.link.clone(),
            note: meeting.clone(),
        })
        .collect();
    for list in events {
        latest.extend(list.iter().map(EventPage::dated));
    }
    latest.sort_by(|a, b| (b.date, &a.record.url).cmp(&(a.date, &b.record.url)));
    latest.truncate(LATEST);
    latest
}
