//! Company names (REFERENCE.md §4): a curated dictionary (`assets/companies.tsv`) matched
//! leftmost-longest with aho-corasick (`腾讯控股` beats `腾讯`), Latin names case-insensitive
//! and only at ASCII word boundaries; ambiguous names (`苹果`, `小米`, `平安`…) only with
//! evidence — a company suffix right after, a ticker or a cue word nearby. Products and public
//! bodies listed as `not` (`ChatGPT`, `Azure`, 微信, 联邦贸易委员会) are never companies.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::ops::Range;

const BUILTIN: &str = include_str!("../../assets/companies.tsv");

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
    /// Every name matched, in pattern order.
    patterns: Vec<String>,
    /// Han names to their pattern, for a shorter name inside a longer match.
    by_name: std::collections::HashMap<String, usize>,
    /// Pattern i belongs to company `owner[i]`.
    owner: Vec<usize>,
    /// Pattern i is Latin (matched at word boundaries only).
    ascii: Vec<bool>,
    /// Pattern i is Latin with a capital in it (`Meta`, `AMD`): an all-lowercase match
    /// (`meta`, `amd`) is a word, a path or code, not the company.
    capital: Vec<bool>,
    /// Pattern i is Latin in mixed case (`Audi`, `Apple`): a match in capitals (`AUDI`) is
    /// a nickname or a shout as often as the company, and needs evidence.
    mixed: Vec<bool>,
    /// Pattern i is a common word too (`?` in the file, or the company is `ambiguous`).
    doubtful: Vec<bool>,
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
    "Inc.",
    "founder",
    "巨头",
    "厂商",
    "企业",
    "品牌",
    "门店",
    "产品",
    "骁龙",
    "银行",
    "证券",
    "保险",
    "基金",
    "资本",
    "市场份额",
    "订单",
    "工厂",
];

/// One dictionary line, before the patterns are compiled.
#[derive(Debug, Clone)]
struct Entry {
    company: Company,
    /// Every name with whether it needs evidence (`?` before it).
    names: Vec<(String, bool)>,
}

/// Parses one line of the dictionary format (see `assets/companies.tsv`).
fn parse_line(line: &str) -> Result<Entry, String> {
    let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
    if cols.len() > 5 {
        return Err(format!(
            "{} columns; at most 5 (chinese, english, aliases, tickers, flags), tab-separated",
            cols.len()
        ));
    }
    let name = |s: &str| -> (String, bool) {
        s.strip_prefix('?')
            .map_or((s.to_string(), false), |n| (n.trim().to_string(), true))
    };
    let (zh, zh_doubt) = name(cols.first().copied().unwrap_or(""));
    let (en, en_doubt) = name(cols.get(1).copied().unwrap_or(""));
    if zh.is_empty() && en.is_empty() {
        return Err("no name".into());
    }
    let tickers: Vec<String> = cols
        .get(3)
        .copied()
        .unwrap_or("")
        .split('|')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect();
    let flags = cols.get(4).copied().unwrap_or("");
    for f in flags.split([' ', ',']).filter(|f| !f.is_empty()) {
        if f != "ambiguous" && f != "not" {
            return Err(format!("unknown flag {f:?} (known: ambiguous, not)"));
        }
    }
    let ambiguous = flags.contains("ambiguous");
    let mut names = vec![(zh.clone(), zh_doubt), (en.clone(), en_doubt)];
    names.extend(
        cols.get(2)
            .copied()
            .unwrap_or("")
            .split('|')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(name),
    );
    names.retain(|(n, _)| !n.is_empty());
    Ok(Entry {
        company: Company {
            canonical: if zh.is_empty() { en.clone() } else { zh },
            english: en,
            tickers,
            ambiguous,
            not_a_company: flags.contains("not"),
        },
        names,
    })
}

/// The entries of a dictionary file; `Err` names the first bad line.
fn entries(text: &str) -> Result<Vec<Entry>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|(n, line)| parse_line(line).map_err(|e| format!("line {}: {e}", n + 1)))
        .collect()
}

fn entries_of_builtin() -> Vec<Entry> {
    entries(BUILTIN).unwrap_or_default()
}

impl Dictionary {
    /// Parses the dictionary format. `Err` names the first bad line.
    pub fn parse(text: &str) -> Result<Dictionary, String> {
        Dictionary::build(entries(text)?, &[])
    }

    /// The built-in dictionary with the user's additions (`user`: the additions file's
    /// text): their companies come first, so their names win over the built-in ones; a line
    /// `-word` excludes a word, which is then never a company (a built-in name equal to it
    /// is dropped). Bad lines are skipped and described (`line N: …`); the rest is used.
    pub fn with_additions(user: &str) -> (Dictionary, Vec<String>) {
        let mut entries = Vec::new();
        let mut excluded = Vec::new();
        let mut problems = Vec::new();
        for (n, line) in user.lines().enumerate() {
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            if let Some(word) = t.strip_prefix('-') {
                let word = word.trim();
                if word.is_empty() {
                    problems.push(format!("line {}: `-` with no word after it", n + 1));
                } else {
                    excluded.push(word.to_lowercase());
                }
                continue;
            }
            // An editor that turned the tabs into spaces: say so rather than take the whole
            // line for one name.
            if !line.contains('\t') && line.contains("  ") {
                problems.push(format!(
                    "line {}: columns must be separated by tabs (this line has runs of spaces)",
                    n + 1
                ));
                continue;
            }
            match parse_line(line) {
                Ok(e) => match e.names.iter().find(|(n, _)| n.chars().count() < 2) {
                    Some((short, _)) => problems.push(format!(
                        "line {}: the name {short:?} is one character; it would match everywhere",
                        n + 1
                    )),
                    None => entries.push(e),
                },
                Err(e) => problems.push(format!("line {}: {e}", n + 1)),
            }
        }
        // The built-in file is checked by a test; were it bad, the additions alone are used.
        entries.extend(entries_of_builtin());
        let dict = Dictionary::build(entries, &excluded).unwrap_or_else(|e| {
            problems.push(format!("the additions could not be used ({e})"));
            Dictionary::builtin()
        });
        (dict, problems)
    }

    fn build(entries: Vec<Entry>, excluded: &[String]) -> Result<Dictionary, String> {
        let mut companies = Vec::with_capacity(entries.len() + excluded.len());
        let mut patterns: Vec<String> = Vec::new();
        let mut owner = Vec::new();
        let mut doubtful = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for word in excluded {
            seen.insert(word.clone());
            patterns.push(word.clone());
            owner.push(companies.len());
            doubtful.push(false);
            companies.push(Company {
                canonical: word.clone(),
                english: String::new(),
                tickers: Vec::new(),
                ambiguous: false,
                not_a_company: true,
            });
        }
        for e in entries {
            let i = companies.len();
            for (p, doubt) in e.names {
                // One-letter Latin names (`C`, `F`) are tickers, not names to match.
                if p.chars().count() >= 2 && seen.insert(p.to_lowercase()) {
                    doubtful.push(doubt || e.company.ambiguous);
                    patterns.push(p);
                    owner.push(i);
                }
            }
            companies.push(e.company);
        }
        let ascii = patterns.iter().map(|p| p.is_ascii()).collect();
        let capital = patterns
            .iter()
            .map(|p| p.is_ascii() && p.bytes().any(|b| b.is_ascii_uppercase()))
            .collect();
        let mixed = patterns
            .iter()
            .map(|p| {
                p.is_ascii()
                    && p.bytes().any(|b| b.is_ascii_uppercase())
                    && p.bytes().any(|b| b.is_ascii_lowercase())
            })
            .collect();
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&patterns)
            .map_err(|e| e.to_string())?;
        let by_name = patterns
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.is_ascii())
            .map(|(i, p)| (p.clone(), i))
            .collect();
        Ok(Dictionary {
            companies,
            patterns,
            by_name,
            owner,
            ascii,
            capital,
            mixed,
            doubtful,
            ac,
        })
    }

    /// The built-in dictionary, built once per process (for tests and the sample's first
    /// screen; the reader itself uses [`Dictionary::shared`]).
    pub fn builtin_shared() -> std::sync::Arc<Dictionary> {
        static BUILT: std::sync::OnceLock<std::sync::Arc<Dictionary>> = std::sync::OnceLock::new();
        std::sync::Arc::clone(BUILT.get_or_init(|| std::sync::Arc::new(Dictionary::builtin())))
    }

    /// The empty dictionary, shared.
    pub fn empty_shared() -> std::sync::Arc<Dictionary> {
        static EMPTY: std::sync::OnceLock<std::sync::Arc<Dictionary>> = std::sync::OnceLock::new();
        std::sync::Arc::clone(EMPTY.get_or_init(|| std::sync::Arc::new(Dictionary::empty())))
    }

    /// A dictionary with no companies.
    pub fn empty() -> Dictionary {
        Dictionary::build(Vec::new(), &[]).unwrap_or_else(|e| panic!("empty dictionary: {e}"))
    }

    /// The dictionary shipped in `assets/`.
    pub fn builtin() -> Dictionary {
        Dictionary::parse(BUILTIN).unwrap_or_else(|e| panic!("assets/companies.tsv: {e}"))
    }

    /// Every name the dictionary matches (for benchmarks and tests).
    pub fn patterns(&self) -> &[String] {
        &self.patterns
    }

    /// The names company `c` is matched by.
    pub fn names(&self, c: usize) -> impl Iterator<Item = &str> {
        self.patterns
            .iter()
            .zip(&self.owner)
            .filter(move |(_, o)| **o == c)
            .map(|(p, _)| p.as_str())
    }

    fn reads_as_word(&self, text: &str, s: usize, e: usize) -> bool {
        suffixed(&text[e..])
            || super::words::stands_alone(text, s..e, &|w| self.by_name.contains_key(w))
    }

    /// The longest dictionary name that starts at `s`, ends before `e` and reads as a word
    /// there: its pattern and end.
    fn shorter_word(&self, text: &str, s: usize, e: usize) -> Option<(usize, usize)> {
        let mut ends: Vec<usize> = text[s..e].char_indices().map(|(i, _)| s + i).collect();
        ends.reverse();
        ends.into_iter().filter(|&end| end > s).find_map(|end| {
            let p = *self.by_name.get(&text[s..end])?;
            self.reads_as_word(text, s, end).then_some((p, end))
        })
    }

    /// Every company mention in `text`.
    pub fn detect(&self, text: &str) -> Vec<Mention> {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut doubtful = Vec::new();
        let mut sure = Vec::new();
        for found in self.ac.find_iter(text) {
            let mut p = found.pattern().as_usize();
            let (s, mut e) = (found.start(), found.end());
            if self.ascii[p] {
                let before = s.checked_sub(1).map(|i| bytes[i]);
                let after = bytes.get(e).copied();
                if before.is_some_and(|c| c.is_ascii_alphanumeric())
                    || after.is_some_and(|c| c.is_ascii_alphanumeric())
                {
                    continue;
                }
                if self.capital[p] && !bytes[s..e].iter().any(u8::is_ascii_uppercase) {
                    continue;
                }
                // Inside an identifier or a hyphenated token: `X-Accel-Buffering`, `meta_og`.
                if before == Some(b'_')
                    || after == Some(b'_')
                    || (before == Some(b'-') && after == Some(b'-'))
                {
                    continue;
                }
            }
            if self.companies[self.owner[p]].not_a_company {
                continue;
            }
            // `其中投放` is not 中投: a Han name must read as a word where it stands,
            // unless a company suffix follows it (`日立公司`). If the longest name does
            // not, a shorter one from the same start may (`京东方面` is 京东, not 京东方).
            if !self.ascii[p] && !self.reads_as_word(text, s, e) {
                match self.shorter_word(text, s, e) {
                    Some((q, end)) => (p, e) = (q, end),
                    None => continue,
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
            let shouted = self.mixed[p]
                && !bytes[s..e].iter().any(u8::is_ascii_lowercase)
                && bytes[s..e]
                    .iter()
                    .filter(|b| b.is_ascii_alphabetic())
                    .count()
                    >= 3;
            if !self.doubtful[p] && !shouted {
                sure.push(s..e);
            } else if !evidence(text, s..e, c) {
                doubtful.push(mention);
                continue;
            }
            out.push(mention);
        }
        // An ambiguous name listed next to a sure company (`软银和甲骨文`) is one too.
        for m in doubtful {
            let near = |o: &Range<usize>| o.end + 9 >= m.range.start && m.range.end + 9 >= o.start;
            if sure.iter().any(near) {
                out.push(m);
            }
        }
        out.sort_by_key(|m| m.range.start);
        out
    }
}

/// Whether `after` (the text right after a name) starts with a company suffix.
fn suffixed(after: &str) -> bool {
    ["公司", "集团", "股份", "控股", "Inc", "手机", "汽车"]
        .iter()
        .any(|s| after.starts_with(s))
}

/// A suffix right after, or a ticker or cue word within a few characters.
fn evidence(text: &str, r: Range<usize>, c: &Company) -> bool {
    let after = &text[r.end..];
    if suffixed(after) {
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
        .nth(5)
        .map_or(0, |(i, _)| i);
    let hi = after
        .char_indices()
        .nth(6)
        .map_or(text.len(), |(i, _)| r.end + i);
    let near = &text[lo..hi];
    CUES.iter().any(|w| near.contains(w))
        || c.tickers
            .iter()
            .any(|t| t.len() >= 3 && near.contains(t.as_str()))
}

/// Companies not in the dictionary, by their legal suffix: `…股份有限公司`, `…集团`,
/// `… Inc.`. The name is read back from the suffix over the Han characters before it (at
/// most 12), split into words ([`super::words::segment`]): it stops at a pronoun,
/// preposition, adverb, conjunction or particle (`号称某某集团` is no name) and at a role
/// (`开发商`, `母公司`); if a place name is in it, it starts there (`出租方北京金都园林有限
/// 责任公司` → `北京金都园林有限责任公司`). Before the weak suffixes 集团 and 控股 it must not be
/// common nouns only (`利益集团`, `实业集团`).
pub fn by_suffix(text: &str) -> Vec<Range<usize>> {
    // Strong suffixes first: 有限公司 inside 股份有限公司 is the same name.
    const ZH: &[(&str, bool)] = &[
        ("股份有限公司", true),
        ("有限责任公司", true),
        ("有限公司", true),
        ("集团", false),
        ("控股", false),
    ];
    const STOP_CHARS: &[char] = &['的', '、', '，', '。', '“', '”', '：', '；'];
    const STOP_TAGS: &[&str] = &[
        "p", "r", "rr", "rz", "d", "c", "u", "uj", "ul", "uz", "ud", "ug", "uv", "y", "e", "o",
        "b", "m", "mq",
    ];
    const FUNCTION_CHARS: &[char] = &[
        '给', '被', '把', '向', '对', '从', '在', '由', '与', '和', '及', '为', '是', '了', '将',
        '这', '那', '其', '该', '此', '某', '等', '或', '即', '就', '也', '又', '还', '让', '叫',
        '称',
    ];
    const ROLES: &[&str] = &[
        "开发商",
        "出租方",
        "承租方",
        "母公司",
        "子公司",
        "承包方",
        "出资方",
        "合作方",
        "股东",
        "公司",
        "旗下",
        "号称",
        "所谓",
        "名为",
        "叫做",
        "成立",
        "注册",
        "一家",
        "这家",
        "那家",
    ];
    // Legal forms and generic groups, not names.
    const GENERIC: &[&str] = &[
        "个人",
        "一人",
        "自然人",
        "外商独资",
        "国有独资",
        "中外合资",
        "合伙",
        "私营",
        "境外",
        "离岸",
        "空壳",
        "利益",
        "犯罪",
        "人蛇",
        "诈骗",
        "走私",
        "贩毒",
        "恐怖",
        "实业",
        "上市",
    ];
    // One pass for every suffix: aho-corasick's packed (SIMD) searcher, leftmost-longest
    // (`股份有限公司` is found, never the `有限公司` inside it).
    static SUFFIXES: std::sync::OnceLock<Option<aho_corasick::packed::Searcher>> =
        std::sync::OnceLock::new();
    let Some(searcher) = SUFFIXES.get_or_init(|| {
        aho_corasick::packed::Config::new()
            .match_kind(aho_corasick::packed::MatchKind::LeftmostLongest)
            .builder()
            .extend(ZH.iter().map(|(s, _)| s))
            .build()
    }) else {
        return Vec::new();
    };
    let mut out: Vec<Range<usize>> = Vec::new();
    for found in searcher.find_iter(text) {
        let (suffix, strong) = ZH[found.pattern().as_usize()];
        let at = found.start();
        // A name never reaches back into the one found before it (`腾讯控股腾讯控股`).
        let floor = out.last().map_or(0, |r| r.end);
        let mut run_start = at;
        for (j, c) in text[floor.min(at)..at]
            .char_indices()
            .map(|(j, c)| (floor.min(at) + j, c))
            .rev()
            .take(12)
        {
            if !super::words::is_han(c) || STOP_CHARS.contains(&c) {
                break;
            }
            run_start = j;
        }
        let run = &text[run_start..at];
        let tokens = super::words::segment(run);
        let mut first = tokens.len();
        while first > 0 {
            let t = &tokens[first - 1];
            let word = &run[t.range.clone()];
            // Single characters of an unknown name (`金都`) come out as whatever they
            // are alone; only true function characters end a name.
            let stops = if word.chars().nth(1).is_some() {
                STOP_TAGS.contains(&t.tag)
            } else {
                word.chars().all(|c| FUNCTION_CHARS.contains(&c))
            };
            if stops || ROLES.contains(&word) {
                break;
            }
            first -= 1;
        }
        let mut name = &tokens[first..];
        if let Some(k) = name.iter().position(|t| t.tag == "ns") {
            name = &name[k..];
        }
        let Some(start) = name.first().map(|t| run_start + t.range.start) else {
            continue;
        };
        let words: Vec<&str> = name.iter().map(|t| &run[t.range.clone()]).collect();
        let joined = &text[start..at];
        let common_only = name
            .iter()
            .all(|t| matches!(t.tag, "n" | "vn" | "ng" | "nrfg"));
        if joined.chars().count() < 2
            || GENERIC.contains(&joined)
            || words
                .iter()
                .any(|w| GENERIC.contains(w) && !strong && words.len() == 1)
            || (common_only && (!strong || name.len() == 1))
        {
            continue;
        }
        let r = start..at + suffix.len();
        if !out.iter().any(|o| o.start <= r.start && r.end <= o.end) {
            out.push(r);
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
        assert_eq!(names("MICROSOFT and Google"), vec!["微软", "谷歌"]);
        // All lowercase is a word, a path or code: `meta` tags, `amd64`, `apple` pie.
        assert!(names("the meta tag, microsoft.com and amd").is_empty());
        assert_eq!(names("Meta and AMD"), vec!["Meta", "超威半导体"]);
    }

    #[test]
    fn a_mixed_case_name_in_capitals_needs_evidence() {
        // A nickname (a real archive calls a person AUDI), or a shout.
        assert!(names("AUDI说这个站一个月就回本了").is_empty());
        assert_eq!(names("AUDI公司发布新车"), vec!["奥迪"]);
        assert_eq!(names("Audi发布新车"), vec!["奥迪"]);
        // Written in capitals in the dictionary: as sure as ever.
        assert_eq!(names("IBM发布新芯片"), vec!["IBM"]);
        // Next to a sure company, it is one too.
        assert_eq!(names("MICROSOFT and Google"), vec!["微软", "谷歌"]);
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
        let found = |t: &'static str| -> Vec<&'static str> {
            by_suffix(t).into_iter().map(|r| &t[r]).collect()
        };
        assert_eq!(
            found("深圳市腾云科技股份有限公司宣布，由新希望集团投资。"),
            vec!["深圳市腾云科技股份有限公司", "新希望集团"]
        );
        assert_eq!(found("母公司金诚集团"), vec!["金诚集团"]);
        assert_eq!(
            found("包给北京市五连环投资有限公司"),
            vec!["北京市五连环投资有限公司"]
        );
        assert_eq!(
            found("地出租方北京金都园林有限责任公司"),
            vec!["北京金都园林有限责任公司"]
        );
        assert_eq!(
            found("浙江巨化集团和欧亚集团"),
            vec!["浙江巨化集团", "欧亚集团"]
        );
        for t in [
            "号称某某集团",
            "所谓实业集团",
            "动了很多利益集团",
            "某个亲戚私人控股",
            "个人有限责任公司",
            "人蛇集团",
            "深圳市某某科技股份有限公司",
        ] {
            assert!(found(t).is_empty(), "{t}: {:?}", found(t));
        }
    }

    #[test]
    fn question_marked_names_need_evidence_the_company_s_other_names_do_not() {
        assert!(names("理想很丰满，现实很骨感").is_empty());
        assert_eq!(names("理想汽车交付了新车"), vec!["理想汽车"]);
        assert_eq!(names("理想的股价大涨"), vec!["理想汽车"]);
        assert!(names("这个字节数不对").is_empty());
        assert_eq!(names("字节跳动和腾讯"), vec!["字节跳动", "腾讯"]);
        assert!(names("Hit the Target.").is_empty());
        assert_eq!(names("塔吉特"), vec!["塔吉特"]);
        assert!(names("完美的设计").is_empty(), "{:?}", names("完美的设计"));
        assert!(names("有道理的说法").is_empty());
        assert!(names("物美价廉的商品").is_empty());
        assert!(names("美国伊利诺伊州").is_empty());
        // The longest name straddles words; a shorter one from the same start does not.
        assert_eq!(names("京东方面表示"), vec!["京东"]);
        assert_eq!(names("京东方的面板"), vec!["京东方"]);
        assert!(names("这其中投放软文").is_empty());
    }

    #[test]
    fn the_dictionary_is_large_and_clean() {
        let d = Dictionary::builtin();
        let companies = d.companies.iter().filter(|c| !c.not_a_company).count();
        assert!(companies >= 1500, "{companies} companies");
        // No name is claimed by two companies (the second would silently lose it).
        let mut owners: std::collections::HashMap<String, &str> = std::collections::HashMap::new();
        for line in BUILTIN
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        {
            let e = parse_line(line).unwrap();
            let mut mine = std::collections::HashSet::new();
            for (n, _) in &e.names {
                let k = n.to_lowercase();
                if n.chars().count() < 2 || !mine.insert(k.clone()) {
                    continue;
                }
                if let Some(other) = owners.insert(k, line.split('\t').next().unwrap()) {
                    panic!("{n:?} belongs to {other:?} and to {line:?}");
                }
            }
        }
        for (query, want) in [
            ("Microsoft", "微软"),
            ("软银集团", "软银"),
            ("英伟达", "英伟达"),
            ("宁德时代", "宁德时代"),
            ("Toyota", "丰田"),
            ("三菱日联", "三菱日联"),
            ("中国移动", "中国移动"),
            ("Anthropic", "Anthropic"),
            ("摩根大通", "摩根大通"),
            ("沙特阿美", "沙特阿美"),
        ] {
            assert_eq!(names(query), vec![want], "{query}");
        }
    }

    #[test]
    fn user_additions_come_first_and_exclusions_remove_names() {
        let user = "# mine\n小红花科技\tLittle Flower\t小红花\n-腾讯\n坏行\tX\t\t\tweird\n甲\n-\n空格公司    Spaces Inc\nSolo Name\n";
        let (d, problems) = Dictionary::with_additions(user);
        let found = |t: &str| -> Vec<String> {
            d.detect(t)
                .iter()
                .map(|m| d.companies[m.company].canonical.clone())
                .collect()
        };
        assert_eq!(
            found("小红花与Little Flower"),
            vec!["小红花科技", "小红花科技"]
        );
        assert!(found("腾讯发布财报").is_empty(), "excluded");
        assert_eq!(
            found("阿里巴巴发布财报"),
            vec!["阿里巴巴"],
            "built-ins kept"
        );
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(problems[3].starts_with("line 7: columns must be separated by tabs"));
        assert_eq!(
            found("we met Solo Name today"),
            vec!["Solo Name"],
            "one column is fine"
        );
        assert!(
            problems[0].starts_with("line 4: unknown flag"),
            "{problems:?}"
        );
        assert!(
            problems[1].starts_with("line 5: the name \"甲\""),
            "{problems:?}"
        );
        assert!(problems[2].starts_with("line 6:"), "{problems:?}");
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
