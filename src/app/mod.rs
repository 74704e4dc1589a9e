//! The window: a menu bar, the section tree on the left, the form of the
//! selected item in the middle, a live preview on the right and a status bar.
//!
//! Every edit goes through a [`crate::core::Command`] applied to the
//! [`Document`], so each one is undoable and saving writes the model's bytes.
//! The egui code lives here only; `src/core` knows nothing of it.

mod actions;
pub mod blocks;
mod checks;
mod files;
pub mod filling;
mod fonts;
mod form;
pub mod git_panel;
pub mod git_state;
mod inbox_panel;
pub mod indexing;
pub mod picker;
pub mod preview;
pub mod theme_panel;
pub mod themes;
mod tree;
pub mod wechat_view;

use std::path::{Path, PathBuf};

use eframe::egui;
use serde::{Deserialize, Serialize};

use crate::core::{Document, EntryId, Issue, SectionId, files::io};

pub use actions::{Action, Binding, bindings, shortcuts};
pub use files::FileDialog;
pub use fonts::install_fonts;

/// What the form shows and the tree highlights.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Selection {
    /// The title line (date, subtitle) and the tagline.
    Title,
    /// The `> 导读：` digest.
    Digest,
    /// The warm-up news, as a list; `Some(i)` one item.
    Warmup(Option<usize>),
    Section(SectionId),
    Entry(EntryId),
}

/// Gives a widget its accessible name (what a screen reader says, and what
/// the UI tests find it by).
pub(crate) fn name(resp: &egui::Response, label: &str) {
    resp.ctx.accesskit_node_builder(resp.id, |node| node.set_label(label));
}

/// Light, dark or as the system says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    #[default]
    System,
    Light,
    Dark,
}

/// What is remembered between runs (eframe storage). Panel sizes are kept by
/// egui's own memory, which eframe persists too.
/// What the preview panel shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PreviewMode {
    /// The markdown rendered.
    #[default]
    Rendered,
    /// The raw markdown.
    Markdown,
    /// The article as it will paste into WeChat.
    WeChat,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub recent: Vec<PathBuf>,
    pub recent_repos: Vec<PathBuf>,
    pub theme: ThemeChoice,
    pub preview: PreviewMode,
    /// The WeChat theme's name (`classic`, `jade`, `ink`).
    pub wechat_theme: String,
    /// Show the preview in a window too narrow for three columns.
    pub narrow_preview: bool,
    /// Link filling: the arXiv and GitHub API endpoints (empty: the
    /// environment's `JIANBAO_ARXIV_API` / `JIANBAO_GITHUB_API`, else the
    /// public ones), and never touching the network.
    pub arxiv_api: String,
    pub github_api: String,
    pub offline: bool,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            recent: Vec::new(),
            recent_repos: Vec::new(),
            theme: ThemeChoice::System,
            preview: PreviewMode::Rendered,
            wechat_theme: crate::core::export::wechat::Theme::default().name,
            narrow_preview: false,
            arxiv_api: String::new(),
            github_api: String::new(),
            offline: false,
        }
    }
}

const SETTINGS_KEY: &str = "jianbao-settings";
const MAX_RECENT: usize = 10;

/// A message in the status bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub error: bool,
}

/// An action that would drop unsaved changes, waiting for the person's answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Guarded {
    New,
    Open(PathBuf),
    OpenDialog,
    OpenSample,
    OpenRepo(PathBuf),
    Close,
    /// The commit dialog (what is saved is what gets committed).
    Commit,
    /// A pull (never over unsaved edits).
    Pull,
}

/// The person's answer to a question the window asked. Drawn by the
/// dialogs, applied with the frame's other actions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// Save changes? — save first, drop them, or stay.
    SaveFirst,
    DontSave,
    KeepEditing,
    /// The file changed on disk.
    Overwrite,
    SaveElsewhere,
    ReloadTheirs,
    /// The README's archive is stale: write the new table, or not now.
    UpdateReadme,
    /// Drafts found at start: restore or discard one, or decide later.
    RestoreDraft(usize),
    DiscardDraft(usize),
    /// Closes the file dialog without acting.
    Dismiss,
}

/// Where the open document came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// The shipped sample issue (saving asks for a place).
    Sample,
    /// A new, never saved issue.
    Untitled,
    File(PathBuf),
}

/// Everything that belongs to the open file. Opening another file (by any
/// route) replaces this value whole, so no view, cache, buffer or clock of
/// one file can outlive it into another.
pub struct OpenDoc {
    pub(crate) doc: Document,
    pub(crate) origin: Origin,
    /// What the open file held when read or last saved (to catch changes behind our back).
    pub(crate) stamp: Option<io::FileStamp>,
    pub(crate) selection: Option<Selection>,
    pub(crate) form: form::FormState,
    pub(crate) tree: tree::TreeState,
    pub(crate) checks: checks::Checks,
    pub(crate) preview: preview::Preview,
    pub(crate) draft_clock: files::DraftClock,
}

impl OpenDoc {
    /// A fresh view of `doc`: nothing selected yet, every cache empty.
    pub(crate) fn new(doc: Document, origin: Origin, stamp: Option<io::FileStamp>) -> OpenDoc {
        OpenDoc {
            doc,
            origin,
            stamp,
            selection: None,
            form: form::FormState::default(),
            tree: tree::TreeState::default(),
            checks: checks::Checks::default(),
            preview: preview::Preview::default(),
            draft_clock: files::DraftClock::new(),
        }
    }

    /// Selects the first entry (or the title when there is none).
    pub(crate) fn select_first_entry(mut self) -> OpenDoc {
        self.selection =
            self.doc.issue().entries().next().map(|(_, e)| Selection::Entry(e.id)).or(Some(Selection::Title));
        self
    }

    pub(crate) fn selecting(mut self, selection: Selection) -> OpenDoc {
        self.selection = Some(selection);
        self
    }
}

pub struct JianbaoApp {
    /// The open file and everything that belongs to it.
    pub(crate) open: OpenDoc,
    pub(crate) status: Status,
    pub(crate) settings: Settings,
    /// Asking "save changes?" before this action.
    pub(crate) confirm: Option<Guarded>,
    /// Set once the person agreed to close.
    allow_close: bool,
    /// The last window title sent, so it is sent only when it changes.
    sent_title: String,
    /// Set by `Action::Quit`; the frame sends the close command.
    quit_requested: bool,
    pub(crate) repo: Option<crate::core::files::repo::Repo>,
    /// Where drafts go; none in tests unless they ask.
    pub(crate) drafts: Option<crate::core::files::draft::DraftStore>,
    pub(crate) file_dialog: Option<FileDialog>,
    pub(crate) picker: picker::Picker,
    /// What runs after the pick under way (a save before a guarded action).
    pub(crate) after_pick: Option<Guarded>,
    /// Kept for the app's lifetime: on X11 the clipboard is served by its owner.
    pub(crate) clipboard: Option<arboard::Clipboard>,
    /// The open repository's link and search indexes.
    pub(crate) repo_index: Option<checks::RepoIndex>,
    /// The build of the next index, on a thread of its own.
    pub(crate) indexing: Option<indexing::Indexing>,
    /// The generation of the newest index asked for.
    pub(crate) index_generation: u64,
    pub(crate) search: checks::SearchState,
    /// Messages from work finished off the window's thread (a browser that
    /// did or did not start), shown in the status bar when they arrive.
    pub(crate) notices: std::sync::mpsc::Receiver<Status>,
    pub(crate) notice_tx: std::sync::mpsc::Sender<Status>,
    /// The WeChat themes (built-in and RON files), watched for changes.
    pub(crate) themes: Option<themes::ThemeWatch>,
    /// The theme panel, when open: the draft the WeChat tab shows.
    pub(crate) theme_editor: Option<theme_panel::ThemeEditor>,
    /// Entries and inbox items filled from their links, in the background.
    pub(crate) fills: filling::FillService,
    /// The open repository's links inbox.
    pub(crate) inbox: Option<inbox_panel::InboxState>,
    /// The repository's git state, the commit dialog, pull and push.
    pub(crate) git: git_panel::GitPanel,
}

impl JianbaoApp {
    /// Opens `file`, or the shipped sample issue when there is none. A file
    /// that cannot be opened leaves the sample open and says why.
    pub fn new(file: Option<PathBuf>) -> JianbaoApp {
        let sample = OpenDoc::new(Document::from_text(crate::SAMPLE_ISSUE), Origin::Sample, None);
        let (notice_tx, notices) = std::sync::mpsc::channel();
        let mut app = JianbaoApp {
            open: sample.select_first_entry(),
            status: Status { text: "Sample issue (Save As… to keep it)".into(), error: false },
            settings: Settings::default(),
            confirm: None,
            allow_close: false,
            sent_title: String::new(),
            quit_requested: false,
            repo: None,
            drafts: None,
            file_dialog: None,
            picker: picker::Picker::from_env(),
            after_pick: None,
            clipboard: None,
            repo_index: None,
            indexing: None,
            themes: None,
            theme_editor: None,
            index_generation: 0,
            search: checks::SearchState::default(),
            notices,
            notice_tx,
            fills: filling::FillService::default(),
            inbox: None,
            git: git_panel::GitPanel::default(),
        };
        if let Some(path) = file {
            app.open_path(&path);
        }
        app
    }

    /// The app as eframe creates it: fonts, remembered settings, theme.
    pub fn from_creation_context(cc: &eframe::CreationContext<'_>, file: Option<PathBuf>) -> JianbaoApp {
        install_fonts(&cc.egui_ctx);
        let mut app = JianbaoApp::new(file);
        // Drafts live in the platform's data folder; kittest tests (no storage) keep none.
        if cc.storage.is_some() {
            app.use_drafts(crate::core::files::draft::DraftStore::new().ok());
        } else {
            // Nor do they fill from links unless given endpoints (`use_fetch_config`).
            app.fills.headless();
        }
        if let Some(storage) = cc.storage
            && let Some(settings) = eframe::get_value::<Settings>(storage, SETTINGS_KEY)
        {
            app.settings = settings;
        }
        if let Origin::File(path) = &app.open.origin {
            let path = path.clone();
            app.remember(&path);
        }
        app.apply_theme(&cc.egui_ctx);
        app
    }

    /// Turns drafts on (with a store) and offers any drafts found.
    pub fn use_drafts(&mut self, store: Option<crate::core::files::draft::DraftStore>) {
        self.drafts = store;
        self.find_drafts();
    }

    pub fn document(&self) -> &Document {
        &self.open.doc
    }

    pub fn issue(&self) -> &Issue {
        self.open.doc.issue()
    }

    pub fn selection(&self) -> Option<Selection> {
        self.open.selection
    }

    pub fn status(&self) -> &Status {
        &self.status
    }

    pub fn origin(&self) -> &Origin {
        &self.open.origin
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The preview's markdown, as saving would write it.
    pub fn preview_markdown(&self) -> String {
        self.open.doc.text()
    }

    /// The text the preview laid out in the last frame, block by block (for
    /// tests: what the person sees, not what it should be).
    pub fn preview_text(&mut self) -> String {
        if self.settings.preview == PreviewMode::WeChat {
            return self.open.preview.wechat.plain_text();
        }
        self.open.preview.plain_text(self.settings.preview == PreviewMode::Markdown)
    }

    /// The tree's section rows as last drawn: title and count.
    pub fn tree_section_counts(&self) -> Vec<(String, usize)> {
        self.open.tree.section_counts()
    }

    /// The findings the window shows (as of the last frame).
    pub fn findings(&self) -> &[crate::core::editorial::lint::Diagnostic] {
        &self.open.checks.diagnostics
    }

    /// The question about files being asked, if any.
    pub fn file_dialog(&self) -> Option<&FileDialog> {
        self.file_dialog.as_ref()
    }

    /// The pending "save changes?" question, if any.
    pub fn pending_confirmation(&self) -> Option<&Guarded> {
        self.confirm.as_ref()
    }

    pub(crate) fn info(&mut self, text: impl Into<String>) {
        self.status = Status { text: text.into(), error: false };
    }

    pub(crate) fn error(&mut self, text: impl Into<String>) {
        self.status = Status { text: text.into(), error: true };
    }

    pub fn file_name(&self) -> String {
        match &self.open.origin {
            Origin::Sample => "sample-issue.md".into(),
            Origin::Untitled => "untitled.md".into(),
            Origin::File(p) => p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
        }
    }

    /// The window title: file name, an unsaved marker, the app.
    pub fn window_title(&self) -> String {
        let dirty = if self.open.doc.is_modified() { " ●" } else { "" };
        format!("{}{dirty} — jianbao", self.file_name())
    }

    /// Puts another document in place of the open one: everything that
    /// belonged to the old one goes with it. Every route that opens a file
    /// (Open, Open recent, the sample, the repository's issues, a search
    /// result, New, a restored draft) comes through here.
    pub(crate) fn replace_open(&mut self, open: OpenDoc) {
        self.inbox_drop_unsaved();
        self.open = open;
        self.open.preview.scroll_to_selection = true;
    }

    /// Replaces the document with the file at `path`; on failure keeps the
    /// current document and reports why.
    pub fn open_path(&mut self, path: &Path) -> bool {
        match io::load_issue_stamped(path) {
            Ok((issue, stamp)) => {
                let open = OpenDoc::new(Document::new(issue), Origin::File(path.to_path_buf()), Some(stamp));
                self.replace_open(open.select_first_entry());
                self.info(format!("Opened {}", path.display()));
                self.remember(path);
                true
            }
            Err(e) => {
                self.error(format!("Could not open: {e}"));
                false
            }
        }
    }

    pub(crate) fn open_sample(&mut self) {
        let open = OpenDoc::new(Document::from_text(crate::SAMPLE_ISSUE), Origin::Sample, None);
        self.replace_open(open.select_first_entry());
        self.info("Sample issue");
    }

    /// Writes the document to `path` (atomically: a temporary file renamed
    /// over the target). On failure the document stays open and modified.
    /// If `path` is the open file and it changed on disk since it was read,
    /// nothing is written and the window asks what to do.
    pub fn save_to(&mut self, path: &Path) -> bool {
        self.save_checked_to(path, false)
    }

    pub(crate) fn remember(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
        self.settings.recent.retain(|p| p != &path);
        self.settings.recent.insert(0, path);
        self.settings.recent.truncate(MAX_RECENT);
    }

    pub(crate) fn apply_theme(&self, ctx: &egui::Context) {
        ctx.set_theme(match self.settings.theme {
            ThemeChoice::System => egui::ThemePreference::System,
            ThemeChoice::Light => egui::ThemePreference::Light,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
        });
    }

    /// One frame of the whole window, inside `ui` (the root of the viewport).
    /// The panels read the state and return what the person asked for; the
    /// actions are applied together after drawing, so a frame never shows one
    /// file in one panel and another file in the next.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        while let Ok(status) = self.notices.try_recv() {
            self.status = status;
        }
        self.poll_indexing(&ctx);
        self.poll_themes(&ctx);
        self.poll_fills(&ctx);
        self.poll_git(&ctx);
        // Shortcuts are read before the panels draw (so a text field does
        // not take them) and applied with everything else after drawing.
        let mut actions = JianbaoApp::handle_shortcuts(&ctx);
        self.sync_checks();

        let width = ctx.content_rect().width();
        egui::Panel::top("menu").show(ui, |ui| actions.extend(self.menu_bar(ui)));
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar(ui));
        // The form keeps at least FORM_MIN; the side panels share the rest.
        let (tree_max, preview_max) = side_panel_limits(width);
        egui::Panel::left("tree")
            .resizable(true)
            .default_size(tree_max.min(300.0))
            .min_size(TREE_MIN)
            .max_size(tree_max)
            .show(ui, |ui| {
                actions.extend(inbox_panel::left_panel(&mut self.open, self.inbox.as_mut(), &self.fills, ui))
            });
        let mut preview_event = None;
        if self.show_preview(width) {
            let theme = self.wechat_theme();
            let input = preview::PreviewInput {
                doc: &self.open.doc,
                selection: self.open.selection,
                mode: self.settings.preview,
                wechat_theme: &theme,
            };
            let state = &mut self.open.preview;
            egui::Panel::right("preview")
                .resizable(true)
                .default_size(preview_max.min(460.0))
                .min_size(PREVIEW_MIN)
                .max_size(preview_max)
                .show(ui, |ui| preview_event = preview::show(state, ui, input));
        }
        let date = self.issue_date();
        let index = self.repo_index.as_ref();
        let earlier = |url: &str| checks::earlier_use_in(index, date.as_deref(), url);
        let (fills, doc) = (&self.fills, self.open.doc.id());
        let fill = |entry| fills.view(doc, entry);
        egui::CentralPanel::default().show(ui, |ui| actions.extend(form::show(&mut self.open, &earlier, &fill, ui)));
        // The windows over the panels: they too only return what was asked.
        actions.extend(self.confirm_dialog(&ctx).map(Action::Answer));
        if let Some(dialog) = &self.file_dialog {
            actions.extend(files::file_dialog_ui(dialog, &ctx).map(Action::Answer));
        }
        let (picker_note, pick) = picker::frame(&mut self.picker, &ctx);
        actions.extend(pick);
        let indexing = self.indexing_text();
        actions.extend(checks::search_window(&mut self.search, self.repo_index.as_ref(), indexing, &ctx));
        actions.extend(self.fill_windows(&ctx));
        actions.extend(self.git.windows(&ctx));
        actions.extend(self.theme_window(&ctx));

        // Everything asked for in this frame, in order, after drawing.
        if let Some(note) = picker_note {
            self.info(note);
        }
        if !actions.is_empty() || preview_event.is_some() {
            ctx.request_repaint();
        }
        for a in actions {
            self.perform(a, &ctx);
        }
        self.sync_inbox_effects();
        match preview_event {
            Some(preview::PreviewEvent::Select(sel)) => {
                self.perform(Action::Select(sel), &ctx);
                // Clicked in the preview: it is in view already.
                self.open.preview.scroll_to_selection = false;
            }
            Some(preview::PreviewEvent::Mode(mode)) => self.settings.preview = mode,
            Some(preview::PreviewEvent::EditTheme) => {
                self.perform(Action::ThemeEdit(theme_panel::ThemeEditAction::Open), &ctx)
            }
            None => {}
        }
        self.autosave_draft(&ctx);

        let title = self.window_title();
        if title != self.sent_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.sent_title = title;
        }
        if ctx.input(|i| i.viewport().close_requested()) && !self.allow_close && self.open.doc.is_modified() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.confirm = Some(Guarded::Close);
        }
        if self.quit_requested {
            self.quit_requested = false;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    /// Whether the preview panel is drawn: in a narrow window only when asked for.
    pub fn show_preview(&self, width: f32) -> bool {
        if width < PREVIEW_COLLAPSE_BELOW { self.settings.narrow_preview } else { true }
    }

    fn status_bar(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            // The items on the right first; the message gets what is left, cut with "…".
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let issue = self.open.doc.issue();
                let entries = issue.entries().count();
                ui.label(format!("{entries} entries · {} sections", issue.sections.len()));
                if self.open.doc.is_modified() {
                    ui.label("unsaved");
                }
                if let Some(text) = self.indexing_text() {
                    ui.label(text);
                    ui.spinner();
                } else if let Some(index) = &self.repo_index {
                    ui.weak(format!("archive: {} issues", index.issues))
                        .on_hover_text("Issues the duplicate checks and the archive search read");
                }
                let file = match &self.open.origin {
                    Origin::File(p) => Some(p.as_path()),
                    _ => None,
                };
                git_panel::status_items(ui, &self.git, file);
                ui.add_space(12.0);
                ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                    let color = if self.status.error { ui.visuals().error_fg_color } else { ui.visuals().text_color() };
                    let text = egui::RichText::new(&self.status.text).color(color);
                    ui.add(egui::Label::new(text).truncate()).on_hover_text(&self.status.text);
                });
            });
        });
    }

    /// The "save changes?" question, if one is asked; returns the answer.
    fn confirm_dialog(&self, ctx: &egui::Context) -> Option<Answer> {
        self.confirm.as_ref()?;
        let mut answer = None;
        if self.confirm == Some(Guarded::Pull) {
            return git_panel::pull_question(&self.file_name(), ctx);
        }
        egui::Modal::new(egui::Id::unique("confirm-unsaved")).show(ctx, |ui| {
            ui.set_width(360.0);
            ui.heading("Save changes?");
            ui.label(format!("{} has unsaved changes. Save them first?", self.file_name()));
            ui.add_space(8.0);
            answer = files::answer_row(
                ui,
                &[("Save", Answer::SaveFirst), ("Don't save", Answer::DontSave), ("Cancel", Answer::KeepEditing)],
            );
            if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                answer = Some(Answer::KeepEditing);
            }
        });
        answer
    }

    /// Acts on the answer to the question asked.
    pub(crate) fn answer(&mut self, answer: Answer, ctx: &egui::Context) {
        match answer {
            Answer::KeepEditing => self.confirm = None,
            Answer::SaveFirst => {
                let Some(guarded) = self.confirm.take() else { return };
                if self.save_then(false, Some(guarded.clone()), ctx) {
                    self.continue_guarded(guarded, ctx);
                }
            }
            Answer::DontSave => {
                // The person drops the changes: their draft goes too.
                let Some(guarded) = self.confirm.take() else { return };
                self.inbox_drop_unsaved();
                self.discard_draft();
                self.continue_guarded(guarded, ctx);
            }
            other => self.answer_file_dialog(other, ctx),
        }
    }

    /// Runs an action that drops the current document, asking first when it
    /// has unsaved changes.
    pub(crate) fn guarded(&mut self, action: Guarded, ctx: &egui::Context) {
        if self.open.doc.is_modified() {
            self.confirm = Some(action);
        } else {
            self.continue_guarded(action, ctx);
        }
    }

    fn continue_guarded(&mut self, action: Guarded, ctx: &egui::Context) {
        match action {
            Guarded::New => {
                if self.repo.is_some() {
                    self.new_issue_in_repo();
                } else {
                    self.new_document();
                }
            }
            Guarded::Open(path) => {
                self.open_path(&path);
            }
            Guarded::OpenDialog => self.pick(picker::Purpose::OpenIssue, None, ctx),
            Guarded::OpenSample => self.open_sample(),
            Guarded::OpenRepo(dir) => {
                self.open_repo(&dir);
            }
            Guarded::Close => {
                self.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            Guarded::Commit => self.open_commit_dialog(),
            Guarded::Pull => self.start_pull(),
        }
    }

    /// A new issue from the open one's boilerplate: dated two weeks later,
    /// sections kept and emptied.
    pub fn new_document(&mut self) {
        use crate::core::{files::archive, files::new_issue};
        let template = self.open.doc.issue();
        let old_date = template.title().map(|t| t.date.to_string()).filter(|d| archive::is_valid_date(d));
        // The archive lists the repository's issues when the open file is one of them.
        let mut dates = match &self.open.origin {
            Origin::File(p) => p
                .parent()
                .and_then(|dir| dir.parent())
                .and_then(|repo| new_issue::issue_dates(repo).ok())
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        if dates.is_empty() {
            dates.extend(old_date);
        }
        let issue = match new_issue::following(template, &dates, None) {
            Ok((_, issue)) => issue,
            Err(e) => {
                self.error(format!("No new issue: {e}"));
                return;
            }
        };
        let mut doc = Document::new(issue);
        doc.mark_unsaved();
        self.replace_open(OpenDoc::new(doc, Origin::Untitled, None).selecting(Selection::Title));
        self.info("New issue: set its date, then Save As…");
    }

    /// Save (or Save As when there is no file yet). True when saved.
    pub(crate) fn perform_save(&mut self, save_as: bool, ctx: &egui::Context) -> bool {
        self.save_then(save_as, None, ctx)
    }

    /// Saves, or opens a dialog for the place and runs `then` once saved
    /// there. True when saved now.
    pub(crate) fn save_then(&mut self, save_as: bool, then: Option<Guarded>, ctx: &egui::Context) -> bool {
        let target = match (&self.open.origin, save_as) {
            (Origin::File(p), false) => Some(p.clone()),
            _ => {
                let name = match self.open.doc.issue().title() {
                    Some(t) if crate::core::files::archive::is_valid_date(&t.date) => format!("{}.md", t.date),
                    _ => self.file_name(),
                };
                self.pick(picker::Purpose::SaveIssueAs { file_name: name }, then, ctx);
                None
            }
        };
        match target {
            Some(path) => self.save_to(&path),
            None => false,
        }
    }

    /// The document's id for things that must not collide across documents.
    pub(crate) fn selected_entry(&self) -> Option<EntryId> {
        match self.open.selection {
            Some(Selection::Entry(id)) if self.open.doc.issue().entry(id).is_some() => Some(id),
            _ => None,
        }
    }
}

/// The narrowest the tree, the preview and the form may be.
pub const TREE_MIN: f32 = 180.0;
pub const PREVIEW_MIN: f32 = 240.0;
pub const FORM_MIN: f32 = 420.0;
/// Below this window width the preview is a toggle (View → Show the preview).
pub const PREVIEW_COLLAPSE_BELOW: f32 = 1000.0;

/// The widest the tree and the preview may be in a window `width` wide, so
/// that the form keeps [`FORM_MIN`].
fn side_panel_limits(width: f32) -> (f32, f32) {
    let tree_max = (width * 0.28).max(TREE_MIN);
    let preview_max = (width - tree_max - FORM_MIN).max(PREVIEW_MIN);
    (tree_max, preview_max)
}

impl eframe::App for JianbaoApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, SETTINGS_KEY, &self.settings);
    }
}

/// Runs the window until it is closed: on `file`, or on the newest issue of
/// `repo`, or on the sample issue.
pub fn run(file: Option<PathBuf>, repo: Option<PathBuf>) -> Result<(), eframe::Error> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1280.0, 800.0])
            .with_min_inner_size([720.0, 420.0])
            .with_title("jianbao"),
        ..Default::default()
    };
    eframe::run_native(
        "jianbao",
        options,
        Box::new(move |cc| {
            let mut app = JianbaoApp::from_creation_context(cc, file.clone());
            if let Some(dir) = &repo {
                app.open_repo(dir);
                if let Some(f) = &file {
                    app.open_path(f);
                }
            }
            Ok(Box::new(app))
        }),
    )
}

/// A section's name as the window shows it: its heading, or for the unnamed
/// group of a scratch draft (entries before any `## ` heading) what it is.
pub(crate) fn section_label(section: &crate::core::Section) -> &str {
    if section.unnamed { "Not in a section yet" } else { section.heading.title.trim() }
}
