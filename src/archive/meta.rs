//! Metadata helpers shared by the parsers: dates in their many spellings, dates in file
//! names, and YAML front matter (the flat subset Jekyll archives and exporters write).

use std::path::Path;

/// Normalizes a date as exporters write it (`2024-07-05`, `2024/7/5 12:30:00`,
/// `2024年7月5日 12:30`, `20240705`) to `YYYY-MM-DD` or `YYYY-MM-DD HH:MM`.
pub fn normalize_date(s: &str) -> Option<String> {
    let s = s.trim().trim_matches(['"', '\'']);
    let digits_only: String = s.chars().take_while(char::is_ascii_digit).collect();
    if digits_only.len() == 8 && s.len() == 8 {
        return ymd(&digits_only[..4], &digits_only[4..6], &digits_only[6..8]);
    }
    // Split into number groups: year, month, day, then optional hour, minute.
    let nums: Vec<&str> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .collect();
    if nums.len() < 3 || nums[0].len() != 4 {
        return None;
    }
    let date = ymd(nums[0], nums[1], nums[2])?;
    let time = match (nums.get(3), nums.get(4)) {
        (Some(h), Some(m)) => {
            let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
            (h < 24 && m < 60).then(|| format!(" {h:02}:{m:02}"))
        }
        _ => None,
    };
    Some(date + &time.unwrap_or_default())
}

fn ymd(y: &str, m: &str, d: &str) -> Option<String> {
    let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    ((1990..=2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// A date carried by a file name: `20240705标题.md`, `2018-04-09-slug.md`,
/// `[2025-12-20225424]标题.md`, `[账号]-2024-7-5-标题.html`.
pub fn date_from_file_name(path: &Path) -> Option<String> {
    let name = path.file_stem()?.to_str()?;
    let name = name.strip_prefix('[').map_or(name, |rest| {
        // `[2025-12-20225424]…`: a date inside the brackets; `[账号]-…`: skip the account.
        match rest.split_once(']') {
            Some((inner, _)) if inner.starts_with(|c: char| c.is_ascii_digit()) => inner,
            Some((_, after)) => after.trim_start_matches('-'),
            None => rest,
        }
    });
    let head: String = name.chars().take_while(char::is_ascii_digit).collect();
    if head.len() >= 8
        && let Some(d) = ymd(&head[..4], &head[4..6], &head[6..8])
    {
        return Some(d);
    }
    // Y-M-D with one- or two-digit month and day, then a separator or the end.
    let mut parts = name.splitn(4, '-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    let d: String = d.chars().take_while(char::is_ascii_digit).collect();
    if y.len() == 4
        && (1..=2).contains(&m.len())
        && (1..=2).contains(&d.len())
        && let Some(r) = ymd(y, m, &d)
    {
        return Some(r);
    }
    // `2025-12-20225424`: year-month-day glued to the time.
    if y.len() == 4 && m.len() == 2 && d.len() >= 2 {
        return ymd(y, m, &d[..2]);
    }
    None
}

/// Front matter fields wxr uses.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub author: Option<String>,
    pub account: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    pub tags: Vec<String>,
}

/// Splits YAML front matter (`---` … `---` or `...`) off the start of `text`. Returns the
/// fields and the body after it; text without front matter comes back whole.
///
/// Only the flat `key: value` subset is read (with quoted values, `[a, b]` lists and `- a`
/// item lines); blank lines between keys, as Jekyll archives have, are fine. Anything else
/// in it is ignored rather than guessed at.
pub fn split_front_matter(text: &str) -> (FrontMatter, &str) {
    let mut fm = FrontMatter::default();
    let Some(rest) = text.strip_prefix("---\n") else {
        return (fm, text);
    };
    let mut end = None;
    let mut off = 0;
    for line in rest.split_inclusive('\n') {
        let t = line.trim_end();
        if t == "---" || t == "..." {
            end = Some((off, off + line.len()));
            break;
        }
        off += line.len();
    }
    let Some((yaml_end, body_start)) = end else {
        return (fm, text);
    };
    let yaml = &rest[..yaml_end];
    let mut last_key = String::new();
    for line in yaml.lines() {
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        if let Some(item) = line.trim_start().strip_prefix("- ") {
            if last_key == "tags" || last_key == "categories" {
                fm.tags.push(unquote(item));
            }
            continue;
        }
        let Some((k, v)) = line.split_once(':') else {
            continue;
        };
        let key = k.trim().to_ascii_lowercase();
        let v = v.trim();
        last_key.clone_from(&key);
        if v.is_empty() {
            continue;
        }
        match key.as_str() {
            "title" => fm.title = Some(unquote(v)),
            "author" | "authors" => fm.author = Some(unquote(v)),
            "account" | "nickname" | "mp_name" | "source_name" => fm.account = Some(unquote(v)),
            "date" | "publish_time" | "published" | "create_time" => {
                fm.date = normalize_date(&unquote(v));
            }
            "source" | "link" | "url" | "original" | "source_url" => {
                let u = unquote(v);
                if u.starts_with("http") {
                    fm.url = Some(u);
                } else if fm.account.is_none() && !u.is_empty() {
                    fm.account = Some(u);
                }
            }
            "tags" => fm.tags.extend(list(v)),
            _ => {}
        }
    }
    (fm, &rest[body_start..])
}

fn unquote(v: &str) -> String {
    let v = v.trim();
    for q in ['"', '\''] {
        if v.len() >= 2 && v.starts_with(q) && v.ends_with(q) {
            return v[1..v.len() - 1].to_string();
        }
    }
    v.to_string()
}

fn list(v: &str) -> Vec<String> {
    let inner = v.strip_prefix('[').and_then(|x| x.strip_suffix(']'));
    match inner {
        Some(i) => i
            .split(',')
            .map(unquote)
            .filter(|s| !s.is_empty())
            .collect(),
        None => v
            .split([' ', ','])
            .map(unquote)
            .filter(|s| !s.is_empty())
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_many_spellings() {
        assert_eq!(
            normalize_date("2018-02-15 11:45").as_deref(),
            Some("2018-02-15 11:45")
        );
        assert_eq!(normalize_date("2024/7/5").as_deref(), Some("2024-07-05"));
        assert_eq!(
            normalize_date("2024年7月5日 09:03:10").as_deref(),
            Some("2024-07-05 09:03")
        );
        assert_eq!(normalize_date("20240705").as_deref(), Some("2024-07-05"));
        assert_eq!(normalize_date("yesterday"), None);
        assert_eq!(normalize_date("2024-13-01"), None);
    }

    #[test]
    fn dates_in_file_names() {
        let d = |s: &str| date_from_file_name(Path::new(s));
        assert_eq!(d("20240705如何上线.md").as_deref(), Some("2024-07-05"));
        assert_eq!(d("2018-04-09-ShenYang.md").as_deref(), Some("2018-04-09"));
        assert_eq!(
            d("[2025-12-20225424]标题.md").as_deref(),
            Some("2025-12-20")
        );
        assert_eq!(
            d("[某号]-2024-7-5-标题.html").as_deref(),
            Some("2024-07-05")
        );
        assert_eq!(d("202307108000字讲解.md").as_deref(), Some("2023-07-10"));
        assert_eq!(d("notes.md"), None);
        assert_eq!(d("12345678.md"), None);
    }

    #[test]
    fn front_matter_with_blank_lines_between_keys() {
        let t = "---\n\nlayout: post\n\ntitle:  \"沈阳之事\"\n\ndate:   2018-04-09\n\n\
                 tags: [北大, 校园]\nsource: https://example.com/a\n---\n\n正文";
        let (fm, body) = split_front_matter(t);
        assert_eq!(fm.title.as_deref(), Some("沈阳之事"));
        assert_eq!(fm.date.as_deref(), Some("2018-04-09"));
        assert_eq!(fm.tags, vec!["北大", "校园"]);
        assert_eq!(fm.url.as_deref(), Some("https://example.com/a"));
        assert_eq!(body, "\n正文");
    }

    #[test]
    fn unterminated_front_matter_is_body() {
        let t = "---\ntitle: x\n正文";
        assert_eq!(split_front_matter(t).1, t);
    }
}

/// The account in a `[account]-2024-7-5-title.html` file name (`wechat_articles_spider`).
pub fn account_from_file_name(path: &Path) -> Option<String> {
    let name = path.file_stem()?.to_str()?;
    let (inner, rest) = name.strip_prefix('[')?.split_once(']')?;
    let dated = rest
        .trim_start_matches('-')
        .starts_with(|c: char| c.is_ascii_digit());
    (!inner.is_empty() && !inner.starts_with(|c: char| c.is_ascii_digit()) && dated)
        .then(|| inner.to_string())
}

/// A unix time as the date and time in China (UTC+8), where WeChat articles are dated:
/// `1762747210` → `2025-11-10 12:00`. Times before 1990 or after 2100 are rejected as junk.
pub fn from_unix_china(secs: i64) -> Option<String> {
    // Milliseconds are common in JSON exports.
    let secs = if secs > 100_000_000_000 {
        secs / 1000
    } else {
        secs
    };
    let t = secs.checked_add(8 * 3600)?;
    let days = t.div_euclid(86_400);
    let rem = t.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    if !(1990..=2100).contains(&y) {
        return None;
    }
    Some(format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}",
        rem / 3600,
        rem % 3600 / 60
    ))
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// A title made from a file name when the file has none: the stem without the date and
/// account prefixes exporters put there (`20240705标题` → `标题`), and for an exporter's
/// `<name>/index.html` the folder's name.
pub fn title_from_file_name(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = if stem.eq_ignore_ascii_case("index") {
        path.parent()
            .and_then(Path::file_name)
            .map_or(stem.clone(), |n| n.to_string_lossy().into_owned())
    } else {
        stem
    };
    let mut s = stem.as_str();
    if let Some(rest) = s.strip_prefix('[')
        && let Some((_, after)) = rest.split_once(']')
    {
        s = after.trim_start_matches(['-', '_', ' ']);
    }
    // `2024-7-5-` or `20240705` or `20240705_`
    let digits: String = s
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '-')
        .collect();
    if digits.chars().filter(char::is_ascii_digit).count() >= 6 && digits.len() < s.len() {
        s = s[digits.len()..].trim_start_matches(['-', '_', ' ']);
    }
    s.to_string()
}

#[cfg(test)]
mod time_tests {
    use super::*;

    #[test]
    fn unix_times_in_china() {
        assert_eq!(
            from_unix_china(1_764_842_451).as_deref(),
            Some("2025-12-04 18:00")
        );
        assert_eq!(
            from_unix_china(1_764_842_451_000).as_deref(),
            Some("2025-12-04 18:00")
        );
        assert_eq!(from_unix_china(0), None);
        assert_eq!(
            from_unix_china(951_782_400).as_deref(),
            Some("2000-02-29 08:00")
        );
    }

    #[test]
    fn titles_from_file_names() {
        let t = |s: &str| title_from_file_name(Path::new(s));
        assert_eq!(t("20240705如何上线.md"), "如何上线");
        assert_eq!(t("[某号]-2024-7-5-标题.html"), "标题");
        assert_eq!(t("导出/某篇文章/index.html"), "某篇文章");
        assert_eq!(t("01.html"), "01");
    }
}
