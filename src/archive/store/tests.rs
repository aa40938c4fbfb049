use super::*;
use crate::model::Block;

fn article(n: usize, paras: usize) -> Article {
    let mut a = crate::archive::blank_article(
        Path::new(&format!("/x/{n}.md")),
        crate::model::Format::Markdown,
    );
    a.title = format!("第{n}篇");
    a.account = Some("号".into());
    a.date = Some("2024-01-02".into());
    a.blocks = (0..paras)
        .map(|i| Block::paragraph(format!("第{i}段，软银投资了OpenAI。\n第二行")))
        .collect();
    a.blocks
        .push(Block::image("https://mmbiz.qpic.cn/x.png", "图"));
    a.blocks.push(Block {
        kind: BlockKind::ListItem {
            ordinal: Some(3),
            depth: 0,
        },
        text: "条目".into(),
    });
    crate::archive::finish(a).unwrap()
}

fn write_store(dir: &Path, real: &Path, files: &[(&str, Vec<Article>)]) -> PathBuf {
    let target = store_path(dir, real).unwrap();
    let mut w = StoreWriter::create(&target, real).unwrap();
    for (i, (rel, arts)) in files.iter().enumerate() {
        let key = FileKey {
            size: i as u64,
            mtime: 1,
            ctime: 2,
            ino: 3,
        };
        w.add_parsed(
            rel.as_bytes(),
            key,
            &mut arts.clone(),
            &["bad line 3".into()],
        )
        .unwrap();
    }
    w.add_failed(
        b"broken.json".to_vec(),
        FileKey::default(),
        Outcome::Unreadable("bad JSON at line 1, column 2".into()),
    );
    w.finish().unwrap();
    target
}

#[test]
fn a_store_reads_back_what_was_written() {
    let tmp = tempfile::tempdir().unwrap();
    let real = Path::new("/some/folder");
    let arts = vec![article(1, 3), article(2, 0)];
    let path = write_store(
        tmp.path(),
        real,
        &[("a/1.md", arts.clone()), ("2.md", vec![article(3, 5)])],
    );
    let store = open(&path, real).unwrap().unwrap();
    assert_eq!(store.files.len(), 3);
    assert_eq!(store.files[0].rel, b"a/1.md");
    let Outcome::Articles { articles, problems } = &store.files[0].outcome else {
        panic!()
    };
    assert_eq!(problems, &["bad line 3"]);
    for (sa, a) in articles.iter().zip(&arts) {
        let listed = sa.to_article(a.source.clone(), store.number);
        assert_eq!(listed.id, a.id);
        assert_eq!(listed.title, a.title);
        assert!(listed.blocks.is_empty());
        assert_eq!(listed.print(), a.print());
        assert_eq!(listed.words(), a.words());
        assert_eq!(listed.images(), a.images());
        let full = body(&listed).unwrap();
        assert_eq!(full.blocks, a.blocks);
        assert_eq!(
            text_of(listed.stored.as_ref().unwrap()).unwrap(),
            a.search_text()
        );
    }
    assert_eq!(
        store.files[2].outcome,
        Outcome::Unreadable("bad JSON at line 1, column 2".into())
    );
    // Only the folder it was made for.
    assert!(matches!(
        open(&path, Path::new("/other")),
        Err(StoreError::Damaged(_))
    ));
    assert!(open(&tmp.path().join("none.wxrl"), real).unwrap().is_none());
}

/// Issue 16: a store is untrusted. Cut short, or a byte changed anywhere, it is never used
/// as it is: the open fails, or the text or blocks read from it fail their checksum.
#[test]
fn a_damaged_store_is_refused_never_trusted() {
    let tmp = tempfile::tempdir().unwrap();
    let real = Path::new("/f");
    let arts = vec![article(1, 4), article(2, 2)];
    let path = write_store(tmp.path(), real, &[("1.md", arts.clone())]);
    let good = std::fs::read(&path).unwrap();
    for cut in [0, 10, 63, 64, 100, good.len() / 2, good.len() - 1] {
        std::fs::write(&path, &good[..cut]).unwrap();
        assert!(open(&path, real).is_err(), "cut at {cut}");
    }
    for at in (0..good.len()).step_by(7) {
        let mut bad = good.clone();
        bad[at] ^= 0x20;
        std::fs::write(&path, &bad).unwrap();
        let Ok(Some(store)) = open(&path, real) else {
            continue;
        };
        // Opened: the change is in a text or shapes, and reading them says so.
        let Outcome::Articles { articles, .. } = &store.files[0].outcome else {
            panic!("{at}")
        };
        let read_all = articles.iter().all(|sa| {
            let a = sa.to_article(PathBuf::from("1.md"), store.number);
            body(&a).is_ok()
        });
        assert!(!read_all, "a byte changed at {at} went unseen");
    }
}

#[cfg(unix)]
#[test]
fn only_a_regular_file_is_opened() {
    let tmp = tempfile::tempdir().unwrap();
    let real = Path::new("/f");
    let path = write_store(tmp.path(), real, &[("1.md", vec![article(1, 1)])]);
    let link = tmp.path().join("link.wxrl");
    std::os::unix::fs::symlink(&path, &link).unwrap();
    assert!(open(&link, real).is_err(), "a symlink is not followed");
    let fifo = tmp.path().join("fifo.wxrl");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let t = std::time::Instant::now();
        assert!(open(&fifo, real).is_err());
        assert!(
            t.elapsed() < std::time::Duration::from_secs(1),
            "a FIFO never blocks"
        );
    }
}

#[cfg(unix)]
#[test]
fn the_store_folder_is_private() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("library");
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).unwrap();
    write_store(&dir, Path::new("/f"), &[("1.md", vec![article(1, 1)])]);
    let mode = std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700, "a folder found open is made private");
    for e in std::fs::read_dir(&dir).unwrap() {
        let mode = e.unwrap().metadata().unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}
