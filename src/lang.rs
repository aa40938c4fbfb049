//! The interface's two languages.

/// The language in use: English or Chinese.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Zh,
}

impl Lang {
    /// `en` or `zh` as the words of this language say it.
    pub fn pick<'a>(self, en: &'a str, zh: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }
}

/// `n` and the noun: singular or plural in English, the measure word in Chinese
/// ("1 article", "2 articles", "2 篇").
pub fn count(lang: Lang, n: usize, one: &str, many: &str, zh: &str) -> String {
    match lang {
        Lang::En if n == 1 => format!("{n} {one}"),
        Lang::En => format!("{n} {many}"),
        Lang::Zh => format!("{n} {zh}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn singular_and_plural() {
        assert_eq!(
            count(Lang::En, 1, "problem", "problems", "个问题"),
            "1 problem"
        );
        assert_eq!(
            count(Lang::En, 0, "problem", "problems", "个问题"),
            "0 problems"
        );
        assert_eq!(
            count(Lang::Zh, 2, "problem", "problems", "个问题"),
            "2 个问题"
        );
    }
}
