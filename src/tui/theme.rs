//! Styles: a built-in theme for dark or light backgrounds, each element overridable from
//! `[theme]` in the config. Everything stays readable without colour (bold, dim, reverse,
//! underline carry the meaning); colour is added unless `NO_COLOR` is set
//! (<https://no-color.org>), which keeps the user's modifiers and drops their colours.

use crate::config::{self, Base, StyleSpec, ThemeConfig};
use crate::layout::RowStyle;
use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
    pub base: Base,
    list: Style,
    selected: Style,
    reader: Style,
    title: Style,
    heading: Style,
    quote: Style,
    dim: Style,
    money: Style,
    company: Style,
    hit: Style,
    link: Style,
    status: Style,
    border: Style,
    code: Style,
    image: Style,
    warn: Style,
}

fn fg(c: Color) -> Style {
    Style::new().fg(c)
}

impl Theme {
    pub fn from_env() -> Self {
        Theme::new(
            Base::Dark,
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        )
    }

    /// A built-in theme, with colour or without.
    pub fn new(base: Base, color: bool) -> Self {
        let b = Modifier::BOLD;
        let (heading, quote, dim, money, company, link, border, code, image, warn) = match base {
            Base::Dark => (
                Color::Cyan,
                Color::Green,
                Color::DarkGray,
                Color::Green,
                Color::Cyan,
                Color::Blue,
                Color::Cyan,
                Color::Yellow,
                Color::Magenta,
                Color::Yellow,
            ),
            // Yellow and cyan are unreadable on white: blues, reds and magentas instead.
            Base::Light => (
                Color::Blue,
                Color::Green,
                Color::DarkGray,
                Color::Green,
                Color::Blue,
                Color::Magenta,
                Color::Blue,
                Color::Magenta,
                Color::Magenta,
                Color::Red,
            ),
        };
        let t = Theme {
            color: true,
            base,
            list: Style::new(),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            reader: Style::new(),
            title: Style::new().add_modifier(b),
            heading: fg(heading).add_modifier(b),
            quote: fg(quote),
            dim: fg(dim),
            money: fg(money).add_modifier(b),
            company: fg(company).add_modifier(Modifier::UNDERLINED),
            hit: Style::new().bg(Color::Yellow).fg(Color::Black),
            link: fg(link).add_modifier(Modifier::UNDERLINED),
            status: Style::new().bg(Color::Blue).fg(Color::White),
            border: fg(border),
            code: fg(code),
            image: fg(image).add_modifier(Modifier::ITALIC),
            warn: fg(warn).add_modifier(b),
        };
        if color { t } else { t.without_colour() }
    }

    /// The same theme in modifiers only: where colour carried the meaning, a modifier does.
    fn without_colour(mut self) -> Self {
        let plain = |s: Style| Style {
            fg: None,
            bg: None,
            underline_color: None,
            ..s
        };
        for s in [
            &mut self.list,
            &mut self.selected,
            &mut self.reader,
            &mut self.title,
            &mut self.heading,
            &mut self.quote,
            &mut self.money,
            &mut self.company,
            &mut self.link,
            &mut self.border,
            &mut self.code,
            &mut self.image,
            &mut self.warn,
        ] {
            *s = plain(*s);
        }
        self.dim = Style::new().add_modifier(Modifier::DIM);
        self.status = Style::new().add_modifier(Modifier::REVERSED);
        self.hit = Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD);
        self.color = false;
        self
    }

    /// The built-in theme the config names, each element it sets replaced by its style.
    pub fn from_config(c: &ThemeConfig, color: bool) -> Self {
        let mut t = Theme::new(c.base, color);
        let set = |slot: &mut Style, spec: &Option<StyleSpec>| {
            if let Some(spec) = spec {
                *slot = style_of(spec, color);
            }
        };
        set(&mut t.list, &c.list);
        set(&mut t.selected, &c.selected);
        set(&mut t.reader, &c.reader);
        set(&mut t.title, &c.title);
        set(&mut t.heading, &c.heading);
        set(&mut t.quote, &c.quote);
        set(&mut t.dim, &c.dim);
        set(&mut t.money, &c.money);
        set(&mut t.company, &c.company);
        set(&mut t.hit, &c.hit);
        set(&mut t.link, &c.link);
        set(&mut t.status, &c.status);
        set(&mut t.border, &c.border);
        t
    }

    pub fn row(self, s: RowStyle) -> Style {
        match s {
            RowStyle::Title => self.title,
            RowStyle::Heading => self.heading,
            RowStyle::Meta | RowStyle::ImageUrl => self.dim,
            RowStyle::Warning => self.warn,
            RowStyle::Quote => self.quote,
            RowStyle::Code => self.code,
            RowStyle::Image => self.image,
            RowStyle::Body | RowStyle::ListItem | RowStyle::Blank => self.reader,
        }
    }

    /// The list pane's text.
    pub fn list(self) -> Style {
        self.list
    }

    pub fn dim(self) -> Style {
        self.dim
    }

    pub fn selected(self, focused: bool) -> Style {
        if focused {
            self.selected.add_modifier(Modifier::BOLD)
        } else {
            self.selected
        }
    }

    pub fn status(self) -> Style {
        self.status
    }

    pub fn border(self, focused: bool) -> Style {
        if focused { self.border } else { self.dim }
    }

    /// A money amount: bold (and green), so it stays apart from companies without colour.
    pub fn money(self) -> Style {
        self.money
    }

    /// A company name: underlined (and cyan).
    pub fn company(self) -> Style {
        self.company
    }

    /// A search match; `current` for the one `n`/`N` is on.
    pub fn hit(self, current: bool) -> Style {
        if current {
            self.hit.add_modifier(Modifier::REVERSED)
        } else {
            self.hit
        }
    }

    /// An inline link's text: underlined (and blue).
    pub fn link(self) -> Style {
        self.link
    }

    /// A link's number after its text.
    pub fn link_mark(self) -> Style {
        self.link.remove_modifier(Modifier::UNDERLINED)
    }

    pub fn warn(self) -> Style {
        self.warn
    }
}

/// A config style as a ratatui style (its colours only when colour is on).
fn style_of(spec: &StyleSpec, color: bool) -> Style {
    let mut s = Style::new();
    for m in &spec.modifiers {
        s = s.add_modifier(match m {
            config::Modifier::Bold => Modifier::BOLD,
            config::Modifier::Dim => Modifier::DIM,
            config::Modifier::Italic => Modifier::ITALIC,
            config::Modifier::Underline => Modifier::UNDERLINED,
            config::Modifier::Reversed => Modifier::REVERSED,
        });
    }
    if color {
        if let Some(c) = spec.fg {
            s = s.fg(colour(c));
        }
        if let Some(c) = spec.bg {
            s = s.bg(colour(c));
        }
    }
    s
}

fn colour(c: config::Color) -> Color {
    match c {
        config::Color::Rgb(r, g, b) => Color::Rgb(r, g, b),
        config::Color::Named(n) => match n {
            "black" => Color::Black,
            "red" => Color::Red,
            "green" => Color::Green,
            "yellow" => Color::Yellow,
            "blue" => Color::Blue,
            "magenta" => Color::Magenta,
            "cyan" => Color::Cyan,
            "gray" => Color::Gray,
            "darkgray" => Color::DarkGray,
            "lightred" => Color::LightRed,
            "lightgreen" => Color::LightGreen,
            "lightyellow" => Color::LightYellow,
            "lightblue" => Color::LightBlue,
            "lightmagenta" => Color::LightMagenta,
            "lightcyan" => Color::LightCyan,
            "white" => Color::White,
            _ => Color::Reset,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_styles_replace_the_base_and_no_color_keeps_modifiers() {
        let c = crate::config::Config::parse(
            "[theme]\nbase = \"light\"\nmoney = \"italic #112233 on white\"\n",
        )
        .unwrap();
        let t = Theme::from_config(&c.theme, true);
        assert_eq!(
            t.money(),
            Style::new()
                .add_modifier(Modifier::ITALIC)
                .fg(Color::Rgb(0x11, 0x22, 0x33))
                .bg(Color::White)
        );
        assert_eq!(
            t.company(),
            fg(Color::Blue).add_modifier(Modifier::UNDERLINED)
        );
        let plain = Theme::from_config(&c.theme, false);
        assert_eq!(plain.money(), Style::new().add_modifier(Modifier::ITALIC));
        assert_eq!(
            plain.status(),
            Style::new().add_modifier(Modifier::REVERSED)
        );
    }
}
