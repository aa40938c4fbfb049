use super::*;
use proptest::prelude::*;

fn id(n: u64) -> ArticleId {
    ArticleId(n)
}

#[test]
fn marks_survive_a_reopen() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, w) = Store::open(dir.path());
    assert!(w.is_empty(), "{w:?}");
    s.append(&[Record::Read { id: id(1) }, Record::Bookmark { id: id(2) }])
        .unwrap();
    s.append(&[
        Record::Pos { id: id(3), p: 420 },
        Record::Read { id: id(4) },
    ])
    .unwrap();
    s.append(&[Record::Unread { id: id(4) }]).unwrap();
    let (again, w) = Store::open(dir.path());
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(again.state, s.state);
    assert!(again.state.is_read(id(1)) && !again.state.is_read(id(4)));
    assert_eq!(again.state.positions.get(&id(3)), Some(&420));
}

#[test]
fn a_record_cut_short_by_a_crash_is_skipped_and_the_next_append_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = Store::open(dir.path());
    s.append(&[Record::Read { id: id(1) }]).unwrap();
    // A writer killed mid-record.
    let mut f = OpenOptions::new()
        .append(true)
        .open(dir.path().join(JOURNAL))
        .unwrap();
    f.write_all(b"\n{\"op\":\"read\",\"id\":\"00000000")
        .unwrap();
    drop(f);
    s.append(&[Record::Read { id: id(2) }]).unwrap();
    let (again, w) = Store::open(dir.path());
    assert!(w.is_empty(), "a torn record is not damage: {w:?}");
    assert!(again.state.is_read(id(1)) && again.state.is_read(id(2)));
}

#[test]
fn a_damaged_file_is_moved_aside_with_a_warning_and_what_can_be_read_is_kept() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = Store::open(dir.path());
    s.append(&[Record::Read { id: id(7) }]).unwrap();
    let mut f = OpenOptions::new()
        .append(true)
        .open(dir.path().join(JOURNAL))
        .unwrap();
    f.write_all(b"\nthis is not json\n").unwrap();
    drop(f);
    s.append(&[Record::Read { id: id(8) }]).unwrap();
    let (again, w) = Store::open(dir.path());
    assert_eq!(w.len(), 1, "{w:?}");
    assert!(w[0].contains("damaged (line 4:"), "{w:?}");
    assert!(again.state.is_read(id(7)) && again.state.is_read(id(8)));
    let aside: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .filter_map(std::result::Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".damaged-"))
        .collect();
    assert_eq!(aside.len(), 1, "the damaged file is kept");
    assert!(
        fs::read_to_string(aside[0].path())
            .unwrap()
            .contains("this is not json")
    );
    // And the new journal is clean.
    let (third, w) = Store::open(dir.path());
    assert!(w.is_empty(), "{w:?}");
    assert_eq!(third.state, again.state);
}

#[test]
fn binary_garbage_is_damage_not_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join(JOURNAL),
        b"\xff\xfe\x00garbage\x00\n{\"op\":\"read\",\"id\":\"0000000000000009\"}\n",
    )
    .unwrap();
    let (s, w) = Store::open(dir.path());
    assert!(w[0].contains("damaged"), "{w:?}");
    assert!(s.state.is_read(id(9)));
}

#[test]
fn superseded_records_are_compacted_on_open() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = Store::open(dir.path());
    for _ in 0..700 {
        s.append(&[Record::Read { id: id(1) }, Record::Unread { id: id(1) }])
            .unwrap();
    }
    s.append(&[Record::Read { id: id(5) }]).unwrap();
    let before = fs::metadata(dir.path().join(JOURNAL)).unwrap().len();
    let (again, _) = Store::open(dir.path());
    let after = fs::metadata(dir.path().join(JOURNAL)).unwrap().len();
    assert!(after < before / 100, "{before} -> {after}");
    assert_eq!(again.state, s.state);
}

/// Makes a folder read-only even for root (`chattr +i`), else with permissions. Returns
/// false when neither takes effect here.
fn make_read_only(dir: &Path) -> bool {
    let chattr = std::process::Command::new("chattr")
        .arg("+i")
        .arg(dir)
        .status();
    if !chattr.is_ok_and(|s| s.success()) {
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(dir, fs::Permissions::from_mode(0o555));
    }
    File::create(dir.join("probe")).is_err()
}

fn undo_read_only(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let _ = std::process::Command::new("chattr")
        .arg("-i")
        .arg(dir)
        .status();
    let _ = fs::set_permissions(dir, fs::Permissions::from_mode(0o755));
}

#[test]
fn a_read_only_folder_warns_keeps_the_marks_readable_and_refuses_writes_cleanly() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let (mut s, _) = Store::open(&dir);
    s.append(&[Record::Read { id: id(3) }]).unwrap();
    let ro = make_read_only(&dir);
    // Also the journal itself, for `chattr`.
    let _ = std::process::Command::new("chattr")
        .arg("+i")
        .arg(dir.join(JOURNAL))
        .status();
    let _ = std::process::Command::new("chattr")
        .arg("+i")
        .arg(dir.join("state.lock"))
        .status();
    if ro {
        let (mut again, w) = Store::open(&dir);
        assert!(again.state.is_read(id(3)), "marks on disk are still shown");
        assert!(!w.is_empty() && w[0].contains("not writable"), "{w:?}");
        let err = again
            .append(&[Record::Read { id: id(4) }])
            .unwrap_err()
            .to_string();
        assert!(err.contains("not writable"), "{err}");
        assert!(
            !again.state.is_read(id(4)),
            "an unsaved mark is not applied by the store"
        );
    }
    let _ = std::process::Command::new("chattr")
        .arg("-i")
        .arg(dir.join(JOURNAL))
        .status();
    let _ = std::process::Command::new("chattr")
        .arg("-i")
        .arg(dir.join("state.lock"))
        .status();
    undo_read_only(&dir);
    assert!(
        ro,
        "could not make a folder read-only here (neither chattr nor permissions)"
    );
}

#[test]
fn an_unwritable_place_for_the_folder_warns() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("a-file");
    fs::write(&file, b"x").unwrap();
    let (mut s, w) = Store::open(&file.join("data"));
    assert!(w[0].contains("cannot create the data folder"), "{w:?}");
    assert!(s.append(&[Record::Read { id: id(1) }]).is_err());
}

#[test]
fn merge_records_add_what_is_missing() {
    let mut a = State::default();
    a.apply(&Record::Read { id: id(1) });
    let mut b = State::default();
    b.apply(&Record::Read { id: id(1) });
    b.apply(&Record::Read { id: id(2) });
    b.apply(&Record::Bookmark { id: id(3) });
    b.apply(&Record::Pos { id: id(4), p: 10 });
    let recs = a.merge_records(&b);
    assert_eq!(
        recs,
        vec![
            Record::Read { id: id(2) },
            Record::Bookmark { id: id(3) },
            Record::Pos { id: id(4), p: 10 }
        ]
    );
}

proptest! {
    #[test]
    fn replay_of_compacted_state_is_the_state(ops in prop::collection::vec((0u8..5, 0u64..20, 0u16..1001), 0..80)) {
        let mut s = State::default();
        for (op, n, p) in ops {
            let id = ArticleId(n);
            s.apply(&match op {
                0 => Record::Read { id },
                1 => Record::Unread { id },
                2 => Record::Pos { id, p },
                3 => Record::Bookmark { id },
                _ => Record::Unbookmark { id },
            });
        }
        let mut text = String::new();
        for r in s.records() {
            text.push('\n');
            text.push_str(&serde_json::to_string(&r).unwrap());
            text.push('\n');
        }
        let replayed = journal::replay(&text);
        prop_assert!(replayed.damage.is_none());
        prop_assert_eq!(replayed.state, s);
    }

    #[test]
    fn the_fast_reader_agrees_with_serde(op in 0u8..5, n in any::<u64>(), p in any::<u16>()) {
        let id = ArticleId(n);
        let r = match op {
            0 => Record::Read { id },
            1 => Record::Unread { id },
            2 => Record::Pos { id, p },
            3 => Record::Bookmark { id },
            _ => Record::Unbookmark { id },
        };
        let line = serde_json::to_string(&r).unwrap();
        let mut via_serde = State::default();
        via_serde.apply(&serde_json::from_str(&line).unwrap());
        prop_assert_eq!(journal::replay(&line).state, via_serde);
        prop_assert!(journal::fast(&line).is_some(), "{} took the slow path", line);
    }

    #[test]
    fn replay_never_panics(text in any::<String>()) {
        let _ = journal::replay(&text);
    }
}

#[test]
fn a_journal_damaged_twice_in_one_second_keeps_both_copies() {
    let dir = tempfile::tempdir().unwrap();
    for n in 0..2 {
        fs::write(
            dir.path().join(JOURNAL),
            format!("\n{{\"op\":\"read\",\"id\":\"000000000000000{n}\"}}\nnot json {n}\n"),
        )
        .unwrap();
        let (_, w) = Store::open(dir.path());
        assert!(w[0].contains("damaged"), "{w:?}");
    }
    let mut kept: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .filter_map(std::result::Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains(".damaged-"))
        .map(|e| fs::read_to_string(e.path()).unwrap())
        .collect();
    kept.sort();
    assert_eq!(kept.len(), 2, "{kept:?}");
    assert!(kept[0].contains("not json 0") && kept[1].contains("not json 1"));
}

#[test]
fn a_compaction_that_fails_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let (mut s, _) = Store::open(dir.path());
    s.append(&[Record::Read { id: id(3) }]).unwrap();
    // The journal's name taken by a folder: the rename at the end of a compaction fails.
    let state = s.state.clone();
    drop(s);
    fs::remove_file(dir.path().join(JOURNAL)).unwrap();
    fs::create_dir(dir.path().join(JOURNAL)).unwrap();
    fs::write(dir.path().join(JOURNAL).join("x"), b"x").unwrap();
    assert!(write_compacted(dir.path(), &state).is_err());
    let left: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .filter_map(std::result::Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
