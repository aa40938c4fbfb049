//! Tables as the reader shows them (Markdown, HTML and spreadsheet tables alike).

use crate::model::{Block, BlockKind};

/// The widest a table is drawn aligned; a wider one reads better as one paragraph a row.
const TABLE_COLS: usize = 76;

/// A table as the reader shows it: columns padded to their widest cell (display width), a
/// rule under the header row; wider than [`TABLE_COLS`], each row a paragraph naming its
/// cells by the header (`指标：营收；数值：120亿`), or joined by `│` without one.
pub fn table_blocks(rows: &[Vec<String>], header: bool) -> Vec<Block> {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| c.trim().to_string()).collect::<Vec<_>>())
        .filter(|r: &Vec<String>| r.iter().any(|c| !c.is_empty()))
        .collect();
    if rows.is_empty() {
        return Vec::new();
    }
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| crate::text::width(c))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let total = widths.iter().sum::<usize>() + 2 * cols.saturating_sub(1);
    if total > TABLE_COLS {
        let head = header.then(|| &rows[0]);
        return rows
            .iter()
            .skip(usize::from(header))
            .map(|r| {
                let cells: Vec<String> = r
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| !c.is_empty())
                    .map(
                        |(i, c)| match head.and_then(|h| h.get(i)).filter(|h| !h.is_empty()) {
                            Some(h) => format!("{h}：{c}"),
                            None => c.clone(),
                        },
                    )
                    .collect();
                let sep = if head.is_some() { "；" } else { " │ " };
                Block::paragraph(cells.join(sep))
            })
            .collect();
    }
    let mut lines: Vec<String> = rows
        .iter()
        .map(|r| {
            let mut line = String::new();
            for (i, w) in widths.iter().enumerate() {
                let cell = r.get(i).map_or("", String::as_str);
                line.push_str(cell);
                if i + 1 < cols {
                    line.push_str(&" ".repeat(w - crate::text::width(cell) + 2));
                }
            }
            line.trim_end().to_string()
        })
        .collect();
    if header && rows.len() > 1 {
        lines.insert(1, "─".repeat(total));
    }
    vec![Block {
        kind: BlockKind::Code,
        text: lines.join("\n"),
    }]
}
