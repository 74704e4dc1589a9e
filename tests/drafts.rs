//! Drafts: written, listed on start when newer than their files, restored,
//! discarded; versions other than this build's are refused by name and kept.

use std::path::Path;
use std::time::{Duration, SystemTime};

use jianbao::core::files::draft::{DRAFT_FORMAT_VERSION, Draft, DraftError, DraftKey, DraftState, DraftStore};
use jianbao::core::files::io::{self, FileStamp};

const ISSUE: &str =
    "# 嵌入式AI简报 (2026-01-02)\n\n## 论文\n\n- [一篇论文](https://arxiv.org/abs/2601.00001)  \n摘要：一句话。  \n";

fn issue_file(dir: &Path) -> (std::path::PathBuf, FileStamp) {
    let path = dir.join("2026-01-02.md");
    std::fs::write(&path, ISSUE).unwrap();
    let stamp = FileStamp::read(&path).unwrap();
    (path, stamp)
}

/// Sets a file's modification time to `t`.
fn set_mtime(path: &Path, t: SystemTime) {
    std::fs::File::options().write(true).open(path).unwrap().set_modified(t).unwrap();
}

#[test]
fn a_draft_is_written_listed_restored_and_discarded() {
    let work = tempfile::tempdir().unwrap();
    let store = DraftStore::at(work.path().join("drafts"));
    assert!(store.list().unwrap().is_empty(), "no folder yet, no drafts");
    let (path, stamp) = issue_file(work.path());
    let typed = format!("{ISSUE}- [又一篇](https://arxiv.org/abs/2601.00002)  \n");
    let draft = Draft::for_file(&path, typed.clone(), Some(stamp.clone()));
    let file = store.save(&draft).unwrap();
    assert!(file.starts_with(store.dir()));
    let ron_text = std::fs::read_to_string(&file).unwrap();
    assert!(ron_text.contains(&format!("version: {DRAFT_FORMAT_VERSION}")), "{ron_text}");

    let offered = store.list().unwrap();
    assert_eq!(offered.len(), 1);
    assert_eq!(offered[0].key, DraftKey::for_path(&path));
    assert_eq!(offered[0].state, DraftState::Newer);
    assert_eq!(offered[0].path.as_deref(), Some(std::fs::canonicalize(&path).unwrap().as_path()));

    let restored = store.load(&offered[0].key).unwrap();
    assert_eq!(restored, draft);
    assert_eq!(restored.text, typed);
    assert_eq!(restored.opened, Some(stamp));

    // Saved again (atomically, same key): the newest text wins.
    let later = Draft::for_file(&path, format!("{typed}摘要：更多。  \n"), restored.opened.clone());
    store.save(&later).unwrap();
    assert_eq!(store.load(&later.key).unwrap().text, later.text);
    assert_eq!(std::fs::read_dir(store.dir()).unwrap().count(), 1, "one draft per document");

    store.discard(&later.key).unwrap();
    assert!(store.list().unwrap().is_empty());
    store.discard(&later.key).unwrap();
    assert!(matches!(store.load(&later.key), Err(DraftError::NotFound(_))));
}

#[test]
fn the_key_of_a_file_is_the_same_for_every_spelling_of_its_path() {
    let work = tempfile::tempdir().unwrap();
    let (path, _) = issue_file(work.path());
    std::fs::create_dir(work.path().join("sub")).unwrap();
    let other = work.path().join("sub/../2026-01-02.md");
    assert_eq!(DraftKey::for_path(&path), DraftKey::for_path(&other));
    assert_ne!(DraftKey::for_path(&path), DraftKey::for_path(&work.path().join("2026-01-16.md")));
    assert_ne!(DraftKey::for_new("a"), DraftKey::for_new("b"));
    let key = DraftKey::for_new("../../etc/passwd");
    assert!(key.as_str().bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'), "{key}");
}

#[test]
fn only_drafts_newer_than_their_files_and_differing_from_them_are_offered() {
    let work = tempfile::tempdir().unwrap();
    let store = DraftStore::at(work.path().join("drafts"));
    let (path, stamp) = issue_file(work.path());

    // Same text as the file: nothing to restore.
    let same = Draft::for_file(&path, ISSUE, Some(stamp.clone()));
    store.save(&same).unwrap();
    assert!(store.list().unwrap().is_empty());

    // Different, but the file changed after the draft was written.
    let mut older = Draft::for_file(&path, "older work", Some(stamp.clone()));
    older.written = SystemTime::now() - Duration::from_secs(3600);
    store.save(&older).unwrap();
    assert!(store.list().unwrap().is_empty());

    // Different, written after the file: offered.
    let newer = Draft::for_file(&path, "newer work", Some(stamp.clone()));
    store.save(&newer).unwrap();
    set_mtime(&path, SystemTime::now() - Duration::from_secs(60));
    assert_eq!(store.list().unwrap()[0].state, DraftState::Newer);

    // The file was changed elsewhere after it was opened, before the draft.
    std::fs::write(&path, format!("{ISSUE}elsewhere\n")).unwrap();
    set_mtime(&path, SystemTime::now() - Duration::from_secs(60));
    assert_eq!(store.list().unwrap()[0].state, DraftState::FileChangedToo);

    // The file is gone.
    std::fs::remove_file(&path).unwrap();
    assert_eq!(store.list().unwrap()[0].state, DraftState::FileMissing);

    // An unsaved document's draft.
    store.save(&Draft::for_new("untitled-1", "a start")).unwrap();
    let states: Vec<DraftState> = store.list().unwrap().into_iter().map(|d| d.state).collect();
    assert!(states.contains(&DraftState::Unsaved) && states.contains(&DraftState::FileMissing), "{states:?}");
}

/// A draft file as another build might have written it.
fn write_raw(store: &DraftStore, key: &DraftKey, text: &str) -> std::path::PathBuf {
    std::fs::create_dir_all(store.dir()).unwrap();
    let path = store.dir().join(format!("{key}.ron"));
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn drafts_of_other_format_versions_are_refused_by_name_and_kept() {
    let work = tempfile::tempdir().unwrap();
    let store = DraftStore::at(work.path());
    let newer_key = DraftKey::for_new("from-a-newer-build");
    let newer = write_raw(
        &store,
        &newer_key,
        "Draft(version: 7, key: \"x\", text: \"typed\", a_field_added_later: [1, 2], written: (secs_since_epoch: 1, nanos_since_epoch: 0))",
    );
    let e = store.load(&newer_key).unwrap_err();
    assert!(matches!(e, DraftError::TooNew { version: 7, .. }), "{e}");
    assert!(e.to_string().contains("version 7") && e.to_string().contains("kept"), "{e}");

    let older_key = DraftKey::for_new("from-before-version-1");
    write_raw(&store, &older_key, "(version: 0, text: \"typed long ago\")");
    let e = store.load(&older_key).unwrap_err();
    assert!(matches!(e, DraftError::UnknownVersion { version: 0, .. }), "{e}");
    assert!(e.to_string().contains("version 0"), "{e}");

    let broken_key = DraftKey::for_new("damaged");
    write_raw(&store, &broken_key, "Draft(version: 1, text: \"cut off");
    let e = store.load(&broken_key).unwrap_err();
    assert!(matches!(e, DraftError::Corrupt { .. }), "{e}");

    // Listed with the reason, never dropped: the files stay.
    let offered = store.list().unwrap();
    assert_eq!(offered.len(), 3);
    for info in &offered {
        let DraftState::Unreadable(msg) = &info.state else { panic!("{info:?}") };
        assert!(msg.contains("kept"), "{msg}");
    }
    assert!(offered.iter().any(|i| matches!(&i.state, DraftState::Unreadable(m) if m.contains("version 7"))));
    assert!(newer.is_file());
    assert_eq!(std::fs::read_dir(store.dir()).unwrap().count(), 3);
}

#[test]
fn a_version_1_draft_written_by_hand_is_read() {
    // The on-disk layout of format version 1, spelled out: a later build must
    // still read it (or refuse it by name).
    let work = tempfile::tempdir().unwrap();
    let store = DraftStore::at(work.path());
    let key = DraftKey::for_new("by-hand");
    write_raw(
        &store,
        &key,
        &format!(
            "Draft(\n    version: 1,\n    key: \"{key}\",\n    path: None,\n    text: \"# 嵌入式AI简报 (2026-01-02)\\n\",\n    opened: None,\n    written: (secs_since_epoch: 1767312000, nanos_since_epoch: 5),\n)\n"
        ),
    );
    let draft = store.load(&key).unwrap();
    assert_eq!(draft.text, "# 嵌入式AI简报 (2026-01-02)\n");
    assert_eq!(draft.written, SystemTime::UNIX_EPOCH + Duration::new(1767312000, 5));
    assert_eq!(draft.path, None);
}

#[test]
fn saving_a_draft_of_a_large_document_round_trips_exactly() {
    let work = tempfile::tempdir().unwrap();
    let store = DraftStore::at(work.path());
    let text: String =
        (0..20_000).map(|i| format!("- [题目 {i} \"引号\" \\ 反斜杠](https://example.org/{i})  \r\n")).collect();
    let draft = Draft::for_new("large", text.clone());
    store.save(&draft).unwrap();
    assert_eq!(store.load(&draft.key).unwrap().text, text);
    // No temporary file is left beside it.
    let names: Vec<String> =
        std::fs::read_dir(store.dir()).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert!(!io::is_temp_file_name(&names[0]));
}
