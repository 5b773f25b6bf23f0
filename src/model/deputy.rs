//! 代表: a deputy to the people's congress.

use chrono::NaiveDate;

use super::Meta;
use crate::content::yaml::Fields;
use crate::diag::Spanned;

#[derive(Debug, Clone)]
pub struct Deputy {
    pub meta: Meta,
    pub name: String,
    /// 基层代表
    pub grassroots: bool,
    /// 选举单位
    pub region: String,
    pub terms: Vec<Spanned<String>>,
    pub joined: Option<Spanned<NaiveDate>>,
    pub left: Option<Spanned<NaiveDate>>,
    pub gender: Option<String>,
    pub ethnicity: Option<String>,
    pub occupation: Option<String>,
    pub sector: Option<String>,
    /// 相关领域 (art. 6, 8)
    pub fields: Vec<String>,
    pub group: Option<Spanned<String>>,
    /// Never published (spec §6). Kept only so that the privacy guard knows what to look for.
    pub private: Vec<(String, String)>,
    /// A field only test builds have, holding a marker: it stands for any field the model
    /// gains later, which no output may publish unless the public types list it.
    #[cfg(test)]
    pub test_marker: String,
}

pub fn read(f: &mut Fields<'_>, meta: Meta) -> Option<Deputy> {
    let name = f.req::<String>("name");
    let grassroots = f.req::<bool>("grassroots");
    let region = f.req::<String>("region");
    let terms = f.req_scalars::<String>("terms");
    let joined = f.opt("joined");
    let left = f.opt("left");
    let text = |f: &mut Fields<'_>, key| f.opt::<String>(key).map(|s| s.value);
    let gender = text(f, "gender");
    let ethnicity = text(f, "ethnicity");
    let occupation = text(f, "occupation");
    let sector = text(f, "sector");
    let fields = f
        .scalars::<String>("fields")
        .into_iter()
        .map(|s| s.value)
        .collect();
    let group = f.opt("group");
    let private = f.free_map("private");
    Some(Deputy {
        meta,
        name: name?.value,
        grassroots: grassroots?.value,
        region: region?.value,
        terms: terms?,
        joined,
        left,
        gender,
        ethnicity,
        occupation,
        sector,
        fields,
        group,
        private,
        #[cfg(test)]
        test_marker: "MODEL-ONLY-MARKER-deputy".to_string(),
    })
}
