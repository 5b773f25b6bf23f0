//! Date arithmetic of the rules, in one place: windows, deadlines, years of a term, days
//! linked and proration (spec §4). Days are counted inclusively; "date + window" is calendar
//! addition of days.

use chrono::{Datelike, Days, NaiveDate};

use crate::model::Term;

/// `date + days`, saturating at the end of the calendar chrono supports.
pub fn add_days(date: NaiveDate, days: u32) -> NaiveDate {
    date.checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(NaiveDate::MAX)
}

pub fn jan1(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MIN)
}

pub fn dec31(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(NaiveDate::MAX)
}

pub fn days_in_year(year: i32) -> u32 {
    if NaiveDate::from_ymd_opt(year, 2, 29).is_some() {
        366
    } else {
        365
    }
}

/// An inclusive range of days; `None` as end means open (still running).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
}

impl Span {
    pub fn new(start: NaiveDate, end: Option<NaiveDate>) -> Span {
        Span { start, end }
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.start <= day && self.end.is_none_or(|end| day <= end)
    }

    /// The part of this span inside another; `None` when they do not meet.
    pub fn clip(&self, other: Span) -> Option<Span> {
        let start = self.start.max(other.start);
        let end = match (self.end, other.end) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        (end.is_none_or(|e| start <= e)).then_some(Span { start, end })
    }

    /// Days of `year` inside this span (an open span runs to 31 Dec).
    pub fn days_in(&self, year: i32) -> u32 {
        match self.clip(Span::new(jan1(year), Some(dec31(year)))) {
            Some(Span {
                start,
                end: Some(end),
            }) => (end - start).num_days() as u32 + 1,
            _ => 0,
        }
    }

    pub fn overlaps_year(&self, year: i32) -> bool {
        self.days_in(year) > 0
    }
}

/// Days of `year` covered by any of the spans (overlaps counted once).
pub fn union_days_in(spans: &[Span], year: i32) -> u32 {
    let mut clipped: Vec<(NaiveDate, NaiveDate)> = spans
        .iter()
        .filter_map(|s| match s.clip(Span::new(jan1(year), Some(dec31(year)))) {
            Some(Span {
                start,
                end: Some(end),
            }) => Some((start, end)),
            _ => None,
        })
        .collect();
    clipped.sort();
    let mut total = 0u32;
    let mut current: Option<(NaiveDate, NaiveDate)> = None;
    for (start, end) in clipped {
        current = match current {
            Some((cs, ce)) if start <= ce.succ_opt().unwrap_or(ce) => Some((cs, ce.max(end))),
            Some((cs, ce)) => {
                total += (ce - cs).num_days() as u32 + 1;
                Some((start, end))
            }
            None => Some((start, end)),
        };
    }
    if let Some((cs, ce)) = current {
        total += (ce - cs).num_days() as u32 + 1;
    }
    total
}

/// `ceil(per_year × days ÷ days_in_year)` in integers (A12.2's proration).
pub fn prorate(per_year: u32, days: u32, year: i32) -> u32 {
    let total = days_in_year(year);
    (per_year * days).div_ceil(total)
}

/// The calendar years of a term that have begun by `as_of`: years overlapping the term whose
/// first day inside the term is not after `as_of`.
pub fn term_years(term: &Term, as_of: NaiveDate) -> impl Iterator<Item = i32> {
    years_of_term(term.start.value, term.end.value, as_of)
}

/// [`term_years`] of a term given by its first and last day.
pub fn years_of_term(
    start: NaiveDate,
    end: NaiveDate,
    as_of: NaiveDate,
) -> impl Iterator<Item = i32> {
    let last = end.year().min(as_of.year());
    let first = start.year();
    let begun = start <= as_of;
    (first..=last).filter(move |_| begun)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn windows_are_calendar_addition() {
        assert_eq!(add_days(d("2024-03-28"), 90), d("2024-06-26"));
        assert_eq!(add_days(d("2024-12-15"), 90), d("2025-03-15"));
    }

    #[test]
    fn days_linked_are_inclusive_and_leap_aware() {
        assert_eq!(Span::new(d("2023-03-01"), None).days_in(2023), 306);
        assert_eq!(Span::new(d("2024-03-01"), None).days_in(2024), 306);
        assert_eq!(Span::new(d("2024-07-02"), None).days_in(2024), 183);
        assert_eq!(
            Span::new(d("2020-01-01"), Some(d("2025-04-30"))).days_in(2025),
            120
        );
        assert_eq!(Span::new(d("2026-01-01"), None).days_in(2025), 0);
        assert_eq!(days_in_year(2024), 366);
        assert_eq!(days_in_year(2100), 365);
    }

    #[test]
    fn proration_rounds_up_exactly() {
        assert_eq!(prorate(2, 183, 2024), 1, "2 × 183 ÷ 366 is exactly 1");
        assert_eq!(prorate(2, 184, 2024), 2);
        assert_eq!(prorate(2, 306, 2024), 2);
        assert_eq!(prorate(2, 120, 2025), 1);
        assert_eq!(prorate(2, 1, 2025), 1);
        assert_eq!(prorate(2, 366, 2024), 2);
    }

    #[test]
    fn a_link_split_in_two_counts_its_days_once() {
        let spans = [
            Span::new(d("2024-01-01"), Some(d("2024-03-31"))),
            Span::new(d("2024-03-01"), Some(d("2024-04-30"))),
            Span::new(d("2024-10-01"), None),
        ];
        assert_eq!(union_days_in(&spans, 2024), 121 + 92);
    }
}
