//! Git in the window, driven through egui_kittest with real git on local
//! repositories (a bare remote and clones on disk, nothing else): the status
//! bar, the commit dialog (only the newsletter's files, the message in the
//! repository's habit), push, pull (asks first over unsaved edits; the open
//! issue reloads with the remote's entry), a failure shown in full, and the
//! Changes view.

use std::path::{Path, PathBuf};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use jianbao::app::{Action, Guarded, JianbaoApp, Selection};

mod common;
use common::git::{configure, git};

const ISSUE: &str = "embedded-ai-report/2026-11-20.md";

/// A bare remote, a clone `work` holding the sample issue, a README and a
/// file that is not the newsletter's, pushed; and a second clone `other`.
struct Repos {
    tmp: tempfile::TempDir,
}

impl Repos {
    fn new() -> Repos {
        let tmp = tempfile::tempdir().unwrap();
        let t = tmp.path();
        git(t, &["init", "-q", "--bare", "-b", "main", "remote.git"]);
        let remote = t.join("remote.git");
        git(t, &["clone", "-q", remote.to_str().unwrap(), "work"]);
        let work = t.join("work");
        configure(&work);
        git(&work, &["checkout", "-q", "-b", "main"]);
        std::fs::create_dir_all(work.join("embedded-ai-report")).unwrap();
        std::fs::write(work.join(ISSUE), jianbao::SAMPLE_ISSUE).unwrap();
        std::fs::write(work.join("README.md"), "# Our test newsletter\n").unwrap();
        std::fs::write(work.join("notes.txt"), "not a newsletter file\n").unwrap();
        git(&work, &["add", "-A"]);
        git(&work, &["commit", "-q", "-m", "Issue 2026-11-06"]);
        git(&work, &["push", "-q", "-u", "origin", "main"]);
        git(t, &["clone", "-q", remote.to_str().unwrap(), "other"]);
        configure(&t.join("other"));
        Repos { tmp }
    }

    fn work(&self) -> PathBuf {
        self.tmp.path().join("work")
    }

    fn other(&self) -> PathBuf {
        self.tmp.path().join("other")
    }

    fn remote(&self) -> PathBuf {
        self.tmp.path().join("remote.git")
    }
}

fn harness(repo: &Path) -> Harness<'static, JianbaoApp> {
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(move |cc| JianbaoApp::from_creation_context(cc, None));
    h.run();
    assert!(h.state_mut().open_repo(repo));
    h.run();
    h.state_mut().wait_for_git();
    h.run();
    h
}

/// Opens the Git menu and clicks `item`, then lets the work it started end.
fn git_menu(h: &mut Harness<'static, JianbaoApp>, item: &str) {
    h.get_by_label("Git").click();
    h.run();
    h.get_by_label(item).click();
    h.run_steps(3);
    h.state_mut().wait_for_git();
    // A reload after a pull scrolls the tree to the selection, which animates
    // for a few frames.
    h.run_steps(12);
}

#[test]
fn the_status_bar_shows_the_branch_and_what_differs_from_head() {
    let repos = Repos::new();
    std::fs::write(repos.work().join("README.md"), "# Our test newsletter, edited\n").unwrap();
    let h = harness(&repos.work());
    let s = h.state().git_status().expect("the state was read");
    assert_eq!(s.branch.as_deref(), Some("main"));
    assert!(h.query_by_label("branch main").is_some());
    assert!(h.query_by_label("README changed").is_some());
    assert!(h.query_by_label("issue changed").is_none(), "the open issue is as committed");
}

#[test]
fn commit_lists_only_newsletter_files_and_lands_with_the_message_then_push() {
    let repos = Repos::new();
    let work = repos.work();
    std::fs::write(work.join("README.md"), "# Our test newsletter, edited\n").unwrap();
    std::fs::write(work.join("inbox.md"), "- https://example.org/later\n").unwrap();
    std::fs::write(work.join("notes.txt"), "changed, not the newsletter's\n").unwrap();
    let mut h = harness(&work);

    git_menu(&mut h, "Commit…");
    let files = h.state().commit_dialog_files().expect("the dialog is open");
    assert_eq!(files, vec![("README.md".to_string(), true), ("inbox.md".to_string(), true)]);
    assert!(h.query_by_label_contains("Author: Tester A <a@example.org>").is_some());
    // The message follows the log's habit ("Issue DATE") with the open issue's date.
    assert!(h.query_by_label("Issue 2026-11-20").is_some() || message_field_holds(&h, "Issue 2026-11-20"));
    // The inbox stays out.
    h.get_by_label("inbox.md").click();
    h.run();
    h.get_by_label("Commit 1 file(s)").click();
    h.run_steps(3);
    h.state_mut().wait_for_git();
    h.run();
    assert!(h.state().commit_dialog_files().is_none(), "the dialog closed");
    assert_eq!(git(&work, &["log", "-1", "--format=%s%n%an"]).trim(), "Issue 2026-11-20\nTester A");
    assert_eq!(git(&work, &["show", "--name-only", "--format=", "HEAD"]).trim(), "README.md");
    let s = h.state().git_status().unwrap();
    assert_eq!(s.ahead, 1);
    let paths: Vec<&str> = s.files.iter().map(|f| f.path.as_str()).collect();
    assert_eq!(paths, ["inbox.md"]);
    assert!(h.query_by_label("↑1").is_some(), "the status bar shows one commit to push");

    git_menu(&mut h, "Push");
    assert!(h.state().git_failure().is_none(), "{:?}", h.state().git_failure());
    let local = git(&work, &["rev-parse", "HEAD"]);
    assert_eq!(git(&repos.remote(), &["rev-parse", "main"]), local);
    assert_eq!(h.state().git_status().unwrap().ahead, 0);
}

fn message_field_holds(h: &Harness<'static, JianbaoApp>, text: &str) -> bool {
    use egui::accesskit::Role;
    use egui_kittest::kittest::By;
    h.query_all(By::new().role(Role::MultilineTextInput)).any(|n| n.value().as_deref() == Some(text))
}

#[test]
fn a_pull_with_unsaved_edits_asks_first() {
    let repos = Repos::new();
    let mut h = harness(&repos.work());
    let ctx = h.ctx.clone();
    h.state_mut().perform(Action::DuplicateEntry, &ctx);
    h.run();
    assert!(h.state().document().is_modified());
    git_menu(&mut h, "Pull");
    assert_eq!(h.state().pending_confirmation(), Some(&Guarded::Pull));
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(h.state().pending_confirmation(), None);
    assert!(h.state().document().is_modified(), "nothing was dropped");
}

#[test]
fn after_a_pull_the_open_issue_shows_the_remotes_entry() {
    let repos = Repos::new();
    let mut h = harness(&repos.work());
    // The other clone adds an entry to the issue and pushes it.
    let other = repos.other();
    let issue = other.join(ISSUE);
    let text = std::fs::read_to_string(&issue).unwrap();
    let doc = jianbao::core::Document::from_text(&text);
    let first = doc.issue().entries().next().unwrap().1.label();
    let title = "远端新加的一条：测试用的条目";
    let added = format!("- [{title}](https://example.org/from-the-remote)  \n");
    let at = text.find(&format!("[{first}")).expect("the first entry's line");
    let line_start = text[..at].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let new_text = format!("{}{added}{}", &text[..line_start], &text[line_start..]);
    std::fs::write(&issue, new_text).unwrap();
    git(&other, &["commit", "-q", "-am", "Issue 2026-11-20: one more"]);
    git(&other, &["push", "-q"]);

    assert!(!h.state().issue().entries().any(|(_, e)| e.label() == title));
    git_menu(&mut h, "Pull");
    assert!(h.state().git_failure().is_none(), "{:?}", h.state().git_failure());
    assert!(h.state().issue().entries().any(|(_, e)| e.label() == title), "the issue reloaded with the remote's entry");
    assert!(!h.state().document().is_modified());
    assert!(h.query_by_label(title).is_some(), "the tree shows it");
}

#[test]
fn a_failed_push_is_shown_in_full() {
    let repos = Repos::new();
    let work = repos.work();
    git(&work, &["remote", "set-url", "origin", repos.tmp.path().join("gone.git").to_str().unwrap()]);
    let mut h = harness(&work);
    git_menu(&mut h, "Push");
    let failure = h.state().git_failure().expect("the push failed");
    assert!(failure.text.contains("gone.git"), "{}", failure.text);
    assert!(h.query_by_label("Push failed").is_some());
    h.get_by_label("Close").click();
    h.run();
    assert!(h.state().git_failure().is_none());
}

#[test]
fn the_changes_view_lists_an_edited_entry_and_selects_it() {
    let repos = Repos::new();
    let work = repos.work();
    let path = work.join(ISSUE);
    let doc = jianbao::core::Document::from_text(jianbao::SAMPLE_ISSUE);
    let first = doc.issue().entries().next().unwrap().1.label();
    let edited_title = format!("{first}（改）");
    let text = jianbao::SAMPLE_ISSUE.replacen(&format!("[{first}"), &format!("[{edited_title}"), 1);
    assert_ne!(text, jianbao::SAMPLE_ISSUE);
    std::fs::write(&path, text).unwrap();
    let mut h = harness(&work);
    assert!(h.query_by_label("issue changed").is_some());
    git_menu(&mut h, "Changes in this issue");
    let rows = h.state().changes_rows().expect("the view is open");
    let row = rows.iter().find(|r| r.starts_with("edited") && r.contains(&edited_title)).expect("an edited row");
    assert!(row.contains("title"), "{row}");
    let ctx = h.ctx.clone();
    h.state_mut().perform(Action::Select(Selection::Title), &ctx);
    h.run();
    h.get_by_label(row).click();
    h.run();
    let id = h.state().issue().entries().find(|(_, e)| e.label() == edited_title).unwrap().1.id;
    assert_eq!(h.state().selection(), Some(Selection::Entry(id)));
}
