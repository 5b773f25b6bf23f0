//! Feeds: Atom for the whole site, for each deputy and each member ("tell me when my
//! representative does something"), an iCalendar file of meetings and activities, and the
//! sitemap. Dates come from the records; the only "now" is `as_of`.

use atom_syndication::{Entry, Feed, FixedDateTime, Link, Person, Text};
use chrono::{FixedOffset, NaiveDate, Offset, TimeZone};
use icalendar::{Calendar, Component, EventLike};

use crate::output::Sink;
use crate::theme::fill;
use crate::view::{Dated, View};

/// Midnight in China (UTC+8) on a date.
fn at(date: NaiveDate) -> FixedDateTime {
    const CHINA: i32 = 8 * 3600;
    let offset = FixedOffset::east_opt(CHINA).unwrap_or(chrono::Utc.fix());
    let midnight = date.and_time(chrono::NaiveTime::MIN);
    offset
        .from_utc_datetime(&(midnight - chrono::Duration::seconds(offset.local_minus_utc().into())))
}

fn absolute(view: &View, path: &str) -> String {
    format!("{}{path}", view.site.base_url)
}

/// An entry linking `url` (absolute) on a date; `id` is its Atom id.
fn entry_at(id: String, title: String, url: String, date: NaiveDate, summary: String) -> Entry {
    Entry {
        id,
        title: Text::plain(title),
        updated: at(date),
        published: Some(at(date)),
        links: vec![Link {
            href: url,
            rel: "alternate".into(),
            mime_type: Some("text/html".into()),
            ..Link::default()
        }],
        summary: Some(Text::plain(summary)),
        ..Entry::default()
    }
}

fn entry(view: &View, item: &Dated) -> Entry {
    let url = absolute(view, &item.record.url);
    let summary = format!("{}，{}", item.note, crate::rules::cn_date(item.date));
    entry_at(
        url.clone(),
        item.record.label.clone(),
        url,
        item.date,
        summary,
    )
}

/// The feed's own place, and the page it is about (both relative to the site's root).
struct Place<'a> {
    path: &'a str,
    page: &'a str,
}

/// An Atom feed of the site, updated on `updated`.
fn atom(
    view: &View,
    place: Place,
    title: String,
    updated: NaiveDate,
    entries: Vec<Entry>,
) -> String {
    let feed = Feed {
        id: absolute(view, place.path),
        title: Text::plain(title),
        updated: at(updated),
        authors: vec![Person {
            name: view.site.body.clone(),
            ..Person::default()
        }],
        links: vec![
            Link {
                href: absolute(view, place.path),
                rel: "self".into(),
                mime_type: Some("application/atom+xml".into()),
                ..Link::default()
            },
            Link {
                href: absolute(view, place.page),
                rel: "alternate".into(),
                mime_type: Some("text/html".into()),
                ..Link::default()
            },
        ],
        lang: Some("zh-CN".into()),
        entries,
        ..Feed::default()
    };
    feed.to_string()
}

fn feed(view: &View, path: &str, title: String, page: &str, mut items: Vec<&Dated>) -> String {
    items.sort_by(|a, b| (b.date, &a.record.url).cmp(&(a.date, &b.record.url)));
    items.dedup_by(|a, b| a.record.url == b.record.url);
    items.truncate(100);
    let updated = items.first().map_or(view.site.as_of, |i| i.date);
    let entries = items.into_iter().map(|i| entry(view, i)).collect();
    atom(view, Place { path, page }, title, updated, entries)
}

/// `changes.xml`: one entry per duty whose status a content commit moved, newest first,
/// linked to its commit's entry on the 更新记录 page (`None` without that page).
fn status_feed(view: &View) -> Option<String> {
    use crate::view::changelog::{FEED, PAGE};
    let changelog = view.changelog.as_ref()?;
    let page = absolute(view, PAGE);
    let entries: Vec<Entry> = changelog
        .entries
        .iter()
        .flat_map(|e| e.duties.iter().map(move |d| (e, d)))
        .take(100)
        .map(|(e, d)| {
            let link = format!("{page}#{}", e.anchor);
            let summary = format!("{}：{}", d.rule_title, crate::rules::cn_date(e.date));
            entry_at(
                format!("{link}/{}", d.key),
                d.text.clone(),
                link,
                e.date,
                summary,
            )
        })
        .collect();
    let updated = changelog
        .entries
        .first()
        .map_or(view.site.as_of, |e| e.date);
    let title = fill(
        &view.site.changelog_feed_title,
        &[("title", &view.site.title)],
    );
    let place = Place {
        path: FEED,
        page: PAGE,
    };
    Some(atom(view, place, title, updated, entries))
}

/// Every public event of the site, as dated links.
fn all_events(view: &View) -> Vec<Dated> {
    let mut items: Vec<Dated> = view
        .meetings
        .iter()
        .map(|m| Dated {
            date: m.start,
            record: m.link.clone(),
            note: view.site.feed.meeting.clone(),
        })
        .collect();
    for list in [
        &view.symposiums,
        &view.activities,
        &view.solicitations,
        &view.sessions,
    ] {
        items.extend(list.iter().map(|e| Dated {
            date: e.date,
            record: e.link.clone(),
            note: e.kind_label.clone(),
        }));
    }
    items
}

/// Writes `feed.xml`, `deputies/<id>.xml`, `members/<id>.xml` and `calendar.ics`.
pub fn write(view: &View, staging: &dyn Sink) -> Result<Vec<String>, String> {
    let mut files: Vec<(String, String)> = Vec::new();
    let events = all_events(view);
    files.push((
        "feed.xml".into(),
        feed(
            view,
            "feed.xml",
            view.site.title.clone(),
            "index.html",
            events.iter().collect(),
        ),
    ));
    for d in &view.deputies {
        let mut items: Vec<Dated> = d
            .meetings
            .iter()
            .map(|m| Dated {
                date: m.date,
                record: m.meeting.clone(),
                note: view.site.feed.attended.clone(),
            })
            .collect();
        items.extend(
            d.symposiums
                .iter()
                .chain(&d.activities)
                .chain(&d.solicitations)
                .cloned(),
        );
        let path = format!("deputies/{}.xml", d.link.id);
        files.push((
            path.clone(),
            feed(
                view,
                &path,
                fill(&view.site.feed.deputy_title, &[("name", &d.name)]),
                &d.link.url,
                items.iter().collect(),
            ),
        ));
    }
    for m in &view.members {
        let items: Vec<&Dated> = m.symposiums.iter().chain(&m.activities).collect();
        let path = format!("members/{}.xml", m.link.id);
        files.push((
            path.clone(),
            feed(
                view,
                &path,
                fill(&view.site.feed.member_title, &[("name", &m.name)]),
                &m.link.url,
                items,
            ),
        ));
    }

    let stamp =
        chrono::Utc.from_utc_datetime(&view.site.as_of.and_hms_opt(0, 0, 0).unwrap_or_default());
    let host = view
        .site
        .base_url
        .split("//")
        .nth(1)
        .and_then(|h| h.split('/').next())
        .unwrap_or("lianluo");
    let mut calendar = Calendar::new();
    calendar.name(&view.site.title);
    let mut add = |id: String, title: &str, start: NaiveDate, end: NaiveDate, url: &str| {
        let mut event = icalendar::Event::new();
        event
            .uid(&format!("{id}@{host}"))
            .timestamp(stamp)
            .summary(title)
            .starts(start)
            .ends(end.succ_opt().unwrap_or(end))
            .url(&absolute(view, url));
        calendar.push(event.done());
    };
    for m in &view.meetings {
        add(
            format!("meetings-{}", m.link.id),
            &m.link.label,
            m.start,
            m.end,
            &m.link.url,
        );
    }
    for a in &view.activities {
        add(
            format!("activities-{}", a.link.id),
            &a.link.label,
            a.date,
            a.end.unwrap_or(a.date),
            &a.link.url,
        );
    }
    files.push(("calendar.ics".into(), calendar.done().to_string()));
    if let Some(feed) = status_feed(view) {
        files.push((crate::view::changelog::FEED.into(), feed));
    }

    let mut names = Vec::new();
    for (path, text) in files {
        staging
            .write(&path, text.as_bytes())
            .map_err(|e| format!("writing {path}: {e}"))?;
        names.push(path);
    }
    Ok(names)
}

/// Writes `sitemap.xml` listing every page (split into an index above 50,000 URLs).
pub fn write_sitemap(view: &View, pages: &[String], staging: &dyn Sink) -> Result<(), String> {
    use sitemap_rs::url::Url;
    use sitemap_rs::url_set::UrlSet;
    let mut locations: Vec<&String> = pages.iter().filter(|p| p.as_str() != "404.html").collect();
    locations.sort();
    let chunks: Vec<&[&String]> = locations.chunks(50_000).collect();
    let urlset = |chunk: &[&String]| -> Result<Vec<u8>, String> {
        let urls = chunk
            .iter()
            .map(|p| {
                Url::new(
                    absolute(view, p),
                    Vec::new(),
                    None,
                    None,
                    None,
                    None,
                    None,
                    None,
                )
                .map_err(|e| format!("sitemap: {e:?}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut bytes = Vec::new();
        UrlSet::new(urls)
            .map_err(|e| format!("sitemap: {e:?}"))?
            .write(&mut bytes)
            .map_err(|e| e.to_string())?;
        Ok(bytes)
    };
    if chunks.len() <= 1 {
        let bytes = urlset(chunks.first().copied().unwrap_or_default())?;
        return staging
            .write("sitemap.xml", &bytes)
            .map_err(|e| e.to_string());
    }
    let mut sitemaps = Vec::new();
    for (n, chunk) in chunks.iter().enumerate() {
        let path = format!("sitemaps/{}.xml", n + 1);
        staging
            .write(&path, &urlset(chunk)?)
            .map_err(|e| e.to_string())?;
        sitemaps.push(sitemap_rs::sitemap::Sitemap::new(
            absolute(view, &path),
            None,
        ));
    }
    let index = sitemap_rs::sitemap_index::SitemapIndex::new(sitemaps)
        .map_err(|e| format!("sitemap: {e:?}"))?;
    let mut bytes = Vec::new();
    index.write(&mut bytes).map_err(|e| e.to_string())?;
    staging
        .write("sitemap.xml", &bytes)
        .map_err(|e| e.to_string())
}

/// The Atom feeds and the calendar, as an output of the build.
pub struct Feeds;

impl super::Output for Feeds {
    fn name(&self) -> &'static str {
        "feeds"
    }

    fn progress(&self) -> &'static str {
        "订阅和日历（feeds）"
    }

    fn reads(&self) -> super::Reads {
        super::Reads::Pages
    }

    fn write(
        &self,
        _: usize,
        input: &super::Input,
        sink: &dyn Sink,
    ) -> Result<super::Made, String> {
        write(input.view()?, sink)?;
        Ok(super::Made::default())
    }
}

/// `sitemap.xml`, from the pages the site rendered.
pub struct Sitemap;

impl super::Output for Sitemap {
    fn name(&self) -> &'static str {
        "sitemap"
    }

    fn progress(&self) -> &'static str {
        "网站地图（sitemap）"
    }

    fn reads(&self) -> super::Reads {
        super::Reads::Rendered
    }

    fn write(
        &self,
        _: usize,
        input: &super::Input,
        sink: &dyn Sink,
    ) -> Result<super::Made, String> {
        write_sitemap(input.view()?, &input.rendered()?.paths, sink)?;
        Ok(super::Made::default())
    }
}
