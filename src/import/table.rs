//! A clerk's sheet read into rows of cells, each knowing its address (`Sheet1!C14`).
//!
//! Workbooks (`.xlsx`, `.xlsm`, `.xls`, `.ods`) are read with calamine; `.csv` files are
//! decoded as UTF-8 (with or without a byte order mark) when they are valid UTF-8, else as
//! GB18030, which Excel on Chinese Windows writes. The header is the first row with at least
//! two cells filled (a title above it, in one cell, is passed over); rows after it that are
//! entirely empty are skipped.

use std::path::Path;

use calamine::{Data, Reader};
use chrono::NaiveDate;

/// The value of one cell, as the sheet holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A date cell (Excel's serial number with a date format, or an ODS date).
    Date(NaiveDate),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as the clerk sees it, for messages and for text fields.
    pub fn shown(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.trim().to_string(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => n.to_string(),
            Cell::Bool(true) => "TRUE".into(),
            Cell::Bool(false) => "FALSE".into(),
            Cell::Date(d) => d.to_string(),
        }
    }
}

/// One row of data: its number in the sheet (from 1) and its cells by column (from 0).
#[derive(Debug, Clone)]
pub struct Row {
    pub number: u32,
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn cell(&self, column: u32) -> &Cell {
        self.cells.get(column as usize).unwrap_or(&Cell::Empty)
    }
}

/// A sheet: where it is (`代表名册.xlsx › Sheet1`), its header and its rows.
#[derive(Debug, Clone)]
pub struct Table {
    /// The file's name and, for a workbook, the sheet: `代表名册.xlsx › Sheet1`.
    pub label: String,
    /// True for a workbook (cells are written `Sheet1!C14`), false for a CSV (`C14`).
    pub workbook: bool,
    pub header_row: u32,
    /// Column (from 0) and text of every non-empty header cell.
    pub headers: Vec<(u32, String)>,
    pub rows: Vec<Row>,
}

impl Table {
    /// `代表名册.xlsx › Sheet1!C14`, or `名册.csv › C14`.
    pub fn at(&self, column: u32, row: u32) -> String {
        let cell = format!("{}{row}", column_letters(column));
        if self.workbook {
            format!("{}!{cell}", self.label)
        } else {
            format!("{} › {cell}", self.label)
        }
    }

    /// The whole row, for mistakes about a row rather than a cell: `… › Sheet1!14:14`.
    pub fn row_at(&self, row: u32) -> String {
        if self.workbook {
            format!("{}!{row}:{row}", self.label)
        } else {
            format!("{} › 第 {row} 行", self.label)
        }
    }
}

/// `0 → A`, `25 → Z`, `26 → AA`.
pub fn column_letters(column: u32) -> String {
    let mut n = column + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8_lossy(&letters).into_owned()
}

/// Reads the sheet `sheet` (the first one when `None`) of a workbook, or a CSV file.
pub fn read(path: &Path, sheet: Option<&str>) -> Result<Table, String> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "csv" | "txt" => {
            let bytes = std::fs::read(path).map_err(|e| {
                format!("无法读取 `{}`：{e}（cannot read the file）", path.display())
            })?;
            from_csv(&name, &bytes)
        }
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => from_workbook(path, &name, sheet),
        _ => Err(format!(
            "`{name}` 不是可导入的表格（unsupported file）：请用 .xlsx、.xls、.ods 或 .csv"
        )),
    }
}

fn from_workbook(path: &Path, name: &str, sheet: Option<&str>) -> Result<Table, String> {
    let mut book = calamine::open_workbook_auto(path)
        .map_err(|e| format!("无法打开工作簿 `{name}`：{e}（cannot open the workbook）"))?;
    let names = book.sheet_names();
    let chosen = match sheet {
        Some(wanted) => match names.iter().find(|n| n.as_str() == wanted) {
            Some(n) => n.clone(),
            None => {
                let near = crate::diag::did_you_mean(wanted, names.iter().map(String::as_str))
                    .map(|n| format!("是否应为 `{n}`？"))
                    .unwrap_or_default();
                return Err(format!(
                    "工作簿 `{name}` 中没有名为 `{wanted}` 的工作表（no such sheet）；{near}现有：{}",
                    names.join("、")
                ));
            }
        },
        None => names
            .first()
            .cloned()
            .ok_or_else(|| format!("工作簿 `{name}` 中没有工作表（no sheet）"))?,
    };
    let range = book
        .worksheet_range(&chosen)
        .map_err(|e| format!("无法读取工作表 `{chosen}`：{e}（cannot read the sheet）"))?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut grid = Vec::new();
    for (i, cells) in range.rows().enumerate() {
        let mut row = vec![Cell::Empty; first_col as usize];
        row.extend(cells.iter().map(cell_of));
        grid.push((first_row + i as u32 + 1, row));
    }
    Ok(table(format!("{name} › {chosen}"), true, grid))
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d))
                .map_or_else(|| Cell::Number(dt.as_f64()), Cell::Date)
        }
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) => s
            .get(..10)
            .and_then(|d| crate::content::yaml::parse_date(d).ok())
            .map_or_else(|| Cell::Text(s.clone()), Cell::Date),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(format!("#{e}")),
    }
}

/// The text of a CSV file: UTF-8 (its byte order mark dropped) when it is valid UTF-8,
/// else GB18030.
pub fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

/// A CSV file's rows; every cell is text.
pub fn from_csv(name: &str, bytes: &[u8]) -> Result<Table, String> {
    let text = decode(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut grid = Vec::new();
    // Rows are numbered by the line each record starts on, as a spreadsheet shows them
    // (blank lines included, which the CSV reader skips).
    let (mut counted, mut line) = (0usize, 1u32);
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("`{name}` 第 {} 行不是有效的 CSV：{e}", i + 1))?;
        let row = record
            .iter()
            .map(|v| {
                if v.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(v.to_string())
                }
            })
            .collect();
        // The reader's position may stand on the line break before the record.
        let bytes = text.as_bytes();
        let mut start = record
            .position()
            .map_or(counted, |p| p.byte() as usize)
            .max(counted);
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        let start = start.min(bytes.len());
        line += bytes[counted..start]
            .iter()
            .filter(|b| **b == b'\n')
            .count() as u32;
        counted = start;
        grid.push((line, row));
    }
    Ok(table(name.to_string(), false, grid))
}

fn table(label: String, workbook: bool, grid: Vec<(u32, Vec<Cell>)>) -> Table {
    let filled = |cells: &[Cell]| cells.iter().filter(|c| !c.is_empty()).count();
    let mut rows = grid.into_iter().filter(|(_, cells)| filled(cells) > 0);
    let Some((header_row, header)) = rows.by_ref().find(|(_, cells)| filled(cells) >= 2) else {
        return Table {
            label,
            workbook,
            header_row: 1,
            headers: Vec::new(),
            rows: Vec::new(),
        };
    };
    let headers = header
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.is_empty())
        .map(|(i, c)| (i as u32, c.shown()))
        .collect();
    Table {
        label,
        workbook,
        header_row,
        headers,
        rows: rows.map(|(number, cells)| Row { number, cells }).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_go_past_z() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(2), "C");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn csv_in_utf8_with_bom_and_in_gb18030_reads_the_same() {
        let text = "姓名,民族\n韦明,壮族\n\n覃丽萍,汉族\n";
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        let (gb, _, failed) = encoding_rs::GB18030.encode(text);
        assert!(!failed);
        assert!(
            std::str::from_utf8(&gb).is_err(),
            "GB18030 bytes are not UTF-8"
        );
        let a = from_csv("名册.csv", &bom).unwrap();
        let b = from_csv("名册.csv", &gb).unwrap();
        assert_eq!(a.headers, vec![(0, "姓名".into()), (1, "民族".into())]);
        assert_eq!(a.headers, b.headers);
        assert_eq!(a.rows.len(), 2);
        assert_eq!(a.rows[1].number, 4);
        assert_eq!(a.rows[1].cell(0), &Cell::Text("覃丽萍".into()));
        assert_eq!(b.rows[1].cell(0), &Cell::Text("覃丽萍".into()));
        assert_eq!(a.at(1, 4), "名册.csv › B4");
    }
}
