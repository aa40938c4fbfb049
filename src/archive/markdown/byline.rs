//! The exporters' metadata lines at the top of a Markdown body: wechatDownload's
//! `原创 author [account](javascript…)`, wechat-article-exporter's and wechatmp2markdown's
//! `原创 author account time place` (names with spaces split by evidence), the profile card
//! under them, and the `原文地址` link.

use crate::archive::meta;
use crate::model::Article;

/// Removes the exporters' metadata lines from the first lines of the body, filling `a`.
pub(super) fn take_meta_lines(body: &str, a: &mut Article) -> String {
    let cut = meta_lines(body, a);
    let mut out = String::with_capacity(body.len());
    let mut at = 0;
    for r in cut {
        out.push_str(&body[at..r.start]);
        at = r.end;
    }
    out.push_str(&body[at..]);
    out
}

/// The exporters' metadata lines among the first lines of the body, as byte ranges of it
/// (each with its line break), filling `a` from them.
pub(super) fn meta_lines(body: &str, a: &mut Article) -> Vec<std::ops::Range<usize>> {
    let mut cut = Vec::new();
    let mut offset = 0;
    // The account's profile card html2text keeps under the byline (wechatDownload 2.x):
    // `**name**`, `微信号  id`, `功能介绍  text`.
    let mut card = false;
    // Metadata lines are only near the top.
    for (n, line) in body.split_inclusive('\n').take(16).enumerate() {
        let start = offset;
        offset += line.len();
        let t = line.trim();
        if n < 12 && (wechat_download_meta(t, a) || exporter_meta(t, a, n < 4, body)) {
            cut.push(start..offset);
            continue;
        }
        let named = a.account.as_deref().is_some_and(|acc| {
            t.strip_prefix("**").and_then(|x| x.strip_suffix("**")) == Some(acc)
        });
        if n < 12 && (named || (card && (t.starts_with("微信号 ") || t.starts_with("功能介绍 "))))
        {
            card = true;
            cut.push(start..offset);
            continue;
        }
        if a.url.is_none()
            && let Some(u) = source_link(t)
        {
            a.url = Some(u);
            cut.push(start..offset);
        }
    }
    cut
}

/// `原创  author  [ account ](javascript:void\(0\);)` (the author part may be absent).
fn wechat_download_meta(t: &str, a: &mut Article) -> bool {
    // Most lines have no `]` at all: one `memchr` says so.
    if memchr::memchr(b']', t.as_bytes()).is_none() {
        return false;
    }
    let Some(link) = memchr::memmem::find(t.as_bytes(), b"](javascript:") else {
        return false;
    };
    let Some(open) = t[..link].rfind('[') else {
        return false;
    };
    let account = t[open + 1..link].trim();
    let author = t[..open].trim().trim_start_matches("原创").trim();
    // Newer pages repeat the author in a hidden element, and html2text keeps both.
    let words: Vec<&str> = author.split_whitespace().collect();
    let author = match words.as_slice() {
        [first, rest @ ..] if !rest.is_empty() && rest.iter().all(|w| w == first) => first,
        _ => author,
    };
    if !account.is_empty() && a.account.is_none() {
        a.account = Some(account.to_string());
    }
    if !author.is_empty() && a.author.is_none() {
        a.author = Some(author.to_string());
    }
    true
}

/// The exporter's `原创 author nick_name create_time province` line; near the top (`early`),
/// also a reposted article's `author  account  2025-11-10 12:00` without `原创`
/// (wechatmp2markdown writes `#meta_content` as it reads: one or two names, then the time).
fn exporter_meta(t: &str, a: &mut Article, early: bool, body: &str) -> bool {
    let rest = match t.strip_prefix("原创") {
        Some(rest) => rest,
        None if early && plain_byline(t) => t,
        None => return false,
    };
    let tokens: Vec<&str> = rest.split_whitespace().collect();
    // The time is `YYYY-MM-DD` (optionally followed by `HH:MM[:SS]`).
    let Some(di) = tokens
        .iter()
        .position(|tok| meta::normalize_date(tok).is_some())
    else {
        // `原创 author account` with no time (wechatDownload ≤ 2.1), at the top only.
        let plain = |w: &str| {
            w.chars().count() <= 20
                && !w.contains([
                    '，', '。', '！', '？', '：', '[', '(', '#', '*', '|', '丨', '｜', '/',
                ])
        };
        // wechatmp2markdown's first version wrote the whole block: the profile card follows
        // (`江南旧事 微信号 id 功能介绍 …`, the account's name again).
        let mut names: Vec<&str> = match tokens.iter().position(|w| *w == "微信号") {
            Some(i) => tokens[..i].to_vec(),
            None => tokens.clone(),
        };
        names.dedup();
        return match names.as_slice() {
            [author, account]
                if early && t.starts_with("原创") && plain(author) && plain(account) =>
            {
                a.author.get_or_insert_with(|| (*author).to_string());
                a.account.get_or_insert_with(|| (*account).to_string());
                true
            }
            _ => false,
        };
    };
    // A sentence that holds a date is no byline.
    if di > crate::archive::evidence::MAX_NAMES {
        return false;
    }
    let mut date = tokens[di].to_string();
    if let Some(time) = tokens.get(di + 1).filter(|x| x.contains(':')) {
        date = format!("{date} {time}");
    }
    if a.date.is_none() {
        a.date = meta::normalize_date(&date);
    }
    match &tokens[..di] {
        [] => {}
        [account] => {
            a.account.get_or_insert_with(|| (*account).to_string());
        }
        names => {
            let rest = if names.len() > 2 {
                body.replace(t, "")
            } else {
                String::new()
            };
            let (author, account) = crate::archive::evidence::split_names(names, &rest);
            a.author.get_or_insert(author);
            a.account.get_or_insert(account);
        }
    }
    true
}

/// `王五  出海手记   2025-11-10 12:00`: one or two short names, then a date (and a time, and
/// a place): nothing of a sentence.
fn plain_byline(t: &str) -> bool {
    let tokens: Vec<&str> = t.split_whitespace().collect();
    let Some(di) = tokens
        .iter()
        .position(|x| meta::normalize_date(x).is_some())
    else {
        return false;
    };
    let plain = |w: &str| !w.contains(['，', '。', '！', '？', '：', '、', '[', '(', '#', '*']);
    (1..=2).contains(&di)
        && tokens.len() <= di + 3
        && tokens[..di]
            .iter()
            .all(|w| (1..=20).contains(&w.chars().count()) && plain(w) && !w.contains(':'))
        // After the date: a time, a place (`广东`), nothing else.
        && tokens[di + 1..]
            .iter()
            .all(|w| plain(w) && (w.contains(':') || w.chars().count() <= 6))
}

/// `> 原文地址: [url](url)` or `原文链接：url`.
fn source_link(t: &str) -> Option<String> {
    let t = t.trim_start_matches('>').trim();
    let rest = ["原文地址", "原文链接", "文章链接", "原文"]
        .iter()
        .find_map(|k| t.strip_prefix(k))?
        .trim_start_matches([':', '：', ' ']);
    let url = match rest.rfind("](") {
        Some(i) => rest[i + 2..].trim_end_matches(')'),
        None => rest.trim_start_matches('[').trim_end_matches(']'),
    };
    url.starts_with("http").then(|| url.to_string())
}
