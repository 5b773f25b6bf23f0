//! The project's own typst `World`: in-memory sources (the theme's template and includes),
//! the year's data as a virtual JSON file, the charts as virtual SVG files, fonts shared by
//! every report of the process. No file system access, no package downloads, no clock.

use std::collections::HashMap;
use std::sync::OnceLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use super::fonts::Fonts;

fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::default()))
}

/// A file id for a path inside the (virtual) project.
pub fn file_id(path: &str) -> Result<FileId, String> {
    let vpath =
        VirtualPath::new(path).map_err(|e| format!("bad report file path {path}: {e:?}"))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

pub struct ReportWorld<'f> {
    fonts: &'f Fonts,
    main: FileId,
    sources: HashMap<FileId, Source>,
    files: HashMap<FileId, Bytes>,
    today: Datetime,
}

impl<'f> ReportWorld<'f> {
    /// `templates`: typst sources by path (`/annual.typ` is the main one); `files`: other
    /// files (the data, the charts) by path.
    pub fn new(
        fonts: &'f Fonts,
        templates: &[(String, String)],
        files: Vec<(String, Vec<u8>)>,
        today: chrono::NaiveDate,
    ) -> Result<Self, String> {
        use chrono::Datelike;
        let mut sources = HashMap::new();
        for (path, text) in templates {
            let id = file_id(&format!("/{path}"))?;
            sources.insert(id, Source::new(id, text.clone()));
        }
        let main = file_id("/annual.typ")?;
        if !sources.contains_key(&main) {
            return Err("the theme has no report/annual.typ".into());
        }
        let mut bytes = HashMap::new();
        for (path, data) in files {
            bytes.insert(file_id(&format!("/{path}"))?, Bytes::new(data));
        }
        let today = Datetime::from_ymd(today.year(), today.month() as u8, today.day() as u8)
            .ok_or("as_of is not a date typst knows")?;
        Ok(ReportWorld {
            fonts,
            main,
            sources,
            files: bytes,
            today,
        })
    }
}

impl World for ReportWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.sources.get(&id).cloned().ok_or(FileError::NotSource)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let Some(source) = self.sources.get(&id) {
            return Ok(Bytes::from_string(source.text().to_string()));
        }
        self.files.get(&id).cloned().ok_or_else(|| {
            FileError::Other(Some(
                "not part of the report (reports read only their data and theme files)".into(),
            ))
        })
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}
