//! The user's configuration: `config.toml` in `$WXR_CONFIG_DIR`, else the platform's config
//! folder (via `directories`). Defaults live in code; the file overrides key by key; an
//! unknown key or a bad value is reported with the file and line, and the defaults stay.

use serde::Deserialize;
use std::path::PathBuf;

/// When opening an article marks it read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum MarkPolicy {
    /// When it is opened (Enter, or Tab into the reader): what newsboat and mail readers do,
    /// and predictable. Merely moving the selection past it (the preview) does not mark it.
    #[default]
    Open,
    /// When the reader reaches its end.
    End,
    /// Only by `m` / `M`.
    Never,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub mark_read: MarkPolicy,
    pub ui: Ui,
    pub reader: Reader,
    pub theme: ThemeConfig,
    pub keys: Keys,
}

/// `[ui]`: the mouse and the interface's language.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Ui {
    /// The wheel scrolls the pane under the pointer; off, the terminal's own selection works
    /// without Shift.
    pub mouse: bool,
    pub language: Language,
}

impl Default for Ui {
    fn default() -> Self {
        Ui {
            mouse: true,
            language: Language::Auto,
        }
    }
}

/// The interface's language: `auto` follows `LC_ALL`, `LC_MESSAGES`, `LANG` (`zh_*`:
/// Chinese), else English.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    #[default]
    Auto,
    En,
    Zh,
}

pub use crate::lang::Lang;

impl Language {
    /// The language to use, from the locale's variables when `auto`.
    pub fn resolve(self, env: impl Fn(&str) -> Option<String>) -> Lang {
        match self {
            Language::En => Lang::En,
            Language::Zh => Lang::Zh,
            Language::Auto => {
                // The first of these that is set decides (POSIX order).
                let v = ["LC_ALL", "LC_MESSAGES", "LANG"]
                    .iter()
                    .find_map(|k| env(k).filter(|v| !v.is_empty()));
                if v.is_some_and(|v| v.to_ascii_lowercase().starts_with("zh")) {
                    Lang::Zh
                } else {
                    Lang::En
                }
            }
        }
    }
}

/// `[reader]`: the reading column.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Reader {
    /// The widest the text column gets, in columns (20–200).
    #[serde(deserialize_with = "width")]
    pub width: u16,
    /// Blank rows between paragraphs (0–3).
    #[serde(deserialize_with = "spacing")]
    pub paragraph_spacing: u8,
}

impl Default for Reader {
    fn default() -> Self {
        Reader {
            width: 76,
            paragraph_spacing: 1,
        }
    }
}

fn width<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u16, D::Error> {
    let n = i64::deserialize(d)?;
    u16::try_from(n)
        .ok()
        .filter(|n| (20..=200).contains(n))
        .ok_or_else(|| serde::de::Error::custom(format!("width {n}: between 20 and 200 columns")))
}

fn spacing<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u8, D::Error> {
    let n = i64::deserialize(d)?;
    u8::try_from(n)
        .ok()
        .filter(|n| *n <= 3)
        .ok_or_else(|| serde::de::Error::custom(format!("paragraph_spacing {n}: 0, 1, 2 or 3")))
}

/// `[theme]`: a built-in theme and a style per element over it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ThemeConfig {
    pub base: Base,
    pub list: Option<StyleSpec>,
    pub selected: Option<StyleSpec>,
    pub reader: Option<StyleSpec>,
    pub title: Option<StyleSpec>,
    pub heading: Option<StyleSpec>,
    pub quote: Option<StyleSpec>,
    pub dim: Option<StyleSpec>,
    pub money: Option<StyleSpec>,
    pub company: Option<StyleSpec>,
    pub hit: Option<StyleSpec>,
    pub link: Option<StyleSpec>,
    pub status: Option<StyleSpec>,
    pub border: Option<StyleSpec>,
}

/// The built-in themes: for dark and for light terminal backgrounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Base {
    #[default]
    Dark,
    Light,
}

/// A style as a config file writes it: words for modifiers and a colour, `on` and a
/// background (`"bold yellow on blue"`, `"underline #3366ff"`, `"reversed"`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StyleSpec {
    pub fg: Option<Color>,
    pub bg: Option<Color>,
    pub modifiers: Vec<Modifier>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Color {
    Named(&'static str),
    Rgb(u8, u8, u8),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Modifier {
    Bold,
    Dim,
    Italic,
    Underline,
    Reversed,
}

/// The colour names a style may use.
pub const COLORS: &[&str] = &[
    "black",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "gray",
    "darkgray",
    "lightred",
    "lightgreen",
    "lightyellow",
    "lightblue",
    "lightmagenta",
    "lightcyan",
    "white",
    "default",
];

const MODIFIERS: &[(&str, Modifier)] = &[
    ("bold", Modifier::Bold),
    ("dim", Modifier::Dim),
    ("italic", Modifier::Italic),
    ("underline", Modifier::Underline),
    ("underlined", Modifier::Underline),
    ("reversed", Modifier::Reversed),
    ("reverse", Modifier::Reversed),
];

fn color(word: &str) -> Option<Color> {
    if let Some(hex) = word.strip_prefix('#')
        && hex.len() == 6
        && let Ok(n) = u32::from_str_radix(hex, 16)
    {
        return Some(Color::Rgb((n >> 16) as u8, (n >> 8) as u8, n as u8));
    }
    COLORS.iter().find(|c| **c == word).map(|c| Color::Named(c))
}

impl std::str::FromStr for StyleSpec {
    type Err = String;
    fn from_str(s: &str) -> Result<StyleSpec, String> {
        let mut spec = StyleSpec::default();
        let mut on = false;
        for word in s.split_whitespace() {
            let w = word.to_ascii_lowercase();
            if w == "on" {
                on = true;
            } else if let Some((_, m)) = MODIFIERS.iter().find(|(n, _)| *n == w) {
                spec.modifiers.push(*m);
            } else if let Some(c) = color(&w) {
                if on {
                    spec.bg = Some(c);
                } else {
                    spec.fg = Some(c);
                }
            } else {
                return Err(format!(
                    "`{word}` in style \"{s}\": use bold dim italic underline reversed, a \
                     colour ({}, or #rrggbb), and `on` before a background colour",
                    COLORS.join(" ")
                ));
            }
        }
        Ok(spec)
    }
}

impl<'de> Deserialize<'de> for StyleSpec {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// `[keys.all]`: bindings for both panes; `[keys.list]`, `[keys.reader]`: for one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Keys {
    pub all: crate::keys::Bindings,
    pub list: crate::keys::Bindings,
    pub reader: crate::keys::Bindings,
}

impl Keys {
    pub fn keymap(&self) -> crate::keys::Keymap {
        crate::keys::Keymap::new(&self.all, &self.list, &self.reader)
    }
}

/// The config file's path (it need not exist).
pub fn config_path() -> Option<PathBuf> {
    config_dir().map(|d| d.join("config.toml"))
}

/// The complete default configuration, every setting commented (`wxr config --default`).
pub const DEFAULT: &str = include_str!("../assets/config.example.toml");

pub fn config_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("WXR_CONFIG_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    directories::ProjectDirs::from("", "", "wxr").map(|p| p.config_dir().to_path_buf())
}

/// What is wrong in a config file: the line, and what.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{message}", line.map(|l| format!("line {l}: ")).unwrap_or_default())]
pub struct ConfigError {
    pub line: Option<usize>,
    pub message: String,
}

impl Config {
    /// The configuration, and what is wrong in the file (each mistake with the file and its
    /// line; the lines at fault are left out, the rest of the file applies).
    pub fn load() -> (Config, Vec<(PathBuf, String)>) {
        let Some(path) = config_path() else {
            return (Config::default(), Vec::new());
        };
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return (Config::default(), Vec::new());
            }
            Err(e) => return (Config::default(), vec![(path, e.to_string())]),
        };
        let (c, errors) = Config::parse_lenient(&text);
        (
            c,
            errors
                .iter()
                .map(|e| (path.clone(), e.to_string()))
                .collect(),
        )
    }

    /// The configuration, or its first mistake (by line).
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        let (c, mut errors) = Config::parse_lenient(text);
        if errors.is_empty() {
            Ok(c)
        } else {
            Err(errors.remove(0))
        }
    }

    /// The configuration without the lines at fault, and every mistake, in line order. Each
    /// mistake found takes its line out (a bad table header, the table) and the file is read
    /// again, so one mistake does not hide the next nor cost the settings that were right.
    pub fn parse_lenient(text: &str) -> (Config, Vec<ConfigError>) {
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        let mut errors: Vec<ConfigError> = Vec::new();
        for _ in 0..64 {
            let doc = lines.join("\n");
            let e = match toml::from_str::<Config>(&doc) {
                Ok(c) => match c.duplicate_key(&lines) {
                    None => {
                        errors.sort_by_key(|e| e.line);
                        return (c, errors);
                    }
                    Some(e) => e,
                },
                Err(e) => {
                    let line = e.span().map(|s| {
                        memchr::memchr_iter(b'\n', &doc.as_bytes()[..s.start.min(doc.len())])
                            .count()
                            + 1
                    });
                    ConfigError {
                        line,
                        message: e.message().trim().to_string(),
                    }
                }
            };
            let Some(at) = e.line.filter(|&l| l >= 1 && l <= lines.len()) else {
                errors.push(e);
                break;
            };
            errors.push(e);
            // Out with the line; a table header takes its table with it.
            let header = lines[at - 1].trim_start().starts_with('[');
            lines[at - 1] = String::new();
            if header {
                for l in lines.iter_mut().skip(at) {
                    if l.trim_start().starts_with('[') {
                        break;
                    }
                    l.clear();
                }
            }
        }
        // Not to be made sense of: the defaults.
        errors.sort_by_key(|e| e.line);
        (Config::default(), errors)
    }

    /// A key bound to two actions in one of the `[keys]` tables, as a mistake on the line of
    /// the second.
    fn duplicate_key(&self, lines: &[String]) -> Option<ConfigError> {
        for (table, bindings) in [
            ("all", &self.keys.all),
            ("list", &self.keys.list),
            ("reader", &self.keys.reader),
        ] {
            let mut seen: Vec<(crate::keys::Key, crate::keys::Action)> = Vec::new();
            for (action, keys) in bindings {
                for k in keys.keys() {
                    if let Some((_, first)) = seen.iter().find(|(s, _)| s == k) {
                        let header = format!("[keys.{table}]");
                        let start = lines
                            .iter()
                            .position(|l| l.trim_start().starts_with(&header));
                        let name = action.name();
                        let line = start.and_then(|s| {
                            lines.iter().enumerate().skip(s + 1).find_map(|(i, l)| {
                                let t = l.trim_start();
                                (t.starts_with(&name)
                                    && t[name.len()..].trim_start().starts_with('='))
                                .then_some(i + 1)
                            })
                        });
                        return Some(ConfigError {
                            line,
                            message: format!(
                                "`{k}` is bound to both `{}` and `{name}` in [keys.{table}]",
                                first.name()
                            ),
                        });
                    }
                    seen.push((*k, *action));
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::{Action, Key, Mode};

    fn err(text: &str) -> String {
        Config::parse(text).unwrap_err().to_string()
    }

    #[test]
    fn parses_every_section() {
        assert_eq!(Config::parse("").unwrap(), Config::default());
        let c = Config::parse(
            "mark_read = \"end\"\n[ui]\nmouse = false\nlanguage = \"zh\"\n\
             [reader]\nwidth = 100\nparagraph_spacing = 0\n\
             [theme]\nbase = \"light\"\nmoney = \"bold #ff8800 on black\"\n\
             [keys.reader]\nnext_article = [\"j\", \"ctrl-n\"]\n[keys.all]\nquit_all = \"x\"\n",
        )
        .unwrap();
        assert_eq!(c.mark_read, MarkPolicy::End);
        assert!(!c.ui.mouse);
        assert_eq!(c.ui.language, Language::Zh);
        assert_eq!((c.reader.width, c.reader.paragraph_spacing), (100, 0));
        assert_eq!(c.theme.base, Base::Light);
        assert_eq!(
            c.theme.money,
            Some(StyleSpec {
                fg: Some(Color::Rgb(0xff, 0x88, 0)),
                bg: Some(Color::Named("black")),
                modifiers: vec![Modifier::Bold],
            })
        );
        let k = c.keys.keymap();
        assert_eq!(
            k.action(Mode::Reader, Key::Char('j')),
            Some(Action::NextArticle)
        );
        assert_eq!(
            k.action(Mode::Reader, Key::Ctrl('n')),
            Some(Action::NextArticle)
        );
        assert_eq!(k.action(Mode::List, Key::Char('j')), Some(Action::Down));
        assert_eq!(k.action(Mode::List, Key::Char('x')), Some(Action::QuitAll));
    }

    #[test]
    fn each_mistake_is_reported_with_its_line_and_the_choices() {
        assert_eq!(
            err("# c\nmark_read = \"sometimes\"\n"),
            "line 2: unknown variant `sometimes`, expected one of `open`, `end`, `never`"
        );
        assert_eq!(
            err("colour = 1"),
            "line 1: unknown field `colour`, expected one of `mark_read`, `ui`, `reader`, \
             `theme`, `keys`"
        );
        assert_eq!(
            err("[ui]\nlanguage = \"fr\""),
            "line 2: unknown variant `fr`, expected one of `auto`, `en`, `zh`"
        );
        assert_eq!(
            err("[reader]\nwidth = 5"),
            "line 2: width 5: between 20 and 200 columns"
        );
        assert_eq!(
            err("[reader]\n\nparagraph_spacing = 9"),
            "line 3: paragraph_spacing 9: 0, 1, 2 or 3"
        );
        assert_eq!(
            err("[theme]\nbase = \"solarized\""),
            "line 2: unknown variant `solarized`, expected `dark` or `light`"
        );
        let e = err("[theme]\nmoney = \"bold purple\"");
        assert!(
            e.starts_with("line 2: `purple` in style \"bold purple\": use bold"),
            "{e}"
        );
        assert!(e.contains("lightcyan") && e.contains("#rrggbb"), "{e}");
        let e = err("[theme]\nsparkles = \"bold\"");
        assert!(
            e.starts_with("line 2: unknown field `sparkles`, expected one of `base`"),
            "{e}"
        );
        let e = err("[keys.reader]\nfly = \"f\"");
        assert!(
            e.starts_with("line 2: unknown variant `fly`, expected one of `down`"),
            "{e}"
        );
        assert!(e.contains("`quit_all`"), "{e}");
        let e = err("[keys.list]\ndown = \"hyper-j\"");
        assert!(
            e.starts_with("line 2: `hyper-j` is not a key: a character"),
            "{e}"
        );
        let e = err("[keys.list]\ndown = [\"j\", 3]");
        assert!(e.starts_with("line 2: invalid type: integer `3`"), "{e}");
        let e = err("[keys.sideways]\ndown = \"j\"");
        assert!(
            e.starts_with(
                "line 1: unknown field `sideways`, expected one of `all`, `list`, `reader`"
            ),
            "{e}"
        );
    }

    #[test]
    fn every_mistake_is_found_in_line_order_and_the_right_lines_still_apply() {
        let text = "mark_read = \"sometimes\"\n[ui]\nmouse = false\nlanguage = \"fr\"\n\
                    [theme]\nbase = \"light\"\nmoney = \"bold purple\"\n[keys.reader]\n\
                    next_article = \"n\"\nprev_article = \"n\"\n[bogus]\nx = 1\n";
        let (c, errors) = Config::parse_lenient(text);
        let lines: Vec<Option<usize>> = errors.iter().map(|e| e.line).collect();
        assert_eq!(
            lines,
            vec![Some(1), Some(4), Some(7), Some(10), Some(11)],
            "{errors:?}"
        );
        assert!(
            errors[3].message.contains("`n` is bound to both"),
            "{errors:?}"
        );
        assert!(
            !c.ui.mouse,
            "a good line in a section with a bad one applies"
        );
        assert_eq!(c.theme.base, Base::Light);
        assert_eq!(c.theme.money, None);
        let k = c.keys.keymap();
        assert_eq!(
            k.action(Mode::Reader, Key::Char('n')),
            Some(Action::NextArticle)
        );
        assert_eq!(Config::parse(text).unwrap_err().line, Some(1));
        // Not TOML at all: the defaults, and where it stopped making sense.
        let (c, errors) = Config::parse_lenient("[[[\n");
        assert_eq!(c, Config::default());
        assert_eq!(errors[0].line, Some(1));
    }

    #[test]
    fn the_shipped_default_is_complete_and_says_the_defaults() {
        // As shipped: every setting at its default.
        assert_eq!(Config::parse(DEFAULT).unwrap(), Config::default());
        // With every commented line of a setting taken in, still the defaults: the file
        // documents what wxr does, key by key.
        let uncommented: String = DEFAULT
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(rest) if rest.contains(" = ") && !rest.starts_with(' ') => rest,
                _ => l,
            })
            .collect::<Vec<_>>()
            .join("\n");
        let c = Config::parse(&uncommented).unwrap();
        let (user, default) = (c.keys.keymap(), crate::keys::Keymap::default());
        for a in Action::ALL {
            for m in [Mode::List, Mode::Reader] {
                let mut u = user.keys_of(m, a);
                let mut d = default.keys_of(m, a);
                u.sort_by_key(ToString::to_string);
                d.sort_by_key(ToString::to_string);
                assert_eq!(u, d, "{a:?}");
            }
        }
        for a in Action::ALL {
            assert!(
                uncommented.contains(&format!("\n{} = ", a.name())),
                "{} is not in the default config",
                a.name()
            );
        }
        assert!(c.theme.money.is_some() && c.theme.status.is_some());
    }

    #[test]
    fn the_locale_decides_the_language_when_auto() {
        let env = |vals: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                vals.iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| (*v).to_string())
            }
        };
        assert_eq!(
            Language::Auto.resolve(env(&[("LANG", "zh_CN.UTF-8")])),
            Lang::Zh
        );
        assert_eq!(
            Language::Auto.resolve(env(&[("LC_ALL", "en_US.UTF-8"), ("LANG", "zh_CN.UTF-8")])),
            Lang::En
        );
        assert_eq!(
            Language::Auto.resolve(env(&[("LC_ALL", ""), ("LANG", "zh_TW")])),
            Lang::Zh
        );
        assert_eq!(Language::Auto.resolve(env(&[])), Lang::En);
        assert_eq!(Language::En.resolve(env(&[("LANG", "zh_CN")])), Lang::En);
    }
}
