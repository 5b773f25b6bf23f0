use super::*;

fn date(text: &str) -> NaiveDate {
    crate::content::yaml::parse_date(text).unwrap()
}

fn settings() -> Settings {
    Settings {
        body: "某市人民代表大会常务委员会".to_string(),
        title: "某市人大常委会联系代表工作公开平台".to_string(),
        base_url: "https://renda.example.gov.cn/lianluo/".to_string(),
        terms: vec![parse_term("17:2022-01-06:2027-01-05").unwrap()],
        profile: ProfileChoice::default(),
    }
}

#[test]
fn terms_are_read_and_named() {
    assert_eq!(
        parse_term(" 14:2023-01-13:2028-01-12 ").unwrap(),
        Term {
            id: "14".to_string(),
            name: "第十四届".to_string(),
            start: date("2023-01-13"),
            end: date("2028-01-12"),
        }
    );
    let names: Vec<String> = ["1", "10", "13", "20", "27", "99", "100", "x-1"]
        .map(term_name)
        .into();
    assert_eq!(
        names,
        [
            "第一届",
            "第十届",
            "第十三届",
            "第二十届",
            "第二十七届",
            "第九十九届",
            "100",
            "x-1"
        ]
    );
}

#[test]
fn bad_terms_say_what_is_wrong() {
    let why = |text: &str| parse_term(text).unwrap_err();
    assert!(why("14:2023-01-13").contains("ID:开始日期:结束日期"));
    assert!(why("第十四届:2023-01-13:2028-01-12").contains("届的 id"));
    assert!(why("14:2023-13-01:2028-01-12").contains("2023-13-01"));
    assert!(why("14:2028-01-12:2023-01-13").contains("早于开始日期"));
}

#[test]
fn base_urls_get_their_final_slash_and_a_scheme_is_required() {
    assert_eq!(
        parse_base_url("https://renda.example.gov.cn/lianluo").unwrap(),
        "https://renda.example.gov.cn/lianluo/"
    );
    assert_eq!(
        parse_base_url("http://10.0.0.1/").unwrap(),
        "http://10.0.0.1/"
    );
    for bad in [
        "renda.example.gov.cn",
        "https://",
        "ftp://x/",
        "https:///x",
        "https://a b/",
    ] {
        assert!(parse_base_url(bad).is_err(), "{bad}");
    }
}

#[test]
fn names_are_one_line_and_not_empty() {
    assert_eq!(parse_name("  某市人大常委会 ").unwrap(), "某市人大常委会");
    assert!(parse_name("   ").is_err());
    assert!(parse_name("一\n二").is_err());
}

#[test]
fn placeholders_are_filled_once() {
    assert_eq!(
        fill("{a}-{b}-{c}-{", &[("a", "{b}"), ("b", "2")]),
        "{b}-2-{c}-{"
    );
}

#[test]
fn a_new_folder_loads_without_errors_and_says_what_was_given() {
    let dir = tempfile::TempDir::new().unwrap();
    let root = dir.path().join("portal");
    let mut given = settings();
    // Quotes, a colon and a hash would break unquoted YAML.
    given.title = "某市 \"联系代表\": #公开平台".to_string();
    let created = create(&root, &given).unwrap();
    assert!(created.files.contains(&PathBuf::from(".gitignore")));
    let loaded = crate::load(&root.join("content")).unwrap();
    let problems: Vec<String> = loaded
        .diagnostics
        .iter()
        .map(|d| d.message.clone())
        .collect();
    assert!(problems.is_empty(), "{problems:?}");
    let model = loaded.model.as_ref().unwrap();
    let site = model.site.as_ref().unwrap();
    assert_eq!(site.title, given.title);
    assert_eq!(site.body, given.body);
    assert_eq!(site.base_url, given.base_url);
    assert_eq!(site.terms.len(), 1);
    assert_eq!(site.terms[0].name, "第十七届");
    assert_eq!(site.terms[0].end.value, date("2027-01-05"));
    let regulation = model.regulation.as_ref().unwrap();
    assert_eq!(
        regulation.articles.len(),
        crate::model::regulation::Regulation::parse(REGULATION)
            .articles
            .len()
    );
    assert!(regulation.article(12).is_some());
    for kind in Kind::ALL {
        assert!(
            root.join("content").join(kind.folder()).is_dir(),
            "{kind:?}"
        );
    }
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(readme.contains(&given.body) && !readme.contains("{body}"));
    let ignore = std::fs::read_to_string(root.join(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "/output/"));
}

#[test]
fn a_folder_with_anything_in_it_is_refused() {
    let dir = tempfile::TempDir::new().unwrap();
    std::fs::write(dir.path().join(".hidden"), "").unwrap();
    let why = create(dir.path(), &settings()).unwrap_err();
    assert!(why.contains("不是空的"), "{why}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    let file = dir.path().join(".hidden");
    assert!(ensure_empty(&file).unwrap_err().contains("不是文件夹"));
    let empty = tempfile::TempDir::new().unwrap();
    assert!(create(empty.path(), &settings()).is_ok());
}
