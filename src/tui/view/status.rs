//! The status bar: position in the list, reading progress, load state, key hints.

use crate::layout::{truncate, width};
use crate::tui::app::{App, Pane};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::fmt::Write;

pub fn render(app: &App, f: &mut Frame<'_>, area: Rect) {
    let w = area.width as usize;
    let mut left = String::from(" ");
    if app.order.is_empty() {
        left.push_str("0/0");
    } else {
        let _ = write!(left, "{}/{}", app.selected + 1, app.order.len());
    }
    let _ = write!(left, " · {} unread", app.unread_in_view());
    if let Some(p) = app.progress().filter(|_| app.areas().reader_text.is_some()) {
        let _ = write!(left, " · {p}%");
    }
    let filt = &app.filter;
    let mut view = Vec::new();
    if filt.unread {
        view.push("未读");
    }
    if filt.bookmarks {
        view.push("书签");
    }
    if let Some(acc) = &filt.account {
        view.push(acc);
    }
    if !view.is_empty() {
        let _ = write!(left, " · [{}]", view.join("·"));
    }
    if app.loading {
        left.push_str(" · loading…");
    }
    if !app.problems.is_empty() {
        let _ = write!(left, " · {} problems (!)", app.problems.len());
    }
    let hints = match app.focus {
        Pane::List => "j/k move  Enter open  m read  ? help  q quit ",
        Pane::Reader => "space/PgDn page  Esc list  m read  ? help  q quit ",
    };
    if let Some(why) = &app.store_warning {
        // Marks are not being saved: that outranks the key hints.
        let left = truncate(&left, w / 2).into_owned();
        let warn = format!(" ⚠ {why} ");
        let warn = truncate(&warn, w.saturating_sub(width(&left))).into_owned();
        let gap = w.saturating_sub(width(&left) + width(&warn));
        let line = Line::from(vec![
            Span::styled(left, app.theme.status()),
            Span::styled(" ".repeat(gap), app.theme.status()),
            Span::styled(
                warn,
                app.theme
                    .warn()
                    .add_modifier(ratatui::style::Modifier::REVERSED),
            ),
        ]);
        f.render_widget(Paragraph::new(line).style(app.theme.status()), area);
        return;
    }
    let left = truncate(&left, w).into_owned();
    let room = w.saturating_sub(width(&left) + 2);
    let right = if width(hints) <= room {
        hints
    } else {
        "? help "
    };
    let right = if width(right) <= room { right } else { "" };
    let gap = w.saturating_sub(width(&left) + width(right));
    let line = Line::from(vec![
        Span::raw(left),
        Span::raw(" ".repeat(gap)),
        Span::raw(right),
    ])
    .style(app.theme.status());
    f.render_widget(Paragraph::new(line).style(app.theme.status()), area);
}
