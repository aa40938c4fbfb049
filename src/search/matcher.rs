//! Finding a folded term in unfolded text. Folding ([`super::fold`]) maps one character to
//! one character (Latin capitals and full-width forms to plain ASCII, the ideographic space
//! to a space), so "the folded text contains the folded term" is the same as "the text has
//! a run of characters whose folds are the term's": each character of the term stands for
//! the set of characters that fold to it. Texts are searched as they are written — no folded
//! copy of the archive is kept — and offsets are the text's own.
//!
//! A term whose characters nothing else folds to (Chinese, digits written plainly would not
//! be: `1` also matches `１`) is looked for with `memmem`; any other with a regular
//! expression of alternatives per character, which the regex crate turns into a fast
//! literal search.

use super::fold::fold;
use memchr::memmem;

/// Matches counted in one text at most: a 60 MB file of one letter searched for that letter
/// would otherwise take seconds to count (the results show "100000 hits" for such an article).
pub const MAX_COUNTED: u32 = 100_000;

/// A compiled term.
#[derive(Debug, Clone)]
pub struct Matcher {
    how: How,
}

#[derive(Debug, Clone)]
enum How {
    Literal(Box<memmem::Finder<'static>>),
    Classes(regex::bytes::Regex),
    /// The empty term: matches nowhere (an empty query finds nothing).
    Nothing,
}

/// Every character that folds to `c` (`c` itself first).
fn preimages(c: char) -> Vec<char> {
    let mut out = vec![c];
    match c {
        'a'..='z' => {
            let up = c.to_ascii_uppercase();
            out.push(up);
            out.extend(char::from_u32(c as u32 + 0xFEE0));
            out.extend(char::from_u32(up as u32 + 0xFEE0));
        }
        '!'..='~' => out.extend(char::from_u32(c as u32 + 0xFEE0)),
        ' ' => out.push('\u{3000}'),
        _ => {}
    }
    out
}

/// A `memmem` finder tuned for Chinese text ([`super::rank`]).
fn literal(term: &str) -> memmem::Finder<'static> {
    memmem::FinderBuilder::new()
        .build_forward_with_ranker(super::rank::ChineseText, term.as_bytes())
        .into_owned()
}

impl Matcher {
    /// A matcher for `term` (folded here).
    pub fn new(term: &str) -> Matcher {
        let term = fold(term);
        if term.is_empty() {
            return Matcher { how: How::Nothing };
        }
        if term.chars().all(|c| preimages(c).len() == 1) {
            return Matcher {
                how: How::Literal(Box::new(literal(&term))),
            };
        }
        let mut pattern = String::with_capacity(term.len() * 8);
        for c in term.chars() {
            let alts: Vec<String> = preimages(c)
                .into_iter()
                .map(|p| regex::escape(p.encode_utf8(&mut [0; 4])))
                .collect();
            if alts.len() == 1 {
                pattern.push_str(&alts[0]);
            } else {
                pattern.push_str("(?:");
                pattern.push_str(&alts.join("|"));
                pattern.push(')');
            }
        }
        match regex::bytes::RegexBuilder::new(&pattern)
            .unicode(false)
            .size_limit(1 << 22)
            .build()
        {
            Ok(re) => Matcher {
                how: How::Classes(re),
            },
            // Too big to compile (a very long pasted term): only its written form.
            Err(_) => Matcher {
                how: How::Literal(Box::new(literal(&term))),
            },
        }
    }

    /// The first match at or after `from`: start and end.
    pub fn find_at(&self, hay: &[u8], from: usize) -> Option<(usize, usize)> {
        let rest = hay.get(from..)?;
        match &self.how {
            How::Literal(f) => f
                .find(rest)
                .map(|i| (from + i, from + i + f.needle().len())),
            How::Classes(re) => re.find(rest).map(|m| (from + m.start(), from + m.end())),
            How::Nothing => None,
        }
    }

    /// Every match, left to right, not overlapping.
    pub fn find_iter<'h>(&'h self, hay: &'h [u8]) -> Box<dyn Iterator<Item = (usize, usize)> + 'h> {
        match &self.how {
            How::Literal(f) => {
                let n = f.needle().len();
                Box::new(f.find_iter(hay).map(move |i| (i, i + n)))
            }
            How::Classes(re) => Box::new(re.find_iter(hay).map(|m| (m.start(), m.end()))),
            How::Nothing => Box::new(std::iter::empty()),
        }
    }

    /// How many matches, and the first.
    pub fn count(&self, hay: &[u8]) -> (u32, Option<(usize, usize)>) {
        let mut it = self.find_iter(hay);
        let Some(first) = it.next() else {
            return (0, None);
        };
        let rest = it.take(MAX_COUNTED as usize - 1).count();
        (
            1 + u32::try_from(rest).unwrap_or(MAX_COUNTED - 1),
            Some(first),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn width_and_case_fold_both_ways() {
        let m = Matcher::new("OpenAI");
        let text = "ＯｐｅｎＡＩ与openai和OPENAI";
        let found: Vec<&str> = m
            .find_iter(text.as_bytes())
            .map(|(s, e)| &text[s..e])
            .collect();
        assert_eq!(found, ["ＯｐｅｎＡＩ", "openai", "OPENAI"]);
        assert_eq!(Matcher::new("软银").count("软银和软银".as_bytes()).0, 2);
        assert_eq!(Matcher::new("2025").count("２０２５年".as_bytes()).0, 1);
        assert_eq!(Matcher::new("a b").count("A\u{3000}B".as_bytes()).0, 1);
        assert_eq!(Matcher::new("").count(b"anything").0, 0);
    }

    proptest! {
        /// The same matches as folding the text and looking for the folded term.
        #[test]
        fn agrees_with_searching_folded_text(
            text in "[a-cA-Cａ-ｃＡ-Ｃ1１ \u{3000}软银,，]{0,40}",
            term in "[a-cA-Cａ１1 \u{3000}软银,，]{1,4}",
        ) {
            let m = Matcher::new(&term);
            let ours: Vec<String> = m
                .find_iter(text.as_bytes())
                .map(|(s, e)| fold(&text[s..e]))
                .collect();
            let folded = super::super::fold::Folded::new(&text);
            let theirs: Vec<String> = folded
                .text
                .match_indices(&fold(&term))
                .map(|(_, t)| t.to_string())
                .collect();
            prop_assert_eq!(ours, theirs);
        }
    }
}
