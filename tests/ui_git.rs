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
use common::git::{ISSUE, git};

/// A bare remote, a clone `work` holding the sample issue, a README and a
/// file that is not the newsletter's, pushed; and a second clone `other`.
struct Repos {
    tmp: tempfile::TempDir,
}

impl Repos {
    fn new() -> Repos {
        let tmp = tempfile::tempdir().unwrap();
        let (_, remote) = common::git::repo_with_remote(tmp.path(), "Issue 2026-11-06");
        common::git::clone(tmp.path(), &remote, "other");
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
    // A later entry is selected: it stays selected though the pull adds one before it.
    let chosen = "矩阵扩展工作组冻结1.0草案";
    select_entry(&mut h, chosen);
    git_menu(&mut h, "Pull");
    assert!(h.state().git_failure().is_none(), "{:?}", h.state().git_failure());
    assert!(h.state().issue().entries().any(|(_, e)| e.label() == title), "the issue reloaded with the remote's entry");
    assert!(!h.state().document().is_modified());
    assert!(h.query_by_label(title).is_some(), "the tree shows it");
    assert_eq!(h.state().selection(), Some(Selection::Entry(entry_titled(&h, chosen).unwrap())));
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

/// Replaces `from` by `to` (once; it must be there) in the issue of `dir`.
fn edit_issue(dir: &Path, from: &str, to: &str) {
    let path = dir.join(ISSUE);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{from}");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// The other clone edits the issue's first news entry and pushes it.
fn other_pushes_an_edit(repos: &Repos) {
    let other = repos.other();
    edit_issue(&other, "功耗不到3W | 芯东西]", "功耗不到3W（远端） | 芯东西]");
    git(&other, &["commit", "-q", "-am", "Issue 2026-11-20: theirs"]);
    git(&other, &["push", "-q"]);
}

fn entry_titled(h: &Harness<'static, JianbaoApp>, part: &str) -> Option<jianbao::core::EntryId> {
    h.state().issue().entries().find(|(_, e)| e.label().contains(part)).map(|(_, e)| e.id)
}

fn select_entry(h: &mut Harness<'static, JianbaoApp>, part: &str) -> jianbao::core::EntryId {
    let id = entry_titled(h, part).unwrap_or_else(|| panic!("no entry {part}"));
    let ctx = h.ctx.clone();
    h.state_mut().perform(Action::Select(Selection::Entry(id)), &ctx);
    h.run();
    id
}

/// The labels of the entries of the open issue, in order.
fn order(h: &Harness<'static, JianbaoApp>) -> Vec<String> {
    h.state().issue().entries().map(|(_, e)| e.label()).collect()
}

#[test]
fn a_pull_of_divergent_branches_merges_both_sides_entries() {
    let repos = Repos::new();
    let work = repos.work();
    other_pushes_an_edit(&repos);
    edit_issue(&work, "一套模型适配多家NPU | 开源中国]", "一套模型适配多家NPU（本地） | 开源中国]");
    git(&work, &["commit", "-q", "-am", "Issue 2026-11-20: mine"]);
    // As on a machine where nobody said how to pull: git alone refuses.
    git(&work, &["config", "--unset", "pull.rebase"]);
    let mut h = harness(&work);
    git_menu(&mut h, "Pull");
    assert!(h.state().git_failure().is_none(), "{:?}", h.state().git_failure());
    let text = std::fs::read_to_string(work.join(ISSUE)).unwrap();
    assert!(text.contains("（远端）") && text.contains("（本地）"), "both entries' edits are in the file");
    assert!(entry_titled(&h, "（远端）").is_some() && entry_titled(&h, "（本地）").is_some(), "and in the window");
    assert_eq!(git(&work, &["status", "--porcelain", "--", ISSUE]).trim(), "", "merged and committed");
}

#[test]
fn save_and_pull_keeps_the_unsaved_edits_merged_with_the_pull() {
    let repos = Repos::new();
    let work = repos.work();
    other_pushes_an_edit(&repos);
    let mut h = harness(&work);
    let moved = "矩阵扩展工作组冻结1.0草案";
    select_entry(&mut h, moved);
    let ctx = h.ctx.clone();
    h.state_mut().perform(Action::MoveEntryBy(-1), &ctx);
    h.run();
    let mine = order(&h);
    assert!(h.state().document().is_modified());
    h.get_by_label("Git").click();
    h.run();
    h.get_by_label("Pull").click();
    h.run();
    assert_eq!(h.state().pending_confirmation(), Some(&Guarded::Pull));
    assert!(h.query_by_label("Don't save").is_none(), "the choices say what they do");
    h.get_by_label("Save and pull").click();
    h.run_steps(3);
    h.state_mut().wait_for_git();
    h.run_steps(12);
    assert!(h.state().git_failure().is_none(), "{:?}", h.state().git_failure());
    // The pulled edit and mine, in the file and the window; nothing asked.
    let text = std::fs::read_to_string(work.join(ISSUE)).unwrap();
    assert!(text.contains("（远端）"), "the pulled edit");
    let now = order(&h);
    assert_eq!(now.len(), mine.len());
    let pos = |v: &[String], p: &str| v.iter().position(|t| t.contains(p)).unwrap();
    assert!(pos(&now, moved) < pos(&now, "Corvia公布"), "my move is kept: {now:?}");
    assert!(h.state().file_dialog().is_none());
    assert!(!h.state().document().is_modified());
    // The selected entry is still the one I moved.
    assert_eq!(h.state().selection(), Some(Selection::Entry(entry_titled(&h, moved).unwrap())));
    assert_eq!(git(&work, &["log", "-1", "--format=%s"]).trim(), "Issue 2026-11-20: theirs");
    assert_eq!(git(&work, &["stash", "list"]).trim(), "", "nothing left in the stash");
}

#[test]
fn discard_and_pull_drops_the_edits_and_reloads_without_a_question() {
    let repos = Repos::new();
    let work = repos.work();
    other_pushes_an_edit(&repos);
    let mut h = harness(&work);
    let before = order(&h);
    select_entry(&mut h, "矩阵扩展工作组冻结1.0草案");
    let ctx = h.ctx.clone();
    h.state_mut().perform(Action::MoveEntryBy(-1), &ctx);
    h.run();
    assert_ne!(order(&h), before);
    git_menu(&mut h, "Pull");
    h.get_by_label("Discard my edits and pull").click();
    h.run_steps(3);
    h.state_mut().wait_for_git();
    h.run_steps(12);
    assert!(h.state().git_failure().is_none(), "{:?}", h.state().git_failure());
    assert!(h.state().file_dialog().is_none(), "no question about a file changed by another program");
    assert!(!h.state().document().is_modified());
    assert!(entry_titled(&h, "（远端）").is_some(), "the pulled edit is shown");
    let now: Vec<String> = order(&h).iter().map(|t| t.replace("（远端）", "")).collect();
    assert_eq!(now, before, "my move is gone");
    assert_eq!(std::fs::read_to_string(work.join(ISSUE)).unwrap(), git(&work, &["show", &format!("HEAD:{ISSUE}")]));
}

#[test]
fn edits_made_while_a_pull_runs_are_merged_with_it() {
    let repos = Repos::new();
    let work = repos.work();
    other_pushes_an_edit(&repos);
    let mut h = harness(&work);
    let moved = "矩阵扩展工作组冻结1.0草案";
    select_entry(&mut h, moved);
    h.get_by_label("Git").click();
    h.run();
    h.get_by_label("Pull").click();
    // One frame: the pull starts; its end is taken no sooner than the next.
    h.step();
    assert!(h.state().git_is_busy(), "the pull runs");
    // The pull runs in the background; an edit now.
    let ctx = h.ctx.clone();
    h.state_mut().perform(Action::MoveEntryBy(-1), &ctx);
    h.state_mut().wait_for_git();
    h.run_steps(12);
    assert!(h.state().git_failure().is_none(), "{:?}", h.state().git_failure());
    assert!(h.state().file_dialog().is_none(), "merged, nothing to ask");
    assert!(entry_titled(&h, "（远端）").is_some(), "the pulled edit");
    let now = order(&h);
    let pos = |p: &str| now.iter().position(|t| t.contains(p)).unwrap();
    assert!(pos(moved) < pos("Corvia公布"), "my move: {now:?}");
    assert!(h.state().document().is_modified(), "my edit is not saved yet");
    assert!(h.state().status().text.contains("merged"), "{}", h.state().status().text);
    assert_eq!(h.state().selection(), Some(Selection::Entry(entry_titled(&h, moved).unwrap())));
}

#[test]
fn saved_edits_that_conflict_with_the_pull_are_kept_and_explained() {
    use egui::accesskit::Role;
    use egui_kittest::kittest::By;
    let repos = Repos::new();
    let work = repos.work();
    other_pushes_an_edit(&repos);
    let mut h = harness(&work);
    // The same title, edited here too (typed in the form).
    let id = select_entry(&mut h, "功耗不到3W");
    let title = h.state().issue().entry(id).unwrap().typed().unwrap().head.title.to_string();
    h.get(By::new().role(Role::TextInput).value(&title)).click();
    h.run();
    h.key_press(egui::Key::End);
    h.run();
    h.get(By::new().role(Role::TextInput).value(&title)).type_text("（本地）");
    h.run();
    assert!(h.state().document().is_modified());
    git_menu(&mut h, "Pull");
    h.get_by_label("Save and pull").click();
    h.run_steps(3);
    h.state_mut().wait_for_git();
    h.run_steps(12);
    let shown = h.state().git_failure().expect("the window explains");
    assert!(shown.ok && shown.conflicts.len() == 1, "{shown:?}");
    assert!(h.query_by_label("Pulled: some of your saved edits conflict with it").is_some());
    assert!(h.query_by_label_contains("the file holds both").is_some());
    // Both versions are in the file and the window; mine is in the stash too.
    let text = std::fs::read_to_string(work.join(ISSUE)).unwrap();
    assert!(text.contains("（本地）") && text.contains("（远端）"), "{text}");
    assert!(h.state().document().text().contains("（本地）"));
    assert!(git(&work, &["stash", "show", "-p"]).contains("（本地）"));
    h.get_by_label("Close").click();
    h.run();
    assert!(h.state().git_failure().is_none());
}

/// A README whose archive table lacks the open issue, committed in `work`.
fn commit_a_stale_readme(work: &Path) {
    let readme = "# Our test newsletter\n\n| 2 | 0 | 2 | 6 |\n|:---:|:---:|:---:|:---:|\n\
                  | [2026-11-06](./embedded-ai-report/2026-11-06.md) | | | |\n";
    std::fs::write(work.join("README.md"), readme).unwrap();
    git(work, &["commit", "-q", "-am", "README with an archive"]);
}

/// An unsaved edit (a move), then Git, Commit…, Save.
fn edit_then_commit_saving(h: &mut Harness<'static, JianbaoApp>) {
    select_entry(h, "矩阵扩展工作组冻结1.0草案");
    let ctx = h.ctx.clone();
    h.state_mut().perform(Action::MoveEntryBy(-1), &ctx);
    h.run();
    git_menu(h, "Commit…");
    assert_eq!(h.state().pending_confirmation(), Some(&Guarded::Commit));
    h.get_by_label("Save").click();
    h.run_steps(3);
    h.state_mut().wait_for_git();
    h.run_steps(3);
}

#[test]
fn the_readme_question_comes_before_the_commit_dialog_and_the_readme_goes_in() {
    let repos = Repos::new();
    let work = repos.work();
    commit_a_stale_readme(&work);
    let mut h = harness(&work);
    edit_then_commit_saving(&mut h);
    // One dialog at a time: the README first.
    assert!(matches!(h.state().file_dialog(), Some(jianbao::app::FileDialog::Archive(_))));
    assert!(h.query_by_label("Commit").is_none(), "the commit dialog is not drawn over it");
    h.get_by_label("Update README.md").click();
    h.run_steps(3);
    h.state_mut().wait_for_git();
    h.run_steps(3);
    let files = h.state().commit_dialog_files().expect("the commit dialog follows");
    assert_eq!(files, vec![("README.md".to_string(), true), (ISSUE.to_string(), true)]);
    assert!(h.query_by_label("Commit").is_some());
}

#[test]
fn not_now_lets_the_commit_dialog_through_and_is_remembered_for_the_issue() {
    let repos = Repos::new();
    let work = repos.work();
    commit_a_stale_readme(&work);
    let mut h = harness(&work);
    edit_then_commit_saving(&mut h);
    assert!(matches!(h.state().file_dialog(), Some(jianbao::app::FileDialog::Archive(_))));
    h.get_by_label("Not now").click();
    h.run_steps(3);
    h.state_mut().wait_for_git();
    h.run_steps(3);
    assert!(h.state().file_dialog().is_none());
    let files = h.state().commit_dialog_files().expect("the commit dialog opens once answered");
    assert_eq!(files, vec![(ISSUE.to_string(), true)]);
    h.get_by_label("Cancel").click();
    h.run();
    // Saved again: not asked again in this session.
    let ctx = h.ctx.clone();
    h.state_mut().perform(Action::MoveEntryBy(1), &ctx);
    h.state_mut().perform(Action::Save, &ctx);
    h.run();
    assert!(!h.state().document().is_modified());
    assert!(h.state().file_dialog().is_none(), "Not now is remembered");
}

#[test]
fn the_git_menu_says_edits_are_unsaved_rather_than_that_nothing_changed() {
    let repos = Repos::new();
    let mut h = harness(&repos.work());
    select_entry(&mut h, "矩阵扩展工作组冻结1.0草案");
    let ctx = h.ctx.clone();
    h.state_mut().perform(Action::MoveEntryBy(-1), &ctx);
    h.run();
    h.get_by_label("Git").click();
    h.run();
    assert!(h.query_by_label("No newsletter file changed").is_none());
    assert!(h.query_by_label("2026-11-20.md has unsaved edits: save them to commit them").is_some());
}

#[test]
fn writing_the_inbox_shows_inbox_changed_at_once() {
    use egui::accesskit::Role;
    use egui_kittest::kittest::By;
    let repos = Repos::new();
    let mut h = harness(&repos.work());
    h.state_mut().wait_for_index();
    assert!(h.query_by_label("inbox changed").is_none());
    if h.query(By::new().label("Paste into the inbox")).is_none() {
        h.get(By::new().label_contains("Inbox (")).click();
        h.run();
    }
    let paste = || By::new().role(Role::MultilineTextInput).label("Paste into the inbox");
    h.get(paste()).click();
    h.run();
    h.get(paste()).type_text("A note to read later, with no link");
    h.run();
    h.get(By::new().role(Role::Button).label("Add to the inbox")).click();
    h.run_steps(3);
    h.state_mut().wait_for_index();
    h.run_steps(3);
    assert!(repos.work().join("inbox.md").is_file(), "the inbox was written");
    h.state_mut().wait_for_git();
    h.run();
    assert!(h.query_by_label("inbox changed").is_some(), "no save of the issue needed");
}

#[test]
fn the_commit_dialog_offers_gitattributes_unticked() {
    let repos = Repos::new();
    let work = repos.work();
    let lines: Vec<String> = jianbao::core::vcs::git::ATTRIBUTES.iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(work.join(".gitattributes"), lines.concat()).unwrap();
    std::fs::write(work.join("README.md"), "# Our test newsletter, edited\n").unwrap();
    let mut h = harness(&work);
    git_menu(&mut h, "Commit…");
    let files = h.state().commit_dialog_files().expect("the dialog is open");
    assert_eq!(files, vec![(".gitattributes".to_string(), false), ("README.md".to_string(), true)]);
    h.get_by_label(".gitattributes").click();
    h.run();
    h.get_by_label("Commit 2 file(s)").click();
    h.run_steps(3);
    h.state_mut().wait_for_git();
    h.run();
    assert!(h.state().git_failure().is_none(), "{:?}", h.state().git_failure());
    let committed = git(&work, &["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(committed.trim(), ".gitattributes\nREADME.md");
}

#[test]
fn the_changes_window_opens_under_the_menu_bar() {
    let repos = Repos::new();
    let mut h = harness(&repos.work());
    git_menu(&mut h, "Changes in this issue");
    let bar = h.get_by_label("Git").rect();
    let window = h.get_by_label("Changes against HEAD").rect();
    assert!(window.top() > bar.bottom(), "{window:?} is under the menu bar {bar:?}");
}

#[test]
fn at_900_wide_the_status_message_and_the_git_items_do_not_overlap() {
    let repos = Repos::new();
    let work = repos.work();
    let mut h = Harness::builder()
        .with_size([900.0, 700.0])
        .build_eframe(move |cc| JianbaoApp::from_creation_context(cc, None));
    h.run();
    assert!(h.state_mut().open_repo(&work));
    h.run();
    h.state_mut().wait_for_git();
    h.run();
    // A long message: a save of a file deep in folders.
    let deep = work.join("a-long-folder-name-for-the-status-bar").join("and-another-one-below-it");
    std::fs::create_dir_all(&deep).unwrap();
    assert!(h.state_mut().save_to(&deep.join("2026-11-20-a-copy-with-a-long-name.md")));
    h.run_steps(3);
    h.state_mut().wait_for_git();
    h.state_mut().wait_for_index();
    h.run_steps(3);
    let message = h.get_by_label_contains("Saved ").rect();
    let branch = h.get_by_label("branch main").rect();
    assert!(message.width() > 50.0, "{message:?}");
    assert!(!message.intersects(branch), "{message:?} overlaps {branch:?}");
    assert!(message.right() <= branch.left(), "the git items stay on the right");
    assert!(branch.right() <= 900.0);
}
