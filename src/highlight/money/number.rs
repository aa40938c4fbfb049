//! Numbers as money is written in Chinese text: Arabic (`601,293.11`, `1.2`, `15`) and
//! Chinese numerals (`三千五百万`, `伍仟萬`, `二〇二四`, `一万五`), with magnitudes (`万`, `亿`,
//! `千万`, `k`, `w`, ` billion`) and approximations (`数十`, `几十`, `上百`, `八九`, `三五百`,
//! `二十几`, `3000多`, `十多万`, `三个亿`). Each gives exact bounds (a [`Value`] each).
//!
//! Byte offsets are computed here; values only through [`Value`]'s checked operations.

use super::value::Value;

/// The text being scanned, with byte-offset helpers.
pub(super) struct Cursor<'a> {
    pub s: &'a str,
}

impl Cursor<'_> {
    pub fn char_at(&self, i: usize) -> Option<char> {
        self.s.get(i..)?.chars().next()
    }

    /// The character at `i` and the offset after it.
    pub fn next(&self, i: usize) -> Option<(char, usize)> {
        let ch = self.char_at(i)?;
        Some((ch, i + ch.len_utf8()))
    }

    /// The offset after `word` when the text at `i` starts with it.
    pub fn word(&self, i: usize, word: &str) -> Option<usize> {
        self.s.get(i..)?.starts_with(word).then(|| i + word.len())
    }

    /// Past one space at `i`, if there is one: Chinese tech writing often sets one between
    /// digits and Chinese (`300 万美元`, `8 元`).
    pub fn space(&self, i: usize) -> usize {
        match self.char_at(i) {
            Some(ch @ (' ' | '\u{a0}' | '\u{2009}' | '\u{202f}')) => i + ch.len_utf8(),
            _ => i,
        }
    }
}

/// A number read at some offset: bounds, where it ends, and what a range needs to know.
// Independent facts about how the number was written: an enum would have to spell out
// their combinations.
#[allow(clippy::struct_excessive_bools)]
#[derive(Debug, Clone, Copy)]
pub(super) struct Qty {
    pub low: Value,
    pub high: Value,
    /// Where the number (with its magnitudes and `多`) ends.
    pub end: usize,
    /// `数十`, `八九`, `3000多`, `二十几`: a range by approximation.
    pub approx: bool,
    /// Written with one Chinese digit and nothing else (`一`, `三`): weak evidence.
    pub lone_cn_digit: bool,
    /// It carries a magnitude of its own (`万`, `亿`, `k`, `billion`…): a range's first
    /// number with one does not take the second's (`1万-5万`).
    pub has_magnitude: bool,
    /// Written in Arabic digits.
    pub arabic: bool,
    /// Where the digits end and the magnitudes begin (Arabic numbers): the second number of
    /// a range lends what follows to the first (`15~20k` → 15k).
    pub digits_end: usize,
}

pub(super) fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '贰' | '兩' | '貳' => 2,
        '三' | '叁' | '參' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// `十` `百` `千` as powers of ten.
pub(super) fn cn_unit(c: char) -> Option<u32> {
    Some(match c {
        '十' | '拾' => 1,
        '百' | '佰' => 2,
        '千' | '仟' => 3,
        _ => return None,
    })
}

/// `万` `亿` as powers of ten.
pub(super) fn magnitude(c: char) -> Option<u32> {
    Some(match c {
        '万' | '萬' => 4,
        '亿' | '億' => 8,
        _ => return None,
    })
}

pub(super) fn ascii_digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// Whether a multiplier character (`十百千万亿` and their financial forms).
pub(super) fn is_multiplier(c: char) -> bool {
    cn_unit(c).is_some() || magnitude(c).is_some()
}

/// Latin magnitudes after Arabic digits, longest first, as powers of ten.
const LATIN: &[(&str, u32)] = &[
    (" trillion", 12),
    (" billion", 9),
    (" million", 6),
    (" thousand", 3),
    ("trillion", 12),
    ("billion", 9),
    ("million", 6),
    ("bn", 9),
    ("mn", 6),
    ("k", 3),
    ("K", 3),
    ("w", 4),
    ("W", 4),
    ("m", 6),
    ("M", 6),
    ("b", 9),
    ("B", 9),
];

/// Reads a number at `i`.
pub(super) fn number(c: &Cursor<'_>, i: usize) -> Option<Qty> {
    let ch = c.char_at(i)?;
    if ascii_digit(ch).is_some() {
        arabic(c, i)
    } else {
        chinese(c, i)
    }
}

/// An Arabic number: `,` (or `，`) thousands separators (three digits must follow), a decimal part,
/// then magnitudes and `多`/`余`.
fn arabic(c: &Cursor<'_>, start: usize) -> Option<Qty> {
    let mut i = start;
    let mut mantissa: u128 = 0;
    let mut scale: u32 = 0;
    let mut digits = 0u32;
    let mut in_frac = false;
    // Digits since the start or the last separator: a full-width comma separates thousands
    // only after a group of one to three (`15，501.28 万元`; `2019，300` is a list).
    let mut group = 0u32;
    while let Some((ch, after)) = c.next(i) {
        if let Some(d) = ascii_digit(ch) {
            mantissa = mantissa.checked_mul(10)?.checked_add(u128::from(d))?;
            if in_frac {
                scale = scale.checked_add(1)?;
            }
            digits = digits.checked_add(1)?;
            group = group.saturating_add(1);
            i = after;
        } else if !in_frac
            && (ch == ',' || (ch == '，' && (1..=3).contains(&group)))
            && thousands_follow(c, after)
        {
            group = 0;
            i = after;
        } else if matches!(ch, '.' | '．')
            && !in_frac
            && c.char_at(after).and_then(ascii_digit).is_some()
        {
            in_frac = true;
            i = after;
        } else {
            break;
        }
    }
    if digits == 0 {
        return None;
    }
    let v = Value::new(mantissa, scale)?;
    let digits_end = i;
    let (low, high, end, approx, has_magnitude) = tail(c, v, v, i, false)?;
    Some(Qty {
        low,
        high,
        end,
        approx,
        lone_cn_digit: false,
        has_magnitude,
        arabic: true,
        digits_end,
    })
}

/// Three digits and then no fourth: `1,234` but not `1,2345` or `1,23`.
fn thousands_follow(c: &Cursor<'_>, at: usize) -> bool {
    let mut chars = c.s[at..].chars();
    (0..3).all(|_| chars.next().is_some_and(|x| x.is_ascii_digit()))
        && chars.next().is_none_or(|x| !x.is_ascii_digit())
}

/// After a number's digits: magnitudes (Chinese or Latin, after an optional space), `多` /
/// `余` (up to the next step: `3000多` → 3000..3999), then more magnitudes (`3000多万`).
/// Returns the bounds, the end, whether approximate, and whether a magnitude was read.
fn tail(
    c: &Cursor<'_>,
    mut low: Value,
    mut high: Value,
    mut i: usize,
    mut approx: bool,
) -> Option<(Value, Value, usize, bool, bool)> {
    let mut has_magnitude = false;
    let mut more_done = false;
    loop {
        // One space may stand before the first magnitude (`300 万`).
        let here = magnitude_at(c, i).or_else(|| {
            let j = c.space(i);
            (j > i && !has_magnitude)
                .then(|| magnitude_at(c, j))
                .flatten()
        });
        if let Some((power, after)) = here {
            low = low.shift(power)?;
            high = high.shift(power)?;
            has_magnitude = true;
            i = after;
        } else if !more_done && let Some(after) = more_at(c, i) {
            high = low.up_to_next_step()?;
            approx = true;
            more_done = true;
            i = after;
        } else {
            break;
        }
    }
    Some((low, high, i, approx, has_magnitude))
}

fn more_at(c: &Cursor<'_>, i: usize) -> Option<usize> {
    match c.next(i)? {
        ('多' | '余', after) => Some(after),
        _ => None,
    }
}

/// A magnitude at `i`: `万` `亿`, `千万`-style unit before a magnitude, `千` / `百` as
/// multipliers of Arabic digits (`3千元`), or a Latin one (`k`, ` billion`) not followed by a
/// letter (`5m` but not `5mm`, `5 meters`).
fn magnitude_at(c: &Cursor<'_>, i: usize) -> Option<(u32, usize)> {
    let (ch, after) = c.next(i)?;
    if let Some(p) = magnitude(ch) {
        return Some((p, after));
    }
    if let Some(p) = cn_unit(ch) {
        return Some((p, after));
    }
    LATIN.iter().find_map(|(w, p)| {
        let end = c.word(i, w)?;
        c.char_at(end)
            .is_none_or(|x| !x.is_ascii_alphabetic())
            .then_some((*p, end))
    })
}

/// Whether two Chinese digits side by side read as an approximate range: `八九`, `两三`,
/// `三五`, `一两` (never `零一`: 零一万物 is a company, 第零一期 an issue).
fn digit_pair(a: char, b: char) -> Option<(u32, u32)> {
    let (x, y) = (cn_digit(a)?, cn_digit(b)?);
    let consecutive = x >= 1 && y == x + 1;
    let known = matches!((a, b), ('三', '五') | ('一', '两'));
    (consecutive || known).then_some((x, y))
}

/// A Chinese number at `start`.
fn chinese(c: &Cursor<'_>, start: usize) -> Option<Qty> {
    let (first, after_first) = c.next(start)?;
    let base = Qty {
        low: Value::ZERO,
        high: Value::ZERO,
        end: start,
        approx: true,
        lone_cn_digit: false,
        has_magnitude: false,
        arabic: false,
        digits_end: start,
    };
    // 数十亿, 几十万, 上百亿, 数万: one to nine (上: one to just under ten) of the unit.
    if matches!(first, '数' | '几' | '上')
        && let Some((ch, after)) = c.next(after_first)
        && let Some(power) = cn_unit(ch).or_else(|| magnitude(ch))
    {
        let unit = Value::int(1)?.shift(power)?;
        let (low, high) = if first == '上' {
            (unit, unit.up_to_next_power()?)
        } else {
            (unit, unit.times(9)?)
        };
        let (low, high, end, _, has_magnitude) = tail(c, low, high, after, true)?;
        return Some(Qty {
            low,
            high,
            end,
            has_magnitude: has_magnitude || magnitude(ch).is_some(),
            ..base
        });
    }
    // 几个亿, 三个亿: a count of 亿.
    if let Some(after_ge) = c.word(after_first, "个亿") {
        let (low, high) = if first == '几' {
            (Value::int(1)?, Value::int(9)?)
        } else {
            let d = Value::int(u128::from(cn_digit(first)?))?;
            (d, d)
        };
        return Some(Qty {
            low: low.shift(8)?,
            high: high.shift(8)?,
            end: after_ge,
            approx: first == '几',
            has_magnitude: true,
            ..base
        });
    }
    // 八九亿, 三五百, 两三万, 七八十: two digits side by side, a range of the unit after.
    if let Some((second, after_second)) = c.next(after_first)
        && let Some((x, y)) = digit_pair(first, second)
    {
        let mut low = Value::int(u128::from(x))?;
        let mut high = Value::int(u128::from(y))?;
        let mut i = after_second;
        if let Some((ch, after)) = c.next(i)
            && let Some(p) = cn_unit(ch)
        {
            low = low.shift(p)?;
            high = high.shift(p)?;
            i = after;
        }
        let (low, high, end, _, has_magnitude) = tail(c, low, high, i, true)?;
        return Some(Qty {
            low,
            high,
            end,
            has_magnitude,
            ..base
        });
    }
    numeral(c, start)
}

/// A Chinese numeral read by place: `三千五百万`, `一亿二千万`, `一百零五`, `伍仟萬`,
/// positional `二〇二四`, colloquial `一万五` (15,000) and `三千五` (3,500), `二十几`
/// (21..29), then `多` and magnitudes (`十多万`, `三千多万`).
fn numeral(c: &Cursor<'_>, start: usize) -> Option<Qty> {
    // Sums by level: at or above 亿, at or above 万, below 万; the pending digit.
    let mut yi = Value::ZERO;
    let mut wan = Value::ZERO;
    let mut section = Value::ZERO;
    let mut digit: Option<u32> = None;
    // The power of the last unit or magnitude read, for `一万五` = 15,000.
    let mut last_power: Option<u32> = None;
    let mut zero_seen = false;
    let mut section_unit: Option<u32> = None;
    let mut positional: Option<u128> = None;
    let mut chars = 0u32;
    let mut units = 0u32;
    let mut has_magnitude = false;
    let mut i = start;
    let mut ji = false; // 二十几
    while let Some((ch, after)) = c.next(i) {
        if let Some(d) = cn_digit(ch) {
            if let Some(prev) = digit {
                if units > 0 {
                    // After a unit only 零 may stand before a digit (一百零五).
                    if prev != 0 {
                        break;
                    }
                } else {
                    // Digit after digit with no unit at all: read by position (二〇二四).
                    let p = positional.unwrap_or(u128::from(prev));
                    positional = Some(p.checked_mul(10)?.checked_add(u128::from(d))?);
                }
            }
            if d == 0 {
                zero_seen = true;
            }
            digit = Some(d);
        } else if positional.is_some() {
            break;
        } else if let Some(p) = cn_unit(ch) {
            // Units fall within a section (三千五百); 三千千 is no numeral.
            if section_unit.is_some_and(|u| p >= u) {
                break;
            }
            section_unit = Some(p);
            // 十 alone is ten; 一十 too.
            let d = digit.take().unwrap_or(1);
            section = section.plus(Value::int(u128::from(d))?.shift(p)?)?;
            last_power = Some(p);
            zero_seen = false;
            units += 1;
        } else if let Some(p) = magnitude(ch) {
            section_unit = None;
            let d = Value::int(u128::from(digit.take().unwrap_or(0)))?;
            let mut group = section.plus(d)?;
            section = Value::ZERO;
            if p == 8 {
                // 亿 multiplies everything before it (万亿 = 10^12).
                let all = yi.plus(wan)?.plus(group)?;
                let all = if all.is_zero() { Value::int(1)? } else { all };
                yi = all.shift(8)?;
                wan = Value::ZERO;
            } else {
                if group.is_zero() {
                    group = Value::int(1)?;
                }
                wan = wan.plus(group.shift(4)?)?;
            }
            last_power = Some(p);
            zero_seen = false;
            has_magnitude = true;
            units += 1;
        } else if ch == '几' && digit.is_none() && last_power.is_some_and(|p| (1..=3).contains(&p))
        {
            // 二十几: one to nine of the next lower place.
            ji = true;
            i = after;
            chars += 1;
            break;
        } else {
            break;
        }
        chars += 1;
        i = after;
    }
    if chars == 0 {
        return None;
    }
    let first = c.char_at(start)?;
    let lone = chars == 1 && cn_digit(first).is_some();
    let mut low = if let Some(p) = positional {
        Value::int(p)?
    } else {
        let mut rest = Value::int(u128::from(digit.unwrap_or(0)))?;
        // 一万五, 三千五: a last digit right after a unit stands for the next lower place.
        if let (Some(d), Some(p), false) = (digit, last_power, zero_seen)
            && p >= 2
            && d > 0
        {
            rest = Value::int(u128::from(d))?.shift(p - 1)?;
        }
        yi.plus(wan)?.plus(section)?.plus(rest)?
    };
    let mut high = low;
    let mut approx = false;
    if ji {
        let step = Value::int(1)?.shift(last_power.unwrap_or(1) - 1)?;
        high = low.plus(step.times(9)?)?;
        low = low.plus(step)?;
        approx = true;
    }
    let (low, high, end, approx, more_magnitude) = tail(c, low, high, i, approx)?;
    Some(Qty {
        low,
        high,
        end,
        approx,
        lone_cn_digit: lone,
        has_magnitude: has_magnitude || more_magnitude,
        arabic: false,
        digits_end: i,
    })
}

/// Whether a number may start at `ch`.
pub(super) fn is_number_start(ch: char) -> bool {
    ascii_digit(ch).is_some()
        || cn_digit(ch).is_some()
        || cn_unit(ch).is_some_and(|_| !matches!(ch, '百' | '佰'))
        || matches!(ch, '数' | '几' | '上')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> (String, String, usize) {
        let q = number(&Cursor { s }, 0).unwrap_or_else(|| panic!("{s}: no number"));
        (q.low.to_string(), q.high.to_string(), q.end)
    }

    #[test]
    fn chinese_numerals_by_place() {
        for (s, v) in [
            ("三千五百万", "35000000"),
            ("一亿二千万", "120000000"),
            ("一百零五", "105"),
            ("伍仟萬", "50000000"),
            ("二〇二四", "2024"),
            ("一万五", "15000"),
            ("三千五", "3500"),
            ("十五", "15"),
            ("十", "10"),
            ("三千万亿", "3000000000000000"),
            ("两千零二十四", "2024"),
            ("壹仟玖佰", "1900"),
            ("一万零五百", "10500"),
        ] {
            let (lo, hi, end) = read(s);
            assert_eq!((lo.as_str(), hi.as_str(), end), (v, v, s.len()), "{s}");
        }
    }

    #[test]
    fn approximations() {
        for (s, lo, hi) in [
            ("数十亿", "1000000000", "9000000000"),
            ("几十万", "100000", "900000"),
            ("上百亿", "10000000000", "99900000000"),
            ("八九亿", "800000000", "900000000"),
            ("三五百", "300", "500"),
            ("两三万", "20000", "30000"),
            ("七八十", "70", "80"),
            ("二十几", "21", "29"),
            ("十几万", "110000", "190000"),
            ("十多万", "100000", "190000"),
            ("三千多万", "30000000", "39990000"),
            ("三个亿", "300000000", "300000000"),
            ("几个亿", "100000000", "900000000"),
        ] {
            let (l, h, end) = read(s);
            assert_eq!((l.as_str(), h.as_str(), end), (lo, hi, s.len()), "{s}");
        }
    }

    #[test]
    fn arabic_numbers_with_magnitudes() {
        for (s, v) in [
            ("601,293.11", "601293.11"),
            ("1.2万", "12000"),
            ("0.29亿", "29000000"),
            ("15k", "15000"),
            ("50w", "500000"),
            ("13 billion", "13000000000"),
            ("300 万", "3000000"),
            ("3千", "3000"),
            ("1.15万", "11500"),
            ("9.99", "9.99"),
            ("1,2345", "1"),
        ] {
            let (lo, hi, _) = read(s);
            assert_eq!((lo.as_str(), hi.as_str()), (v, v), "{s}");
        }
        assert_eq!(read("3000多").1, "3999");
        assert_eq!(read("5mm").0, "5", "not a magnitude inside a word");
    }

    #[test]
    fn zero_one_is_no_pair() {
        let (lo, hi, _) = read("零一万");
        assert_eq!((lo.as_str(), hi.as_str()), ("10000", "10000"));
    }
}
