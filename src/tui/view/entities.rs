//! The entities overlay (`e`): the reader article's money amounts, largest first, with their
//! normalized values, and its companies with how often each is named.

use crate::highlight::{EntityKind, Qualifier, grouped};
use crate::layout::{RowSource, truncate};
use crate::tui::app::App;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};
use std::collections::BTreeMap;

pub fn render(app: &App, f: &mut Frame<'_>, screen: Rect, scroll: usize) {
    let Some(r) = &app.reader else { return };
    let article = &app.articles()[r.article];
    let text_of = |src: RowSource, range: &std::ops::Range<usize>| -> String {
        let whole = match src {
            RowSource::Title => article.title.as_str(),
            RowSource::Block(i) => article.blocks[i].text.as_str(),
            _ => "",
        };
        whole.get(range.clone()).unwrap_or("").to_string()
    };
    let mut money: Vec<(u64, String)> = Vec::new();
    let mut companies: BTreeMap<String, usize> = BTreeMap::new();
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
                    format!("{q}{} {}", grouped(m.low), m.currency)
                } else {
                    format!("{q}{}–{} {}", grouped(m.low), grouped(m.high), m.currency)
                };
                money.push((
                    m.high,
                    format!(" {} = {value}", text_of(e.source, &e.range)),
                ));
            }
            EntityKind::Company(c) => {
                let name = c.map_or_else(
                    || text_of(e.source, &e.range),
                    |i| app.dict.companies[i].canonical.clone(),
                );
                *companies.entry(name).or_default() += 1;
            }
        }
    }
    money.sort_by_key(|m| std::cmp::Reverse(m.0));
    money.dedup_by(|a, b| a.1 == b.1);
    let mut by_count: Vec<(String, usize)> = companies.into_iter().collect();
    by_count.sort_by(|x, y| y.1.cmp(&x.1).then_with(|| x.0.cmp(&y.0)));
    let area = super::centered(screen, 64, screen.height.saturating_sub(2));
    let w = area.width.saturating_sub(2) as usize;
    let mut lines: Vec<Line<'_>> = Vec::new();
    lines.push(Line::styled(
        format!(" 金额 Amounts ({})", money.len()),
        app.theme.money(),
    ));
    lines.extend(
        money
            .iter()
            .map(|(_, s)| Line::from(truncate(s, w).into_owned())),
    );
    lines.push(Line::from(""));
    lines.push(Line::styled(
        format!(" 公司 Companies ({})", by_count.len()),
        app.theme.company(),
    ));
    lines.extend(
        by_count
            .iter()
            .map(|(n, c)| Line::from(truncate(&format!(" {n} ×{c}"), w).into_owned())),
    );
    let lines: Vec<Line<'_>> = lines.into_iter().skip(scroll).collect();
    f.render_widget(Clear, area);
    let block = Block::bordered()
        .title(" entities · j/k · any key closes ")
        .border_style(app.theme.border(true));
    f.render_widget(Paragraph::new(lines).block(block), area);
}
