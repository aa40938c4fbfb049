//! Key events to [`crate::keys::Key`]s, and the keymap's answer. The bindings themselves —
//! defaults, the user's `[keys]`, the help's lines — are in the core ([`crate::keys`]).

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

pub use crate::keys::{Action, Key, Keymap, Mode, Named};

/// The key a press is, as bindings name keys; `None` for a release, a lone modifier, or a
/// chord no binding can name (Alt+x: a terminal's Esc then x).
pub fn key(e: &KeyEvent) -> Option<Key> {
    if e.kind == KeyEventKind::Release {
        return None;
    }
    let m = e.modifiers - KeyModifiers::SHIFT;
    let named = |n| (m.is_empty()).then_some(Key::Named(n));
    match e.code {
        KeyCode::Char(c) if m == KeyModifiers::CONTROL => Some(Key::Ctrl(c.to_ascii_lowercase())),
        KeyCode::Char(c) if m.is_empty() => Some(Key::Char(c)),
        KeyCode::Enter => named(Named::Enter),
        KeyCode::Esc => named(Named::Esc),
        KeyCode::Tab => named(if e.modifiers.contains(KeyModifiers::SHIFT) {
            Named::BackTab
        } else {
            Named::Tab
        }),
        KeyCode::BackTab => named(Named::BackTab),
        KeyCode::Backspace => named(Named::Backspace),
        KeyCode::Delete => named(Named::Delete),
        KeyCode::Up => named(Named::Up),
        KeyCode::Down => named(Named::Down),
        KeyCode::Left => named(Named::Left),
        KeyCode::Right => named(Named::Right),
        KeyCode::Home => named(Named::Home),
        KeyCode::End => named(Named::End),
        KeyCode::PageUp => named(Named::PageUp),
        KeyCode::PageDown => named(Named::PageDown),
        KeyCode::F(n) => named(Named::F(n)),
        _ => None,
    }
}

/// The action `keymap` binds to a key press in `mode`.
pub fn action(keymap: &Keymap, mode: Mode, e: &KeyEvent) -> Option<Action> {
    keymap.action(mode, key(e)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shifted_letters_and_ctrl_chords() {
        let k = Keymap::default();
        let shift_g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(action(&k, Mode::List, &shift_g), Some(Action::Bottom));
        let ctrl_d = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(
            action(&k, Mode::Reader, &ctrl_d),
            Some(Action::HalfPageDown)
        );
        let alt_j = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::ALT);
        assert_eq!(action(&k, Mode::List, &alt_j), None);
        let backtab = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(action(&k, Mode::List, &backtab), Some(Action::SwitchPane));
    }
}
