//! The reading pane: the laid-out document, from the scroll position down. Rows come
//! pre-wrapped from `layout::Doc`; ratatui only places them (never wraps them).

use crate::layout::RowStyle;
use crate::tui::app::App;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(app: &App, f: &mut Frame<'_>, _pane: Rect, text: Rect) {
    let Some(r) = &app.reader else {
        let msg = if app.loading {
            ""
        } else {
            "Select an article in the list."
        };
        f.render_widget(Paragraph::new(Line::styled(msg, app.theme.dim())), text);
        return;
    };
    let article = &app.articles()[r.article];
    let lines: Vec<Line<'_>> = r
        .doc
        .rows
        .iter()
        .skip(r.scroll)
        .take(text.height as usize)
        .map(|row| {
            let style = app.theme.row(row.style);
            let prefix_style = match row.style {
                RowStyle::Quote | RowStyle::ListItem => app.theme.dim(),
                _ => style,
            };
            Line::from(vec![
                Span::styled(row.prefix.as_str(), prefix_style),
                Span::styled(r.doc.row_text(article, row), style),
            ])
        })
        .collect();
    f.render_widget(Paragraph::new(lines), text);
}
