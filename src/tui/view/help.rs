//! The help overlay, generated from the active keymap so it never disagrees with the keys,
//! in the interface's language. One column of keys and what they do, descriptions wrapped
//! (by the reader's own line breaker) under a hanging indent; it scrolls, and its last line
//! says how to scroll and close it.

use crate::layout::{truncate, width, wrap_text};
use crate::tui::app::App;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

/// The help's widest inner width.
const MAX_INNER: usize = 72;
/// The key column's width, when the box is wide enough for one.
const KEY_COL: usize = 14;

/// The help's lines at inner width `w`: (text, dim).
fn lines(app: &App, w: usize) -> Vec<(String, bool)> {
    let l = app.lang;
    let mut out = Vec::new();
    let key_col = if w >= 36 { KEY_COL } else { 0 };
    for (keys, action) in app.keymap.help() {
        let desc = action.describe(l);
        let keys = format!(" {keys}");
        let indent = key_col.max(3);
        let (first, rest_from) = if key_col > 0 && width(&keys) < key_col {
            (
                format!("{keys}{}", " ".repeat(key_col - width(&keys))),
                true,
            )
        } else {
            out.push((truncate(&keys, w).into_owned(), false));
            (" ".repeat(indent), false)
        };
        let room = w.saturating_sub(indent).max(8);
        for (n, row) in wrap_text(desc, room).iter().enumerate() {
            let text = row.visible(desc);
            let lead = if n == 0 && rest_from {
                first.clone()
            } else {
                " ".repeat(indent)
            };
            out.push((format!("{lead}{text}"), false));
        }
    }
    out.push((String::new(), false));
    let notes = [
        l.pick(
            "In the search line: ↑/↓ history, Ctrl-N/P results, Enter open, Esc leave.",
            "搜索栏中：↑/↓ 历史，Ctrl-N/P 切换结果，Enter 打开，Esc 离开。",
        ),
        l.pick(
            "Query: title: account: author: company: is:unread before: after: \"a phrase\" -exclude; pinyin finds titles (ruanyin, ry).",
            "查询：title: account: author: company: is:unread before: after: \"短语\" -排除；拼音可搜标题（ruanyin、ry）。",
        ),
        l.pick(
            "A number before o or y picks a link: 3o opens link [3]. L lists them all.",
            "在 o 或 y 前输入数字选择链接：3o 打开链接 [3]。L 列出全部链接。",
        ),
        l.pick(
            "The mouse wheel scrolls the pane under the pointer; hold Shift to select text (or set mouse = false in the config).",
            "鼠标滚轮滚动指针下的窗格；按住 Shift 选择文字（或在配置中设 mouse = false）。",
        ),
        l.pick(
            "Keys, colours and the reading width: wxr config --default",
            "按键、颜色和阅读宽度：wxr config --default",
        ),
    ];
    for n in notes {
        for row in wrap_text(n, w.saturating_sub(1).max(8)) {
            out.push((format!(" {}", row.visible(n)), true));
        }
    }
    out
}

/// Where the help goes on `screen`, and how many of its lines fit.
fn geometry(screen: Rect) -> (Rect, usize) {
    let w = (MAX_INNER + 2).min(screen.width as usize) as u16;
    let area = super::centered(screen, w, screen.height);
    // Borders and the last line (how to scroll and close).
    let rows = area.height.saturating_sub(3) as usize;
    (area, rows)
}

/// The furthest the help scrolls at the app's terminal size.
pub fn max_scroll(app: &App) -> usize {
    let screen = Rect::new(0, 0, app.size.0, app.size.1);
    let (area, rows) = geometry(screen);
    lines(app, area.width.saturating_sub(2) as usize)
        .len()
        .saturating_sub(rows)
}

pub fn render(app: &App, f: &mut Frame<'_>, screen: Rect, scroll: usize) {
    let (full, rows) = geometry(screen);
    let inner_w = full.width.saturating_sub(2) as usize;
    let all = lines(app, inner_w);
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
