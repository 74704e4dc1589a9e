//! `DraftStore::new()` honours JIANBAO_DATA_DIR. Alone in its own test binary:
//! it sets an environment variable, which no other thread reads meanwhile.

use jianbao::core::files::draft::{DATA_DIR_ENV, Draft, DraftStore};

#[test]
fn the_data_dir_can_be_overridden() {
    let dir = tempfile::tempdir().unwrap();
    // SAFETY: the only test of this binary; no other thread reads the environment.
    unsafe { std::env::set_var(DATA_DIR_ENV, dir.path()) };
    let store = DraftStore::new().unwrap();
    assert_eq!(store.dir(), dir.path().join("drafts"));
    let draft = Draft::for_new("env", "text");
    store.save(&draft).unwrap();
    assert!(dir.path().join("drafts").join(format!("{}.ron", draft.key)).is_file());
    unsafe { std::env::remove_var(DATA_DIR_ENV) };
    let default = DraftStore::new().unwrap();
    assert!(default.dir().ends_with("jianbao/drafts"), "{}", default.dir().display());
}
