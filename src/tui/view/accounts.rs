//! The accounts overlay (`a`): every account with its unread and total counts; Enter shows
//! that account's articles.

use crate::layout::{truncate, width};
use crate::tui::app::App;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

pub fn render(app: &App, f: &mut Frame<'_>, screen: Rect, selected: usize) {
    let accounts = app.accounts();
    let w = 60.min(screen.width);
    let h = (accounts.len() as u16 + 2).clamp(3, screen.height);
    let area = super::centered(screen, w, h);
    super::clear_overlay(f, area);
    let l = app.lang;
    let named = accounts.iter().filter(|a| !a.name.is_empty()).count();
    let title = format!(
        " {} · {} ",
        crate::lang::count(l, named, "account", "accounts", "个公众号"),
        l.pick("Enter show · Esc close", "Enter 查看 · Esc 关闭")
    );
    let block = Block::bordered()
        .title(title)
        .border_style(app.theme.border(true));
    let inner = block.inner(area);
    let rows = inner.height as usize;
    let first = selected.saturating_sub(rows.saturating_sub(1));
    let iw = inner.width as usize;
    let mut lines = Vec::new();
    if accounts.is_empty() {
        lines.push(Line::styled(
            l.pick(" No articles.", " 没有文章。"),
            app.theme.dim(),
        ));
    }
    for (i, acc) in accounts.iter().enumerate().skip(first).take(rows) {
        let counts = match l {
            crate::config::Lang::En => format!("{} unread / {} ", acc.unread, acc.total),
            crate::config::Lang::Zh => format!("{} 未读 / {} ", acc.unread, acc.total),
        };
        let shown = if acc.name.is_empty() {
            l.pick("(no account)", "（无公众号）")
        } else {
            acc.name.as_str()
        };
        let name = truncate(shown, iw.saturating_sub(width(&counts) + 3));
        let gap = iw.saturating_sub(2 + width(&name) + width(&counts));
        let text = format!(
            " {}{} {}{counts}",
            if i == selected { "›" } else { " " },
            name,
            " ".repeat(gap)
        );
        let mut line = Line::from(text);
        if i == selected {
            line = line.style(app.theme.selected(true));
        } else if acc.unread > 0 {
            line = line.style(ratatui::style::Style::new().add_modifier(Modifier::BOLD));
        }
        lines.push(line);
    }
    f.render_widget(Paragraph::new(lines).block(block), area);
}
