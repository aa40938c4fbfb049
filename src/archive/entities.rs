//! HTML character references left in text that is not parsed as HTML (front matter, JSON
//! fields, `<title>` copied by a tool): `&quot;`, `&amp;`, `&#39;`, `&#x4e2d;`.

/// `s` with its named (the common ones) and numeric character references decoded; anything
/// else, a lone `&` included, is kept as written.
pub fn unescape(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        // `;` within a short reach (bytes: `;` is ASCII, so no character is cut).
        let Some(end) = rest.as_bytes()[..rest.len().min(12)]
            .iter()
            .position(|&b| b == b';')
        else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let ch = match name {
            "quot" => Some('"'),
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "apos" => Some('\''),
            "nbsp" => Some(' '),
            "ldquo" => Some('“'),
            "rdquo" => Some('”'),
            "lsquo" => Some('‘'),
            "rsquo" => Some('’'),
            "mdash" => Some('—'),
            "hellip" => Some('…'),
            _ => name.strip_prefix('#').and_then(|n| {
                let code = match n.strip_prefix(['x', 'X']) {
                    Some(h) => u32::from_str_radix(h, 16).ok(),
                    None => n.parse().ok(),
                };
                code.and_then(char::from_u32)
            }),
        };
        if let Some(c) = ch {
            out.push(c);
            rest = &rest[end + 1..];
        } else {
            out.push('&');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::unescape;

    #[test]
    fn references_are_characters_and_the_rest_is_kept() {
        assert_eq!(unescape("他说&quot;好&quot;"), "他说\"好\"");
        assert_eq!(
            unescape("AT&amp;T &#39;24 &#x4e2d;&#25991;"),
            "AT&T '24 中文"
        );
        assert_eq!(
            unescape("A & B &unknown; &#xZZ; &"),
            "A & B &unknown; &#xZZ; &"
        );
        assert_eq!(unescape("无实体"), "无实体");
        assert_eq!(unescape("&中文中文中文；&amp;"), "&中文中文中文；&");
    }
}
