//! Keys to actions, one table per mode. The same table produces the help screen, so what the
//! help says is what the keys do.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use serde::{Deserialize, Serialize};

/// What a key asks for. Names are `snake_case` so a future config file can bind them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Down,
    Up,
    Top,
    Bottom,
    PageDown,
    PageUp,
    Open,
    SwitchPane,
    Back,
    Help,
    Problems,
    ToggleRead,
    MarkAllRead,
    Undo,
    UnreadView,
    ToggleBookmark,
    BookmarksView,
    Accounts,
    Search,
    NextMatch,
    PrevMatch,
    ToggleHighlights,
    NextEntity,
    PrevEntity,
    Entities,
    Quit,
}

impl Action {
    pub fn describe(self) -> &'static str {
        match self {
            Action::Down => "next article / scroll down",
            Action::Up => "previous article / scroll up",
            Action::Top => "first article / top of article",
            Action::Bottom => "last article / end of article",
            Action::PageDown => "page down",
            Action::PageUp => "page up",
            Action::Open => "open the selected article",
            Action::SwitchPane => "switch between list and reader",
            Action::Back => "back to the list",
            Action::Help => "show or hide this help",
            Action::Problems => "files that could not be read, and why",
            Action::ToggleRead => "mark read / unread",
            Action::MarkAllRead => "mark every article in the list read",
            Action::Undo => "undo the last marking (again: the one before)",
            Action::UnreadView => "only unread articles / all",
            Action::ToggleBookmark => "bookmark / remove the bookmark",
            Action::BookmarksView => "only bookmarks / all",
            Action::Accounts => "accounts with unread counts",
            Action::Search => "search the archive (list) / find in the article (reader)",
            Action::NextMatch => "next match in the article",
            Action::PrevMatch => "previous match in the article",
            Action::ToggleHighlights => "money and company highlights on / off",
            Action::NextEntity => "next amount or company in the article",
            Action::PrevEntity => "previous amount or company",
            Action::Entities => "the article's amounts and companies",
            Action::Quit => "quit",
        }
    }
}

/// A key as the table names it. A printable character matches with or without Shift
/// (terminals differ in reporting Shift for `G`, `?`, `!`).
#[derive(Debug, Clone, Copy)]
enum Key {
    Char(char),
    Ctrl(char),
    Code(KeyCode),
}

use Key::{Char, Code, Ctrl};

/// The key table: (label for the help screen, key, action). An empty label: an alternative
/// key for the action of the line above.
const TABLE: &[(&str, Key, Action)] = &[
    ("j ↓", Char('j'), Action::Down),
    ("", Code(KeyCode::Down), Action::Down),
    ("k ↑", Char('k'), Action::Up),
    ("", Code(KeyCode::Up), Action::Up),
    ("g Home", Char('g'), Action::Top),
    ("", Code(KeyCode::Home), Action::Top),
    ("G End", Char('G'), Action::Bottom),
    ("", Code(KeyCode::End), Action::Bottom),
    ("Space PgDn", Char(' '), Action::PageDown),
    ("", Code(KeyCode::PageDown), Action::PageDown),
    ("", Ctrl('f'), Action::PageDown),
    ("PgUp", Code(KeyCode::PageUp), Action::PageUp),
    ("", Ctrl('b'), Action::PageUp),
    ("Enter", Code(KeyCode::Enter), Action::Open),
    ("Tab", Code(KeyCode::Tab), Action::SwitchPane),
    ("", Code(KeyCode::BackTab), Action::SwitchPane),
    ("Esc", Code(KeyCode::Esc), Action::Back),
    ("m", Char('m'), Action::ToggleRead),
    ("M", Char('M'), Action::MarkAllRead),
    ("u", Char('u'), Action::Undo),
    ("U", Char('U'), Action::UnreadView),
    ("b", Char('b'), Action::ToggleBookmark),
    ("B", Char('B'), Action::BookmarksView),
    ("a", Char('a'), Action::Accounts),
    ("/", Char('/'), Action::Search),
    ("n", Char('n'), Action::NextMatch),
    ("N", Char('N'), Action::PrevMatch),
    ("h", Char('h'), Action::ToggleHighlights),
    ("]", Char(']'), Action::NextEntity),
    ("[", Char('['), Action::PrevEntity),
    ("e", Char('e'), Action::Entities),
    ("!", Char('!'), Action::Problems),
    ("?", Char('?'), Action::Help),
    ("q", Char('q'), Action::Quit),
    ("", Ctrl('c'), Action::Quit),
];

fn matches(k: Key, e: &KeyEvent) -> bool {
    match k {
        Char(c) => {
            e.code == KeyCode::Char(c)
                && (e.modifiers == KeyModifiers::NONE || e.modifiers == KeyModifiers::SHIFT)
        }
        Ctrl(c) => e.code == KeyCode::Char(c) && e.modifiers == KeyModifiers::CONTROL,
        Code(code) => e.code == code && (e.modifiers - KeyModifiers::SHIFT).is_empty(),
    }
}

/// The action bound to a key press, if any. Key releases are ignored.
pub fn action(key: &KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    TABLE
        .iter()
        .find(|(_, k, _)| matches(*k, key))
        .map(|(_, _, a)| *a)
}

/// Help lines: key labels and what they do, in table order.
pub fn help() -> Vec<(&'static str, &'static str)> {
    TABLE
        .iter()
        .filter(|(label, ..)| !label.is_empty())
        .map(|(label, _, a)| (*label, a.describe()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_a_help_line() {
        let help = help();
        for a in [
            Action::Down,
            Action::Up,
            Action::Top,
            Action::Bottom,
            Action::PageDown,
            Action::PageUp,
            Action::Open,
            Action::SwitchPane,
            Action::Back,
            Action::Help,
            Action::Problems,
            Action::ToggleRead,
            Action::MarkAllRead,
            Action::Undo,
            Action::UnreadView,
            Action::ToggleBookmark,
            Action::BookmarksView,
            Action::Accounts,
            Action::Search,
            Action::NextMatch,
            Action::PrevMatch,
            Action::ToggleHighlights,
            Action::NextEntity,
            Action::PrevEntity,
            Action::Entities,
            Action::Quit,
        ] {
            assert!(
                help.iter().any(|(_, d)| *d == a.describe()),
                "{a:?} missing from help"
            );
        }
    }

    #[test]
    fn shifted_g_goes_to_bottom() {
        let k = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(action(&k), Some(Action::Bottom));
    }
}
