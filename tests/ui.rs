//! The window, driven through egui_kittest as a person would: clicks in the
//! tree, typing in the form, dragging entries, keyboard moves, undo, save.
//! Assertions are on the model, the preview's text and the saved bytes.

use std::path::{Path, PathBuf};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable};
use jianbao::app::{Action, Guarded, JianbaoApp, Selection};
use jianbao::core::{EntryId, Issue, SectionKind};

mod common;

/// The sample issue in a temporary folder, so saves go there.
fn sample_file(dir: &Path) -> PathBuf {
    let path = dir.join("2026-11-20.md");
    std::fs::write(&path, jianbao::SAMPLE_ISSUE).unwrap();
    path
}

fn harness(file: Option<PathBuf>) -> Harness<'static, JianbaoApp> {
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(move |cc| JianbaoApp::from_creation_context(cc, file.clone()));
    h.run();
    h
}

/// The form's text field holding `value`.
fn field<'a>(h: &'a Harness<'static, JianbaoApp>, value: &'a str) -> egui_kittest::Node<'a> {
    h.get(By::new().role(Role::TextInput).value(value))
}

/// Selects the entry titled `title` in the tree and types `text` at the end
/// of its title field.
fn type_after_title(h: &mut Harness<'static, JianbaoApp>, title: &str, text: &str) {
    h.get_by_label(title).click();
    h.run();
    field(h, title).click();
    h.run();
    h.key_press(egui::Key::End);
    h.run();
    field(h, title).type_text(text);
    h.run();
}

/// Presses the mouse at `from`, moves to `to` in `steps` frames, releases.
fn drag(h: &mut Harness<'static, JianbaoApp>, from: egui::Pos2, to: egui::Pos2, steps: usize) {
    h.drag_at(from);
    h.run();
    for k in 1..=steps {
        h.hover_at(from + (to - from) * (k as f32 / steps as f32));
        h.run();
    }
    h.drop_at(to);
    h.run();
}

fn entry_by_title(issue: &Issue, title: &str) -> EntryId {
    issue
        .entries()
        .find(|(_, e)| e.typed().is_some_and(|t| t.head.title.trim() == title))
        .map(|(_, e)| e.id)
        .unwrap_or_else(|| panic!("no entry titled {title}"))
}

fn section_titles_of(issue: &Issue, entry: EntryId) -> (String, usize) {
    let (s, item) = issue.locate(entry).unwrap();
    let section = &issue.sections[s];
    let index = section.items[..item].iter().filter(|i| matches!(i, jianbao::core::SectionItem::Entry(_))).count();
    (section.heading.title.trim().to_string(), index)
}

/// Titles of the first entries in the sample, by section.
fn titles_in(issue: &Issue, kind: SectionKind) -> Vec<String> {
    let section = issue.sections.iter().find(|s| s.kind() == kind).unwrap();
    section.entries().map(|e| e.label()).collect()
}

#[test]
fn clicking_an_entry_in_the_tree_shows_it_in_the_form() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(Some(sample_file(dir.path())));
    let issue = h.state().issue().clone();
    let papers = titles_in(&issue, SectionKind::Papers);
    let target = papers[1].clone();

    h.get_by_label(&target).click();
    h.run();

    let id = entry_by_title(&issue, &target);
    assert_eq!(h.state().selection(), Some(Selection::Entry(id)));
    // The form's title field holds the entry's title.
    assert!(h.query(By::new().role(Role::TextInput).value(&target)).is_some(), "the form shows the title field");
}

#[test]
fn typing_a_title_changes_model_preview_and_saved_bytes_and_undo_restores() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_file(dir.path());
    let original = std::fs::read_to_string(&path).unwrap();
    let mut h = harness(Some(path.clone()));
    let issue = h.state().issue().clone();
    let target = titles_in(&issue, SectionKind::News)[0].clone();
    let id = entry_by_title(&issue, &target);

    type_after_title(&mut h, &target, "（更新）");

    let new_title = format!("{target}（更新）");
    let entry = h.state().issue().entry(id).unwrap().typed().unwrap().head.title.to_string();
    assert_eq!(entry, new_title, "the model has the typed title");
    assert!(h.state_mut().preview_text().contains(&new_title), "the preview shows it");
    assert!(h.state().window_title().contains('●'), "the title bar says unsaved");

    // Save: only the edited bytes differ.
    let out = dir.path().join("saved.md");
    assert!(h.state_mut().save_to(&out));
    let saved = std::fs::read_to_string(&out).unwrap();
    assert_eq!(saved, original.replacen(&target, &new_title, 1));
    assert!(!h.state().document().is_modified());

    // One burst of typing is one undo step; Ctrl+Z outside the field undoes it.
    h.get_by_label(&target_label(&h, id)).click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().document().text(), original, "undo gives back the original bytes");
}

fn target_label(h: &Harness<'_, JianbaoApp>, id: EntryId) -> String {
    h.state().issue().entry(id).unwrap().label()
}

#[test]
fn dragging_an_entry_to_another_section_saves_the_new_order_and_undo_restores() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_file(dir.path());
    let original = std::fs::read_to_string(&path).unwrap();
    let mut h = harness(Some(path));
    let issue = h.state().issue().clone();
    let news = titles_in(&issue, SectionKind::News);
    let papers = titles_in(&issue, SectionKind::Papers);
    let moved = news[1].clone();
    let id = entry_by_title(&issue, &moved);

    let from = h.get_by_label(&moved).rect().center();
    let onto = h.get_by_label(&papers[1]).rect();
    // Upper half of the second paper: the entry lands before it.
    let to = egui::pos2(onto.center().x, onto.top() + onto.height() * 0.25);
    drag(&mut h, from, to, 6);

    let issue = h.state().issue();
    let (section, index) = section_titles_of(issue, id);
    assert_eq!(section, "论文");
    assert_eq!(index, 1, "before the second paper");
    let text = h.state().document().text();
    let entry_text = jianbao::core::format::render::entry_text(&issue.entry(id).unwrap().body);
    assert!(original.contains(&entry_text), "the moved entry keeps its exact bytes");
    let at = text.find(&entry_text).unwrap();
    assert!(text.find("## 论文").unwrap() < at, "saved inside 论文");

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().document().text(), original);
}

#[test]
fn keyboard_moves_within_and_across_sections() {
    let mut h = harness(None);
    let issue = h.state().issue().clone();
    let news = titles_in(&issue, SectionKind::News);
    let id = entry_by_title(&issue, &news[0]);
    h.get_by_label(&news[0]).click();
    h.run();

    h.key_press_modifiers(egui::Modifiers::ALT, egui::Key::ArrowDown);
    h.run();
    assert_eq!(section_titles_of(h.state().issue(), id), ("业界新闻".to_string(), 1));

    h.key_press_modifiers(egui::Modifiers::ALT | egui::Modifiers::SHIFT, egui::Key::ArrowDown);
    h.run();
    assert_eq!(section_titles_of(h.state().issue(), id), ("论文".to_string(), 0));

    h.key_press_modifiers(egui::Modifiers::ALT | egui::Modifiers::SHIFT, egui::Key::ArrowUp);
    h.run();
    let (section, index) = section_titles_of(h.state().issue(), id);
    assert_eq!(section, "业界新闻");
    assert_eq!(index, news.len() - 1, "up lands at the end of the previous section");

    // Three moves, three undo steps, back to the start.
    for _ in 0..3 {
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
        h.run();
    }
    assert_eq!(h.state().document().text(), jianbao::SAMPLE_ISSUE);
}

#[test]
fn a_failed_save_is_reported_and_keeps_the_changes() {
    let mut h = harness(None);
    let ctx = h.ctx.clone();
    h.state_mut().perform(Action::AddEntry { above: false }, &ctx);
    h.run();
    let text = h.state().document().text();
    let bad = Path::new("/nonexistent-folder/for/jianbao/2026-01-01.md");
    assert!(!h.state_mut().save_to(bad));
    h.run();
    let status = h.state().status().clone();
    assert!(status.error && status.text.contains("Could not save"), "{status:?}");
    assert!(h.query_by_label_contains("Could not save").is_some(), "the status bar shows it");
    assert_eq!(h.state().document().text(), text);
    assert!(h.state().document().is_modified());
}

#[test]
fn opening_another_file_with_unsaved_changes_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_file(dir.path());
    let mut h = harness(None);
    let ctx = h.ctx.clone();
    h.state_mut().perform(Action::DuplicateEntry, &ctx);
    h.run();
    assert!(h.state().document().is_modified());
    h.state_mut().perform(Action::OpenRecent(path.clone()), &ctx);
    h.run();
    assert_eq!(h.state().pending_confirmation(), Some(&Guarded::Open(path)));
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(h.state().pending_confirmation(), None);
    assert!(h.state().document().is_modified(), "nothing was dropped");
}

#[test]
fn a_new_entry_from_the_keyboard_takes_typed_fields() {
    let mut h = harness(None);
    let before = h.state().issue().entries().count();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    h.run();
    assert_eq!(h.state().issue().entries().count(), before + 1);
    let Some(Selection::Entry(id)) = h.state().selection() else { panic!("the new entry is selected") };
    // The URL field has the keyboard: paste a link, then the title.
    let focused = h.get_by(|node| node.is_focused());
    assert_eq!(focused.value().as_deref(), Some(""), "an empty field has the keyboard");
    focused.type_text("https://example.org/a");
    h.run();
    let head = h.state().issue().entry(id).unwrap().typed().unwrap().head.clone();
    assert_eq!(head.url, "https://example.org/a");
}

#[test]
fn a_real_issue_opens_and_every_section_is_in_the_tree() {
    let Some(repo) = common::corpus_repo() else { return };
    let largest = std::fs::read_dir(repo.join("embedded-ai-report"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .max_by_key(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
        .unwrap();
    let original = std::fs::read(&largest).unwrap();
    let h = harness(Some(largest));
    let issue = h.state().issue().clone();
    for s in &issue.sections {
        let title = s.heading.title.trim();
        assert!(h.query_all_by_label_contains(title).next().is_some(), "{title} in the tree");
    }
    assert_eq!(h.state().document().text().as_bytes(), &original[..]);
}

#[test]
fn a_file_changed_on_disk_is_not_overwritten_and_the_window_asks() {
    let dir = tempfile::tempdir().unwrap();
    let path = sample_file(dir.path());
    let mut h = harness(Some(path.clone()));
    let ctx = h.ctx.clone();
    h.state_mut().perform(Action::DuplicateEntry, &ctx);
    h.run();
    // Another program rewrites the file behind our back.
    let theirs = jianbao::SAMPLE_ISSUE.replace("2026-11-20", "2026-11-21");
    std::fs::write(&path, &theirs).unwrap();

    assert!(!h.state_mut().save_to(&path), "the save is refused");
    h.run();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs, "their bytes are untouched");
    assert!(matches!(h.state().file_dialog(), Some(jianbao::app::FileDialog::Conflict(_))));
    assert!(h.state().document().is_modified(), "ours are still here");
    h.get_by_label("Overwrite it with mine").click();
    h.run();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), h.state().document().text());
    assert!(!h.state().document().is_modified());
}

#[test]
fn a_draft_is_written_when_the_window_loses_focus_and_restored_after_a_crash() {
    let dir = tempfile::tempdir().unwrap();
    let drafts = tempfile::tempdir().unwrap();
    let path = sample_file(dir.path());
    let mut h = harness(Some(path.clone()));
    h.state_mut().use_drafts(Some(jianbao::core::files::draft::DraftStore::at(drafts.path())));
    let ctx = h.ctx.clone();
    h.state_mut().perform(Action::AddEntry { above: false }, &ctx);
    h.run();
    let edited = h.state().document().text();
    h.event(egui::Event::WindowFocused(false));
    h.run();
    // The process dies here; a new window finds the draft and offers it.
    drop(h);
    let mut h = harness(Some(path.clone()));
    h.state_mut().use_drafts(Some(jianbao::core::files::draft::DraftStore::at(drafts.path())));
    h.run();
    assert!(matches!(h.state().file_dialog(), Some(jianbao::app::FileDialog::Restore(list)) if list.len() == 1));
    h.get_by_label("Restore").click();
    h.run();
    assert_eq!(h.state().document().text(), edited);
    assert!(h.state().document().is_modified(), "a restored draft is unsaved work");
    // Saving it drops the draft.
    assert!(h.state_mut().save_to(&path));
    assert!(jianbao::core::files::draft::DraftStore::at(drafts.path()).list().unwrap().is_empty());
}

#[test]
fn a_repository_opens_on_its_newest_issue_and_a_new_issue_offers_the_archive() {
    let Some(copy) = common::corpus_copy() else { return };
    let issues = copy.path().join("embedded-ai-report");
    let mut h = harness(None);
    assert!(h.state_mut().open_repo(copy.path()));
    let newest = jianbao::core::files::repo::Repo::open(copy.path()).unwrap().issues().unwrap()[0].clone();
    assert_eq!(h.state().origin(), &jianbao::app::Origin::File(newest.path.clone()));

    assert!(h.state_mut().new_issue_in_repo());
    h.run();
    let next = jianbao::core::files::archive::add_days(&newest.date, 14).unwrap();
    let created = issues.join(format!("{next}.md"));
    assert!(created.is_file());
    assert_eq!(h.state().origin(), &jianbao::app::Origin::File(created));
    // The hand-made README is stale: the window offers to refresh it.
    assert!(matches!(h.state().file_dialog(), Some(jianbao::app::FileDialog::Archive(_))));
    h.get_by_label("Update README.md").click();
    h.run();
    let readme = std::fs::read_to_string(copy.path().join("README.md")).unwrap();
    assert!(!h.state().status().error, "{:?}", h.state().status());
    assert!(readme.contains(&format!("./embedded-ai-report/{next}.md")));
}

#[test]
fn tags_typed_with_commas_become_the_entry_tags() {
    let mut h = harness(None);
    let issue = h.state().issue().clone();
    let target = titles_in(&issue, SectionKind::News)[1].clone();
    let id = entry_by_title(&issue, &target);
    h.get_by_label(&target).click();
    h.run();
    h.get(By::new().role(Role::TextInput).label("Tags")).click();
    h.run();
    // Typed key by key: the comma and space must survive between keystrokes.
    for c in "CVPR2026, 2611.00001".chars() {
        h.get(By::new().role(Role::TextInput).label("Tags")).type_text(&c.to_string());
        h.run();
    }
    let head = h.state().issue().entry(id).unwrap().typed().unwrap().head.clone();
    let tags: Vec<&str> = head.tags.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(tags, ["CVPR2026", "2611.00001"]);
    assert!(h.state().document().text().contains(&format!("[CVPR2026] [2611.00001] [{target}")));
}

/// Whether this process can open a clipboard (not under a headless test run).
fn jianbao_clipboard_available() -> bool {
    arboard::Clipboard::new().is_ok()
}

#[test]
fn the_wechat_preview_shows_the_article_with_numbered_references() {
    let mut h = harness(None);
    let ctx = h.ctx.clone();
    h.state_mut().perform(Action::WeChatPreview, &ctx);
    h.run();
    let text = h.state_mut().preview_text();
    assert!(text.contains("参考资料"), "the references list is drawn");
    assert!(text.contains("[1]"), "links to other sites carry numbers");
    let (html, plain) = h.state().wechat_export();
    assert!(html.starts_with("<section"));
    assert!(!html.contains("<ul") && !html.contains("class="));
    assert!(plain.contains("参考资料"));
    // Without a display the clipboard cannot open: the status bar says so, nothing panics.
    h.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::C);
    h.run();
    // With a clipboard the copy is reported; without one (no display) the failure is.
    let status = h.state().status().clone();
    match jianbao_clipboard_available() {
        true => assert!(!status.error && status.text.starts_with("Copied for WeChat"), "{status:?}"),
        false => assert!(status.error && status.text.starts_with("Could not copy to the clipboard"), "{status:?}"),
    }
}

#[test]
fn a_flagged_entry_is_fixed_with_one_click_and_undo_brings_the_slip_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("2026-11-20.md");
    // One ASCII colon after a label: the label-colon check flags it and offers a fix.
    let slipped = jianbao::SAMPLE_ISSUE.replacen("摘要：", "摘要:", 1);
    std::fs::write(&path, &slipped).unwrap();
    let mut h = harness(Some(path));
    let flagged: Vec<_> = h.state_mut().diagnostics().iter().filter(|d| d.rule == "label-colon").cloned().collect();
    assert_eq!(flagged.len(), 1);
    let entry = flagged[0].entry.expect("the finding names its entry");
    let ctx = h.ctx.clone();
    h.state_mut().perform(Action::Select(Selection::Entry(entry)), &ctx);
    h.run();
    h.get_by_label_contains("Fix:").click();
    h.run();
    assert_eq!(h.state().document().text(), jianbao::SAMPLE_ISSUE, "only the colon changed");
    assert_eq!(h.state().selection(), Some(Selection::Entry(entry)), "the entry keeps its id");
    assert!(h.state_mut().diagnostics().iter().all(|d| d.rule != "label-colon"));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(h.state().document().text(), slipped);
}

#[test]
fn a_url_used_in_an_earlier_issue_is_named_while_it_is_typed_and_search_opens_old_entries() {
    let Some(copy) = common::corpus_copy() else { return };
    let repo = jianbao::core::files::repo::Repo::open(copy.path()).unwrap();
    let issues = repo.issues().unwrap();
    let oldest = issues.last().unwrap().clone();
    let old_issue = jianbao::core::files::io::load_issue(&oldest.path).unwrap();
    let (old_section, old_entry) = old_issue
        .entries()
        .find(|(_, e)| e.typed().is_some_and(|t| t.head.url.starts_with("http") && t.head.title.chars().count() > 8))
        .map(|(s, e)| (s.heading.title.trim().to_string(), e.typed().unwrap().head.clone()))
        .unwrap();

    let mut h = harness(None);
    assert!(h.state_mut().open_repo(copy.path()));
    assert!(h.state_mut().wait_for_index(), "the repository is indexed");
    h.run();
    let ctx = h.ctx.clone();
    h.state_mut().perform(Action::AddEntry { above: false }, &ctx);
    h.run();
    let focused = h.get_by(|node| node.is_focused());
    focused.type_text(&old_entry.url);
    h.run();
    let note = format!("Already in {} · {old_section}", oldest.date);
    assert!(h.query_by_label_contains(&note).is_some(), "the form says {note}");

    // The search window finds the old entry by a piece of its title and opens it.
    h.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::F);
    h.run();
    let words: String = old_entry.title.chars().take(8).collect();
    h.get(By::new().role(Role::TextInput).label("Search the archive")).type_text(&words);
    h.run();
    // Unsaved work first: the window asks before opening another issue.
    let result = format!("{} · {old_section} · {}", oldest.date, old_entry.title);
    h.get_by_label(&result).click();
    h.run();
    assert!(h.state().pending_confirmation().is_some(), "the new entry is unsaved: it asks");
    h.get_by_label("Don't save").click();
    h.run();
    h.get_by_label(&result).click();
    h.run();
    assert_eq!(h.state().origin(), &jianbao::app::Origin::File(oldest.path.clone()));
    let Some(Selection::Entry(id)) = h.state().selection() else { panic!("an entry is selected") };
    assert_eq!(h.state().issue().entry(id).unwrap().typed().unwrap().head.url, old_entry.url);
}

#[test]
fn typing_without_a_pause_still_writes_a_draft_within_five_seconds() {
    let drafts = tempfile::tempdir().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(Some(sample_file(dir.path())));
    h.state_mut().use_drafts(Some(jianbao::core::files::draft::DraftStore::at(drafts.path())));
    let ctx = h.ctx.clone();
    h.state_mut().perform(Action::AddEntry { above: false }, &ctx);
    h.run();
    let store = jianbao::core::files::draft::DraftStore::at(drafts.path());
    // A key every frame (1/60 s) for up to ten simulated seconds: never idle.
    let mut wrote_at = None;
    for frame in 0..600 {
        h.get_by(|node| node.is_focused()).type_text("a");
        h.step();
        if !store.list().unwrap().is_empty() {
            wrote_at = Some(frame);
            break;
        }
    }
    let frame = wrote_at.expect("a draft was written while typing went on");
    assert!(frame < 5 * 60, "first draft after {frame} frames, more than five seconds");
}

#[test]
fn ctrl_z_inside_a_text_field_is_the_field_s_own_undo() {
    let mut h = harness(None);
    let issue = h.state().issue().clone();
    let target = titles_in(&issue, SectionKind::Papers)[0].clone();
    type_after_title(&mut h, &target, "XYZ");
    assert!(h.state().document().text().contains(&format!("{target}XYZ")));
    // The field has the keyboard: Ctrl+Z undoes its typing, not a document command.
    let before = h.state().document().undo_label();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(h.get(By::new().role(Role::TextInput).value(&target)).is_focused(), "still typing in the field");
    assert_eq!(h.state().document().text(), jianbao::SAMPLE_ISSUE, "the typed text is gone");
    assert_eq!(before, Some("Edit entry"));
}

#[test]
fn dropping_an_entry_where_it_is_changes_nothing() {
    let mut h = harness(None);
    let issue = h.state().issue().clone();
    let news = titles_in(&issue, SectionKind::News);
    let rect = h.get_by_label(&news[1]).rect();
    let from = rect.center();
    let to = egui::pos2(rect.center().x, rect.bottom() - 2.0);
    drag(&mut h, from, to, 4);
    assert!(!h.state().document().is_modified(), "no edit, no undo step");
    assert!(!h.state().document().can_undo());
}

/// A scratch draft becomes an issue from the Edit menu's actions: the title
/// from the file's name, the usual sections, entries of the bare addresses;
/// each one undo step, and the tree names the group of entries before any
/// heading.
#[test]
fn a_scratch_draft_becomes_an_issue_from_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scratch/2026-05-01.md"))
            .unwrap();
    let path = dir.path().join("2026-05-01.md");
    std::fs::write(&path, &text).unwrap();
    let mut h = harness(Some(path.clone()));
    assert!(h.state().issue().title().is_none());
    assert!(h.query_all_by_label_contains("Not in a section yet").next().is_some(), "the tree names the group");
    let ctx = h.ctx.clone();
    let bare_before = jianbao::core::edit::draft::bare_url_items(h.state().issue()).len();
    assert!(bare_before > 0);
    h.state_mut().perform(Action::AddTitle, &ctx);
    h.state_mut().perform(Action::AddUsualSections, &ctx);
    h.state_mut().perform(Action::EntriesFromUrls, &ctx);
    h.run();
    let issue = h.state().issue();
    assert_eq!(issue.title().map(|t| t.date.to_string()).as_deref(), Some("2026-05-01"));
    for usual in ["业界新闻", "论文", "开源项目", "博文"] {
        assert!(issue.named_sections().any(|s| s.heading.title.trim() == usual), "{usual} missing");
    }
    assert!(jianbao::core::edit::draft::bare_url_items(issue).is_empty());
    assert!(h.state().document().text().contains("](https://example.org/sparse-attention-phone)"));
    // Three undo steps bring the file's bytes back.
    for _ in 0..3 {
        h.state_mut().perform(Action::Undo, &ctx);
    }
    assert_eq!(h.state().document().text(), text);
    assert!(!h.state().document().is_modified());
}
