//! The report's data: every unmet item once, and the regulation quoted as text.
#[test]
fn every_unmet_or_pending_item_of_the_year_is_given_once() {
    let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let loaded = crate::load(&content).expect("the sample content");
    let model = loaded.model.expect("the sample has no errors");
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
    let outcome = crate::rules::evaluate(&model, as_of);
    let theme = crate::theme::Theme::embedded().expect("theme");
    let view = crate::pipeline::view(&model, &outcome, &theme);
    for year in super::years(&view) {
        let files = super::report_files(&view, &theme, year).expect("an evaluated year");
        let data: serde_json::Value = serde_json::from_slice(&files[0].1).expect("data.json");
        let mut given: Vec<String> = Vec::new();
        for article in data["annex"]["articles"].as_array().expect("articles") {
            let mut listed = 0;
            for group in article["groups"].as_array().expect("groups") {
                let items = group["rows"].as_array().expect("rows");
                assert!(!items.is_empty(), "{year}: an empty group");
                listed += items.len();
                given.extend(items.iter().map(|row| row[1]["text"].to_string()));
            }
            assert_eq!(
                article["listed"], listed,
                "{year}: article {}",
                article["number"]
            );
        }
        let period = view
            .compliance
            .iter()
            .find(|c| c.slug == year.to_string())
            .expect("the year's compliance");
        let mut expected: Vec<String> = period
            .findings
            .iter()
            .map(|f| serde_json::to_value(&f.message).expect("text").to_string())
            .collect();
        assert!(!expected.is_empty(), "{year}: the sample has unmet items");
        given.sort();
        expected.sort();
        assert_eq!(given, expected, "{year}");
    }
}

#[test]
fn strip_tags_keeps_text() {
    assert_eq!(
        super::annex::strip_tags("<p>常委会&amp;代表</p>\n<p>二</p>"),
        "常委会&代表\n二"
    );
}

/// An article of 附件2 is titled by the areas of the work its rules belong to (the profile
/// gives each rule its article and check kind), not by a table of article numbers.
#[test]
fn every_article_of_the_annex_is_titled_by_the_areas_of_its_rules() {
    let content = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    let loaded = crate::load(&content).expect("the sample content");
    let model = loaded.model.expect("the sample has no errors");
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
    let outcome = crate::rules::evaluate(&model, as_of);
    let theme = crate::theme::Theme::embedded().expect("theme");
    let view = crate::pipeline::view(&model, &outcome, &theme);
    let report = super::data::report(&view, &theme, 2025).expect("2025");
    let titles: Vec<String> = super::narrative::AREAS
        .iter()
        .map(|a| {
            theme
                .strings
                .text(&format!("report.narrative.{}.title", a.key))
        })
        .collect();
    let headings: Vec<&str> = report
        .data
        .annex
        .articles
        .iter()
        .map(|a| a.heading.as_str())
        .collect();
    assert_eq!(headings.len(), 8, "{headings:?}");
    for heading in &headings {
        let (_, title) = heading.split_once('　').expect("number and title");
        for part in title.split('、') {
            assert!(titles.iter().any(|t| t == part), "{heading}");
        }
    }
    assert_eq!(headings[0], "（一）第六条　邀请代表列席常委会会议");
    assert_eq!(headings[2], "（三）第八条　支持代表参与立法和监督工作");
}
