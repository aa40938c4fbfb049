//! Text that matters, for property tests (issue 11). Uniform random Unicode almost never puts
//! two Chinese numerals side by side, a unit after a digit or a company name before `公司`, so
//! it could not find the crash on `零一万物`. These strategies draw text from the pieces real
//! articles are made of: Chinese and financial numerals, Arabic digits with separators,
//! magnitudes, units and currencies, range and approximation words, qualifiers, company names
//! and suffixes, punctuation, spaces, indents and line breaks.
//!
//! Case counts: `PROPTEST_CASES` (the long run: `PROPTEST_CASES=100000 cargo test --release
//! generated`), else each test's default.

use proptest::prelude::*;
use proptest::test_runner::Config;

/// A config running `default` cases, or `PROPTEST_CASES` when set.
pub fn cases(default: u32) -> Config {
    let n = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    Config {
        cases: n,
        // Generated text shrinks fast; keep failures quick to report.
        max_shrink_iters: 2048,
        ..Config::default()
    }
}

/// Chinese and financial numerals, traditional forms.
const NUMERALS: &[&str] = &[
    "零", "〇", "一", "二", "两", "三", "四", "五", "六", "七", "八", "九", "十", "百", "千", "万",
    "亿", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖", "拾", "佰", "仟", "萬", "億", "兩",
    "貳", "參", "陸",
];
/// Arabic digits, full-width digits, separators, Latin magnitudes.
const ARABIC: &[&str] = &[
    "0", "1", "2", "3", "5", "7", "9", "00", "000", "１", "９", ",", ".", "，", "．", "k", "K",
    "w", "W", "m", "M", "b", "bn", " billion", " million",
];
/// Currencies, sub-units and counters.
const CURRENCIES: &[&str] = &[
    "元",
    "块",
    "角",
    "分",
    "毛",
    "厘",
    "钱",
    "圆",
    "圓",
    "整",
    "个",
    "个亿",
    "美元",
    "美金",
    "欧元",
    "日元",
    "港元",
    "港币",
    "人民币",
    "新台币",
    "英镑",
    "韩元",
    "$",
    "¥",
    "￥",
    "€",
    "£",
    "US$",
    "HK$",
    "USD",
    "RMB",
    "CNY",
    " USD",
];
/// Range, approximation and qualifier words.
const RANGE_WORDS: &[&str] = &[
    "至", "到", "-", "--", "—", "——", "~", "～", "多", "几", "数", "余", "上", "近", "约", "超过",
    "以上", "左右", "不到", "破",
];
/// Context that traps detectors, spaces and punctuation.
const CONTEXT: &[&str] = &[
    "年", "月", "日", "%", "用户", "第", "期", "物", "元素", "元宵", "方程", "里", "首", "蛋糕",
    "月薪", "年薪", "工资", "花了", " ", " ", "\u{a0}", "\u{3000}", "。", "、", "；", "：", "（",
    "）", "“", "”", "！", "？",
];

/// Pairs and words that matter most, drawn whole now and then.
const MONEY_ATOMS: &[&str] = &[
    "零一",
    "八九",
    "三五",
    "二十",
    "万元",
    "亿美元",
    "1,000",
    "3.5",
];

/// One piece of money text: numerals most often, so that they stand side by side (`零一`,
/// `八九`, `三五百`) in most cases drawn.
fn money_piece() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        6 => prop::sample::select(NUMERALS),
        3 => prop::sample::select(ARABIC),
        3 => prop::sample::select(CURRENCIES),
        2 => prop::sample::select(RANGE_WORDS),
        2 => prop::sample::select(CONTEXT),
        1 => prop::sample::select(MONEY_ATOMS),
    ]
}

/// Company names, suffixes and the words around them.
const COMPANY_ATOMS: &[&str] = &[
    "零一万物",
    "微软",
    "OpenAI",
    "软银",
    "甲骨文",
    "苹果",
    "小米",
    "平安",
    "理想",
    "美的",
    "字节",
    "腾讯",
    "腾讯控股",
    "阿里",
    "阿里巴巴",
    "京东",
    "京东方",
    "中投",
    "日立",
    "高通",
    "英伟达",
    "NVIDIA",
    "Meta",
    "meta",
    "AMD",
    "Apple",
    "AUDI",
    "Audi",
    "X-Accel-Buffering",
    "ChatGPT",
    "Azure",
    "微信",
    "公司",
    "集团",
    "控股",
    "股份有限公司",
    "有限公司",
    "有限责任公司",
    "科技",
    "Inc",
    "Inc.",
    "Ltd",
    "股价",
    "市值",
    "财报",
    "CEO",
    "收购",
    "母公司",
    "号称",
    "利益",
    "北京",
    "上海",
    "深圳",
    "明远",
    "环境服务",
    "其中",
    "投放",
    "方面",
    "和",
    "与",
    "的",
    "是",
    "在",
];

/// Plain prose and layout: Han text, Latin words, wide and combining characters, emoji,
/// indents and breaks.
const PROSE_ATOMS: &[&str] = &[
    "的",
    "我们",
    "这个",
    "文章",
    "发布",
    "融资",
    "投资",
    "估值",
    "市场",
    "报道",
    "。",
    "，",
    "、",
    "：",
    "；",
    "！",
    "？",
    "（",
    "）",
    "《",
    "》",
    "「",
    "」",
    "“",
    "”",
    "——",
    "……",
    "·",
    " ",
    "\u{3000}\u{3000}",
    "\n",
    "\n\n",
    "a",
    "the",
    "word",
    "GPT-4o",
    "US$13.5",
    "50%",
    "2024",
    "e\u{301}",
    "❤\u{FE0F}",
    "👨\u{200D}👩\u{200D}👧",
    "🇨🇳",
    "한",
    "カ",
    "ー",
    "/",
    "supercalifragilistic",
    "https://mp.weixin.qq.com/s/AbC123",
    "\t",
];

fn from(atoms: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(atoms), 0..max).prop_map(|v| v.concat())
}

fn money_run(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(money_piece(), 0..max).prop_map(|v| v.concat())
}

/// Text built from money pieces, with a little prose between.
pub fn money_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        6 => money_run(8),
        1 => from(PROSE_ATOMS, 3),
    ];
    prop::collection::vec(piece, 0..8).prop_map(|v| v.concat())
}

/// Text built from company pieces, money pieces and prose.
pub fn company_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => from(COMPANY_ATOMS, 6),
        1 => money_run(4),
        2 => from(PROSE_ATOMS, 4),
    ];
    prop::collection::vec(piece, 0..8).prop_map(|v| v.concat())
}

/// Article-like text: all the pieces, as paragraphs with breaks and indents.
pub fn article_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        2 => money_run(6),
        2 => from(COMPANY_ATOMS, 4),
        3 => from(PROSE_ATOMS, 8),
    ];
    prop::collection::vec(piece, 0..10).prop_map(|v| v.concat())
}

/// A search line: terms, operators, fields, quotes and the pieces above.
pub fn query_text() -> impl Strategy<Value = String> {
    const OPS: &[&str] = &[
        " ",
        "-",
        "\"",
        "“",
        "”",
        "title:",
        "account:",
        "author:",
        "is:",
        "unread",
        "read",
        "after:",
        "before:",
        "2024",
        "2024-07",
        "2024-02-30",
        "2025-13",
        "re:",
        "\\d+",
        "(",
        ")",
        "[",
        "*",
        "company:",
        "ruanyin",
        "ry",
        ":",
        "OR",
    ];
    let piece = prop_oneof![
        3 => from(OPS, 4),
        2 => money_run(3),
        2 => from(COMPANY_ATOMS, 2),
        1 => from(PROSE_ATOMS, 2),
    ];
    prop::collection::vec(piece, 0..6).prop_map(|v| v.concat())
}

/// `n` (1 ≤ n < 10^12) in Chinese numerals as a writer would put it: `三千五百万`,
/// `一亿零五十万`, `十五`; with `financial` the financial forms (`叁仟伍佰萬`).
pub fn chinese_numeral(n: u64, financial: bool) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    const F: [&str; 10] = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"];
    let (digits, units, wan, yi) = if financial {
        (F, ["", "拾", "佰", "仟"], "萬", "億")
    } else {
        (D, ["", "十", "百", "千"], "万", "亿")
    };
    // A group of four places, with 零 for inner gaps.
    let group = |g: u64| -> String {
        let mut out = String::new();
        let mut zero = false;
        for place in (0..4).rev() {
            let d = (g / 10u64.pow(place)) % 10;
            if d == 0 {
                zero = !out.is_empty();
            } else {
                if zero {
                    out.push_str(digits[0]);
                    zero = false;
                }
                out.push_str(digits[d as usize]);
                out.push_str(units[place as usize]);
            }
        }
        out
    };
    let parts = [
        (n / 100_000_000, yi),
        ((n / 10_000) % 10_000, wan),
        (n % 10_000, ""),
    ];
    let mut out = String::new();
    let mut gap = false;
    for (g, name) in parts {
        if g == 0 {
            gap = !out.is_empty();
            continue;
        }
        if !out.is_empty() && (gap || g < 1000) {
            out.push_str(digits[0]);
        }
        out.push_str(&group(g));
        out.push_str(name);
        gap = false;
    }
    // 一十五 is written 十五.
    let ten = format!("{}{}", digits[1], units[1]);
    if let Some(rest) = out.strip_prefix(&ten) {
        out = format!("{}{rest}", units[1]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals_as_written() {
        assert_eq!(chinese_numeral(15, false), "十五");
        assert_eq!(chinese_numeral(105, false), "一百零五");
        assert_eq!(chinese_numeral(35_000_000, false), "三千五百万");
        assert_eq!(chinese_numeral(100_500_000, false), "一亿零五十万");
        assert_eq!(chinese_numeral(2024, false), "二千零二十四");
        assert_eq!(chinese_numeral(10_010, false), "一万零一十");
        assert_eq!(chinese_numeral(1900, true), "壹仟玖佰");
        assert_eq!(chinese_numeral(120_000_000, false), "一亿二千万");
    }
}

#[cfg(test)]
mod props;
