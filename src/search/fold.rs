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
    pub fn new(s: &str) -> Folded {
        // Most text has nothing that changes length: fold it bytewise.
        let b = s.as_bytes();
        let wide = b.windows(2).any(|w| {
            (w[0] == 0xef && (w[1] == 0xbc || w[1] == 0xbd)) || (w[0] == 0xe3 && w[1] == 0x80)
        });
        if !wide {
            return Folded {
                text: s.to_ascii_lowercase(),
                shifts: Vec::new(),
            };
        }
        let mut text = String::with_capacity(s.len());
        let mut shifts = Vec::new();
        let mut saved = 0u32;
        for c in s.chars() {
            let f = fold_char(c);
            text.push(f);
            let d = (c.len_utf8() - f.len_utf8()) as u32;
            if d > 0 {
                saved += d;
                shifts.push((text.len() as u32, saved));
            }
        }
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
