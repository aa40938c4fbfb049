//! The help overlay, generated from the key table so it never disagrees with the keys.

use crate::tui::app::App;
use crate::tui::keymap;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};

pub fn render(app: &App, f: &mut Frame<'_>, screen: Rect) {
    let entries = keymap::help();
    let mut lines: Vec<Line<'_>> = entries
        .iter()
        .map(|(k, d)| Line::from(format!(" {k:<11}{d}")))
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::styled(
        " Mouse wheel scrolls the pane under the pointer.",
        app.theme.dim(),
    ));
    lines.push(Line::styled(" Any key closes this help.", app.theme.dim()));
    let w = 56.min(screen.width);
    let h = (lines.len() as u16 + 2).min(screen.height);
    let area = Rect {
        x: screen.x + (screen.width - w) / 2,
        y: screen.y + (screen.height - h) / 2,
        width: w,
        height: h,
    };
    f.render_widget(Clear, area);
    let block = Block::bordered()
        .title(" wxr keys ")
        .border_style(app.theme.border(true));
    f.render_widget(Paragraph::new(lines).block(block), area);
}
