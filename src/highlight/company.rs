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

/// What is wrong with a dictionary: in a line (its number, once known), or in building it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DictError {
    #[error("{} columns; at most 5 (chinese, english, aliases, tickers, flags), tab-separated", .0)]
    Columns(usize),
    #[error("no name")]
    NoName,
    #[error("unknown flag {0:?} (known: ambiguous, not)")]
    Flag(String),
    #[error("line {line}: {error}")]
    Line { line: usize, error: Box<DictError> },
    /// The matcher could not be built from the names.
    #[error("{0}")]
    Build(String),
}

/// Parses one line of the dictionary format (see `assets/companies.tsv`).
fn parse_line(line: &str) -> Result<Entry, DictError> {
    let cols: Vec<&str> = line.split('\t').map(str::trim).collect();
    if cols.len() > 5 {
        return Err(DictError::Columns(cols.len()));
    }
    let name = |s: &str| -> (String, bool) {
        s.strip_prefix('?')
            .map_or((s.to_string(), false), |n| (n.trim().to_string(), true))
    };
    let (zh, zh_doubt) = name(cols.first().copied().unwrap_or(""));
    let (en, en_doubt) = name(cols.get(1).copied().unwrap_or(""));
    if zh.is_empty() && en.is_empty() {
        return Err(DictError::NoName);
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
            return Err(DictError::Flag(f.to_string()));
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
fn entries(text: &str) -> Result<Vec<Entry>, DictError> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|(n, line)| {
            parse_line(line).map_err(|e| DictError::Line {
                line: n + 1,
                error: Box::new(e),
            })
        })
        .collect()
}

fn entries_of_builtin() -> Vec<Entry> {
    entries(BUILTIN).unwrap_or_default()
}

impl Dictionary {
    /// Parses the dictionary format. `Err` names the first bad line.
    pub fn parse(text: &str) -> Result<Dictionary, DictError> {
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

    fn build(entries: Vec<Entry>, excluded: &[String]) -> Result<Dictionary, DictError> {
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
            .map(|p| p.is_ascii() && p.bytes().any(|b| b.is_ascii_uppercase()) && needs_capital(p))
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
            .map_err(|e| DictError::Build(e.to_string()))?;
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
        self.detect_doubtful(text).0
    }

    /// Every company mention in `text`, and the doubtful names that lacked evidence here
    /// (`苹果` with no cue near it, `openai` in lowercase): an article that names the company
    /// surely elsewhere makes them mentions too.
    pub fn detect_doubtful(&self, text: &str) -> (Vec<Mention>, Vec<Mention>) {
        let bytes = text.as_bytes();
        let mut out = Vec::new();
        let mut doubtful = Vec::new();
        let mut sure = Vec::new();
        let mut lower = Vec::new();
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
                let glued = |x: Option<u8>| x.is_some_and(|x| b"./_-@:".contains(&x));
                if !bytes[s..e].iter().any(u8::is_ascii_uppercase)
                    && (glued(before) || glued(after))
                {
                    continue;
                }
                // In lowercase (`openai`): a word, a path or code — unless the article
                // names the company surely elsewhere (then it is one of its spellings).
                if self.capital[p] && !bytes[s..e].iter().any(u8::is_ascii_uppercase) {
                    let glued = |x: Option<u8>| x.is_some_and(|x| b"./_-@:".contains(&x));
                    if !glued(before)
                        && !glued(after)
                        && !self.companies[self.owner[p]].not_a_company
                    {
                        lower.push(Mention {
                            range: s..e,
                            company: self.owner[p],
                        });
                    }
                    continue;
                }
                // Written as a domain: a link, not a mention (`QiMai.cn`, `Data.ai`).
                let tld = |t: &[u8]| !t.is_empty() && t.iter().all(u8::is_ascii_lowercase);
                let domain = (after == Some(b'.')
                    && bytes.get(e + 1).is_some_and(u8::is_ascii_lowercase))
                    || text[s..e]
                        .rsplit_once('.')
                        .is_some_and(|(_, t)| tld(t.as_bytes()));
                if domain {
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
        let mut rejected = Vec::new();
        for m in doubtful {
            let near = |o: &Range<usize>| o.end + 9 >= m.range.start && m.range.end + 9 >= o.start;
            if sure.iter().any(near) {
                out.push(m);
            } else {
                rejected.push(m);
            }
        }
        rejected.extend(lower);
        out.sort_by_key(|m| m.range.start);
        (out, rejected)
    }

    /// Whether the whole of `name` is a name in the dictionary (a company's or a word listed
    /// as no company), in any case.
    pub fn knows(&self, name: &str) -> bool {
        self.ac
            .find(name)
            .is_some_and(|m| m.start() == 0 && m.end() == name.len())
    }
}

/// Whether a Latin name with a capital in it must be written with one to count: names that
/// are English words (`Target`, `Oracle`: `assets/latin_words.txt`) or shorter than five
/// letters (`Meta`, `AMD`), and every name not in the
/// built-in dictionary (a user's, whose words we cannot check). Other built-in names
/// (`Vercel`, `GitHub`) count in lowercase too, as writers often type them.
fn needs_capital(name: &str) -> bool {
    static SETS: std::sync::OnceLock<(
        std::collections::HashSet<&'static str>,
        std::collections::HashSet<String>,
    )> = std::sync::OnceLock::new();
    let (words, builtin) = SETS.get_or_init(|| {
        let words = include_str!("../../assets/latin_words.txt")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .collect();
        let builtin = entries_of_builtin()
            .into_iter()
            .flat_map(|e| e.names)
            .filter(|(n, _)| n.is_ascii())
            .map(|(n, _)| n.to_lowercase())
            .collect();
        (words, builtin)
    });
    let lower = name.to_lowercase();
    // Short names in lowercase are words, codes and abbreviations too (`meta`, `amd`, `arm`).
    lower.len() < 5 || words.contains(lower.as_str()) || !builtin.contains(&lower)
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

pub mod article;
mod suffix;
pub use suffix::by_suffix;

#[cfg(test)]
mod tests;
