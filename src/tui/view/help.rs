//! The help overlay: the lines of [`crate::tui::helptext`], scrolled; its last line says how
//! to scroll and close it.

use crate::layout::truncate;
use crate::tui::app::App;
use crate::tui::helptext::{geometry, lines};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

pub fn render(app: &App, f: &mut Frame<'_>, screen: Rect, scroll: usize) {
    let (full, rows) = geometry(screen);
    let inner_w = full.width.saturating_sub(2) as usize;
    let all = lines(&app.keymap, app.mode(), app.lang, inner_w);
    let scroll = scroll.min(all.len().saturating_sub(rows));
    let shown = all.len().min(rows);
    let mut out: Vec<Line<'_>> = all
        .iter()
        .skip(scroll)
        .take(rows)
        .map(|(t, dim)| {
            let t = truncate(t, inner_w).into_owned();
            if *dim {
                Line::styled(t, app.theme.dim())
            } else {
                Line::from(t)
            }
        })
        .collect();
    let l = app.lang;
    let foot = if all.len() > rows {
        format!(
            " {}–{}/{} · {} · {}",
            scroll + 1,
            scroll + shown,
            all.len(),
            l.pick("j/k scroll", "j/k 滚动"),
            l.pick("? Esc q close", "? Esc q 关闭"),
        )
    } else {
        format!(" {}", l.pick("? Esc q close", "? Esc q 关闭"))
    };
    out.push(Line::styled(
        truncate(&foot, inner_w).into_owned(),
        app.theme.dim(),
    ));
    let h = (out.len() as u16 + 2).min(screen.height);
    let area = super::centered(screen, full.width, h);
    super::clear_overlay(f, area);
    let title = format!(" {} ", l.pick("wxr keys", "wxr 按键"));
    let block = Block::bordered()
        .title(title)
        .border_style(app.theme.border(true));
    f.render_widget(Paragraph::new(out).block(block), area);
}
