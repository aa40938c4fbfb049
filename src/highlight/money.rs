//! Money amounts (REFERENCE.md §3) with exact values.
//!
//! Read: Arabic, Chinese and financial numerals, traditional forms (`伍仟萬圓整`);
//! magnitudes `万 亿 千万 k w m billion`; approximations (`数十亿`, `几十万`, `上百亿`,
//! `3000多`, `八九亿`, `三五百`, `二十几`, `三个亿`); ranges (`1万-5万元`, `两到三万港元`,
//! `二十至三十万元`, `15~20k`, joined by `- – — —— -- ~ ～ 到 至`); the currency before or
//! after (`人民币3亿元`, `港币 12.5 亿元`, `$13 billion`); one space between digits and Chinese
//! (`300 万美元`, `8 元`, `2 万-3 万元`); sub-units (`45元5角`, `三块五毛`, `三块五`,
//! `一元八角六分钱`, `3 厘钱`, `5毛钱`); `元钱`/`块钱`/`元整` inside the amount; salaries
//! without a currency after a salary word (`月薪15k~20k`, `年薪50w`: CNY).
//!
//! Values are exact decimals ([`Value`]): `9.99美元` is 9.99, `3 厘钱` 0.003 元. A range's
//! trailing magnitude and currency belong to both ends: `二十至三十万日元` is 200,000–300,000
//! JPY, `五到八千万元` 50–80 million, `15~20k` 15,000–20,000. The first number takes the part
//! of the second written after digits shaped like its own (`二十` ↔ `三十|万`, `五` ↔
//! `八|千万`); so `八到九百亿` is 800亿–900亿 (not 8亿–900亿: a writer who meant that would
//! write the first magnitude). When no shape matches, the shortest trailing magnitude that
//! keeps both ends within a factor of ten is taken; when none does, the first is read as
//! written (`1000-5万元` is 1,000–50,000).
//!
//! Qualifier words such as 约/超过/以上 set the qualifier but stay outside the span.
//! Traps it rejects: `2019年`, `10%`, `10亿用户` (no currency), `亿万富翁`, `赚美元` (no
//! amount), `1月15日元宵节` (a date before 元), `一元二次方程`, `三元里`, `两韩元首` (a lone
//! Chinese digit before 元 inside a word), `3块蛋糕` (块 as a measure word), `3元素`.
//! `零一万物` is a company, not `零一` as a range (issue 11).

mod number;
mod range;
mod traps;
pub mod value;

use range::range_after;
use traps::{is_trap, sub_units};

pub use value::Value;

use number::{Cursor, ascii_digit, cn_digit, cn_unit, is_number_start, number};
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Qualifier {
    Exact,
    Approx,
    AtLeast,
    AtMost,
    Range,
}

impl Qualifier {
    /// As `wxr entities` prints it: `exact`, `approx`, `at_least`, `at_most`, `range`.
    pub fn name(self) -> &'static str {
        match self {
            Qualifier::Exact => "exact",
            Qualifier::Approx => "approx",
            Qualifier::AtLeast => "at_least",
            Qualifier::AtMost => "at_most",
            Qualifier::Range => "range",
        }
    }
}

/// One amount found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Money {
    /// Byte range of the amount (number, magnitude and currency; not the qualifier words).
    pub range: Range<usize>,
    /// ISO 4217 code.
    pub currency: &'static str,
    /// Exact bounds in the currency's main unit (`low == high` unless a range or an
    /// approximation).
    pub low: Value,
    pub high: Value,
    pub qualifier: Qualifier,
}

/// A currency word after the number: its text, ISO code, and the power of ten it divides by
/// (`毛钱` is a tenth of a yuan).
struct Suffix {
    word: &'static str,
    iso: &'static str,
    minor: u32,
}

const fn sfx(word: &'static str, iso: &'static str, minor: u32) -> Suffix {
    Suffix { word, iso, minor }
}

/// Currency words after the number (after an optional space), longest of each family first.
const SUFFIXES: &[Suffix] = &[
    sfx("元人民币", "CNY", 0),
    sfx("块人民币", "CNY", 0),
    sfx("元钱", "CNY", 0),
    sfx("块钱", "CNY", 0),
    sfx("圆整", "CNY", 0),
    sfx("圓整", "CNY", 0),
    sfx("元整", "CNY", 0),
    sfx("新加坡元", "SGD", 0),
    sfx("澳门元", "MOP", 0),
    sfx("瑞士法郎", "CHF", 0),
    sfx("印度卢比", "INR", 0),
    sfx("越南盾", "VND", 0),
    sfx("新台币", "TWD", 0),
    sfx("人民币", "CNY", 0),
    sfx("美元", "USD", 0),
    sfx("美金", "USD", 0),
    sfx("美刀", "USD", 0),
    sfx("欧元", "EUR", 0),
    sfx("英镑", "GBP", 0),
    sfx("日元", "JPY", 0),
    sfx("日圆", "JPY", 0),
    sfx("港元", "HKD", 0),
    sfx("港币", "HKD", 0),
    sfx("韩元", "KRW", 0),
    sfx("韩币", "KRW", 0),
    sfx("卢布", "RUB", 0),
    sfx("卢比", "INR", 0),
    sfx("澳元", "AUD", 0),
    sfx("加元", "CAD", 0),
    sfx("新币", "SGD", 0),
    sfx("泰铢", "THB", 0),
    sfx("台币", "TWD", 0),
    sfx("瑞郎", "CHF", 0),
    sfx("个便士", "GBP", 2),
    sfx("便士", "GBP", 2),
    sfx("毛钱", "CNY", 1),
    sfx("角钱", "CNY", 1),
    sfx("分钱", "CNY", 2),
    sfx("厘钱", "CNY", 3),
    sfx("元", "CNY", 0),
    sfx("圆", "CNY", 0),
    sfx("圓", "CNY", 0),
    sfx("块", "CNY", 0),
    // Dollars in web slang (`100刀`, `月入千刀`); only after Arabic digits or a bare
    // magnitude, never a word with 刀 (`刀锋`, `千刀万剐`, `砍一刀`): see traps.
    sfx("刀", "USD", 0),
    sfx("dollars", "USD", 0),
    sfx("USD", "USD", 0),
    sfx("EUR", "EUR", 0),
    sfx("RMB", "CNY", 0),
    sfx("CNY", "CNY", 0),
];

/// The main-unit words of the yuan that sub-units may follow (`45元5角`, `三块五毛`).
const MAIN_UNITS: &[&str] = &["元", "块", "圆", "圓"];

/// Currency signs and words before the number (an optional space between).
const PREFIXES: &[(&str, &str)] = &[
    ("人民币", "CNY"),
    ("新台币", "TWD"),
    ("港币", "HKD"),
    ("港元", "HKD"),
    ("美元", "USD"),
    ("美金", "USD"),
    ("欧元", "EUR"),
    ("日元", "JPY"),
    ("英镑", "GBP"),
    ("韩元", "KRW"),
    ("US$", "USD"),
    ("HK$", "HKD"),
    ("NT$", "TWD"),
    ("A$", "AUD"),
    ("C$", "CAD"),
    ("S$", "SGD"),
    ("USD", "USD"),
    ("EUR", "EUR"),
    ("RMB", "CNY"),
    ("CNY", "CNY"),
    ("JPY", "JPY"),
    ("HKD", "HKD"),
    ("GBP", "GBP"),
    ("$", "USD"),
    ("¥", "CNY"),
    ("￥", "CNY"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("₩", "KRW"),
    ("₹", "INR"),
];

/// Words before an amount that make it a salary in yuan when no currency is written
/// (`月薪15k~20k`).
const SALARY: &[&str] = &[
    "月薪",
    "年薪",
    "薪资",
    "薪水",
    "工资",
    "底薪",
    "时薪",
    "日薪",
    "薪酬",
    "起薪",
    "年终奖",
];

/// Qualifier words before an amount, longest first, and what they mean.
const BEFORE: &[(&str, Qualifier)] = &[
    ("超过", Qualifier::AtLeast),
    ("高达", Qualifier::Exact),
    ("不到", Qualifier::AtMost),
    ("不足", Qualifier::AtMost),
    ("大约", Qualifier::Approx),
    ("将近", Qualifier::Approx),
    ("接近", Qualifier::Approx),
    ("至少", Qualifier::AtLeast),
    ("最多", Qualifier::AtMost),
    ("约", Qualifier::Approx),
    ("近", Qualifier::Approx),
    ("逾", Qualifier::AtLeast),
    ("超", Qualifier::AtLeast),
    ("破", Qualifier::AtLeast),
];
const AFTER: &[(&str, Qualifier)] = &[
    ("以上", Qualifier::AtLeast),
    ("左右", Qualifier::Approx),
    ("上下", Qualifier::Approx),
    ("以下", Qualifier::AtMost),
    ("以内", Qualifier::AtMost),
];

/// Range joiners, longest first.
const JOINERS: &[&str] = &["——", "--", "－", "—", "–", "-", "~", "～", "〜", "至", "到"];

/// Characters that make a word with 元 right after it (`元素`, `元旦`, `元首`): `3元素` is no
/// amount.
const YUAN_WORDS: &str = "素旦宵首老年代朝月件气器宇数凶帅音始组婴";

/// Finds every money amount in `text`.
pub fn detect_money(text: &str) -> Vec<Money> {
    let c = Cursor { s: text };
    let mut out = Vec::new();
    let mut i = 0;
    while let Some((ch, after)) = c.next(i) {
        // 百 and 万 start an amount only as slang dollars (`百刀`): look at the next
        // character before anything else.
        let slang_only = matches!(ch, '百' | '万');
        if starts_fast(ch)
            && (!slang_only || text[after..].starts_with('刀'))
            && let Some(m) = amount_at(&c, i)
        {
            i = m.range.end;
            out.push(m);
            continue;
        }
        i = after;
    }
    out
}

/// Whether an amount may start at `ch`: a numeral or the first character of a currency
/// written before the number (most characters are neither, and are passed over at once).
fn could_start(ch: char) -> bool {
    PREFIXES.iter().any(|(w, _)| w.starts_with(ch))
        || is_number_start(ch)
        || ch == '百'
        || ch == '万'
}

/// `百刀`, `万刀`: a hundred or ten thousand dollars in web slang (`日入百刀`, `月入万刀`);
/// a bare 百 or 万 starts no other amount.
fn slang_dollars(c: &Cursor<'_>, start: usize, ch: char) -> Option<Money> {
    let power = match ch {
        '百' => 2,
        '万' => 4,
        _ => return None,
    };
    let end = c.word(c.next(start)?.1, "刀")?;
    if c.char_at(end)
        .is_some_and(|n| "锋刃片具子口背柄把鞘法工枪剑客下光万剐".contains(n))
    {
        return None;
    }
    let v = Value::int(1)?.shift(power)?;
    Some(Money {
        range: start..end,
        currency: "USD",
        low: v,
        high: v,
        qualifier: Qualifier::Exact,
    })
}

/// [`could_start`] by table for the Basic Multilingual Plane (a bit per character, built
/// once from `could_start` itself).
fn starts_fast(ch: char) -> bool {
    static TABLE: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut t = vec![0u64; 0x10000 / 64];
        for (cp, word) in (0..0x1_0000u32).zip((0..).map(|i: usize| i / 64)) {
            if char::from_u32(cp).is_some_and(could_start) {
                t[word] |= 1 << (cp % 64);
            }
        }
        t
    });
    let cp = ch as u32;
    match table.get((cp / 64) as usize) {
        Some(bits) => bits & (1 << (cp % 64)) != 0,
        None => could_start(ch),
    }
}

fn currency_after(c: &Cursor<'_>, i: usize) -> Option<(&'static Suffix, usize)> {
    SUFFIXES
        .iter()
        .find_map(|s| c.word(i, s.word).map(|after| (s, after)))
}

fn currency_before(c: &Cursor<'_>, i: usize) -> Option<(&'static str, usize)> {
    PREFIXES
        .iter()
        .find_map(|(w, iso)| c.word(i, w).map(|after| (*iso, after)))
}

fn joiner(c: &Cursor<'_>, i: usize) -> Option<usize> {
    JOINERS.iter().find_map(|j| c.word(i, j))
}

/// The currency after the number at `i` (one space allowed before it).
fn suffix_at(c: &Cursor<'_>, i: usize) -> Option<(&'static Suffix, usize)> {
    currency_after(c, i).or_else(|| currency_after(c, c.space(i)).filter(|_| c.space(i) > i))
}

/// Whether `prev` (the character before a candidate start) means the start is inside a
/// longer number or word: `2019年` is read from its first digit only.
fn inside_number(prev: char, ch: char) -> bool {
    ascii_digit(prev).is_some()
        || prev == '.'
        || (prev.is_ascii_alphabetic() && (ascii_digit(ch).is_some() || ch.is_ascii_uppercase()))
        || (cn_digit(ch).is_some() && (cn_digit(prev).is_some() || cn_unit(prev).is_some()))
}

fn amount_at(c: &Cursor<'_>, start: usize) -> Option<Money> {
    let ch = c.char_at(start)?;
    let before = &c.s[..start];
    if let Some(prev) = before.chars().next_back()
        && inside_number(prev, ch)
    {
        return None;
    }
    let (prefix, num_start) = match currency_before(c, start) {
        Some((iso, after)) => (Some(iso), c.space(after)),
        None if is_number_start(ch) => (None, start),
        None => return slang_dollars(c, start, ch),
    };
    let first = number(c, num_start)?;
    let (mut low, mut high, mut end) = (first.low, first.high, first.end);
    let mut qualifier = if first.approx {
        Qualifier::Approx
    } else {
        Qualifier::Exact
    };
    // `3W+美金`, `1000+美元`: at least the number.
    let plus = c
        .word(first.end, "+")
        .filter(|&after| suffix_at(c, after).is_some());
    if plus.is_some() {
        qualifier = Qualifier::AtLeast;
    }
    let mut suffix = suffix_at(c, plus.unwrap_or(first.end));
    if let Some(r) = range_after(c, prefix, num_start, &first, suffix.as_ref()) {
        (low, high, end, suffix) = (r.low, r.high, r.end, r.suffix);
        qualifier = Qualifier::Range;
    } else if let Some((_, after)) = suffix {
        end = after;
    }
    let currency = match (prefix, &suffix) {
        // 港币 12.5 亿元: a foreign currency named first, then the generic 元.
        (Some(p), Some((s, _))) if s.iso == "CNY" && s.minor == 0 && p != "CNY" => p,
        (_, Some((s, _))) => s.iso,
        (Some(p), None) => p,
        (None, None) if salary(before) && (first.has_magnitude || first.low.whole() >= 100) => {
            "CNY"
        }
        (None, None) => return None,
    };
    if let Some((s, _)) = &suffix
        && s.minor > 0
    {
        low = low.unshift(s.minor)?;
        high = high.unshift(s.minor)?;
    }
    // Sub-units after 元/块: 45元5角, 一元八角六分钱, 三块五.
    let mut sub_units_read = false;
    if qualifier == Qualifier::Exact
        && let Some((s, after)) = &suffix
        && MAIN_UNITS.contains(&s.word)
        && let Some((cents, after_cents)) = sub_units(c, *after, s.word == "块")
    {
        low = low.plus(cents)?;
        high = low;
        end = after_cents;
        sub_units_read = true;
    }
    let trap = is_trap(
        c,
        start,
        num_start,
        end,
        &first,
        prefix,
        suffix.as_ref(),
        qualifier,
        sub_units_read,
    );
    if trap {
        return None;
    }
    if low.is_zero() && high.is_zero() {
        return None;
    }
    // Qualifier words around (outside the span).
    if qualifier == Qualifier::Exact {
        let after_text = &c.s[end..];
        if let Some((_, q)) = BEFORE.iter().find(|(w, _)| before.ends_with(w)) {
            qualifier = *q;
        } else if let Some((_, q)) = AFTER.iter().find(|(w, _)| after_text.starts_with(w)) {
            qualifier = *q;
        }
    }
    Some(Money {
        range: start..end,
        currency,
        low,
        high: high.max(low),
        qualifier,
    })
}

/// A salary word shortly before the amount (`月薪：15k`).
fn salary(before: &str) -> bool {
    let tail: String = {
        let mut v: Vec<char> = before.chars().rev().take(6).collect();
        v.reverse();
        v.into_iter().collect()
    };
    SALARY.iter().any(|w| tail.contains(w))
}

#[cfg(test)]
mod tests;
