//! The help overlay, generated from the key table so it never disagrees with the keys. Two
//! columns when the terminal is wide enough; what does not fit is counted on the last line.

use crate::layout::truncate;
use crate::tui::app::App;
use crate::tui::keymap;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

const COL: usize = 60;

pub fn render(app: &App, f: &mut Frame<'_>, screen: Rect) {
    let entries: Vec<String> = keymap::help()
        .iter()
        .map(|(k, d)| format!(" {k:<11}{d}"))
        .collect();
    let notes = [
        " In the search line: ↑/↓ history, Ctrl-N/P results, Enter open.",
        " Query: title: account: author: company: is:unread before: after:",
        " \"a phrase\" -exclude; pinyin finds titles (ruanyin, ry).",
        " Mouse wheel scrolls the pane under the pointer. Any key closes.",
    ];
    let cols = if screen.width as usize >= 2 * COL + 3 {
        2
    } else {
        1
    };
    let w = (cols * COL + 2).min(screen.width as usize) as u16;
    let inner_h = screen.height.saturating_sub(2) as usize;
    let key_rows = entries.len().div_ceil(cols);
    let mut lines: Vec<Line<'_>> = Vec::new();
    let room_for_keys = inner_h.saturating_sub(notes.len() + 1);
    let shown_rows = key_rows.min(room_for_keys.max(1));
    for r in 0..shown_rows {
        let mut s = String::new();
        for c in 0..cols {
            if let Some(e) = entries.get(c * key_rows + r) {
                let cell = truncate(e, COL - 1);
                s.push_str(&cell);
                s.push_str(&" ".repeat(COL.saturating_sub(crate::layout::width(&cell))));
            }
        }
        lines.push(Line::from(s.trim_end().to_string()));
    }
    let hidden = entries.len().saturating_sub(shown_rows * cols);
    if hidden > 0 {
        lines.push(Line::styled(
            format!(" … {hidden} more keys: a taller terminal shows them"),
            app.theme.dim(),
        ));
    } else {
        lines.push(Line::from(""));
        let room = inner_h.saturating_sub(lines.len());
        lines.extend(
            notes
                .iter()
                .take(room)
                .map(|n| Line::styled(*n, app.theme.dim())),
        );
    }
    let h = (lines.len() as u16 + 2).min(screen.height);
    let area = super::centered(screen, w, h);
    super::clear_overlay(f, area);
    let block = Block::bordered()
        .title(" wxr keys ")
        .border_style(app.theme.border(true));
    f.render_widget(Paragraph::new(lines).block(block), area);
}
