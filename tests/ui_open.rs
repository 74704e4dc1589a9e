//! Opening another file replaces everything the window shows, by every
//! route: Open recent, the repository's issue list, a search result, New,
//! New issue in a repository, the sample, a restored draft. Each test opens
//! one issue, then another, and checks the tree, the preview, the checks and
//! a click in the tree against the second file.

use std::path::{Path, PathBuf};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable};
use jianbao::app::{Action, JianbaoApp, Origin, PreviewMode, Selection};
use jianbao::core::{Issue, files::io};

mod common;

const FIRST: &str = "2021-07-01";
const SECOND: &str = "2020-03-02";

fn harness() -> Harness<'static, JianbaoApp> {
    let mut h = Harness::builder()
        .with_size([1280.0, 1000.0])
        .build_eframe(move |cc| JianbaoApp::from_creation_context(cc, None));
    h.run();
    h
}

fn issue_path(repo: &Path, date: &str) -> PathBuf {
    repo.join("embedded-ai-report").join(format!("{date}.md"))
}

fn perform(h: &mut Harness<'static, JianbaoApp>, action: Action) {
    let ctx = h.ctx.clone();
    h.state_mut().perform(action, &ctx);
    h.run();
    h.run();
}

/// Labels of the typed entries of `issue` among its first `n`, in order.
fn entry_labels(issue: &Issue, n: usize) -> Vec<String> {
    issue.entries().take(n).filter(|(_, e)| e.is_typed()).map(|(_, e)| e.label()).collect()
}

/// An entry title of `issue` (among its first ones, so its tree row is in
/// view) that `other` does not contain anywhere, and is not the first entry
/// (that one is selected on opening).
fn own_title(issue: &Issue, other: &str) -> String {
    issue
        .entries()
        .skip(1)
        .take(12)
        .filter_map(|(_, e)| e.typed().map(|t| (e.label(), t.head.title.trim().to_string())))
        .find(|(label, title)| title.chars().count() > 6 && !other.contains(title.as_str()) && !label.is_empty())
        .map(|(_, title)| title)
        .expect("an entry of its own")
}

/// The repository copy with the first issue open, checked.
fn open_first() -> Option<(tempfile::TempDir, Harness<'static, JianbaoApp>)> {
    let copy = common::corpus_copy()?;
    let mut h = harness();
    assert!(h.state_mut().open_repo(copy.path()));
    // The repository's index is built in the background: its checks and search need it.
    assert!(h.state_mut().wait_for_index());
    h.run();
    perform(&mut h, Action::OpenRecent(issue_path(copy.path(), FIRST)));
    let text = std::fs::read_to_string(issue_path(copy.path(), FIRST)).unwrap();
    assert_shows(&mut h, &text, Some(FIRST), &std::fs::read_to_string(issue_path(copy.path(), SECOND)).unwrap());
    Some((copy, h))
}

/// The window shows `text` (dated `date`) everywhere and nothing of `before`.
fn assert_shows(h: &mut Harness<'static, JianbaoApp>, text: &str, date: Option<&str>, before: &str) {
    assert_eq!(h.state().document().text(), text, "the document is the file");
    let issue = h.state().issue().clone();
    let before_issue = jianbao::core::format::parse::parse(before);
    // The tree: the title row and every section of the new issue.
    if let Some(date) = date {
        assert!(h.query_by_label_contains(&format!("({date})")).is_some(), "the tree's title row says {date}");
    }
    if let Some(old) = before_issue.title().map(|t| t.date.to_string())
        && Some(old.as_str()) != date
    {
        assert!(h.query_by_label_contains(&format!("({old})")).is_none(), "no tree row of {old} left");
    }
    for s in &issue.sections {
        let title = s.heading.title.trim();
        assert!(h.query_all_by_label_contains(title).next().is_some(), "section {title} in the tree");
    }
    let preview = h.state_mut().preview_text();
    // The preview: entries of the new issue, none only the old one had.
    if issue.entries().count() > 1 {
        let mine = own_title(&issue, before);
        assert!(preview.contains(&mine), "the preview shows {mine}");
        let ctx = h.ctx.clone();
        // A click on a tree row selects that entry of the new issue.
        let label = issue.entries().find(|(_, e)| e.typed().is_some_and(|t| t.head.title.trim() == mine)).unwrap().1;
        let (id, label) = (label.id, label.label());
        h.get_by_label(&label).click();
        h.run();
        assert_eq!(h.state().selection(), Some(Selection::Entry(id)), "the row selects {label}");
        assert!(h.query(By::new().role(Role::TextInput).value(&mine)).is_some(), "the form shows {mine}");
        h.state_mut().perform(Action::SelectPrevious, &ctx);
        h.run();
    }
    if before_issue.entries().count() > 1 {
        let theirs = own_title(&before_issue, text);
        assert!(!preview.contains(&theirs), "the preview still shows {theirs}");
        assert!(h.query_by_label(&theirs).is_none(), "the tree still shows {theirs}");
    }
    for (label, _) in entry_labels(&issue, 3).iter().zip(0..) {
        assert!(h.query_all_by_label(label).next().is_some(), "tree row {label}");
    }
    // The checks: those of the new text, every finding's entry in it.
    let shown = h.state().findings().to_vec();
    for d in &shown {
        if let Some(e) = d.entry {
            assert!(issue.entry(e).is_some(), "a finding of an entry of another file: {d:?}");
        }
    }
    let fresh = h.state_mut().recheck();
    assert_eq!(shown, fresh, "the checks shown are those of the open text");
    // The selection is in the open issue.
    match h.state().selection() {
        Some(Selection::Entry(id)) => assert!(issue.entry(id).is_some(), "the selection is of this issue"),
        Some(Selection::Section(id)) => assert!(issue.section(id).is_some()),
        _ => {}
    }
}

#[test]
fn open_recent_replaces_every_view() {
    let Some((copy, mut h)) = open_first() else { return };
    let second = issue_path(copy.path(), SECOND);
    perform(&mut h, Action::OpenRecent(second.clone()));
    let text = std::fs::read_to_string(&second).unwrap();
    let first = std::fs::read_to_string(issue_path(copy.path(), FIRST)).unwrap();
    assert_shows(&mut h, &text, Some(SECOND), &first);
    assert_eq!(h.state().origin(), &Origin::File(second));
}

#[test]
fn the_repository_s_issue_list_replaces_every_view() {
    let Some((copy, mut h)) = open_first() else { return };
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Issues of the repository").hover();
    h.run();
    h.run();
    h.get_by_label(SECOND).click();
    h.run();
    h.run();
    let second = issue_path(copy.path(), SECOND);
    let first = std::fs::read_to_string(issue_path(copy.path(), FIRST)).unwrap();
    assert_shows(&mut h, &std::fs::read_to_string(&second).unwrap(), Some(SECOND), &first);
}

#[test]
fn a_search_result_in_another_issue_replaces_every_view_and_the_window_closes() {
    let Some((copy, mut h)) = open_first() else { return };
    let second = issue_path(copy.path(), SECOND);
    let text = std::fs::read_to_string(&second).unwrap();
    let first = std::fs::read_to_string(issue_path(copy.path(), FIRST)).unwrap();
    let issue = jianbao::core::format::parse::parse(&text);
    let wanted = own_title(&issue, &first);
    let section = issue
        .entries()
        .find(|(_, e)| e.typed().is_some_and(|t| t.head.title.trim() == wanted))
        .map(|(s, _)| s.heading.title.trim().to_string())
        .unwrap();
    h.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::F);
    h.run();
    h.get(By::new().role(Role::TextInput).label("Search the archive")).type_text(&wanted);
    h.run();
    h.get_by_label(&format!("{SECOND} · {section} · {wanted}")).click();
    h.run();
    h.run();
    assert!(h.query_by_label("Search the archive").is_none(), "the search window closed on the pick");
    let Some(Selection::Entry(id)) = h.state().selection() else { panic!("the result's entry is selected") };
    assert_eq!(h.state().issue().entry(id).unwrap().typed().unwrap().head.title.trim(), wanted);
    assert_shows(&mut h, &text, Some(SECOND), &first);
}

#[test]
fn a_new_issue_in_the_repository_after_an_undone_edit_replaces_every_view() {
    let Some((copy, mut h)) = open_first() else { return };
    let first = std::fs::read_to_string(issue_path(copy.path(), FIRST)).unwrap();
    // An edit, undone: the file is as saved, so New asks nothing.
    perform(&mut h, Action::DuplicateEntry);
    perform(&mut h, Action::Undo);
    assert!(!h.state().document().is_modified());
    perform(&mut h, Action::New);
    let Origin::File(created) = h.state().origin().clone() else { panic!("the new issue is a file") };
    assert_ne!(created, issue_path(copy.path(), FIRST));
    let date = created.file_stem().unwrap().to_string_lossy().into_owned();
    assert_shows(&mut h, &std::fs::read_to_string(&created).unwrap(), Some(&date), &first);
    assert_eq!(h.state().selection(), Some(Selection::Title));
}

#[test]
fn the_sample_and_a_new_document_replace_every_view() {
    let Some((copy, mut h)) = open_first() else { return };
    let first = std::fs::read_to_string(issue_path(copy.path(), FIRST)).unwrap();
    perform(&mut h, Action::OpenSample);
    assert_shows(&mut h, jianbao::SAMPLE_ISSUE, None, &first);
    // New without a repository: an untitled issue after the sample's date.
    let mut h2 = harness();
    perform(&mut h2, Action::OpenRecent(issue_path(copy.path(), FIRST)));
    perform(&mut h2, Action::New);
    assert_eq!(h2.state().origin(), &Origin::Untitled);
    let text = h2.state().document().text();
    let date = h2.state().issue().title().unwrap().date.to_string();
    assert_shows(&mut h2, &text, Some(&date), &first);
}

#[test]
fn a_restored_draft_replaces_every_view_and_is_modified_only_while_it_differs() {
    let Some((copy, mut h)) = open_first() else { return };
    let drafts = tempfile::tempdir().unwrap();
    let store = jianbao::core::files::draft::DraftStore::at(drafts.path());
    let second = issue_path(copy.path(), SECOND);
    let disk = std::fs::read_to_string(&second).unwrap();
    let (_, stamp) = io::load_issue_stamped(&second).unwrap();
    let issue = jianbao::core::format::parse::parse(&disk);
    let title = issue.entries().find_map(|(_, e)| e.typed().map(|t| t.head.title.trim().to_string())).unwrap();
    let edited = disk.replacen(&title, &format!("{title}X"), 1);
    let draft = jianbao::core::files::draft::Draft::for_file(&second, edited.clone(), Some(stamp));
    store.save(&draft).unwrap();
    h.state_mut().use_drafts(Some(jianbao::core::files::draft::DraftStore::at(drafts.path())));
    h.run();
    h.get_by_label("Restore").click();
    h.run();
    h.run();
    let first = std::fs::read_to_string(issue_path(copy.path(), FIRST)).unwrap();
    assert_shows(&mut h, &edited, Some(SECOND), &first);
    assert!(h.state().document().is_modified(), "the draft differs from the file");
    assert!(h.state().window_title().contains('●'));
}

#[test]
fn a_fix_from_the_checks_of_another_file_is_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("2026-11-20.md");
    let b = dir.path().join("2026-12-04.md");
    let slipped = jianbao::SAMPLE_ISSUE.replacen("摘要：", "摘要:", 1);
    std::fs::write(&a, &slipped).unwrap();
    let other = slipped.replace("2026-11-20", "2026-12-04");
    std::fs::write(&b, &other).unwrap();
    let mut h = harness();
    perform(&mut h, Action::OpenRecent(a));
    let old = h.state().document().id();
    let finding = h.state().findings().iter().find(|d| d.rule == "label-colon").cloned().expect("the slip is flagged");
    perform(&mut h, Action::OpenRecent(b));
    assert!(h.state().findings().iter().any(|d| d.rule == "label-colon"), "the second file has the slip too");
    perform(&mut h, Action::ApplyFix { doc: old, finding: Box::new(finding.clone()) });
    assert_eq!(h.state().document().text(), other, "nothing applied to the second file");
    assert!(h.state().status().error, "the status bar says why: {:?}", h.state().status());
    // The same finding, of the open file, is applied.
    let mine = h.state().findings().iter().find(|d| d.rule == "label-colon").cloned().unwrap();
    let doc = h.state().document().id();
    perform(&mut h, Action::ApplyFix { doc, finding: Box::new(mine) });
    assert_eq!(h.state().document().text(), other.replacen("摘要:", "摘要：", 1));
}

#[test]
fn copy_for_wechat_copies_what_the_wechat_tab_shows_after_a_switch() {
    let Some((copy, mut h)) = open_first() else { return };
    perform(&mut h, Action::WeChatPreview);
    assert_eq!(h.state().settings().preview, PreviewMode::WeChat);
    perform(&mut h, Action::OpenRecent(issue_path(copy.path(), SECOND)));
    let text = std::fs::read_to_string(issue_path(copy.path(), SECOND)).unwrap();
    let first = std::fs::read_to_string(issue_path(copy.path(), FIRST)).unwrap();
    let mine = own_title(&jianbao::core::format::parse::parse(&text), &first);
    let theirs = own_title(&jianbao::core::format::parse::parse(&first), &text);
    let shown = h.state_mut().preview_text();
    let (html, plain) = h.state().wechat_export();
    for (what, t) in [("the tab", &shown), ("the copied HTML", &html), ("the copied text", &plain)] {
        assert!(t.contains(&mine), "{what} has {mine}");
        assert!(!t.contains(&theirs), "{what} still has {theirs}");
    }
}

#[test]
fn open_recent_on_the_open_file_reads_the_disk_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2026-11-20.md");
    std::fs::write(&path, jianbao::SAMPLE_ISSUE).unwrap();
    let mut h = harness();
    perform(&mut h, Action::OpenRecent(path.clone()));
    let changed = jianbao::SAMPLE_ISSUE.replace("2026-11-20", "2026-11-27");
    std::fs::write(&path, &changed).unwrap();
    perform(&mut h, Action::OpenRecent(path.clone()));
    assert_eq!(h.state().document().text(), changed, "the disk was read again");
    assert!(h.query_by_label_contains("(2026-11-27)").is_some(), "the tree shows the file as it is now");
    assert!(h.state_mut().preview_text().contains("2026-11-27"), "and the preview");
}

fn sample_harness(dir: &Path, size: [f32; 2], text: &str) -> (PathBuf, Harness<'static, JianbaoApp>) {
    let path = dir.join("2026-11-20.md");
    std::fs::write(&path, text).unwrap();
    let file = path.clone();
    let mut h = Harness::builder()
        .with_size(size)
        .build_eframe(move |cc| JianbaoApp::from_creation_context(cc, Some(file.clone())));
    h.run();
    (path, h)
}

#[test]
fn no_two_actions_share_a_shortcut() {
    let all = jianbao::app::shortcuts();
    assert!(all.len() > 20, "the table holds the window's shortcuts");
    for (i, (a, action_a)) in all.iter().enumerate() {
        for (b, action_b) in &all[i + 1..] {
            assert!(
                !(a.modifiers == b.modifiers && a.logical_key == b.logical_key),
                "{action_a:?} and {action_b:?} share a shortcut"
            );
        }
    }
    // Every label is given once.
    let labels: Vec<&str> = jianbao::app::bindings().iter().map(|b| b.label).collect();
    let mut unique = labels.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), labels.len(), "{labels:?}");
}

#[test]
fn a_character_typed_and_deleted_is_not_a_change_and_quit_does_not_ask() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut h) = sample_harness(dir.path(), [1280.0, 800.0], jianbao::SAMPLE_ISSUE);
    let Some(Selection::Entry(id)) = h.state().selection() else { panic!("an entry is selected") };
    let title = h.state().issue().entry(id).unwrap().typed().unwrap().head.title.to_string();
    h.get(By::new().role(Role::TextInput).value(&title)).click();
    h.run();
    h.key_press(egui::Key::End);
    h.run();
    h.get(By::new().role(Role::TextInput).value(&title)).type_text("x");
    h.run();
    assert!(h.state().document().is_modified());
    assert!(h.state().window_title().contains('●'));
    h.key_press(egui::Key::Backspace);
    h.run();
    assert_eq!(h.state().document().text(), jianbao::SAMPLE_ISSUE);
    assert!(!h.state().document().is_modified(), "the text is the file's again");
    assert!(!h.state().window_title().contains('●'), "{}", h.state().window_title());
    perform(&mut h, Action::Quit);
    assert_eq!(h.state().pending_confirmation(), None, "quit does not ask");
}

#[test]
fn a_draft_exists_exactly_while_the_text_differs_from_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let drafts = tempfile::tempdir().unwrap();
    let (_, mut h) = sample_harness(dir.path(), [1280.0, 800.0], jianbao::SAMPLE_ISSUE);
    h.state_mut().use_drafts(Some(jianbao::core::files::draft::DraftStore::at(drafts.path())));
    let store = jianbao::core::files::draft::DraftStore::at(drafts.path());
    perform(&mut h, Action::DuplicateEntry);
    h.event(egui::Event::WindowFocused(false));
    h.run();
    assert!(h.state().document().is_modified(), "{:?}", h.state().status());
    assert_eq!(store.list().unwrap().len(), 1, "an edit: a draft ({:?})", h.state().status());
    perform(&mut h, Action::Undo);
    h.run();
    assert!(store.list().unwrap().is_empty(), "the edit undone: no draft");
    // "Don't save" on quit drops the changes and their draft.
    perform(&mut h, Action::AddSection);
    h.event(egui::Event::WindowFocused(false));
    h.run();
    assert_eq!(store.list().unwrap().len(), 1);
    perform(&mut h, Action::Quit);
    assert!(h.state().pending_confirmation().is_some(), "unsaved: quit asks");
    h.get_by_label("Don't save").click();
    h.run();
    assert!(store.list().unwrap().is_empty(), "Don't save leaves no draft");
}

#[test]
fn the_fields_do_not_move_as_findings_come_and_go() {
    let dir = tempfile::tempdir().unwrap();
    let slipped = jianbao::SAMPLE_ISSUE.replacen("摘要：", "摘要:", 1);
    let (_, mut h) = sample_harness(dir.path(), [1280.0, 800.0], &slipped);
    let entry = h.state().findings().iter().find(|d| d.rule == "label-colon").and_then(|d| d.entry).unwrap();
    perform(&mut h, Action::Select(Selection::Entry(entry)));
    let before_count = h.state().findings().iter().filter(|d| d.entry == Some(entry)).count();
    let url = h.get(By::new().role(Role::TextInput).label("URL")).rect();
    h.get_by_label_contains("Fix:").click();
    h.run();
    h.run();
    let after_count = h.state().findings().iter().filter(|d| d.entry == Some(entry)).count();
    assert!(after_count < before_count, "a finding went");
    let after = h.get(By::new().role(Role::TextInput).label("URL")).rect();
    assert_eq!(url, after, "the URL field stayed where it was");
}

#[test]
fn the_form_stays_usable_in_small_windows() {
    for size in [[900.0, 700.0], [800.0, 600.0]] {
        let dir = tempfile::tempdir().unwrap();
        let (_, h) = sample_harness(dir.path(), size, jianbao::SAMPLE_ISSUE);
        let url = h.get(By::new().role(Role::TextInput).label("URL")).rect();
        let title = h.get(By::new().role(Role::TextInput).label("Title")).rect();
        assert!(url.width() >= 300.0, "at {size:?} the URL field is {} px wide", url.width());
        assert!(title.right() <= size[0], "at {size:?} the title field ends inside the window");
        assert!(h.query_by_label("Delete").is_some() && h.query_by_label("Duplicate").is_some());
        let delete = h.get_by_label("Delete").rect();
        assert!(delete.right() <= size[0] && delete.left() >= 0.0, "the Delete button is in view: {delete:?}");
    }
}

#[test]
fn filtered_section_counts_show_the_matches() {
    let dir = tempfile::tempdir().unwrap();
    let (_, mut h) = sample_harness(dir.path(), [1280.0, 800.0], jianbao::SAMPLE_ISSUE);
    let issue = h.state().issue().clone();
    let (section, entry) = issue.entries().find(|(_, e)| e.typed().is_some()).unwrap();
    let title = entry.typed().unwrap().head.title.trim().to_string();
    let needle: String = title.chars().take(6).collect();
    let expected: Vec<(String, usize)> = issue
        .sections
        .iter()
        .map(|s| {
            let n = s
                .entries()
                .filter(|e| {
                    jianbao::core::format::render::entry_text(&e.body).to_lowercase().contains(&needle.to_lowercase())
                })
                .count();
            (s.heading.title.trim().to_string(), n)
        })
        .collect();
    assert!(expected.iter().any(|(t, n)| t == section.heading.title.trim() && *n >= 1));
    h.get(By::new().role(Role::TextInput).label("Filter entries")).click();
    h.run();
    h.get(By::new().role(Role::TextInput).label("Filter entries")).type_text(&needle);
    h.run();
    h.run();
    let counts = h.state().tree_section_counts();
    assert_eq!(counts, expected);
}

#[test]
fn new_in_the_window_is_the_issue_the_new_command_prepares() {
    let Some(copy) = common::corpus_copy() else { return };
    let repo = jianbao::core::files::repo::Repo::open(copy.path()).unwrap();
    let newest = repo.issues().unwrap()[0].clone();
    let prepared = jianbao::core::files::new_issue::prepare(&repo, None).unwrap();
    let mut h = harness();
    perform(&mut h, Action::OpenRecent(newest.path.clone()));
    perform(&mut h, Action::New);
    assert_eq!(h.state().origin(), &Origin::Untitled);
    assert_eq!(h.state().document().text(), prepared.text, "one core function makes both");
}
