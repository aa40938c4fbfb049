//! Is this Chinese company name a word here, or the same characters straddling two words?
//! `这其中投放软文` holds `中投` but reads 其中 + 投放; `过大金额` holds `大金` but reads
//! 过大 + 金额. Chinese has no spaces, so a dictionary match alone cannot tell.
//!
//! The test is a tiny segmentation around the match, in the manner of jieba: the most probable
//! split of a window (the name and up to three Han characters each side) into words, with
//! word probabilities from `assets/words.txt` (jieba's frequencies, see
//! `assets/gen_words.py`). If the best split that keeps the name whole is less probable than
//! the best split without it, the name straddles words and is not a mention.

use std::collections::HashMap;
use std::sync::OnceLock;

const WORDS: &str = include_str!("../../assets/words.txt");
/// Chars each side of the name that the segmentation looks at.
const CONTEXT: usize = 3;
/// Longest word, in chars.
const LONGEST: usize = 4;
/// A company name is at least this frequent (many are not in the list at all, or rare in
/// its corpus, which predates them).
const NAME_FLOOR: f64 = 500.0;

struct Words {
    /// Natural log of each word's frequency.
    freq: HashMap<&'static str, f64>,
    /// Each word's part-of-speech tag (jieba's: `n`, `ns`, `v`, `p`, `r`…).
    tag: HashMap<&'static str, &'static str>,
    /// Natural log of the corpus size.
    log_total: f64,
}

fn words() -> &'static Words {
    static W: OnceLock<Words> = OnceLock::new();
    W.get_or_init(|| {
        let mut freq = HashMap::with_capacity(45_000);
        let mut tag = HashMap::with_capacity(45_000);
        let mut total = 1.0f64;
        for line in WORDS.lines() {
            if let Some(t) = line.strip_prefix("#total ") {
                total = t.trim().parse().unwrap_or(1.0);
                continue;
            }
            if line.starts_with('#') {
                continue;
            }
            let mut cols = line.split(' ');
            if let (Some(w), Some(Ok(f)), t) =
                (cols.next(), cols.next().map(str::parse::<f64>), cols.next())
            {
                freq.insert(w, f.ln());
                tag.insert(w, t.unwrap_or(""));
            }
        }
        Words {
            freq,
            tag,
            log_total: total.ln(),
        }
    })
}

/// Han: CJK unified ideographs and extension A.
pub fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

impl Words {
    /// Log probability of `w` as one word; unknown single characters are rare words,
    /// unknown longer strings are not words.
    fn log_p(&self, w: &str) -> Option<f64> {
        match self.freq.get(w) {
            Some(f) => Some(f - self.log_total),
            None if w.chars().nth(1).is_none() => Some(-self.log_total),
            None => None,
        }
    }

    /// A company name's log probability: at least [`NAME_FLOOR`].
    fn name_log_p(&self, w: &str) -> f64 {
        self.freq
            .get(w)
            .copied()
            .unwrap_or(f64::NEG_INFINITY)
            .max(NAME_FLOOR.ln())
            - self.log_total
    }

    /// The best log probability of a split of `text` (cut at `cuts`, its char boundaries
    /// from start to end) into words, never using the token `banned` (a pair of cut indices).
    fn best(
        &self,
        text: &str,
        cuts: &[usize],
        banned: Option<(usize, usize)>,
        is_name: &dyn Fn(&str) -> bool,
    ) -> f64 {
        self.splits(text, cuts, banned, is_name)[cuts.len() - 1].0
    }

    /// For each cut j, the best log probability of splitting `text` up to it and the cut
    /// where that split's last word starts.
    fn splits(
        &self,
        text: &str,
        cuts: &[usize],
        banned: Option<(usize, usize)>,
        is_name: &dyn Fn(&str) -> bool,
    ) -> Vec<(f64, usize)> {
        let n = cuts.len() - 1;
        let mut dp = vec![(f64::NEG_INFINITY, 0usize); n + 1];
        dp[0].0 = 0.0;
        for j in 1..=n {
            for i in j.saturating_sub(LONGEST)..j {
                if dp[i].0 == f64::NEG_INFINITY || banned == Some((i, j)) {
                    continue;
                }
                let w = &text[cuts[i]..cuts[j]];
                let p = if j - i > 1 && is_name(w) {
                    Some(self.name_log_p(w))
                } else {
                    self.log_p(w)
                };
                if let Some(p) = p
                    && dp[i].0 + p > dp[j].0
                {
                    dp[j] = (dp[i].0 + p, i);
                }
            }
        }
        dp
    }
}

/// Whether the Han name at `range` of `text` reads as a word there (see the module doc).
/// Names with anything but Han characters always do.
/// `is_name` tells which other strings are company names too (they get the same floor as
/// the name tested: `京东方面` reads 京东 + 方面, both names being equally likely).
pub fn stands_alone(
    text: &str,
    range: std::ops::Range<usize>,
    is_name: &dyn Fn(&str) -> bool,
) -> bool {
    let name = &text[range.clone()];
    if name.is_empty() || !name.chars().all(is_han) {
        return true;
    }
    let before: Vec<usize> = text[..range.start]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| is_han(c))
        .take(CONTEXT)
        .map(|(i, _)| i)
        .collect();
    let after: Vec<usize> = text[range.end..]
        .char_indices()
        .take_while(|&(_, c)| is_han(c))
        .take(CONTEXT)
        .map(|(i, c)| range.end + i + c.len_utf8())
        .collect();
    if before.is_empty() && after.is_empty() {
        return true;
    }
    let w = words();
    let start = before.last().copied().unwrap_or(range.start);
    let end = after.last().copied().unwrap_or(range.end);
    let window = &text[start..end];
    let cuts: Vec<usize> = window
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(window.len()))
        .collect();
    let (s, e) = (range.start - start, range.end - start);
    let si = cuts.iter().position(|&c| c == s).unwrap_or(0);
    let ei = cuts.iter().position(|&c| c == e).unwrap_or(cuts.len() - 1);
    let name_p = w.name_log_p(name);
    let left: Vec<usize> = cuts[..=si].to_vec();
    let right: Vec<usize> = cuts[ei..].iter().map(|c| c - e).collect();
    let whole = w.best(&window[..s], &left, None, is_name)
        + name_p
        + w.best(&window[e..], &right, None, is_name);
    let split = w.best(window, &cuts, Some((si, ei)), is_name);
    whole >= split
}

/// One word of a [`segment`]ation: its byte range and part-of-speech tag (`""` when unknown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub range: std::ops::Range<usize>,
    pub tag: &'static str,
}

/// The most probable split of a run of Han characters into words.
pub fn segment(text: &str) -> Vec<Token> {
    let w = words();
    let cuts: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()))
        .collect();
    let dp = w.splits(text, &cuts, None, &|_| false);
    let mut out = Vec::new();
    let mut j = cuts.len() - 1;
    while j > 0 {
        let i = dp[j].1;
        let range = cuts[i]..cuts[j];
        let tag = w.tag.get(&text[range.clone()]).copied().unwrap_or("");
        out.push(Token { range, tag });
        j = i;
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alone(text: &str, name: &str) -> bool {
        let s = text.find(name).unwrap();
        stands_alone(text, s..s + name.len(), &|_| false)
    }

    #[test]
    fn segmentation_of_a_phrase() {
        let t = "包给北京市五连环投资";
        let words: Vec<(&str, &str)> = segment(t)
            .into_iter()
            .map(|k| (&t[k.range], k.tag))
            .collect();
        assert_eq!(words[0], ("包", "v"));
        assert_eq!(words[1], ("给", "p"));
        assert_eq!(words[2], ("北京市", "ns"));
        assert_eq!(words.last().unwrap(), &("投资", "vn"));
    }

    #[test]
    fn straddled_names_are_not_words() {
        for (text, name) in [
            ("这其中投放软文", "中投"),
            ("3月27日立项，把", "日立"),
            ("过大金额都需要", "大金"),
            ("千人社群创始人", "群创"),
            ("最好时间是现在", "好时"),
            ("小松鼠吃到松果", "小松"),
            ("放大和裂变", "大和"),
            ("代持人保持联系", "人保"),
            ("其中信息", "中信"),
            ("美国美元", "国美"),
            ("提高通过率", "高通"),
            ("表达能力", "达能"),
            ("努力拓展", "力拓"),
        ] {
            assert!(!alone(text, name), "{name} in {text}");
        }
    }

    #[test]
    fn names_used_as_names_stand() {
        for (text, name) in [
            ("阿里面临挑战", "阿里"),
            ("京东方面表示", "京东"),
            ("微软和谷歌", "微软"),
            ("华为发布了", "华为"),
            ("腾讯投资了", "腾讯"),
            ("美团外卖", "美团"),
            ("软银和甲骨文", "软银"),
            ("大金空调", "大金"),
            ("国美电器", "国美"),
            ("高通骁龙", "高通"),
            ("达能集团", "达能"),
            ("力拓和必和必拓", "力拓"),
            ("英伟达和", "英伟达"),
            ("在百度上", "百度"),
            ("字节跳动的", "字节跳动"),
            ("宁德时代的电池", "宁德时代"),
            ("收购了东芝", "东芝"),
            ("OpenAI", "OpenAI"),
            ("微软", "微软"),
        ] {
            assert!(alone(text, name), "{name} in {text}");
        }
    }
}
