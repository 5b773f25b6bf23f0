//! Imports of generated workbooks into fresh content folders: a province's roster and its
//! contact log pass `check`; planted mistakes are all reported at their cells and nothing is
//! written; CSV encodings read alike; `--update` edits only the values the sheet gives.

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

use super::*;

pub enum X {
    T(String),
    D(u16, u8, u8),
    E,
}

pub fn t(s: &str) -> X {
    X::T(s.to_string())
}

/// Writes one sheet named `sheet` with `rows` (the first is the header).
pub fn write_workbook(path: &Path, sheet: &str, rows: &[Vec<X>]) {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name(sheet).unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                X::T(s) => {
                    ws.write_string(r, c, s).unwrap();
                }
                X::D(y, m, d) => {
                    let dt = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    ws.write_datetime_with_format(r, c, &dt, &date).unwrap();
                }
                X::E => {}
            }
        }
    }
    book.save(path).unwrap();
}

/// A content folder with only its settings and two groups.
pub fn empty_content(dir: &Path) -> PathBuf {
    let content = dir.join("content");
    std::fs::create_dir_all(content.join("groups")).unwrap();
    std::fs::write(
        content.join("site.yaml"),
        "title: 测试\nbody: 测试人大常委会\nbase_url: https://example.org/\nterms:\n  - {id: \"14\", name: 第十四届, start: 2023-01-13, end: 2028-01-12}\n",
    )
    .unwrap();
    std::fs::write(
        content.join("groups/nanning.yaml"),
        "name: 南宁市代表小组\nbasis: region\n",
    )
    .unwrap();
    std::fs::write(
        content.join("groups/jiaoyu.yaml"),
        "name: 教育行业代表小组\nbasis: sector\n",
    )
    .unwrap();
    content
}

const SURNAMES: &[&str] = &[
    "韦", "黄", "覃", "莫", "蓝", "陆", "农", "梁", "廖", "潘", "李", "陈", "吴", "周", "唐", "杨",
];
const MIDDLE: &[&str] = &["春", "小", "建", "山", "彩", "秋", "金", "文"];
const LAST: &[&str] = &["明", "燕", "禾", "涛", "林", "云", "菊", "华", "博"];

/// `n` distinct names.
pub fn names(n: usize) -> Vec<String> {
    let mut out = Vec::new();
    for s in SURNAMES {
        for m in MIDDLE {
            for l in LAST {
                out.push(format!("{s}{m}{l}"));
            }
        }
    }
    out.truncate(n);
    out
}

pub const ROSTER_HEADER: &[&str] = &[
    "序号",
    "姓名",
    "性别",
    "民族",
    "代表团",
    "是否基层代表",
    "职业",
    "界别",
    "代表小组",
    "联系方式",
    "身份证号",
    "就任日期",
];

/// The roster's row for deputy `i` named `name`.
pub fn roster_row(i: usize, name: &str) -> Vec<X> {
    vec![
        t(&(i + 1).to_string()),
        t(name),
        t(if i.is_multiple_of(2) { "男" } else { "女" }),
        t(if i.is_multiple_of(3) {
            "壮族"
        } else {
            "汉族"
        }),
        t(["南宁市", "柳州市", "桂林市"][i % 3]),
        t(if i % 4 == 3 { "否" } else { "是" }),
        t("某村委会主任"),
        t("农业农村"),
        if i.is_multiple_of(5) {
            t("南宁市代表小组")
        } else {
            X::E
        },
        t(&format!("138-0000-{i:04}")),
        t(&format!("450100XXXXXXXX{i:04}")),
        if i % 50 == 7 { X::D(2024, 3, 28) } else { X::E },
    ]
}

fn header(cols: &[&str]) -> Vec<X> {
    cols.iter().map(|c| t(c)).collect()
}

fn options<'a>(kind: ImportKind, file: &'a Path, content: &'a Path) -> Options<'a> {
    Options {
        kind,
        file,
        sheet: None,
        content,
        update: false,
    }
}

fn mistakes_of(result: Result<Plan, Failure>) -> Vec<Diagnostic> {
    match result {
        Err(Failure::Mistakes(m)) => m,
        Ok(plan) => panic!("no mistake; would write {} files", plan.files.len()),
        Err(Failure::Content(l)) => panic!("content: {:?}", l.diagnostics),
        Err(Failure::Io(w) | Failure::Input(w)) => panic!("{w}"),
    }
}

fn import(kind: ImportKind, file: &Path, content: &Path) -> Plan {
    match plan(&options(kind, file, content)) {
        Ok(plan) => {
            plan.write(content).unwrap();
            plan
        }
        Err(Failure::Mistakes(m)) => panic!(
            "{}",
            crate::diag::render_text(&m, &Default::default(), false)
        ),
        Err(Failure::Content(l)) => panic!("content: {:?}", l.diagnostics),
        Err(Failure::Io(w) | Failure::Input(w)) => panic!("{w}"),
    }
}

fn members_sheet(dir: &Path, names: &[String]) -> PathBuf {
    let path = dir.join("组成人员.xlsx");
    let mut rows = vec![header(&[
        "姓名",
        "职务",
        "任职日期",
        "联系代表",
        "联系开始日期",
    ])];
    for (i, name) in ["梁文斌", "黄海涛", "岑德福"].iter().enumerate() {
        let linked: Vec<&str> = names[i * 4..i * 4 + 4].iter().map(String::as_str).collect();
        rows.push(vec![
            t(name),
            t("委员"),
            X::D(2023, 1, 13),
            t(&linked.join("、")),
            t("2023/3/1"),
        ]);
    }
    write_workbook(&path, "名单", &rows);
    path
}

#[test]
fn a_roster_of_700_and_a_contact_log_import_into_records_that_pass_check() {
    let dir = tempfile::tempdir().unwrap();
    let content = empty_content(dir.path());
    let names = names(700);
    let roster = dir.path().join("代表名册.xlsx");
    let mut rows = vec![header(ROSTER_HEADER)];
    rows.extend(names.iter().enumerate().map(|(i, n)| roster_row(i, n)));
    write_workbook(&roster, "Sheet1", &rows);
    let plan = import(ImportKind::Deputies, &roster, &content);
    assert_eq!(plan.files.len(), 700);
    let wei = std::fs::read_to_string(content.join("deputies/wei-chunming.yaml")).unwrap();
    assert!(wei.contains("name: 韦春明\n"), "{wei}");
    assert!(
        wei.contains("grassroots: true\nregion: 南宁市\nterms: [\"14\"]\n"),
        "{wei}"
    );
    assert!(wei.contains("group: nanning\n"), "{wei}");
    assert!(
        wei.contains("private:\n  phone: \"138-0000-0000\"\n  id_number: \"450100XXXXXXXX0000\"\n"),
        "{wei}"
    );
    assert!(std::fs::read_to_string(content.join("deputies/qin-chunming.yaml")).is_ok());

    import(
        ImportKind::Members,
        &members_sheet(dir.path(), &names),
        &content,
    );
    let contacts = dir.path().join("联系记录.xlsx");
    write_workbook(
        &contacts,
        "2024年",
        &[
            header(&[
                "组成人员",
                "联系代表",
                "联系日期",
                "联系方式",
                "是否听取意见",
                "意见建议",
                "反馈日期",
            ]),
            vec![
                t("梁文斌"),
                t(&names[0]),
                t("2024年3月5日"),
                t("走访"),
                t("是"),
                t("建议修缮村道"),
                t("2024.04.20"),
            ],
            vec![
                t("梁文斌"),
                t(&names[1]),
                X::D(2024, 5, 6),
                t("电话"),
                t("否"),
                X::E,
                X::E,
            ],
            vec![
                t("huang-haitao"),
                t(&names[4]),
                t("2024/6/1"),
                t("代表履职网络平台"),
                t("是"),
                X::E,
                X::E,
            ],
        ],
    );
    import(ImportKind::Contacts, &contacts, &content);
    let loaded = crate::load(&content).unwrap();
    assert!(
        !loaded.has_errors(),
        "{:?}",
        loaded.errors().collect::<Vec<_>>()
    );
    let model = loaded.model.unwrap();
    assert_eq!(model.deputies.len(), 700);
    assert_eq!(model.members["liang-wenbin"].links.len(), 4);
    let c = &model.contacts["2024-liang-wenbin-01"];
    assert_eq!(c.deputy.value, "wei-chunming");
    assert_eq!(c.opinions[0].summary, "建议修缮村道");
    assert_eq!(model.contacts.len(), 3);
    assert_eq!(model.deputies["wei-chunming"].private.len(), 2);
}

#[test]
fn ten_planted_mistakes_are_all_reported_at_their_cells_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let content = empty_content(dir.path());
    let names = names(40);
    // The roster, with a column misnamed and five cells wrong.
    let roster = dir.path().join("代表名册.xlsx");
    let mut head = header(ROSTER_HEADER);
    head[3] = t("民租");
    head.push(t("标识符"));
    let mut rows = vec![head];
    for (i, n) in names.iter().enumerate() {
        let mut row = roster_row(i, n);
        row.push(t(&crate::import::values::pinyin_id(n).unwrap()));
        rows.push(row);
    }
    rows[3][11] = t("2024/13/5"); // row 4, L: no 13th month
    rows[5][5] = t("试"); // row 6, F: 是/否 misspelt
    rows[8][4] = X::E; // row 9, E: no region
    rows[10][8] = t("柳州市代表小组"); // row 11, I: no such group
    rows[12][12] = t("wei-chunming"); // row 13, M: the id of row 2 again
    write_workbook(&roster, "Sheet1", &rows);
    let roster_mistakes = mistakes_of(plan(&options(ImportKind::Deputies, &roster, &content)));

    // The contact log, without its 是否听取意见 column, and three names wrong.
    let deputies = dir.path().join("d.csv");
    let mut csv = String::from("姓名,代表团,是否基层代表\n");
    for n in &names[..13] {
        csv.push_str(&format!("{n},南宁市,是\n"));
    }
    csv.push_str(&format!("{},柳州市,是\n", names[12]));
    std::fs::write(&deputies, csv).unwrap();
    import(ImportKind::Deputies, &deputies, &content);
    import(
        ImportKind::Members,
        &members_sheet(dir.path(), &names),
        &content,
    );
    let before = std::fs::read_dir(content.join("deputies")).unwrap().count();
    let contacts = dir.path().join("联系记录.xlsx");
    write_workbook(
        &contacts,
        "2024年",
        &[
            header(&["组成人员", "联系代表", "联系日期", "联系方式"]),
            vec![t("梁文斌"), t(&names[0]), X::D(2024, 3, 5), t("走访")],
            vec![t("梁文斌"), t("韦春敏"), X::D(2024, 3, 6), t("走访")], // B3: unknown name
            vec![t("梁文斌"), t(&names[12]), X::D(2024, 3, 7), t("走访")], // B4: two of that name
            vec![t("梁文斌"), t(&names[2]), X::D(2024, 3, 8), t("走防")], // D5: misspelt channel
        ],
    );
    let contact_mistakes = mistakes_of(plan(&options(ImportKind::Contacts, &contacts, &content)));

    let places = |m: &[Diagnostic]| {
        m.iter()
            .map(|d| (d.file.clone(), d.code))
            .collect::<Vec<_>>()
    };
    let s = |p: &str| p.to_string();
    assert_eq!(
        places(&roster_mistakes),
        vec![
            (s("代表名册.xlsx › Sheet1!D1"), Code::UnknownField),
            (s("代表名册.xlsx › Sheet1!L4"), Code::InvalidValue),
            (s("代表名册.xlsx › Sheet1!F6"), Code::InvalidValue),
            (s("代表名册.xlsx › Sheet1!E9"), Code::MissingField),
            (s("代表名册.xlsx › Sheet1!I11"), Code::UnknownReference),
            (s("代表名册.xlsx › Sheet1!M13"), Code::DuplicateId),
        ],
        "{roster_mistakes:#?}"
    );
    assert_eq!(
        places(&contact_mistakes),
        vec![
            (s("联系记录.xlsx › 2024年!1:1"), Code::MissingField),
            (s("联系记录.xlsx › 2024年!B3"), Code::UnknownReference),
            (s("联系记录.xlsx › 2024年!B4"), Code::UnknownReference),
            (s("联系记录.xlsx › 2024年!D5"), Code::InvalidValue),
        ],
        "{contact_mistakes:#?}"
    );
    let text = crate::diag::render_text(&roster_mistakes, &Default::default(), false);
    assert!(text.contains("--> 代表名册.xlsx › Sheet1!L4"), "{text}");
    assert!(text.contains("`2024/13/5` 不存在：没有13月"), "{text}");
    assert!(text.contains("是否应为 `民族`"), "{text}");
    let text = crate::diag::render_text(&contact_mistakes, &Default::default(), false);
    assert!(text.contains("是否应为“走访”"), "{text}");
    assert!(text.contains("有 2 名代表叫"), "{text}");
    assert!(text.contains("“是否听取意见”"), "{text}");
    // Nothing written by the failed runs: no contacts, and only the deputies of the CSV.
    assert!(!content.join("contacts").exists());
    assert_eq!(before, 14);
    assert_eq!(
        std::fs::read_dir(content.join("deputies")).unwrap().count(),
        14
    );
}

#[test]
fn gb18030_and_utf8_with_bom_csv_give_the_same_records() {
    let text = "姓名,选举单位,是否基层代表,民族,相关领域\n韦春兰,南宁市,是,壮族,乡村振兴、义务教育\n覃丽萍,\"柳州市\",否,汉族,\n";
    let mut plans = Vec::new();
    for bytes in [
        [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        encoding_rs::GB18030.encode(text).0.into_owned(),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let content = empty_content(dir.path());
        let file = dir.path().join("名册.csv");
        std::fs::write(&file, bytes).unwrap();
        let plan = import(ImportKind::Deputies, &file, &content);
        plans.push(
            plan.files
                .iter()
                .map(|f| (f.rel.clone(), f.text.clone()))
                .collect::<Vec<_>>(),
        );
    }
    assert_eq!(plans[0], plans[1]);
    assert_eq!(plans[0].len(), 2);
    assert_eq!(plans[0][0].0, "deputies/wei-chunlan.yaml");
    assert!(
        plans[0][0].1.contains("fields: [乡村振兴, 义务教育]"),
        "{}",
        plans[0][0].1
    );
    assert!(
        plans[0][1].1.contains("grassroots: false"),
        "{}",
        plans[0][1].1
    );
}

#[test]
fn existing_records_are_kept_unless_update_which_edits_only_the_sheets_fields() {
    let dir = tempfile::tempdir().unwrap();
    let content = empty_content(dir.path());
    std::fs::create_dir_all(content.join("deputies")).unwrap();
    let old = "---\n# 2024 年补选\nname: 苏小玲\ngrassroots: true\nregion: 南宁市  # 选举单位\nterms: [\"14\"]\noccupation: 工人\nprivate:\n  phone: \"1\"\n  note: 保留\n---\n\n履职情况正文。\n";
    std::fs::write(content.join("deputies/su-xiaoling.md"), old).unwrap();
    let file = dir.path().join("更新.csv");
    std::fs::write(
        &file,
        "姓名,职业,选举单位,电话\n苏小玲,电子厂工人,南宁市,\"2\"\n",
    )
    .unwrap();
    let refused = mistakes_of(plan(&options(ImportKind::Deputies, &file, &content)));
    // Without --update: a new record would need 是否基层代表, and the record exists.
    let places: Vec<&str> = refused.iter().map(|d| d.file.as_str()).collect();
    assert_eq!(places, ["更新.csv › 第 1 行", "更新.csv › 第 2 行"]);
    assert!(refused[0].message.contains("是否基层代表"));
    assert!(
        refused[1]
            .hint
            .as_deref()
            .unwrap_or("")
            .contains("--update")
    );
    let mut opts = options(ImportKind::Deputies, &file, &content);
    opts.update = true;
    let plan = plan(&opts).unwrap_or_else(|_| panic!("update"));
    assert_eq!(plan.files.len(), 1);
    assert_eq!(plan.files[0].action, Action::Update);
    plan.write(&content).unwrap();
    let new = std::fs::read_to_string(content.join("deputies/su-xiaoling.md")).unwrap();
    assert_eq!(
        new,
        old.replace("工人", "电子厂工人")
            .replace("phone: \"1\"", "phone: \"2\"")
    );
    // The same sheet again changes nothing.
    let again = super::plan(&opts).unwrap_or_else(|_| panic!("again"));
    assert_eq!(again.files[0].action, Action::Unchanged);
}

#[test]
fn a_mistake_only_check_finds_is_placed_at_the_cell_it_came_from() {
    let dir = tempfile::tempdir().unwrap();
    let content = empty_content(dir.path());
    let file = dir.path().join("名册.csv");
    std::fs::write(
        &file,
        "姓名,选举单位,是否基层代表,就任日期,离任日期\n韦明,南宁市,是,2024-05-01,2024-03-01\n",
    )
    .unwrap();
    let m = mistakes_of(plan(&options(ImportKind::Deputies, &file, &content)));
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].code, Code::DateOrder);
    assert_eq!(m[0].file, "名册.csv › E2");
    assert!(
        m[0].message.contains("deputies/wei-ming.yaml"),
        "{}",
        m[0].message
    );
}
