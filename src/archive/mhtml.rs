//! Web archives (`.mhtml`, `.mht`: a page as the browser saved it, as wechatDownload does):
//! MIME, the page its `text/html` part — quoted-printable or base64, in its charset — read as
//! a saved page is.

use super::ReadError;

/// The HTML of the archive's page.
pub fn html_of(text: &str) -> Result<String, ReadError> {
    let not_archive = || ReadError::Broken("not a web archive (no text/html part)".into());
    let boundary = header_param(head_of(text), "boundary").ok_or_else(not_archive)?;
    let delim = format!("--{boundary}");
    for part in text.split(delim.as_str()).skip(1) {
        let part = part.trim_start_matches(['\r', '\n']);
        let (head, body) = split_head(part);
        let ctype = header(head, "content-type").unwrap_or_default();
        if !ctype.to_ascii_lowercase().starts_with("text/html") {
            continue;
        }
        let encoding = header(head, "content-transfer-encoding")
            .unwrap_or_default()
            .to_ascii_lowercase();
        let bytes = match encoding.trim() {
            "quoted-printable" => quoted_printable(body),
            "base64" => base64(body),
            _ => body.as_bytes().to_vec(),
        };
        let charset = header_param(&ctype, "charset").unwrap_or_else(|| "utf-8".into());
        let enc = encoding_rs::Encoding::for_label(charset.trim().as_bytes())
            .unwrap_or(encoding_rs::UTF_8);
        let (html, _, _) = enc.decode(&bytes);
        return Ok(html.into_owned());
    }
    Err(not_archive())
}

/// The archive's own header: up to the first blank line.
fn head_of(text: &str) -> &str {
    split_head(text).0
}

fn split_head(part: &str) -> (&str, &str) {
    for sep in ["\r\n\r\n", "\n\n"] {
        if let Some(i) = part.find(sep) {
            return (&part[..i], &part[i + sep.len()..]);
        }
    }
    (part, "")
}

/// A header's value (folded lines joined), by case-insensitive name.
fn header(head: &str, name: &str) -> Option<String> {
    let mut value: Option<String> = None;
    for line in head.lines() {
        if let Some(v) = &mut value {
            if line.starts_with([' ', '\t']) {
                v.push(' ');
                v.push_str(line.trim());
                continue;
            }
            break;
        }
        if let Some((k, v)) = line.split_once(':')
            && k.trim().eq_ignore_ascii_case(name)
        {
            value = Some(v.trim().to_string());
        }
    }
    value
}

/// A parameter of a header value (`boundary="----x"`, `charset=utf-8`).
fn header_param(value: &str, name: &str) -> Option<String> {
    let line = if value.contains(':') {
        header(value, "content-type")?
    } else {
        value.to_string()
    };
    line.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case(name)
            .then(|| v.trim().trim_matches('"').to_string())
    })
}

fn quoted_printable(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'=' {
            // A soft line break, or a byte in hex.
            if b.get(i + 1) == Some(&b'\r') && b.get(i + 2) == Some(&b'\n') {
                i += 3;
                continue;
            }
            if b.get(i + 1) == Some(&b'\n') {
                i += 2;
                continue;
            }
            let hex = b
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok());
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    out
}

fn base64(s: &str) -> Vec<u8> {
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        })
    };
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0);
    for v in s.bytes().filter_map(val) {
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// As Chrome saves a page: quoted-printable UTF-8. (wechatDownload writes its own with
    /// Python's `email` package, base64 parts: `tests/fixtures/exporters/wechatDownload/mhtml-*`.)
    #[test]
    fn the_html_part_of_a_web_archive() {
        let mhtml = "From: <Saved by Blink>\r\nSubject: =?utf-8?Q?x?=\r\nMIME-Version: 1.0\r\n\
            Content-Type: multipart/related;\r\n\ttype=\"text/html\";\r\n\tboundary=\"----MultipartBoundary--abc----\"\r\n\r\n\
            ------MultipartBoundary--abc----\r\nContent-Type: text/html\r\nContent-ID: <frame-1@mhtml.blink>\r\n\
            Content-Transfer-Encoding: quoted-printable\r\nContent-Location: https://mp.weixin.qq.com/s/Mht1\r\n\r\n\
            <html><body><h1 id=3D\"activity-name\">=E6=B5=8B=E8=AF=95</h1><div id=3D\"js_content\"><p>=E6=AD=A3=\r\n=E6=96=87</p></div></body></html>\r\n\
            ------MultipartBoundary--abc----\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n\
            ------MultipartBoundary--abc------\r\n";
        let html = html_of(mhtml).unwrap();
        assert!(
            html.contains("<h1 id=\"activity-name\">测试</h1>"),
            "{html}"
        );
        assert!(html.contains("<p>正文</p>"), "{html}");
        assert!(html_of("just text").is_err());
        assert_eq!(base64("5rWL6K+V"), "测试".as_bytes());
    }
}
