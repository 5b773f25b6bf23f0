//! Free pages (about, how to read the data …) from `content/pages/`.

use super::Meta;
use crate::content::yaml::Fields;

#[derive(Debug, Clone)]
pub struct Page {
    pub meta: Meta,
    pub title: String,
    /// Position in menus (smaller first); pages without one come last, by id.
    pub order: Option<u32>,
}

pub fn read(f: &mut Fields<'_>, meta: Meta) -> Option<Page> {
    let title = f.req::<String>("title");
    let order = f.opt::<u32>("order");
    Some(Page {
        meta,
        title: title?.value,
        order: order.map(|o| o.value),
    })
}
