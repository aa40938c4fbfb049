//! JSON and JSONL: wechat-article-exporter's array (`微信公众号文章.json`), we-mp-rss's
//! per-article objects, JSONL text corpora (one article a line), and any JSON of those shapes.
//!
//! Field names vary by producer; each field is looked up under the names producers use.
//! An entry without body text is listed as not downloaded, with its link and digest.

use super::meta::{self, from_unix_china};
use super::{blank_article, image_url_line};
use crate::model::{Article, Block, Format, Status};
use serde_json::Value;
use std::path::Path;

/// Articles of a `.json` file, or the reason it could not be read.
pub fn parse(text: &str, path: &Path) -> Result<Vec<Article>, super::ReadError> {
    parse_capped(text, path).map(|(a, _)| a)
}

/// Articles of a `.json` file (at most [`super::MAX_ARTICLES_PER_FILE`]) and the problem of
/// any beyond, or the reason it could not be read.
pub fn parse_capped(
    text: &str,
    path: &Path,
) -> Result<(Vec<Article>, Vec<String>), super::ReadError> {
    let v: Value = match serde_json::from_str(text) {
        Ok(v) => v,
        // One object a line saved as `.json` (a JSONL corpus): read it as JSONL.
        Err(e) if e.line() > 1 && first_line_is_object(text) => {
            let (articles, problems) = parse_lines(text, path);
            if articles.is_empty() {
                return Err(super::ReadError::Broken(bad_json(&e)));
            }
            return Ok((articles, problems));
        }
        Err(e) => return Err(super::ReadError::Broken(bad_json(&e))),
    };
    let items: Vec<&Value> = match &v {
        Value::Array(a) => a.iter().collect(),
        Value::Object(o) => {
            // `{ "data": [...] }`, `{ "articles": [...] }` wrappers, else one article.
            match ["data", "articles", "list", "items"]
                .iter()
                .find_map(|k| o.get(*k))
            {
                Some(Value::Array(a)) => a.iter().collect(),
                _ => vec![&v],
            }
        }
        _ => {
            return Err(super::ReadError::NotAnArticle(
                "not an article: JSON that is neither an object nor an array".into(),
            ));
        }
    };
    let mut articles: Vec<Article> = items
        .into_iter()
        .filter_map(|item| article(item, path, Format::Json))
        .take(super::MAX_ARTICLES_PER_FILE + 1)
        .collect();
    if articles.is_empty() {
        return Err(super::ReadError::NotAnArticle(
            "no articles in this JSON (no object with a title)".into(),
        ));
    }
    let mut problems = Vec::new();
    if articles.len() > super::MAX_ARTICLES_PER_FILE {
        articles.truncate(super::MAX_ARTICLES_PER_FILE);
        problems.push(super::too_many_articles());
    }
    Ok((articles, problems))
}

/// Articles of a `.jsonl` file, and a problem for each bad line (the good lines still load).
pub fn parse_lines(text: &str, path: &Path) -> (Vec<Article>, Vec<String>) {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        if out.len() == super::MAX_ARTICLES_PER_FILE {
            problems.push(super::too_many_articles());
            break;
        }
        match serde_json::from_str::<Value>(line) {
            Ok(v) => match article(&v, path, Format::Jsonl) {
                Some(a) => out.push(a),
                None => problems.push(format!("line {}: no title or content", n + 1)),
            },
            Err(e) => {
                problems.push(format!(
                    "bad JSON at line {}, column {}: {}",
                    n + 1,
                    e.column(),
                    msg(&e)
                ));
            }
        }
    }
    (out, problems)
}

/// Whether the first non-empty line is a whole JSON object by itself.
fn first_line_is_object(text: &str) -> bool {
    text.lines()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| matches!(serde_json::from_str::<Value>(l), Ok(Value::Object(_))))
}

fn bad_json(e: &serde_json::Error) -> String {
    format!(
        "bad JSON at line {}, column {}: {}",
        e.line(),
        e.column(),
        msg(e)
    )
}

fn msg(e: &serde_json::Error) -> String {
    // serde_json appends " at line L column C"; we say it ourselves.
    let s = e.to_string();
    s.split(" at line ").next().unwrap_or(&s).to_string()
}

/// The first of `names` that holds text, borrowed (an article's content is not copied).
fn str_ref<'v>(o: &'v Value, names: &[&str]) -> Option<&'v str> {
    names.iter().find_map(|n| match o.get(*n)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.as_str()),
        _ => None,
    })
}

fn str_field(o: &Value, names: &[&str]) -> Option<String> {
    names.iter().find_map(|n| match o.get(*n)? {
        Value::String(s) if !s.trim().is_empty() => Some(
            s.trim_end()
                .trim_start_matches([' ', '\t', '\n', '\r'])
                .to_string(),
        ),
        Value::Number(x) => Some(x.to_string()),
        _ => None,
    })
}

fn date_field(o: &Value, names: &[&str]) -> Option<String> {
    names.iter().find_map(|n| match o.get(*n)? {
        Value::Number(x) => x.as_i64().and_then(from_unix_china),
        Value::String(s) => s
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(from_unix_china)
            .or_else(|| meta::normalize_date(s)),
        _ => None,
    })
}

/// One article from one JSON object, if it has a title or content.
fn article(o: &Value, path: &Path, format: Format) -> Option<Article> {
    if !o.is_object() {
        return None;
    }
    let mut a = blank_article(path, format);
    let content = str_ref(o, &["content", "text", "body", "content_text", "markdown"]);
    a.title = str_field(o, &["title", "msg_title", "name_title"]).unwrap_or_default();
    if a.title.is_empty() && content.is_none() {
        return None;
    }
    // The first name that is not an ID (`gh_1a2b3c`, `wxid_…`: ASCII without a space) when
    // a readable one stands beside it (`"account": "gh_…", "name": "某号"`).
    let names: Vec<String> = [
        "_accountName",
        "account",
        "nickname",
        "nick_name",
        "mp_name",
        "name",
        "account_name",
        "channel_name",
    ]
    .iter()
    .filter_map(|k| str_field(o, &[k]))
    .collect();
    let id_like = |n: &str| n.is_ascii() && !n.contains(' ');
    a.account = names
        .iter()
        .find(|n| !id_like(n))
        .or(names.first())
        .cloned();
    a.author = str_field(o, &["author_name", "author"]);
    a.date = date_field(
        o,
        &[
            "create_time",
            "publish_time",
            "update_time",
            "datetime",
            "date",
            "time",
            "updated",
            "updated_at",
        ],
    )
    .or_else(|| meta::date_from_file_name(path));
    a.url = str_field(o, &["link", "url", "content_url", "source_url"]);
    let digest = str_field(o, &["digest", "description", "summary"]);
    let cover = str_field(o, &["cover", "pic_url", "cover_url"]);
    if o.get("is_deleted").and_then(Value::as_bool) == Some(true) {
        a.status = Status::Unavailable {
            reason: "已删除 (is_deleted)".to_string(),
        };
    }
    if let Some(c) = content.filter(|c| super::html::looks_like_html(c)) {
        // HTML in the feed (we-mp-rss): parsed as a page's content is.
        let dir = path.parent().unwrap_or(Path::new("."));
        (a.blocks, a.links) = super::html::fragment(c, dir);
    } else if let Some(c) = content {
        // The exporter's content up to v2.3.10: the page's text on one line, title and
        // byline first.
        let c = match super::evidence::pure_content(c) {
            Some((head, body))
                if !a.title.trim().is_empty() && head.starts_with(a.title.trim()) =>
            {
                let (author, account) = super::evidence::pure_byline(&head[a.title.trim().len()..]);
                if a.author.is_none() {
                    a.author = author;
                }
                if a.account.is_none() {
                    a.account = account;
                }
                body
            }
            _ => c,
        };
        // Keep `　　` paragraph indents; drop other leading and trailing space.
        for line in c
            .lines()
            .map(|l| l.trim_end().trim_start_matches([' ', '\t']))
            .filter(|l| !l.trim().is_empty())
        {
            a.blocks.push(match image_url_line(line) {
                Some(u) => Block::image(u, ""),
                None => Block::paragraph(line),
            });
        }
    } else {
        if a.status == Status::Ok {
            a.status = Status::NotDownloaded;
        }
        a.blocks.extend(digest.map(Block::paragraph));
        a.blocks.extend(cover.map(|u| Block::image(u, "封面")));
        a.blocks.extend(
            a.url
                .clone()
                .map(|u| Block::paragraph(format!("原文链接：{u}"))),
        );
    }
    Some(a)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// we-mp-rss's JSON feed: the content is HTML (parsed as a page's is, links and images
    /// kept), the account is `channel_name`, the date `updated`.
    #[test]
    fn html_content_of_a_feed_is_parsed_as_html() {
        let t = r#"{"items":[{"title":"降准之后","link":"https://mp.weixin.qq.com/s/Feed01","channel_name":"硅谷观察室","updated":"2025-07-02T08:00:00+08:00","content":"<section><p>央行宣布<strong>降准</strong>0.5个百分点。</p><p>详见<a href=\"https://www.pbc.gov.cn/x\">公告</a>。</p><img data-src=\"https://mmbiz.qpic.cn/a/640\" alt=\"图\"></section>"}]}"#;
        let parsed = parse(t, Path::new("feed.json")).unwrap();
        let a = &parsed[0];
        assert_eq!(a.account.as_deref(), Some("硅谷观察室"));
        assert_eq!(a.date.as_deref().map(|d| &d[..10]), Some("2025-07-02"));
        let texts: Vec<&str> = a.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts[..2], ["央行宣布降准0.5个百分点。", "详见公告。"]);
        assert!(matches!(
            a.blocks[2].kind,
            crate::model::BlockKind::Image { .. }
        ));
        assert_eq!(a.links[0].url, "https://www.pbc.gov.cn/x");
        assert!(!texts.iter().any(|t| t.contains('<')));
    }

    #[test]
    fn exporter_array() {
        let t = r#"[{"aid":"1_1","title":"标题一","link":"https://mp.weixin.qq.com/s/A",
            "digest":"摘要","author_name":"张三","create_time":1764842451,"_accountName":"某号",
            "content":"第一段\n\n第二段"},
            {"title":"只有列表","link":"https://mp.weixin.qq.com/s/B","digest":"摘要二",
            "create_time":1700000000,"_accountName":"某号"}]"#;
        let v = parse(t, Path::new("微信公众号文章.json")).unwrap();
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].account.as_deref(), Some("某号"));
        assert_eq!(v[0].author.as_deref(), Some("张三"));
        assert_eq!(v[0].date.as_deref(), Some("2025-12-04 18:00"));
        assert_eq!(v[0].blocks.len(), 2);
        assert_eq!(v[1].status, Status::NotDownloaded);
        assert_eq!(v[1].blocks[0].text, "摘要二");
    }

    #[test]
    fn we_mp_rss_object() {
        let t = r#"{"id":"x","url":"https://mp.weixin.qq.com/s/C","title":"RSS 标题",
            "pic_url":"https://mmbiz.qpic.cn/c.png","description":"简介","status":1,
            "publish_time":1751414400}"#;
        let v = parse(t, Path::new("MP_1/20250702_RSS 标题.json")).unwrap();
        assert_eq!(v[0].title, "RSS 标题");
        assert_eq!(v[0].date.as_deref(), Some("2025-07-02 08:00"));
        assert_eq!(v[0].url.as_deref(), Some("https://mp.weixin.qq.com/s/C"));
    }

    #[test]
    fn bad_json_names_line_and_column() {
        let e = parse("[\n{\"title\": }\n]", Path::new("x.json"))
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("bad JSON at line 2, column 11:"), "{e}");
    }

    #[test]
    fn jsonl_saved_as_json_is_read_as_jsonl() {
        let t = "{\"title\":\"一\",\"content\":\"正文\",\"account\":\"gh_1a2b3c4d\",\"name\":\"某某号\"}\n{\"title\":\"二\",\"content\":\"正文二\"}\n";
        let v = parse(t, Path::new("corpus.json")).unwrap();
        assert_eq!(v.len(), 2);
        assert_eq!(
            v[0].account.as_deref(),
            Some("某某号"),
            "the name, not the ID"
        );
        // A broken array is still reported as broken JSON.
        assert!(parse("[\n{\"title\": }\n]", Path::new("x.json")).is_err());
    }

    #[test]
    fn jsonl_keeps_good_lines() {
        let t = "{\"title\":\"一\",\"content\":\"正文\",\"account\":\"号\"}\n{oops\n\n{\"content\":\"无题正文\"}\n";
        let (v, p) = parse_lines(t, Path::new("c.jsonl"));
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].account.as_deref(), Some("号"));
        assert_eq!(p.len(), 1);
        assert!(p[0].starts_with("bad JSON at line 2"), "{p:?}");
    }
}
