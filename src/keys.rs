//! Keys and the actions they ask for, without a terminal library: the default bindings of
//! each mode, the names a config file uses (`j`, `J`, `ctrl-d`, `space`, `pgdn`), and a
//! [`Keymap`] made of the defaults and the user's `[keys]` tables. The TUI turns a key event
//! into a [`Key`] and asks the keymap; the help is generated from the same keymap, so what
//! it says is what the keys do.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What a key asks for. The `snake_case` names are the ones `config.toml` binds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Down,
    Up,
    Top,
    Bottom,
    PageDown,
    PageUp,
    HalfPageDown,
    HalfPageUp,
    Open,
    SwitchPane,
    Back,
    NextArticle,
    PrevArticle,
    NextUnread,
    Links,
    OpenLink,
    CopyLink,
    ToggleRead,
    MarkAllRead,
    Undo,
    UnreadView,
    ToggleBookmark,
    BookmarksView,
    Accounts,
    Sort,
    ReverseSort,
    Search,
    NextMatch,
    PrevMatch,
    ToggleHighlights,
    NextEntity,
    PrevEntity,
    Entities,
    Reload,
    Problems,
    Help,
    Quit,
    QuitAll,
}

impl Action {
    /// Every action, in the order the help lists them.
    pub const ALL: [Action; 38] = [
        Action::Down,
        Action::Up,
        Action::PageDown,
        Action::PageUp,
        Action::HalfPageDown,
        Action::HalfPageUp,
        Action::Top,
        Action::Bottom,
        Action::Open,
        Action::SwitchPane,
        Action::Back,
        Action::NextArticle,
        Action::PrevArticle,
        Action::NextUnread,
        Action::Links,
        Action::OpenLink,
        Action::CopyLink,
        Action::ToggleRead,
        Action::MarkAllRead,
        Action::Undo,
        Action::UnreadView,
        Action::ToggleBookmark,
        Action::BookmarksView,
        Action::Accounts,
        Action::Sort,
        Action::ReverseSort,
        Action::Search,
        Action::NextMatch,
        Action::PrevMatch,
        Action::ToggleHighlights,
        Action::NextEntity,
        Action::PrevEntity,
        Action::Entities,
        Action::Reload,
        Action::Problems,
        Action::Help,
        Action::Quit,
        Action::QuitAll,
    ];

    /// What the action does, for the help.
    pub fn describe(self, lang: crate::lang::Lang) -> &'static str {
        let (en, zh) = match self {
            Action::Down => ("next article / scroll down", "下一篇 / 向下滚动"),
            Action::Up => ("previous article / scroll up", "上一篇 / 向上滚动"),
            Action::Top => ("first article / top of the article", "第一篇 / 文章开头"),
            Action::Bottom => ("last article / end of the article", "最后一篇 / 文章末尾"),
            Action::PageDown => (
                "page down; at an article's end: the next unread",
                "向下翻页；读到文末时打开下一篇未读",
            ),
            Action::PageUp => ("page up", "向上翻页"),
            Action::HalfPageDown => ("half a page down", "向下翻半页"),
            Action::HalfPageUp => ("half a page up", "向上翻半页"),
            Action::Open => ("open the selected article", "打开选中的文章"),
            Action::SwitchPane => ("switch between list and reader", "在列表与阅读区之间切换"),
            Action::Back => ("back one level (never quits)", "返回上一层（不会退出）"),
            Action::NextArticle => ("open the next article", "打开下一篇"),
            Action::PrevArticle => ("open the previous article", "打开上一篇"),
            Action::NextUnread => ("open the next unread article", "打开下一篇未读"),
            Action::Links => (
                "the article's address, links and images",
                "本文的地址、链接和图片",
            ),
            Action::OpenLink => (
                "open the article's address; 3o: link 3",
                "在浏览器中打开本文；3o 打开链接 3",
            ),
            Action::CopyLink => ("copy the address; 3y: link 3", "复制地址；3y 复制链接 3"),
            Action::ToggleRead => ("mark read / unread", "标为已读 / 未读"),
            Action::MarkAllRead => ("mark every article in the list read", "列表中全部标为已读"),
            Action::Undo => ("undo the last marking", "撤销上一次标记"),
            Action::UnreadView => ("only unread articles / all", "只看未读 / 全部"),
            Action::ToggleBookmark => ("bookmark / remove the bookmark", "加书签 / 去掉书签"),
            Action::BookmarksView => ("only bookmarks / all", "只看书签 / 全部"),
            Action::Accounts => ("accounts with unread counts", "公众号及未读数"),
            Action::Sort => ("sort by date, title, account", "按日期、标题、公众号排序"),
            Action::ReverseSort => ("reverse the order (oldest first)", "反转顺序（旧的在前）"),
            Action::Search => (
                "search the archive (list) / find in the article",
                "搜索全部文章（列表）/ 在文中查找",
            ),
            Action::NextMatch => ("next match in the article", "文中下一处匹配"),
            Action::PrevMatch => ("previous match in the article", "文中上一处匹配"),
            Action::ToggleHighlights => (
                "money and company highlights on / off",
                "金额与公司高亮 开 / 关",
            ),
            Action::NextEntity => ("next amount or company", "下一个金额或公司"),
            Action::PrevEntity => ("previous amount or company", "上一个金额或公司"),
            Action::Entities => ("the article's amounts and companies", "本文的金额与公司"),
            Action::Reload => ("read the folders again", "重新读取文件夹"),
            Action::Problems => (
                "files that could not be read, and why",
                "无法读取的文件及原因",
            ),
            Action::Help => ("this help", "本帮助"),
            Action::Quit => (
                "back one level; quit from the list",
                "返回上一层；在列表中退出",
            ),
            Action::QuitAll => ("quit from anywhere", "立即退出"),
        };
        lang.pick(en, zh)
    }

    /// The name `config.toml` uses.
    pub fn name(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }
}

/// Keys with a name rather than a character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Named {
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
    F(u8),
}

const NAMES: &[(&str, Named)] = &[
    ("enter", Named::Enter),
    ("esc", Named::Esc),
    ("tab", Named::Tab),
    ("backtab", Named::BackTab),
    ("backspace", Named::Backspace),
    ("delete", Named::Delete),
    ("up", Named::Up),
    ("down", Named::Down),
    ("left", Named::Left),
    ("right", Named::Right),
    ("home", Named::Home),
    ("end", Named::End),
    ("pgup", Named::PageUp),
    ("pgdn", Named::PageDown),
];

/// A key as bindings name it. A printable character matches with or without Shift
/// (terminals differ in reporting Shift for `G`, `?`, `!`); `Ctrl` is Control and a letter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Named(Named),
}

/// What a key name in a config file may be.
pub const KEY_HELP: &str = "a character (`j`, `J`, `?`), `space`, `ctrl-` and a letter, or one of \
     enter esc tab backtab backspace delete up down left right home end pgup pgdn f1…f12";

impl std::str::FromStr for Key {
    type Err = String;
    fn from_str(s: &str) -> Result<Key, String> {
        let bad = || format!("`{s}` is not a key: {KEY_HELP}");
        let mut chars = s.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return if c.is_control() {
                Err(bad())
            } else {
                Ok(Key::Char(c))
            };
        }
        let lower = s.to_ascii_lowercase();
        if lower == "space" {
            return Ok(Key::Char(' '));
        }
        if let Some(rest) = lower.strip_prefix("ctrl-").or(lower.strip_prefix("c-")) {
            let mut cs = rest.chars();
            return match (cs.next(), cs.next()) {
                (Some(c), None) if c.is_ascii_alphabetic() => Ok(Key::Ctrl(c)),
                _ => Err(bad()),
            };
        }
        let alias = match lower.as_str() {
            "return" => "enter",
            "escape" => "esc",
            "pageup" => "pgup",
            "pagedown" => "pgdn",
            "del" => "delete",
            other => other,
        };
        if let Some((_, n)) = NAMES.iter().find(|(name, _)| *name == alias) {
            return Ok(Key::Named(*n));
        }
        if let Some(n) = alias.strip_prefix('f').and_then(|d| d.parse::<u8>().ok())
            && (1..=12).contains(&n)
        {
            return Ok(Key::Named(Named::F(n)));
        }
        Err(bad())
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Key::Char(' ') => f.write_str("Space"),
            Key::Char(c) => write!(f, "{c}"),
            Key::Ctrl(c) => write!(f, "Ctrl-{}", c.to_ascii_uppercase()),
            Key::Named(Named::F(n)) => write!(f, "F{n}"),
            Key::Named(n) => f.write_str(match n {
                Named::Enter => "Enter",
                Named::Esc => "Esc",
                Named::Tab => "Tab",
                Named::BackTab => "Shift-Tab",
                Named::Backspace => "Backspace",
                Named::Delete => "Delete",
                Named::Up => "↑",
                Named::Down => "↓",
                Named::Left => "←",
                Named::Right => "→",
                Named::Home => "Home",
                Named::End => "End",
                Named::PageUp => "PgUp",
                Named::PageDown => "PgDn",
                Named::F(_) => "",
            }),
        }
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Where keys are read: the list pane, or the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    List,
    Reader,
}

use Key::{Char, Ctrl};
use Named as N;

/// The default bindings: (key, action, modes: `None` both).
const DEFAULTS: &[(Key, Action, Option<Mode>)] = &[
    (Char('j'), Action::Down, None),
    (Key::Named(N::Down), Action::Down, None),
    (Char('k'), Action::Up, None),
    (Key::Named(N::Up), Action::Up, None),
    (Char(' '), Action::PageDown, None),
    (Key::Named(N::PageDown), Action::PageDown, None),
    (Ctrl('f'), Action::PageDown, None),
    (Key::Named(N::PageUp), Action::PageUp, None),
    (Ctrl('b'), Action::PageUp, None),
    (Ctrl('d'), Action::HalfPageDown, None),
    (Ctrl('u'), Action::HalfPageUp, None),
    (Char('g'), Action::Top, None),
    (Key::Named(N::Home), Action::Top, None),
    (Char('G'), Action::Bottom, None),
    (Key::Named(N::End), Action::Bottom, None),
    (Key::Named(N::Enter), Action::Open, None),
    (Key::Named(N::Tab), Action::SwitchPane, None),
    (Key::Named(N::BackTab), Action::SwitchPane, None),
    (Key::Named(N::Esc), Action::Back, None),
    (Char('J'), Action::NextArticle, None),
    (Char('K'), Action::PrevArticle, None),
    (Char('.'), Action::NextUnread, None),
    (Char('L'), Action::Links, None),
    (Char('o'), Action::OpenLink, None),
    (Char('y'), Action::CopyLink, None),
    (Char('m'), Action::ToggleRead, None),
    (Char('M'), Action::MarkAllRead, None),
    (Char('u'), Action::Undo, None),
    (Char('U'), Action::UnreadView, None),
    (Char('b'), Action::ToggleBookmark, None),
    (Char('B'), Action::BookmarksView, None),
    (Char('a'), Action::Accounts, None),
    (Char('s'), Action::Sort, None),
    (Char('S'), Action::ReverseSort, None),
    (Char('/'), Action::Search, None),
    (Char('n'), Action::NextMatch, None),
    (Char('N'), Action::PrevMatch, None),
    (Char('h'), Action::ToggleHighlights, None),
    (Char(']'), Action::NextEntity, None),
    (Char('['), Action::PrevEntity, None),
    (Char('e'), Action::Entities, None),
    (Char('r'), Action::Reload, None),
    (Char('!'), Action::Problems, None),
    (Char('?'), Action::Help, None),
    (Char('q'), Action::Quit, None),
    (Char('Q'), Action::QuitAll, None),
    (Ctrl('c'), Action::QuitAll, None),
];

/// The user's bindings of one mode: an action bound here loses its default keys in that
/// mode; a key bound here is taken from whatever action had it.
pub type Bindings = std::collections::BTreeMap<Action, OneOrMore>;

/// One key name or a list of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OneOrMore {
    One(Key),
    More(Vec<Key>),
}

impl<'de> Deserialize<'de> for OneOrMore {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = OneOrMore;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key name or a list of them, as \"J\" or [\"J\", \"ctrl-n\"]")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<OneOrMore, E> {
                s.parse().map(OneOrMore::One).map_err(E::custom)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<OneOrMore, A::Error> {
                let mut keys = Vec::new();
                while let Some(k) = seq.next_element::<Key>()? {
                    keys.push(k);
                }
                Ok(OneOrMore::More(keys))
            }
        }
        d.deserialize_any(V)
    }
}

impl OneOrMore {
    pub fn keys(&self) -> &[Key] {
        match self {
            OneOrMore::One(k) => std::slice::from_ref(k),
            OneOrMore::More(v) => v,
        }
    }
}

/// Keys to actions for each mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    list: Vec<(Key, Action)>,
    reader: Vec<(Key, Action)>,
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap::new(&Bindings::new(), &Bindings::new(), &Bindings::new())
    }
}

impl Keymap {
    /// The defaults with the user's bindings for both modes (`all`), then each mode's.
    pub fn new(all: &Bindings, list: &Bindings, reader: &Bindings) -> Keymap {
        let make = |mode: Mode, own: &Bindings| {
            let mut table: Vec<(Key, Action)> = DEFAULTS
                .iter()
                .filter(|(_, _, m)| m.is_none_or(|m| m == mode))
                .map(|(k, a, _)| (*k, *a))
                .collect();
            for user in [all, own] {
                for (action, keys) in user {
                    table.retain(|(k, a)| a != action && !keys.keys().contains(k));
                    table.extend(keys.keys().iter().map(|k| (*k, *action)));
                }
            }
            table
        };
        Keymap {
            list: make(Mode::List, list),
            reader: make(Mode::Reader, reader),
        }
    }

    fn table(&self, mode: Mode) -> &[(Key, Action)] {
        match mode {
            Mode::List => &self.list,
            Mode::Reader => &self.reader,
        }
    }

    pub fn action(&self, mode: Mode, key: Key) -> Option<Action> {
        self.table(mode)
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, a)| *a)
    }

    /// The keys bound to `action` in `mode`, as the help writes them (`j ↓`).
    pub fn keys_of(&self, mode: Mode, action: Action) -> Vec<Key> {
        self.table(mode)
            .iter()
            .filter(|(_, a)| *a == action)
            .map(|(k, _)| *k)
            .collect()
    }

    /// The first key of `action` in `mode`, for hints (`?`), or `-` when it has none.
    pub fn hint(&self, mode: Mode, action: Action) -> String {
        self.keys_of(mode, action)
            .first()
            .map_or_else(|| "-".to_string(), ToString::to_string)
    }

    /// Every action with its keys in `mode`, for the help (`—` for an action the user left
    /// without a key).
    pub fn help(&self, mode: Mode) -> Vec<(String, Action)> {
        Action::ALL
            .iter()
            .map(|&a| {
                let label: Vec<String> = self
                    .keys_of(mode, a)
                    .iter()
                    .map(ToString::to_string)
                    .collect();
                if label.is_empty() {
                    ("—".to_string(), a)
                } else {
                    (label.join(" "), a)
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_names_read_and_print() {
        for (s, k) in [
            ("j", Char('j')),
            ("J", Char('J')),
            ("space", Char(' ')),
            ("ctrl-d", Ctrl('d')),
            ("C-x", Ctrl('x')),
            ("PageDown", Key::Named(N::PageDown)),
            ("f5", Key::Named(N::F(5))),
            ("软", Char('软')),
        ] {
            assert_eq!(s.parse::<Key>(), Ok(k), "{s}");
        }
        for bad in ["", "ctrl-", "ctrl-1", "f13", "hyper-x", "\u{1b}"] {
            let e = bad.parse::<Key>().unwrap_err();
            assert!(e.contains("is not a key") && e.contains("pgdn"), "{e}");
        }
        assert_eq!(Ctrl('d').to_string(), "Ctrl-D");
        assert_eq!(Char(' ').to_string(), "Space");
    }

    #[test]
    fn every_action_has_a_default_key_and_a_name() {
        let k = Keymap::default();
        for a in Action::ALL {
            assert!(!k.keys_of(Mode::List, a).is_empty(), "{a:?}");
            assert!(!a.name().is_empty());
        }
        assert_eq!(k.help(Mode::List).len(), Action::ALL.len());
    }

    #[test]
    fn a_remapped_key_takes_over_and_the_old_keys_go() {
        let mut reader = Bindings::new();
        reader.insert(Action::NextArticle, OneOrMore::One(Char('j')));
        let mut all = Bindings::new();
        all.insert(Action::QuitAll, OneOrMore::More(vec![Char('x'), Ctrl('q')]));
        let k = Keymap::new(&all, &Bindings::new(), &reader);
        assert_eq!(k.action(Mode::Reader, Char('j')), Some(Action::NextArticle));
        assert_eq!(k.action(Mode::Reader, Char('J')), None);
        assert_eq!(k.action(Mode::List, Char('j')), Some(Action::Down));
        assert_eq!(k.action(Mode::List, Char('x')), Some(Action::QuitAll));
        assert_eq!(k.action(Mode::List, Char('Q')), None);
        assert_eq!(k.hint(Mode::List, Action::QuitAll), "x");
        let help = k.help(Mode::Reader);
        assert!(
            help.contains(&("j".to_string(), Action::NextArticle)),
            "{help:?}"
        );
        assert!(
            k.help(Mode::List)
                .contains(&("j ↓".to_string(), Action::Down))
        );
    }
}
