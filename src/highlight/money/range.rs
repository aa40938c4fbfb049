//! Ranges: `1万-5万元`, `二十至三十万元`, `380亿美元到420亿美元`, and the magnitude the second
//! number lends the first.

use super::number::{Cursor, Qty, cn_digit, is_multiplier, number};
use super::{Suffix, Value, currency_before, joiner, suffix_at};

/// The second half of a range after the first number.
pub(super) struct RangeEnd {
    pub low: Value,
    pub high: Value,
    pub end: usize,
    pub suffix: Option<(&'static Suffix, usize)>,
}

/// `1万-5万元`, `380亿美元到420亿美元`, `二十至三十万元`, `$5-$10`, `2 万 - 3 万元`.
pub(super) fn range_after(
    c: &Cursor<'_>,
    prefix: Option<&'static str>,
    first_start: usize,
    first: &Qty,
    first_suffix: Option<&(&'static Suffix, usize)>,
) -> Option<RangeEnd> {
    let after_first = first_suffix.map_or(first.end, |(_, a)| *a);
    let j = joiner(c, c.space(after_first))?;
    let mut second_start = c.space(j);
    if let Some((iso, after)) = currency_before(c, second_start) {
        if prefix.is_some_and(|p| p != iso) {
            return None;
        }
        second_start = c.space(after);
    }
    let second = number(c, second_start)?;
    let suffix = suffix_at(c, second.end);
    if let Some((s1, _)) = first_suffix {
        // The currency written after both ends: it must be the same.
        if suffix.as_ref().is_none_or(|(s2, _)| s2.iso != s1.iso) {
            return None;
        }
    }
    let second_text = c.s[second_start..second.end].trim_end();
    let second_has_tail =
        second.has_magnitude || second_text.chars().next_back().is_some_and(is_multiplier);
    let low = if first_suffix.is_none() && !first.has_magnitude && second_has_tail {
        lend(c, first_start, first, second_start, &second).unwrap_or(first.low)
    } else {
        first.low
    };
    if second.high < low || second.low.is_zero() {
        return None;
    }
    let end = suffix.as_ref().map_or(second.end, |(_, a)| *a);
    Some(RangeEnd {
        low,
        high: second.high,
        end,
        suffix,
    })
}

/// The first number of a range with the second's trailing magnitude: `二十` with `三十万` is
/// 二十万; `五` with `八千万` is 五千万; `15` with `20k` is 15k. `None` when no reading keeps the
/// first at or under the second.
fn lend(
    c: &Cursor<'_>,
    first_start: usize,
    first: &Qty,
    second_start: usize,
    second: &Qty,
) -> Option<Value> {
    let first_text = c.s[first_start..first.end].trim_end();
    let second_text = c.s[second_start..second.end].trim_end();
    let with = |tail: &str| -> Option<Value> {
        let joined = format!("{first_text}{}", tail.trim_start());
        let q = number(&Cursor { s: &joined }, 0)?;
        (q.end == joined.len() && q.low <= second.high).then_some(q.low)
    };
    if first.arabic && second.arabic {
        return with(&c.s[second.digits_end..second.end]);
    }
    // Split points where the rest of the second is multipliers only, shortest rest first.
    let splits: Vec<usize> = second_text
        .char_indices()
        .rev()
        .take_while(|(_, ch)| is_multiplier(*ch))
        .map(|(i, _)| i)
        .collect();
    let shape = |s: &str| -> String {
        s.chars()
            .map(|ch| {
                if cn_digit(ch).is_some() || ch.is_ascii_digit() {
                    'D'
                } else {
                    ch
                }
            })
            .collect()
    };
    let first_shape = shape(first_text);
    if let Some(v) = splits
        .iter()
        .find(|&&at| shape(&second_text[..at]) == first_shape)
        .and_then(|&at| with(&second_text[at..]))
    {
        return Some(v);
    }
    splits.iter().find_map(|&at| {
        let v = with(&second_text[at..])?;
        (v.times(10)? >= second.high).then_some(v)
    })
}
