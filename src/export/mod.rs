//! `lianluo export xlsx`: the 履职台账 workbook the office works from.
//!
//! A summary sheet, one sheet per rule with every evaluation (period, subject in words,
//! status, deadline, message), the opinions tracker, the members' contact figures per year
//! against art. 12's bar, and the records' own sheets with the field names as headers (so
//! the workbook imports back). Everything is read from the public projection: by default
//! only what the open data may publish; with `internal` the projection is made from a copy of
//! the model whose records are all opened, so internal records are listed too, while
//! `private:` values, which the projection has no field for, can never be written.

pub mod sheets;
pub(crate) mod subjects;
#[cfg(test)]
mod tests;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, FormatAlign, Workbook, Worksheet};

use crate::model::{Model, Visibility};
use crate::public::Public;
use crate::rules::Outcome;

pub struct Options {
    /// Only this year's evaluations, opinions and figures (plus its terms' evaluations).
    pub year: Option<i32>,
    /// List internal records too (for the office's own use).
    pub internal: bool,
}

/// A cell of a sheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Out {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

impl From<&str> for Out {
    fn from(s: &str) -> Out {
        Out::Text(s.to_string())
    }
}

impl From<String> for Out {
    fn from(s: String) -> Out {
        Out::Text(s)
    }
}

impl From<NaiveDate> for Out {
    fn from(d: NaiveDate) -> Out {
        Out::Date(d)
    }
}

impl From<u32> for Out {
    fn from(n: u32) -> Out {
        Out::Number(f64::from(n))
    }
}

impl<T: Into<Out>> From<Option<T>> for Out {
    fn from(v: Option<T>) -> Out {
        v.map_or(Out::Empty, Into::into)
    }
}

/// A sheet's content: its name (at most 31 characters), a title line above the header,
/// the header and the rows.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    pub title: String,
    pub header: Vec<&'static str>,
    pub rows: Vec<Vec<Out>>,
}

/// A model with every record public, for `--internal`. Deputies' private values stay in it
/// but the projection has no field for them.
fn opened(model: &Model) -> Model {
    let mut m = model.clone();
    macro_rules! open {
        ($($map:ident),+) => {$(
            for r in m.$map.values_mut() {
                std::sync::Arc::make_mut(r).meta.visibility = Visibility::Public;
            }
        )+};
    }
    open!(
        deputies,
        members,
        groups,
        meetings,
        solicitations,
        symposiums,
        activities,
        contacts,
        letters,
        pages
    );
    m
}

/// The workbook's sheets, in order.
pub fn sheets(model: &Model, outcome: &Outcome, options: &Options) -> Vec<Sheet> {
    let opened_model;
    let source = if options.internal {
        opened_model = opened(model);
        &opened_model
    } else {
        model
    };
    let public = Public::new(source, outcome.as_of);
    let evaluations = sheets::selected(model, outcome, options.year);
    let mut out = vec![sheets::summary(
        &public,
        &outcome.rules,
        &evaluations,
        options,
    )];
    out.extend(sheets::rules(&public, &outcome.rules, &evaluations));
    out.push(sheets::opinions(&public, &evaluations, options.year));
    out.push(sheets::members_figures(
        &public,
        outcome,
        &evaluations,
        options.year,
    ));
    out.extend(sheets::records(&public, model));
    out
}

/// The workbook's bytes. Same model, outcome and options: the same bytes (the workbook's
/// creation date is `as_of`).
pub fn workbook(model: &Model, outcome: &Outcome, options: &Options) -> Result<Vec<u8>, String> {
    let mut book = Workbook::new();
    let as_of = outcome.as_of;
    let created =
        ExcelDateTime::from_ymd(as_of.year() as u16, as_of.month() as u8, as_of.day() as u8)
            .map_err(|e| e.to_string())?;
    book.set_properties(
        &DocProperties::new()
            .set_title("履职台账")
            .set_author("lianluo")
            .set_creation_datetime(&created),
    );
    for sheet in sheets(model, outcome, options) {
        let ws = book.add_worksheet();
        write_sheet(ws, &sheet).map_err(|e| format!("sheet {}: {e}", sheet.name))?;
    }
    book.save_to_buffer().map_err(|e| e.to_string())
}

/// The width of text in a column, counting a CJK character as two.
fn width(text: &str) -> f64 {
    text.chars()
        .map(|c| if (c as u32) >= 0x2E80 { 2.1 } else { 1.1 })
        .sum()
}

fn write_sheet(ws: &mut Worksheet, sheet: &Sheet) -> Result<(), rust_xlsxwriter::XlsxError> {
    ws.set_name(&sheet.name)?;
    let bold = Format::new().set_bold();
    let head = Format::new()
        .set_bold()
        .set_background_color("#DDE6F0")
        .set_align(FormatAlign::Center);
    let date = Format::new().set_num_format("yyyy-mm-dd");
    ws.write_string_with_format(0, 0, &sheet.title, &bold)?;
    let mut widths: Vec<f64> = sheet.header.iter().map(|h| width(h) + 2.0).collect();
    for (c, h) in sheet.header.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, *h, &head)?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = r as u32 + 2;
        for (c, cell) in row.iter().enumerate() {
            let col = c as u16;
            let w = match cell {
                Out::Empty => 0.0,
                Out::Text(t) => {
                    ws.write_string(r, col, t)?;
                    width(t)
                }
                Out::Number(n) => {
                    ws.write_number(r, col, *n)?;
                    width(&n.to_string())
                }
                Out::Date(d) => {
                    let dt =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    ws.write_datetime_with_format(r, col, &dt, &date)?;
                    11.0
                }
            };
            if let Some(slot) = widths.get_mut(c) {
                *slot = slot.max(w + 1.0);
            }
        }
    }
    let widths: Vec<f64> = widths.iter().map(|w| w.clamp(6.0, 90.0)).collect();
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.set_freeze_panes(2, 0)?;
    // Printed: landscape, the title and header on every page, and one page wide unless that
    // would make the text too small to read (the opinions tracker).
    ws.set_landscape();
    if widths.iter().sum::<f64>() <= 240.0 {
        ws.set_print_fit_to_pages(1, 0);
    }
    ws.set_repeat_rows(0, 1)?;
    let last_row = sheet.rows.len() as u32 + 1;
    let last_col = sheet.header.len().saturating_sub(1) as u16;
    ws.autofilter(1, 0, last_row, last_col)?;
    Ok(())
}
