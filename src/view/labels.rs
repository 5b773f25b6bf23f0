//! The words the view puts on records (the kind of an activity, the basis of an attendance,
//! a status …), taken from the theme's `i18n/zh-CN.yaml` (section `labels`), so that a body
//! can reword them without touching code.

use std::collections::HashMap;
use std::sync::Arc;

use crate::content::Kind;
use crate::model::{
    ActivityKind, AgendaKind, AttendanceBasis, Category, Channel, group::Basis,
    letter::LetterChannel, symposium::Topic,
};
use crate::rules::Status;
use crate::theme::{Strings, fill};

/// A word shared by many rows of the view (cheap to clone; written as its text).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Label(Arc<str>);

impl From<String> for Label {
    fn from(text: String) -> Label {
        Label(Arc::from(text))
    }
}

impl std::ops::Deref for Label {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl serde::Serialize for Label {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// The theme's words for the values of records, looked up once.
pub struct Labels {
    words: HashMap<(&'static str, &'static str), Label>,
    strings: Strings,
}

/// The sections of `labels:` and the words each has: the values of the records' fields.
fn vocabulary() -> Vec<(&'static str, Vec<&'static str>)> {
    vec![
        ("attendance_basis", AttendanceBasis::WORDS.to_vec()),
        ("agenda_kind", AgendaKind::WORDS.to_vec()),
        ("group_basis", Basis::WORDS.to_vec()),
        ("letter_channel", LetterChannel::WORDS.to_vec()),
        ("activity_kind", ActivityKind::WORDS.to_vec()),
        ("symposium_topic", Topic::WORDS.to_vec()),
        ("contact_channel", Channel::WORDS.to_vec()),
        ("opinion_category", Category::WORDS.to_vec()),
        (
            "record_kind",
            Kind::ALL.iter().map(|k| k.folder()).collect(),
        ),
        ("status", Status::ALL.iter().map(|s| s.code()).collect()),
        ("opinion_status", vec!["answered", "open"]),
    ]
}

impl Labels {
    pub fn new(strings: &Strings) -> Labels {
        let mut words = HashMap::new();
        for (section, list) in vocabulary() {
            for word in list {
                let key = format!("labels.{section}.{word}");
                words.insert((section, word), Label::from(strings.text(&key)));
            }
        }
        Labels {
            words,
            strings: strings.clone(),
        }
    }

    /// The word for a value of a section (`activity_kind`, `inspection` → 视察).
    pub fn word(&self, section: &'static str, value: &'static str) -> Label {
        self.words
            .get(&(section, value))
            .cloned()
            .unwrap_or_else(|| Label::from(format!("labels.{section}.{value}")))
    }

    pub fn kind(&self, kind: Kind) -> Label {
        self.word("record_kind", kind.folder())
    }

    pub fn status(&self, status: Status) -> Label {
        self.word("status", status.code())
    }

    /// A word of the theme by dotted key (`labels.detail.organizer`).
    pub fn text(&self, key: &str) -> Label {
        Label::from(self.strings.text(key))
    }

    /// A word with its `{placeholders}` filled (`labels.period.year`, `year` → 2024年).
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        fill(&self.strings.text(key), values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_theme_has_every_word() {
        let theme = crate::theme::Theme::embedded().expect("default theme");
        for (section, list) in vocabulary() {
            for word in list {
                let key = format!("labels.{section}.{word}");
                assert!(
                    theme.strings.get(&key).is_some(),
                    "the default theme lacks `{key}`"
                );
            }
        }
    }

    #[test]
    fn the_default_words_agree_with_the_rules_messages() {
        // The rules write some of these words into their messages (check's output): the
        // theme's defaults say the same.
        let labels = Labels::new(&crate::theme::Theme::embedded().expect("theme").strings);
        for kind in ActivityKind::ALL {
            assert_eq!(&*labels.word("activity_kind", kind.as_str()), kind.label());
        }
        for status in Status::ALL {
            assert_eq!(&*labels.status(status), status.label());
        }
    }
}
