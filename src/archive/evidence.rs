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
}
