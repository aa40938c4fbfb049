//! A one-line text input for the search lines: the caret moves by grapheme, its column is the
//! display width before it (so the terminal cursor, and an input method's popup, sit at the
//! caret), pasted text goes in whole.

use crate::layout::width;
use unicode_segmentation::UnicodeSegmentation;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    pub text: String,
    /// Byte offset of the caret, always on a grapheme boundary.
    pub caret: usize,
}

impl LineInput {
    pub fn new(text: &str) -> Self {
        LineInput {
            text: text.to_string(),
            caret: text.len(),
        }
    }

    /// Columns before the caret.
    pub fn caret_col(&self) -> usize {
        width(&self.text[..self.caret])
    }

    /// Pasted text: it may hold line breaks and controls, so it goes in as one clean line.
    pub fn insert(&mut self, s: &str) {
        let s = crate::sanitize::line(s);
        self.text.insert_str(self.caret, &s);
        self.caret += s.len();
    }

    /// A typed character (a space too); controls are ignored.
    pub fn insert_char(&mut self, c: char) -> bool {
        if c.is_control()
            || crate::sanitize::line(c.encode_utf8(&mut [0; 4])).is_empty() && c != ' '
        {
            return false;
        }
        self.text.insert(self.caret, c);
        self.caret += c.len_utf8();
        true
    }

    fn prev_boundary(&self) -> usize {
        self.text[..self.caret]
            .grapheme_indices(true)
            .next_back()
            .map_or(0, |(i, _)| i)
    }

    fn next_boundary(&self) -> usize {
        self.text[self.caret..]
            .graphemes(true)
            .next()
            .map_or(self.caret, |g| self.caret + g.len())
    }

    pub fn backspace(&mut self) -> bool {
        let p = self.prev_boundary();
        if p == self.caret {
            return false;
        }
        self.text.replace_range(p..self.caret, "");
        self.caret = p;
        true
    }

    pub fn delete(&mut self) -> bool {
        let n = self.next_boundary();
        if n == self.caret {
            return false;
        }
        self.text.replace_range(self.caret..n, "");
        true
    }

    pub fn left(&mut self) -> bool {
        let p = self.prev_boundary();
        std::mem::replace(&mut self.caret, p) != p
    }

    pub fn right(&mut self) -> bool {
        let n = self.next_boundary();
        std::mem::replace(&mut self.caret, n) != n
    }

    pub fn home(&mut self) -> bool {
        std::mem::replace(&mut self.caret, 0) != 0
    }

    pub fn end(&mut self) -> bool {
        let e = self.text.len();
        std::mem::replace(&mut self.caret, e) != e
    }

    /// Ctrl-W: the word before the caret (and the spaces after it).
    pub fn delete_word(&mut self) -> bool {
        let before = &self.text[..self.caret];
        let trimmed = before.trim_end_matches(' ');
        let start = trimmed.rfind(' ').map_or(0, |i| i + 1);
        if start == self.caret {
            return false;
        }
        self.text.replace_range(start..self.caret, "");
        self.caret = start;
        true
    }

    /// Ctrl-U: everything before the caret.
    pub fn delete_to_start(&mut self) -> bool {
        if self.caret == 0 {
            return false;
        }
        self.text.replace_range(..self.caret, "");
        self.caret = 0;
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_characters_move_and_delete_whole() {
        let mut l = LineInput::new("软银ab");
        assert_eq!(l.caret_col(), 6);
        l.left();
        l.left();
        assert_eq!(l.caret_col(), 4);
        assert!(l.backspace());
        assert_eq!(l.text, "软ab");
        assert_eq!(l.caret_col(), 2);
        l.insert("银行");
        assert_eq!(l.text, "软银行ab");
        assert_eq!(l.caret_col(), 6);
        l.home();
        assert!(!l.backspace());
        assert!(l.delete());
        assert_eq!(l.text, "银行ab");
        l.end();
        assert_eq!(l.caret, l.text.len());
    }

    #[test]
    fn emoji_sequences_are_one_step() {
        let mut l = LineInput::new("a👨\u{200D}👩\u{200D}👧");
        assert!(l.backspace());
        assert_eq!(l.text, "a");
    }

    #[test]
    fn ctrl_w_and_ctrl_u() {
        let mut l = LineInput::new("微软 OpenAI  投资");
        assert!(l.delete_word());
        assert_eq!(l.text, "微软 OpenAI  ");
        assert!(l.delete_word());
        assert_eq!(l.text, "微软 ");
        l.insert("谷歌");
        l.left();
        assert!(l.delete_to_start());
        assert_eq!((l.text.as_str(), l.caret), ("歌", 0));
    }

    #[test]
    fn typed_spaces_stay() {
        let mut l = LineInput::new("谷歌");
        assert!(l.insert_char(' '));
        assert!(l.insert_char('s'));
        assert!(!l.insert_char('\u{1b}'));
        assert!(!l.insert_char('\u{202e}'));
        assert_eq!(l.text, "谷歌 s");
    }

    #[test]
    fn paste_goes_in_whole_as_one_clean_line() {
        let mut l = LineInput::new("");
        l.insert("软银\n集团\u{1b}[31m");
        assert_eq!(l.text, "软银 集团");
    }
}
