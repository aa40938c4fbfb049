//! The entities overlay (`e`): the reader article's money amounts, largest first, with their
//! normalized values, and its companies with how often each is named.

use crate::highlight::{EntityKind, Qualifier, Value};
use crate::layout::{RowSource, truncate};
use crate::tui::app::App;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

pub fn render(app: &App, f: &mut Frame<'_>, screen: Rect, selected: usize) {
    let Some(r) = &app.reader else { return };
    let article = &r.body;
    let text_of = |src: RowSource, range: &std::ops::Range<usize>| -> String {
        let whole = match src {
            RowSource::Title => article.title.as_str(),
            RowSource::Block(i) => article.blocks[i].text.as_str(),
            _ => "",
        };
        whole.get(range.clone()).unwrap_or("").to_string()
    };
    let mut money: Vec<(Value, String)> = Vec::new();
    for e in &app.entities {
        match &e.kind {
            EntityKind::Money(m) => {
                let q = match m.qualifier {
                    Qualifier::Approx => "约 ",
                    Qualifier::AtLeast => "≥ ",
                    Qualifier::AtMost => "≤ ",
                    Qualifier::Exact | Qualifier::Range => "",
                };
                let value = if m.low == m.high {
                    format!("{q}{} {}", m.low.grouped(), m.currency)
                } else {
                    format!("{q}{}–{} {}", m.low.grouped(), m.high.grouped(), m.currency)
                };
                money.push((
                    m.high,
                    format!(" {} = {value}", text_of(e.source, &e.range)),
                ));
            }
            EntityKind::Company(_) => {}
        }
    }
    money.sort_by_key(|m| std::cmp::Reverse(m.0));
    money.dedup_by(|a, b| a.1 == b.1);
    let by_count = app.article_companies();
    let area = super::centered(screen, 64, screen.height.saturating_sub(2));
    let w = area.width.saturating_sub(2) as usize;
    let mut lines: Vec<Line<'_>> = Vec::new();
    lines.push(Line::styled(
        format!(" {} ({})", app.lang.pick("Amounts", "金额"), money.len()),
        app.theme.money(),
    ));
    lines.extend(
        money
            .iter()
            .map(|(_, s)| Line::from(truncate(s, w).into_owned())),
    );
    lines.push(Line::from(""));
    lines.push(Line::styled(
        format!(
            " {} ({})",
            app.lang.pick("Companies", "公司"),
            by_count.len()
        ),
        app.theme.company(),
    ));
    let first_company = lines.len();
    for (i, (n, c)) in by_count.iter().enumerate() {
        let mark = if i == selected { "›" } else { " " };
        let row = truncate(&format!("{mark}{n} ×{c}"), w).into_owned();
        lines.push(if i == selected {
            Line::styled(row, app.theme.selected(true))
        } else {
            Line::from(row)
        });
    }
    // Keep the chosen company in view.
    let inner_h = area.height.saturating_sub(2) as usize;
    let skip = (first_company + selected + 1).saturating_sub(inner_h);
    let lines: Vec<Line<'_>> = lines.into_iter().skip(skip).collect();
    super::clear_overlay(f, area);
    let block = Block::bordered()
        .title(app.lang.pick(
            " entities · j/k company · Enter: every article naming it · Esc close ",
            " 金额与公司 · j/k 选公司 · Enter 搜索提到它的文章 · Esc 关闭 ",
        ))
        .border_style(app.theme.border(true));
    f.render_widget(Paragraph::new(lines).block(block), area);
}
