//! A deterministic, seeded generator of valid content folders at benchmark scale.
//!
//! `S` is the bundled sample; `M` is one province's term (~700 deputies, ~65 members, five
//! years of meetings, symposiums, activities, contacts and letters, ~10k opinions); `L` is
//! 31 provinces of `M` with distinct ids in one folder. The data passes `check` and has a
//! realistic mix of met, pending and not-met duties. Used by the benchmarks
//! (`lianluo corpus …`, a hidden development command). A [`Shape`] varies how many opinions,
//! attendees and contacts the records have (the default shape is the generator's original).

mod shape;
#[cfg(test)]
mod tests;

use std::fmt::Write as _;
use std::path::Path;

use chrono::{Days, NaiveDate};

pub use shape::{PRESETS, Shape};

/// Benchmark scales.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scale {
    M,
    L,
}

const SURNAMES: &[&str] = &[
    "韦", "黄", "覃", "莫", "蓝", "陆", "农", "梁", "廖", "潘", "李", "陈", "吴", "周", "唐", "杨",
];
const GIVEN: &[&str] = &[
    "明", "春燕", "小禾", "建涛", "山林", "彩云", "秋菊", "金华", "文博", "慧", "丽萍", "海波",
    "志强", "美玲", "晓军", "桂英",
];
const REGIONS: &[&str] = &[
    "南宁市",
    "柳州市",
    "桂林市",
    "梧州市",
    "北海市",
    "防城港市",
    "钦州市",
    "贵港市",
    "玉林市",
    "百色市",
    "贺州市",
    "河池市",
    "来宾市",
    "崇左市",
];
const TOPICS: &[&str] = &[
    "乡村振兴",
    "物业管理",
    "生态环境保护",
    "义务教育",
    "农村饮水安全",
    "营商环境",
    "民族团结进步",
    "养老服务",
    "食品安全",
    "城乡道路",
];
const SUMMARIES: &[&str] = &[
    "建议加大对村级集体经济的扶持力度",
    "建议完善老旧小区改造后的长效管理机制",
    "建议加强农村饮用水水源地保护",
    "建议提高乡村教师生活补助标准",
    "建议简化中小企业融资审批流程",
    "建议加强基层医疗卫生人才队伍建设",
];
const CHANNELS: &[&str] = &[
    "visit",
    "symposium",
    "research",
    "letter",
    "phone",
    "social_media",
    "platform",
    "group_activity",
];
const KINDS: &[&str] = &[
    "legislative_research",
    "legislative_drafting",
    "legislative_review",
    "legislative_evaluation",
    "enforcement_inspection",
    "inspection",
    "special_research",
    "concentrated_inspection",
    "training",
    "briefing",
    "group_activity",
];
const SYMPOSIUM_TOPICS: &[&str] = &[
    "renda_work",
    "rule_of_law",
    "development",
    "ethnic_unity",
    "other",
];

struct Gen {
    rng: fastrand::Rng,
    start: NaiveDate,
    shape: Shape,
}

impl Gen {
    fn day(&mut self, from: u64, to: u64) -> NaiveDate {
        self.start + Days::new(self.rng.u64(from..=to))
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.rng.usize(..items.len())]
    }

    /// The opinions of an event whose default shape has `base` of them: numbered from 1,
    /// each by one of the event's deputies in turn (none if it has no deputies). Their
    /// number follows the shape's opinions, not its attendees.
    fn speakers(&self, deputies: &[usize], base: usize) -> Vec<(usize, usize)> {
        if deputies.is_empty() {
            return Vec::new();
        }
        let count = Shape::scaled(base, self.shape.opinions);
        (0..count)
            .map(|k| (k + 1, deputies[k % deputies.len()]))
            .collect()
    }

    fn name(&mut self) -> String {
        format!("{}{}", self.pick(SURNAMES), self.pick(GIVEN))
    }

    /// An opinion dated `date` with a realistic answer: in time, late, or none yet.
    fn opinion(
        &mut self,
        out: &mut String,
        no: usize,
        deputy: &str,
        date: NaiveDate,
        assign: bool,
        explain_by: Option<NaiveDate>,
    ) {
        let summary = format!("{}（{}）", self.pick(SUMMARIES), self.pick(TOPICS));
        let _ = writeln!(
            out,
            "  - no: {no}\n    deputy: {deputy}\n    summary: {summary}\n    category: a4-{}",
            self.rng.u8(1..=5)
        );
        let complex = self.rng.u8(..10) == 0;
        if complex {
            out.push_str("    complex: true\n");
        }
        if assign && self.rng.u8(..10) < 8 {
            let _ = writeln!(
                out,
                "    assigned: {{to: 自治区有关部门, date: {}}}",
                date + Days::new(self.rng.u64(2..=10))
            );
        }
        if let Some(end) = explain_by {
            if self.rng.u8(..10) < 3 {
                let _ = writeln!(out, "    feedback: {{date: {end}, at_meeting: true}}");
                return;
            }
            if self.rng.u8(..10) < 8 {
                let _ = writeln!(out, "    explained: {end}");
            }
        }
        let roll = self.rng.u8(..10);
        if roll < 7 {
            let _ = writeln!(
                out,
                "    feedback: {{date: {}}}",
                date + Days::new(self.rng.u64(10..=80))
            );
        } else if roll < 9 {
            let _ = writeln!(
                out,
                "    feedback: {{date: {}}}",
                date + Days::new(self.rng.u64(95..=200))
            );
        }
    }
}

fn write(dir: &Path, rel: &str, text: &str) -> std::io::Result<()> {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(path, text)
}

const SITE: &str = "# 基准测试用生成数据，人物和事件均为虚构。\ntitle: 联系代表工作公开平台（基准测试）\nbody: 某自治区人民代表大会常务委员会\nbase_url: https://example.org/bench/\nterms:\n  - {id: \"14\", name: 第十四届, start: 2023-01-13, end: 2028-01-12}\n";

/// Writes a content folder of the given scale and the default shape into `dir` (which should
/// be empty).
pub fn generate(dir: &Path, scale: Scale, seed: u64) -> std::io::Result<()> {
    generate_shaped(dir, scale, Shape::DEFAULT, seed)
}

/// Writes a content folder of the given scale and shape into `dir` (which should be empty).
pub fn generate_shaped(dir: &Path, scale: Scale, shape: Shape, seed: u64) -> std::io::Result<()> {
    write(dir, "site.yaml", SITE)?;
    let provinces = match scale {
        Scale::M => 1,
        Scale::L => 31,
    };
    for province in 0..provinces {
        let prefix = if provinces == 1 {
            String::new()
        } else {
            format!("p{:02}-", province + 1)
        };
        let mut g = Gen {
            rng: fastrand::Rng::with_seed(seed.wrapping_mul(1_000_003).wrapping_add(province)),
            start: NaiveDate::from_ymd_opt(2023, 1, 13).unwrap_or_default(),
            shape,
        };
        province_content(dir, &prefix, &mut g)?;
    }
    Ok(())
}

const DEPUTIES: usize = 700;
const MEMBERS: usize = 65;
/// The default shape's counts, which a [`Shape`] scales.
const MEETING_ATTENDEES: usize = 8;
const SYMPOSIUM_DEPUTIES: usize = 10;
const ACTIVITY_DEPUTIES: usize = 6;
const ACTIVITY_OPINIONS: usize = 5;
const CONTACTS: usize = 3000;

/// A province's records: its people and links, meetings, symposiums and activities,
/// contacts and letters, in that order (the order the generator draws its numbers in).
fn province_content(dir: &Path, p: &str, g: &mut Gen) -> std::io::Result<()> {
    let grassroots: Vec<bool> = (0..DEPUTIES).map(|i| i % 3 != 0).collect();
    let links = province_people(dir, p, g, &grassroots)?;
    province_meetings(dir, p, g, &grassroots)?;
    province_events(dir, p, g)?;
    province_contacts_and_letters(dir, p, g, &links)
}

fn deputy_id(p: &str, i: usize) -> String {
    format!("{p}d{i:04}")
}

const OCCUPATIONS: &[&str] = &[
    "村党支部书记",
    "农民专业合作社理事长",
    "中学教师",
    "乡镇卫生院院长",
    "企业职工",
    "个体工商户",
    "社区居委会主任",
    "律师",
];
const ETHNICITIES: &[&str] = &["壮族", "汉族", "瑶族", "苗族", "侗族", "仫佬族"];
const SECTORS: &[&str] = &["农业", "教育", "卫生", "工业", "商业", "法律", "社区"];

/// The optional fields of a full deputy record, drawn from the deputy's number (not from
/// the random numbers, so a full shape draws the same numbers as a lean one).
fn full_deputy(text: &mut String, i: usize) {
    let fields: Vec<&str> = (0..3).map(|k| TOPICS[(i + k * 3) % TOPICS.len()]).collect();
    let _ = write!(
        text,
        "gender: {}\nethnicity: {}\noccupation: {}\nsector: {}\nfields: [{}]\n",
        if i % 3 == 1 { "男" } else { "女" },
        ETHNICITIES[i % ETHNICITIES.len()],
        OCCUPATIONS[i % OCCUPATIONS.len()],
        SECTORS[i % SECTORS.len()],
        fields.join(", ")
    );
}

/// Groups, deputies and members; the members' links.
fn province_people(
    dir: &Path,
    p: &str,
    g: &mut Gen,
    grassroots: &[bool],
) -> std::io::Result<Vec<(usize, usize)>> {
    let deputy = |i: usize| deputy_id(p, i);
    let groups = DEPUTIES.div_ceil(g.shape.group_size.max(1) as usize);
    for i in 0..groups {
        // Seven in ten groups are regional (14 of the default shape's 20).
        let basis = if i * 20 < groups * 14 {
            "region"
        } else {
            "sector"
        };
        write(
            dir,
            &format!("groups/{p}g{i:02}.yaml"),
            &format!("name: 第{}代表小组\nbasis: {basis}\n", i + 1),
        )?;
    }
    for (i, &is_grassroots) in grassroots.iter().enumerate() {
        let mut text = format!(
            "name: {}\ngrassroots: {is_grassroots}\nregion: {}\nterms: [\"14\"]\ngroup: {p}g{:02}\n",
            g.name(),
            REGIONS[i % REGIONS.len()],
            i % groups
        );
        if g.shape.full_deputies {
            full_deputy(&mut text, i);
        }
        if i % 4 == 0 {
            let _ = write!(text, "private:\n  phone: 138-0000-{i:04}\n");
            if g.shape.full_deputies {
                let _ = write!(
                    text,
                    "  address: 某市某区某路{i}号\n  id_card: 4500000000{i:08}\n"
                );
            }
        }
        write(dir, &format!("deputies/{}.yaml", deputy(i)), &text)?;
    }
    let grassroots_ids: Vec<usize> = (0..DEPUTIES).filter(|&i| grassroots[i]).collect();
    let mut links: Vec<(usize, usize)> = Vec::new();
    for m in 0..MEMBERS {
        let count = 3 + m % 3 - usize::from(m % 17 == 0) * 2;
        let mut text = format!("name: {}\nrole: 委员\nfrom: 2023-01-13\nlinks:\n", g.name());
        for k in 0..count {
            let d = grassroots_ids[(m * 5 + k) % grassroots_ids.len()];
            links.push((m, d));
            let _ = writeln!(text, "  - {{deputy: {}, from: 2023-03-01}}", deputy(d));
        }
        write(dir, &format!("members/{p}m{m:02}.yaml"), &text)?;
    }
    Ok(links)
}

/// Meetings every two months, with attendees and opinions, and the solicitations of their
/// bills.
fn province_meetings(dir: &Path, p: &str, g: &mut Gen, grassroots: &[bool]) -> std::io::Result<()> {
    let deputy = |i: usize| deputy_id(p, i);
    for s in 0..30u64 {
        let start = g.start + Days::new(40 + s * 60);
        let end = start + Days::new(2);
        let sent = start - Days::new(if s % 9 == 4 { 0 } else { 7 });
        let mut text = format!(
            "---\ntitle: 第十四届人大常委会第{}次会议\nterm: \"14\"\nsession: {}\nstart: {start}\nend: {end}\nmaterials_sent: {sent}\nagenda:\n  - {{no: 1, title: 审议{}条例草案, kind: regulation_draft, bill: {p}bill-{s}}}\n  - {{no: 2, title: 听取专项工作报告, kind: work_report}}\nattendees:\n",
            s + 1,
            s + 1,
            TOPICS[s as usize % TOPICS.len()]
        );
        let attendees: Vec<usize> = (0..Shape::scaled(MEETING_ATTENDEES, g.shape.attendees))
            .map(|k| (s as usize * 23 + k * 7) % DEPUTIES)
            .collect();
        for &d in &attendees {
            let basis = if grassroots[d] { "grassroots" } else { "field" };
            let _ = writeln!(text, "  - {{deputy: {}, basis: [{basis}]}}", deputy(d));
        }
        text.push_str("opinions:\n");
        for (no, d) in g.speakers(&attendees, MEETING_ATTENDEES) {
            g.opinion(&mut text, no, &deputy(d), end, false, Some(end));
        }
        text.push_str("---\n\n会议纪要。\n");
        write(dir, &format!("meetings/{p}14-{:02}.md", s + 1), &text)?;
        if s % 5 != 3 {
            let date = start - Days::new(g.rng.u64(5..=40));
            let text = format!(
                "---\ntitle: 就{}条例草案征求代表意见\ndate: {date}\nbill: {p}bill-{s}\nchannel: platform\ndeputies: [{}, {}]\nresponses: 1\n---\n",
                TOPICS[s as usize % TOPICS.len()],
                deputy(attendees[0]),
                deputy(attendees[1])
            );
            write(dir, &format!("solicitations/{p}s{s:02}.md"), &text)?;
        }
    }
    Ok(())
}

/// Symposiums and activities.
fn province_events(dir: &Path, p: &str, g: &mut Gen) -> std::io::Result<()> {
    let deputy = |i: usize| deputy_id(p, i);
    for i in 0..60u64 {
        let date = g.day(20, 1780);
        let mut text = format!(
            "---\ntitle: {}代表座谈会\ndate: {date}\ntopic: {}\nmembers: [{p}m{:02}]\ndeputies: [",
            TOPICS[i as usize % TOPICS.len()],
            SYMPOSIUM_TOPICS[i as usize % SYMPOSIUM_TOPICS.len()],
            i % MEMBERS as u64
        );
        let ds: Vec<usize> = (0..Shape::scaled(SYMPOSIUM_DEPUTIES, g.shape.attendees))
            .map(|k| (i as usize * 31 + k * 13) % DEPUTIES)
            .collect();
        text.push_str(&ds.iter().map(|&d| deputy(d)).collect::<Vec<_>>().join(", "));
        text.push_str("]\nopinions:\n");
        for (no, d) in g.speakers(&ds, SYMPOSIUM_DEPUTIES) {
            g.opinion(&mut text, no, &deputy(d), date, true, None);
        }
        text.push_str("---\n\n座谈会纪要。\n");
        write(dir, &format!("symposiums/{p}y{i:02}.md"), &text)?;
    }
    for i in 0..300u64 {
        let start = g.day(10, 1800);
        let kind = KINDS[i as usize % KINDS.len()];
        let members: Vec<String> = (0..3)
            .map(|k| format!("{p}m{:02}", (i as usize * 3 + k) % MEMBERS))
            .collect();
        let deputies: Vec<usize> = if i % 37 == 5 {
            Vec::new()
        } else {
            (0..Shape::scaled(ACTIVITY_DEPUTIES, g.shape.attendees))
                .map(|k| (i as usize * 17 + k * 11) % DEPUTIES)
                .collect()
        };
        let ids: Vec<String> = deputies.iter().map(|&d| deputy(d)).collect();
        let mut text = format!(
            "---\ntitle: {}{}\nkind: {kind}\nstart: {start}\nend: {}\norganizer: 常委会有关工作机构\nmembers: [{}]\ndeputies: [{}]\nopinions:\n",
            TOPICS[i as usize % TOPICS.len()],
            "活动",
            start + Days::new(3),
            members.join(", "),
            ids.join(", ")
        );
        for (no, d) in g.speakers(&deputies, ACTIVITY_OPINIONS) {
            g.opinion(&mut text, no, &deputy(d), start, false, None);
        }
        text.push_str("---\n\n活动情况。\n");
        write(dir, &format!("activities/{p}a{i:03}.md"), &text)?;
    }
    Ok(())
}

/// Contacts over the links, and letters.
fn province_contacts_and_letters(
    dir: &Path,
    p: &str,
    g: &mut Gen,
    links: &[(usize, usize)],
) -> std::io::Result<()> {
    let deputy = |i: usize| deputy_id(p, i);
    let contacts = Shape::scaled(CONTACTS, g.shape.contacts);
    for i in 0..contacts {
        let (m, d) = links[i % links.len()];
        let date = g.day(50, 1810);
        let mut text = format!(
            "member: {p}m{m:02}\ndeputy: {}\ndate: {date}\nchannel: {}\nlistened: {}\nopinions:\n",
            deputy(d),
            CHANNELS[i % CHANNELS.len()],
            i % 11 != 0
        );
        for no in 0..Shape::scaled(1 + i % 2, g.shape.opinions) {
            g.opinion(&mut text, no + 1, &deputy(d), date, false, None);
        }
        let every = g.shape.public_every as usize;
        if every > 0 && i % every == 0 {
            text.push_str("visibility: public\n");
        }
        write(dir, &format!("contacts/{p}c{i:04}.yaml"), &text)?;
    }
    for i in 0..1000usize {
        let received = g.day(10, 1810);
        let forwarded = received + Days::new(g.rng.u64(1..=5));
        let mut text = format!(
            "deputy: {}\nreceived: {received}\nchannel: letter\nsubject: 关于{}的问题\nmajor: {}\ncomplex: {}\nforwarded: {{to: 有关部门, date: {forwarded}}}\n",
            deputy(i % DEPUTIES),
            TOPICS[i % TOPICS.len()],
            i % 10 == 0,
            i % 8 == 0
        );
        if i % 6 != 0 {
            let _ = writeln!(
                text,
                "reply: {{date: {}, written: {}}}",
                forwarded + Days::new(g.rng.u64(10..=120)),
                i % 13 != 0
            );
        }
        if i % 10 == 0 && i % 20 != 0 {
            let _ = writeln!(
                text,
                "reported: {}",
                received + Days::new(g.rng.u64(5..=100))
            );
        }
        write(dir, &format!("letters/{p}l{i:04}.yaml"), &text)?;
    }
    Ok(())
}
