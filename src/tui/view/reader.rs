//! The reading pane: the laid-out document, from the scroll position down. Rows come
//! pre-wrapped from `layout::Doc`; ratatui only places them (never wraps them). Find matches
//! are cut per row (a match a line break splits is lit on both rows).

use crate::layout::{Row, RowSource, RowStyle};
use crate::tui::app::App;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::ops::Range;

pub fn render(app: &App, f: &mut Frame<'_>, _pane: Rect, text: Rect) {
    crate::guard::failpoint("render");
    let Some(r) = &app.reader else {
        let msg = if app.loading {
            ""
        } else {
            app.lang
                .pick("Select an article in the list.", "在列表中选择一篇文章。")
        };
        f.render_widget(Paragraph::new(Line::styled(msg, app.theme.dim())), text);
        return;
    };
    let article = &r.body;
    let lines: Vec<Line<'_>> =
        r.doc
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
                if row.style == RowStyle::ImageUrl || shown.is_empty() {
                    spans.push(Span::styled(shown.into_owned(), style));
                    spans.extend(row.marks.iter().map(|(_, n)| {
                        Span::styled(crate::layout::mark(*n), app.theme.link_mark())
                    }));
                    return Line::from(spans);
                }
                // A style per byte of the row: entities, then find matches over them.
                let mut styles = vec![style; shown.len()];
                let mut paint = |range: Range<usize>, s: Style| {
                    for st in &mut styles[range.start.min(shown.len())..range.end.min(shown.len())]
                    {
                        *st = st.patch(s);
                    }
                };
                if app.highlights {
                    for (range, kind, current) in entities_in_row(app, row) {
                        let s = if kind {
                            app.theme.money()
                        } else {
                            app.theme.company()
                        };
                        let s = if current {
                            s.add_modifier(ratatui::style::Modifier::REVERSED)
                        } else {
                            s
                        };
                        paint(range, s);
                    }
                }
                for range in links_in_row(app, row) {
                    paint(range, app.theme.link());
                }
                for (m, current) in matches_in_row(app, row) {
                    paint(m, app.theme.hit(current));
                }
                // Runs of one style, cut also where a link number goes.
                let end = shown.len();
                let mut marks = row.marks.iter().map(|&(p, n)| (p.min(end), n)).peekable();
                let mut at = 0;
                for (i, _) in shown.char_indices().skip(1).chain([(shown.len(), ' ')]) {
                    let marked = marks.peek().is_some_and(|&(p, _)| p <= i);
                    if i == shown.len() || styles[i] != styles[at] || marked {
                        spans.push(Span::styled(shown[at..i].to_string(), styles[at]));
                        at = i;
                    }
                    while let Some((_, n)) = marks.next_if(|&(p, _)| p <= i) {
                        spans.push(Span::styled(crate::layout::mark(n), app.theme.link_mark()));
                    }
                }
                Line::from(spans)
            })
            .collect();
    f.render_widget(Paragraph::new(lines), text);
}

/// Entities on this row: byte range in the row's text, money (true) or company, current.
fn entities_in_row(app: &App, row: &Row) -> Vec<(Range<usize>, bool, bool)> {
    app.entities
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            e.source == row.source && e.range.start < row.range.end && row.range.start < e.range.end
        })
        .map(|(i, e)| {
            let s = e.range.start.max(row.range.start) - row.range.start;
            let t = e.range.end.min(row.range.end) - row.range.start;
            (
                s..t,
                matches!(e.kind, crate::highlight::EntityKind::Money(_)),
                app.entity_at == Some(i),
            )
        })
        .collect()
}

/// The inline links on this row, as byte ranges of the row's text.
fn links_in_row(app: &App, row: &Row) -> Vec<Range<usize>> {
    let Some(r) = &app.reader else {
        return Vec::new();
    };
    r.doc
        .targets
        .iter()
        .filter_map(|t| t.at.as_ref())
        .filter(|(b, m)| {
            RowSource::Block(*b) == row.source && m.start < row.range.end && row.range.start < m.end
        })
        .map(|(_, m)| {
            m.start.max(row.range.start) - row.range.start
                ..m.end.min(row.range.end) - row.range.start
        })
        .collect()
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
