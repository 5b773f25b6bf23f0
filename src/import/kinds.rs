//! One row of each kind of sheet into a draft record, its fields in the order of the
//! templates in `src/new/`. A cell left empty gives no field (an update keeps the record's
//! value).

use chrono::{Datelike, NaiveDate};

use super::ImportKind;
use super::rows::{Building, Cx, Draft, Sheet};
use super::table::Row;
use super::values;
use super::yaml::{Value, flow_list, scalar};
use crate::content::Kind;
use crate::diag::{Code, Diagnostic};
use crate::model::Model;

/// Converts every row of the sheet into drafts of records of `kind`.
pub fn drafts(
    kind: ImportKind,
    model: &Model,
    sheet: &Sheet,
    mistakes: &mut Vec<Diagnostic>,
) -> Vec<Draft> {
    let mut cx = Cx::new(kind, model, sheet, mistakes);
    let convert = match kind {
        ImportKind::Links => return links(&mut cx),
        ImportKind::Deputies => deputy,
        ImportKind::Members => member,
        ImportKind::Groups => group,
        ImportKind::Contacts => contact,
        ImportKind::Letters => letter,
    };
    sheet
        .table
        .rows
        .iter()
        .filter_map(|row| convert(&mut cx, row))
        .collect()
}

fn inline(text: &str) -> Value {
    Value::Inline(scalar(text))
}

fn date(d: NaiveDate) -> Value {
    Value::Inline(d.to_string())
}

fn boolean(v: bool) -> Value {
    Value::Inline(v.to_string())
}

const VISIBILITY: &[(&str, &str)] = &[
    ("公开", "public"),
    ("内部", "internal"),
    ("是", "public"),
    ("否", "internal"),
];

/// The text fields of a row, each into the field of the same key.
fn texts(cx: &mut Cx, b: &mut Building, keys: &[&'static str]) {
    for key in keys {
        if let Some((column, text)) = cx.text(b, key, false) {
            b.push(key, inline(&text), Some(column));
        }
    }
}

fn visibility(cx: &mut Cx, b: &mut Building) {
    if let Some((column, word)) = cx.word(b, "visibility", false, VISIBILITY) {
        b.push("visibility", Value::Inline(word.into()), Some(column));
    }
}

pub fn deputy(cx: &mut Cx, row: &Row) -> Option<Draft> {
    let mut b = Building::new(row);
    let name = cx.text(&mut b, "name", true);
    let id = cx.named_id(&mut b, name.as_ref(), values::pinyin_id);
    let creating = id.as_ref().is_some_and(|(_, existing)| existing.is_none());
    if let Some((column, name)) = &name {
        b.push("name", inline(name), Some(*column));
    }
    if let Some((column, v)) = cx.yes_no(&mut b, "grassroots", true) {
        b.push("grassroots", boolean(v), Some(column));
    }
    if let Some((column, region)) = cx.text(&mut b, "region", true) {
        b.push("region", inline(&region), Some(column));
    }
    let terms = match cx.cell(row, "terms") {
        Some((column, cell)) => {
            let terms = values::list(cell);
            let known = cx.term_ids();
            let unknown: Vec<String> = terms
                .iter()
                .filter(|t| !known.contains(t.as_str()))
                .cloned()
                .collect();
            if !unknown.is_empty() {
                let list = known.iter().copied().collect::<Vec<_>>().join("、");
                cx.wrong(
                    &mut b,
                    column,
                    Code::UnknownReference,
                    format!(
                        "届次 `{}` 不在 site.yaml 的 terms 中（unknown term）",
                        unknown.join("、")
                    ),
                    format!("写 site.yaml 中届的 id：{list}"),
                );
            }
            Some((Some(column), terms))
        }
        None if creating => cx.last_term().map(|t| (None, vec![t])),
        None => None,
    };
    if let Some((column, terms)) = terms {
        b.push("terms", Value::Inline(flow_list(&terms)), column);
    }
    for key in ["joined", "left"] {
        if let Some((column, d)) = cx.date(&mut b, key, false) {
            b.push(key, date(d), Some(column));
        }
    }
    texts(cx, &mut b, &["gender", "ethnicity", "occupation", "sector"]);
    if let Some((column, cell)) = cx.cell(row, "fields") {
        b.push(
            "fields",
            Value::Inline(flow_list(&values::list(cell))),
            Some(column),
        );
    }
    if let Some((column, text)) = cx.text(&mut b, "group", false)
        && let Some(group) = cx.resolve(&mut b, column, Kind::Group, &text)
    {
        b.push("group", inline(&group), Some(column));
    }
    private(cx, &mut b, id.as_ref().map(|(id, _)| id.as_str()));
    visibility(cx, &mut b);
    b.finish(id)
}

/// The private columns into `private:`, merged into the record's own private values on an
/// update (the sheet's replace those of the same key, the others stay).
fn private(cx: &mut Cx, b: &mut Building, id: Option<&str>) {
    let mut pairs: Vec<(String, String)> = id
        .and_then(|id| cx.model.deputies.get(id))
        .map(|d| d.private.clone())
        .unwrap_or_default();
    let mut column = None;
    for (key, field) in [
        ("private.phone", "phone"),
        ("private.id_number", "id_number"),
        ("private.address", "address"),
    ] {
        if let Some((c, text)) = cx.text(b, key, false) {
            column = column.or(Some(c));
            match pairs.iter_mut().find(|(k, _)| k == field) {
                Some(pair) => pair.1 = text,
                None => pairs.push((field.to_string(), text)),
            }
        }
    }
    if column.is_some() {
        let lines = pairs
            .iter()
            .map(|(k, v)| format!("  {}: {}", scalar(k), scalar(v)))
            .collect();
        b.push("private", Value::Block(lines), column);
    }
}

const ROLES: &[(&str, &str)] = &[
    ("主任", "主任"),
    ("副主任", "副主任"),
    ("秘书长", "秘书长"),
    ("委员", "委员"),
    ("常委会委员", "委员"),
];

pub fn member(cx: &mut Cx, row: &Row) -> Option<Draft> {
    let mut b = Building::new(row);
    let name = cx.text(&mut b, "name", true);
    let id = cx.named_id(&mut b, name.as_ref(), values::pinyin_id);
    if let Some((column, name)) = &name {
        b.push("name", inline(name), Some(*column));
    }
    if let Some((column, role)) = cx.word(&mut b, "role", true, ROLES) {
        b.push("role", inline(role), Some(column));
    }
    let from = cx.date(&mut b, "from", true);
    if let Some((column, d)) = from {
        b.push("from", date(d), Some(column));
    }
    if let Some((column, d)) = cx.date(&mut b, "to", false) {
        b.push("to", date(d), Some(column));
    }
    let links_from = cx
        .date(&mut b, "links_from", false)
        .map(|(_, d)| d)
        .or(from.map(|(_, d)| d));
    if let Some((column, cell)) = cx.cell(row, "links") {
        let mut lines: Vec<String> = Vec::new();
        let mut linked: Vec<String> = Vec::new();
        // An update keeps the member's links (with their dates) and adds the new ones.
        if let Some(m) = id.as_ref().and_then(|(id, _)| cx.model.members.get(id)) {
            for l in &m.links {
                linked.push(l.deputy.value.clone());
                let to =
                    l.to.as_ref()
                        .map(|t| format!(", to: {}", t.value))
                        .unwrap_or_default();
                lines.push(format!(
                    "  - {{deputy: {}, from: {}{to}}}",
                    l.deputy.value, l.from.value
                ));
            }
        }
        for text in values::list(cell) {
            let Some(deputy) = cx.resolve(&mut b, column, Kind::Deputy, &text) else {
                continue;
            };
            if let Some(start) = links_from
                && !linked.contains(&deputy)
            {
                lines.push(format!("  - {{deputy: {deputy}, from: {start}}}"));
                linked.push(deputy);
            }
        }
        b.push("links", Value::Block(lines), Some(column));
    }
    b.finish(id)
}

const BASES: &[(&str, &str)] = &[
    ("按地区", "region"),
    ("地区", "region"),
    ("按行业", "sector"),
    ("行业", "sector"),
];

/// A group's id: the pinyin of its name without `代表小组`, a syllable each.
fn group_id(name: &str) -> Option<String> {
    let short = name.trim_end_matches("代表小组").trim_end_matches("小组");
    let short = if short.is_empty() { name } else { short };
    let mut syllables = Vec::new();
    for c in short.chars() {
        if let Some(id) = values::pinyin_id(&format!("{c}{c}")) {
            // `pinyin_id` spells a surname and a given name; one character is the first half.
            syllables.push(id.split('-').next().unwrap_or_default().to_string());
        }
    }
    let id = syllables.join("-");
    crate::model::is_valid_id(&id).then_some(id)
}

pub fn group(cx: &mut Cx, row: &Row) -> Option<Draft> {
    let mut b = Building::new(row);
    let name = cx.text(&mut b, "name", true);
    let id = cx.named_id(&mut b, name.as_ref(), group_id);
    if let Some((column, name)) = &name {
        b.push("name", inline(name), Some(*column));
    }
    if let Some((column, basis)) = cx.word(&mut b, "basis", true, BASES) {
        b.push("basis", inline(basis), Some(column));
    }
    b.finish(id)
}

const CHANNELS: &[(&str, &str)] = &[
    ("走访", "visit"),
    ("座谈", "symposium"),
    ("调研", "research"),
    ("信函", "letter"),
    ("电话", "phone"),
    ("社交媒介", "social_media"),
    ("代表履职网络平台", "platform"),
    ("网络平台", "platform"),
    ("代表小组活动", "group_activity"),
];

pub fn contact(cx: &mut Cx, row: &Row) -> Option<Draft> {
    let mut b = Building::new(row);
    let member = cx.text(&mut b, "member", true).and_then(|(column, text)| {
        Some((column, cx.resolve(&mut b, column, Kind::Member, &text)?))
    });
    let deputy = cx.text(&mut b, "deputy", true).and_then(|(column, text)| {
        Some((column, cx.resolve(&mut b, column, Kind::Deputy, &text)?))
    });
    let day = cx.date(&mut b, "date", true);
    let id = match (&member, day) {
        (Some((_, m)), Some((_, d))) => cx.numbered_id(&mut b, &format!("{}-{m}", d.year())),
        _ => None,
    };
    let creating = id.as_ref().is_some_and(|(_, existing)| existing.is_none());
    for (key, value) in [("member", &member), ("deputy", &deputy)] {
        if let Some((column, v)) = value {
            b.push(key, inline(v), Some(*column));
        }
    }
    if let Some((column, d)) = day {
        b.push("date", date(d), Some(column));
    }
    if let Some((column, channel)) = cx.word(&mut b, "channel", true, CHANNELS) {
        b.push("channel", inline(channel), Some(column));
    }
    if let Some((column, v)) = cx.yes_no(&mut b, "listened", true) {
        b.push("listened", boolean(v), Some(column));
    }
    let complex = cx.yes_no(&mut b, "complex", false);
    let feedback = cx.date(&mut b, "feedback", false);
    let feedback_summary = cx.text(&mut b, "feedback_summary", false);
    match (cx.text(&mut b, "summary", false), &deputy) {
        (Some((column, summary)), Some((_, deputy))) => {
            let mut lines = vec![
                "  - no: 1".to_string(),
                format!("    deputy: {deputy}"),
                format!("    summary: {}", scalar(&summary)),
            ];
            if let Some((_, true)) = complex {
                lines.push("    complex: true".into());
            }
            if let Some((_, d)) = feedback {
                lines.push(format!("    feedback:\n      date: {d}"));
                if let Some((_, s)) = &feedback_summary {
                    lines.push(format!("      summary: {}", scalar(s)));
                }
            }
            b.push("opinions", Value::Block(lines), Some(column));
        }
        _ if creating => b.push("opinions", Value::Inline("[]".into()), None),
        _ => {}
    }
    visibility(cx, &mut b);
    b.finish(id)
}

const LETTER_CHANNELS: &[(&str, &str)] = &[("来信", "letter"), ("来访", "visit")];

pub fn letter(cx: &mut Cx, row: &Row) -> Option<Draft> {
    let mut b = Building::new(row);
    let deputy = cx.text(&mut b, "deputy", true).and_then(|(column, text)| {
        Some((column, cx.resolve(&mut b, column, Kind::Deputy, &text)?))
    });
    let received = cx.date(&mut b, "received", true);
    let id = match received {
        Some((_, d)) => cx.numbered_id(&mut b, &d.year().to_string()),
        None => None,
    };
    if let Some((column, d)) = &deputy {
        b.push("deputy", inline(d), Some(*column));
    }
    if let Some((column, d)) = received {
        b.push("received", date(d), Some(column));
    }
    if let Some((column, channel)) = cx.word(&mut b, "channel", true, LETTER_CHANNELS) {
        b.push("channel", inline(channel), Some(column));
    }
    if let Some((column, subject)) = cx.text(&mut b, "subject", true) {
        b.push("subject", inline(&subject), Some(column));
    }
    for key in ["major", "complex"] {
        if let Some((column, v)) = cx.yes_no(&mut b, key, false) {
            b.push(key, boolean(v), Some(column));
        }
    }
    let to = cx.text(&mut b, "forwarded_to", false);
    let forwarded = cx.date(&mut b, "forwarded", false);
    match (to, forwarded) {
        (Some((_, to)), Some((column, d))) => b.push(
            "forwarded",
            Value::Inline(format!("{{to: {}, date: {d}}}", scalar(&to))),
            Some(column),
        ),
        (Some((column, _)), None) | (None, Some((column, _))) => cx.wrong(
            &mut b,
            column,
            Code::MissingField,
            "“承办单位”和“转办日期”要一起填（forwarded needs both）".into(),
            "补上另一项，或两项都留空".into(),
        ),
        (None, None) => {}
    }
    let written = cx.yes_no(&mut b, "reply_written", false);
    match (cx.date(&mut b, "reply", false), written) {
        (Some((column, d)), Some((_, w))) => b.push(
            "reply",
            Value::Inline(format!("{{date: {d}, written: {w}}}")),
            Some(column),
        ),
        (Some((column, _)), None) => cx.wrong(
            &mut b,
            column,
            Code::MissingField,
            "填了“答复日期”，还要在“是否书面答复”填 是/否（reply needs written）".into(),
            "加一列“是否书面答复”并填写".into(),
        ),
        (None, _) => {}
    }
    if let Some((column, d)) = cx.date(&mut b, "reported", false) {
        b.push("reported", date(d), Some(column));
    }
    visibility(cx, &mut b);
    b.finish(id)
}

/// A links sheet: every row a member's link to a deputy. Each member named gets the links of
/// its rows, in sheet order, in place of the ones it had.
pub fn links(cx: &mut Cx) -> Vec<Draft> {
    let mut by_member: Vec<(String, u32, u32, Vec<String>)> = Vec::new();
    let table = cx.table;
    for row in &table.rows {
        let mut b = Building::new(row);
        let member = cx.text(&mut b, "member", true).and_then(|(column, text)| {
            Some((column, cx.resolve(&mut b, column, Kind::Member, &text)?))
        });
        let deputy = cx
            .text(&mut b, "deputy", true)
            .and_then(|(column, text)| cx.resolve(&mut b, column, Kind::Deputy, &text));
        let from = cx.date(&mut b, "from", true);
        let to = cx.date(&mut b, "to", false);
        let (Some((column, member)), Some(deputy), Some((_, from))) = (member, deputy, from) else {
            continue;
        };
        let to = to.map(|(_, t)| format!(", to: {t}")).unwrap_or_default();
        let line = format!("  - {{deputy: {deputy}, from: {from}{to}}}");
        match by_member.iter_mut().find(|(m, ..)| *m == member) {
            Some((.., lines)) => lines.push(line),
            None => by_member.push((member, row.number, column, vec![line])),
        }
    }
    by_member
        .into_iter()
        .map(|(member, row, column, lines)| Draft {
            existing: cx.existing_file(Kind::Member, &member),
            id: member,
            row,
            fields: vec![super::rows::FieldValue {
                key: "links",
                value: Value::Block(lines),
                column: Some(column),
            }],
        })
        .collect()
}
