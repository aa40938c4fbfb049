//! Excel article tables (`.xlsx`), read with calamine: wechat-article-exporter's Excel export
//! (its `utils/exporter.ts` `export2ExcelFile`: 公众号, ID, 链接, 标题, 封面, 摘要, 创建时间,
//! 发布时间, 阅读 …, 作者, 是否原创, 文章类型, 所属合集, 文章内容) and tables like it with
//! English headers. Each row an article; its 文章内容 (HTML, parsed as a page's content, or
//! text) its body, else it is listed not downloaded with its digest, cover and link.

use super::{ReadError, blank_article, meta};
use crate::model::{Article, Block, Format, Status};
use calamine::Reader;
use std::path::Path;

pub fn parse(bytes: &[u8], path: &Path) -> Result<(Vec<Article>, Vec<String>), ReadError> {
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| ReadError::Broken(format!("not a readable Excel file ({e})")))?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| ReadError::NotAnArticle("an Excel file without sheets".into()))?
        .map_err(|e| ReadError::Broken(format!("its first sheet does not read ({e})")))?;
    let mut rows = range.rows();
    let headers: Vec<String> = rows
        .next()
        .map(|r| {
            r.iter()
                .map(|c| c.to_string().trim().to_lowercase())
                .collect()
        })
        .unwrap_or_default();
    let col = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
    let Some(title) = col(&["标题", "title"]) else {
        return Err(ReadError::NotAnArticle(
            "not an article table: an Excel sheet without a 标题 (title) column".into(),
        ));
    };
    let url = col(&["链接", "link", "url"]);
    let account = col(&["公众号", "account", "nickname", "公众号名称"]);
    let author = col(&["作者", "author", "author_name"]);
    let published = col(&["发布时间", "publish_time", "update_time"]);
    let created = col(&["创建时间", "create_time", "time", "date", "时间"]);
    let digest = col(&["摘要", "digest", "description"]);
    let cover = col(&["封面", "cover"]);
    let content = col(&["文章内容", "content", "正文"]);
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for row in rows {
        if out.len() == super::MAX_ARTICLES_PER_FILE {
            problems.push(super::too_many_articles());
            break;
        }
        let get = |i: Option<usize>| {
            let s = row.get(i?)?.to_string();
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_string())
        };
        let Some(t) = get(Some(title)) else { continue };
        let mut a = blank_article(path, Format::Xlsx);
        a.title = t;
        a.url = get(url).map(|u| u.replace("&amp;", "&"));
        a.account = get(account);
        a.author = get(author);
        a.date = [published, created]
            .into_iter()
            .filter_map(get)
            .find_map(|s| {
                s.parse::<i64>()
                    .ok()
                    .and_then(meta::from_unix_china)
                    .or_else(|| meta::normalize_date(&s))
            });
        if let Some(c) = get(content) {
            (a.blocks, a.links) = super::html::content(&c, dir);
        } else {
            a.status = Status::NotDownloaded;
            a.blocks.extend(get(digest).map(Block::paragraph));
            a.blocks.extend(get(cover).map(|u| Block::image(u, "封面")));
            a.blocks.extend(
                a.url
                    .clone()
                    .map(|u| Block::paragraph(format!("原文链接：{u}"))),
            );
        }
        out.push(a);
    }
    Ok((out, problems))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `tests/fixtures/xlsx/文章列表.xlsx`: the exporter's columns (made with
    /// `tests/fixtures/xlsx/make.py`, the standard library's zipfile: inline strings).
    #[test]
    fn the_exporters_excel_rows_are_articles() {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/xlsx/文章列表.xlsx");
        let bytes = std::fs::read(&path).unwrap();
        let (arts, problems) = parse(&bytes, &path).unwrap();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(arts.len(), 2);
        let a = &arts[0];
        assert_eq!(a.title, "海外仓的账本");
        assert_eq!(a.account.as_deref(), Some("出海手记"));
        assert_eq!(a.author.as_deref(), Some("陈小舟"));
        assert_eq!(a.date.as_deref(), Some("2024-07-18 21:30"));
        assert_eq!(a.url.as_deref(), Some("https://mp.weixin.qq.com/s/Xlsx01"));
        assert_eq!(a.blocks[0].text, "一个海外仓的月账本：租金 8000美元。");
        assert_eq!(a.status, Status::Ok);
        let b = &arts[1];
        assert_eq!(b.status, Status::NotDownloaded);
        assert_eq!(b.blocks[0].text, "只有摘要的一篇。");
        assert!(parse(b"not a zip", &path).is_err());
    }
}
