//! The links view (`L`): the reader article's own address (0), then every link and image by
//! the number the text shows, each with its whole address wrapped over as many rows as it
//! needs (four images of one account differ only deep inside their URLs). `o` / Enter opens
//! the selected one, `y` copies it.

use crate::layout::{truncate, width};
use crate::tui::app::App;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

/// An address cut into rows of `w` columns (URLs have no places a line breaker would use).
fn chunks(s: &str, w: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in s.chars() {
        if width(&cur) + width(c.encode_utf8(&mut [0; 4])) > w.max(1) {
            out.push(std::mem::take(&mut cur));
        }
        cur.push(c);
    }
    if !cur.is_empty() || out.is_empty() {
        out.push(cur);
    }
    out
}

pub fn render(app: &App, f: &mut Frame<'_>, screen: Rect, selected: usize) {
    let l = app.lang;
    let rows = app.link_rows();
    let w = 100.min(screen.width);
    let iw = w.saturating_sub(2) as usize;
    // Each entry: its label row and its address rows.
    let mut entries: Vec<Vec<(String, bool)>> = Vec::new();
    for r in &rows {
        let kind = if r.image {
            l.pick("image", "图片")
        } else if r.number == 0 {
            ""
        } else {
            l.pick("link", "链接")
        };
        let head = if r.number == 0 {
            format!(" [0] {}", r.text)
        } else if r.text.is_empty() {
            format!(" [{}] {kind}", r.number)
        } else {
            format!(" [{}] {kind} · {}", r.number, r.text)
        };
        let mut e = vec![(truncate(&head, iw).into_owned(), false)];
        e.extend(
            chunks(&r.url, iw.saturating_sub(5))
                .into_iter()
                .map(|c| (format!("     {c}"), true)),
        );
        entries.push(e);
    }
    let body_rows: usize = entries.iter().map(Vec::len).sum();
    // The status bar stays visible below it (it says what `o` and `y` did).
    let room_h = screen.height.saturating_sub(1).max(4).min(screen.height);
    let h = (body_rows.max(1) as u16 + 3).clamp(4, room_h);
    let area = super::centered(
        Rect {
            height: room_h,
            ..screen
        },
        w,
        h,
    );
    super::clear_overlay(f, area);
    let title = format!(
        " {} · {} ",
        l.pick("links", "链接"),
        l.pick("o open · y copy · Esc close", "o 打开 · y 复制 · Esc 关闭")
    );
    let block = Block::bordered()
        .title(truncate(&title, iw).into_owned())
        .border_style(app.theme.border(true));
    let inner = block.inner(area);
    let room = inner.height.saturating_sub(1) as usize;
    // Scroll so the selected entry is whole on screen.
    let start_of = |i: usize| entries[..i].iter().map(Vec::len).sum::<usize>();
    let sel = selected.min(entries.len().saturating_sub(1));
    let mut first = 0;
    if !entries.is_empty() {
        let end = start_of(sel) + entries[sel].len();
        first = end.saturating_sub(room).min(start_of(sel));
    }
    let mut lines: Vec<Line<'_>> = Vec::new();
    if entries.is_empty() {
        lines.push(Line::styled(
            format!(
                " {}",
                l.pick(
                    "No address, links or images in this article.",
                    "本文没有地址、链接或图片。"
                )
            ),
            app.theme.dim(),
        ));
    }
    let mut row = 0;
    for (i, e) in entries.iter().enumerate() {
        for (text, dim) in e {
            if row >= first && row < first + room {
                let line = if i == sel {
                    Line::styled(text.clone(), app.theme.selected(true))
                } else if *dim {
                    Line::styled(text.clone(), app.theme.link())
                } else {
                    Line::from(text.clone())
                };
                lines.push(line);
            }
            row += 1;
        }
    }
    let foot = format!(
        " {}",
        l.pick(
            "opened with $BROWSER, else the system's opener",
            "用 $BROWSER 打开，未设置时用系统默认程序"
        )
    );
    lines.push(Line::styled(
        truncate(&foot, iw).into_owned(),
        app.theme.dim(),
    ));
    f.render_widget(Paragraph::new(lines).block(block), area);
}
