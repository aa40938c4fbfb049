//! The status bar: position in the list, reading progress, load state, key hints.

use crate::layout::{truncate, width};
use crate::tui::app::{App, Pane};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::fmt::Write;

/// The line being edited, if any: prompt, input, and a note (result count, error).
fn editing(app: &App) -> Option<(&'static str, &crate::tui::input::LineInput, String)> {
    if let Some(fd) = app.find.as_ref().filter(|f| f.editing) {
        let note = match fd.matches.len() {
            0 if fd.input.text.is_empty() => String::new(),
            0 => "no match".to_string(),
            n => format!("{n} matches"),
        };
        return Some(("find: ", &fd.input, note));
    }
    let s = app.search.as_ref().filter(|s| s.editing)?;
    let note = if let Some(e) = &s.error {
        e.clone()
    } else if s.pending {
        "searching…".to_string()
    } else if s.input.text.trim().is_empty() {
        "title: account: author: is:unread before: after: re: \"phrase\" -not".to_string()
    } else {
        match app.order.len() {
            1 => "1 article".to_string(),
            n => format!("{n} articles"),
        }
    };
    Some(("/", &s.input, note))
}

/// Where the terminal cursor goes: at the caret of the line being edited (an input
/// method's popup appears there).
pub fn cursor(app: &App, area: Rect) -> Option<(u16, u16)> {
    let (prompt, input, _) = editing(app)?;
    let x = (width(prompt) + input.caret_col()).min(area.width.saturating_sub(1) as usize);
    Some((area.x + x as u16, area.y))
}

pub fn render(app: &App, f: &mut Frame<'_>, area: Rect) {
    let w = area.width as usize;
    if let Some((prompt, input, note)) = editing(app) {
        let head = format!("{prompt}{}", input.text);
        let note = truncate(&format!("  {note}"), w.saturating_sub(width(&head))).into_owned();
        let line = Line::from(vec![Span::raw(head), Span::styled(note, app.theme.dim())]);
        f.render_widget(Paragraph::new(line), area);
        return;
    }
    let mut left = String::from(" ");
    if app.order.is_empty() {
        left.push_str("0/0");
    } else {
        let _ = write!(left, "{}/{}", app.selected + 1, app.order.len());
    }
    if let Some(s) = &app.search {
        let _ = write!(left, " · /{}", s.input.text);
    }
    if let Some(fd) = app.find.as_ref().filter(|fd| !fd.matches.is_empty()) {
        let _ = write!(left, " · {}/{}", fd.current + 1, fd.matches.len());
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
        match app.reading {
            Some((read, found)) => {
                let _ = write!(left, " · reading {read} of {found} files…");
            }
            None if app.checking => left.push_str(" · checking files…"),
            None => left.push_str(" · loading…"),
        }
    }
    if !app.problems.is_empty() {
        let _ = write!(left, " · {} problems (!)", app.problems.len());
    }
    let hints = match app.focus {
        Pane::List => "j/k move  Enter open  m read  ? help  q quit ",
        Pane::Reader => "space/PgDn page  Esc list  m read  ? help  q quit ",
    };
    if let Some(why) = app.store_warning.as_ref().or(app.article_error.as_ref()) {
        // Marks are not being saved, or the open article met a bug: that outranks the key
        // hints.
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
