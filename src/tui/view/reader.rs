//! The reading pane: the laid-out document, from the scroll position down. Rows come
//! pre-wrapped from `layout::Doc`; ratatui only places them (never wraps them). Find matches
//! are cut per row (a match a line break splits is lit on both rows).

use crate::layout::{Row, RowStyle};
use crate::tui::app::App;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::ops::Range;

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
            let mut spans = vec![Span::styled(row.prefix.clone(), prefix_style)];
            let shown = r.doc.row_text(article, row);
            let lit = matches_in_row(app, row);
            if lit.is_empty() || row.style == RowStyle::ImageUrl {
                spans.push(Span::styled(shown.into_owned(), style));
            } else {
                // Row text is `whole[row.range]` less trailing spaces.
                let mut at = 0;
                for (m, current) in lit {
                    let (s, e) = (m.start.min(shown.len()), m.end.min(shown.len()));
                    if s > at {
                        spans.push(Span::styled(shown[at..s].to_string(), style));
                    }
                    if e > s {
                        let hs: Style = style.patch(app.theme.hit(current));
                        spans.push(Span::styled(shown[s..e].to_string(), hs));
                    }
                    at = at.max(e);
                }
                if at < shown.len() {
                    spans.push(Span::styled(shown[at..].to_string(), style));
                }
            }
            Line::from(spans)
        })
        .collect();
    f.render_widget(Paragraph::new(lines), text);
}

/// The find matches on this row, as byte ranges of the row's text, and whether each is the
/// current one.
fn matches_in_row(app: &App, row: &Row) -> Vec<(Range<usize>, bool)> {
    let Some(find) = &app.find else {
        return Vec::new();
    };
    find.matches
        .iter()
        .enumerate()
        .filter(|(_, (src, m))| {
            *src == row.source && m.start < row.range.end && row.range.start < m.end
        })
        .map(|(i, (_, m))| {
            let s = m.start.max(row.range.start) - row.range.start;
            let e = m.end.min(row.range.end) - row.range.start;
            (s..e, i == find.current)
        })
        .collect()
}
