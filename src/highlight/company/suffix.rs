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
