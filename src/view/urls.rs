//! Where every page of the site is, relative to the site's root. Templates and feeds take
//! these from the view; nothing else makes a URL.

use crate::content::Kind;

/// The page of a record: `deputies/wei-ming.html`.
pub fn record(kind: Kind, id: &str) -> String {
    format!("{}/{id}.html", kind.folder())
}

/// A year's or a term's compliance dashboard (`2024`, `term-14`).
pub fn compliance(slug: &str) -> String {
    format!("compliance/{slug}.html")
}

/// A public letter, on the letters page.
pub fn public_letter(id: &str) -> String {
    format!("letters/index.html#{}", letter_anchor(id))
}

/// A public contact, on its member's page (contacts have no page of their own).
pub fn contact(member: &str, id: &str) -> String {
    format!("{}#{}", record(Kind::Member, member), contact_anchor(id))
}

pub fn opinion_anchor(no: u32) -> String {
    format!("opinion-{no}")
}

pub fn agenda_anchor(no: u32) -> String {
    format!("agenda-{no}")
}

pub fn letter_anchor(id: &str) -> String {
    format!("letter-{id}")
}

pub fn contact_anchor(id: &str) -> String {
    format!("contact-{id}")
}

pub fn article_anchor(number: u32) -> String {
    format!("article-{number}")
}
