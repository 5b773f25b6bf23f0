//! 代表小组 (art. 11): a group of deputies by region or by sector.

use super::Meta;
use crate::content::yaml::Fields;
use crate::yaml_enum;

yaml_enum! {
    pub enum Basis {
        Region = "region",
        Sector = "sector",
    }
}

#[derive(Debug, Clone)]
pub struct Group {
    pub meta: Meta,
    pub name: String,
    pub basis: Basis,
}

pub fn read(f: &mut Fields<'_>, meta: Meta) -> Option<Group> {
    let name = f.req::<String>("name");
    let basis = f.req::<Basis>("basis");
    Some(Group {
        meta,
        name: name?.value,
        basis: basis?.value,
    })
}
