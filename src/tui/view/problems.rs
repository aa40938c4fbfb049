//! The problems view (`!`): every file that was skipped or only partly read, with its path
//! and a plain reason, worst first.

use crate::archive::ProblemKind;
use crate::layout::{truncate, truncate_middle};
use crate::tui::app::App;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

pub fn render(app: &App, f: &mut Frame<'_>, screen: Rect, scroll: usize) {
    let area = Rect {
        x: screen.x + 1,
        y: screen.y + 1,
        width: screen.width.saturating_sub(2),
        height: screen.height.saturating_sub(2),
    };
    super::clear_overlay(f, area);
    let l = app.lang;
    let title = format!(
        " {} · {} ",
        crate::lang::count(l, app.problems.len(), "problem", "problems", "个问题"),
        l.pick("j/k move · Esc close", "j/k 移动 · Esc 关闭")
    );
    let block = Block::bordered()
        .title(title)
        .border_style(app.theme.border(true));
    let inner = block.inner(area);
    let w = inner.width as usize;
    let mut order: Vec<usize> = (0..app.problems.len()).collect();
    order.sort_by_key(|&i| app.problems[i].kind);
    let mut lines = Vec::new();
    if app.problems.is_empty() {
        lines.push(Line::styled(
            l.pick(" Every file was read.", " 所有文件都已读取。"),
            app.theme.dim(),
        ));
    }
    for &i in order.iter().skip(scroll).take(inner.height as usize / 2) {
        let p = &app.problems[i];
        let kind = match p.kind {
            ProblemKind::Unreadable => l.pick("not read", "未读取"),
            ProblemKind::Partial => l.pick("partly read", "部分读取"),
            ProblemKind::Skipped => l.pick("skipped", "已跳过"),
        };
        let head = format!(" {kind}{}{}", l.pick(": ", "："), p.reason);
        lines.push(Line::from(Span::styled(
            truncate(&head, w).into_owned(),
            app.theme.warn(),
        )));
        let path = crate::sanitize::path(&p.path);
        lines.push(Line::styled(
            format!("   {}", truncate_middle(&path, w.saturating_sub(3))),
            app.theme.dim(),
        ));
    }
    f.render_widget(Paragraph::new(lines).block(block), area);
}
