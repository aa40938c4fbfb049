//! Companies an article names once in full and then by a short name: the layers that look
//! at the whole article rather than one sentence (REFERENCE.md §4).
//!
//! - **Short names** (layer c): a name found by its legal suffix (`明远环境服务有限公司`) is
//!   then found by its proper name alone (`明远`), with a bare suffix (`明远公司`) or with
//!   its trade words (`明远环境`); a dictionary company named surely once makes its doubtful
//!   names (`苹果` after `苹果公司`) and its Latin names in lowercase (`openai` after
//!   `OpenAI`) mentions everywhere in the article (in `crate::highlight::entities_with`).
//! - **Latin names with evidence** (layer d): a capitalised or camel-case Latin name the
//!   dictionary does not know (`Ahrefs`, `ZoomInfo`) counts when a cue says it is a business
//!   — a suffix (`Inc.`, `公司`), a role (`创始人`, `CEO`), a deal (`收购`, `融资`, `上市`) —
//!   within a few characters; then every time the article writes it the same way.

use super::Dictionary;
use std::ops::Range;

/// A span in one of an article's texts (`text` indexes the texts handed in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spot {
    pub text: usize,
    pub range: Range<usize>,
}

/// The proper name inside a name found by its suffix (`佳士` in `深圳市佳士科技股份有限公司`),
/// else the whole name: what its mentions are grouped by.
pub fn core_of(text: &str, r: &Range<usize>) -> String {
    suffix_start(&text[r.clone()])
        .and_then(|k| super::suffix::name_parts(text, r.start, r.start + k))
        .map_or_else(|| text[r.clone()].to_string(), |p| text[p.core].to_string())
}

/// The short names of companies found by suffix (`names`: each one's span in `texts`),
/// wherever the article uses them and nothing else is (`taken`), each with the proper name
/// it is.
pub fn short_names(texts: &[&str], names: &[Spot], taken: &[Spot]) -> Vec<(Spot, String)> {
    let mut out: Vec<Spot> = Vec::new();
    let mut cores_of: Vec<String> = Vec::new();
    let mut cores: Vec<(String, String, String)> = Vec::new();
    for n in names {
        let text = texts[n.text];
        let Some(suffix_at) = suffix_start(&text[n.range.clone()]).map(|k| n.range.start + k)
        else {
            continue;
        };
        let Some(parts) = super::suffix::name_parts(text, n.range.start, suffix_at) else {
            continue;
        };
        let core = text[parts.core.clone()].to_string();
        let places = text[n.range.start..parts.core.start].to_string();
        let tail = text[parts.core.end..n.range.end].to_string();
        if !cores.iter().any(|(c, _, _)| *c == core) {
            cores.push((core, places, tail));
        }
    }
    for (core, places, tail) in &cores {
        for (i, text) in texts.iter().enumerate() {
            for (p, _) in text.match_indices(core.as_str()) {
                let mut end = p + core.len();
                let after = &text[end..];
                // The longest start of the full name's tail, else a bare suffix.
                let longest = tail
                    .char_indices()
                    .map(|(k, c)| k + c.len_utf8())
                    .rev()
                    .find(|&k| after.starts_with(&tail[..k]))
                    .or_else(|| {
                        TRADES
                            .iter()
                            .find(|s| after.starts_with(**s))
                            .map(|s| s.len())
                    });
                match longest {
                    Some(k) => end += k,
                    None => {
                        if !alone(text, p..end, core) {
                            continue;
                        }
                    }
                }
                let start = if !places.is_empty() && text[..p].ends_with(places.as_str()) {
                    p - places.len()
                } else {
                    p
                };
                let spot = Spot {
                    text: i,
                    range: start..end,
                };
                if !overlaps(&spot, taken) && !overlaps(&spot, &out) {
                    out.push(spot);
                    cores_of.push(core.clone());
                }
            }
        }
    }
    out.into_iter().zip(cores_of).collect()
}

/// Suffixes and trade words a short name may be written with (`佳士电器`, `佳士有限`), longest
/// of each family first.
const TRADES: &[&str] = &[
    "有限公司",
    "公司",
    "集团",
    "科技",
    "有限",
    "电器",
    "电子",
    "机电",
    "电气",
    "机械",
    "网络",
    "传媒",
    "文化",
    "地产",
    "置业",
    "实业",
    "投资",
    "控股",
    "能源",
    "环境",
    "医药",
    "生物",
    "食品",
    "物流",
    "贸易",
    "建设",
    "股份",
];

/// Whether a short name stands alone at `r` as the company: a word there (the name counted
/// as one), not the given name of a person (`张明远`), and no place (`白石洲` names the
/// village as often as its company: a name ending in a place character is used alone
/// only with a suffix).
fn alone(text: &str, r: Range<usize>, core: &str) -> bool {
    const PLACE_ENDS: &str = "洲村镇乡街路道山岭湖江河海岛湾城州县区省市港口桥坊庄屯寨园";
    const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
    if core
        .chars()
        .next_back()
        .is_some_and(|c| PLACE_ENDS.contains(c))
    {
        return false;
    }
    let before = text[..r.start].chars().next_back();
    let before2 = text[..r.start].chars().rev().nth(1);
    // A surname right before, itself not the end of a word (`老张明远` is still a name).
    if before.is_some_and(|c| SURNAMES.contains(c))
        && before2.is_none_or(|c| !crate::highlight::words::is_han(c))
    {
        return false;
    }
    if before.is_some_and(|c| SURNAMES.contains(c)) && core.chars().count() == 2 {
        return false;
    }
    let known = |w: &str| w == core;
    crate::highlight::words::stands_alone(text, r, &known)
}

/// Where a suffix-found name's suffix starts.
fn suffix_start(name: &str) -> Option<usize> {
    [
        "股份有限公司",
        "有限责任公司",
        "有限公司",
        "股份公司",
        "集团",
        "控股",
        "公司",
        "科技",
    ]
    .iter()
    .find(|s| name.ends_with(**s))
    .map(|s| name.len() - s.len())
}

fn overlaps(s: &Spot, v: &[Spot]) -> bool {
    v.iter()
        .any(|o| o.text == s.text && o.range.start < s.range.end && s.range.start < o.range.end)
}

/// Words near a Latin name that say it is a business.
const LATIN_CUES: &[&str] = &[
    "公司",
    "集团",
    "旗下",
    "收购",
    "融资",
    "估值",
    "上市",
    "市值",
    "股价",
    "总部",
    "员工",
    "裁员",
    "财报",
    "营收",
    "Inc",
    "Ltd",
    "LLC",
    "Corp",
    "GmbH",
    "Co.",
    "Labs",
    "母公司",
    "子公司",
];

/// Roles that say the name before them is a business (`X的创始人`, `X CEO`); after them
/// comes a person (`CEO Sam Altman`).
const ROLE_CUES: &[&str] = &[
    "创始人",
    "创办人",
    "联合创始人",
    "CEO",
    "CTO",
    "COO",
    "董事长",
    "总裁",
];

/// The suffixes a name of two capitalised words needs (a person is written so too: `Dan
/// Gilbert`).
const SUFFIX_CUES: &[&str] = &[
    "公司", "集团", "Inc", "Ltd", "LLC", "Corp", "GmbH", "Co.", "Labs",
];

/// English words written with a capital (a sentence's first word, a heading, a button) and
/// trade words in camel case: never a company by evidence.
const ENGLISH: &[&str] = &[
    "The",
    "This",
    "That",
    "These",
    "Those",
    "With",
    "Without",
    "And",
    "For",
    "From",
    "Into",
    "About",
    "After",
    "Before",
    "How",
    "What",
    "Why",
    "When",
    "Where",
    "Who",
    "Which",
    "Your",
    "You",
    "Our",
    "They",
    "Their",
    "Free",
    "New",
    "Best",
    "Top",
    "Get",
    "Use",
    "Make",
    "All",
    "More",
    "Most",
    "Some",
    "Any",
    "Home",
    "Blog",
    "Online",
    "Tools",
    "Tool",
    "Search",
    "Today",
    "Here",
    "There",
    "Not",
    "But",
    "Just",
    "Only",
    "Also",
    "Very",
    "One",
    "Two",
    "Three",
    "First",
    "Last",
    "Next",
    "Open",
    "Source",
    "Data",
    "Team",
    "Group",
    "Company",
    "Startup",
    "Capital",
    "Ventures",
    "Fund",
    "Global",
    "International",
    "Technology",
    "Technologies",
    "Network",
    "Media",
    "Studio",
    "Labs",
    "Inc",
    "Ltd",
    "Corp",
    "SaaS",
    "PaaS",
    "IaaS",
    "GPTs",
    "iOS",
    "macOS",
    "iPadOS",
    "JavaScript",
    "TypeScript",
    "WordPress",
    "Markdown",
    "Python",
    "Java",
    "Node",
    "React",
    "Vue",
    "Linux",
    "Unix",
    "Web",
    "App",
    "Apps",
    "API",
    "Email",
    "Emails",
    "Google",
    "Settings",
    "Save",
    "Login",
    "Sign",
    "Click",
    "Read",
    "Like",
    "Share",
    "Follow",
    "Subscribe",
    "Download",
    "Upload",
    "Update",
    "Please",
    "Thanks",
    "Thank",
    "Hello",
    "Dear",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Prof",
    "Sir",
    "Lady",
    "King",
    "Queen",
    "Prince",
    "President",
    "China",
    "Chinese",
    "America",
    "American",
    "Europe",
    "Japan",
    "India",
    "Russia",
    "Beijing",
    "Shanghai",
    "Shenzhen",
    "Hong",
    "Kong",
    "Taiwan",
    "London",
    "York",
    "California",
];

/// Latin names the dictionary does not know that a cue marks as a business somewhere in the
/// article, at every place the article writes them (not where something else is: `taken`).
pub fn latin_names(texts: &[&str], dict: &Dictionary, taken: &[Spot]) -> Vec<Spot> {
    let mut names: Vec<&str> = Vec::new();
    let candidates: Vec<Vec<Range<usize>>> = texts.iter().map(|t| latin_candidates(t)).collect();
    for (text, found) in texts.iter().zip(&candidates) {
        for r in found {
            let name = &text[r.clone()];
            if names.contains(&name)
                || dict.knows(name)
                || name.split(' ').any(|w| ENGLISH.contains(&w))
            {
                continue;
            }
            if cue_near(text, r, name.contains(' ')) {
                names.push(name);
            }
        }
    }
    let mut out = Vec::new();
    if names.is_empty() {
        return out;
    }
    for (i, (text, found)) in texts.iter().zip(candidates).enumerate() {
        for r in found {
            if names.contains(&&text[r.clone()]) {
                let spot = Spot { text: i, range: r };
                if !overlaps(&spot, taken) {
                    out.push(spot);
                }
            }
        }
    }
    out
}

/// A cue within six characters before or eight after `r`: a business word anywhere, a role
/// after it; for a name of two words (`Oxford Economics`, and a person's `Dan Gilbert`) only
/// a company suffix.
fn cue_near(text: &str, r: &Range<usize>, two_words: bool) -> bool {
    let lo = text[..r.start]
        .char_indices()
        .rev()
        .nth(5)
        .map_or(0, |(i, _)| i);
    let hi = text[r.end..]
        .char_indices()
        .nth(8)
        .map_or(text.len(), |(i, _)| r.end + i);
    let (before, after) = (&text[lo..r.start], &text[r.end..hi]);
    if two_words {
        return SUFFIX_CUES.iter().any(|c| after.contains(c));
    }
    LATIN_CUES
        .iter()
        .any(|c| before.contains(c) || after.contains(c))
        || ROLE_CUES.iter().any(|c| after.contains(c))
}

/// Runs of Latin words that read as a proper name: each word starts with a capital or has
/// one inside (`eBay`), at least one lowercase letter in all (an all-capitals word is an
/// acronym: `SEO`, `API`), at most three words joined by single spaces; not part of a path,
/// an address or an identifier.
pub fn latin_candidates(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let word_end = |mut i: usize| {
        while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'&') {
            i += 1;
        }
        i
    };
    let name_like = |w: &[u8]| {
        w.first().is_some_and(u8::is_ascii_alphabetic)
            && w.iter().any(u8::is_ascii_uppercase)
            && w.iter().any(u8::is_ascii_lowercase)
            && w.len() >= 3
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        // Most of a Chinese text is not Latin: go to the next letter or digit at once.
        match b[i..].iter().position(u8::is_ascii_alphanumeric) {
            Some(k) => i += k,
            None => break,
        }
        if i > 0 && b[i - 1].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let e = word_end(i);
        let glued = |k: usize| k < b.len() && matches!(b[k], b'.' | b'/' | b'_' | b'-' | b'@');
        let before_glued = i > 0 && matches!(b[i - 1], b'.' | b'/' | b'_' | b'-' | b'@' | b':');
        if !name_like(&b[i..e])
            || before_glued
            || (glued(e) && e + 1 < b.len() && b[e + 1].is_ascii_alphanumeric())
        {
            i = e.max(i + 1);
            continue;
        }
        // `Robert D. Kaplan`: a person's name with an initial is no company.
        let initial = |k: usize| {
            k + 3 < b.len()
                && b[k] == b' '
                && b[k + 1].is_ascii_uppercase()
                && b[k + 2] == b'.'
                && b[k + 3] == b' '
        };
        if initial(e) {
            let mut k = e + 4;
            k = word_end(k);
            i = k.max(i + 1);
            continue;
        }
        let mut end = e;
        let mut words = 1;
        while words < 3 && end + 1 < b.len() && b[end] == b' ' && b[end + 1].is_ascii_uppercase() {
            let ne = word_end(end + 1);
            if ne == end + 1 || !b[end + 1..ne].iter().any(u8::is_ascii_lowercase) {
                break;
            }
            end = ne;
            words += 1;
        }
        out.push(i..end);
        i = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spots(texts: &[&str], v: &[Spot]) -> Vec<String> {
        v.iter()
            .map(|s| texts[s.text][s.range.clone()].to_string())
            .collect()
    }

    #[test]
    fn a_company_named_in_full_is_found_by_its_short_name() {
        let texts = [
            "北京明远环境服务有限公司承包了这片园区的保洁。",
            "明远公司的员工说，明远环境这几年扩张很快，明远的老板很少露面。",
            "张明远不是这家公司的人。",
        ];
        let names = [Spot {
            text: 0,
            range: 0.."北京明远环境服务有限公司".len(),
        }];
        let found: Vec<Spot> = short_names(&texts, &names, &names)
            .into_iter()
            .map(|(s, core)| {
                assert_eq!(core, "明远");
                s
            })
            .collect();
        assert_eq!(
            spots(&texts, &found),
            ["明远公司", "明远环境", "明远"],
            "{found:?}"
        );
    }

    #[test]
    fn latin_names_need_a_cue_once() {
        let dict = Dictionary::builtin();
        let texts = [
            "Plausify公司的数据显示，这个词的搜索量很大。",
            "我平时用Plausify看外链，用Keywordly看关键词。",
            "打开Settings页面，点Save。",
        ];
        let found = latin_names(&texts, &dict, &[]);
        assert_eq!(spots(&texts, &found), ["Plausify", "Plausify"]);
    }

    #[test]
    fn candidates_skip_acronyms_paths_and_addresses() {
        let t = "用SEO和API，访问example.com/Foo或者github.com，还有Product Hunt和eBay。";
        let c: Vec<&str> = latin_candidates(t).into_iter().map(|r| &t[r]).collect();
        assert_eq!(c, ["Product Hunt", "eBay"]);
    }
}
