//! The theme panel and theme files in the window: a colour typed into the
//! panel recolours the WeChat tab at once and its contrast check appears
//! live; an invalid value is named and the preview keeps the last valid
//! draft; Save writes a RON file that reads back equal and becomes the theme
//! in use; closing with unsaved changes asks; a theme file written by
//! another program while the app runs is offered, and an invalid one is
//! refused with its line while the previous version stays in use.

use std::path::{Path, PathBuf};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{By, NodeT, Queryable};
use jianbao::app::theme_panel::ThemeEditAction;
use jianbao::app::{Action, JianbaoApp};
use jianbao::core::export::wechat::{Palette, Rgb, theme_file};

/// A repository holding the sample issue.
fn repo(dir: &Path) -> PathBuf {
    std::fs::create_dir_all(dir.join("embedded-ai-report")).unwrap();
    let file = dir.join("embedded-ai-report").join("2026-11-20.md");
    std::fs::write(&file, jianbao::SAMPLE_ISSUE).unwrap();
    file
}

fn harness(root: &Path) -> Harness<'static, JianbaoApp> {
    let mut h =
        Harness::builder().with_size([1400.0, 900.0]).build_eframe(|cc| JianbaoApp::from_creation_context(cc, None));
    h.run();
    assert!(h.state_mut().open_repo(root));
    perform(&mut h, Action::WeChatPreview);
    h
}

fn perform(h: &mut Harness<'static, JianbaoApp>, action: Action) {
    let ctx = h.ctx.clone();
    h.state_mut().perform(action, &ctx);
    h.run_steps(3);
}

/// Replaces the text of the field labelled `label`.
fn replace(h: &mut Harness<'static, JianbaoApp>, label: &str, text: &str) {
    // The panel's values scroll: bring the field into view first.
    h.get(By::new().role(Role::TextInput).label(label)).scroll_to_me();
    h.run_steps(3);
    h.get(By::new().role(Role::TextInput).label(label)).click();
    h.run_steps(2);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run_steps(2);
    h.get(By::new().role(Role::TextInput).label(label)).type_text(text);
    h.run_steps(3);
}

/// Whether the article's blocks in the WeChat tab paint `colour` anywhere.
fn preview_paints(h: &Harness<'static, JianbaoApp>, colour: Rgb) -> bool {
    let c = egui::Color32::from_rgb(colour.0, colour.1, colour.2);
    h.state().wechat_preview().blocks.iter().any(|b| b.job.sections.iter().any(|s| s.format.color == c))
}

#[test]
fn a_colour_typed_in_the_panel_recolours_the_preview_shows_its_check_and_saves_as_ron() {
    let dir = tempfile::tempdir().unwrap();
    repo(dir.path());
    let mut h = harness(dir.path());
    let before = h.state().wechat_theme();
    assert!(preview_paints(&h, Palette::light(&before).on_page.muted), "sources are painted in the muted colour");

    // The WeChat tab's bar opens the panel, on a copy of the built-in.
    h.get_by_label("Theme…").click();
    h.run_steps(3);
    assert!(h.query_by_label_contains("Passes the colour checks").is_some());
    assert_eq!(h.state_mut().theme_editor().unwrap().draft.name, format!("{}-mine", before.name));

    // Too pale a grey for sources: the check names the pair at once, and the preview uses it.
    replace(&mut h, "Colour muted", "#b0b0b0");
    let draft = h.state_mut().theme_editor().unwrap().draft.clone();
    assert_eq!(draft.muted, Rgb(0xb0, 0xb0, 0xb0));
    assert_eq!(h.state().wechat_theme(), draft, "the preview and the copy use the draft");
    assert!(preview_paints(&h, Palette::light(&draft).on_page.muted));
    assert!(!preview_paints(&h, Palette::light(&before).on_page.muted), "the old grey is gone");
    assert!(h.query_by_label_contains("colour problem(s)").is_some());
    assert!(
        h.query_all_by_label_contains("#b0b0b0 (muted) on #ffffff (background)").next().is_some(),
        "the pair is named"
    );
    let (html, _) = h.state().wechat_export();
    assert!(html.contains("#b0b0b0"), "the copy is what the preview shows");

    // A darker grey passes again, and the label changes.
    replace(&mut h, "Colour muted", "#555555");
    assert!(h.query_by_label_contains("Passes the colour checks").is_some());
    replace(&mut h, "Theme label", "我的灰");
    h.get_by_label("Save theme").click();
    h.run_steps(3);

    let path = dir.path().join(".jianbao/themes").join(format!("{}-mine.ron", before.name));
    let saved = theme_file::read(&path).expect("the file reads back");
    let draft = h.state_mut().theme_editor().unwrap().draft.clone();
    assert_eq!(saved, draft, "the file holds the draft");
    assert_eq!(saved.muted, Rgb(0x55, 0x55, 0x55));
    assert_eq!(saved.label, "我的灰");
    assert!(!h.state_mut().theme_editor().unwrap().is_modified());
    // It is the theme in use, and offered once the panel closes.
    h.get_by_label("Close").click();
    h.run_steps(3);
    assert!(h.state_mut().theme_editor().is_none());
    assert_eq!(h.state().wechat_theme(), saved);
    assert!(h.state().wechat_themes().iter().any(|t| t.label == "我的灰"));
}

#[test]
fn an_invalid_value_is_named_and_the_preview_keeps_the_last_valid_draft() {
    let dir = tempfile::tempdir().unwrap();
    repo(dir.path());
    let mut h = harness(dir.path());
    perform(&mut h, Action::ThemeEdit(ThemeEditAction::Open));
    replace(&mut h, "Colour heading", "#224466");
    replace(&mut h, "Theme bullet", "<li>");
    assert!(h.query_by_label_contains("Not valid: bullet").is_some());
    let valid = h.state().wechat_theme();
    assert_eq!(valid.heading, Rgb(0x22, 0x44, 0x66), "the last valid draft");
    assert_eq!(valid.bullet, "•");
    assert!(h.get_by_label("Save theme").accesskit_node().is_disabled(), "an invalid theme cannot be saved");
    replace(&mut h, "Theme bullet", "»");
    assert!(h.query_by_label_contains("Not valid").is_none());
    assert_eq!(h.state().wechat_theme().bullet, "»");
    assert!(!h.get_by_label("Save theme").accesskit_node().is_disabled());
}

#[test]
fn closing_with_unsaved_changes_asks_and_keep_editing_keeps_them() {
    let dir = tempfile::tempdir().unwrap();
    repo(dir.path());
    let mut h = harness(dir.path());
    perform(&mut h, Action::ThemeEdit(ThemeEditAction::Open));
    replace(&mut h, "Colour tag", "#7a3a10");
    h.get_by_label("Close").click();
    h.run_steps(3);
    assert!(h.query_by_label_contains("unsaved changes").is_some());
    h.get_by_label("Keep editing").click();
    h.run_steps(3);
    assert_eq!(h.state_mut().theme_editor().unwrap().draft.tag, Rgb(0x7a, 0x3a, 0x10));
    h.get_by_label("Close").click();
    h.run_steps(3);
    h.get_by_label("Discard changes").click();
    h.run_steps(3);
    assert!(h.state_mut().theme_editor().is_none());
    assert!(!dir.path().join(".jianbao/themes").exists(), "nothing was written");
    assert_ne!(h.state().wechat_theme().tag, Rgb(0x7a, 0x3a, 0x10), "the built-in is back in use");
}

const MINE: &str = r##"(
    name: "slate",
    label: "石板",
    font_family: "-apple-system,'PingFang SC',sans-serif",
    font_size: 16.0, line_height: 1.75, title_size: 22.0, heading_size: 18.0, small_size: 13.0,
    text: "#333333", heading: "#2b4a6f", accent: "#2b4a6f", link: "#3c4a67", tag: "#7a3a10",
    muted: "#595959", quote_bg: "#f7f7f7", code_bg: "#f2f2f2", code: "#7a1f3d",
    rule: "#dddddd", background: "#ffffff",
)
"##;

#[test]
fn a_theme_file_written_while_the_app_runs_is_offered_and_an_invalid_one_keeps_the_previous() {
    let dir = tempfile::tempdir().unwrap();
    repo(dir.path());
    let mut h = harness(dir.path());
    let themes = dir.path().join(".jianbao/themes");
    std::fs::create_dir_all(&themes).unwrap();
    std::fs::write(themes.join("slate.ron"), MINE).unwrap();
    h.state_mut().theme_watch().expect("themes are watched").wait_for_reload();
    h.run_steps(3);
    assert!(h.state().wechat_themes().iter().any(|t| t.name == "slate" && t.heading == Rgb(0x2b, 0x4a, 0x6f)));
    perform(&mut h, Action::WeChatTheme("slate".into()));
    assert_eq!(h.state().wechat_theme().label, "石板");
    assert!(preview_paints(&h, Palette::light(&h.state().wechat_theme()).on_page.heading));

    // Broken on line 6: refused with its line, and the previous version stays.
    let broken = MINE.replace("heading: \"#2b4a6f\"", "heading: \"#2b4a6\"");
    // A different length, so the file's modification is seen even within the same second.
    std::fs::write(themes.join("slate.ron"), format!("{broken}\n")).unwrap();
    h.state_mut().theme_watch().unwrap().wait_for_reload();
    h.run_steps(3);
    let status = h.state().status().text.clone();
    assert!(status.contains("refused") && status.contains("slate.ron:6:"), "{status}");
    assert_eq!(h.state().wechat_theme().heading, Rgb(0x2b, 0x4a, 0x6f), "the previous version stays in use");
}
