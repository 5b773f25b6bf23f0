//! `lianluo new KIND ID`: a new record from a commented template. Placeholders are written
//! `【…】` so that `check` reports every one left unfilled (an unknown id, an invalid date).

use std::path::{Path, PathBuf};

use crate::content::Kind;

/// The kind named on the command line: singular (`deputy`) or the folder (`deputies`).
pub fn parse_kind(name: &str) -> Result<Kind, String> {
    let singular = |k: Kind| format!("{:?}", k).to_lowercase();
    Kind::ALL
        .into_iter()
        .find(|k| singular(*k) == name || k.folder() == name)
        .ok_or_else(|| {
            format!(
                "没有 `{name}` 这类记录（unknown kind）；可用：{}",
                Kind::ALL.map(singular).join("、")
            )
        })
}

/// The commented template of a kind (the files in `src/new/`). Placeholders are `【…】`;
/// `{opinion}` stands for the commented example of an opinion.
pub fn template(kind: Kind) -> String {
    let text = match kind {
        Kind::Deputy => include_str!("new/deputy.yaml"),
        Kind::Member => include_str!("new/member.yaml"),
        Kind::Group => include_str!("new/group.yaml"),
        Kind::Meeting => include_str!("new/meeting.md"),
        Kind::Solicitation => include_str!("new/solicitation.md"),
        Kind::Symposium => include_str!("new/symposium.md"),
        Kind::Activity => include_str!("new/activity.md"),
        Kind::Contact => include_str!("new/contact.yaml"),
        Kind::Letter => include_str!("new/letter.yaml"),
        Kind::Page => include_str!("new/page.md"),
        Kind::Session => include_str!("new/session.md"),
    };
    text.replace("{opinion}", include_str!("new/opinion.yaml"))
}

/// Writes `content/<folder>/<id>.<ext>` and returns its path. Refuses an invalid id and an
/// existing record with the same id.
pub fn create(content: &Path, kind: Kind, id: &str) -> Result<PathBuf, String> {
    if !crate::model::is_valid_id(id) {
        return Err(format!(
            "`{id}` 不是有效的 id：只能用小写英文字母、数字和 `-`，以字母或数字开头，最多 64 个字符（invalid id）"
        ));
    }
    if !content.is_dir() {
        return Err(format!(
            "内容文件夹 `{}` 不存在（the content folder does not exist）",
            content.display()
        ));
    }
    let folder = content.join(kind.folder());
    for ext in ["yaml", "md"] {
        let existing = folder.join(format!("{id}.{ext}"));
        if existing.exists() {
            return Err(format!(
                "`{}` 已经存在，不会覆盖（refusing to overwrite）",
                existing.display()
            ));
        }
    }
    let markdown = matches!(
        kind,
        Kind::Meeting
            | Kind::Solicitation
            | Kind::Symposium
            | Kind::Activity
            | Kind::Page
            | Kind::Session
    );
    let path = folder.join(format!("{id}.{}", if markdown { "md" } else { "yaml" }));
    std::fs::create_dir_all(&folder)
        .map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    std::io::Write::write_all(&mut file, template(kind).as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(path)
}
