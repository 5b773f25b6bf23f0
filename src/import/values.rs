//! Cell values converted the way the records are checked: dates in the forms Excel and
//! clerks write, 是/否, lists, and ids made from the pinyin of a name.

use chrono::{Days, NaiveDate};
use pinyin::ToPinyin;

use super::table::Cell;

/// A date cell, an Excel serial number, or text: `2024-03-05`, `2024-3-5`, `2024/3/5`,
/// `2024.03.05`, `2024年3月5日`, `20240305`.
pub fn date(cell: &Cell) -> Result<NaiveDate, String> {
    match cell {
        Cell::Date(d) => Ok(*d),
        Cell::Number(n) if n.fract() == 0.0 && (19_000_101.0..=29_991_231.0).contains(n) => {
            text_date(&format!("{}", *n as i64))
        }
        // Excel's day numbers (1900 date system) for a date cell that lost its format.
        Cell::Number(n) if n.fract() == 0.0 && (1.0..=2_958_465.0).contains(n) => {
            let base = NaiveDate::from_ymd_opt(1899, 12, 30).ok_or("no base date")?;
            base.checked_add_days(Days::new(*n as u64))
                .ok_or_else(|| format!("`{n}` 不是日期"))
        }
        other => text_date(&other.shown()),
    }
}

fn text_date(text: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    let bad = || format!("`{t}` 不是日期（写成 2024-03-05、2024/3/5、2024.03.05 或 2024年3月5日）");
    let parts: Vec<&str> = if let Some(rest) = t.strip_suffix('日') {
        rest.split(['年', '月']).collect()
    } else if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        vec![&t[..4], &t[4..6], &t[6..]]
    } else {
        t.split(['-', '/', '.']).collect()
    };
    let [y, m, d] = parts[..] else {
        return Err(bad());
    };
    let number = |s: &str, most: usize| {
        let s = s.trim();
        (!s.is_empty() && s.len() <= most && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (Some(y), Some(m), Some(d)) = (number(y, 4), number(m, 2), number(d, 2)) else {
        return Err(bad());
    };
    if y < 1900 {
        return Err(bad());
    }
    NaiveDate::from_ymd_opt(y as i32, m, d).ok_or_else(|| {
        if (1..=12).contains(&m) {
            format!("`{t}` 不存在：{y}年{m}月没有{d}日")
        } else {
            format!("`{t}` 不存在：没有{m}月")
        }
    })
}

/// 是/否 (also true/false, TRUE/FALSE, 1/0, a boolean cell).
pub fn yes_no(cell: &Cell) -> Result<bool, String> {
    match cell {
        Cell::Bool(b) => Ok(*b),
        Cell::Number(n) if *n == 1.0 => Ok(true),
        Cell::Number(n) if *n == 0.0 => Ok(false),
        other => {
            let t = other.shown();
            match t.to_ascii_lowercase().as_str() {
                "是" | "true" | "y" | "yes" | "√" => Ok(true),
                "否" | "false" | "n" | "no" | "×" => Ok(false),
                _ => Err(format!("`{t}` 不是“是”或“否”")),
            }
        }
    }
}

/// A list written in one cell, split at `、`, `,`, `，`, `;`, `；` and line breaks.
pub fn list(cell: &Cell) -> Vec<String> {
    cell.shown()
        .split(['、', ',', '，', ';', '；', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Surnames whose reading differs from the characters' most common one, and two-character
/// surnames, which the id keeps in one piece (`ouyang-ming`).
const SURNAMES: &[(&str, &str)] = &[
    ("覃", "qin"),
    ("曾", "zeng"),
    ("单", "shan"),
    ("区", "ou"),
    ("仇", "qiu"),
    ("解", "xie"),
    ("朴", "piao"),
    ("查", "zha"),
    ("缪", "miao"),
    ("翟", "zhai"),
    ("盖", "ge"),
    ("过", "guo"),
    ("欧阳", "ouyang"),
    ("司马", "sima"),
    ("上官", "shangguan"),
    ("诸葛", "zhuge"),
    ("东方", "dongfang"),
    ("皇甫", "huangfu"),
    ("尉迟", "yuchi"),
    ("公孙", "gongsun"),
    ("慕容", "murong"),
    ("长孙", "zhangsun"),
    ("宇文", "yuwen"),
    ("司徒", "situ"),
    ("夏侯", "xiahou"),
];

/// The id a name gets when its row has none: the surname's pinyin, a hyphen, the given
/// name's pinyin (`韦春兰 → wei-chunlan`, `覃丽萍 → qin-liping`). `None` when the name has
/// nothing to spell (no Chinese character, letter or digit).
pub fn pinyin_id(name: &str) -> Option<String> {
    let name: String = name
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '·')
        .collect();
    let (surname, given) = match SURNAMES
        .iter()
        .filter(|(s, _)| name.starts_with(s) && name.chars().count() > s.chars().count())
        .max_by_key(|(s, _)| s.len())
    {
        Some((s, reading)) => ((*reading).to_string(), &name[s.len()..]),
        None => {
            let first = name.chars().next()?;
            (spell(&first.to_string()), &name[first.len_utf8()..])
        }
    };
    let given = spell(given);
    let id = [surname, given]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let id: String = id.chars().take(60).collect();
    let id = id.trim_matches('-').to_string();
    crate::model::is_valid_id(&id).then_some(id)
}

fn spell(text: &str) -> String {
    let mut out = String::new();
    for (c, p) in text.chars().zip(text.to_pinyin()) {
        match p {
            Some(p) => out.push_str(p.plain()),
            None if c.is_ascii_alphanumeric() => out.push(c.to_ascii_lowercase()),
            None => {}
        }
    }
    out
}

/// `id`, or `id-2`, `id-3`… : the first that `taken` does not hold.
pub fn free_id(id: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(id) {
        return id.to_string();
    }
    (2..)
        .map(|n| format!("{id}-{n}"))
        .find(|candidate| !taken(candidate))
        .unwrap_or_else(|| id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Cell {
        Cell::Text(t.into())
    }

    #[test]
    fn dates_in_the_forms_clerks_write() {
        let d = NaiveDate::from_ymd_opt(2024, 3, 5).unwrap();
        for t in [
            "2024-03-05",
            "2024-3-5",
            "2024/3/5",
            "2024.03.05",
            "2024年3月5日",
            "20240305",
        ] {
            assert_eq!(date(&text(t)), Ok(d), "{t}");
        }
        assert_eq!(date(&Cell::Date(d)), Ok(d));
        assert_eq!(date(&Cell::Number(45356.0)), Ok(d));
        assert_eq!(date(&Cell::Number(20240305.0)), Ok(d));
        assert!(date(&text("2024/13/5")).unwrap_err().contains("没有13月"));
        assert!(date(&text("2024-02-30")).unwrap_err().contains("没有30日"));
        assert!(date(&text("三月五日")).unwrap_err().contains("不是日期"));
        assert!(date(&text("2024/3")).is_err());
    }

    #[test]
    fn yes_and_no() {
        assert_eq!(yes_no(&text("是")), Ok(true));
        assert_eq!(yes_no(&text("否")), Ok(false));
        assert_eq!(yes_no(&text("TRUE")), Ok(true));
        assert_eq!(yes_no(&Cell::Bool(false)), Ok(false));
        assert!(yes_no(&text("试")).unwrap_err().contains("不是“是”或“否”"));
    }

    #[test]
    fn ids_from_names() {
        assert_eq!(pinyin_id("韦春兰").as_deref(), Some("wei-chunlan"));
        assert_eq!(pinyin_id("覃丽萍").as_deref(), Some("qin-liping"));
        assert_eq!(pinyin_id("欧阳明").as_deref(), Some("ouyang-ming"));
        assert_eq!(pinyin_id("韦 明").as_deref(), Some("wei-ming"));
        assert_eq!(pinyin_id("…"), None);
        let taken = ["wei-ming", "wei-ming-2"];
        assert_eq!(free_id("wei-ming", |c| taken.contains(&c)), "wei-ming-3");
        assert_eq!(free_id("lan-yu", |c| taken.contains(&c)), "lan-yu");
        assert_eq!(list(&text("乡村振兴、义务教育；养老服务")).len(), 3);
    }
}
