//! Fonts for the reports: discovered once per process and shared by every report. Chinese
//! text needs Noto Serif/Sans CJK SC (宋体 and 黑体; Debian: fonts-noto-cjk) and AR PL KaitiM GB
//! (楷体 of the second-level headings; Debian: fonts-arphic-gkai00mp); without them a report would
//! print tofu boxes, so their absence is an error that names the packages.

use std::path::PathBuf;
use std::sync::OnceLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst_kit::fonts::{FontPath, FontSource, FontStore};

/// The families the default theme's report uses; each must be installed.
pub const REQUIRED_FAMILIES: &[&str] =
    &["Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL KaitiM GB"];

pub const INSTALL_HINT: &str = "安装 Debian 软件包 fonts-noto-cjk 和 fonts-arphic-gkai00mp：sudo apt-get install fonts-noto-cjk fonts-arphic-gkai00mp（install the Debian packages fonts-noto-cjk and fonts-arphic-gkai00mp）";

pub struct Fonts {
    store: FontStore,
}

/// A font file mapped into memory when a report first needs one of its faces. A CJK
/// collection is 20–30 MB, of which a report reads the tables and the few thousand glyphs it
/// sets: reading the whole file (typst-kit's `FontPath`) copied every byte of it.
struct Mapped {
    path: PathBuf,
    index: u32,
}

impl FontSource for Mapped {
    fn load(&self) -> Option<Font> {
        let file = std::fs::File::open(&self.path).ok()?;
        // SAFETY: the mapping is read only. A font file changed on disk while a report is
        // laid out (a package upgrade) could show through it; fontdb maps the same files for
        // the scan on the same terms.
        let map = unsafe { memmap2::Mmap::map(&file) }.ok()?;
        Font::new(Bytes::new(map), self.index)
    }
}

/// The fonts found by a scan, each mapped from its file when first used.
fn mapped(
    found: impl Iterator<Item = (FontPath, typst::text::FontInfo)>,
) -> impl Iterator<Item = (Mapped, typst::text::FontInfo)> {
    found.map(|(font, info)| {
        (
            Mapped {
                path: font.path,
                index: font.index,
            },
            info,
        )
    })
}

impl Fonts {
    /// Scans the system's fonts on a thread of its own, so that the scan overlaps the
    /// loading of the content; the first report then finds them scanned (or waits for the
    /// scan to end).
    pub fn scan_system_in_background() {
        // When no thread can be started, the first report scans them.
        let _ = std::thread::Builder::new()
            .name("lianluo-fonts".into())
            .spawn(|| {
                Fonts::system();
            });
    }

    /// The system's fonts (fontconfig's folders), scanned once per process.
    pub fn system() -> &'static Fonts {
        static SYSTEM: OnceLock<Fonts> = OnceLock::new();
        SYSTEM.get_or_init(|| {
            let mut store = FontStore::new();
            store.extend(mapped(typst_kit::fonts::system()));
            Fonts { store }
        })
    }

    /// Only the fonts found in these folders (for tests and for portable installations).
    pub fn scan(folders: &[PathBuf]) -> Fonts {
        let mut store = FontStore::new();
        for folder in folders {
            store.extend(mapped(typst_kit::fonts::scan(folder)));
        }
        Fonts { store }
    }

    pub fn book(&self) -> &LazyHash<FontBook> {
        self.store.book()
    }

    pub fn font(&self, index: usize) -> Option<Font> {
        self.store.font(index)
    }

    /// Checks that every family in `families` is installed.
    pub fn require(&self, families: &[&str]) -> Result<(), String> {
        let missing: Vec<&str> = families
            .iter()
            .copied()
            .filter(|f| !self.book().contains_family(&f.to_lowercase()))
            .collect();
        if missing.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "缺少报告所需的中文字体 {}（missing fonts）。{INSTALL_HINT}",
                missing.join("、")
            ))
        }
    }
}
