//! Styles. Everything stays readable without colour (bold, dim, reverse, underline carry the
//! meaning); colour is added unless `NO_COLOR` is set (<https://no-color.org>).

use crate::layout::RowStyle;
use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    pub fn from_env() -> Self {
        Theme {
            color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }

    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    pub fn row(self, s: RowStyle) -> Style {
        match s {
            RowStyle::Title => Style::new().add_modifier(Modifier::BOLD),
            RowStyle::Heading => self.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            RowStyle::Meta | RowStyle::ImageUrl => self.dim(),
            RowStyle::Warning => self.warn(),
            RowStyle::Quote => self.fg(Color::Green),
            RowStyle::Code => self.fg(Color::Yellow),
            RowStyle::Image => self.fg(Color::Magenta).add_modifier(Modifier::ITALIC),
            RowStyle::Body | RowStyle::ListItem | RowStyle::Blank => Style::new(),
        }
    }

    pub fn dim(self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    pub fn selected(self, focused: bool) -> Style {
        let base = Style::new().add_modifier(Modifier::REVERSED);
        if focused {
            base.add_modifier(Modifier::BOLD)
        } else {
            base
        }
    }

    pub fn status(self) -> Style {
        if self.color {
            Style::new().bg(Color::Blue).fg(Color::White)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    pub fn border(self, focused: bool) -> Style {
        if focused {
            self.fg(Color::Cyan)
        } else {
            self.dim()
        }
    }

    /// A money amount: bold (and green), so it stays apart from companies without colour.
    pub fn money(self) -> Style {
        self.fg(Color::Green).add_modifier(Modifier::BOLD)
    }

    /// A company name: underlined (and cyan).
    pub fn company(self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::UNDERLINED)
    }

    /// A search match; `current` for the one `n`/`N` is on.
    pub fn hit(self, current: bool) -> Style {
        let base = if self.color {
            Style::new().bg(Color::Yellow).fg(Color::Black)
        } else {
            Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD)
        };
        if current {
            base.add_modifier(Modifier::REVERSED)
        } else {
            base
        }
    }

    /// An inline link's text: underlined (and blue).
    pub fn link(self) -> Style {
        self.fg(Color::Blue).add_modifier(Modifier::UNDERLINED)
    }

    /// A link's number after its text.
    pub fn link_mark(self) -> Style {
        self.fg(Color::Blue)
    }

    pub fn warn(self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
}
