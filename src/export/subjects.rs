//! What an evaluation is about, in words, from the projection the workbook is made of: a
//! record the projection does not hold (an internal letter or contact) is named only by its
//! kind, as on the site.

use crate::public::Public;
use crate::rules::{OpinionSource, Subject};

fn person(name: Option<&str>, id: &str) -> String {
    name.unwrap_or(id).to_string()
}

pub fn name(p: &Public, subject: &Subject) -> String {
    match subject {
        Subject::Meeting { meeting } => p
            .meeting(meeting)
            .map_or_else(|| meeting.clone(), |m| m.title.to_string()),
        Subject::Deputy { deputy } => person(p.deputy_name(deputy), deputy),
        Subject::Member { member } => person(p.member_name(member), member),
        Subject::Link { member, deputy } => format!(
            "{} — {}",
            person(p.member_name(member), member),
            person(p.deputy_name(deputy), deputy)
        ),
        Subject::Activity { activity } => p
            .activity(activity)
            .map_or_else(|| activity.clone(), |a| a.title.to_string()),
        Subject::Year { year } => format!("{year}年"),
        Subject::Group { group } => p
            .group(group)
            .map_or_else(|| group.clone(), |g| g.name.to_string()),
        Subject::Agenda { agenda } => {
            let meeting = p.meeting(&agenda.meeting);
            let item = meeting.and_then(|m| m.agenda.iter().find(|a| a.no == agenda.no));
            match (meeting, item) {
                (Some(m), Some(i)) => format!("{}：{}", m.title, i.title),
                _ => agenda.to_string(),
            }
        }
        Subject::Letter { letter } => match p.letter(letter) {
            Some(l) => format!(
                "{}：{}",
                person(p.deputy_name(l.deputy), l.deputy),
                l.subject
            ),
            None => "（不公开的来信来访）".to_string(),
        },
        Subject::Opinion { opinion } => {
            let record = opinion.record.as_str();
            let title = match opinion.source {
                OpinionSource::Meetings => p.meeting(record).map(|r| r.title.to_string()),
                OpinionSource::Symposiums => p.symposium(record).map(|r| r.title.to_string()),
                OpinionSource::Activities => p.activity(record).map(|r| r.title.to_string()),
                OpinionSource::Sessions => p.session(record).map(|r| r.title.to_string()),
                OpinionSource::Contacts => p.contact(record).map(|c| {
                    format!(
                        "{}联系{}",
                        person(p.member_name(c.member), c.member),
                        person(p.deputy_name(c.deputy), c.deputy)
                    )
                }),
            };
            match title {
                Some(t) => format!("{t} 第{}条意见建议", opinion.no),
                None => "（不公开的联系记录中的意见建议）".to_string(),
            }
        }
    }
}

/// The subject's ids, as the open data writes them (`meetings/14-02/3`, `member/deputy`).
pub fn ids(subject: &Subject) -> String {
    match subject {
        Subject::Meeting { meeting } => meeting.clone(),
        Subject::Deputy { deputy } => deputy.clone(),
        Subject::Member { member } => member.clone(),
        Subject::Link { member, deputy } => format!("{member}/{deputy}"),
        Subject::Activity { activity } => activity.clone(),
        Subject::Year { year } => year.clone(),
        Subject::Group { group } => group.clone(),
        Subject::Agenda { agenda } => agenda.to_string(),
        Subject::Letter { letter } => letter.clone(),
        Subject::Opinion { opinion } => opinion.to_string(),
    }
}
