//! The repository's index is built off the window's thread: opening a
//! repository shows its newest issue at once, the status bar says how far
//! the index has got, and the checks and the archive search use it when it
//! is ready. Saving an issue builds it again; opening another repository
//! drops the first one's.
#![cfg(feature = "gui")]

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable};
use jianbao::app::{Action, JianbaoApp, Origin};
use jianbao::core::Command;

mod common;

fn harness() -> Harness<'static, JianbaoApp> {
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(move |cc| JianbaoApp::from_creation_context(cc, None));
    h.run();
    h
}

fn perform(h: &mut Harness<'static, JianbaoApp>, action: Action) {
    let ctx = h.ctx.clone();
    h.state_mut().perform(action, &ctx);
    h.step();
}

fn search(h: &mut Harness<'static, JianbaoApp>, words: &str) {
    h.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::F);
    h.step();
    h.step();
    let field = h.get(By::new().role(Role::TextInput).label("Search the archive"));
    field.type_text(words);
    h.step();
    h.step();
}

#[test]
fn opening_a_repository_shows_its_newest_issue_while_the_index_is_built() {
    let dir = tempfile::tempdir().unwrap();
    let paths = common::synthetic_repo(dir.path(), 1500, 24);
    let newest = paths.iter().max().unwrap().clone();
    let mut h = harness();

    assert!(h.state_mut().open_repo(dir.path()));
    // The newest issue is open at once; the index is still being built.
    assert_eq!(h.state().origin(), &Origin::File(newest.canonicalize().unwrap()));
    assert!(h.state().is_indexing(), "the index is built in the background");
    h.step();
    assert!(
        h.query_by_label_contains("Indexing the archive").is_some(),
        "the status bar says the archive is being indexed"
    );
    // The search asked for meanwhile says it waits for the index.
    perform(&mut h, Action::OpenSearch);
    h.step();
    assert!(h.query_by_label_contains("The search opens when it is done").is_some());

    assert!(h.state_mut().wait_for_index());
    h.step();
    h.step();
    assert!(!h.state().is_indexing());
    assert!(h.query_by_label("archive: 1500 issues").is_some(), "the status bar counts the indexed issues");
    // The search now reaches an old issue.
    h.get(By::new().role(Role::TextInput).label("Search the archive")).type_text("第3期0-1条");
    h.step();
    h.step();
    assert!(h.query_by_label_contains("第3期0-1条").is_some(), "an entry of the fourth issue is found");
}

#[test]
fn opening_another_repository_replaces_the_index_and_cancels_the_build() {
    let big = tempfile::tempdir().unwrap();
    common::synthetic_repo(big.path(), 1500, 24);
    let small = tempfile::tempdir().unwrap();
    common::synthetic_repo(small.path(), 3, 8);
    let mut h = harness();

    assert!(h.state_mut().open_repo(big.path()));
    assert!(h.state().is_indexing());
    // A second repository before the first index is done: only its own index counts.
    assert!(h.state_mut().open_repo(small.path()));
    assert!(h.state_mut().wait_for_index());
    h.step();
    h.step();
    assert!(h.query_by_label("archive: 3 issues").is_some(), "the index is the small repository's");
    search(&mut h, "第200期");
    assert!(h.query_by_label_contains("第200期").is_none(), "nothing of the first repository is found");
    assert!(h.query_by_label_contains("0 results").is_some());
}

#[test]
fn saving_an_issue_builds_the_index_again_with_the_saved_entry() {
    let dir = tempfile::tempdir().unwrap();
    common::synthetic_repo(dir.path(), 6, 8);
    let mut h = harness();
    assert!(h.state_mut().open_repo(dir.path()));
    assert!(h.state_mut().wait_for_index());
    h.step();

    // A new entry in the newest issue, saved.
    let entry = h.state().issue().entries().next().unwrap().1.id;
    let mut head = h.state().issue().entry(entry).unwrap().typed().unwrap().head.clone();
    head.title = "全新的条目：索引重建之后可以搜到".into();
    head.url = "https://example.net/rebuilt".into();
    perform(&mut h, Action::Edit { cmd: Box::new(Command::SetHead { entry, head }), merge: None });
    let Origin::File(path) = h.state().origin().clone() else { panic!("a file is open") };
    assert!(h.state_mut().save_to(&path));
    assert!(h.state().is_indexing(), "the save starts a new index build");
    assert!(h.state_mut().wait_for_index());
    h.step();
    h.step();
    search(&mut h, "索引重建之后");
    assert!(h.query_by_label_contains(" · 全新的条目").is_some(), "the saved entry is a search result");
}
