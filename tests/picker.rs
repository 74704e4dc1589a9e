//! File → Open…, Save As… and Open repository… with the in-app file dialog
//! (what a desktop without a file-chooser portal gets), driven through
//! egui_kittest: the dialog shows, says why in the status bar, and what is
//! picked in it is opened or written; Cancel changes nothing.

use std::path::{Path, PathBuf};

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable};
use jianbao::app::picker::DialogChoice;
use jianbao::app::{JianbaoApp, Origin};

/// An issue file of our own: the sample with another title date and headline.
fn other_issue() -> String {
    let text = jianbao::SAMPLE_ISSUE.replacen("2026-11-20", "2026-12-04", 1);
    assert_ne!(text, jianbao::SAMPLE_ISSUE, "the sample names its date");
    text
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// The window on `file`, with the in-app dialogs forced. egui_file decorates
/// its title and rows with pictographs (📂, 🗀) that neither egui's fonts nor
/// ours have: a real window draws them from the system's fonts, a headless
/// one as boxes, so only here are missing glyphs allowed.
fn harness(file: PathBuf) -> Harness<'static, JianbaoApp> {
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .allow_missing_glyphs()
        // egui_file's path and name fields carry no accessible name; ours do (tests/ui.rs checks).
        .with_accessibility_check(false)
        .build_eframe(move |cc| {
            let mut app = JianbaoApp::from_creation_context(cc, Some(file.clone()));
            app.set_dialog_choice(DialogChoice::InApp);
            app
        });
    h.run();
    h
}

/// Clicks File, then the item whose label starts with `item`.
fn file_menu(h: &mut Harness<'static, JianbaoApp>, item: &str) {
    h.get_by_label("File").click();
    h.run();
    h.get(By::new().role(Role::Button).label_contains(item)).click();
    h.run();
}

fn button(h: &mut Harness<'static, JianbaoApp>, label: &str) {
    h.get(By::new().role(Role::Button).label(label)).click();
    h.run();
}

fn dialog_is_shown(h: &Harness<'static, JianbaoApp>, title: &str) -> bool {
    h.query_by_label_contains(title).is_some()
}

#[test]
fn open_shows_the_in_app_dialog_says_why_and_opens_the_chosen_file() {
    let dir = tempfile::tempdir().unwrap();
    let first = write(dir.path(), "2026-11-20.md", jianbao::SAMPLE_ISSUE);
    let second = write(dir.path(), "2026-12-04.md", &other_issue());
    let mut h = harness(first.clone());
    assert!(!dialog_is_shown(&h, "Open an issue"));

    file_menu(&mut h, "Open…");
    assert!(h.state().picker_open());
    assert!(dialog_is_shown(&h, "Open an issue"), "File → Open… shows the in-app dialog");
    let status = h.state().status().text.clone();
    assert!(status.contains("built-in file dialog") && status.contains("JIANBAO_NATIVE_DIALOGS=0"), "{status}");
    assert_eq!(h.state().origin(), &Origin::File(first.clone()), "nothing opened yet");

    // The dialog starts in the open file's folder and lists both issues.
    h.get(By::new().label_contains("2026-12-04.md").role(Role::Button)).click();
    h.run();
    button(&mut h, "Open");
    h.run();

    assert!(!h.state().picker_open());
    assert!(!dialog_is_shown(&h, "Open an issue"));
    assert_eq!(h.state().origin(), &Origin::File(second.clone()));
    let expected = jianbao::core::files::io::load_issue_stamped(&second).unwrap().0;
    assert_eq!(h.state().issue(), &expected, "the model holds the chosen file's issue");
    assert_eq!(h.state().issue().title().unwrap().date.to_string(), "2026-12-04");
}

#[test]
fn save_as_in_the_in_app_dialog_writes_the_bytes_to_the_new_path() {
    let dir = tempfile::tempdir().unwrap();
    let first = write(dir.path(), "2026-11-20.md", jianbao::SAMPLE_ISSUE);
    let mut h = harness(first.clone());

    file_menu(&mut h, "Save As…");
    assert!(dialog_is_shown(&h, "Save the issue as"));
    // The suggested name is the issue's date; replace it with another.
    let name_field = By::new().role(Role::TextInput).value("2026-11-20.md");
    h.get(name_field).click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.run();
    h.get(By::new().role(Role::TextInput).value("2026-11-20.md")).type_text("copy.md");
    h.run();
    assert!(h.query(By::new().role(Role::TextInput).value("copy.md")).is_some(), "the name was replaced");
    button(&mut h, "Save");

    let copy = dir.path().join("copy.md");
    assert_eq!(std::fs::read_to_string(&copy).unwrap(), jianbao::SAMPLE_ISSUE, "the bytes of the issue");
    assert_eq!(h.state().origin(), &Origin::File(copy));
    assert!(!h.state().document().is_modified());
    assert_eq!(std::fs::read_to_string(&first).unwrap(), jianbao::SAMPLE_ISSUE, "the first file is untouched");
    assert!(!h.state().picker_open());
}

#[test]
fn cancel_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let first = write(dir.path(), "2026-11-20.md", jianbao::SAMPLE_ISSUE);
    write(dir.path(), "2026-12-04.md", &other_issue());
    let mut h = harness(first.clone());
    let before = h.state().issue().clone();

    for (item, title) in [("Open…", "Open an issue"), ("Save As…", "Save the issue as")] {
        file_menu(&mut h, item);
        assert!(dialog_is_shown(&h, title));
        button(&mut h, "Cancel");
        assert!(!dialog_is_shown(&h, title), "Cancel closes {title}");
        assert!(!h.state().picker_open());
        assert_eq!(h.state().issue(), &before);
        assert_eq!(h.state().origin(), &Origin::File(first.clone()));
    }
    let mut names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    assert_eq!(names, ["2026-11-20.md", "2026-12-04.md"], "no file written");
    assert_eq!(std::fs::read_to_string(&first).unwrap(), jianbao::SAMPLE_ISSUE);
}

#[test]
fn open_repository_picks_a_folder_in_the_in_app_dialog() {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path().join("newsletter-repo");
    std::fs::create_dir_all(repo.join("embedded-ai-report")).unwrap();
    write(&repo.join("embedded-ai-report"), "2026-11-20.md", jianbao::SAMPLE_ISSUE);
    let newest = write(&repo.join("embedded-ai-report"), "2026-12-04.md", &other_issue());
    let outside = write(dir.path(), "2026-01-01.md", jianbao::SAMPLE_ISSUE);
    let mut h = harness(outside);

    file_menu(&mut h, "Open repository…");
    assert!(dialog_is_shown(&h, "Open a newsletter repository"));
    // Select the folder, then Open picks it.
    h.get(By::new().label_contains("newsletter-repo").role(Role::Button)).click();
    h.run();
    button(&mut h, "Open");
    h.run();

    assert!(!h.state().picker_open());
    assert_eq!(h.state().origin(), &Origin::File(newest));
}

#[test]
fn the_environment_variable_chooses_the_dialogs() {
    assert_eq!(DialogChoice::from_env_value(Some("0")), DialogChoice::InApp);
    assert_eq!(DialogChoice::from_env_value(Some("1")), DialogChoice::Native);
    assert_eq!(DialogChoice::from_env_value(None), DialogChoice::Auto);
    assert_eq!(DialogChoice::from_env_value(Some("")), DialogChoice::Auto);
}
