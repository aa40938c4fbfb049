//! Metadata by evidence, not by position (issue 13): what a parser took from the place a
//! title or an account usually stands is checked before it is kept. WeChat's interface text
//! (the like bar `赞 在看 轻点两下取消赞`, buttons `知道了`, a site's `无障碍浏览进入关怀版`) is
//! neither; a title that is only the account's name gives way to the title in the file's name;
//! a title that swallowed the byline (`标题 原创 作者 账号`) is cut before it.

use crate::model::Article;

/// Words of WeChat's page furniture, longest first.
const INTERFACE: &[&str] = &[
    "无障碍浏览进入关怀版",
    "在小说阅读器中沉浸阅读",
    "轻点两下取消在看",
    "轻点两下取消赞",
    "继续滑动看下一个",
    "向上滑动看下一个",
    "预览时标签不可点",
    "轻触阅读原文",
    "关注该公众号",
    "微信扫一扫",
    "使用小程序",
    "已无更多数据",
    "阅读原文",
    "写留言",
    "知道了",
    "小程序",
    "视频",
    "在看",
    "分享",
    "留言",
    "收藏",
    "听过",
    "取消",
    "允许",
    "赞",
];

/// Whether `s` is nothing but interface words, spaces and punctuation — a phrase of three
/// characters or more (`知道了`), or two words at least (`赞 在看`): one short word alone can
/// be a real title (`分享`, `视频`).
pub fn is_interface(s: &str) -> bool {
    // Most titles have a letter no interface word has: answered at the first such letter
    // (this runs for every article of an archive).
    static LETTERS: std::sync::OnceLock<std::collections::HashSet<char>> =
        std::sync::OnceLock::new();
    let letters = LETTERS.get_or_init(|| INTERFACE.iter().flat_map(|w| w.chars()).collect());
    if s.chars()
        .any(|c| c.is_alphanumeric() && !letters.contains(&c))
    {
        return false;
    }
    let mut rest = s.to_string();
    let (mut words, mut phrase) = (0, false);
    for w in INTERFACE {
        let n = rest.matches(w).count();
        if n > 0 {
            words += n;
            phrase |= w.chars().count() >= 3;
            rest = rest.replace(w, "");
        }
    }
    let left = rest.chars().filter(|c| c.is_alphanumeric()).count();
    left == 0 && (phrase || words >= 2)
}

/// Where the author ends and the account begins in `原创 Leo Zhang 潮汐 Venture 2025-…` (the
/// exporter joins the two with a space, and a name may hold one): the split whose account ends
/// a line elsewhere in the file (`rest`: the file less this line; Turndown's copy keeps the
/// account's card, `![](avatar) 潮汐 Venture`, at the end) wins, the longest such account
/// first; else the author is one word, or two Latin words (a given and a family name), and
/// the account the rest. `names` holds two at least ([`MAX_NAMES`] at most).
pub fn split_names(names: &[&str], rest: &str) -> (String, String) {
    let split = |k: usize| (names[..k].join(" "), names[k..].join(" "));
    let ends_a_line = |acc: &str| {
        rest.lines().any(|l| {
            l.trim_end()
                .strip_suffix(acc)
                .is_some_and(|before| before.is_empty() || before.ends_with([' ', ')', '>']))
        })
    };
    if names.len() > 2
        && let Some(k) = (1..names.len()).find(|&k| ends_a_line(&split(k).1))
    {
        return split(k);
    }
    let latin = |w: &str| {
        w.chars()
            .all(|c| c.is_ascii_alphabetic() || c == '.' || c == '-')
    };
    let k = if names.len() > 2 && latin(names[0]) && latin(names[1]) {
        2
    } else {
        1
    };
    split(k)
}

/// The most words an author and an account take in a byline (more: not a byline).
pub const MAX_NAMES: usize = 6;

/// wechat-article-exporter's `getPureContent` (its TXT and JSON up to v2.3.10): the article
/// block's text on one line — `title [原创] author account 在小说阅读器中沉浸阅读 body 阅读` —
/// split into the head (title and byline) and the body, the read-count label gone.
pub fn pure_content(text: &str) -> Option<(&str, &str)> {
    let t = text.trim();
    let i = t.find(super::chrome::READER_MODE)?;
    // The label stands after the title and the byline, never deep in the text; and the
    // text is all on one line.
    if t[..i].chars().count() > 300 || t.contains('\n') {
        return None;
    }
    let body = t[i + super::chrome::READER_MODE.len()..].trim();
    let body = body.strip_suffix(" 阅读").unwrap_or(body).trim();
    Some((t[..i].trim(), body))
}

/// The byline after the title in [`pure_content`]'s head (`原创 author account`): the author
/// and the account, if named.
pub fn pure_byline(rest: &str) -> (Option<String>, Option<String>) {
    let mut names: Vec<&str> = rest.split_whitespace().collect();
    if names.first() == Some(&"原创") {
        names.remove(0);
    }
    match names.as_slice() {
        [] => (None, None),
        [account] => (None, Some((*account).to_string())),
        names if names.len() > MAX_NAMES => (None, None),
        names => {
            let (au, acc) = split_names(names, "");
            (Some(au), Some(acc))
        }
    }
}

/// The title at the start of `head` that a file name written by the exporter stands for: it
/// put `_` for every character not a Chinese character, a letter, a digit or a bracket
/// (`云栖机器人获3亿元A轮融资_协作机械臂年内量产` for `…融资，协作…`).
pub fn title_by_file_name<'h>(head: &'h str, stem: &str) -> Option<&'h str> {
    let mut chars = head.char_indices();
    let mut end = 0;
    for s in stem.chars() {
        let (i, h) = chars.next()?;
        if !(s == h || (s == '_' && !h.is_alphanumeric())) {
            return None;
        }
        end = i + h.len_utf8();
    }
    // The title ends where the byline begins.
    let next = head[end..].chars().next();
    (stem.chars().count() > 0 && next.is_none_or(char::is_whitespace)).then(|| &head[..end])
}

/// Checks the title and the account of `a` against the evidence; `file_title` is the title
/// its file's name gives (`20240101某某标题.md` → `某某标题`), if any.
pub fn check(a: &mut Article, file_title: &str) {
    if a.account.as_deref().is_some_and(is_interface) {
        a.account = None;
    }
    if a.author.as_deref().is_some_and(is_interface) {
        a.author = None;
    }
    let file_title = file_title.trim();
    let usable_file_title =
        !file_title.is_empty() && !file_title.chars().all(|c| c.is_ascii_digit());
    if is_interface(&a.title) {
        a.title = if usable_file_title {
            file_title.to_string()
        } else {
            String::new()
        };
        return;
    }
    // The account's name where the title stands, while the file's name has a title.
    if usable_file_title
        && a.account.as_deref() == Some(a.title.trim())
        && file_title != a.title.trim()
    {
        a.title = file_title.to_string();
        return;
    }
    // `标题 原创 作者 账号 正文…`: the byline and what follows are not the title.
    if let Some(i) = a.title.find(" 原创 ").or_else(|| a.title.find("  原创")) {
        let after = &a.title[i..];
        let named = [a.author.as_deref(), a.account.as_deref()]
            .into_iter()
            .flatten()
            .any(|n| !n.is_empty() && after.contains(n));
        if named && i > 0 {
            a.title = a.title[..i].trim_end().to_string();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Format;

    fn art(title: &str, account: Option<&str>, author: Option<&str>) -> Article {
        let mut a = crate::archive::blank_article(std::path::Path::new("/x.md"), Format::Markdown);
        a.title = title.into();
        a.account = account.map(Into::into);
        a.author = author.map(Into::into);
        a
    }

    #[test]
    fn interface_text_is_no_title_and_no_account() {
        let mut a = art(
            "： ， 。 视频 小程序 赞 ，轻点两下取消赞 在看 ，轻点两下取消在看",
            Some("知道了"),
            None,
        );
        check(&mut a, "出海建站的一年");
        assert_eq!(a.title, "出海建站的一年");
        assert_eq!(a.account, None);
        let mut a = art("真标题", Some("无障碍浏览进入关怀版"), None);
        check(&mut a, "");
        assert_eq!((a.title.as_str(), a.account.as_deref()), ("真标题", None));
        assert!(!is_interface("赞美诗"));
        assert!(!is_interface("分享"));
        assert!(!is_interface("在看什么"));
    }

    #[test]
    fn the_account_as_title_gives_way_to_the_file_name() {
        let mut a = art("某某号", Some("某某号"), None);
        check(&mut a, "某某标题");
        assert_eq!(a.title, "某某标题");
        // A file named by digits only says nothing.
        let mut a = art("某某号", Some("某某号"), None);
        check(&mut a, "01");
        assert_eq!(a.title, "某某号");
    }

    #[test]
    fn a_title_that_swallowed_the_byline_is_cut() {
        let mut a = art(
            "出海建站的一年 原创 张三 某某号 这里记录",
            Some("某某号"),
            Some("张三"),
        );
        check(&mut a, "");
        assert_eq!(a.title, "出海建站的一年");
        // 原创 inside a title that names no one here stays.
        let mut a = art("什么是 原创 内容", Some("某某号"), None);
        check(&mut a, "");
        assert_eq!(a.title, "什么是 原创 内容");
    }

    /// The exporter's `原创 ${author} ${nick_name}` with spaces in the names.
    #[test]
    fn names_with_spaces_split_by_what_the_file_says_else_by_their_shape() {
        let names = ["Leo", "Zhang", "潮汐", "Venture"];
        let want = ("Leo Zhang".to_string(), "潮汐 Venture".to_string());
        assert_eq!(split_names(&names, "![](x) 潮汐 Venture\n阅读"), want);
        assert_eq!(split_names(&names, ""), want);
        let names = ["Tina", "Wang", "InfoQ", "中文"];
        assert_eq!(split_names(&names, "").1, "InfoQ 中文");
        assert_eq!(split_names(&["张三", "InfoQ", "中文"], "").1, "InfoQ 中文");
        assert_eq!(
            split_names(
                &["张三", "InfoQ", "中文"],
                "关注 张三 InfoQ\n文中说的是中文\n"
            )
            .0,
            "张三",
            "an account the file does not name again is not guessed from it"
        );
    }

    /// `getPureContent`: the page's text on one line (TXT and JSON up to v2.3.10).
    #[test]
    fn one_line_page_text_splits_into_head_and_body() {
        let t = "云栖获3亿元A轮融资，量产在即 原创 林知夏 硬科技观察 在小说阅读器中沉浸阅读 9月2日，云栖宣布融资。 阅读";
        let (head, body) = pure_content(t).unwrap();
        assert_eq!(body, "9月2日，云栖宣布融资。");
        let title = title_by_file_name(head, "云栖获3亿元A轮融资_量产在即").unwrap();
        assert_eq!(title, "云栖获3亿元A轮融资，量产在即");
        assert_eq!(
            pure_byline(&head[title.len()..]),
            (Some("林知夏".into()), Some("硬科技观察".into()))
        );
        assert_eq!(title_by_file_name(head, "别的标题"), None);
        assert_eq!(
            pure_content("正文里说到在小说阅读器中沉浸阅读\n第二行"),
            None
        );
    }
}
