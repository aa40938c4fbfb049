//! Values from the inline scripts of a saved mp.weixin.qq.com page. The page fills its visible
//! metadata (publish time, account) from script variables when it runs; a saved page never
//! ran, so they are read from the script text: `var ct = "1762747210"`,
//! `var nickname = htmlDecode("…")`, `nick_name: JsDecode('…')`, `var biz = "" || "Mz…"`.

/// The first non-empty string (or number) assigned after any of `keys`.
pub fn value(text: &str, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| {
        let mut from = 0;
        while let Some(i) = text[from..].find(k) {
            let at = from + i + k.len();
            from = at;
            if let Some(v) = literal_chain(&text[at..]).filter(|v| !v.is_empty()) {
                return Some(v);
            }
        }
        None
    })
}

/// Reads `"a" || 'b' || "c"` (each optionally wrapped in `htmlDecode(…)` or `JsDecode(…)`),
/// or a bare number; the first non-empty literal wins.
fn literal_chain(s: &str) -> Option<String> {
    let mut rest = s.trim_start_matches([' ', '\t', '=', ':']);
    // `window.msg_title = window.title = '…'`: skip the chained assignments.
    while let Some(eq) = rest.find(" = ") {
        let target = &rest[..eq];
        if target.is_empty()
            || !target
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
        {
            break;
        }
        rest = &rest[eq + 3..];
    }
    loop {
        let mut wrapped = false;
        for f in ["htmlDecode(", "JsDecode(", "decodeURIComponent("] {
            if let Some(r) = rest.strip_prefix(f) {
                rest = r;
                wrapped = true;
            }
        }
        let (value, after) = match rest.chars().next()? {
            q @ ('"' | '\'') => string_literal(&rest[1..], q)?,
            c if c.is_ascii_digit() => {
                let n: String = rest.chars().take_while(char::is_ascii_digit).collect();
                let len = n.len();
                (n, &rest[len..])
            }
            _ => return None,
        };
        let value = if wrapped {
            html_unescape(&value)
        } else {
            value
        };
        if !value.is_empty() {
            return Some(value);
        }
        let after = after.trim_start_matches([' ', ')']);
        rest = after.strip_prefix("||")?.trim_start();
    }
}

/// A JS string literal body up to the closing `quote`, with escapes decoded.
fn string_literal(s: &str, quote: char) -> Option<(String, &str)> {
    let mut out = String::new();
    let mut it = s.char_indices();
    while let Some((i, c)) = it.next() {
        match c {
            c if c == quote => return Some((out, &s[i + 1..])),
            '\n' => return None,
            '\\' => {
                let (_, e) = it.next()?;
                match e {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    'r' => {}
                    'x' | 'u' => {
                        let n = if e == 'x' { 2 } else { 4 };
                        let hex: String = it.by_ref().take(n).map(|(_, h)| h).collect();
                        let ch = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
                        out.extend(ch);
                    }
                    other => out.push(other),
                }
            }
            c => out.push(c),
        }
    }
    None
}

/// Decodes HTML character references (`&amp;`, `&#39;`, `&#x4e2d;`, `&nbsp;`, …).
pub fn html_unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..].find(';').map(|e| e + 1).filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &rest[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ => name.strip_prefix('#').and_then(|n| {
                    let v = match n.strip_prefix(['x', 'X']) {
                        Some(h) => u32::from_str_radix(h, 16).ok(),
                        None => n.parse().ok(),
                    };
                    v.and_then(char::from_u32)
                }),
            };
            c.map(|c| (c, e))
        });
        if let Some((c, e)) = decoded {
            out.push(c);
            rest = &rest[e + 1..];
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// The text between the `[` that follows `key` and its matching `]`, strings skipped.
pub fn array_after<'a>(text: &'a str, key: &str) -> Option<&'a str> {
    let start = text.find(key)? + key.len();
    let open = start + text[start..].find('[')?;
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in text[open..].char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(&text[open + 1..open + i]);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {

    #[test]
    fn references_are_characters_and_the_rest_is_kept() {
        assert_eq!(html_unescape("他说&quot;好&quot;"), "他说\"好\"");
        assert_eq!(
            html_unescape("AT&amp;T &#39;24 &#x4e2d;&#25991;"),
            "AT&T '24 中文"
        );
        assert_eq!(
            html_unescape("A & B &unknown; &#xZZ; &"),
            "A & B &unknown; &#xZZ; &"
        );
        assert_eq!(html_unescape("&中文中文中文；&amp;"), "&中文中文中文；&");
    }
    use super::*;

    #[test]
    fn reads_the_forms_pages_use() {
        let t = r#"var biz = "" || "MzIz=="; var ct = "1764842451"; var nickname = htmlDecode("A&amp;B");
                   nick_name: JsDecode('号'), var msg_title = '标题\x26amp;\n第二行'.html(false)"#;
        assert_eq!(value(t, &["var biz = "]).as_deref(), Some("MzIz=="));
        assert_eq!(value(t, &["var ct = "]).as_deref(), Some("1764842451"));
        assert_eq!(value(t, &["var nickname = "]).as_deref(), Some("A&B"));
        assert_eq!(value(t, &["nick_name:"]).as_deref(), Some("号"));
        assert_eq!(
            value(t, &["var msg_title = "]).as_deref(),
            Some("标题&amp;\n第二行")
        );
        assert_eq!(value(t, &["var missing = "]), None);
    }

    #[test]
    fn unescapes_entities() {
        assert_eq!(
            html_unescape("a&amp;b&#39;c&#x4e2d;&bogus;&"),
            "a&b'c中&bogus;&"
        );
    }

    #[test]
    fn finds_a_balanced_array() {
        let t = "x = [ {a: '[not]'}, [1, 2] ]; y = [3]";
        assert_eq!(array_after(t, "x ="), Some(" {a: '[not]'}, [1, 2] "));
    }
}
