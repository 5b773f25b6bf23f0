//! The reader's positions, scalars and refused constructs.

use super::*;

#[test]
fn dates_are_strict() {
    assert!(parse_date("2024-02-29").is_ok());
    assert!(parse_date("2024-02-30").unwrap_err().contains("没有30日"));
    assert!(parse_date("2024/3/5").unwrap_err().contains("YYYY-MM-DD"));
    assert!(parse_date("2024-13-01").unwrap_err().contains("没有13月"));
    assert!(parse_date("２０２４-01-01").is_err());
}

#[test]
fn fields_report_every_mistake_with_positions() {
    let text = "name: 韦明\ngrasroots: true\nsession: x\nterms: 14\n";
    let root = parse(text, 2, "f.md").unwrap();
    let reader = Reader::new("f.md", 2);
    reader.read_root(&root, |f| {
        f.req::<String>("name");
        f.req::<bool>("grassroots");
        f.req::<u32>("session");
        f.scalars::<String>("terms");
        Some(())
    });
    let diags = reader.into_diagnostics();
    let found: Vec<_> = diags.iter().map(|d| (d.code, d.line, d.column)).collect();
    assert!(found.contains(&(Code::MissingField, 3, 1)), "{found:?}");
    assert!(found.contains(&(Code::InvalidValue, 5, 10)), "{found:?}");
    assert!(found.contains(&(Code::InvalidValue, 6, 8)), "{found:?}");
    assert!(found.contains(&(Code::UnknownField, 4, 1)), "{found:?}");
    let unknown = diags.iter().find(|d| d.code == Code::UnknownField).unwrap();
    assert!(unknown.hint.as_deref().unwrap().contains("grassroots"));
}

#[test]
fn yaml_12_keeps_no_as_a_key_and_quoted_numbers_as_text() {
    let root = parse("no: 1\nterm: \"14\"\nflag: \"true\"\n", 0, "f.yaml").unwrap();
    let reader = Reader::new("f.yaml", 0);
    let got = reader.read_root(&root, |f| {
        Some((
            f.req::<u32>("no")?.value,
            f.req::<String>("term")?.value,
            f.opt::<bool>("flag"),
        ))
    });
    let (no, term, flag) = got.unwrap();
    assert_eq!((no, term.as_str()), (1, "14"));
    assert!(flag.is_none(), "a quoted \"true\" is text, not a boolean");
}

#[test]
fn syntax_errors_have_positions_and_never_panic() {
    for text in [
        "a: [1, 2\n",
        "a: \"open\n",
        "a:\n  - b\n c: d\n",
        "*x",
        "&a b: *a",
        "- 1\n",
        "a: b\na: c\n",
        "? [a]\n: b\n",
    ] {
        let d = parse(text, 1, "f.md").unwrap_err();
        assert_eq!(d.code, Code::YamlSyntax, "{text:?} gave {d:?}");
        assert!(
            d.line >= 2,
            "{text:?}: line {} must count the fence",
            d.line
        );
    }
    assert!(parse("# only a comment\n", 0, "f.yaml").is_ok());
}
