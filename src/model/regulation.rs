//! The regulation's text (`content/regulation.md`), split at its `## 第N条` headings so that
//! every finding can link to the article it cites.

#[derive(Debug, Clone)]
pub struct Article {
    /// 1 for 第一条.
    pub number: u32,
    /// The heading as written, e.g. "第十二条".
    pub heading: String,
    /// The article's Markdown text (without the heading).
    pub text: String,
}

#[derive(Debug, Clone)]
pub struct Regulation {
    /// Markdown before the first article (title, revision history).
    pub preamble: String,
    pub articles: Vec<Article>,
}

impl Regulation {
    pub fn parse(markdown: &str) -> Regulation {
        let mut preamble = String::new();
        let mut articles: Vec<Article> = Vec::new();
        for line in markdown.lines() {
            let heading = line.strip_prefix("## ").map(str::trim);
            if let Some(number) = heading.and_then(article_number) {
                articles.push(Article {
                    number,
                    heading: heading.unwrap_or_default().to_string(),
                    text: String::new(),
                });
                continue;
            }
            let target = match articles.last_mut() {
                Some(article) => &mut article.text,
                None => &mut preamble,
            };
            target.push_str(line);
            target.push('\n');
        }
        for article in &mut articles {
            article.text = article.text.trim().to_string();
        }
        Regulation {
            preamble: preamble.trim().to_string(),
            articles,
        }
    }

    pub fn article(&self, number: u32) -> Option<&Article> {
        self.articles.iter().find(|a| a.number == number)
    }
}

/// "第十二条" → 12; "第12条" → 12.
pub fn article_number(heading: &str) -> Option<u32> {
    let inner = heading.strip_prefix('第')?.split('条').next()?;
    if let Ok(n) = inner.parse() {
        return Some(n);
    }
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|d| d as u32)
    };
    let chars: Vec<char> = inner.chars().collect();
    match chars.as_slice() {
        [c] if *c != '十' => digit(*c),
        ['十'] => Some(10),
        ['十', u] => Some(10 + digit(*u)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', u] => Some(digit(*t)? * 10 + digit(*u)?),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_article_numbers() {
        let got: Vec<_> = [
            "第一条",
            "第十条",
            "第十二条",
            "第二十条",
            "第三十四条",
            "第7条",
            "第百条",
        ]
        .map(article_number)
        .into();
        assert_eq!(
            got,
            vec![
                Some(1),
                Some(10),
                Some(12),
                Some(20),
                Some(34),
                Some(7),
                None
            ]
        );
    }

    #[test]
    fn splits_articles() {
        let r =
            Regulation::parse("# 办法\n\n修订说明\n\n## 第一条\n\n为了……\n\n## 第二条\n\n适用……\n");
        assert_eq!(r.preamble, "# 办法\n\n修订说明");
        assert_eq!(r.articles.len(), 2);
        assert_eq!(
            (r.articles[1].number, r.articles[1].text.as_str()),
            (2, "适用……")
        );
    }
}
