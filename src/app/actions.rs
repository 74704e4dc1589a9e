//! Everything the person can ask for from a menu, a shortcut, the tree's
//! context menu or the form, as one enum, and the menu bar that lists them
//! with their shortcuts.

use std::path::PathBuf;

use eframe::egui::{self, Key, KeyboardShortcut, Modifiers};

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
    OpenRepo,
    OpenRepoAt(PathBuf),
    NewInRepo,
    RefreshArchive,
    RenameSection(SectionId, String),
    RemoveSection(SectionId),
    MoveSectionBy(SectionId, i32),
    FocusFilter,
    TogglePreviewRaw,
    CopyWeChat,
    CopyMarkdown,
    OpenWeChatInBrowser,
    WeChatTheme(String),
    WeChatPreview,
    ApplyFix(Box<crate::core::editorial::lint::Diagnostic>),
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
}

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

impl JianbaoApp {
    /// Shortcuts are taken before any widget sees the keys. Undo and redo
    /// are left to a focused text field, which has its own.
    pub(crate) fn handle_shortcuts(&mut self, ctx: &egui::Context) {
        let typing = ctx.egui_wants_keyboard_input();
        let mut actions = Vec::new();
        ctx.input_mut(|i| {
            // Longer combinations first: Ctrl+Shift+S before Ctrl+S.
            let table: &[(KeyboardShortcut, Action)] = &[
                (SAVE_AS, Action::SaveAs),
                (SAVE, Action::Save),
                (ADD_SECTION, Action::AddSection),
                (NEW, Action::New),
                (OPEN, Action::Open),
                (QUIT, Action::Quit),
                (SEARCH, Action::OpenSearch),
                (FILTER, Action::FocusFilter),
                (PREVIEW_RAW, Action::TogglePreviewRaw),
                (COPY_WECHAT, Action::CopyWeChat),
                (COPY_MARKDOWN, Action::CopyMarkdown),
                (ADD_ENTRY_ABOVE, Action::AddEntry { above: true }),
                (ADD_ENTRY, Action::AddEntry { above: false }),
                (DUPLICATE, Action::DuplicateEntry),
                (DELETE, Action::DeleteEntry),
                (MOVE_PREV_SECTION, Action::MoveEntryToSection(-1)),
                (MOVE_NEXT_SECTION, Action::MoveEntryToSection(1)),
                (MOVE_UP, Action::MoveEntryBy(-1)),
                (MOVE_DOWN, Action::MoveEntryBy(1)),
                (SELECT_PREV, Action::SelectPrevious),
                (SELECT_NEXT, Action::SelectNext),
            ];
            for (shortcut, action) in table {
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
                if i.consume_shortcut(&REDO) || i.consume_shortcut(&REDO_Y) {
                    actions.push(Action::Redo);
                }
                if i.consume_shortcut(&UNDO) {
                    actions.push(Action::Undo);
                }
            }
        });
        for a in actions {
            self.perform(a, ctx);
        }
    }

    pub(crate) fn menu_bar(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let mut chosen: Option<Action> = None;
        let item = |ui: &mut egui::Ui, text: &str, shortcut: Option<&KeyboardShortcut>, enabled: bool| -> bool {
            let mut button = egui::Button::new(text);
            if let Some(s) = shortcut {
                button = button.shortcut_text(ui.ctx().format_shortcut(s));
            }
            ui.add_enabled(enabled, button).clicked()
        };
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if item(ui, "New issue", Some(&NEW), true) {
                    chosen = Some(Action::New);
                }
                if item(ui, "Open…", Some(&OPEN), true) {
                    chosen = Some(Action::Open);
                }
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
                if item(ui, "Open the sample issue", None, true) {
                    chosen = Some(Action::OpenSample);
                }
                ui.separator();
                if item(ui, "Open repository…", None, true) {
                    chosen = Some(Action::OpenRepo);
                }
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
                    if item(ui, "New issue in the repository", None, true) {
                        chosen = Some(Action::NewInRepo);
                    }
                    if item(ui, "Refresh the README archive…", None, true) {
                        chosen = Some(Action::RefreshArchive);
                    }
                }
                ui.separator();
                if item(ui, "Save", Some(&SAVE), true) {
                    chosen = Some(Action::Save);
                }
                if item(ui, "Save As…", Some(&SAVE_AS), true) {
                    chosen = Some(Action::SaveAs);
                }
                ui.separator();
                if item(ui, "Quit", Some(&QUIT), true) {
                    chosen = Some(Action::Quit);
                }
            });
            ui.menu_button("Edit", |ui| {
                let undo = self.doc.undo_label().map(|l| format!("Undo {l}")).unwrap_or_else(|| "Undo".into());
                if item(ui, &undo, Some(&UNDO), self.doc.can_undo()) {
                    chosen = Some(Action::Undo);
                }
                let redo = self.doc.redo_label().map(|l| format!("Redo {l}")).unwrap_or_else(|| "Redo".into());
                if item(ui, &redo, Some(&REDO), self.doc.can_redo()) {
                    chosen = Some(Action::Redo);
                }
                ui.separator();
                if item(ui, "Filter entries", Some(&FILTER), true) {
                    chosen = Some(Action::FocusFilter);
                }
                if item(ui, "Search the archive…", Some(&SEARCH), true) {
                    chosen = Some(Action::OpenSearch);
                }
            });
            ui.menu_button("Entry", |ui| {
                let has_entry = self.selected_entry().is_some();
                let can_add = self.insertion_point(false).is_some();
                if item(ui, "Add entry below", Some(&ADD_ENTRY), can_add) {
                    chosen = Some(Action::AddEntry { above: false });
                }
                if item(ui, "Add entry above", Some(&ADD_ENTRY_ABOVE), can_add) {
                    chosen = Some(Action::AddEntry { above: true });
                }
                if item(ui, "Duplicate", Some(&DUPLICATE), has_entry) {
                    chosen = Some(Action::DuplicateEntry);
                }
                if item(ui, "Delete", Some(&DELETE), has_entry) {
                    chosen = Some(Action::DeleteEntry);
                }
                ui.separator();
                if item(ui, "Move up", Some(&MOVE_UP), has_entry) {
                    chosen = Some(Action::MoveEntryBy(-1));
                }
                if item(ui, "Move down", Some(&MOVE_DOWN), has_entry) {
                    chosen = Some(Action::MoveEntryBy(1));
                }
                if item(ui, "Move to previous section", Some(&MOVE_PREV_SECTION), has_entry) {
                    chosen = Some(Action::MoveEntryToSection(-1));
                }
                if item(ui, "Move to next section", Some(&MOVE_NEXT_SECTION), has_entry) {
                    chosen = Some(Action::MoveEntryToSection(1));
                }
                ui.separator();
                if item(ui, "Select previous", Some(&SELECT_PREV), true) {
                    chosen = Some(Action::SelectPrevious);
                }
                if item(ui, "Select next", Some(&SELECT_NEXT), true) {
                    chosen = Some(Action::SelectNext);
                }
                ui.separator();
                if item(ui, "Add section", Some(&ADD_SECTION), true) {
                    chosen = Some(Action::AddSection);
                }
            });
            ui.menu_button("WeChat", |ui| {
                if item(ui, "Copy for WeChat", Some(&COPY_WECHAT), true) {
                    chosen = Some(Action::CopyWeChat);
                }
                if item(ui, "Copy Markdown", Some(&COPY_MARKDOWN), true) {
                    chosen = Some(Action::CopyMarkdown);
                }
                if item(ui, "Open WeChat preview in browser", None, true) {
                    chosen = Some(Action::OpenWeChatInBrowser);
                }
                ui.separator();
                ui.weak("WeChat theme");
                for theme in crate::core::export::wechat::Theme::all() {
                    if ui.radio(self.settings.wechat_theme == theme.name, &theme.label).clicked() {
                        chosen = Some(Action::WeChatTheme(theme.name.clone()));
                    }
                }
            });
            ui.menu_button("View", |ui| {
                let raw = if self.settings.preview == super::PreviewMode::Markdown {
                    "Show rendered preview"
                } else {
                    "Show raw markdown"
                };
                if item(ui, raw, Some(&PREVIEW_RAW), true) {
                    chosen = Some(Action::TogglePreviewRaw);
                }
                if ui.radio(self.settings.preview == super::PreviewMode::WeChat, "WeChat preview").clicked() {
                    chosen = Some(Action::WeChatPreview);
                }
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
        });
        if let Some(a) = chosen {
            self.perform(a, &ctx);
        }
    }

    /// Carries out one action.
    pub fn perform(&mut self, action: Action, ctx: &egui::Context) {
        match action {
            Action::New => self.guarded(Guarded::New, ctx),
            Action::Open => self.guarded(Guarded::OpenDialog, ctx),
            Action::OpenRecent(p) => self.guarded(Guarded::Open(p), ctx),
            Action::OpenSample => self.guarded(Guarded::OpenSample, ctx),
            Action::OpenRepo => self.pick(super::picker::Purpose::OpenRepository, None, ctx),
            Action::OpenRepoAt(dir) => self.guarded(Guarded::OpenRepo(dir), ctx),
            Action::NewInRepo => {
                if self.doc.is_modified() {
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
                if self.doc.is_modified() {
                    self.confirm = Some(Guarded::Close);
                } else {
                    self.quit_requested = true;
                }
            }
            Action::Undo => {
                let label = self.doc.undo_label();
                if self.doc.undo() {
                    self.info(format!("Undid {}", label.unwrap_or("edit")));
                    self.keep_selection_valid();
                    self.form.reset_buffers();
                }
            }
            Action::Redo => {
                let label = self.doc.redo_label();
                if self.doc.redo() {
                    self.info(format!("Redid {}", label.unwrap_or("edit")));
                    self.keep_selection_valid();
                    self.form.reset_buffers();
                }
            }
            Action::Select(s) => self.select(s),
            Action::SelectNext => self.select_relative(1),
            Action::SelectPrevious => self.select_relative(-1),
            Action::AddEntry { above } => self.add_entry(above),
            Action::AddEntryTo(section) => {
                let index = self.doc.issue().section(section).map(|s| s.entry_count()).unwrap_or(0);
                self.insert_new_entry(section, index);
            }
            Action::DuplicateEntry => {
                if let Some(entry) = self.selected_entry() {
                    let new_id = self.doc.new_entry_id();
                    if self.run(Command::DuplicateEntry { entry, new_id }) {
                        self.select(Selection::Entry(new_id));
                    }
                }
            }
            Action::DeleteEntry => {
                if let Some(entry) = self.selected_entry() {
                    let next = self.neighbour_entry(entry);
                    if self.run(Command::DeleteEntry { entry }) {
                        self.selection = next.map(Selection::Entry);
                        self.info("Deleted the entry (Ctrl+Z brings it back)");
                    }
                }
            }
            Action::MoveEntryBy(delta) => self.move_entry_by(delta),
            Action::MoveEntryToSection(delta) => self.move_entry_to_section(delta),
            Action::MoveEntry { entry, section, index } => {
                // Dropped where it already is: nothing to do, nothing to undo.
                let issue = self.doc.issue();
                let here = issue.entry_position(entry).map(|(s, index)| (issue.sections[s].id, index));
                if here == Some((section, index)) {
                    self.select(Selection::Entry(entry));
                    return;
                }
                if self.run(Command::MoveEntry { entry, section, index }) {
                    self.select(Selection::Entry(entry));
                }
            }
            Action::AddSection => {
                let id = self.doc.new_section_id();
                // After the last usual section, before the archive when there is one.
                let sections = &self.doc.issue().sections;
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
                if let Some(i) = self.doc.issue().section_index(section) {
                    let to = i as i64 + delta as i64;
                    if to >= 0 && (to as usize) < self.doc.issue().sections.len() {
                        self.run(Command::MoveSection { section, index: to as usize });
                    }
                }
            }
            Action::EditAll { label, cmds } => {
                if let Err(e) = self.doc.apply_all(label, cmds) {
                    self.error(format!("Not applied: {e}"));
                }
            }
            Action::ToggleSection(id) => {
                if !self.tree.collapsed.remove(&id) {
                    self.tree.collapsed.insert(id);
                }
            }
            Action::RenameSectionFocus(id) => {
                self.select(Selection::Section(id));
                self.form.focus_section_title = true;
            }
            Action::FocusFilter => self.tree.focus_filter = true,
            Action::TogglePreviewRaw => {
                use super::PreviewMode::*;
                self.settings.preview = if self.settings.preview == Markdown { Rendered } else { Markdown };
            }
            Action::ApplyFix(d) => {
                self.apply_fix(&d);
            }
            Action::OpenSearch => self.search.show(),
            Action::WeChatPreview => self.settings.preview = super::PreviewMode::WeChat,
            Action::CopyWeChat => self.copy_for_wechat(),
            Action::CopyMarkdown => self.copy_markdown(),
            Action::OpenWeChatInBrowser => self.open_wechat_in_browser(),
            Action::WeChatTheme(name) => {
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
                        self.doc.apply_merging(cmd, crate::core::MergeKey(key), now)
                    }
                    None => self.doc.apply(cmd),
                };
                if let Err(e) = result {
                    self.error(format!("Not applied: {e}"));
                }
            }
        }
    }

    /// Applies a command as one undo step; a refusal goes to the status bar.
    pub(crate) fn run(&mut self, cmd: Command) -> bool {
        match self.doc.apply(cmd) {
            Ok(()) => true,
            Err(e) => {
                self.error(format!("Not done: {e}"));
                false
            }
        }
    }

    pub(crate) fn select(&mut self, s: Selection) {
        if self.selection != Some(s) {
            self.selection = Some(s);
            self.doc.break_merge();
            self.preview.scroll_to_selection = true;
        }
    }

    fn keep_selection_valid(&mut self) {
        let issue = self.doc.issue();
        let valid = match self.selection {
            Some(Selection::Entry(id)) => issue.entry(id).is_some(),
            Some(Selection::Section(id)) => issue.section(id).is_some(),
            Some(Selection::Warmup(Some(i))) => i < issue.warmup_items().len(),
            _ => true,
        };
        if !valid {
            self.selection = Some(Selection::Title);
        }
    }

    /// The items of the tree in order: what Up/Down walks through.
    pub(crate) fn selectable_order(&self) -> Vec<Selection> {
        let issue = self.doc.issue();
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
        let at = self.selection.and_then(|s| order.iter().position(|o| *o == s));
        let next = match at {
            Some(i) => (i as i64 + delta as i64).clamp(0, order.len() as i64 - 1) as usize,
            None => 0,
        };
        if let Some(s) = order.get(next) {
            self.select(*s);
        }
    }

    fn neighbour_entry(&self, entry: EntryId) -> Option<EntryId> {
        let issue = self.doc.issue();
        let all: Vec<EntryId> = issue.entries().map(|(_, e)| e.id).collect();
        let i = all.iter().position(|e| *e == entry)?;
        all.get(i + 1).or(i.checked_sub(1).and_then(|j| all.get(j))).copied()
    }

    /// Where a new entry goes: (section, entry index).
    pub(crate) fn insertion_point(&self, above: bool) -> Option<(SectionId, usize)> {
        let issue = self.doc.issue();
        match self.selection? {
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
        let id = self.doc.new_entry_id();
        let entry = style::new_entry_draft().to_entry_with_id(id);
        if self.run(Command::InsertEntry { section, index, entry }) {
            self.select(Selection::Entry(id));
            self.form.focus_title = true;
            self.info("New entry: paste its URL, then type its title");
        }
    }

    fn move_entry_by(&mut self, delta: i32) {
        let Some(entry) = self.selected_entry() else { return };
        let issue = self.doc.issue();
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
        self.preview.scroll_to_selection = true;
    }

    fn move_entry_to_section(&mut self, delta: i32) {
        let Some(entry) = self.selected_entry() else { return };
        let issue = self.doc.issue();
        let Some((s, _)) = issue.locate(entry) else { return };
        let target = s as i64 + delta as i64;
        if target < 0 || target as usize >= issue.sections.len() {
            self.info("No section there");
            return;
        }
        let t = &issue.sections[target as usize];
        // Up lands at the end of the previous section, down at the top of the next.
        let index = if delta < 0 { t.entry_count() } else { 0 };
        let (section, title) = (t.id, t.heading.title.trim().to_string());
        if self.run(Command::MoveEntry { entry, section, index }) {
            self.info(format!("Moved to {title}"));
            self.preview.scroll_to_selection = true;
        }
    }
}
