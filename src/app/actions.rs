//! Everything the person can ask for from a menu, a shortcut, the tree's
//! context menu or the form, as one enum, and the menu bar that lists them
//! with their shortcuts.

use std::path::PathBuf;

use eframe::egui::{self, Key, KeyboardShortcut, Modifiers};

use super::filling::FillAction;
use super::{Guarded, JianbaoApp, Selection, ThemeChoice};
use crate::core::{Command, EntryId, SectionId, format::style};

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    New,
    Open,
    OpenRecent(PathBuf),
    OpenSample,
    Save,
    SaveAs,
    Quit,
    Undo,
    Redo,
    Select(Selection),
    SelectNext,
    SelectPrevious,
    /// A new entry next to the selection (below), or `above`.
    AddEntry {
        above: bool,
    },
    /// A new entry at the end of a section.
    AddEntryTo(SectionId),
    DuplicateEntry,
    DeleteEntry,
    /// Move the selected entry one place up (-1) or down (+1).
    MoveEntryBy(i32),
    /// Move the selected entry to the previous (-1) or next (+1) section.
    MoveEntryToSection(i32),
    /// Drag and drop, or "Move to section…".
    MoveEntry {
        entry: EntryId,
        section: SectionId,
        index: usize,
    },
    AddSection,
    /// A scratch draft's title (date from the file name, boilerplate from the
    /// repository's newest issue when one is open).
    AddTitle,
    /// The usual sections a draft does not have yet.
    AddUsualSections,
    /// Every bare address line (with its title line above) made an entry.
    EntriesFromUrls,
    OpenRepo,
    OpenRepoAt(PathBuf),
    NewInRepo,
    RefreshArchive,
    RenameSection(SectionId, String),
    RemoveSection(SectionId),
    MoveSectionBy(SectionId, i32),
    FocusFilter,
    TogglePreviewRaw,
    /// Show or hide the preview in a narrow window.
    ToggleNarrowPreview,
    CopyWeChat,
    CopyMarkdown,
    OpenWeChatInBrowser,
    WeChatTheme(String),
    WeChatPreview,
    /// The fix of a finding of the document `doc` (refused for any other document).
    ApplyFix {
        doc: crate::core::DocumentId,
        finding: Box<crate::core::editorial::lint::Diagnostic>,
    },
    OpenSearch,
    Theme(ThemeChoice),
    /// Apply a command from the form (merged with a typing burst when `merge` is set).
    Edit {
        cmd: Box<Command>,
        merge: Option<String>,
    },
    /// Several commands as one undo step.
    EditAll {
        label: &'static str,
        cmds: Vec<Command>,
    },
    ToggleSection(SectionId),
    RenameSectionFocus(SectionId),
    /// The answer to a question a dialog asked.
    Answer(super::Answer),
    /// An archive search result: its issue opened at the entry.
    OpenHit {
        date: String,
        title: String,
        url: String,
    },
    CloseSearch,
    /// A file dialog's pick, for what it was started for.
    Picked {
        purpose: super::picker::Purpose,
        path: PathBuf,
    },
    /// The file dialog was closed without a pick: what was to follow is dropped.
    PickCancelled,
    /// Filling from links, the inbox, their settings.
    Fill(super::filling::FillAction),
    /// The Git menu, the commit dialog, the git windows.
    Git(super::git_panel::GitAction),
    /// The theme panel: open, save, close.
    ThemeEdit(super::theme_panel::ThemeEditAction),
}

/// Menus are wide enough for a label and its shortcut ("Ctrl+Shift+M").
const MENU_WIDTH: f32 = 300.0;

const fn sc(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}

const CTRL_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);
const ALT_SHIFT: Modifiers = Modifiers::ALT.plus(Modifiers::SHIFT);

pub const NEW: KeyboardShortcut = sc(Modifiers::COMMAND, Key::N);
pub const OPEN: KeyboardShortcut = sc(Modifiers::COMMAND, Key::O);
pub const SAVE: KeyboardShortcut = sc(Modifiers::COMMAND, Key::S);
pub const SAVE_AS: KeyboardShortcut = sc(CTRL_SHIFT, Key::S);
pub const QUIT: KeyboardShortcut = sc(Modifiers::COMMAND, Key::Q);
pub const UNDO: KeyboardShortcut = sc(Modifiers::COMMAND, Key::Z);
pub const REDO: KeyboardShortcut = sc(CTRL_SHIFT, Key::Z);
pub const REDO_Y: KeyboardShortcut = sc(Modifiers::COMMAND, Key::Y);
pub const FILTER: KeyboardShortcut = sc(Modifiers::COMMAND, Key::F);
pub const ADD_ENTRY: KeyboardShortcut = sc(Modifiers::COMMAND, Key::Enter);
pub const ADD_ENTRY_ABOVE: KeyboardShortcut = sc(CTRL_SHIFT, Key::Enter);
pub const DUPLICATE: KeyboardShortcut = sc(Modifiers::COMMAND, Key::D);
pub const DELETE: KeyboardShortcut = sc(Modifiers::COMMAND, Key::Delete);
pub const MOVE_UP: KeyboardShortcut = sc(Modifiers::ALT, Key::ArrowUp);
pub const MOVE_DOWN: KeyboardShortcut = sc(Modifiers::ALT, Key::ArrowDown);
pub const MOVE_PREV_SECTION: KeyboardShortcut = sc(ALT_SHIFT, Key::ArrowUp);
pub const MOVE_NEXT_SECTION: KeyboardShortcut = sc(ALT_SHIFT, Key::ArrowDown);
pub const SELECT_PREV: KeyboardShortcut = sc(Modifiers::COMMAND, Key::ArrowUp);
pub const SELECT_NEXT: KeyboardShortcut = sc(Modifiers::COMMAND, Key::ArrowDown);
pub const ADD_SECTION: KeyboardShortcut = sc(CTRL_SHIFT, Key::N);
pub const PREVIEW_RAW: KeyboardShortcut = sc(CTRL_SHIFT, Key::M);
pub const SEARCH: KeyboardShortcut = sc(CTRL_SHIFT, Key::F);
pub const COPY_WECHAT: KeyboardShortcut = sc(CTRL_SHIFT, Key::C);
pub const COPY_MARKDOWN: KeyboardShortcut = sc(Modifiers::COMMAND.plus(Modifiers::ALT), Key::C);
pub const SEND_INBOX_ITEM: KeyboardShortcut = sc(Modifiers::ALT, Key::Enter);

/// An action as the person meets it: its label and its shortcut. The menu,
/// the shortcut handler, the tree's context menu and the tooltips all read
/// this one table.
pub struct Binding {
    pub action: Action,
    pub label: &'static str,
    pub shortcut: Option<KeyboardShortcut>,
}

fn b(action: Action, label: &'static str, shortcut: Option<KeyboardShortcut>) -> Binding {
    Binding { action, label, shortcut }
}

/// Every action with a fixed label, its shortcut if it has one: built once,
/// read every frame by the menu, the shortcut handler and the tooltips.
pub fn bindings() -> &'static [Binding] {
    static TABLE: std::sync::LazyLock<Vec<Binding>> = std::sync::LazyLock::new(table);
    &TABLE
}

fn table() -> Vec<Binding> {
    vec![
        b(Action::New, "New issue", Some(NEW)),
        b(Action::Open, "Open…", Some(OPEN)),
        b(Action::OpenSample, "Open the sample issue", None),
        b(Action::OpenRepo, "Open repository…", None),
        b(Action::NewInRepo, "New issue in the repository", None),
        b(Action::RefreshArchive, "Refresh the README archive…", None),
        b(Action::Save, "Save", Some(SAVE)),
        b(Action::SaveAs, "Save As…", Some(SAVE_AS)),
        b(Action::Quit, "Quit", Some(QUIT)),
        b(Action::Undo, "Undo", Some(UNDO)),
        b(Action::Redo, "Redo", Some(REDO)),
        b(Action::FocusFilter, "Filter entries", Some(FILTER)),
        b(Action::OpenSearch, "Search the archive…", Some(SEARCH)),
        b(Action::AddEntry { above: false }, "Add entry below", Some(ADD_ENTRY)),
        b(Action::AddEntry { above: true }, "Add entry above", Some(ADD_ENTRY_ABOVE)),
        b(Action::DuplicateEntry, "Duplicate", Some(DUPLICATE)),
        b(Action::DeleteEntry, "Delete", Some(DELETE)),
        b(Action::MoveEntryBy(-1), "Move up", Some(MOVE_UP)),
        b(Action::MoveEntryBy(1), "Move down", Some(MOVE_DOWN)),
        b(Action::MoveEntryToSection(-1), "Move to previous section", Some(MOVE_PREV_SECTION)),
        b(Action::MoveEntryToSection(1), "Move to next section", Some(MOVE_NEXT_SECTION)),
        b(Action::SelectPrevious, "Select previous", Some(SELECT_PREV)),
        b(Action::SelectNext, "Select next", Some(SELECT_NEXT)),
        b(Action::AddSection, "Add section", Some(ADD_SECTION)),
        b(Action::AddTitle, "Add the title", None),
        b(Action::AddUsualSections, "Add the usual sections", None),
        b(Action::EntriesFromUrls, "Make entries of bare addresses", None),
        b(Action::TogglePreviewRaw, "Show raw markdown", Some(PREVIEW_RAW)),
        b(Action::CopyWeChat, "Copy for WeChat", Some(COPY_WECHAT)),
        b(Action::CopyMarkdown, "Copy Markdown", Some(COPY_MARKDOWN)),
        b(Action::OpenWeChatInBrowser, "Open WeChat preview in browser", None),
        b(Action::WeChatPreview, "WeChat preview", None),
        b(Action::ToggleNarrowPreview, "Show the preview in a narrow window", None),
        b(Action::Fill(FillAction::SendSelected), "Send the inbox item to its section", Some(SEND_INBOX_ITEM)),
        b(Action::Fill(FillAction::OpenSettings), "Link filling settings…", None),
        b(Action::ThemeEdit(super::theme_panel::ThemeEditAction::Open), "Edit the WeChat theme…", None),
    ]
}

/// Every shortcut the window takes, with its action (the table's, and the
/// second key for Redo), longer combinations first (Ctrl+Shift+S is tried
/// before Ctrl+S).
pub fn shortcuts() -> &'static [(KeyboardShortcut, Action)] {
    static ALL: std::sync::LazyLock<Vec<(KeyboardShortcut, Action)>> = std::sync::LazyLock::new(|| {
        let mut all: Vec<(KeyboardShortcut, Action)> =
            bindings().iter().filter_map(|b| b.shortcut.map(|s| (s, b.action.clone()))).collect();
        all.push((REDO_Y, Action::Redo));
        all.sort_by_key(|(s, _)| std::cmp::Reverse(s.modifiers.alt as u8 + s.modifiers.shift as u8));
        all
    });
    &ALL
}

/// The table's label of `action` (its debug name if it has none).
pub fn label_of(action: &Action) -> String {
    bindings()
        .iter()
        .find(|b| &b.action == action)
        .map(|b| b.label.to_string())
        .unwrap_or_else(|| format!("{action:?}"))
}

/// The table's shortcut of `action`.
pub fn shortcut_of(action: &Action) -> Option<KeyboardShortcut> {
    bindings().iter().find(|b| &b.action == action).and_then(|b| b.shortcut)
}

/// A tooltip: what the action does and its shortcut.
pub fn tooltip(ctx: &egui::Context, what: &str, action: &Action) -> String {
    match shortcut_of(action) {
        Some(s) => format!("{what} ({})", ctx.format_shortcut(&s)),
        None => what.to_string(),
    }
}

/// Undo and redo are left to a focused text field, which has its own.
fn field_has_its_own(action: &Action) -> bool {
    matches!(action, Action::Undo | Action::Redo)
}

impl JianbaoApp {
    /// Shortcuts are taken before any widget sees the keys. Undo and redo
    /// are left to a focused text field, which has its own.
    pub(crate) fn handle_shortcuts(ctx: &egui::Context) -> Vec<Action> {
        let typing = ctx.egui_wants_keyboard_input();
        let focused = ctx.memory(|m| m.focused());
        let mut actions = Vec::new();
        ctx.input_mut(|i| {
            for (shortcut, action) in shortcuts() {
                if typing && field_has_its_own(action) {
                    continue;
                }
                if typing && super::inbox_panel::field_claims(focused, shortcut) {
                    continue;
                }
                if i.consume_shortcut(shortcut) {
                    actions.push(action.clone());
                }
            }
            if !typing {
                // Plain keys act on the tree when no text field has the keyboard.
                if i.consume_key(Modifiers::NONE, Key::ArrowUp) {
                    actions.push(Action::SelectPrevious);
                }
                if i.consume_key(Modifiers::NONE, Key::ArrowDown) {
                    actions.push(Action::SelectNext);
                }
                if i.consume_key(Modifiers::NONE, Key::Delete) {
                    actions.push(Action::DeleteEntry);
                }
            }
        });
        actions
    }

    /// The menu bar; returns the action chosen.
    pub(crate) fn menu_bar(&self, ui: &mut egui::Ui) -> Option<Action> {
        let mut chosen: Option<Action> = None;
        let labelled = |ui: &mut egui::Ui, text: &str, action: &Action, enabled: bool| -> bool {
            let mut button = egui::Button::new(text);
            if let Some(s) = shortcut_of(action) {
                button = button.shortcut_text(ui.ctx().format_shortcut(&s));
            }
            ui.add_enabled(enabled, button).clicked()
        };
        let item = |ui: &mut egui::Ui, chosen: &mut Option<Action>, action: Action, enabled: bool| {
            if labelled(ui, &label_of(&action), &action, enabled) {
                *chosen = Some(action);
            }
        };
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                ui.set_min_width(MENU_WIDTH);
                item(ui, &mut chosen, Action::New, true);
                item(ui, &mut chosen, Action::Open, true);
                ui.menu_button("Open recent", |ui| {
                    if self.settings.recent.is_empty() {
                        ui.label("No recent files");
                    }
                    for p in &self.settings.recent {
                        if ui.button(p.display().to_string()).clicked() {
                            chosen = Some(Action::OpenRecent(p.clone()));
                        }
                    }
                });
                item(ui, &mut chosen, Action::OpenSample, true);
                ui.separator();
                item(ui, &mut chosen, Action::OpenRepo, true);
                ui.menu_button("Recent repositories", |ui| {
                    if self.settings.recent_repos.is_empty() {
                        ui.label("No recent repositories");
                    }
                    for p in &self.settings.recent_repos {
                        if ui.button(p.display().to_string()).clicked() {
                            chosen = Some(Action::OpenRepoAt(p.clone()));
                        }
                    }
                });
                if let Some(repo) = &self.repo {
                    ui.menu_button("Issues of the repository", |ui| {
                        egui::ScrollArea::vertical().max_height(400.0).show(ui, |ui| {
                            for issue in repo.issues().unwrap_or_default() {
                                if ui.button(&issue.date).clicked() {
                                    chosen = Some(Action::OpenRecent(issue.path.clone()));
                                }
                            }
                        });
                    });
                    item(ui, &mut chosen, Action::NewInRepo, true);
                    item(ui, &mut chosen, Action::RefreshArchive, true);
                }
                ui.separator();
                item(ui, &mut chosen, Action::Save, true);
                item(ui, &mut chosen, Action::SaveAs, true);
                ui.separator();
                item(ui, &mut chosen, Action::Quit, true);
            });
            ui.menu_button("Edit", |ui| {
                ui.set_min_width(MENU_WIDTH);
                let undo = self.open.doc.undo_label().map(|l| format!("Undo {l}")).unwrap_or_else(|| "Undo".into());
                if labelled(ui, &undo, &Action::Undo, self.open.doc.can_undo()) {
                    chosen = Some(Action::Undo);
                }
                let redo = self.open.doc.redo_label().map(|l| format!("Redo {l}")).unwrap_or_else(|| "Redo".into());
                if labelled(ui, &redo, &Action::Redo, self.open.doc.can_redo()) {
                    chosen = Some(Action::Redo);
                }
                ui.separator();
                item(ui, &mut chosen, Action::FocusFilter, true);
                item(ui, &mut chosen, Action::OpenSearch, true);
            });
            ui.menu_button("Entry", |ui| {
                ui.set_min_width(MENU_WIDTH);
                let has_entry = self.selected_entry().is_some();
                let can_add = self.insertion_point(false).is_some();
                item(ui, &mut chosen, Action::AddEntry { above: false }, can_add);
                item(ui, &mut chosen, Action::AddEntry { above: true }, can_add);
                item(ui, &mut chosen, Action::DuplicateEntry, has_entry);
                item(ui, &mut chosen, Action::DeleteEntry, has_entry);
                ui.separator();
                item(ui, &mut chosen, Action::MoveEntryBy(-1), has_entry);
                item(ui, &mut chosen, Action::MoveEntryBy(1), has_entry);
                item(ui, &mut chosen, Action::MoveEntryToSection(-1), has_entry);
                item(ui, &mut chosen, Action::MoveEntryToSection(1), has_entry);
                ui.separator();
                item(ui, &mut chosen, Action::SelectPrevious, true);
                item(ui, &mut chosen, Action::SelectNext, true);
                ui.separator();
                item(ui, &mut chosen, Action::AddSection, true);
                // Turning a scratch draft into an issue.
                let issue = self.open.doc.issue();
                let has_title = issue.title().is_some();
                let missing = !crate::core::edit::draft::missing_usual_sections(issue).is_empty();
                let bare = !crate::core::edit::draft::bare_url_items(issue).is_empty();
                if !has_title || missing || bare {
                    ui.separator();
                    item(ui, &mut chosen, Action::AddTitle, !has_title);
                    item(ui, &mut chosen, Action::AddUsualSections, missing);
                    item(ui, &mut chosen, Action::EntriesFromUrls, bare);
                }
                if self.inbox.is_some() {
                    ui.separator();
                    item(ui, &mut chosen, Action::Fill(FillAction::SendSelected), true);
                }
            });
            ui.menu_button("WeChat", |ui| {
                ui.set_min_width(MENU_WIDTH);
                item(ui, &mut chosen, Action::CopyWeChat, true);
                item(ui, &mut chosen, Action::CopyMarkdown, true);
                item(ui, &mut chosen, Action::OpenWeChatInBrowser, true);
                ui.separator();
                ui.weak("WeChat theme");
                for theme in self.wechat_themes() {
                    if ui.radio(self.settings.wechat_theme == theme.name, &theme.label).clicked() {
                        chosen = Some(Action::WeChatTheme(theme.name.clone()));
                    }
                }
                item(ui, &mut chosen, Action::ThemeEdit(super::theme_panel::ThemeEditAction::Open), true);
            });
            ui.menu_button("View", |ui| {
                ui.set_min_width(MENU_WIDTH);
                let raw = if self.settings.preview == super::PreviewMode::Markdown {
                    "Show rendered preview"
                } else {
                    "Show raw markdown"
                };
                if labelled(ui, raw, &Action::TogglePreviewRaw, true) {
                    chosen = Some(Action::TogglePreviewRaw);
                }
                if ui.radio(self.settings.preview == super::PreviewMode::WeChat, "WeChat preview").clicked() {
                    chosen = Some(Action::WeChatPreview);
                }
                let mut narrow = self.settings.narrow_preview;
                if ui.checkbox(&mut narrow, label_of(&Action::ToggleNarrowPreview)).clicked() {
                    chosen = Some(Action::ToggleNarrowPreview);
                }
                item(ui, &mut chosen, Action::Fill(FillAction::OpenSettings), true);
                ui.separator();
                for (choice, name) in [
                    (ThemeChoice::System, "Follow the system"),
                    (ThemeChoice::Light, "Light"),
                    (ThemeChoice::Dark, "Dark"),
                ] {
                    if ui.radio(self.settings.theme == choice, name).clicked() {
                        chosen = Some(Action::Theme(choice));
                    }
                }
            });
            let unsaved = self.open.doc.is_modified().then(|| self.file_name());
            if let Some(a) = super::git_panel::git_menu(ui, &self.git, self.repo.is_some(), unsaved.as_deref()) {
                chosen = Some(Action::Git(a));
            }
        });
        chosen
    }

    /// Carries out one action.
    pub fn perform(&mut self, action: Action, ctx: &egui::Context) {
        match action {
            Action::Answer(answer) => self.answer(answer, ctx),
            Action::OpenHit { date, title, url } => {
                // A result shown closes the window: the form shows it.
                if self.open_hit(&date, &title, &url) {
                    self.search.open = false;
                }
            }
            Action::CloseSearch => self.search.open = false,
            Action::Picked { purpose, path } => self.picked(purpose, path, ctx),
            Action::PickCancelled => self.after_pick = None,
            Action::Fill(fill) => self.perform_fill(fill),
            Action::Git(a) => self.perform_git(a, ctx),
            Action::New => self.guarded(Guarded::New, ctx),
            Action::Open => self.guarded(Guarded::OpenDialog, ctx),
            Action::OpenRecent(p) => self.guarded(Guarded::Open(p), ctx),
            Action::OpenSample => self.guarded(Guarded::OpenSample, ctx),
            Action::OpenRepo => self.pick(super::picker::Purpose::OpenRepository, None, ctx),
            Action::OpenRepoAt(dir) => self.guarded(Guarded::OpenRepo(dir), ctx),
            Action::NewInRepo => {
                if self.open.doc.is_modified() {
                    self.confirm = Some(Guarded::New);
                } else {
                    self.new_issue_in_repo();
                }
            }
            Action::RefreshArchive => {
                self.offer_archive_update();
                if self.file_dialog.is_none() && !self.status.error {
                    self.info("The README archive is up to date");
                }
            }
            Action::Save => {
                self.perform_save(false, ctx);
            }
            Action::SaveAs => {
                self.perform_save(true, ctx);
            }
            Action::Quit => {
                if self.open.doc.is_modified() {
                    self.confirm = Some(Guarded::Close);
                } else {
                    self.quit_requested = true;
                }
            }
            Action::Undo => {
                let label = self.open.doc.undo_label();
                if self.open.doc.undo() {
                    self.info(format!("Undid {}", label.unwrap_or("edit")));
                    self.keep_selection_valid();
                    self.open.form.reset_buffers();
                }
            }
            Action::Redo => {
                let label = self.open.doc.redo_label();
                if self.open.doc.redo() {
                    self.info(format!("Redid {}", label.unwrap_or("edit")));
                    self.keep_selection_valid();
                    self.open.form.reset_buffers();
                }
            }
            Action::Select(s) => self.select(s),
            Action::SelectNext => self.select_relative(1),
            Action::SelectPrevious => self.select_relative(-1),
            Action::AddEntry { above } => self.add_entry(above),
            Action::AddEntryTo(section) => {
                let index = self.open.doc.issue().section(section).map(|s| s.entry_count()).unwrap_or(0);
                self.insert_new_entry(section, index);
            }
            Action::DuplicateEntry => {
                if let Some(entry) = self.selected_entry() {
                    let new_id = self.open.doc.new_entry_id();
                    if self.run(Command::DuplicateEntry { entry, new_id }) {
                        self.select(Selection::Entry(new_id));
                    }
                }
            }
            Action::DeleteEntry => {
                if let Some(entry) = self.selected_entry() {
                    let next = self.neighbour_entry(entry);
                    if self.run(Command::DeleteEntry { entry }) {
                        self.open.selection = next.map(Selection::Entry);
                        self.info("Deleted the entry (Ctrl+Z brings it back)");
                    }
                }
            }
            Action::MoveEntryBy(delta) => self.move_entry_by(delta),
            Action::MoveEntryToSection(delta) => self.move_entry_to_section(delta),
            Action::MoveEntry { entry, section, index } => {
                // Dropped where it already is: nothing to do, nothing to undo.
                let issue = self.open.doc.issue();
                let here = issue.entry_position(entry).map(|(s, index)| (issue.sections[s].id, index));
                if here == Some((section, index)) {
                    self.select(Selection::Entry(entry));
                    return;
                }
                if self.run(Command::MoveEntry { entry, section, index }) {
                    self.select(Selection::Entry(entry));
                }
            }
            Action::AddTitle => self.add_title(),
            Action::AddUsualSections => match crate::core::edit::draft::add_usual_sections(self.open.doc.issue()) {
                Some(cmd) => {
                    self.run(cmd);
                }
                None => self.info("The issue has the usual sections already"),
            },
            Action::EntriesFromUrls => self.entries_from_urls(),
            Action::AddSection => {
                let id = self.open.doc.new_section_id();
                // After the last usual section, before the archive when there is one.
                let sections = &self.open.doc.issue().sections;
                let index = sections
                    .iter()
                    .position(|s| s.kind() == crate::core::SectionKind::Archive)
                    .unwrap_or(sections.len());
                if self.run(Command::AddSection { index, id, title: "新栏目".into() }) {
                    self.select(Selection::Section(id));
                }
            }
            Action::RenameSection(section, title) => {
                self.run(Command::RenameSection { section, title });
            }
            Action::RemoveSection(section) => {
                if self.run(Command::RemoveSection { section }) {
                    self.keep_selection_valid();
                    self.info("Removed the section (Ctrl+Z brings it back)");
                }
            }
            Action::MoveSectionBy(section, delta) => {
                if let Some(i) = self.open.doc.issue().section_index(section) {
                    let to = i as i64 + delta as i64;
                    if to >= 0 && (to as usize) < self.open.doc.issue().sections.len() {
                        self.run(Command::MoveSection { section, index: to as usize });
                    }
                }
            }
            Action::EditAll { label, cmds } => {
                if let Err(e) = self.open.doc.apply_all(label, cmds) {
                    self.error(format!("Not applied: {e}"));
                }
            }
            Action::ToggleSection(id) => {
                if !self.open.tree.collapsed.remove(&id) {
                    self.open.tree.collapsed.insert(id);
                }
            }
            Action::RenameSectionFocus(id) => {
                self.select(Selection::Section(id));
                self.open.form.focus_section_title = true;
            }
            Action::FocusFilter => self.open.tree.focus_filter = true,
            Action::ToggleNarrowPreview => self.settings.narrow_preview = !self.settings.narrow_preview,
            Action::TogglePreviewRaw => {
                use super::PreviewMode::*;
                self.settings.preview = if self.settings.preview == Markdown { Rendered } else { Markdown };
            }
            Action::ApplyFix { doc, finding } => {
                if doc != self.open.doc.id() {
                    self.error("Not fixed: that finding was of a file that is no longer open");
                } else if !self.apply_fix(&finding) {
                    self.error("Not fixed: the text the finding was about has changed");
                }
            }
            Action::OpenSearch => self.search.show(),
            Action::WeChatPreview => self.settings.preview = super::PreviewMode::WeChat,
            Action::CopyWeChat => self.copy_for_wechat(),
            Action::CopyMarkdown => self.copy_markdown(),
            Action::OpenWeChatInBrowser => self.open_wechat_in_browser(ctx),
            Action::ThemeEdit(a) => self.perform_theme_edit(a),
            Action::WeChatTheme(name) => {
                if self.theme_editor.as_ref().is_some_and(|e| e.is_modified()) {
                    self.error("Save or close the theme being edited before picking another");
                    return;
                }
                self.theme_editor = None;
                self.settings.wechat_theme = name;
                self.settings.preview = super::PreviewMode::WeChat;
            }
            Action::Theme(choice) => {
                self.settings.theme = choice;
                self.apply_theme(ctx);
            }
            Action::Edit { cmd, merge } => {
                let cmd = *cmd;
                let result = match merge {
                    Some(key) => {
                        let now = ctx.input(|i| i.time);
                        self.open.doc.apply_merging(cmd, crate::core::MergeKey(key), now)
                    }
                    None => self.open.doc.apply(cmd),
                };
                if let Err(e) = result {
                    self.error(format!("Not applied: {e}"));
                }
            }
        }
    }

    /// Applies a command as one undo step; a refusal goes to the status bar.
    /// The title of a scratch draft: dated from the file's name (or the
    /// issue's date), with the repository's newest issue as its template.
    fn add_title(&mut self) {
        if self.open.doc.issue().title().is_some() {
            self.info("The issue has a title already");
            return;
        }
        let Some(date) = self.issue_date() else {
            self.error("Not done: the file's name is not a date (YYYY-MM-DD.md); save it under one first");
            return;
        };
        let template = self.repo.as_ref().and_then(|repo| {
            let newest = repo.issues().ok()?.into_iter().find(|f| f.date != date)?;
            crate::core::files::io::load_issue(&newest.path).ok()
        });
        let blocks = crate::core::files::new_issue::title_blocks(template.as_ref(), &date, self.open.doc.issue().crlf);
        self.run(Command::AddTitle { blocks });
    }

    /// Every bare address made an entry, in one undo step. Later lines go
    /// first, so the positions of earlier ones stay valid.
    fn entries_from_urls(&mut self) {
        let issue = self.open.doc.issue();
        let mut items = crate::core::edit::draft::bare_url_items(issue);
        if items.is_empty() {
            self.info("No bare address to make an entry of");
            return;
        }
        let order = |id: crate::core::SectionId| issue.section_index(id).unwrap_or(usize::MAX);
        items.sort_by_key(|&(s, i)| std::cmp::Reverse((order(s), i)));
        let first = issue.next_id;
        let cmds: Vec<Command> = items
            .iter()
            .enumerate()
            .map(|(k, &(section, item))| Command::EntryFromUrl {
                section,
                item,
                id: crate::core::EntryId(first + k as u64),
            })
            .collect();
        let n = cmds.len();
        let ids: Vec<crate::core::EntryId> = (0..n).map(|k| crate::core::EntryId(first + k as u64)).collect();
        match self.open.doc.apply_all("Make entries of bare addresses", cmds) {
            Ok(()) => {
                self.info(format!("Made {n} entries of bare addresses"));
                // Each new entry is filled from its link, in the background.
                self.fill_new_entries(&ids);
            }
            Err(e) => self.error(format!("Not done: {e}")),
        }
    }

    pub(crate) fn run(&mut self, cmd: Command) -> bool {
        match self.open.doc.apply(cmd) {
            Ok(()) => true,
            Err(e) => {
                self.error(format!("Not done: {e}"));
                false
            }
        }
    }

    pub(crate) fn select(&mut self, s: Selection) {
        if self.open.selection != Some(s) {
            self.open.selection = Some(s);
            self.open.doc.break_merge();
            self.open.preview.scroll_to_selection = true;
        }
    }

    fn keep_selection_valid(&mut self) {
        let issue = self.open.doc.issue();
        let valid = match self.open.selection {
            Some(Selection::Entry(id)) => issue.entry(id).is_some(),
            Some(Selection::Section(id)) => issue.section(id).is_some(),
            Some(Selection::Warmup(Some(i))) => i < issue.warmup_items().len(),
            _ => true,
        };
        if !valid {
            self.open.selection = Some(Selection::Title);
        }
    }

    /// The items of the tree in order: what Up/Down walks through.
    pub(crate) fn selectable_order(&self) -> Vec<Selection> {
        let issue = self.open.doc.issue();
        let mut order = vec![Selection::Title];
        if issue.digest().is_some() {
            order.push(Selection::Digest);
        }
        let n = issue.warmup_items().len();
        if n > 0 {
            order.push(Selection::Warmup(None));
            order.extend((0..n).map(|i| Selection::Warmup(Some(i))));
        }
        for s in &issue.sections {
            order.push(Selection::Section(s.id));
            order.extend(s.entries().map(|e| Selection::Entry(e.id)));
        }
        order
    }

    fn select_relative(&mut self, delta: i32) {
        let order = self.selectable_order();
        let at = self.open.selection.and_then(|s| order.iter().position(|o| *o == s));
        let next = match at {
            Some(i) => (i as i64 + delta as i64).clamp(0, order.len() as i64 - 1) as usize,
            None => 0,
        };
        if let Some(s) = order.get(next) {
            self.select(*s);
        }
    }

    fn neighbour_entry(&self, entry: EntryId) -> Option<EntryId> {
        let issue = self.open.doc.issue();
        let all: Vec<EntryId> = issue.entries().map(|(_, e)| e.id).collect();
        let i = all.iter().position(|e| *e == entry)?;
        all.get(i + 1).or(i.checked_sub(1).and_then(|j| all.get(j))).copied()
    }

    /// Where a new entry goes: (section, entry index).
    pub(crate) fn insertion_point(&self, above: bool) -> Option<(SectionId, usize)> {
        let issue = self.open.doc.issue();
        match self.open.selection? {
            Selection::Entry(id) => {
                let (s, index) = issue.entry_position(id)?;
                let section = &issue.sections[s];
                Some((section.id, if above { index } else { index + 1 }))
            }
            Selection::Section(id) => {
                let section = issue.section(id)?;
                Some((id, if above { 0 } else { section.entry_count() }))
            }
            _ => issue.sections.first().map(|s| (s.id, 0)),
        }
    }

    fn add_entry(&mut self, above: bool) {
        if let Some((section, index)) = self.insertion_point(above) {
            self.insert_new_entry(section, index);
        }
    }

    fn insert_new_entry(&mut self, section: SectionId, index: usize) {
        let id = self.open.doc.new_entry_id();
        let entry = style::new_entry_draft().to_entry_with_id(id);
        if self.run(Command::InsertEntry { section, index, entry }) {
            self.select(Selection::Entry(id));
            self.open.form.focus_title = true;
            self.info("New entry: paste its URL, then type its title");
        }
    }

    fn move_entry_by(&mut self, delta: i32) {
        let Some(entry) = self.selected_entry() else { return };
        let issue = self.open.doc.issue();
        let Some((s, index)) = issue.entry_position(entry) else { return };
        let section = &issue.sections[s];
        let to = index as i64 + delta as i64;
        if to < 0 {
            // Past the top: to the end of the previous section.
            return self.move_entry_to_section(-1);
        }
        if to as usize >= section.entry_count() {
            return self.move_entry_to_section(1);
        }
        let id = section.id;
        self.run(Command::MoveEntry { entry, section: id, index: to as usize });
        self.open.preview.scroll_to_selection = true;
    }

    fn move_entry_to_section(&mut self, delta: i32) {
        let Some(entry) = self.selected_entry() else { return };
        let issue = self.open.doc.issue();
        let Some((s, _)) = issue.locate(entry) else { return };
        let target = s as i64 + delta as i64;
        if target < 0 || target as usize >= issue.sections.len() {
            self.info("No section there");
            return;
        }
        let t = &issue.sections[target as usize];
        // Up lands at the end of the previous section, down at the top of the next.
        let index = if delta < 0 { t.entry_count() } else { 0 };
        let (section, title) = (t.id, super::section_label(t).to_string());
        if self.run(Command::MoveEntry { entry, section, index }) {
            self.info(format!("Moved to {title}"));
            self.open.preview.scroll_to_selection = true;
        }
    }
}
