//! Money amounts (REFERENCE.md §3): Arabic, Chinese and financial numerals; 万/亿/千/百 and
//! k/m/b magnitudes; approximations (`数十亿`, `几十万`, `上百亿`, `3000多`, `八九亿`); ranges
//! (`1万-5万元`, `两到三万港元`); the currency before or after the number. Each amount carries
//! an ISO currency and integer bounds in the currency's main unit (fractions cut); qualifier
//! words such as 约/超过/以上 set the qualifier but stay outside the highlighted span.
//!
//! Traps it rejects: `2019年`, `10%`, `10亿用户` (no currency), `亿万富翁`, `赚美元` (no
//! amount), `1月15日元宵节` (a date before 元), `一元二次方程`, `三元里`, `两韩元首` (a lone
//! Chinese digit before 元 inside a word).

use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Qualifier {
    Exact,
    Approx,
    AtLeast,
    AtMost,
    Range,
}

/// One amount found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Money {
    /// Byte range of the amount (number, magnitude and currency; not the qualifier words).
    pub range: Range<usize>,
    /// ISO 4217 code.
    pub currency: &'static str,
    pub low: u64,
    pub high: u64,
    pub qualifier: Qualifier,
}

/// Currency words after the number, longest first.
const SUFFIXES: &[(&str, &str)] = &[
    ("元人民币", "CNY"),
    ("块人民币", "CNY"),
    ("新台币", "TWD"),
    ("人民币", "CNY"),
    ("块钱", "CNY"),
    ("美元", "USD"),
    ("美金", "USD"),
    ("欧元", "EUR"),
    ("英镑", "GBP"),
    ("日元", "JPY"),
    ("港元", "HKD"),
    ("港币", "HKD"),
    ("韩元", "KRW"),
    ("卢布", "RUB"),
    ("澳元", "AUD"),
    ("加元", "CAD"),
    ("泰铢", "THB"),
    ("台币", "TWD"),
    ("圆整", "CNY"),
    ("元整", "CNY"),
    ("元", "CNY"),
    ("块", "CNY"),
    ("圆", "CNY"),
    (" USD", "USD"),
    (" EUR", "EUR"),
    (" RMB", "CNY"),
    (" CNY", "CNY"),
    (" dollars", "USD"),
    ("USD", "USD"),
    ("RMB", "CNY"),
    ("CNY", "CNY"),
];

/// Currency signs and words before the number.
const PREFIXES: &[(&str, &str)] = &[
    ("人民币", "CNY"),
    ("US$", "USD"),
    ("HK$", "HKD"),
    ("NT$", "TWD"),
    ("A$", "AUD"),
    ("C$", "CAD"),
    ("USD ", "USD"),
    ("USD", "USD"),
    ("EUR ", "EUR"),
    ("RMB ", "CNY"),
    ("RMB", "CNY"),
    ("CNY ", "CNY"),
    ("CNY", "CNY"),
    ("$", "USD"),
    ("¥", "CNY"),
    ("￥", "CNY"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("美元", "USD"),
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
];
const AFTER: &[(&str, Qualifier)] = &[
    ("以上", Qualifier::AtLeast),
    ("左右", Qualifier::Approx),
    ("上下", Qualifier::Approx),
    ("以下", Qualifier::AtMost),
    ("以内", Qualifier::AtMost),
];

fn cn_digit(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '贰' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

fn cn_unit(c: char) -> Option<u64> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        _ => return None,
    })
}

fn magnitude(c: char) -> Option<u64> {
    Some(match c {
        '万' => 10_000,
        '亿' => 100_000_000,
        _ => return None,
    })
}

fn ascii_digit(c: char) -> Option<u64> {
    match c {
        '0'..='9' => Some(u64::from(c as u8 - b'0')),
        '０'..='９' => Some(u64::from(c as u32 - '０' as u32)),
        _ => None,
    }
}

/// Values are exact fixed-point integers in millionths of a unit: `1.2万` is
/// 12,000,000,000 millionths, never a float that floors to 11,999.
const ONE: u128 = 1_000_000;

/// A parsed number (bounds in millionths) and its byte end.
#[derive(Debug, Clone, Copy)]
struct Num {
    low: u128,
    high: u128,
    end: usize,
    approx: bool,
    /// Written with one Chinese digit and nothing else (`一`, `三`): weak evidence.
    lone_cn_digit: bool,
}

struct Cursor<'a> {
    s: &'a str,
}

impl Cursor<'_> {
    fn char_at(&self, i: usize) -> Option<char> {
        self.s.get(i..)?.chars().next()
    }
}

/// Reads an Arabic number with `,` thousands separators and a decimal part, then Chinese and
/// Latin magnitudes (`1.2万`, `3千万亿`, `75.1k`, `13 billion`, `5m`), then `多`/`余`.
fn arabic(c: &Cursor<'_>, start: usize) -> Option<Num> {
    let mut i = start;
    let mut int: u128 = 0;
    let mut digits = 0;
    let mut frac: u128 = 0;
    let mut scale: u128 = ONE;
    let mut in_frac = false;
    while let Some(ch) = c.char_at(i) {
        if let Some(d) = ascii_digit(ch) {
            if in_frac {
                // Places past the sixth are dropped.
                if scale > 1 {
                    scale /= 10;
                    frac += u128::from(d) * scale;
                }
            } else {
                int = int.saturating_mul(10).saturating_add(u128::from(d));
            }
            digits += 1;
            i += ch.len_utf8();
        } else if (ch == ',' || ch == '，') && !in_frac {
            // A thousands separator only when three digits follow.
            let next: String = c.s[i + ch.len_utf8()..].chars().take(4).collect();
            let three = next
                .chars()
                .take(3)
                .filter(|x| ascii_digit(*x).is_some())
                .count()
                == 3
                && next.chars().nth(3).is_none_or(|x| ascii_digit(x).is_none());
            if ch == ',' && three {
                i += 1;
            } else {
                break;
            }
        } else if (ch == '.' || ch == '．')
            && !in_frac
            && c.char_at(i + ch.len_utf8()).and_then(ascii_digit).is_some()
        {
            in_frac = true;
            i += ch.len_utf8();
        } else {
            break;
        }
    }
    if digits == 0 {
        return None;
    }
    let v = int.saturating_mul(ONE) + frac;
    let (v, end) = magnitudes(c, v, i);
    let (approx_more, end) = more(c, end);
    Some(Num {
        low: v,
        high: if approx_more { next_step(v) } else { v },
        end,
        approx: approx_more,
        lone_cn_digit: false,
    })
}

/// `3000多` → 3000..3999: up to just below the next step of the leading digit.
fn next_step(v: u128) -> u128 {
    let units = v / ONE;
    if units == 0 {
        return v;
    }
    let mut p: u128 = 1;
    while p * 10 <= units {
        p *= 10;
    }
    (units + p - 1) * ONE
}

fn more(c: &Cursor<'_>, i: usize) -> (bool, usize) {
    match c.char_at(i) {
        Some('多' | '余') => (true, i + 3),
        _ => (false, i),
    }
}

/// Chinese and Latin magnitudes after a number: `万`, `亿`, `千万`, `百亿`, `k`, ` million`.
fn magnitudes(c: &Cursor<'_>, mut v: u128, mut i: usize) -> (u128, usize) {
    loop {
        match c.char_at(i) {
            Some(ch) if magnitude(ch).is_some() => {
                v = v.saturating_mul(u128::from(magnitude(ch).unwrap_or(1)));
                i += 3;
            }
            Some(ch @ ('千' | '百' | '十')) if matches!(c.char_at(i + 3), Some('万' | '亿')) =>
            {
                v = v.saturating_mul(u128::from(cn_unit(ch).unwrap_or(1)));
                i += 3;
            }
            _ => break,
        }
    }
    // Latin magnitudes, with or without a space.
    let rest = &c.s[i..];
    for (word, m) in [
        (" billion", 1_000_000_000u128),
        (" million", 1_000_000),
        (" thousand", 1000),
        ("billion", 1_000_000_000),
        ("million", 1_000_000),
        ("bn", 1_000_000_000),
        ("k", 1000),
        ("K", 1000),
        ("m", 1_000_000),
        ("M", 1_000_000),
        ("b", 1_000_000_000),
        ("B", 1_000_000_000),
    ] {
        // `5m` but not `5 meters` / `5mm`.
        if let Some(after) = rest.strip_prefix(word)
            && after
                .chars()
                .next()
                .is_none_or(|x| !x.is_ascii_alphabetic())
        {
            return (v.saturating_mul(m), i + word.len());
        }
    }
    (v, i)
}

/// Reads a Chinese number: `三万`, `壹仟玖佰`, `一千二百三十四`, `两`, `八九`, `数十`, `几十`,
/// `上百`, with magnitudes.
fn chinese(c: &Cursor<'_>, start: usize) -> Option<Num> {
    let mut i = start;
    let first = c.char_at(i)?;
    // 数十亿, 几十万, 上百亿: tens (hundreds…) of the magnitude, a range.
    if matches!(first, '数' | '几' | '上') {
        let unit = c.char_at(i + 3).and_then(cn_unit)?;
        let (base_lo, base_hi) = if first == '上' {
            (unit, unit * 10 - 1)
        } else {
            (unit, unit * 10 - unit)
        };
        let (lo, end) = magnitudes(c, u128::from(base_lo) * ONE, i + 6);
        let hi = lo / u128::from(base_lo) * u128::from(base_hi);
        return Some(Num {
            low: lo,
            high: hi,
            end,
            approx: true,
            lone_cn_digit: false,
        });
    }
    // 八九亿: two adjacent digits, a range. `零一` is not one (`零一万物`, `第零一期`): with a
    // low digit of 0 the bound below would be divided by zero.
    if let (Some(a), Some(b)) = (cn_digit(first), c.char_at(i + 3).and_then(cn_digit))
        && a >= 1
        && b == a + 1
    {
        let after = c.char_at(i + 6);
        let unit = after.and_then(cn_unit).map_or(1, |u| u);
        let j = if after.and_then(cn_unit).is_some() {
            i + 9
        } else {
            i + 6
        };
        let (lo, end) = magnitudes(c, u128::from(a * unit) * ONE, j);
        let hi = lo / u128::from(a) * u128::from(b);
        return Some(Num {
            low: lo,
            high: hi,
            end,
            approx: true,
            lone_cn_digit: false,
        });
    }
    let mut total: u128 = 0;
    let mut section: u128 = 0;
    let mut digit: Option<u64> = None;
    let mut chars = 0;
    while let Some(ch) = c.char_at(i) {
        if let Some(d) = cn_digit(ch) {
            digit = Some(d);
        } else if let Some(u) = cn_unit(ch) {
            section += u128::from(digit.unwrap_or(1)) * u128::from(u);
            digit = None;
        } else if let Some(m) = magnitude(ch) {
            section += u128::from(digit.take().unwrap_or(0));
            if section == 0 && total == 0 {
                section = 1;
            }
            total = (total + section).saturating_mul(u128::from(m));
            section = 0;
        } else {
            break;
        }
        chars += 1;
        i += ch.len_utf8();
    }
    if chars == 0 {
        return None;
    }
    let v = (total + section + u128::from(digit.unwrap_or(0))).saturating_mul(ONE);
    let (approx_more, end) = more(c, i);
    Some(Num {
        low: v,
        high: if approx_more { next_step(v) } else { v },
        end,
        approx: approx_more,
        lone_cn_digit: chars == 1 && cn_digit(first).is_some(),
    })
}

fn number(c: &Cursor<'_>, i: usize) -> Option<Num> {
    let ch = c.char_at(i)?;
    if ascii_digit(ch).is_some() {
        arabic(c, i)
    } else {
        chinese(c, i)
    }
}

fn is_number_start(ch: char) -> bool {
    ascii_digit(ch).is_some()
        || cn_digit(ch).is_some()
        || cn_unit(ch).is_some_and(|_| !matches!(ch, '百' | '佰'))
        || matches!(ch, '数' | '几' | '上')
}

fn currency_after(c: &Cursor<'_>, i: usize) -> Option<(&'static str, usize)> {
    let rest = c.s.get(i..)?;
    SUFFIXES
        .iter()
        .find(|(w, _)| rest.starts_with(w))
        .map(|(w, iso)| (*iso, i + w.len()))
}

fn currency_before(c: &Cursor<'_>, i: usize) -> Option<(&'static str, usize)> {
    let rest = c.s.get(i..)?;
    PREFIXES
        .iter()
        .find(|(w, _)| rest.starts_with(w))
        .map(|(w, iso)| (*iso, i + w.len()))
}

/// A range joiner after the first number: `-`, `—`, `~`, `到`, `至`.
fn joiner(c: &Cursor<'_>, i: usize) -> Option<usize> {
    let rest = c.s.get(i..)?;
    ["-", "–", "—", "~", "～", "到", "至"]
        .iter()
        .find(|j| rest.starts_with(**j))
        .map(|j| i + j.len())
}

/// Finds every money amount in `text`.
pub fn detect_money(text: &str) -> Vec<Money> {
    let c = Cursor { s: text };
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        let Some(ch) = c.char_at(i) else { break };
        if starts_fast(ch)
            && let Some(m) = amount_at(&c, i)
        {
            i = m.range.end;
            out.push(m);
            continue;
        }
        i += ch.len_utf8();
    }
    out
}

/// Whether an amount may start at `ch`: a numeral or the first character of a currency
/// written before the number (most characters are neither, and are passed over at once).
fn could_start(ch: char) -> bool {
    matches!(
        ch,
        '人' | 'U' | 'H' | 'N' | 'A' | 'C' | 'E' | 'R' | '$' | '¥' | '￥' | '€' | '£' | '美'
    ) || is_number_start(ch)
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

fn amount_at(c: &Cursor<'_>, start: usize) -> Option<Money> {
    let ch = c.char_at(start)?;
    // Inside a longer number or word: `2019年` is read from its first digit only.
    if start > 0 {
        let prev = c.s[..start].chars().next_back()?;
        if ascii_digit(prev).is_some()
            || prev == '.'
            || (cn_digit(ch).is_some() && (cn_digit(prev).is_some() || cn_unit(prev).is_some()))
        {
            return None;
        }
    }
    let (prefix, num_start) = match currency_before(c, start) {
        Some((iso, after)) => (Some(iso), after),
        None if is_number_start(ch) => (None, start),
        None => return None,
    };
    let n = number(c, num_start)?;
    let mut low = n.low;
    let mut high = n.high;
    let mut end = n.end;
    let mut qualifier = if n.approx {
        Qualifier::Approx
    } else {
        Qualifier::Exact
    };
    // `380亿美元到420亿美元`: the currency on both ends of a range.
    if let Some((iso, after_cur)) = currency_after(c, end)
        && let Some(j) = joiner(c, after_cur)
        && let Some(m) = number(c, j)
        && currency_after(c, m.end).is_some_and(|(iso2, _)| iso2 == iso)
        && m.low >= low
    {
        high = m.high;
        end = m.end;
        qualifier = Qualifier::Range;
    }
    // A range: `1万-5万元`, `两到三万港元` (the first takes the second's magnitude).
    if qualifier != Qualifier::Range
        && let Some(j) = joiner(c, end)
    {
        let second_start = currency_before(c, j).map_or(j, |(_, a)| a);
        if let Some(m) = number(c, second_start)
            && (m.low >= low || m.low.saturating_mul(10_000) >= low)
        {
            if m.low > low && low < 10 * ONE && m.low >= 10_000 * ONE {
                // 两到三万: the second's magnitude belongs to both.
                let mut mag: u128 = 1;
                while mag * 10 * ONE <= m.low {
                    mag *= 10;
                }
                low = low.saturating_mul(mag);
            }
            high = m.high;
            end = m.end;
            qualifier = Qualifier::Range;
        }
    }
    let suffix = currency_after(c, end);
    let currency = match (prefix, suffix) {
        (_, Some((iso, after))) => {
            end = after;
            iso
        }
        (Some(iso), None) => iso,
        (None, None) => return None,
    };
    // Traps.
    let before = &c.s[..start];
    let after_text = &c.s[end..];
    if currency == "JPY" && before.ends_with('月') && c.s[n.end..].starts_with("日元") {
        return None; // 1月15日元宵节
    }
    if before
        .trim_end()
        .chars()
        .next_back()
        .is_some_and(|p| p == '月')
        && c.s[num_start..end].contains('日')
    {
        return None;
    }
    if n.lone_cn_digit && prefix.is_none() && qualifier == Qualifier::Exact {
        // 一元二次方程, 三元里, 两韩元首: a lone Chinese digit needs a price-like context.
        let next = after_text.chars().next();
        let ends_word = next.is_none_or(|x| !x.is_alphabetic() || matches!(x, '钱'));
        let cue = [
            "价", "花", "只要", "仅", "每", "共", "付", "收", "赚", "赔", "罚", "卖", "买",
        ]
        .iter()
        .any(|w| {
            before
                .chars()
                .rev()
                .take(6)
                .collect::<String>()
                .chars()
                .rev()
                .collect::<String>()
                .contains(w)
        });
        if !(ends_word && cue) {
            return None;
        }
    }
    if low == 0 && high == 0 {
        return None;
    }
    // Qualifier words around (outside the span).
    if qualifier == Qualifier::Exact {
        if let Some((_, q)) = BEFORE.iter().find(|(w, _)| before.ends_with(w)) {
            qualifier = *q;
        } else if let Some((_, q)) = AFTER.iter().find(|(w, _)| after_text.starts_with(w)) {
            qualifier = *q;
        }
    }
    Some(Money {
        range: start..end,
        currency,
        low: u64::try_from(low / ONE).unwrap_or(u64::MAX),
        high: u64::try_from(high.max(low) / ONE).unwrap_or(u64::MAX),
        qualifier,
    })
}

#[cfg(test)]
mod tests;
