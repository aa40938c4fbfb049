//! Folding for matching: Latin case, and full-width forms to half-width (`Ａ`=`A`, `０`=`0`,
//! `，`=`,`, the ideographic space = space). Chinese text is unchanged. A query and the text
//! it searches are folded alike; offsets map back to the original through [`Folded::original`].

/// Folded text with the places where it got shorter than the original.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Folded {
    pub text: String,
    /// `(folded offset after a shortened character, bytes saved so far)`, ascending.
    shifts: Vec<(u32, u32)>,
}

/// The folded form of one character.
pub fn fold_char(c: char) -> char {
    match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        // Full-width ASCII forms (U+FF01–U+FF5E) sit 0xFEE0 above their ASCII twins.
        '\u{FF01}'..='\u{FF5E}' => {
            let a = char::from_u32(c as u32 - 0xFEE0).unwrap_or(c);
            a.to_ascii_lowercase()
        }
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Folds a query or a short text (no offset map).
pub fn fold(s: &str) -> String {
    s.chars().map(fold_char).collect()
}

impl Folded {
    #[allow(clippy::many_single_char_names)]
    pub fn new(s: &str) -> Folded {
        // Copy runs of unchanged text whole; only ASCII capitals, full-width ASCII forms
        // (EF BC 81 ..= EF BD 9E) and the ideographic space (E3 80 80) are rewritten.
        let b = s.as_bytes();
        let mut text = String::with_capacity(s.len());
        let mut shifts = Vec::new();
        let mut saved = 0u32;
        let mut run = 0;
        let mut i = 0;
        while i < b.len() {
            let x = b[i];
            let special = x.is_ascii_uppercase()
                || (x == 0xef
                    && matches!(
                        (b.get(i + 1), b.get(i + 2)),
                        (Some(0xbc), Some(0x81..=0xbf)) | (Some(0xbd), Some(0x80..=0x9e))
                    ))
                || (x == 0xe3 && b.get(i + 1) == Some(&0x80) && b.get(i + 2) == Some(&0x80));
            if !special {
                i += 1;
                continue;
            }
            text.push_str(&s[run..i]);
            let c = s[i..].chars().next().unwrap_or(' ');
            let f = fold_char(c);
            text.push(f);
            let d = (c.len_utf8() - f.len_utf8()) as u32;
            if d > 0 {
                saved += d;
                shifts.push((text.len() as u32, saved));
            }
            i += c.len_utf8();
            run = i;
        }
        text.push_str(&s[run..]);
        Folded { text, shifts }
    }

    /// The original offset of a folded offset (a char boundary of the folded text).
    pub fn original(&self, folded: usize) -> usize {
        original(&self.shifts, folded)
    }

    pub fn shifts(&self) -> &[(u32, u32)] {
        &self.shifts
    }

    pub fn into_parts(self) -> (String, Vec<(u32, u32)>) {
        (self.text, self.shifts)
    }
}

/// [`Folded::original`] on a shift table kept apart from its text.
pub fn original(shifts: &[(u32, u32)], folded: usize) -> usize {
    let i = shifts.partition_point(|&(at, _)| at as usize <= folded);
    folded + if i == 0 { 0 } else { shifts[i - 1].1 as usize }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_width() {
        assert_eq!(fold("ＯｐｅｎＡＩ，２０２５　年"), "openai,2025 年");
        assert_eq!(fold("微软 Microsoft"), "微软 microsoft");
    }

    #[test]
    fn the_fast_fold_agrees_with_char_by_char() {
        for s in [
            "ＡＢｃ，　中文ABC",
            "",
            "ｚ～！",
            "普通的中文，没有全角字母。",
            "\u{ff5e}\u{ff5f}\u{ff00}",
        ] {
            assert_eq!(Folded::new(s).text, fold(s), "{s}");
        }
    }

    #[test]
    fn maps_offsets_back() {
        let src = "甲ＡＢ乙c";
        let f = Folded::new(src);
        assert_eq!(f.text, "甲ab乙c");
        let at = f.text.find("乙").unwrap();
        assert_eq!(&src[f.original(at)..], "乙c");
        let ab = f.text.find("ab").unwrap();
        assert_eq!(f.original(ab), src.find("Ａ").unwrap());
        assert_eq!(f.original(ab + 2), src.find("乙").unwrap());
    }
}
