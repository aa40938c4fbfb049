//! Sub-units after 元/块 (`45元5角`, `三块五`), and the readings that look like amounts and
//! are not (`1月15日元宵节`, `3块蛋糕`, `一元二次方程`).

use super::number::{Cursor, Qty, ascii_digit, cn_digit};
use super::{Qualifier, Suffix, Value, YUAN_WORDS};

/// Sub-units after 元/块 at `i`: `5角`, `八角六分`, `5分`, then `钱`; after 块 also a lone
/// digit (`三块五` is 3.5). Returns what they add and where they end.
pub(super) fn sub_units(c: &Cursor<'_>, i: usize, kuai: bool) -> Option<(Value, usize)> {
    let digit_at = |i: usize| -> Option<(u32, usize)> {
        let j = c.space(i);
        let (ch, after) = c.next(j)?;
        let d = cn_digit(ch).or_else(|| ascii_digit(ch))?;
        // One digit only: `45元50` is no sub-unit.
        let next = c.char_at(after);
        (next.and_then(ascii_digit).is_none() && next.and_then(cn_digit).is_none())
            .then_some((d, after))
    };
    let (d1, after1) = digit_at(i)?;
    let unit_at = |i: usize| -> Option<(u32, usize)> {
        let j = c.space(i);
        let (ch, after) = c.next(j)?;
        match ch {
            '角' | '毛' => Some((1, after)),
            '分' => Some((2, after)),
            _ => None,
        }
    };
    let (total, mut end) = match unit_at(after1) {
        Some((place, after)) => {
            let mut total = Value::int(u128::from(d1))?.unshift(place)?;
            let mut end = after;
            if place == 1
                && let Some((d2, a2)) = digit_at(end)
                && let Some((2, a3)) = unit_at(a2)
            {
                total = total.plus(Value::int(u128::from(d2))?.unshift(2)?)?;
                end = a3;
            }
            (total, end)
        }
        // 三块五: a lone digit at the end of the phrase.
        None if kuai
            && c.char_at(after1)
                .is_none_or(|x| !x.is_alphanumeric() || x == '钱') =>
        {
            (Value::int(u128::from(d1))?.unshift(1)?, after1)
        }
        None => return None,
    };
    if let Some(after) = c.word(end, "钱") {
        end = after;
    }
    Some((total, end))
}

/// Readings that look like amounts and are not.
#[allow(clippy::too_many_arguments)]
pub(super) fn is_trap(
    c: &Cursor<'_>,
    start: usize,
    num_start: usize,
    end: usize,
    first: &Qty,
    prefix: Option<&str>,
    suffix: Option<&(&'static Suffix, usize)>,
    qualifier: Qualifier,
    sub_units_read: bool,
) -> bool {
    let before = &c.s[..start];
    let after_text = &c.s[end..];
    let word = suffix.map(|(s, _)| s.word);
    // 1月15日元宵节: a day of a month before 元.
    if before.trim_end().ends_with('月') && c.s[num_start..end].contains('日') {
        return true;
    }
    let next = after_text.chars().next();
    let next_is_han = next.is_some_and(crate::highlight::words::is_han);
    // 3元素, 元旦, 元首: 元 starting a word.
    if word == Some("元") && prefix.is_none() && next.is_some_and(|n| YUAN_WORDS.contains(n)) {
        return true;
    }
    // 3块蛋糕, 一块去, 买了3块蛋糕: 块 as a measure word before a noun.
    // After it an adverb or a particle ends the phrase: `拿七八十块还能`, `三块就够了`.
    let ends_phrase = next.is_some_and(|n| "还就都也了呢吗吧啊呀嘛不没才又".contains(n));
    if word == Some("块")
        && next_is_han
        && !ends_phrase
        && !first.has_magnitude
        && !after_text.starts_with('钱')
    {
        return true;
    }
    // 刀 is dollars after Arabic digits (`100刀`) or a bare magnitude (`千刀`), and never
    // before a word it makes (`331刀锋`, `千刀万剐`); `砍一刀`, `两刀` are cuts.
    if word == Some("刀") {
        let number = &c.s[num_start..first.end];
        let bare = matches!(number, "百" | "千" | "万" | "几百" | "几千" | "几万");
        if !(first.arabic || bare)
            || next.is_some_and(|n| "锋刃片具子口背柄把鞘法工枪剑客下光万".contains(n))
        {
            return true;
        }
    }
    if first.lone_cn_digit && prefix.is_none() && qualifier == Qualifier::Exact {
        // 一元二次方程, 三元里, 两韩元首: a lone Chinese digit needs a price-like context,
        // unless 钱 says it (一块钱).
        let says_money = matches!(word, Some("块钱" | "元钱"))
            || c.s[num_start..end].ends_with('钱')
            || sub_units_read;
        let ends_word = next.is_none_or(|x| !x.is_alphabetic() || x == '钱');
        if !(says_money || ends_word && price_cue(before)) {
            return true;
        }
    }
    false
}

/// A price word among the six characters before an amount (`只要三块`, `卖五元`).
fn price_cue(before: &str) -> bool {
    let mut v: Vec<char> = before.chars().rev().take(6).collect();
    v.reverse();
    let tail: String = v.into_iter().collect();
    [
        "价", "花", "只要", "仅", "每", "共", "付", "收", "赚", "赔", "罚", "卖", "买", "要", "才",
        "值", "售",
    ]
    .iter()
    .any(|w| tail.contains(w))
}
