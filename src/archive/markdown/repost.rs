//! Reposts and archives name where an article came from in their first lines: a source line
//! (`原文来自「界面新闻」：~~[title](url)~~`, `原文：钛媒体：~~[…](…)~~`, `来源：[中国数字时代](…)`),
//! and the original's byline (`作者：谢欣`, `记者/ 韩谦`, `文｜巴芮`, `原创：黄沙律师 深圳沙沙`).
//! Terminus2049's posts are all so; many reposts are too. What they give fills what the file
//! did not say: the account (the byline's own account first, then the named source), the
//! author, and the article's address (`crate::archive::markdown` decides the order).

/// What a repost's first lines say.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Repost {
    /// The account a WeChat byline names (`原创：author account`).
    pub byline_account: Option<String>,
    /// The account or site the source line names.
    pub source: Option<String>,
    pub author: Option<String>,
    /// The article's own address from the source line (archive copies are not).
    pub url: Option<String>,
    /// A publish date the text states (`发布时间：2019-08-08`, `时间：2018年4月8日`): an
    /// archive's front-matter date may be another day (Terminus2049's is the day of deletion).
    pub published: Option<String>,
}

/// Reads the first lines of a body (after front matter).
pub fn read(body: &str) -> Repost {
    let mut r = Repost::default();
    let mut after_source = false;
    for line in body.lines().filter(|l| !l.trim().is_empty()).take(16) {
        let t = line.trim().trim_start_matches('>').trim();
        // The original's address names its day (`caixin.com/2018-08-15/…`,
        // `…gh_088decdf1338_2019-03-15_…`): on the source line or the link under it.
        let source_link = after_source && t.starts_with("~~[");
        after_source = false;
        if (source_link || source_rest(t).is_some()) && r.published.is_none() {
            r.published = date_in_link(t);
        }
        if let Some(rest) = source_rest(t) {
            after_source = true;
            // `本文转载自微信公众号：X` names the original, over the copy a source line named.
            if r.source.is_none() || rest.0 == "转载自" {
                r.source = source_name(rest.1, rest.0).or(r.source.take());
            }
            if r.url.is_none() {
                r.url = first_url(rest.1);
            }
            continue;
        }
        // `呦呦鹿鸣：~~[title](url)~~`, `煮咖啡的劳伦斯 荒诞主义咖啡：~~[…](…)~~`: an account
        // (after its author) and the struck-out link to the gone original.
        if let Some((who, link)) = t.split_once('：')
            && link.trim_start().starts_with("~~[")
            && r.source.is_none()
        {
            let mut words = who.split_whitespace();
            let (first, last) = (words.next(), words.next_back());
            let account = last.or(first).unwrap_or("");
            if (2..=20).contains(&account.chars().count()) && !account.contains(['[', '(', '~']) {
                r.source = Some(account.to_string());
                if let (Some(author), Some(_)) = (first, last)
                    && r.author.is_none()
                    && (2..=20).contains(&author.chars().count())
                {
                    r.author = Some(author.to_string());
                }
                if r.url.is_none() {
                    r.url = first_url(link);
                }
                continue;
            }
        }
        // WeChat's repost card: `以下文章来源于艾逗笔 ，作者idoubi`.
        if let Some(rest) = t.strip_prefix("以下文章来源于") {
            let (source, author) = rest.split_once(['，', ',']).unwrap_or((rest, ""));
            let source = source.trim();
            if r.source.is_none() && (2..=20).contains(&source.chars().count()) {
                r.source = Some(source.to_string());
            }
            let author = author.trim().trim_start_matches("作者").trim();
            if r.author.is_none() && (2..=24).contains(&author.chars().count()) {
                r.author = Some(author.to_string());
            }
            continue;
        }
        if r.published.is_none()
            && let Some(d) = ["发布时间：", "发布时间:", "时间：", "时间:", "发布于"]
                .iter()
                .find_map(|k| t.strip_prefix(k))
                .and_then(crate::archive::meta::normalize_date)
        {
            r.published = Some(d);
            continue;
        }
        if r.author.is_none()
            && let Some((author, account)) = byline(t)
        {
            r.author = Some(author);
            r.byline_account = account;
        }
    }
    r
}

/// A credit at the end of a body: `作者：X，原载：Y，本文版权归属作者/原载媒体。` — the
/// source (`原载`) and the author, from the last lines.
pub fn read_tail(body: &str) -> (Option<String>, Option<String>) {
    // From the end, lazily: a body's lines are not all walked for its last few.
    for line in body.rsplit('\n').filter(|l| !l.trim().is_empty()).take(12) {
        let t = line.trim().trim_matches(['_', '*', '>', ' ']);
        let Some(at) = ["原载：", "原载:", "原载于"]
            .iter()
            .find_map(|k| t.find(k).map(|i| i + k.len()))
        else {
            continue;
        };
        let field = |s: &str| {
            let end = s.find(['，', ',', '。', '；', ';', ' ']).unwrap_or(s.len());
            let v = s[..end].trim();
            (2..=20).contains(&v.chars().count()).then(|| v.to_string())
        };
        let source = field(&t[at..]);
        let author = ["作者：", "作者:"]
            .iter()
            .find_map(|k| t.find(k).map(|i| &t[i + k.len()..]))
            .and_then(field);
        return (source, author);
    }
    (None, None)
}

/// A day written `YYYY-MM-DD` inside the first web address of `t`.
fn date_in_link(t: &str) -> Option<String> {
    let at = t.find("http")?;
    let url = &t[at..t[at..].find([')', ' ', '>']).map_or(t.len(), |e| at + e)];
    let b = url.as_bytes();
    (0..b.len().saturating_sub(9)).find_map(|i| {
        let d = &b[i..i + 10];
        let digits = |r: std::ops::Range<usize>| d[r].iter().all(u8::is_ascii_digit);
        let fits = digits(0..4)
            && d[4] == b'-'
            && digits(5..7)
            && d[7] == b'-'
            && digits(8..10)
            && (d.starts_with(b"19") || d.starts_with(b"20"))
            && (i == 0 || !b[i - 1].is_ascii_digit())
            && b.get(i + 10).is_none_or(|c| !c.is_ascii_digit());
        fits.then(|| crate::archive::meta::normalize_date(&url[i..i + 10]))
            .flatten()
    })
}

/// The source keyword and what follows it, when the line is a source line.
fn source_rest(t: &str) -> Option<(&'static str, &str)> {
    // `本文由简悦SimpRead转码，原文来自…`: the keyword after a clause.
    // The keyword starts the line or a short clause at its start (`本文由简悦转码，原文来自`):
    // only the line's first 160 bytes are searched (a body's first lines are paragraphs).
    let mut reach = t.len().min(160);
    while !t.is_char_boundary(reach) {
        reach -= 1;
    }
    let head = &t[..reach];
    if !["原文", "来源", "出自", "源自", "来自", "首发于", "转载自"]
        .iter()
        .any(|k| head.contains(k))
    {
        return None;
    }
    let (i, k) = [
        "原文来自",
        "原文：",
        "原文:",
        "来源：",
        "来源:",
        "出自",
        "源自",
        "来自",
        "首发于",
        "转载自",
    ]
    .iter()
    .filter_map(|k| head.find(k).map(|i| (i, *k)))
    .min_by_key(|(i, _)| *i)?;
    let before = &t[..i];
    if !(before.is_empty()
        || before.ends_with('，')
        || before.ends_with(',')
        || ["信息", "本文", "文章", "转载", "转自", "内容", "文章首发"].contains(&before))
    {
        return None;
    }
    let rest = &t[i + k.len()..];
    // `出自` / `源自` / `来自` are words of prose too: only before a kind of account
    // (`来自微信 [深约一丈](…)`, `出自公号 …`, `信息源自微信公号「…」`).
    if matches!(k, "出自" | "源自" | "来自" | "首发于" | "转载自") {
        let r = rest.trim_start_matches([' ', '：', ':']);
        if !["微信", "公号", "公众号", "订阅号", "「"]
            .iter()
            .any(|kind| r.starts_with(kind))
        {
            return None;
        }
    }
    Some((k, rest))
}

/// The account or site a source line names: `「X」`, `【X】`, `**X**`, `[X](url)` after a word
/// for an account, or the words before `：` (`钛媒体：~~[…]`).
fn source_name(rest: &str, keyword: &str) -> Option<String> {
    const KINDS: &[&str] = &[
        "微信公众号",
        "微信订阅号",
        "微信公号",
        "微信号",
        "订阅号",
        "公众号",
        "公号",
        "微信",
        "微博",
    ];
    // A name in 「」 anywhere on the line is the account (`原文来自[Matters](…)和订阅号「胡泳」`).
    let in_link_text = |at: usize| {
        let before = &rest[..at];
        before
            .rfind('[')
            .is_some_and(|o| before.rfind(']').is_none_or(|c| c < o))
    };
    if let Some(a) = rest.find('「')
        && !in_link_text(a)
        && let Some(b) = rest[a..]
            .find('」')
            // `「狐度工作室 「：`: a second opening bracket where the closing one belongs.
            .or_else(|| {
                rest[a + '「'.len_utf8()..]
                    .find('「')
                    .map(|b| b + '「'.len_utf8())
            })
    {
        let name = unescape(&link_text(&rest[a + '「'.len_utf8()..a + b]));
        let chars = name.chars().count();
        if (2..=20).contains(&chars) {
            return Some(name);
        }
    }
    let colon = rest.trim_start().starts_with(['：', ':']) || keyword.ends_with(['：', ':']);
    let mut s = rest.trim_start_matches([' ', '：', ':']);
    let mut named_kind = keyword.starts_with("来源");
    for k in KINDS {
        if let Some(r) = s.strip_prefix(k) {
            s = r.trim_start_matches([' ', '：', ':', '房']);
            named_kind = true;
            break;
        }
    }
    let name = if let Some(r) = s.strip_prefix('「').or_else(|| s.strip_prefix('【')) {
        let end = r.find(['」', '】'])?;
        link_text(&r[..end])
    } else if let Some(r) = s.strip_prefix("**") {
        r[..r.find("**")?].to_string()
    } else if (s.starts_with('[') && (named_kind || !colon)) || (named_kind && s.starts_with("~~["))
    {
        // `原文来自[木舟说](url)`, `来源：[中国数字时代](…)`; after `公号：` the link's text is
        // the account (`~~[周志远](…)~~`). After `原文：` it is the title.
        link_text(s)
    } else if s.starts_with('~') || s.starts_with('[') || s.starts_with('<') {
        // `原文来自 ~~[微信公众号现代法学前沿](…)~~`: the link's text names the kind, then
        // the account.
        let text = link_text(s);
        let kind = KINDS.iter().find_map(|k| text.strip_prefix(k))?;
        kind.trim_start_matches([' ', '：', ':']).to_string()
    } else {
        // `钛媒体：~~[…]`, `中国新闻周刊：~~`, `◎智谷趋势（ID：zgtrend）| …`.
        let end = s
            .find(['：', ':', '，', ',', '~', '（', '(', '|', '\\', ' '])
            .unwrap_or(s.len());
        s[..end].trim_start_matches('◎').to_string()
    };
    // `「北窗：“沈阳事件”与百廿校庆」`: the account, a colon, the title.
    let name = match name.trim().strip_prefix('「') {
        Some(inner) if inner.contains('：') => {
            inner.split('：').next().unwrap_or(inner).to_string()
        }
        _ => name,
    };
    let name = unescape(name.trim().trim_matches(['「', '」', ' ']));
    let chars = name.chars().count();
    ((2..=20).contains(&chars) && !name.contains("http") && !NOT_NAMES.contains(&name.as_str()))
        .then_some(name)
}

/// Words that stand for a link, not a name (`出自公号 [原题](…)`).
const NOT_NAMES: &[&str] = &[
    "原题",
    "原文",
    "标题",
    "原标题",
    "链接",
    "原文链接",
    "原链接",
    "点击",
    "这里",
    "阅读原文",
    "原文地址",
    "地址",
];

/// Markdown's backslash escapes taken off (`墙洞\|NGOCN` → `墙洞|NGOCN`).
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        match (c, chars.clone().next()) {
            ('\\', Some(n)) if n.is_ascii_punctuation() => {}
            _ => out.push(c),
        }
    }
    out
}

/// The text of a Markdown link (`~~[text](url)~~` → `text`), else the text itself.
fn link_text(s: &str) -> String {
    let s = s.trim().trim_matches('~');
    match (s.find('['), s.find("](")) {
        (Some(a), Some(b)) if a < b => s[a + 1..b].to_string(),
        _ => s.to_string(),
    }
}

/// The first web address in a line: inside `(…)`, `<…>` or bare; Markdown and archive
/// wrappers taken off (`…)~~`, `web.archive.org/web/2020…/https://…`). A copy on an archive
/// or a mirror is not the article's address.
pub fn first_url(s: &str) -> Option<String> {
    let at = s.find("http")?;
    let raw = &s[at..];
    let end = raw
        .find(|c: char| {
            c.is_whitespace() || matches!(c, ')' | '>' | '~' | '，' | '。' | '」' | '"' | ']')
        })
        .unwrap_or(raw.len());
    clean_url(&raw[..end])
}

/// An address with Markdown residue and archive wrappers removed; `None` for an archive copy.
pub fn clean_url(u: &str) -> Option<String> {
    let mut u = u
        .trim()
        .trim_end_matches([')', '~', '*', ']', '>', '.', '，', '。', '、']);
    if let Some(i) = u.find("web.archive.org/web/") {
        let inner = &u[i..];
        if let Some(j) = inner.find("/http") {
            u = &inner[j + 1..];
        }
    }
    let host = u.split("://").nth(1)?.split('/').next()?;
    let archive = [
        "archive.is",
        "archive.li",
        "archive.ph",
        "archive.today",
        "wechatscope",
    ]
    .iter()
    .any(|a| host.contains(a))
        || host
            .split(':')
            .next()?
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.');
    (!archive && u.starts_with("http")).then(|| u.to_string())
}

/// `作者：X`, `作者 | X`, `作者=X`, `文｜X`, `文/X`, `记者：X`, `记者/ X  January 27, 2020`,
/// `撰文 X`, `本刊记者/X`, or WeChat's `原创：author account`: the author, and the account
/// when the byline gives one.
fn byline(t: &str) -> Option<(String, Option<String>)> {
    let t = t.trim_matches('*').trim();
    if let Some(rest) = t.strip_prefix("原创：").or_else(|| t.strip_prefix("原创:")) {
        let mut words = rest.split_whitespace();
        let author = words.next()?.to_string();
        return Some((author, words.next().map(str::to_string)));
    }
    let rest = ["本刊记者", "作者", "记者", "撰文", "文"]
        .iter()
        .find_map(|k| {
            let r = t.strip_prefix(k)?;
            // `文` alone is a common first character: a separator must follow it.
            let sep = r.trim_start_matches([' ', '\\']);
            sep.strip_prefix(['：', ':', '｜', '|', '/', '=', 'I'])
                .map(str::trim_start)
                .or_else(|| (*k != "文" && r.starts_with(' ')).then_some(sep))
        })?;
    // The name ends at a bracket, two spaces, or another field (`文/王峭岭 来源/微博`).
    let end = rest
        .find(['（', '(', '，', ',', '。'])
        .into_iter()
        .chain(rest.find("  "))
        .chain(rest.find(" 来源"))
        .chain(rest.find(" 编辑"))
        .min()
        .unwrap_or(rest.len());
    let name = rest[..end].trim().trim_end_matches(['*', ' ']);
    let chars = name.chars().count();
    (2..=24).contains(&chars).then(|| (name.to_string(), None))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(body: &str) -> Repost {
        read(body)
    }

    #[test]
    fn source_lines_name_the_account_and_the_address() {
        let x = r(
            "原文来自「界面新闻」：~~<https://web.archive.org/web/20200124143729/https://mp.weixin.qq.com/s/z9tk>~~\n\n记者：谢欣\n---\n",
        );
        assert_eq!(x.source.as_deref(), Some("界面新闻"));
        assert_eq!(x.url.as_deref(), Some("https://mp.weixin.qq.com/s/z9tk"));
        assert_eq!(x.author.as_deref(), Some("谢欣"));
        let x = r("原文：钛媒体：~~[36 年来](http://www.tmtpost.com/3080199.html)~~\n");
        assert_eq!(x.source.as_deref(), Some("钛媒体"));
        assert_eq!(
            x.url.as_deref(),
            Some("http://www.tmtpost.com/3080199.html")
        );
        let x = r(
            "原文来自微信公众号**人物**，原文~~[逃离](https://mp.weixin.qq.com/s/un)~~\n文｜巴芮\n编辑｜柏栎\n",
        );
        assert_eq!(
            (x.source.as_deref(), x.author.as_deref()),
            (Some("人物"), Some("巴芮"))
        );
        let x = r("原文来自公号：~~[周志远](http://206.189.252.32:8083/abc)~~\n");
        assert_eq!((x.source.as_deref(), x.url), (Some("周志远"), None));
        let x = r(
            "> 本文由[简悦SimpRead](http://ksria.com/simpread/)转码，原文来自微信「墙洞\\|NGOCN」：~~[广州](https://mp.weixin.qq.com/s/fG)~~\n> 作者：缪冬\n",
        );
        assert_eq!(x.source.as_deref(), Some("墙洞|NGOCN"));
        assert_eq!(x.author.as_deref(), Some("缪冬"));
        let x = r("原文来自◎智谷趋势（ID：zgtrend）\\|  旺角黄局长、路口大爷\n");
        assert_eq!(x.source.as_deref(), Some("智谷趋势"));
        let x = r("原文来自：~~[带血的庞氏](https://mp.weixin.qq.com/s/Pr)~~\n");
        assert_eq!(
            (x.source, x.url.as_deref()),
            (None, Some("https://mp.weixin.qq.com/s/Pr"))
        );
    }

    #[test]
    fn source_lines_with_their_kind_of_account_first() {
        for (line, account, url) in [
            (
                "出自公号 ~~[「北窗：“沈阳事件”与百廿校庆：青春」](http://mp.weixin.qq.com/s/E8J)~~",
                "北窗",
                "http://mp.weixin.qq.com/s/E8J",
            ),
            (
                "信息源自微信公号「现代资本主义研究」：~~[紧急关注](https://mp.weixin.qq.com/s/Bp)~~",
                "现代资本主义研究",
                "https://mp.weixin.qq.com/s/Bp",
            ),
            (
                "原文来自 ~~[微信公众号现代法学前沿](https://mp.weixin.qq.com/s/4lu)~~ ，已 404。",
                "现代法学前沿",
                "https://mp.weixin.qq.com/s/4lu",
            ),
            (
                "来自微信 ~~[深约一丈](https://mp.weixin.qq.com/s/T3v)~~",
                "深约一丈",
                "https://mp.weixin.qq.com/s/T3v",
            ),
        ] {
            let x = r(&format!("{line}\n"));
            assert_eq!(x.source.as_deref(), Some(account), "{line}");
            assert_eq!(x.url.as_deref(), Some(url), "{line}");
        }
        for (line, account) in [
            (
                "原文来自微信公众号房「狐度工作室 「：~~[ 中山 ](https://mp.weixin.qq.com/s/68)~~",
                "狐度工作室",
            ),
            (
                "文章来自「财新网」：~~[学诚](http://china.caixin.com/2018-08-15/1.html)~~",
                "财新网",
            ),
            ("文章首发于微信公众号：豫广", "豫广"),
            (
                "呦呦鹿鸣：~~[响水灰犀牛](http://archive.li/MCdNt)~~",
                "呦呦鹿鸣",
            ),
        ] {
            assert_eq!(
                r(&format!("{line}\n")).source.as_deref(),
                Some(account),
                "{line}"
            );
        }
        let x =
            r("煮咖啡的劳伦斯 荒诞主义咖啡：~~[西伦敦](https://mp.weixin.qq.com/s?__biz=M)~~\n");
        assert_eq!(x.source.as_deref(), Some("荒诞主义咖啡"));
        assert_eq!(x.author.as_deref(), Some("煮咖啡的劳伦斯"));
        let x = r(
            "原文来自公号「~~[金庸江湖网](https://mp.weixin.qq.com/s/S5)~~」\n作者：邹思聪\n> 本文转载自微信公众号：邹思聪的新闻笔记\n",
        );
        assert_eq!(x.source.as_deref(), Some("邹思聪的新闻笔记"));
        assert_eq!(
            read_tail(
                "正文\n\n_作者：康奈尔中国校友会，原载：康奈尔中国校友会，本文版权归属作者/原载媒体。_\n\n![](x.jpg)\n"
            ),
            (
                Some("康奈尔中国校友会".into()),
                Some("康奈尔中国校友会".into())
            )
        );
        let x = r(
            "文章来自「财新网」：~~[学诚](http://china.caixin.com/2018-08-15/101315173.html)~~\n",
        );
        assert_eq!(x.published.as_deref(), Some("2018-08-15"));
        let x = r(
            "原文来自◎智谷趋势（ID：zgtrend）\\|  旺角黄局长\n~~[以人民的名义](http://wechatscope.jmsc.hku.hk:8000/html?fn=gh_088decdf1338_2019-03-15_2649947340_X.tar.gz)~~\n",
        );
        assert_eq!(x.published.as_deref(), Some("2019-03-15"));
        // Prose: not a source line.
        assert_eq!(r("来自北京的朋友说，这里很好。\n").source, None);
        assert_eq!(r("我们出自同一所学校。\n").source, None);
    }

    #[test]
    fn a_link_after_a_colon_is_the_title_not_the_source() {
        let x = r(
            "原文来自： [愤怒的人民已不再恐惧](https://github.com/a/b/README.md)\n\n作者：许章润\n",
        );
        assert_eq!((x.source, x.author.as_deref()), (None, Some("许章润")));
        let x = r("原文：[兽爷 \\｜ 我们与恶的距离](https://archive.li/YMqCT)\n");
        assert_eq!((x.source, x.url), (None, None));
        let x = r(
            "原文来自[Matters](https://matters.news/x)和订阅号「胡泳」：~~[中国](http://wechatscope.jmsc.hku.hk:8000/h)~~\n",
        );
        assert_eq!(x.source.as_deref(), Some("胡泳"));
        assert_eq!(x.url.as_deref(), Some("https://matters.news/x"));
        let x = r("原文来自[木舟说](http://206.189.252.32:8083/a)\n");
        assert_eq!((x.source.as_deref(), x.url), (Some("木舟说"), None));
    }

    #[test]
    fn a_repost_card_and_a_stated_publish_date() {
        let x = r("以下文章来源于艾逗笔  ，作者idoubi\n\n发布时间：2019-08-08\n");
        assert_eq!(
            (x.source.as_deref(), x.author.as_deref()),
            (Some("艾逗笔"), Some("idoubi"))
        );
        assert_eq!(x.published.as_deref(), Some("2019-08-08"));
        assert_eq!(
            r("时间：2018年4月8日\n").published.as_deref(),
            Some("2018-04-08")
        );
        assert_eq!(r("时间：就是金钱\n").published, None);
    }

    #[test]
    fn a_wechat_byline_names_the_account_itself() {
        let x = r(
            "原文来自【黄沙律师】：~~[为什么](https://mp.weixin.qq.com/s?__biz=M)~~\n\n---\n\n原创：黄沙律师 深圳沙沙\n",
        );
        assert_eq!(x.source.as_deref(), Some("黄沙律师"));
        assert_eq!(x.byline_account.as_deref(), Some("深圳沙沙"));
        assert_eq!(x.author.as_deref(), Some("黄沙律师"));
    }

    #[test]
    fn bylines_in_their_many_forms() {
        for (line, want) in [
            ("作者：孙近德（广州市民）", "孙近德"),
            ("作者 \\| 刘然", "刘然"),
            ("作者=云从龙", "云从龙"),
            ("文/王峭岭 来源/微博", "王峭岭"),
            ("记者/ 韩谦  January 27, 2020", "韩谦"),
            ("撰文 陈晓雪", "陈晓雪"),
            (
                "本刊记者/李想俣 李明子 彭丹妮 杜玮",
                "李想俣 李明子 彭丹妮 杜玮",
            ),
            ("作者 小荐", "小荐"),
            ("记者 王和岩", "王和岩"),
        ] {
            assert_eq!(byline(line).map(|b| b.0).as_deref(), Some(want), "{line}");
        }
        for line in [
            "文章很长",
            "文化是什么",
            "作者说得对，这件事",
            "记者们都来了",
        ] {
            assert_eq!(byline(line), None, "{line}");
        }
    }
}
