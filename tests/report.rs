//! The annual PDF reports: compiled with typst embedded, text extracted with poppler's
//! `pdftotext` (Debian poppler-utils) and compared with `check --format json`; and their
//! DOCX drafts, unzipped.

mod common;

use common::{lianluo, lianluo_ok, sample};

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use tempfile::TempDir;

fn report(content: &str, year: i32, as_of: &str, dir: &Path) -> PathBuf {
    let pdf = dir.join(format!("{year}.pdf"));
    lianluo_ok(&[
        "report",
        "--content",
        content,
        "--year",
        &year.to_string(),
        "--as-of",
        as_of,
        "--output",
        &pdf.display().to_string(),
    ]);
    pdf
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} (Debian poppler-utils) is needed: {e}"));
    assert!(
        out.status.success(),
        "{name} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The titles of the PDF's bookmarks (`/Title` strings, in the file's plain or deflated
/// objects), as UTF-16 or PDFDocEncoding text.
fn bookmarks(pdf: &Path) -> Vec<String> {
    use std::io::Read;
    let data = std::fs::read(pdf).unwrap();
    let mut objects = vec![data.clone()];
    let mut at = 0;
    while let Some(found) = find(&data[at..], b"stream") {
        let start = at + found + b"stream".len();
        let start = start
            + data[start..]
                .iter()
                .take_while(|b| **b == b'\r' || **b == b'\n')
                .count();
        let Some(length) = find(&data[start..], b"endstream") else {
            break;
        };
        let mut inflated = Vec::new();
        if flate2::read::ZlibDecoder::new(&data[start..start + length])
            .read_to_end(&mut inflated)
            .is_ok()
        {
            objects.push(inflated);
        }
        at = start + length;
    }
    let mut titles = Vec::new();
    for object in &objects {
        let text = String::from_utf8_lossy(object);
        for (i, _) in text.match_indices("/Title") {
            let rest = text[i + "/Title".len()..].trim_start();
            if let Some(hex) = rest.strip_prefix('<').and_then(|r| r.split('>').next()) {
                let bytes: Vec<u8> = (0..hex.len() / 2)
                    .filter_map(|k| u8::from_str_radix(&hex[2 * k..2 * k + 2], 16).ok())
                    .collect();
                let units: Vec<u16> = bytes
                    .chunks(2)
                    .filter(|c| c.len() == 2)
                    .map(|c| u16::from_be_bytes([c[0], c[1]]))
                    .collect();
                titles.push(
                    String::from_utf16_lossy(&units)
                        .trim_start_matches('\u{feff}')
                        .to_string(),
                );
            }
        }
    }
    titles
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The PDF's text with all white space removed (line breaks fall anywhere in Chinese).
fn text(pdf: &Path) -> String {
    tool(
        "pdftotext",
        &["-raw", "-enc", "UTF-8", &pdf.display().to_string(), "-"],
    )
    .split_whitespace()
    .collect()
}

#[test]
fn the_sample_report_has_the_title_sections_and_figures_of_check() {
    let dir = TempDir::new().unwrap();
    let pdf = report(&sample(), 2025, "2026-11-25", dir.path());
    let body = text(&pdf);
    assert!(
        body.contains("2025年度常委会联系代表工作情况报告"),
        "cover title"
    );
    for heading in [
        "目录",
        "总体情况",
        "第六条",
        "第七条",
        "第八条",
        "第九条",
        "第十条",
        "第十二条",
        "第十三条",
        "未履行和进行中的事项",
        "组成人员联系代表情况",
        "说明",
    ] {
        assert!(body.contains(heading), "heading {heading} missing");
    }
    let check = lianluo(&[
        "check",
        "--content",
        &sample(),
        "--as-of",
        "2026-11-25",
        "--format",
        "json",
        "--year",
        "2025",
    ]);
    let check: Value = serde_json::from_slice(&check.stdout).unwrap();
    let year: Vec<&Value> = check["evaluations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["period"] == "2025")
        .collect();
    let count = |status: &str| year.iter().filter(|e| e["status"] == status).count();
    let sentence = format!(
        "逐项评估{}项：已履行{}项，进行中{}项，未履行{}项",
        year.len(),
        count("met"),
        count("pending"),
        count("not_met")
    );
    assert!(body.contains(&sentence), "summary figures: {sentence}");
    let figures = &check["stats"]["years"]["2025"];
    assert!(
        body.contains(&format!("常委会共举行会议{}次", figures["meetings"])),
        "meetings figure"
    );
    assert!(
        body.contains(&format!("组成人员联系代表{}次", figures["contacts"])),
        "contacts figure"
    );
    assert!(
        body.contains(&format!("收到代表来信来访{}件", figures["letters"])),
        "letters figure"
    );
    // Every not-met evaluation's explanation is printed.
    for e in year.iter().filter(|e| e["status"] == "not_met") {
        let message: String = e["message"].as_str().unwrap().split_whitespace().collect();
        assert!(body.contains(&message), "not-met item missing: {message}");
    }
    // One table per rule and status: its caption names the rule, the year, the status and the
    // count, once; its rows give only the subject and the explanation.
    assert!(
        body.contains("事项说明") && !body.contains("规则事项状态说明"),
        "the tables have two columns"
    );
    let mut groups: std::collections::BTreeMap<(String, &str), usize> =
        std::collections::BTreeMap::new();
    for e in year.iter().filter(|e| e["status"] != "met") {
        let label = if e["status"] == "not_met" {
            "未履行"
        } else {
            "进行中"
        };
        *groups
            .entry((e["rule"].as_str().unwrap().to_string(), label))
            .or_default() += 1;
    }
    assert!(
        groups.len() > 2,
        "the sample has several groups: {groups:?}"
    );
    for ((rule, label), count) in &groups {
        let caption = format!("（2025年）：{label}{count}项");
        let found = body.match_indices(rule.as_str()).any(|(at, _)| {
            body[at..]
                .chars()
                .take(80)
                .collect::<String>()
                .contains(&caption)
        });
        assert!(found, "no caption `{rule} …{caption}`");
    }
    // Each member's appendix gives their other requirements one line each.
    for rule in ["A9.2", "A12.1"] {
        let evaluated = year.iter().filter(|e| e["rule"] == rule).count();
        assert!(evaluated > 0, "{rule} evaluations");
        assert_eq!(
            body.matches(&format!("（{rule}）")).count(),
            evaluated,
            "{rule} lines in the members' appendix"
        );
    }
    // Every member's section is a bookmark; the printed contents lists the chapters and the
    // unmet items by article, not each member.
    let marks = bookmarks(&pdf);
    assert!(
        marks.iter().any(|t| t == "一、总体情况")
            && marks.iter().any(|t| t.ends_with("未履行和进行中的事项")),
        "{marks:?}"
    );
    // A member's section is “（一）name（role）” (the narrative's areas are sections too).
    let members: Vec<&String> = marks
        .iter()
        .filter(|t| t.starts_with('（') && t.ends_with('）') && !t.contains('条'))
        .collect();
    assert_eq!(
        members.len(),
        year.iter().filter(|e| e["rule"] == "A9.2").count(),
        "one bookmark per member: {marks:?}"
    );
    let contents: String = tool(
        "pdftotext",
        &[
            "-f",
            "2",
            "-l",
            "2",
            "-enc",
            "UTF-8",
            &pdf.display().to_string(),
            "-",
        ],
    )
    .split_whitespace()
    .collect();
    assert!(
        contents.contains("一、总体情况") && contents.contains("附件"),
        "page 2 is the contents: {contents}"
    );
    for member in members {
        assert!(
            !contents.contains(member.as_str()),
            "{member} in the printed contents"
        );
        assert!(body.contains(member.as_str()), "{member} has no section");
    }
    let info = tool("pdfinfo", &[&pdf.display().to_string()]);
    let pages: u32 = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    assert!((8..=120).contains(&pages), "{pages} pages");
    assert!(
        info.contains("Title:") && info.contains("2025年度常委会联系代表工作情况报告"),
        "{info}"
    );
    let fonts = tool("pdffonts", &[&pdf.display().to_string()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(
        rows.iter().any(|r| r.contains("NotoSerifCJK"))
            && rows.iter().any(|r| r.contains("NotoSansCJK")),
        "{fonts}"
    );
    for row in rows {
        assert!(
            row.split_whitespace().rev().nth(4) == Some("yes"),
            "font not embedded: {row}"
        );
    }
    let bytes = std::fs::read(&pdf).unwrap();
    let bytes = String::from_utf8_lossy(&bytes);
    assert!(
        bytes.contains("pdfaid:part>2") || bytes.contains("pdfaid:part=\"2\""),
        "PDF/A-2 metadata"
    );
    assert!(
        bytes.contains("pdfuaid:part>1") || bytes.contains("pdfuaid:part=\"1\""),
        "PDF/UA-1 metadata"
    );
}

#[test]
fn record_text_is_printed_literally_never_evaluated() {
    let meeting = "---\ntitle: '#read(\"/etc/passwd\") #import \"x.typ\": * ]} 会议'\nterm: \"9\"\nsession: 3\nstart: 2022-05-10\nend: 2022-05-12\nmaterials_sent: 2022-05-10\nattendees:\n  - {deputy: tan-yun, basis: [grassroots]}\n---\n";
    let fixture = common::site(&[("meetings/9-03.md", meeting)]);
    let dir = TempDir::new().unwrap();
    let pdf = report(
        &fixture.path().display().to_string(),
        2022,
        "2022-12-31",
        dir.path(),
    );
    let body = text(&pdf);
    assert!(
        body.contains("#read(\"/etc/passwd\")#import\"x.typ\":*]}会议"),
        "the title is printed as written"
    );
    assert!(!body.contains("root:"), "a file was read");
}

#[test]
fn a_missing_chinese_font_is_a_clear_error() {
    let loaded = lianluo::load(Path::new(&sample())).unwrap();
    let model = loaded.model.unwrap();
    let outcome = lianluo::rules::evaluate(&model, common::date("2026-11-25"));
    let theme = lianluo::theme::Theme::embedded().unwrap();
    let view = lianluo::pipeline::view(&model, &outcome, &theme);
    let no_fonts = TempDir::new().unwrap();
    let fonts = lianluo::render::report::Fonts::scan(&[no_fonts.path().to_path_buf()]);
    let error = lianluo::render::report::compile(&view, 2025, &theme, &fonts).unwrap_err();
    assert!(
        error.contains("fonts-noto-cjk") && error.contains("Noto Serif CJK SC"),
        "{error}"
    );
}

#[test]
fn a_year_outside_the_evaluations_is_refused() {
    let out = lianluo(&[
        "report",
        "--content",
        &sample(),
        "--year",
        "2019",
        "--as-of",
        "2026-11-25",
        "--output",
        "/tmp/lianluo-never.pdf",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("2019"));
}

/// The words of each page with their vertical extent, from `pdftotext -bbox`:
/// (page height, [(y_min, text)]).
fn words_by_page(pdf: &Path) -> Vec<(f64, Vec<(f64, String)>)> {
    let xhtml = tool("pdftotext", &["-bbox", &pdf.display().to_string(), "-"]);
    let number = |tag: &str, name: &str| -> f64 {
        let start = tag
            .find(&format!("{name}=\""))
            .unwrap_or_else(|| panic!("{name} in {tag}"))
            + name.len()
            + 2;
        tag[start..].split('"').next().unwrap().parse().unwrap()
    };
    let mut pages = Vec::new();
    for page in xhtml.split("<page ").skip(1) {
        let height = number(page.split('>').next().unwrap(), "height");
        let words = page
            .split("<word ")
            .skip(1)
            .map(|word| {
                let (tag, rest) = word.split_once('>').unwrap();
                (
                    number(tag, "yMin"),
                    rest.split('<').next().unwrap().to_string(),
                )
            })
            .collect();
        pages.push((height, words));
    }
    pages
}

#[test]
fn long_tables_break_across_pages_instead_of_piling_up_at_the_foot() {
    // One province's term (the `corpus` generator at scale M): a year's list of unmet duties
    // runs to many pages. A table that cannot break is drawn past the text area, its rows
    // stacked on the last line and over the page number.
    let content = TempDir::new().unwrap();
    let out = lianluo(&[
        "corpus",
        "--scale",
        "m",
        "--output",
        &content.path().join("c").display().to_string(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = TempDir::new().unwrap();
    let pdf = report(
        &content.path().join("c").display().to_string(),
        2026,
        "2027-12-31",
        dir.path(),
    );
    let pages = words_by_page(&pdf);
    assert!(pages.len() > 40, "{} pages", pages.len());
    let bottom_margin = 2.4 / 2.54 * 72.0;
    for (number, (height, words)) in pages.iter().enumerate() {
        // Below the text area only the page number ("— 19 —") may stand.
        let below: Vec<&String> = words
            .iter()
            .filter(|(y, _)| *y > height - bottom_margin)
            .map(|(_, w)| w)
            .filter(|w| !w.chars().all(|c| c == '—' || c.is_ascii_digit()))
            .collect();
        assert!(
            below.is_empty(),
            "page {}: {} words below the text area, e.g. {:?}",
            number + 1,
            below.len(),
            &below[..below.len().min(5)]
        );
    }
}

fn report_with_theme(year: i32, theme: &Path, dir: &Path) -> PathBuf {
    let pdf = dir.join(format!("{year}-theme.pdf"));
    lianluo_ok(&[
        "report",
        "--content",
        &sample(),
        "--year",
        &year.to_string(),
        "--as-of",
        "2026-11-25",
        "--theme",
        &theme.display().to_string(),
        "--output",
        &pdf.display().to_string(),
    ]);
    pdf
}

/// The narrative: one section per area with the year's figures and the change from the
/// previous year, then the statistics as annexes; no label cut, no chart's data repeated.
#[test]
fn the_narrative_gives_each_area_its_figures_and_the_change_from_last_year() {
    let dir = TempDir::new().unwrap();
    let pdf = report(&sample(), 2025, "2026-11-25", dir.path());
    let body = text(&pdf);
    let check = lianluo(&[
        "check",
        "--content",
        &sample(),
        "--as-of",
        "2026-11-25",
        "--format",
        "json",
    ]);
    let check: Value = serde_json::from_slice(&check.stdout).unwrap();
    let now = &check["stats"]["years"]["2025"];
    let before = &check["stats"]["years"]["2024"];
    assert!(before.is_object(), "the sample has 2024");
    let change = |field: &str, unit: &str| {
        let (a, b) = (
            now[field].as_i64().unwrap(),
            before[field].as_i64().unwrap(),
        );
        match a.cmp(&b) {
            std::cmp::Ordering::Greater => format!("比上年增加{}{unit}", a - b),
            std::cmp::Ordering::Less => format!("比上年减少{}{unit}", b - a),
            std::cmp::Ordering::Equal => "与上年持平".to_string(),
        }
    };
    let attendance = format!(
        "邀请代表列席{}人次，{}",
        now["attendances"],
        change("attendances", "人次")
    );
    assert!(body.contains(&attendance), "{attendance}");
    let contacts = format!(
        "联系代表{}次，{}",
        now["contacts"],
        change("contacts", "次")
    );
    assert!(body.contains(&contacts), "{contacts}");
    let letters = format!(
        "收到代表来信来访{}件，{}",
        now["letters"],
        change("letters", "件")
    );
    assert!(body.contains(&letters), "{letters}");
    // Every area's section, in order, each with a comparison with 2024.
    let areas = [
        "邀请代表列席常委会会议",
        "召开代表座谈会",
        "支持代表参与立法和监督工作",
        "组织集中视察和专题调研",
        "办理和反馈代表意见建议",
        "加强代表小组建设",
        "常委会组成人员联系代表",
        "办理代表来信来访",
        "三、存在的问题",
    ];
    // The last “二、主要工作” is the chapter's heading (the first is in the contents).
    let mut at = body.rfind("二、主要工作").unwrap();
    let mut spans = Vec::new();
    for area in areas {
        let found = at
            + body[at..]
                .find(area)
                .unwrap_or_else(|| panic!("{area} missing"));
        spans.push(found);
        at = found + area.len();
    }
    for (k, pair) in spans.windows(2).enumerate() {
        let section = &body[pair[0]..pair[1]];
        assert!(
            section.contains("比上年") || section.contains("与上年持平"),
            "{}: no comparison: {section}",
            areas[k]
        );
    }
    // The rules met and not met, with their articles, from the profile's titles.
    assert!(body.contains("对照《办法》第六条“会前将会议议题和相关材料发给列席代表”的要求"));
    // The statistics follow as annexes; no label cut; the charts' data not repeated.
    assert!(body.contains("附件1各项履职要求的评估结果"));
    assert!(!body.contains('…'), "a cut label");
    assert!(
        !body.contains("（数据）") && !body.contains("类别条数"),
        "a chart's data table"
    );
}

/// A body's theme rewords a sentence of the narrative; the report prints its words.
#[test]
fn a_copied_theme_rewords_a_sentence_of_the_narrative() {
    let dir = TempDir::new().unwrap();
    let theme = dir.path().join("theme");
    common::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &theme,
    );
    let strings = theme.join("i18n/zh-CN.yaml");
    let words = std::fs::read_to_string(&strings).unwrap();
    let reworded = words.replace(
        "main: \"收到代表来信来访{count}件{change}。\"",
        "main: \"全年共受理代表来信来访{count}件{change}。\"",
    );
    assert_ne!(words, reworded);
    std::fs::write(&strings, reworded).unwrap();
    let body = text(&report_with_theme(2025, &theme, dir.path()));
    assert!(body.contains("全年共受理代表来信来访"), "{body}");
    // The draft says it in the same words.
    let docx = draft(2025, Some(&theme), dir.path());
    let document = String::from_utf8(parts(&docx)["word/document.xml"].clone()).unwrap();
    assert!(
        document.contains("全年共受理代表来信来访"),
        "the DOCX draft"
    );
}

#[test]
fn two_reports_of_the_same_content_are_byte_identical() {
    let dir = TempDir::new().unwrap();
    let a = std::fs::read(report(&sample(), 2025, "2026-11-25", dir.path())).unwrap();
    let second = dir.path().join("again");
    std::fs::create_dir(&second).unwrap();
    let b = std::fs::read(report(&sample(), 2025, "2026-11-25", &second)).unwrap();
    assert!(a == b, "the PDFs differ");
}

/// `content/reports/<year>.md` gives 前言, 存在的问题 and 下一步工作, merged at their places;
/// a year without one says which parts are to be written.
#[test]
fn the_offices_parts_are_merged_at_their_places_or_said_to_be_missing() {
    let dir = TempDir::new().unwrap();
    let body = text(&report(&sample(), 2025, "2026-11-25", dir.path()));
    let written = std::fs::read_to_string(Path::new(&sample()).join("reports/2025.md")).unwrap();
    let part = |heading: &str| -> String {
        let start = written.find(&format!("## {heading}")).unwrap() + heading.len() + 3;
        let end = written[start..]
            .find("## ")
            .map_or(written.len(), |e| start + e);
        written[start..end].split_whitespace().collect()
    };
    let at = |needle: &str| {
        body.rfind(needle)
            .unwrap_or_else(|| panic!("{needle} missing"))
    };
    let foreword = at(&part("前言"));
    let problems = at(&part("存在的问题"));
    let next = at(&part("下一步工作"));
    assert!(foreword < at("一、总体情况"), "the foreword comes first");
    assert!(at("三、存在的问题") < problems && problems < at("四、下一步工作"));
    assert!(at("四、下一步工作") < next && next < at("附件1各项履职要求的评估结果"));
    assert!(!body.contains("待撰写"), "2025 has every part");
    let body = text(&report(&sample(), 2024, "2026-11-25", dir.path()));
    assert_eq!(
        body.matches("【待撰写：").count(),
        3,
        "2024 has no reports/2024.md"
    );
    assert!(body.contains("content/reports/2024.md"));
}

#[test]
fn a_report_file_is_checked_like_a_record() {
    let dir = TempDir::new().unwrap();
    common::copy_dir(Path::new(&sample()), dir.path());
    std::fs::write(
        dir.path().join("reports/2025.md"),
        "---\nyear: 2024\ncolour: red\n---\n前言\n## 前言\n好\n## 问题\n",
    )
    .unwrap();
    let out = lianluo(&[
        "check",
        "--content",
        &dir.path().display().to_string(),
        "--as-of",
        "2026-11-25",
        "--format",
        "json",
    ]);
    assert_ne!(out.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut found: Vec<(String, u64, u64)> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"] == "reports/2025.md")
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        vec![
            ("invalid-value".to_string(), 2, 7),
            ("invalid-value".to_string(), 5, 1),
            ("invalid-value".to_string(), 8, 1),
            ("unknown-field".to_string(), 3, 1),
        ],
        "{report}"
    );
}

/// `lianluo report --format docx`: the year's editable draft, written to `dir`.
fn draft(year: i32, theme: Option<&Path>, dir: &Path) -> PathBuf {
    let docx = dir.join(format!("{year}.docx"));
    let mut args = vec![
        "report".to_string(),
        "--content".into(),
        sample(),
        "--year".into(),
        year.to_string(),
        "--as-of".into(),
        "2026-11-25".into(),
        "--format".into(),
        "docx".into(),
        "--output".into(),
        docx.display().to_string(),
    ];
    if let Some(theme) = theme {
        args.extend(["--theme".to_string(), theme.display().to_string()]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    lianluo_ok(&args);
    docx
}

/// The parts of a DOCX package by name.
fn parts(docx: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(docx).unwrap();
    let mut archive = zip::ZipArchive::new(file).expect("a DOCX is a zip package");
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            (entry.name().unwrap().into_owned(), bytes)
        })
        .collect()
}

/// The text of a DOCX's document: its `w:t` runs, each paragraph on a line.
fn docx_text(document: &str) -> String {
    let mut text = String::new();
    for paragraph in document.split("</w:p>") {
        let mut rest = paragraph;
        while let Some(start) = rest.find("<w:t") {
            let after = &rest[start + "<w:t".len()..];
            // `<w:t>` or `<w:t xml:space=…>`, not `<w:tbl>`, `<w:tc>` …
            if !(after.starts_with('>') || after.starts_with(' ')) {
                rest = after;
                continue;
            }
            let (Some(open), Some(close)) = (after.find('>'), after.find("</w:t>")) else {
                break;
            };
            text.push_str(&after[open + 1..close]);
            rest = &after[close..];
        }
        text.push('\n');
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// The draft has the report's narrative with Word's heading styles, its tables as Word
/// tables, its charts as PNG images with alternative text, the office's fonts by name,
/// and `as_of` as its date.
#[test]
fn the_docx_draft_has_the_narrative_heading_styles_tables_and_charts() {
    let dir = TempDir::new().unwrap();
    let pdf_text = text(&report(&sample(), 2025, "2026-11-25", dir.path()));
    let docx = draft(2025, None, dir.path());
    let parts = parts(&docx);
    let document = String::from_utf8(parts["word/document.xml"].clone()).unwrap();
    for style in ["Heading1", "Heading2"] {
        assert!(
            document.contains(&format!("<w:pStyle w:val=\"{style}\" />")),
            "no {style} paragraph"
        );
    }
    let styles = String::from_utf8(parts["word/styles.xml"].clone()).unwrap();
    for font in ["仿宋", "黑体", "楷体", "宋体"] {
        assert!(styles.contains(&format!("w:eastAsia=\"{font}\"")), "{font}");
    }
    assert!(styles.contains("w:styleId=\"Heading3\""));
    assert!(
        document.matches("<w:tbl>").count() >= 3,
        "the annex's tables"
    );
    let images: Vec<&String> = parts
        .keys()
        .filter(|k| k.starts_with("word/media/") && k.ends_with(".png"))
        .collect();
    assert!(!images.is_empty(), "no chart image");
    for image in &images {
        assert!(
            parts[*image].starts_with(b"\x89PNG"),
            "{image} is not a PNG"
        );
    }
    // Every drawing shows one of the images (a chart shown twice is stored once) and has
    // the chart's data as its alternative text.
    let drawings = document.matches("<w:drawing>").count();
    assert!(drawings >= images.len());
    assert_eq!(document.matches("descr=\"柱状图：").count(), drawings);
    for embed in document.split("r:embed=\"").skip(1) {
        let id = &embed[..embed.find('"').unwrap()];
        assert!(parts.contains_key(&format!("word/media/{id}.png")), "{id}");
    }
    let core = String::from_utf8(parts["docProps/core.xml"].clone()).unwrap();
    assert!(core.contains("2026-11-25T00:00:00Z"), "{core}");
    // The same words as the PDF: headings numbered as text, and each paragraph of the
    // narrative's first section in both.
    let body = docx_text(&document);
    for heading in [
        "一、总体情况",
        "二、主要工作",
        "（一）邀请代表列席常委会会议",
        "三、存在的问题",
        "四、下一步工作",
        "附件1　各项履职要求的评估结果",
        "附件4　组成人员联系代表情况",
    ] {
        assert!(body.lines().any(|l| l == heading), "{heading} missing");
    }
    let first = body
        .lines()
        .skip_while(|l| *l != "（一）邀请代表列席常委会会议")
        .nth(1)
        .unwrap();
    assert!(
        first.contains("邀请代表列席") && first.contains("比上年"),
        "{first}"
    );
    let flat: String = pdf_text.split_whitespace().collect();
    let sentence: String = first
        .split('。')
        .next()
        .unwrap()
        .split_whitespace()
        .collect();
    assert!(flat.contains(&sentence), "not in the PDF: {sentence}");
}

#[test]
fn two_drafts_of_the_same_content_are_byte_identical() {
    let dir = TempDir::new().unwrap();
    let a = std::fs::read(draft(2025, None, dir.path())).unwrap();
    let second = dir.path().join("again");
    std::fs::create_dir(&second).unwrap();
    let b = std::fs::read(draft(2025, None, &second)).unwrap();
    assert!(a == b, "the DOCX drafts differ");
    // Every entry of the package is dated as_of, not the time it was written.
    let file = std::io::Cursor::new(a);
    let mut archive = zip::ZipArchive::new(file).unwrap();
    for i in 0..archive.len() {
        let entry = archive.by_index(i).unwrap();
        let time = entry.last_modified().unwrap();
        assert_eq!(
            (time.year(), time.month(), time.day()),
            (2026, 11, 25),
            "{}",
            entry.name().unwrap()
        );
    }
}

/// LibreOffice opens the draft and lays it out (when it is installed).
#[test]
fn libreoffice_opens_the_draft() {
    if Command::new("soffice").arg("--version").output().is_err() {
        println!("skipped: soffice (LibreOffice) is not on PATH");
        return;
    }
    let dir = TempDir::new().unwrap();
    let docx = draft(2025, None, dir.path());
    let profile = dir.path().join("profile");
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path().join("converted"))
        .arg(&docx)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = dir.path().join("converted/2025.pdf");
    let info = tool("pdfinfo", &[&pdf.display().to_string()]);
    let pages: u32 = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    assert!(
        pages >= 10,
        "LibreOffice laid the draft out on {pages} pages"
    );
    let converted = text(&pdf);
    assert!(converted.contains("二、主要工作"), "{converted}");
}
