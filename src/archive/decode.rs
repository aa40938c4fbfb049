//! Bytes to text: a BOM first, then UTF-8, else a guess (GBK/GB18030, Big5, …) with chardetng,
//! decoded with `encoding_rs` (REFERENCE.md §1).

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::Encoding;

/// Decoded text, the encoding when it was not UTF-8, and how many bytes could not be decoded
/// (each became U+FFFD).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    /// Borrowed from the file's bytes when they are UTF-8 already (a big file is not copied).
    pub text: std::borrow::Cow<'a, str>,
    pub encoding: Option<&'static str>,
    pub bad_bytes: usize,
}

/// Decodes file bytes. `Err` for files that are not text at all (NUL bytes outside UTF-16).
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, super::ReadError> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        let encoding = (enc != encoding_rs::UTF_8).then(|| enc.name());
        let bad = if had_errors {
            count_replacements(&text)
        } else {
            0
        };
        return Ok(Decoded {
            text: std::borrow::Cow::Owned(text.into_owned()),
            encoding,
            bad_bytes: bad,
        });
    }
    if bytes.contains(&0) {
        return Err(super::ReadError::Binary);
    }
    // simdutf8: std's validation runs at well under 1 GB/s on Chinese text.
    if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
        return Ok(Decoded {
            text: std::borrow::Cow::Borrowed(s),
            encoding: None,
            bad_bytes: 0,
        });
    }
    let mut det = EncodingDetector::new(Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    // The detector's guess depends on the top-level domain hint: `cn` favours GBK, `tw`
    // Big5. GBK's decoder accepts most Big5 bytes (as private-use characters), so ask with
    // each hint and keep the decoding that looks most like text.
    let mut best: Option<(usize, &'static Encoding, String, usize)> = None;
    for tld in [Some(&b"cn"[..]), Some(&b"tw"[..]), None] {
        let enc = det.guess(tld, Utf8Detection::Deny);
        if best.as_ref().is_some_and(|b| b.1 == enc) {
            continue;
        }
        let (text, _, had_errors) = enc.decode(bytes);
        let bad = if had_errors {
            count_replacements(&text)
        } else {
            0
        };
        let private = text
            .chars()
            .filter(|c| ('\u{E000}'..='\u{F8FF}').contains(c))
            .count();
        let score = bad * 4 + private;
        if best.as_ref().is_none_or(|b| score < b.0) {
            best = Some((score, enc, text.into_owned(), bad));
        }
    }
    let Some((_, enc, text, bad)) = best else {
        return Err(super::ReadError::Undecodable(
            "undecodable bytes".to_string(),
        ));
    };
    // Nearly all bytes undecodable: not text in any encoding we know.
    if bad * 4 > text.chars().count().max(1) {
        return Err(super::ReadError::Undecodable(format!(
            "undecodable bytes: not text in UTF-8 or {} ({bad} bad)",
            enc.name()
        )));
    }
    Ok(Decoded {
        text: text.into(),
        encoding: Some(enc.name()),
        bad_bytes: bad,
    })
}

fn count_replacements(s: &str) -> usize {
    s.chars().filter(|&c| c == '\u{FFFD}').count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_passes_through() {
        let d = decode("中文".as_bytes()).unwrap();
        assert_eq!((&*d.text, d.encoding, d.bad_bytes), ("中文", None, 0));
    }

    #[test]
    fn boms_are_honoured() {
        let d = decode(b"\xEF\xBB\xBFabc").unwrap();
        assert_eq!((&*d.text, d.encoding), ("abc", None));
        let d = decode(b"\xFF\xFE\x2d\x4e\x87\x65").unwrap();
        assert_eq!((&*d.text, d.encoding), ("中文", Some("UTF-16LE")));
    }

    #[test]
    fn gbk_is_guessed() {
        let (bytes, _, _) =
            encoding_rs::GBK.encode("微软向OpenAI投资十亿美元，双方的合作由此开始。");
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, "微软向OpenAI投资十亿美元，双方的合作由此开始。");
        assert_eq!(d.encoding, Some("GBK"));
    }

    #[test]
    fn big5_is_guessed() {
        let text = "臺灣的半導體產業在全球佔有重要地位，台積電是其中最大的公司。";
        let (bytes, _, _) = encoding_rs::BIG5.encode(text);
        let d = decode(&bytes).unwrap();
        assert_eq!(d.text, text);
        assert_eq!(d.encoding, Some("Big5"));
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert!(
            decode(b"ab\0cd")
                .unwrap_err()
                .to_string()
                .starts_with("binary file")
        );
    }
}
