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
            Action::Quit => "quit",
        }
    }
}

/// The key table: (key label for help, code, modifiers, action).
const TABLE: &[(&str, KeyCode, KeyModifiers, Action)] = &[
    ("j ↓", KeyCode::Char('j'), KeyModifiers::NONE, Action::Down),
    ("", KeyCode::Down, KeyModifiers::NONE, Action::Down),
    ("k ↑", KeyCode::Char('k'), KeyModifiers::NONE, Action::Up),
    ("", KeyCode::Up, KeyModifiers::NONE, Action::Up),
    (
        "g Home",
        KeyCode::Char('g'),
        KeyModifiers::NONE,
        Action::Top,
    ),
    ("", KeyCode::Home, KeyModifiers::NONE, Action::Top),
    (
        "G End",
        KeyCode::Char('G'),
        KeyModifiers::SHIFT,
        Action::Bottom,
    ),
    ("", KeyCode::Char('G'), KeyModifiers::NONE, Action::Bottom),
    ("", KeyCode::End, KeyModifiers::NONE, Action::Bottom),
    (
        "Space PgDn",
        KeyCode::Char(' '),
        KeyModifiers::NONE,
        Action::PageDown,
    ),
    ("", KeyCode::PageDown, KeyModifiers::NONE, Action::PageDown),
    (
        "",
        KeyCode::Char('f'),
        KeyModifiers::CONTROL,
        Action::PageDown,
    ),
    ("PgUp", KeyCode::PageUp, KeyModifiers::NONE, Action::PageUp),
    (
        "",
        KeyCode::Char('b'),
        KeyModifiers::CONTROL,
        Action::PageUp,
    ),
    ("Enter", KeyCode::Enter, KeyModifiers::NONE, Action::Open),
    ("Tab", KeyCode::Tab, KeyModifiers::NONE, Action::SwitchPane),
    (
        "",
        KeyCode::BackTab,
        KeyModifiers::SHIFT,
        Action::SwitchPane,
    ),
    ("Esc", KeyCode::Esc, KeyModifiers::NONE, Action::Back),
    ("?", KeyCode::Char('?'), KeyModifiers::NONE, Action::Help),
    ("", KeyCode::Char('?'), KeyModifiers::SHIFT, Action::Help),
    (
        "!",
        KeyCode::Char('!'),
        KeyModifiers::NONE,
        Action::Problems,
    ),
    (
        "",
        KeyCode::Char('!'),
        KeyModifiers::SHIFT,
        Action::Problems,
    ),
    ("q", KeyCode::Char('q'), KeyModifiers::NONE, Action::Quit),
    ("", KeyCode::Char('c'), KeyModifiers::CONTROL, Action::Quit),
];

/// The action bound to a key press, if any. Key releases and repeats-as-release are ignored.
pub fn action(key: &KeyEvent) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    TABLE
        .iter()
        .find(|(_, code, mods, _)| *code == key.code && *mods == key.modifiers)
        .map(|(_, _, _, a)| *a)
}

/// Help lines: key labels and what they do, in table order.
pub fn help() -> Vec<(&'static str, &'static str)> {
    TABLE
        .iter()
        .filter(|(label, ..)| !label.is_empty())
        .map(|(label, _, _, a)| (*label, a.describe()))
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
