//! Drawing, read-only: `render(&App, &mut Frame)`. Where everything goes is
//! [`super::screen::areas`], which `App::update` uses too (for page sizes and mouse hits).

mod accounts;
mod entities;
mod help;
mod links;
mod list;
mod problems;
mod reader;
mod status;

use super::app::{App, Overlay};
use super::screen::Pane;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

pub use super::screen::{
    Areas, MAX_TEXT_COLS, MIN_HEIGHT, MIN_WIDTH, SIDE_BY_SIDE, areas, centered,
};

pub fn render(app: &App, f: &mut Frame<'_>) {
    let a = app.areas();
    if a.too_small {
        let note = crate::layout::truncate(
            app.lang.pick("terminal too small", "终端太小"),
            a.status.width as usize,
        );
        f.render_widget(Paragraph::new(Line::from(note.into_owned())), a.status);
        return;
    }
    if let Some(r) = a.list {
        list::render(app, f, r);
    }
    if let Some(d) = a.divider {
        let style = app.theme.border(app.focus == Pane::Reader);
        let lines: Vec<Line<'_>> = (0..d.height).map(|_| Line::styled("│", style)).collect();
        f.render_widget(Paragraph::new(lines), d);
    }
    if let (Some(r), Some(t)) = (a.reader, a.reader_text)
        && let Err(e) = crate::guard::isolate(|| reader::render(app, f, r, t))
    {
        // A bug in drawing one article leaves the rest of the screen working.
        f.render_widget(ratatui::widgets::Clear, t);
        let why = format!("this article cannot be drawn: {e}");
        let rows = crate::layout::wrap_text(&why, t.width as usize);
        let lines: Vec<Line<'_>> = rows
            .iter()
            .map(|l| Line::styled(l.visible(&why).to_string(), app.theme.warn()))
            .collect();
        f.render_widget(Paragraph::new(lines), t);
    }
    status::render(app, f, a.status);
    // The terminal's own cursor stands at the caret while a line is edited (so an input
    // method's popup appears there); otherwise ratatui hides it.
    if let Some((x, y)) = cursor(app) {
        f.set_cursor_position((x, y));
    }
    match app.overlay {
        Some(Overlay::Help { scroll }) => help::render(app, f, f.area(), scroll),
        Some(Overlay::Links { selected }) => links::render(app, f, f.area(), selected),
        Some(Overlay::Problems { scroll }) => problems::render(app, f, f.area(), scroll),
        Some(Overlay::Accounts { selected }) => accounts::render(app, f, f.area(), selected),
        Some(Overlay::Entities { selected }) => entities::render(app, f, f.area(), selected),
        None => {}
    }
}

/// Clears `area` for an overlay. A wide character just left of it whose right half lies
/// under the overlay is blanked too: left alone, the terminal would draw it over the
/// overlay's left border.
pub fn clear_overlay(f: &mut Frame<'_>, area: Rect) {
    f.render_widget(ratatui::widgets::Clear, area);
    if area.x == 0 {
        return;
    }
    let buf = f.buffer_mut();
    for y in area.top()..area.bottom() {
        if let Some(cell) = buf.cell_mut((area.x - 1, y))
            && unicode_width::UnicodeWidthStr::width(cell.symbol()) > 1
        {
            cell.set_symbol(" ");
        }
    }
}

/// Where the terminal cursor should stand, when something takes text input.
pub fn cursor(app: &App) -> Option<(u16, u16)> {
    let a = app.areas();
    if a.too_small || app.overlay.is_some() {
        return None;
    }
    status::cursor(app, a.status)
}
