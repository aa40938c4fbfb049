//! wechatDownload's CSV article lists (`title,url,time,like_num,read_num,share_num,
//! comment_count`): each row is an article known only by its title, link, time and counts,
//! listed as not downloaded.

use super::blank_article;
use super::meta;
use crate::model::{Article, Block, Format, Status};
use std::path::Path;

pub fn parse(text: &str, path: &Path) -> Result<(Vec<Article>, Vec<String>), super::ReadError> {
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| super::ReadError::Broken(format!("bad CSV header: {e}")))?
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
        .collect();
    let col = |names: &[&str]| headers.iter().position(|h| names.contains(&h.as_str()));
    let (Some(title), Some(url)) = (col(&["title", "标题"]), col(&["url", "link", "链接"]))
    else {
        return Err(super::ReadError::NotAnArticle(
            "not an article list: a CSV without title and url columns".into(),
        ));
    };
    let time = col(&["time", "date", "publish_time", "create_time", "时间"]);
    let counts: Vec<(usize, &str)> = [
        ("read_num", "阅读"),
        ("like_num", "点赞"),
        ("share_num", "分享"),
        ("comment_count", "留言"),
    ]
    .iter()
    .filter_map(|(k, label)| col(&[k]).map(|i| (i, *label)))
    .collect();
    let account = col(&["公众号", "account", "nickname", "nick_name", "mp_name"]);
    let named = account_of_list(path);
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (n, rec) in rdr.records().enumerate() {
        if out.len() == super::MAX_ARTICLES_PER_FILE {
            problems.push(super::too_many_articles());
            break;
        }
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                problems.push(format!("bad CSV at row {}: {e}", n + 2));
                continue;
            }
        };
        let get = |i: usize| rec.get(i).map(str::trim).filter(|s| !s.is_empty());
        let Some(t) = get(title) else { continue };
        let mut a = blank_article(path, Format::Csv);
        a.title = t.to_string();
        a.url = get(url).map(|u| u.replace("&amp;", "&"));
        a.date = time.and_then(get).and_then(|s| {
            s.parse::<i64>()
                .ok()
                .and_then(meta::from_unix_china)
                .or_else(|| meta::normalize_date(s))
        });
        a.account = account
            .and_then(get)
            .map(str::to_string)
            .or_else(|| named.clone());
        a.status = Status::NotDownloaded;
        let stats: Vec<String> = counts
            .iter()
            .filter_map(|(i, label)| get(*i).map(|v| format!("{label} {v}")))
            .collect();
        if !stats.is_empty() {
            a.blocks.push(Block::paragraph(stats.join(" · ")));
        }
        if let Some(u) = &a.url {
            a.blocks.push(Block::paragraph(format!("原文链接：{u}")));
        }
        out.push(a);
    }
    Ok((out, problems))
}

/// The account a list's file name gives: wechatDownload 2.x names it `<account>
/// YYYY-MM-DD-HHMMSS.csv`; a list named as its folder is (`出海手记/出海手记.csv`) names it
/// too. A list named by its time alone (3.x) or generically (`articles.csv`) names none: a
/// folder's name is not taken for an account (it splits one account's articles in two).
fn account_of_list(path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_str()?.trim();
    let stamp = |s: &str| {
        s.len() == 17
            && s.bytes().enumerate().all(|(i, b)| {
                if matches!(i, 4 | 7 | 10) {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            })
    };
    if let Some((name, time)) = stem.rsplit_once(' ')
        && stamp(time)
        && !name.trim().is_empty()
    {
        return Some(name.trim().to_string());
    }
    let folder = path.parent()?.file_name()?.to_str()?;
    // (`articles/articles.csv` or `data/data.csv` names no account: a name in Chinese does.)
    (folder == stem && !stamp(stem) && !stem.is_ascii()).then(|| stem.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_become_not_downloaded_articles() {
        let t = "title,url,time,like_num,read_num,share_num,comment_count\r\n\
                 \"标题,带逗号\",https://mp.weixin.qq.com/s?__biz=Mz&amp;mid=1&amp;idx=1,2024-07-05 12:30:00,5,1200,3,0\r\n\
                 ,https://x,2024-01-01,,,,\r\n";
        let (v, p) = parse(t, Path::new("某号/某号.csv")).unwrap();
        assert!(p.is_empty());
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].title, "标题,带逗号");
        assert_eq!(
            v[0].url.as_deref(),
            Some("https://mp.weixin.qq.com/s?__biz=Mz&mid=1&idx=1")
        );
        assert_eq!(v[0].date.as_deref(), Some("2024-07-05 12:30"));
        assert_eq!(v[0].account.as_deref(), Some("某号"));
        assert_eq!(v[0].status, Status::NotDownloaded);
        assert_eq!(v[0].blocks[0].text, "阅读 1200 · 点赞 5 · 分享 3 · 留言 0");
    }

    /// wechatDownload's list names: 2.x `<account> <time>.csv`, 3.x the time alone; we-mp-rss
    /// `articles.csv` in its zip.
    #[test]
    fn the_account_comes_from_the_list_name_never_from_a_foreign_folder() {
        let acc = |p: &str| account_of_list(Path::new(p));
        assert_eq!(
            acc("x/豆花铺日记 2024-04-08-211530.csv").as_deref(),
            Some("豆花铺日记")
        );
        assert_eq!(
            acc("InfoQ 中文 2024-04-08-211530.csv").as_deref(),
            Some("InfoQ 中文")
        );
        assert_eq!(acc("豆花铺日记/2024-11-09-093012.csv"), None);
        assert_eq!(acc("example/articles.csv"), None);
        assert_eq!(acc("山城慢生活_文章.zip/articles.csv"), None);
        assert_eq!(acc("出海手记/出海手记.csv").as_deref(), Some("出海手记"));
    }

    #[test]
    fn csv_without_the_columns_is_not_a_list() {
        assert!(
            parse("a,b\n1,2\n", Path::new("x.csv"))
                .unwrap_err()
                .to_string()
                .starts_with("not an article")
        );
    }
}
