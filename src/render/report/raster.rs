//! The report's charts as PNG images for the DOCX draft (a word processor shows SVG poorly
//! or not at all): the same SVG as the site's and the PDF's, rasterised with resvg, its text
//! set in the fonts the PDF uses (taken from the report's font store, not scanned again).

use std::sync::{Arc, OnceLock};

use resvg::usvg;

use super::fonts::Fonts;

/// The charts' face (their SVG asks for it first).
const CHART_FAMILY: &str = "Noto Sans CJK SC";

/// Pixels per SVG unit: twice the SVG's size, sharp when printed at the text's width.
const SCALE: f32 = 2.0;

/// The font database of the charts: the chart family's faces of the system's fonts, loaded
/// once per process.
fn font_database() -> Arc<usvg::fontdb::Database> {
    static DATABASE: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DATABASE
        .get_or_init(|| {
            let fonts = Fonts::system();
            let mut db = usvg::fontdb::Database::new();
            let mut loaded: Vec<*const u8> = Vec::new();
            for index in fonts.book().select_family(&CHART_FAMILY.to_lowercase()) {
                let Some(font) = fonts.font(index) else {
                    continue;
                };
                // The faces of one collection file share its bytes: load the file once.
                let data = font.data().clone();
                if loaded.contains(&data.as_ptr()) {
                    continue;
                }
                loaded.push(data.as_ptr());
                db.load_font_source(usvg::fontdb::Source::Binary(Arc::new(data)));
            }
            db.set_sans_serif_family(CHART_FAMILY);
            Arc::new(db)
        })
        .clone()
}

/// A chart as a PNG image: its bytes and its size in pixels.
pub struct Png {
    pub bytes: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Rasterises `svg` (one of the report's charts).
pub fn png(svg: &str) -> Result<Png, String> {
    let options = usvg::Options {
        fontdb: font_database(),
        font_family: CHART_FAMILY.to_string(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| format!("chart SVG: {e}"))?;
    let size = tree
        .size()
        .to_int_size()
        .scale_by(SCALE)
        .ok_or("chart SVG: empty size")?;
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height())
        .ok_or("chart SVG: too large to rasterise")?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(SCALE, SCALE),
        &mut pixmap.as_mut(),
    );
    let bytes = pixmap.encode_png().map_err(|e| format!("chart PNG: {e}"))?;
    Ok(Png {
        bytes,
        width: size.width(),
        height: size.height(),
    })
}
