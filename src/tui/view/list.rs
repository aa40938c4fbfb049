//! The list pane: two rows an article — a dot for unread (and bold title), the title; then
//! account, date, reading progress and a star for bookmarks — the selection reversed.

use crate::layout::{truncate, width};
use crate::model::Status;
use crate::store::POS_END;
use crate::tui::app::{App, ITEM_ROWS, Pane};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::fmt::Write as _;

pub fn render(app: &App, f: &mut Frame<'_>, area: Rect) {
    let w = area.width as usize;
    if app.order.is_empty() {
        let msg = if app.loading {
            app.lang.pick("loading…", "正在载入…").to_string()
        } else if !app.all.is_empty() {
            app.lang
                .pick(
                    "No articles match (Esc shows all)",
                    "没有符合的文章（Esc 显示全部）",
                )
                .to_string()
        } else if app.problems.is_empty() {
            format!(
                "{} {}",
                app.lang.pick("No articles in", "没有文章："),
                app.source_label
            )
        } else {
            format!(
                "No articles could be read ({} problems, ! lists them)",
                app.problems.len()
            )
        };
        let line = Line::styled(
            truncate(&format!(" {msg}"), w).into_owned(),
            app.theme.dim(),
        );
        f.render_widget(Paragraph::new(line), area);
        return;
    }
    let rows = app.item_rows();
    let visible = area.height as usize / rows;
    let hits = app
        .search
        .as_ref()
        .map(|s| &s.hits)
        .filter(|h| !h.is_empty());
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
        let unread = !app.marks.is_read(a.id);
        let head = format!(
            "{}{} ",
            if selected { "›" } else { " " },
            if unread { "●" } else { " " }
        );
        // An article that is not there to read says so before its title.
        let label = match (&a.status, app.lang) {
            (Status::Ok, _) => String::new(),
            (Status::NotDownloaded, crate::config::Lang::En) => "[not downloaded] ".into(),
            (Status::Unavailable { .. }, crate::config::Lang::En) => "[gone] ".into(),
            (s, crate::config::Lang::Zh) => format!("[{}] ", s.label()),
        };
        let title = truncate(&a.title, w.saturating_sub(width(&head) + width(&label)));
        let mut sub = subline(app, idx);
        if let Some(h) = hits.and_then(|h| h.get(&idx)) {
            let hits = crate::lang::count(app.lang, h.count as usize, "hit", "hits", "处");
            let _ = write!(sub, " · {hits}");
        }
        let star = if app.marks.bookmarks.contains(&a.id) {
            "★ "
        } else {
            ""
        };
        let sub = truncate(&sub, w.saturating_sub(3 + width(star)));
        let bold = if unread {
            Modifier::BOLD
        } else {
            Modifier::empty()
        };
        let (t_style, s_style, l_style) = if selected {
            let s = app.theme.selected(focused);
            (s.add_modifier(bold), s, s)
        } else {
            (
                app.theme.list().add_modifier(bold),
                app.theme.dim(),
                app.theme.warn(),
            )
        };
        let pad1 = w.saturating_sub(width(&head) + width(&label) + width(&title));
        lines.push(Line::from(vec![
            Span::styled(head, t_style),
            Span::styled(label, l_style),
            Span::styled(title.into_owned(), t_style),
            Span::styled(" ".repeat(pad1), t_style),
        ]));
        let pad2 = w.saturating_sub(3 + width(star) + width(&sub));
        lines.push(Line::from(vec![
            Span::styled("   ", s_style),
            Span::styled(star, if selected { s_style } else { app.theme.warn() }),
            Span::styled(sub.into_owned(), s_style),
            Span::styled(" ".repeat(pad2), s_style),
        ]));
        if rows > ITEM_ROWS {
            lines.push(snippet_line(app, idx));
        }
    }
    f.render_widget(
        Paragraph::new(lines).block(ratatui::widgets::Block::new()),
        area,
    );
}

/// A search result's third row: the line around its first match, the match lit.
fn snippet_line(app: &App, idx: usize) -> Line<'static> {
    let hit = app.search.as_ref().and_then(|s| s.hits.get(&idx));
    // Asked of the search worker for the rows on screen; a moment blank until it comes.
    let Some((text, hl)) = hit.and_then(|h| h.snippet.clone()) else {
        return Line::from("");
    };
    Line::from(vec![
        Span::styled("   ", app.theme.dim()),
        Span::styled(text[..hl.start].to_string(), app.theme.dim()),
        Span::styled(text[hl.clone()].to_string(), app.theme.hit(false)),
        Span::styled(text[hl.end..].to_string(), app.theme.dim()),
    ])
}

/// Account or author, day, and progress for a started article; or why it is gone, or at
/// least the file it came from.
fn subline(app: &App, idx: usize) -> String {
    let a = &app.articles()[idx];
    let mut parts: Vec<String> = Vec::new();
    parts.extend(a.who().map(str::to_string));
    parts.extend(
        a.date
            .as_deref()
            .map(|d| d.get(..10).unwrap_or(d).to_string()),
    );
    if let Some(&p) = app
        .marks
        .positions
        .get(&a.id)
        .filter(|&&p| p > 0 && p < POS_END)
    {
        parts.push(format!("{}%", u32::from(p) / 10));
    }
    if parts.is_empty() {
        parts.push(match &a.status {
            Status::Unavailable { reason } => reason.clone(),
            _ => a
                .source
                .file_name()
                .map_or_else(String::new, |n| crate::sanitize::name(&n.to_string_lossy())),
        });
    }
    parts.join(" · ")
}
