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

const DATE: &str = "【YYYY-MM-DD】";

/// The commented template of a kind.
pub fn template(kind: Kind) -> String {
    let opinion = "  # 意见建议（第四条所列内容；每条一个编号）：
  # - no: 1                       # 编号，同一记录内不重复
  #   deputy: 【代表id】           # 提出意见的代表；多名代表联名时写 deputies: [id, id]
  #   summary: 【意见摘要】
  #   category: a4-3              # 第四条第几项：a4-1 … a4-5（可省略）
  #   complex: false              # 复杂事项为 true，反馈期限按 180 天计
  #   assigned: {to: 【承办单位】, date: 【YYYY-MM-DD】}   # 交办（第七条）
  #   explained: 【YYYY-MM-DD】    # 会议期间向代表说明情况的日期（第十条）
  #   feedback: {date: 【YYYY-MM-DD】, at_meeting: false, summary: 【反馈内容】}
";
    match kind {
        Kind::Deputy => "# 代表。文件名就是代表的 id（小写拼音，如 wei-ming.yaml）。
name: 【姓名】
grassroots: true            # 基层代表为 true，否则 false（第六条、第十二条）
region: 【选举单位，如 南宁市】
terms: [\"【届id】\"]          # 所在的届，与 site.yaml 中 terms 的 id 相同
# joined: 【YYYY-MM-DD】     # 补选就任日期；不写则为届的开始日期
# left: 【YYYY-MM-DD】       # 离任日期
# gender: 【性别】
# ethnicity: 【民族】
# occupation: 【职业】
# sector: 【界别】
# fields: [【相关领域】]       # 相关领域（第六条、第八条邀请依据）
# group: 【代表小组id】        # 所在代表小组（第十一条）
# private:                   # 不公开的个人信息，永远不会出现在网站、报告和开放数据中
#   phone: 【电话】
#   address: 【住址】
"
        .to_string(),
        Kind::Member => "# 常委会组成人员及其重点联系的基层代表（第十二条：每人三至五名）。
name: 【姓名】
role: 委员                   # 主任、副主任、秘书长或委员
from: 【YYYY-MM-DD】          # 任职开始日期
# to: 【YYYY-MM-DD】          # 不再担任时填写；重点联系同时结束
links:
  - {deputy: 【代表id】, from: 【YYYY-MM-DD】}   # 联系开始日期；结束时加 to: YYYY-MM-DD
"
        .to_string(),
        Kind::Group => "# 代表小组（第十一条：按地区或者行业建立）。
name: 【小组名称】
basis: region                # 按地区为 region，按行业为 sector
"
        .to_string(),
        Kind::Meeting => format!(
            "---
# 常委会会议（第六条：邀请代表列席并会前发送材料；第十条：反馈列席代表的意见）。
title: 【会议名称，如 自治区第十四届人大常委会第二十四次会议】
term: \"【届id】\"
session: 1                    # 第几次会议
start: {DATE}
end: {DATE}
materials_sent: {DATE}        # 会议议题和材料发给列席代表的日期，应早于 start
agenda:
  - {{no: 1, title: 【议题】, kind: regulation_draft, bill: 【法规草案id】}}   # kind: regulation_draft、work_report、inspection_report、decision、other；bill 只用于法规草案
attendees:
  - {{deputy: 【代表id】, basis: [grassroots]}}   # 列席依据：grassroots、field、proposer、inspection（第六条第一款各项）
opinions: []
{opinion}---

【会议纪要（可选）】
"
        ),
        Kind::Solicitation => format!(
            "---
# 征求代表意见（第五条、第八条：审议法规草案前征求代表意见）。
title: 【标题，如 就《……条例（草案）》征求代表意见】
date: {DATE}
bill: 【法规草案id】            # 与会议议程中 bill 相同，用于第八条的评估；无则删去此行
channel: platform             # 方式：platform（代表履职平台）、letter、symposium 等
deputies: [【代表id】]
# responses: 0                # 提出意见的代表人数
---

【说明（可选）】
"
        ),
        Kind::Symposium => format!(
            "---
# 代表座谈会（第七条：听取意见建议，并做好整理、交办和反馈）。
title: 【座谈会名称】
date: {DATE}
topic: development            # renda_work、rule_of_law、development、ethnic_unity、other
members: [【组成人员id】]
deputies: [【代表id】]
opinions: []
{opinion}---

【座谈会纪要（可选）】
"
        ),
        Kind::Activity => format!(
            "---
# 活动（第三条、第八条、第九条、第十一条）。
title: 【活动名称】
kind: special_research        # legislative_research、legislative_drafting、legislative_review、legislative_evaluation、enforcement_inspection、inspection、special_research、concentrated_inspection、training、briefing、group_activity
start: {DATE}
# end: {DATE}
organizer: 【组织单位】
# delegated_to: 【受委托的设区的市人大常委会】   # 第九条委托组织时填写
# group: 【代表小组id】                         # 代表小组活动时填写
members: [【组成人员id】]
deputies: [【代表id】]
opinions: []
{opinion}---

【活动情况（可选）】
"
        ),
        Kind::Contact => format!(
            "# 组成人员联系代表记录（第十二条）。默认不公开，只计入统计数字；公开需写 visibility: public。
member: 【组成人员id】
deputy: 【代表id】
date: {DATE}
channel: visit                # visit、symposium、research、letter、phone、social_media、platform、group_activity
listened: true                # 听取了代表的意见建议为 true（计入每年至少两次）
opinions: []
{opinion}"
        ),
        Kind::Letter => format!(
            "# 代表来信来访（第十三条）。默认不公开，只计入统计数字；代表同意公开时写 visibility: public。
deputy: 【代表id】
received: {DATE}
channel: letter               # 来信为 letter，来访为 visit
subject: 【反映的问题】
major: false                  # 重大问题为 true，须报告主任会议
complex: false                # 复杂事项为 true，答复期限按 180 天计
# forwarded: {{to: 【承办部门】, date: {DATE}}}   # 转相关部门处理
# reply: {{date: {DATE}, written: true}}         # 承办部门答复代表；书面答复 written: true
# reported: {DATE}                               # 报告主任会议的日期（重大问题）
"
        ),
        Kind::Page => "---
title: 【页面标题】
# order: 10                  # 在菜单中的顺序，小的在前
---

【正文（Markdown）】
"
        .to_string(),
    }
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
        Kind::Meeting | Kind::Solicitation | Kind::Symposium | Kind::Activity | Kind::Page
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
