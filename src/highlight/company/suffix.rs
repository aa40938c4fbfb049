//! Companies not in the dictionary, found by their legal suffix (`…有限公司`, `…集团`).

use std::ops::Range;

/// Companies not in the dictionary, by their legal suffix: `…股份有限公司`, `…集团`,
/// `… Inc.`. The name is read back from the suffix over the Han characters before it (at
/// most 12), split into words ([`crate::highlight::words::segment`]): it stops at a pronoun,
/// preposition, adverb, conjunction or particle (`号称某某集团` is no name) and at a role
/// (`开发商`, `母公司`); if a place name is in it, it starts there (`出租方北京金都园林有限
/// 责任公司` → `北京金都园林有限责任公司`). Before the weak suffixes 集团 and 控股 it must not be
/// common nouns only (`利益集团`, `实业集团`).
pub fn by_suffix(text: &str) -> Vec<Range<usize>> {
    #[derive(Clone, Copy, PartialEq, Eq)]
    enum Kind {
        /// A legal form (`有限公司`): whatever name stands before it is a company.
        Strong,
        /// `集团`, `控股`: not after common nouns only (`利益集团`).
        Weak,
        /// `公司`, `科技`: only after a proper name ([`bare_name`]).
        Bare,
        /// `子公司`, `母公司`: a role, not a name (`全资子公司`).
        Role,
    }
    // Strong suffixes first: 有限公司 inside 股份有限公司 is the same name.
    const ZH: &[(&str, Kind)] = &[
        ("股份有限公司", Kind::Strong),
        ("有限责任公司", Kind::Strong),
        ("有限公司", Kind::Strong),
        ("股份公司", Kind::Strong),
        ("集团", Kind::Weak),
        ("控股", Kind::Weak),
        ("总公司", Kind::Bare),
        ("子公司", Kind::Role),
        ("母公司", Kind::Role),
        ("分公司", Kind::Role),
        ("公司", Kind::Bare),
        ("科技", Kind::Bare),
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
        "报业",
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
        let (suffix, kind) = ZH[found.pattern().as_usize()];
        let at = found.start();
        // A name never reaches back into the one found before it (`腾讯控股腾讯控股`).
        let floor = out.last().map_or(0, |r| r.end);
        if kind == Kind::Role {
            continue;
        }
        if kind == Kind::Bare {
            // `科技` before a legal suffix is part of the name read back from that suffix.
            let after = &text[found.end()..];
            if ["有限", "股份", "集团", "控股", "公司"]
                .iter()
                .any(|s| after.starts_with(s))
            {
                continue;
            }
            // `科技` ends a name only where no word goes on from it (`科技奖`, `科技部`).
            let next = after.chars().next();
            if suffix == "科技"
                && next.is_some_and(|n| {
                    crate::highlight::words::is_han(n)
                        && !"的和与及在是也等将已被把向对从为了还就都".contains(n)
                })
            {
                continue;
            }
            if let Some(r) = bare_name(text, floor.min(at), at, suffix)
                && !out.iter().any(|o| o.start <= r.start && r.end <= o.end)
            {
                out.push(r);
            }
            continue;
        }
        let strong = kind == Kind::Strong;
        let mut run_start = at;
        for (j, c) in text[floor.min(at)..at]
            .char_indices()
            .map(|(j, c)| (floor.min(at) + j, c))
            .rev()
            .take(12)
        {
            if !crate::highlight::words::is_han(c) || STOP_CHARS.contains(&c) {
                break;
            }
            run_start = j;
        }
        let run = &text[run_start..at];
        let tokens = crate::highlight::words::segment(run);
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
        // A newspaper group is a newspaper (`南方报业集团`).
        if joined.ends_with("报业") {
            continue;
        }
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

/// Places, then a proper name, then trade words: `深圳佳士公司`, `金都园林公司`, `明远环境服务`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameParts {
    /// The whole name, without its suffix.
    pub range: Range<usize>,
    /// The proper name alone (`佳士`, `金都`, `明远`): what the article may call it later.
    pub core: Range<usize>,
}

/// Common words that read like a name before `公司` or `科技` but name no company.
const NOT_NAMES: &[&str] = &[
    "初创", "种业", "外包", "物业", "家政", "中介", "皮包", "空壳", "母", "子", "分", "总", "本",
    "贵", "我", "你", "他", "她", "它", "咱", "全", "原", "新", "老", "大", "小", "该", "此",
];

/// The name before a bare `公司` or `科技` at `at`, read back no further than `floor`: trade
/// words (common nouns of two or more characters: `园林`, `环境服务`), before them a proper
/// name of at least two characters made of single characters or words the dictionary does
/// not know as common (`佳士`, `诺马`, `八宝山`), before it places (`深圳`). Common nouns
/// alone (`家政公司`), places alone (`美国公司`), a verb or a measure word before the noun
/// (`去家政公司`, `一家大公司`) are no name.
fn bare_name(text: &str, floor: usize, at: usize, suffix: &str) -> Option<Range<usize>> {
    name_parts(text, floor, at).map(|p| p.range.start..at + suffix.len())
}

/// The parts of a name that ends at `at` (see [`bare_name`]).
pub fn name_parts(text: &str, floor: usize, at: usize) -> Option<NameParts> {
    const FUNCTION: &[char] = &[
        '给', '被', '把', '向', '对', '从', '在', '由', '与', '和', '及', '为', '是', '了', '将',
        '这', '那', '其', '该', '此', '某', '等', '或', '即', '就', '也', '又', '还', '让', '叫',
        '称', '的', '家', '个', '去', '到', '开', '找', '做', '进', '入', '跟', '同', '说', '有',
        '于', '以', '所', '而', '但', '却', '才', '都', '很', '更', '最', '不', '没', '只', '上',
        '下', '里', '内', '外', '前', '后', '现', '新', '本', '获', '太', '想', '来', '要', '会',
        '能', '可',
    ];
    let mut run_start = at;
    for (j, c) in text[floor..at].char_indices().rev().take(14) {
        // `的` ends a name even inside a word (`玩假标的公司`).
        if !crate::highlight::words::is_han(c) || c == '的' {
            break;
        }
        run_start = floor + j;
    }
    let run = &text[run_start..at];
    let tokens = crate::highlight::words::segment(run);
    let mut k = tokens.len();
    let word = |t: &crate::highlight::words::Token| &run[t.range.clone()];
    let long = |t: &crate::highlight::words::Token| word(t).chars().nth(1).is_some();
    // Trade words.
    while k > 0 && long(&tokens[k - 1]) && matches!(tokens[k - 1].tag, "n" | "vn" | "an" | "j") {
        k -= 1;
    }
    let trade_start = k;
    // The proper name: single characters that are not function words, or words that are
    // names to the dictionary or unknown to it.
    let mut chars = 0;
    while k > 0 {
        let t = &tokens[k - 1];
        let w = word(t);
        let ok = if long(t) {
            matches!(t.tag, "nz" | "nr" | "nrt" | "nt")
        } else {
            !w.chars().all(|c| FUNCTION.contains(&c)) && !matches!(t.tag, "p" | "c" | "u" | "r")
        };
        if !ok || chars + w.chars().count() > 6 {
            break;
        }
        chars += w.chars().count();
        k -= 1;
    }
    let core = (run_start + tokens.get(k)?.range.start)
        ..(run_start + tokens.get(trade_start).map_or(run.len(), |t| t.range.start));
    let core_text = &text[core.clone()];
    // A name has a noun in it: verbs and adverbs alone (`催收公司`, `想黑公司`) name none.
    let nouny = tokens[k..trade_start].iter().any(|t| {
        matches!(
            t.tag,
            "n" | "nr" | "nz" | "ng" | "nrt" | "nt" | "ns" | "j" | "a"
        )
    });
    if !nouny {
        return None;
    }
    // A count is no name (`一人公司`, `两家科技`).
    let counted = core_text.starts_with(|c: char| "一二两三四五六七八九十几每各多某数".contains(c));
    // A kind of company, not a name (`营利性公司`, `创新型科技`, `股份制`, `种业`).
    let kind = core_text.ends_with(|c: char| "性型式类级化制业".contains(c));
    if chars < 2 || counted || kind || NOT_NAMES.contains(&core_text) {
        return None;
    }
    // Places before the name.
    let mut start = core.start;
    while k > 0 && tokens[k - 1].tag == "ns" {
        k -= 1;
        start = run_start + tokens[k].range.start;
    }
    Some(NameParts {
        range: start..at,
        core,
    })
}
