//! Checks across records (spec §3): references resolve, dates are in order, attendance bases
//! are consistent, numbers are unique within their record. Every problem is reported.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::{AttendanceBasis, KnownIds, Model, Opinion};
use crate::content::Kind;
use crate::diag::{Code, Diagnostic, Spanned, did_you_mean};

struct Checker<'a> {
    model: &'a Model,
    /// `None`: the model's own records are every id there is (a model made by a patch).
    known: Option<&'a KnownIds>,
    /// `None`: every record.
    scope: Option<&'a Scope>,
    out: Vec<Diagnostic>,
}

/// The records a model made by a patch needs checked again, when the records of the model
/// it was made from had no errors and none was removed: the records replaced or added, and
/// every record of the kinds whose checks read what changed (members and meetings read
/// their deputies). References from the others still resolve (no id is gone) and what they
/// read did not change.
#[derive(Debug, Default)]
pub struct Scope {
    pub records: BTreeMap<Kind, std::collections::BTreeSet<String>>,
    pub kinds: Vec<Kind>,
}

impl Scope {
    /// The scope of replacing or adding these records (kind, id).
    pub fn of<'r>(records: impl IntoIterator<Item = (Kind, &'r str)>) -> Scope {
        let mut scope = Scope::default();
        for (kind, id) in records {
            scope
                .records
                .entry(kind)
                .or_default()
                .insert(id.to_string());
        }
        if scope.records.contains_key(&Kind::Deputy) {
            scope.kinds = vec![Kind::Member, Kind::Meeting];
        }
        scope
    }
}

fn in_scope(scope: Option<&Scope>, kind: Kind, id: &str) -> bool {
    scope.is_none_or(|s| {
        s.kinds.contains(&kind) || s.records.get(&kind).is_some_and(|ids| ids.contains(id))
    })
}

/// The errors of a patched model's records in `scope` (the settings and the warnings about
/// dates outside every term are the model's it was made from).
pub fn errors_in(model: &Model, scope: &Scope) -> Vec<Diagnostic> {
    let mut errors = run(model, None, Some(scope), &RECORD_CHECKS);
    errors.retain(Diagnostic::is_error);
    errors
}

/// Every check across records. The kinds are checked side by side (the caller sorts the
/// diagnostics).
pub fn validate(model: &Model, known: Option<&KnownIds>) -> Vec<Diagnostic> {
    let mut out = run(model, known, None, &RECORD_CHECKS);
    out.extend(run(
        model,
        known,
        None,
        &[|c| c.site(), |c| c.outside_terms()],
    ));
    out
}

type Check = fn(&mut Checker<'_>);

/// The checks of the records, kind by kind.
const RECORD_CHECKS: [Check; 9] = [
    |c| c.deputies(),
    |c| c.members(),
    |c| c.meetings(),
    |c| c.solicitations(),
    |c| c.symposiums(),
    |c| c.activities(),
    |c| c.contacts(),
    |c| c.letters(),
    |c| c.sessions(),
];

/// `checks` side by side.
fn run(
    model: &Model,
    known: Option<&KnownIds>,
    scope: Option<&Scope>,
    checks: &[Check],
) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    checks
        .par_iter()
        .with_max_len(1)
        .flat_map_iter(|check| {
            let mut c = Checker {
                model,
                known,
                scope,
                out: Vec::new(),
            };
            check(&mut c);
            c.out
        })
        .collect()
}

fn fmt_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

impl Checker<'_> {
    fn error(
        &mut self,
        code: Code,
        file: &str,
        at: crate::diag::Pos,
        message: String,
        hint: String,
    ) {
        self.out
            .push(Diagnostic::error(code, file, at, message).hint(hint));
    }

    /// An id that must name an existing record of `kind`.
    fn reference(&mut self, file: &str, kind: Kind, id: &Spanned<String>) {
        let known = match self.known {
            Some(known) => known.contains(kind, id),
            None => self.model.contains(kind, id),
        };
        if known {
            return;
        }
        let by_name = match kind {
            Kind::Deputy => self
                .model
                .deputies
                .values()
                .find(|d| d.name == id.value)
                .map(|d| d.meta.id.clone()),
            Kind::Member => self
                .model
                .members
                .values()
                .find(|m| m.name == id.value)
                .map(|m| m.meta.id.clone()),
            Kind::Group => self
                .model
                .groups
                .values()
                .find(|g| g.name == id.value)
                .map(|g| g.meta.id.clone()),
            _ => None,
        };
        let ids: Vec<&str> = match self.known {
            Some(known) => known.of(kind).collect(),
            None => self.model.ids(kind),
        };
        let hint = match (by_name, did_you_mean(id, ids)) {
            (Some(real), _) => format!(
                "这里要写{}的 id（文件名），而不是姓名：是否应为 `{real}`？",
                kind.label()
            ),
            (None, Some(near)) => format!("是否应为 `{near}`？（did you mean `{near}`?）"),
            (None, None) => format!(
                "先在 {}/ 中建立 `{}.yaml`，或改正这个 id",
                kind.folder(),
                id.value
            ),
        };
        self.error(
            Code::UnknownReference,
            file,
            id.pos,
            format!(
                "{} `{}` 不存在（unknown {}）",
                kind.label(),
                id.value,
                kind_en(kind)
            ),
            hint,
        );
    }

    fn references(&mut self, file: &str, kind: Kind, ids: &[Spanned<String>]) {
        for id in ids {
            self.reference(file, kind, id);
        }
    }

    fn term(&mut self, file: &str, id: &Spanned<String>) {
        let Some(site) = &self.model.site else { return };
        if site.term(id).is_some() {
            return;
        }
        let ids: Vec<&str> = site.terms.iter().map(|t| t.id.value.as_str()).collect();
        let hint = match did_you_mean(id, ids.iter().copied()) {
            Some(near) => format!("是否应为 \"{near}\"？"),
            None => format!(
                "site.yaml 中的届为：{}",
                ids.iter()
                    .map(|i| format!("\"{i}\""))
                    .collect::<Vec<_>>()
                    .join("、")
            ),
        };
        self.error(
            Code::UnknownReference,
            file,
            id.pos,
            format!("届 `{}` 不存在（unknown term）", id.value),
            hint,
        );
    }

    /// `later` must not be before `earlier`.
    fn order(
        &mut self,
        file: &str,
        earlier: (&str, NaiveDate),
        later: (&str, &Spanned<NaiveDate>),
    ) {
        if later.1.value < earlier.1 {
            self.error(
                Code::DateOrder,
                file,
                later.1.pos,
                format!(
                    "{}（{}）早于{}（{}）（dates out of order）",
                    later.0,
                    fmt_date(later.1.value),
                    earlier.0,
                    fmt_date(earlier.1)
                ),
                format!("{}不能早于{}；检查两个日期是否写错", later.0, earlier.0),
            );
        }
    }

    fn site(&mut self) {
        let Some(site) = &self.model.site else { return };
        let mut seen = BTreeMap::new();
        for term in &site.terms {
            if !super::is_valid_id(&term.id) {
                self.error(
                    Code::InvalidId,
                    "site.yaml",
                    term.id.pos,
                    format!("届的 id `{}` 无效（invalid id）", term.id.value),
                    "届的 id 只能用小写英文字母、数字和 `-`，例如 \"14\"".into(),
                );
            }
            if let Some(line) = seen.insert(term.id.value.clone(), term.id.pos.line) {
                self.error(
                    Code::DuplicateId,
                    "site.yaml",
                    term.id.pos,
                    format!(
                        "届 `{}` 重复，第 {line} 行已有（duplicate id）",
                        term.id.value
                    ),
                    "删除重复的一届".into(),
                );
            }
            self.order(
                "site.yaml",
                ("届的开始日期 start", term.start.value),
                ("结束日期 end", &term.end),
            );
        }
    }

    fn deputies(&mut self) {
        let scope = self.scope;
        for deputy in self
            .model
            .deputies
            .values()
            .filter(|r| in_scope(scope, Kind::Deputy, &r.meta.id))
        {
            let file = &deputy.meta.file;
            for term in &deputy.terms {
                self.term(file, term);
            }
            if let Some(group) = &deputy.group {
                self.reference(file, Kind::Group, group);
            }
            if let Some(left) = &deputy.left {
                match &deputy.joined {
                    Some(joined) => self.order(
                        file,
                        ("就任日期 joined", joined.value),
                        ("离任日期 left", left),
                    ),
                    None => {
                        let term_start = deputy
                            .terms
                            .iter()
                            .filter_map(|t| self.model.site.as_ref()?.term(t))
                            .map(|t| t.start.value)
                            .min();
                        if let Some(start) = term_start {
                            self.order(
                                file,
                                ("届的开始日期（未写 joined 时即就任日期）", start),
                                ("离任日期 left", left),
                            );
                        }
                    }
                }
            }
        }
    }

    fn members(&mut self) {
        let scope = self.scope;
        for member in self
            .model
            .members
            .values()
            .filter(|r| in_scope(scope, Kind::Member, &r.meta.id))
        {
            let file = &member.meta.file;
            if let Some(to) = &member.to {
                self.order(
                    file,
                    ("任职开始 from", member.from.value),
                    ("任职结束 to", to),
                );
            }
            for link in &member.links {
                self.reference(file, Kind::Deputy, &link.deputy);
                if let Some(to) = &link.to {
                    self.order(
                        file,
                        ("联系开始 from", link.from.value),
                        ("联系结束 to", to),
                    );
                }
                if let Some(deputy) = self.model.deputies.get(&link.deputy.value)
                    && !deputy.grassroots
                {
                    self.out.push(
                        Diagnostic::warning(
                            Code::LinkNotGrassroots,
                            file,
                            link.deputy.pos,
                            format!(
                                "重点联系的代表 {}（`{}`）不是基层代表（not a grassroots deputy）",
                                deputy.name, deputy.meta.id
                            ),
                        )
                        .hint("第十二条要求重点联系基层代表；这一联系不计入三至五名的要求"),
                    );
                }
            }
        }
    }

    /// The checks every opinion gets, inside a record dated `record_date`.
    fn opinions(&mut self, file: &str, record: &str, record_date: NaiveDate, opinions: &[Opinion]) {
        let mut numbers: BTreeMap<u32, u32> = BTreeMap::new();
        for opinion in opinions {
            if let Some(line) = numbers.insert(opinion.no.value, opinion.no.pos.line) {
                self.error(
                    Code::DuplicateId,
                    file,
                    opinion.no.pos,
                    format!(
                        "意见编号 no: {} 重复，第 {line} 行已使用（duplicate opinion no）",
                        opinion.no.value
                    ),
                    format!(
                        "同一记录内的意见编号不能重复；改为 no: {}",
                        numbers.keys().max().map_or(1, |m| m + 1)
                    ),
                );
            }
            self.references(file, Kind::Deputy, &opinion.deputies);
            let what = format!("{record}日期");
            if let Some(assigned) = &opinion.assigned {
                self.order(
                    file,
                    (&what, record_date),
                    ("交办日期 assigned.date", &assigned.date),
                );
            }
            if let Some(explained) = &opinion.explained {
                self.order(
                    file,
                    (&what, record_date),
                    ("情况说明日期 explained", explained),
                );
            }
            if let Some(feedback) = &opinion.feedback {
                self.order(
                    file,
                    (&what, record_date),
                    ("反馈日期 feedback.date", &feedback.date),
                );
            }
        }
    }

    fn meetings(&mut self) {
        let scope = self.scope;
        for meeting in self
            .model
            .meetings
            .values()
            .filter(|r| in_scope(scope, Kind::Meeting, &r.meta.id))
        {
            let file = &meeting.meta.file;
            self.term(file, &meeting.term);
            self.order(
                file,
                ("开始日期 start", meeting.start.value),
                ("结束日期 end", &meeting.end),
            );
            let mut agenda: BTreeMap<u32, u32> = BTreeMap::new();
            for item in &meeting.agenda {
                if let Some(line) = agenda.insert(item.no.value, item.no.pos.line) {
                    self.error(
                        Code::DuplicateId,
                        file,
                        item.no.pos,
                        format!(
                            "议程编号 no: {} 重复，第 {line} 行已使用（duplicate agenda no）",
                            item.no.value
                        ),
                        "同一次会议的议程编号不能重复".into(),
                    );
                }
            }
            let mut attendees: BTreeMap<&str, u32> = BTreeMap::new();
            for attendee in &meeting.attendees {
                self.reference(file, Kind::Deputy, &attendee.deputy);
                if let Some(line) =
                    attendees.insert(&attendee.deputy.value, attendee.deputy.pos.line)
                {
                    self.error(
                        Code::DuplicateId,
                        file,
                        attendee.deputy.pos,
                        format!(
                            "列席代表 `{}` 重复列出，第 {line} 行已有（duplicate attendee）",
                            attendee.deputy.value
                        ),
                        "一名代表只列一次，列席依据写在同一行的 basis 列表中".into(),
                    );
                }
                let Some(deputy) = self.model.deputies.get(&attendee.deputy.value) else {
                    continue;
                };
                for basis in &attendee.basis {
                    if basis.value == AttendanceBasis::Grassroots && !deputy.grassroots {
                        self.error(
                            Code::Inconsistent,
                            file,
                            basis.pos,
                            format!("代表 {}（`{}`）不是基层代表，列席依据却写了 grassroots（inconsistent）", deputy.name, deputy.meta.id),
                            format!("改用 field、proposer 或 inspection；若该代表确为基层代表，在 {} 中改为 `grassroots: true`", deputy.meta.file),
                        );
                    }
                }
            }
            self.opinions(file, "会议开始", meeting.start.value, &meeting.opinions);
            self.answered_at_the_meeting(file, meeting.end.value, &meeting.opinions);
        }
    }

    /// spec §4: only years of a term are evaluated; a record dated outside every term is a
    /// warning, not an evaluation.
    fn outside_terms(&mut self) {
        let terms: Vec<(NaiveDate, NaiveDate)> = self
            .model
            .site()
            .terms
            .iter()
            .map(|t| (t.start.value, t.end.value))
            .collect();
        if terms.is_empty() {
            return;
        }
        let years: std::collections::BTreeSet<i32> = terms
            .iter()
            .flat_map(|(a, b)| a.year()..=b.year())
            .collect();
        let m = self.model;
        let dated = m
            .meetings
            .values()
            .map(|r| (&r.meta, &r.start))
            .chain(m.symposiums.values().map(|r| (&r.meta, &r.date)))
            .chain(m.activities.values().map(|r| (&r.meta, &r.start)))
            .chain(m.solicitations.values().map(|r| (&r.meta, &r.date)))
            .chain(m.contacts.values().map(|r| (&r.meta, &r.date)))
            .chain(m.letters.values().map(|r| (&r.meta, &r.received)))
            .chain(m.sessions.values().map(|r| (&r.meta, &r.start)));
        let mut found = Vec::new();
        for (meta, date) in dated {
            if !years.contains(&date.value.year()) {
                found.push(
                    Diagnostic::warning(
                        Code::OutsideTerm,
                        &meta.file,
                        date.pos,
                        format!(
                            "日期 {} 不在 site.yaml 所列任何一届的年份之内，这条记录不参加评估（outside every term）",
                            fmt_date(date.value)
                        ),
                    )
                    .hint("检查日期是否写错；如是更早或更晚一届的记录，在 site.yaml 的 terms 中补上那一届"),
                );
            }
        }
        self.out.extend(found);
    }

    fn sessions(&mut self) {
        let scope = self.scope;
        for session in self
            .model
            .sessions
            .values()
            .filter(|r| in_scope(scope, Kind::Session, &r.meta.id))
        {
            let file = &session.meta.file;
            self.term(file, &session.term);
            self.order(
                file,
                ("开始日期 start", session.start.value),
                ("结束日期 end", &session.end),
            );
            self.opinions(file, "会议开始", session.start.value, &session.opinions);
            self.answered_at_the_meeting(file, session.end.value, &session.opinions);
        }
    }

    /// 第十条: an answer "at the meeting" cannot come after the meeting.
    fn answered_at_the_meeting(&mut self, file: &str, end: NaiveDate, opinions: &[Opinion]) {
        for opinion in opinions {
            if let Some(feedback) = &opinion.feedback
                && feedback.at_meeting
                && feedback.date.value > end
            {
                self.error(
                    Code::Inconsistent,
                    file,
                    feedback.date.pos,
                    format!(
                        "第 {} 条意见的反馈写了 `at_meeting: true`，但反馈日期 {} 在会议结束（{}）之后（inconsistent）",
                        opinion.no.value,
                        fmt_date(feedback.date.value),
                        fmt_date(end)
                    ),
                    "会上反馈的，日期应在会期内；会后反馈的，改为 `at_meeting: false`".into(),
                );
            }
        }
    }

    fn solicitations(&mut self) {
        let scope = self.scope;
        for solicitation in self
            .model
            .solicitations
            .values()
            .filter(|r| in_scope(scope, Kind::Solicitation, &r.meta.id))
        {
            self.references(
                &solicitation.meta.file,
                Kind::Deputy,
                &solicitation.deputies,
            );
        }
    }

    fn symposiums(&mut self) {
        let scope = self.scope;
        for symposium in self
            .model
            .symposiums
            .values()
            .filter(|r| in_scope(scope, Kind::Symposium, &r.meta.id))
        {
            let file = &symposium.meta.file;
            self.references(file, Kind::Member, &symposium.members);
            self.references(file, Kind::Deputy, &symposium.deputies);
            self.opinions(file, "座谈会", symposium.date.value, &symposium.opinions);
        }
    }

    fn activities(&mut self) {
        let scope = self.scope;
        for activity in self
            .model
            .activities
            .values()
            .filter(|r| in_scope(scope, Kind::Activity, &r.meta.id))
        {
            let file = &activity.meta.file;
            if let Some(end) = &activity.end {
                self.order(
                    file,
                    ("开始日期 start", activity.start.value),
                    ("结束日期 end", end),
                );
            }
            if let Some(group) = &activity.group {
                self.reference(file, Kind::Group, group);
            }
            self.references(file, Kind::Member, &activity.members);
            self.references(file, Kind::Deputy, &activity.deputies);
            self.opinions(file, "活动开始", activity.start.value, &activity.opinions);
        }
    }

    fn contacts(&mut self) {
        let scope = self.scope;
        for contact in self
            .model
            .contacts
            .values()
            .filter(|r| in_scope(scope, Kind::Contact, &r.meta.id))
        {
            let file = &contact.meta.file;
            self.reference(file, Kind::Member, &contact.member);
            self.reference(file, Kind::Deputy, &contact.deputy);
            self.opinions(file, "联系", contact.date.value, &contact.opinions);
        }
    }

    fn letters(&mut self) {
        let scope = self.scope;
        for letter in self
            .model
            .letters
            .values()
            .filter(|r| in_scope(scope, Kind::Letter, &r.meta.id))
        {
            let file = &letter.meta.file;
            self.reference(file, Kind::Deputy, &letter.deputy);
            let received = ("收到日期 received", letter.received.value);
            if let Some(forwarded) = &letter.forwarded {
                self.order(file, received, ("转办日期 forwarded.date", &forwarded.date));
            }
            if let Some(reply) = &letter.reply {
                match &letter.forwarded {
                    Some(forwarded) => self.order(
                        file,
                        ("转办日期 forwarded.date", forwarded.date.value),
                        ("答复日期 reply.date", &reply.date),
                    ),
                    None => self.order(file, received, ("答复日期 reply.date", &reply.date)),
                }
            }
            if let Some(reported) = &letter.reported {
                self.order(file, received, ("报告主任会议日期 reported", reported));
            }
        }
    }
}

fn kind_en(kind: Kind) -> &'static str {
    match kind {
        Kind::Deputy => "deputy",
        Kind::Member => "member",
        Kind::Group => "group",
        Kind::Meeting => "meeting",
        Kind::Solicitation => "solicitation",
        Kind::Symposium => "symposium",
        Kind::Activity => "activity",
        Kind::Contact => "contact",
        Kind::Letter => "letter",
        Kind::Page => "page",
        Kind::Session => "session",
    }
}
