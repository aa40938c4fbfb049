//! Zip exports (we-mp-rss's, or any folder zipped): each entry of a format wxr reads is read
//! as its file would be, the entries of one article (`20250702_title.md` and its `.json`)
//! joined as in a folder; the articles' file is the zip. Bounded: entries of at most 64 MiB,
//! 512 MiB unpacked in all, and [`super::MAX_ARTICLES_PER_FILE`] articles.

use super::library::Library;
use super::{ReadError, finish, format_of, raw_articles};
use crate::model::{Article, Format};
use std::io::Read;
use std::path::Path;

const MAX_ENTRY: u64 = 64 << 20;
const MAX_TOTAL: u64 = 512 << 20;

pub fn parse(bytes: &[u8], path: &Path) -> Result<(Vec<Article>, Vec<String>), ReadError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| ReadError::Broken(format!("not a readable zip ({e})")))?;
    let mut lib = Library::default();
    let mut problems = Vec::new();
    let mut total = 0u64;
    // Articles held (a merge adds none).
    let mut held = 0usize;
    for n in 0..zip.len() {
        let mut entry = match zip.by_index(n) {
            Ok(e) => e,
            Err(e) => {
                problems.push(format!("entry {n}: {e}"));
                continue;
            }
        };
        if entry.is_dir() {
            continue;
        }
        // The entry's name as a path under the zip (never outside it: only its own parts).
        let Some(inner) = entry.enclosed_name() else {
            problems.push(format!("entry {n}: an unsafe name"));
            continue;
        };
        let virt = path.join(&inner);
        // wechatmp2markdown's server names its Markdown entry by the title alone, with no
        // extension (` 冬至包饺子的三种馅 `): such an entry is Markdown if it reads as such.
        let bare = virt.extension().is_none() && entry.size() <= MAX_ENTRY;
        let Some(format) = format_of(&virt)
            .filter(|f| *f != Format::Zip)
            .or(bare.then_some(Format::Markdown))
        else {
            continue;
        };
        if super::is_asset(&virt) {
            continue;
        }
        let name = crate::sanitize::path(&inner);
        if entry.size() > MAX_ENTRY || total + entry.size() > MAX_TOTAL {
            problems.push(format!("{name}: too large to unpack"));
            continue;
        }
        let mut data = Vec::with_capacity(entry.size() as usize);
        // An entry with no extension is looked at before it is unpacked: only one that opens
        // with a `# title` line is (a `LICENSE` or a `.git` object is not).
        if bare
            && (entry.by_ref().take(256).read_to_end(&mut data).is_err()
                || !data.trim_ascii_start().starts_with(b"# "))
        {
            continue;
        }
        if let Err(e) = entry.by_ref().take(MAX_ENTRY).read_to_end(&mut data) {
            problems.push(format!("{name}: {e}"));
            continue;
        }
        total += data.len() as u64;
        match raw_articles(&virt, format, &data) {
            Ok(raw) => {
                problems.extend(raw.problems.into_iter().map(|p| format!("{name}: {p}")));
                for a in raw.articles {
                    if let Some(a) = finish(a)
                        && matches!(lib.add(a), super::library::Added::New(_))
                    {
                        held += 1;
                    }
                }
            }
            Err(e) => problems.push(format!("{name}: {e}")),
        }
        if held >= super::MAX_ARTICLES_PER_FILE {
            problems.push(super::too_many_articles());
            break;
        }
    }
    // we-mp-rss names its zip after the account (`山城慢生活_文章.zip`).
    let account = path
        .file_stem()
        .and_then(|s| s.to_str())
        .and_then(|s| s.strip_suffix("_文章"))
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let out: Vec<Article> = lib
        .iter_live()
        .map(|(_, a)| {
            let mut a = a.clone();
            if a.account.is_none() {
                a.account = account.map(str::to_string);
            }
            a.source = path.to_path_buf();
            a.other_sources.clear();
            a.format = Format::Zip;
            a
        })
        .collect();
    if out.is_empty() {
        return Err(ReadError::NotAnArticle(
            "a zip without articles in it".into(),
        ));
    }
    Ok((out, problems))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(files: &[(&str, &str)]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, body) in files {
            w.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(body.as_bytes()).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    /// we-mp-rss's export zipped: `YYYYMMDD_title.md` (no title line) and its metadata `.json`.
    #[test]
    fn a_zipped_export_is_read_and_its_pairs_joined() {
        let z = zip_of(&[
            (
                "MP_WXS_3001/20250702_降准之后.md",
                "央行宣布降准0.5个百分点，释放长期流动性约1万亿元。\n",
            ),
            (
                "MP_WXS_3001/20250702_降准之后.json",
                r#"{"id":"3001-1","url":"https://mp.weixin.qq.com/s/Zip01","title":"降准之后，钱去了哪里","description":"央行宣布降准。","publish_time":1751414400}"#,
            ),
            ("MP_WXS_3001/cover.jpg", "not text"),
            ("../evil.md", "# 逃出去\n"),
        ]);
        let (arts, problems) = parse(&z, Path::new("/x/export.zip")).unwrap();
        assert_eq!(arts.len(), 1, "{arts:?}");
        let a = &arts[0];
        assert_eq!(a.title, "降准之后，钱去了哪里");
        assert_eq!(a.url.as_deref(), Some("https://mp.weixin.qq.com/s/Zip01"));
        assert!(a.blocks[0].text.contains("释放长期流动性"));
        assert_eq!(a.source, Path::new("/x/export.zip"));
        assert!(
            problems.iter().any(|p| p.contains("unsafe")),
            "{problems:?}"
        );
        assert!(parse(b"PK not really", Path::new("/x/b.zip")).is_err());
    }
}
