//! The list pane: two rows an article (title; account and date), the selection reversed.

use crate::layout::truncate;
use crate::tui::app::{App, ITEM_ROWS, Pane};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(app: &App, f: &mut Frame<'_>, area: Rect) {
    let width = area.width as usize;
    if app.order.is_empty() {
        let msg = if app.loading {
            "正在载入… loading".to_string()
        } else if app.problems.is_empty() {
            format!("No articles in {}", app.source_label)
        } else {
            format!(
                "No articles could be read ({} problems)",
                app.problems.len()
            )
        };
        let line = Line::styled(
            truncate(&format!(" {msg}"), width).into_owned(),
            app.theme.dim(),
        );
        f.render_widget(Paragraph::new(line), area);
        return;
    }
    let visible = area.height as usize / ITEM_ROWS;
    let focused = app.focus == Pane::List;
    let mut lines = Vec::with_capacity(area.height as usize);
    for (pos, &idx) in app
        .order
        .iter()
        .enumerate()
        .skip(app.list_offset)
        .take(visible)
    {
        let a = &app.articles()[idx];
        let selected = pos == app.selected;
        let marker = if selected { "› " } else { "  " };
        // An article that is not there to read says so before its title.
        let label = a.status.label();
        let label = if label.is_empty() {
            String::new()
        } else {
            format!("[{label}] ")
        };
        let title = truncate(
            &a.title,
            width.saturating_sub(2 + crate::layout::width(&label)),
        );
        let who = a.who().unwrap_or("");
        let date = a.date.as_deref().map_or("", |d| d.get(..10).unwrap_or(d));
        let sub = match (who.is_empty(), date.is_empty()) {
            (false, false) => format!("{who} · {date}"),
            (false, true) => who.to_string(),
            (true, false) => date.to_string(),
            // Nothing known: why it is gone, or at least the file it came from.
            (true, true) => match &a.status {
                crate::model::Status::Unavailable { reason } => reason.clone(),
                _ => a
                    .source
                    .file_name()
                    .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
            },
        };
        let sub = truncate(&sub, width.saturating_sub(2));
        let (t_style, s_style) = if selected {
            let s = app.theme.selected(focused);
            (s, s)
        } else {
            (Style::new(), app.theme.dim())
        };
        let pad = |s: &str| width.saturating_sub(2 + crate::layout::width(s));
        let label_style = if selected { t_style } else { app.theme.warn() };
        lines.push(Line::from(vec![
            Span::styled(marker, t_style),
            Span::styled(label.clone(), label_style),
            Span::styled(title.to_string(), t_style),
            Span::styled(" ".repeat(pad(&format!("{label}{title}"))), t_style),
        ]));
        lines.push(Line::from(vec![
            Span::styled("  ", s_style),
            Span::styled(sub.to_string(), s_style),
            Span::styled(" ".repeat(pad(&sub)), s_style),
        ]));
    }
    f.render_widget(Paragraph::new(lines), area);
}
