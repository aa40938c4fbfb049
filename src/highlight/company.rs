//! Company names (REFERENCE.md §4): a curated dictionary (`assets/companies.tsv`) matched
//! leftmost-longest with aho-corasick (`腾讯控股` beats `腾讯`), Latin names case-insensitive
//! and only at ASCII word boundaries; ambiguous names (`苹果`, `小米`, `平安`…) only with
//! evidence — a company suffix right after, a ticker or a cue word nearby. Products and public
//! bodies listed as `not` (`ChatGPT`, `Azure`, 微信, 联邦贸易委员会) are never companies.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::ops::Range;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Company {
    /// The name shown and used to group mentions: the Chinese name, else the English one.
    pub canonical: String,
    pub english: String,
    pub tickers: Vec<String>,
    pub ambiguous: bool,
    pub not_a_company: bool,
}

/// One company mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub range: Range<usize>,
    /// Index into [`Dictionary::companies`].
    pub company: usize,
}

#[derive(Debug)]
pub struct Dictionary {
    pub companies: Vec<Company>,
    /// Pattern i belongs to company `owner[i]`.
    owner: Vec<usize>,
    ascii: Vec<bool>,
    ac: AhoCorasick,
}

/// Words near an ambiguous name that say it is the company.
const CUES: &[&str] = &[
    "公司",
    "集团",
    "股价",
    "市值",
    "财报",
    "营收",
    "股东",
    "董事长",
    "总裁",
    "CEO",
    "创始人",
    "旗下",
    "收购",
    "投资",
    "上市",
    "发布",
    "手机",
    "iPhone",
    "汽车",
    "股份",
    "融资",
    "估值",
    "Inc",
    "官方",
    "合作",
    "数据中心",
    "芯片",
    "软件",
    "云服务",
    "员工",
    "裁员",
    "业务",
    "stock",
    "shares",
    "revenue",
    "earnings",
    "reported",
    "CEO",
    "Inc.",
    "founder",
];

impl Dictionary {
    /// Parses the dictionary format. `Err` names the line.
    pub fn parse(text: &str) -> Result<Dictionary, String> {
        let mut companies = Vec::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut owner = Vec::new();
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let zh = cols.first().map_or("", |s| s.trim());
            let en = cols.get(1).map_or("", |s| s.trim());
            if zh.is_empty() && en.is_empty() {
                return Err(format!("line {}: no name", n + 1));
            }
            let aliases = cols.get(2).map_or("", |s| s.trim());
            let tickers: Vec<String> = cols
                .get(3)
                .map_or("", |s| s.trim())
                .split('|')
                .filter(|t| !t.is_empty())
                .map(str::to_string)
                .collect();
            let flags = cols.get(4).map_or("", |s| s.trim());
            for f in flags.split([' ', ',']).filter(|f| !f.is_empty()) {
                if f != "ambiguous" && f != "not" {
                    return Err(format!("line {}: unknown flag {f:?}", n + 1));
                }
            }
            let i = companies.len();
            companies.push(Company {
                canonical: if zh.is_empty() {
                    en.to_string()
                } else {
                    zh.to_string()
                },
                english: en.to_string(),
                tickers,
                ambiguous: flags.contains("ambiguous"),
                not_a_company: flags.contains("not"),
            });
            for p in [zh, en]
                .into_iter()
                .chain(aliases.split('|'))
                .map(str::trim)
            {
                // One-letter Latin names (`C`, `F`) are tickers, not names to match.
                if p.chars().count() >= 2 && !patterns.iter().any(|q| q.eq_ignore_ascii_case(p)) {
                    patterns.push(p.to_string());
                    owner.push(i);
                }
            }
        }
        let ascii = patterns.iter().map(|p| p.is_ascii()).collect();
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .build(&patterns)
            .map_err(|e| e.to_string())?;
        Ok(Dictionary {
            companies,
            owner,
            ascii,
            ac,
        })
    }

    /// The dictionary shipped in `assets/`.
    pub fn builtin() -> Dictionary {
        Dictionary::parse(include_str!("../../assets/companies.tsv"))
            .unwrap_or_else(|e| panic!("assets/companies.tsv: {e}"))
    }

    /// Every company mention in `text`.
    pub fn detect(&self, text: &str) -> Vec<Mention> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut doubtful = Vec::new();
        for found in self.ac.find_iter(text) {
            let p = found.pattern().as_usize();
            let (s, e) = (found.start(), found.end());
            if self.ascii[p] {
                let before = s.checked_sub(1).map(|i| bytes[i]);
                let after = bytes.get(e).copied();
                if before.is_some_and(|c| c.is_ascii_alphanumeric())
                    || after.is_some_and(|c| c.is_ascii_alphanumeric())
                {
                    continue;
                }
            }
            let c = &self.companies[self.owner[p]];
            if c.not_a_company {
                continue;
            }
            let mention = Mention {
                range: s..e,
                company: self.owner[p],
            };
            if c.ambiguous && !evidence(text, s..e, c) {
                doubtful.push(mention);
                continue;
            }
            out.push(mention);
        }
        // An ambiguous name listed next to a sure company (`软银和甲骨文`) is one too.
        for m in doubtful {
            let near =
                |o: &Mention| o.range.end + 9 >= m.range.start && m.range.end + 9 >= o.range.start;
            if out
                .iter()
                .any(|o| near(o) && !self.companies[o.company].ambiguous)
            {
                out.push(m);
            }
        }
        out.sort_by_key(|m| m.range.start);
        out
    }
}

/// A suffix right after, or a ticker or cue word within a few characters.
fn evidence(text: &str, r: Range<usize>, c: &Company) -> bool {
    let after = &text[r.end..];
    if ["公司", "集团", "股份", "控股", "Inc", "手机", "汽车"]
        .iter()
        .any(|s| after.starts_with(s))
    {
        return true;
    }
    // A model name right after a Chinese name: 小米SU7, 苹果iPhone.
    if !text[r.clone()].is_ascii()
        && after.starts_with(|c: char| c.is_ascii_uppercase() || c.is_ascii_digit() || c == 'i')
    {
        return true;
    }
    let lo = text[..r.start]
        .char_indices()
        .rev()
        .nth(11)
        .map_or(0, |(i, _)| i);
    let hi = after
        .char_indices()
        .nth(12)
        .map_or(text.len(), |(i, _)| r.end + i);
    let near = &text[lo..hi];
    CUES.iter().any(|w| near.contains(w))
        || c.tickers
            .iter()
            .any(|t| t.len() >= 3 && near.contains(t.as_str()))
}

/// Companies not in the dictionary, by their legal suffix: `…股份有限公司`, `…集团`,
/// `… Inc.`. The name runs back over Chinese characters (at most 10) to a punctuation mark
/// or a function word.
pub fn by_suffix(text: &str) -> Vec<Range<usize>> {
    const ZH: &[&str] = &["股份有限公司", "有限责任公司", "有限公司", "集团", "控股"];
    const STOP: &[char] = &[
        '的', '和', '与', '及', '在', '是', '由', '向', '对', '从', '被', '把', '将', '为', '了',
        '、', '，', '。', '“', '”', '：', '；',
    ];
    let mut out = Vec::new();
    for suffix in ZH {
        let mut from = 0;
        while let Some(i) = text[from..].find(suffix) {
            let at = from + i;
            from = at + suffix.len();
            let mut start = at;
            let mut n = 0;
            for (j, c) in text[..at].char_indices().rev() {
                let cjk =
                    unicode_width::UnicodeWidthChar::width(c) == Some(2) && !STOP.contains(&c);
                if !cjk || n == 10 {
                    break;
                }
                start = j;
                n += 1;
            }
            if n >= 2
                && !out
                    .iter()
                    .any(|r: &Range<usize>| r.start <= start && at + suffix.len() <= r.end)
            {
                out.push(start..at + suffix.len());
            }
        }
    }
    out.sort_by_key(|r| r.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<String> {
        let d = Dictionary::builtin();
        d.detect(text)
            .iter()
            .map(|m| d.companies[m.company].canonical.clone())
            .collect()
    }

    #[test]
    fn the_seed_s_companies() {
        assert_eq!(names("OpenAI与微软联盟"), vec!["OpenAI", "微软"]);
        assert_eq!(
            names("根据与软银达成的协议，与软银和甲骨文合作筹建星际之门"),
            vec!["软银", "软银", "甲骨文"]
        );
        assert_eq!(names("与云服务提供商CoreWeave签署"), vec!["CoreWeave"]);
        assert_eq!(names("由DeepMind联合创始人"), vec!["DeepMind"]);
    }

    #[test]
    fn longest_match_and_word_boundaries() {
        assert_eq!(names("腾讯控股发布财报"), vec!["腾讯"]);
        assert!(
            names("ARMY and ibmx").is_empty(),
            "{:?}",
            names("ARMY and ibmx")
        );
        assert_eq!(names("microsoft and Google"), vec!["微软", "谷歌"]);
    }

    #[test]
    fn ambiguous_names_need_evidence() {
        assert!(names("我买了一斤苹果").is_empty());
        assert_eq!(names("苹果公司发布新品"), vec!["苹果"]);
        assert_eq!(names("苹果股价大涨"), vec!["苹果"]);
        assert!(names("小米粥很好喝").is_empty());
        assert_eq!(names("小米SU7发布"), vec!["小米"]);
        assert!(names("登上长城").is_empty());
    }

    #[test]
    fn products_and_public_bodies_are_not_companies() {
        assert!(names("ChatGPT和Azure").is_empty());
        assert!(names("美国联邦贸易委员会").is_empty());
        assert!(names("打开微信").is_empty());
        assert_eq!(names("微软的Azure云平台"), vec!["微软"]);
    }

    #[test]
    fn suffix_rule_finds_unknown_companies() {
        let t = "深圳市某某科技股份有限公司宣布，由新希望集团投资。";
        let found: Vec<&str> = by_suffix(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(found, vec!["深圳市某某科技股份有限公司", "新希望集团"]);
    }

    #[test]
    fn bad_dictionary_lines_are_reported() {
        assert!(
            Dictionary::parse("\t\tx")
                .unwrap_err()
                .starts_with("line 1")
        );
        assert!(
            Dictionary::parse("甲\tA\t\t\tweird")
                .unwrap_err()
                .contains("unknown flag")
        );
    }
}
