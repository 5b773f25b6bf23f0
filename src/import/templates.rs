//! The template workbooks of docs/templates/ (one per kind): the kind's Chinese headers,
//! required ones marked `*`, each with a note saying what goes in it, and example rows.
//! `LIANLUO_WRITE_TEMPLATES=1 cargo test --release --lib templates` writes them; the test
//! checks that the committed ones are what the columns say and that they import.

use std::path::Path;

use calamine::{Reader, open_workbook_auto};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Note, Workbook};

use super::tests::empty_content;
use super::*;

fn examples(kind: ImportKind) -> &'static [&'static [&'static str]] {
    match kind {
        ImportKind::Deputies => &[
            &[
                "",
                "韦春兰",
                "女",
                "壮族",
                "南宁市",
                "是",
                "南宁市某村党支部书记",
                "农业农村",
                "南宁市代表小组",
                "",
                "",
                "",
                "乡村振兴、农村饮水安全",
                "138-0000-0001",
                "",
                "",
                "",
            ],
            &[
                "",
                "覃丽萍",
                "女",
                "汉族",
                "柳州市",
                "否",
                "柳州市某中学校长",
                "教育",
                "",
                "14",
                "2024-03-28",
                "",
                "义务教育",
                "",
                "",
                "",
                "",
            ],
        ],
        ImportKind::Members => &[&[
            "",
            "梁文斌",
            "委员",
            "2023-01-13",
            "",
            "韦春兰",
            "2023-03-01",
        ]],
        ImportKind::Links => &[&["梁文斌", "韦春兰", "2023-03-01", ""]],
        ImportKind::Groups => &[&["", "南宁市代表小组", "按地区"]],
        ImportKind::Contacts => &[&[
            "",
            "梁文斌",
            "韦春兰",
            "2024-03-05",
            "走访",
            "是",
            "建议加强农村饮用水水源地保护",
            "否",
            "2024-04-20",
            "自治区水利厅书面反馈",
            "",
        ]],
        ImportKind::Letters => &[&[
            "",
            "韦春兰",
            "2024-03-05",
            "来信",
            "关于村级道路养护资金的问题",
            "否",
            "否",
            "自治区交通运输厅",
            "2024-03-08",
            "2024-04-30",
            "是",
            "",
            "",
        ]],
    }
}

fn name(kind: ImportKind) -> &'static str {
    match kind {
        ImportKind::Deputies => "deputies",
        ImportKind::Members => "members",
        ImportKind::Links => "links",
        ImportKind::Groups => "groups",
        ImportKind::Contacts => "contacts",
        ImportKind::Letters => "letters",
    }
}

fn write(kind: ImportKind, path: &Path) {
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(2026, 1, 1).unwrap();
    book.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let ws = book.add_worksheet();
    ws.set_name(kind.kind().label()).unwrap();
    for (c, column) in columns::of(kind).iter().enumerate() {
        let c = c as u16;
        let mark = if column.required { "*" } else { "" };
        ws.write_string(0, c, format!("{}{mark}", column.headers[0]))
            .unwrap();
        let note = format!("{}（{}）", column.note, column.key);
        ws.insert_note(0, c, &Note::new(note).set_author("lianluo"))
            .unwrap();
        ws.set_column_width(c, 14).unwrap();
    }
    for (r, row) in examples(kind).iter().enumerate() {
        for (c, text) in row.iter().enumerate().filter(|(_, t)| !t.is_empty()) {
            ws.write_string(r as u32 + 1, c as u16, *text).unwrap();
        }
    }
    ws.set_freeze_panes(1, 0).unwrap();
    book.save(path).unwrap();
}

fn cells(path: &Path) -> Vec<Vec<String>> {
    let mut book = open_workbook_auto(path).unwrap();
    let first = book.sheet_names()[0].clone();
    let range = book.worksheet_range(&first).unwrap();
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[test]
fn the_template_workbooks_are_current_and_import() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/templates");
    let dir = tempfile::tempdir().unwrap();
    let content = empty_content(dir.path());
    std::fs::remove_dir_all(content.join("groups")).unwrap();
    // In the order the templates name one another's records.
    let order = [
        ImportKind::Groups,
        ImportKind::Deputies,
        ImportKind::Members,
        ImportKind::Links,
        ImportKind::Contacts,
        ImportKind::Letters,
    ];
    assert_eq!(order.len(), ImportKind::ALL.len());
    for kind in order {
        let file = dir.path().join(format!("{}.xlsx", name(kind)));
        write(kind, &file);
        let committed = docs.join(format!("{}.xlsx", name(kind)));
        if std::env::var_os("LIANLUO_WRITE_TEMPLATES").is_some() {
            std::fs::create_dir_all(&docs).unwrap();
            std::fs::copy(&file, &committed).unwrap();
        }
        assert_eq!(
            cells(&committed),
            cells(&file),
            "{committed:?} is stale: regenerate it"
        );
        assert_eq!(cells(&file)[0].len(), examples(kind)[0].len(), "{kind:?}");
        let options = Options {
            kind,
            file: &committed,
            sheet: None,
            content: &content,
            update: kind == ImportKind::Links,
        };
        match plan(&options) {
            Ok(plan) => {
                plan.write(&content).unwrap();
            }
            Err(Failure::Mistakes(m)) => panic!("{kind:?}: {m:#?}"),
            Err(_) => panic!("{kind:?}"),
        }
    }
}
