//! Git in the window: the Git menu, the branch and changes in the status
//! bar, the commit dialog (the newsletter's changed files with checkboxes, a
//! message in the repository's own habit, the author git will write), pull
//! and push in the background with their progress, a failure shown in full,
//! and the Changes view (the open issue's entry-level changes against HEAD).
//!
//! The state is read by [`super::git_state`]; writing goes through the `git`
//! binary ([`crate::core::vcs::commit`]).

use std::path::{Path, PathBuf};

use eframe::egui;

use super::git_state::{GitState, SyncJob, SyncKind, SyncOutcome, SyncRequest};
use super::{Action, FileDialog, Guarded, JianbaoApp, OpenDoc, Origin, Selection};
use crate::core::EntryId;
use crate::core::files::io;
use crate::core::vcs::changes::{self, Change};
use crate::core::vcs::merge;
use crate::core::vcs::status::{self, FileStatus};

/// What the Git menu, the commit dialog and the git windows ask for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GitAction {
    Refresh,
    OpenCommit,
    Commit,
    CancelCommit,
    Pull,
    Push,
    DismissFailure,
    ShowChanges,
    CloseChanges,
}

/// The commit dialog.
pub struct CommitDialog {
    /// The changed newsletter files, each with whether it goes in.
    pub files: Vec<(FileStatus, bool)>,
    pub message: String,
    /// `Name <email>`, or why there is none.
    pub author: Result<String, String>,
}

/// One row of the Changes view.
pub struct ChangeRow {
    pub text: String,
    pub detail: Vec<String>,
    /// The entry the row is about, in the open document (none for a removed one).
    pub target: Option<EntryId>,
}

/// The Changes view: the open issue (as edited) against HEAD.
pub struct ChangesView {
    pub rows: Vec<ChangeRow>,
    pub error: Option<String>,
    /// HEAD's version of the open file (`None`: not in HEAD).
    base: Option<String>,
    file: Option<PathBuf>,
    /// The document revision the rows were computed for.
    revision: Option<(crate::core::DocumentId, u64)>,
}

/// Everything git the window keeps and draws.
#[derive(Default)]
pub struct GitPanel {
    pub state: GitState,
    pub commit: Option<CommitDialog>,
    pub changes: Option<ChangesView>,
    /// The open file's text when a pull started (what was on disk): the
    /// base for merging edits made while it ran with what it brought.
    pub pull_base: Option<(PathBuf, String)>,
    /// The commit dialog waits for another question to be answered first
    /// (the README's archive, so the README can go in the same commit).
    pub commit_waiting: bool,
    /// Another question is open: the commit dialog is not drawn over it.
    pub hold: bool,
    /// Issue files whose saves do not ask about the README's archive again
    /// in this session ("Not now").
    pub readme_not_now: std::collections::HashSet<PathBuf>,
}

impl GitPanel {
    /// The git windows over the panels; what the person asked for.
    pub(crate) fn windows(&mut self, ctx: &egui::Context) -> Vec<Action> {
        let mut out = Vec::new();
        let busy = self.state.sync.as_ref().map(|j| (j.kind, j.last_line().to_string()));
        if let Some(dialog) = &mut self.commit
            && !self.hold
        {
            out.extend(commit_dialog(dialog, busy.as_ref(), self.state.job.is_some(), ctx).map(Action::Git));
        }
        if let Some(failure) = &self.state.failure {
            out.extend(failure_window(failure, ctx).map(Action::Git));
        }
        if let Some(view) = &self.changes {
            out.extend(changes_window(view, ctx));
        }
        out
    }
}

/// The Git menu.
///
/// `unsaved`: the open file's name when it has edits not saved yet (they
/// are not in git's view until saved).
pub(crate) fn git_menu(ui: &mut egui::Ui, git: &GitPanel, has_repo: bool, unsaved: Option<&str>) -> Option<GitAction> {
    let mut chosen = None;
    ui.menu_button("Git", |ui| {
        ui.set_min_width(300.0);
        let idle = has_repo && git.state.sync.is_none() && git.state.status.is_some();
        match (&git.state.status, &git.state.error) {
            (Some(s), _) => {
                let branch = s.branch.clone().unwrap_or_else(|| "detached HEAD".into());
                let up = match &s.upstream {
                    Some(u) => {
                        format!("tracking {u}{}", with_space(&super::git_state::ahead_behind(s.ahead, s.behind)))
                    }
                    None => "no upstream".into(),
                };
                ui.weak(format!("On {branch}, {up}"));
                if let Some(c) = &s.last_commit {
                    ui.weak(format!("Last commit {}: {}", c.date(), c.summary));
                }
                ui.weak(match (s.files.len(), unsaved) {
                    (0, None) => "No newsletter file changed".to_string(),
                    (0, Some(_)) => "No newsletter file changed on disk yet".to_string(),
                    (n, _) => format!("{n} file(s) changed since the last commit"),
                });
                if let Some(name) = unsaved {
                    ui.weak(format!("{name} has unsaved edits: save them to commit them"));
                }
            }
            (None, Some(e)) => {
                ui.weak(format!("No git: {}", first_line(e)));
            }
            (None, None) if has_repo => {
                ui.weak("Reading the repository…");
            }
            _ => {
                ui.weak("Open a repository to use git");
            }
        }
        ui.separator();
        for (action, label, enabled) in [
            (GitAction::OpenCommit, "Commit…", idle),
            (GitAction::Pull, "Pull", idle),
            (GitAction::Push, "Push", idle),
            (GitAction::ShowChanges, "Changes in this issue", idle),
            (GitAction::Refresh, "Refresh", has_repo),
        ] {
            if ui.add_enabled(enabled, egui::Button::new(label)).clicked() {
                chosen = Some(action);
            }
        }
    });
    chosen
}

fn with_space(s: &str) -> String {
    if s.is_empty() { String::new() } else { format!(" {s}") }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

/// The git part of the status bar (drawn right to left).
pub(crate) fn status_items(ui: &mut egui::Ui, git: &GitPanel, open_file: Option<&Path>) {
    if let Some(job) = &git.state.sync {
        ui.label(format!("{}: {}", job.kind.verb(), job.last_line()));
        ui.spinner();
    }
    for (text, hover) in git.state.summary(open_file).into_iter().rev() {
        ui.label(text).on_hover_text(hover);
    }
}

fn commit_dialog(
    dialog: &mut CommitDialog,
    busy: Option<&(SyncKind, String)>,
    reading: bool,
    ctx: &egui::Context,
) -> Option<GitAction> {
    let mut action = None;
    egui::Modal::new(egui::Id::unique("git-commit")).show(ctx, |ui| {
        ui.set_width(560.0);
        ui.heading("Commit");
        match &dialog.author {
            Ok(a) => ui.label(format!("Author: {a}")),
            Err(e) => ui.colored_label(ui.visuals().error_fg_color, e),
        };
        ui.add_space(6.0);
        ui.label("Newsletter files changed since the last commit (nothing else is committed):");
        if dialog.files.iter().any(|(f, _)| f.path == status::ATTRIBUTES) {
            ui.weak(".gitattributes: the merge driver's lines (jianbao git-setup); commit it so every clone has them.");
        }
        if reading {
            ui.weak("Reading the repository…");
        }
        if dialog.files.is_empty() && !reading {
            ui.weak("Nothing has changed.");
        }
        egui::ScrollArea::vertical().max_height(220.0).show(ui, |ui| {
            for (file, on) in &mut dialog.files {
                ui.horizontal(|ui| {
                    ui.checkbox(on, file.path.as_str());
                    ui.weak(file.describe());
                });
            }
        });
        ui.add_space(6.0);
        ui.label("Message:");
        let resp = ui.add(egui::TextEdit::multiline(&mut dialog.message).desired_rows(3).desired_width(f32::INFINITY));
        super::name(&resp, "Commit message");
        ui.add_space(6.0);
        let chosen = dialog.files.iter().filter(|(_, on)| *on).count();
        let running = busy.is_some();
        let can = chosen > 0 && dialog.author.is_ok() && !dialog.message.trim().is_empty() && !running;
        ui.horizontal(|ui| {
            if ui.add_enabled(can, egui::Button::new(format!("Commit {chosen} file(s)"))).clicked() {
                action = Some(GitAction::Commit);
            }
            if ui.add_enabled(!running, egui::Button::new("Cancel")).clicked() {
                action = Some(GitAction::CancelCommit);
            }
            if let Some((_, line)) = busy {
                ui.spinner();
                ui.weak(line);
            }
        });
        if !running && ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            action = Some(GitAction::CancelCommit);
        }
    });
    action
}

fn failure_window(failure: &SyncOutcome, ctx: &egui::Context) -> Option<GitAction> {
    let mut action = None;
    egui::Modal::new(egui::Id::unique("git-failure")).show(ctx, |ui| {
        ui.set_width(620.0);
        if failure.ok {
            ui.heading("Pulled: some of your saved edits conflict with it");
            for c in &failure.conflicts {
                ui.label(conflict_text(c));
            }
            ui.label(
                "Nothing is lost: your edits are also kept in git's stash (git stash list, git stash show -p). \
                 Choose in each marked entry, save and commit; then drop the stash (git stash drop).",
            );
        } else {
            ui.heading(format!("{} failed", failure.kind.verb()));
        }
        ui.label("git said:");
        egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
            ui.add(egui::Label::new(egui::RichText::new(&failure.text).monospace()).wrap());
        });
        if ui.button("Close").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            action = Some(GitAction::DismissFailure);
        }
    });
    action
}

/// Pull with unsaved edits: save them (they go through the pull and are
/// merged back with what it brings), drop them, or stay.
pub(crate) fn pull_question(file: &str, ctx: &egui::Context) -> Option<super::Answer> {
    use super::Answer;
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("confirm-pull")).show(ctx, |ui| {
        ui.set_width(440.0);
        ui.heading("Pull: your edits are not saved");
        ui.label(format!(
            "{file} has unsaved edits, and a pull never runs over them. Saved, they are put aside for the pull \
             and put back after it, merged entry by entry with what it brings."
        ));
        ui.add_space(8.0);
        answer = super::files::answer_row(
            ui,
            &[
                ("Save and pull", Answer::SaveFirst),
                ("Discard my edits and pull", Answer::DontSave),
                ("Cancel", Answer::KeepEditing),
            ],
        );
        if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
            answer = Some(Answer::KeepEditing);
        }
    });
    answer
}

/// What a file left with conflicts after a pull holds, in words.
fn conflict_text(c: &crate::core::vcs::commit::StashConflict) -> String {
    let places = match c.places {
        0 => "lines".to_string(),
        1 => "one entry".to_string(),
        n => format!("{n} entries"),
    };
    format!(
        "{}: your version and the pulled one differ in the same {places}; the file holds both, between \
         <<<<<<< (yours) and >>>>>>> (the pulled) lines.",
        c.path
    )
}

fn changes_window(view: &ChangesView, ctx: &egui::Context) -> Vec<Action> {
    let mut out = Vec::new();
    let mut open = true;
    // Under the menu bar, not over it.
    let top = ctx.content_rect().center_top() + egui::vec2(0.0, 64.0);
    egui::Window::new("Changes against HEAD")
        .id(egui::Id::unique("git-changes"))
        .open(&mut open)
        .pivot(egui::Align2::CENTER_TOP)
        .default_pos(top)
        .default_size([520.0, 420.0])
        .show(ctx, |ui| {
            if let Some(f) = &view.file {
                ui.weak(format!("{} as edited, against its last commit", f.display()));
            }
            if let Some(e) = &view.error {
                ui.colored_label(ui.visuals().error_fg_color, e);
            } else if view.base.is_none() {
                ui.label("This issue is not in the last commit: all of it is new.");
            } else if view.rows.is_empty() {
                ui.label("No change since the last commit.");
            }
            egui::ScrollArea::vertical().show(ui, |ui| {
                for row in &view.rows {
                    let resp = match row.target {
                        Some(id) => {
                            let r = ui.selectable_label(false, &row.text);
                            if r.clicked() {
                                out.push(Action::Select(Selection::Entry(id)));
                            }
                            r
                        }
                        None => ui.label(&row.text),
                    };
                    let _ = resp;
                    for d in &row.detail {
                        ui.weak(format!("    {d}"));
                    }
                }
            });
        });
    if !open {
        out.push(Action::Git(GitAction::CloseChanges));
    }
    out
}

/// The rows for `changes`, each pointed at its entry in `issue`.
fn rows(list: &[Change], issue: &crate::core::Issue) -> Vec<ChangeRow> {
    let find = |e: &changes::EntryRef| -> Option<EntryId> {
        let by_url = (!e.url.is_empty())
            .then(|| issue.entries().find(|(_, x)| x.typed().is_some_and(|t| t.head.url.as_str() == e.url)))
            .flatten();
        by_url.or_else(|| issue.entries().find(|(_, x)| x.label() == e.title)).map(|(_, x)| x.id)
    };
    list.iter()
        .map(|c| {
            let full = changes::change_text("", c);
            let mut lines = full.lines();
            let text = lines.next().unwrap_or("").trim_start_matches(": ").to_string();
            let detail = lines.map(|l| l.trim().to_string()).collect();
            let target = match c {
                Change::Added { entry, .. } | Change::Moved { entry, .. } | Change::Edited { entry, .. } => find(entry),
                _ => None,
            };
            ChangeRow { text, detail, target }
        })
        .collect()
}

impl JianbaoApp {
    /// Once a frame: takes the git state and a finished pull, push or
    /// commit; reads the state again when the repository or the open file's
    /// stamp changed (opened, saved) or the window got the focus back.
    pub(crate) fn poll_git(&mut self, ctx: &egui::Context) {
        let root = self.repo.as_ref().map(|r| r.root().to_path_buf());
        // The open file's and the inbox's stamps: a save of either reads the state again.
        let inbox = self.inbox.as_ref().and_then(|i| i.stamp().cloned());
        let seen = root.clone().map(|r| (r, self.open.stamp.clone(), inbox));
        let focused = ctx.input(|i| i.events.iter().any(|e| matches!(e, egui::Event::WindowFocused(true))));
        if seen != self.git.state.seen || (focused && root.is_some()) {
            if root.as_ref() != self.git.state.seen.as_ref().map(|(r, _, _)| r) {
                self.git.state.status = None;
                self.git.state.error = None;
            }
            self.git.state.seen = seen;
            if let Some(r) = &root {
                self.git.state.refresh(r);
            }
        }
        if self.git.state.poll_status(root.as_deref()) {
            self.status_arrived();
        }
        if let Some(outcome) = self.git.state.poll_sync() {
            self.sync_ended(outcome);
        }
        self.git.hold = self.file_dialog.is_some() || self.confirm.is_some();
        if self.git.commit_waiting && !self.git.hold {
            self.git.commit_waiting = false;
            self.show_commit_dialog();
        }
        if self.git.state.job.is_some() || self.git.state.sync.is_some() {
            ctx.request_repaint_after(std::time::Duration::from_millis(60));
        }
        self.update_changes();
    }

    /// A fresh state: the commit dialog's list follows it (choices kept).
    fn status_arrived(&mut self) {
        let Some(dialog) = &mut self.git.commit else { return };
        let Some(s) = &self.git.state.status else { return };
        let files = s
            .files
            .iter()
            .map(|f| {
                // `.gitattributes` goes in only when ticked.
                let new = f.path != status::ATTRIBUTES;
                let on = dialog.files.iter().find(|(g, _)| g.path == f.path).map(|(_, on)| *on).unwrap_or(new);
                (f.clone(), on)
            })
            .collect();
        dialog.files = files;
    }

    /// Waits for the git work under way (state, pull, push, commit) and
    /// applies it. The window never calls this: tests and scripts do.
    pub fn wait_for_git(&mut self) {
        let root = self.repo.as_ref().map(|r| r.root().to_path_buf());
        loop {
            if let Some(outcome) = self.git.state.wait_sync() {
                self.sync_ended(outcome);
            }
            self.git.state.wait_status(root.as_deref());
            self.status_arrived();
            if self.git.state.sync.is_none() && self.git.state.job.is_none() {
                break;
            }
        }
        self.update_changes();
    }

    /// Whether a pull, push or commit is under way.
    pub fn git_is_busy(&self) -> bool {
        self.git.state.sync.is_some()
    }

    /// The git state as last read.
    pub fn git_status(&self) -> Option<&status::RepoStatus> {
        self.git.state.status.as_ref()
    }

    /// The failed pull, push or commit shown, if any.
    pub fn git_failure(&self) -> Option<&SyncOutcome> {
        self.git.state.failure.as_ref()
    }

    /// The files the commit dialog lists, with whether each is chosen.
    pub fn commit_dialog_files(&self) -> Option<Vec<(String, bool)>> {
        self.git.commit.as_ref().map(|d| d.files.iter().map(|(f, on)| (f.path.clone(), *on)).collect())
    }

    /// The Changes view's rows (their first lines).
    pub fn changes_rows(&self) -> Option<Vec<String>> {
        self.git.changes.as_ref().map(|v| v.rows.iter().map(|r| r.text.clone()).collect())
    }

    pub(crate) fn perform_git(&mut self, action: GitAction, ctx: &egui::Context) {
        let Some(root) = self.repo.as_ref().map(|r| r.root().to_path_buf()) else {
            self.error("Open a repository first (File, Open repository…)");
            return;
        };
        match action {
            GitAction::Refresh => self.git.state.refresh(&root),
            GitAction::OpenCommit => self.guarded(Guarded::Commit, ctx),
            GitAction::Pull => self.guarded(Guarded::Pull, ctx),
            GitAction::Push => self.start_sync(SyncRequest::Push),
            GitAction::Commit => {
                let Some(dialog) = &self.git.commit else { return };
                let paths: Vec<String> =
                    dialog.files.iter().filter(|(_, on)| *on).map(|(f, _)| f.path.clone()).collect();
                let message = dialog.message.clone();
                self.start_sync(SyncRequest::Commit { paths, message });
            }
            GitAction::CancelCommit => self.git.commit = None,
            GitAction::DismissFailure => self.git.state.failure = None,
            GitAction::ShowChanges => self.show_changes(),
            GitAction::CloseChanges => self.git.changes = None,
        }
    }

    /// After the save-first question (or with nothing unsaved): the commit
    /// dialog, once any other question is answered. A stale README archive
    /// is asked about first (unless "Not now" was said for this issue), so
    /// the README can go in the same commit.
    pub(crate) fn open_commit_dialog(&mut self) {
        if self.file_dialog.is_none() {
            self.ask_archive_once();
        }
        if self.file_dialog.is_some() || self.confirm.is_some() {
            self.git.commit_waiting = true;
            self.git.hold = true;
            return;
        }
        self.show_commit_dialog();
    }

    /// The README archive question after a save of the open issue, unless
    /// the person said "Not now" to it for this issue in this session.
    pub(crate) fn ask_archive_once(&mut self) {
        if let Origin::File(p) = &self.open.origin
            && self.git.readme_not_now.contains(p)
        {
            return;
        }
        self.offer_archive_update();
    }

    fn show_commit_dialog(&mut self) {
        let Some(root) = self.repo.as_ref().map(|r| r.root().to_path_buf()) else { return };
        let date = self.issue_date();
        let subjects = status::recent_subjects(&root, 50).unwrap_or_default();
        let message = status::suggest_message(&subjects, date.as_deref());
        let author = crate::core::vcs::commit::author(&root);
        self.git.commit = Some(CommitDialog { files: Vec::new(), message, author });
        self.status_arrived();
        // The save just made (or an edit outside) may not be in the last read.
        self.git.state.refresh(&root);
    }

    /// Starts a pull, push or commit in the background (one at a time).
    pub(crate) fn start_sync(&mut self, request: SyncRequest) {
        let Some(root) = self.repo.as_ref().map(|r| r.root().to_path_buf()) else { return };
        if self.git.state.sync.is_some() {
            self.error("git is busy: wait for the pull, push or commit under way");
            return;
        }
        self.git.state.failure = None;
        self.git.state.sync = Some(SyncJob::start(request, &root));
    }

    /// A pull, push or commit ended.
    fn sync_ended(&mut self, outcome: SyncOutcome) {
        if let Some(root) = self.repo.as_ref().map(|r| r.root().to_path_buf()) {
            self.git.state.refresh(&root);
        }
        if !outcome.ok {
            self.git.pull_base = None;
            self.error(format!("{} failed: {}", outcome.kind.verb(), first_line(&outcome.text)));
            self.git.state.failure = Some(outcome);
            return;
        }
        match outcome.kind {
            SyncKind::Commit => {
                let message = self.git.commit.take().map(|d| d.message).unwrap_or_default();
                self.info(format!("Committed {}: {}", outcome.text.trim(), first_line(&message)));
                self.refresh_changes_base();
            }
            SyncKind::Push => self.info(format!("Pushed. {}", last_line(&outcome.text))),
            SyncKind::Pull => {
                self.info(format!("Pulled. {}", last_line(&outcome.text)));
                let conflicted = !outcome.conflicts.is_empty();
                if conflicted {
                    self.git.state.failure = Some(outcome);
                }
                self.after_pull();
                if conflicted {
                    self.error("Pulled: some saved edits conflict with it (see the window)");
                }
            }
        }
    }

    /// Pull, once the unsaved edits are saved or dropped (the question's
    /// answer): dropped, the open issue is read again from its file first.
    pub(crate) fn start_pull(&mut self) {
        if self.open.doc.is_modified()
            && let Origin::File(path) = &self.open.origin
        {
            let path = path.clone();
            self.discard_draft();
            if !self.reload_keeping_selection(&path) {
                return;
            }
        }
        self.git.pull_base = match &self.open.origin {
            Origin::File(p) if !self.open.doc.is_modified() => Some((p.clone(), self.open.doc.text())),
            _ => None,
        };
        self.start_sync(SyncRequest::Pull);
    }

    /// The open issue changed on disk by a pull: reloaded (the selected
    /// entry kept) when it has no unsaved edits. Edits made while the pull
    /// ran are merged entry by entry with what it brought; when they
    /// conflict the window asks (reload the pulled version, save mine
    /// elsewhere, or overwrite, saying what that undoes).
    fn after_pull(&mut self) {
        self.start_indexing();
        self.refresh_changes_base();
        let base = self.git.pull_base.take();
        let Origin::File(path) = &self.open.origin else { return };
        let path = path.clone();
        let Some(stamp) = &self.open.stamp else { return };
        if io::check_unchanged(&path, stamp).is_ok() {
            return;
        }
        if !self.open.doc.is_modified() {
            if self.reload_keeping_selection(&path) {
                self.info(format!("Pulled: {} reloaded with the changes", self.file_name()));
            }
            return;
        }
        let merged = base.filter(|(p, _)| *p == path).and_then(|(_, base)| {
            let (disk, stamp) = io::read_stamped(&path).ok()?;
            let mine = self.open.doc.text();
            match merge::merge_issue(base.as_bytes(), mine.as_bytes(), &disk) {
                merge::MergeOutcome::Clean(text) => Some((text, String::from_utf8(disk).ok()?, stamp)),
                _ => None,
            }
        });
        match merged {
            Some((text, disk, stamp)) => {
                let anchor = anchor(self.open.doc.issue(), self.open.selection);
                let mut doc = crate::core::Document::from_text(&text);
                doc.mark_saved_text(&disk);
                self.replace_open(OpenDoc::new(doc, Origin::File(path), Some(stamp)).select_first_entry());
                self.restore_anchor(anchor);
                self.info("Pulled: your edits made while it ran are merged with it, unsaved");
            }
            None => self.file_dialog = Some(FileDialog::Pulled(path)),
        }
    }

    /// Reads the open file again, the selection kept by what it is (an
    /// entry by its link, else its title; a section by its heading) when it
    /// is still there.
    pub(crate) fn reload_keeping_selection(&mut self, path: &Path) -> bool {
        let anchor = anchor(self.open.doc.issue(), self.open.selection);
        if !self.open_path(path) {
            return false;
        }
        self.restore_anchor(anchor);
        true
    }

    fn restore_anchor(&mut self, anchor: Option<Anchor>) {
        if let Some(sel) = anchor.and_then(|a| a.find(self.open.doc.issue())) {
            self.open.selection = Some(sel);
        }
    }

    fn show_changes(&mut self) {
        self.git.changes = Some(ChangesView { rows: Vec::new(), error: None, base: None, file: None, revision: None });
        self.refresh_changes_base();
    }

    /// Reads HEAD's version of the open file again (after a commit or pull).
    fn refresh_changes_base(&mut self) {
        let Some(view) = &mut self.git.changes else { return };
        view.revision = None;
        view.error = None;
        view.base = None;
        let (Some(repo), Origin::File(path)) = (&self.repo, &self.open.origin) else {
            view.error = Some("The open issue is not a file of the repository".into());
            view.file = None;
            return;
        };
        view.file = Some(path.clone());
        match status::head_file(repo.root(), path) {
            Ok(Some(bytes)) => match String::from_utf8(bytes) {
                Ok(text) => view.base = Some(text),
                Err(_) => view.error = Some("HEAD's version is not UTF-8 text".into()),
            },
            Ok(None) => {}
            Err(e) => view.error = Some(e),
        }
    }

    /// Recomputes the Changes view's rows when the document changed.
    fn update_changes(&mut self) {
        let Some(view) = &mut self.git.changes else { return };
        let now = (self.open.doc.id(), self.open.doc.revision());
        if view.revision == Some(now) {
            return;
        }
        let here = match &self.open.origin {
            Origin::File(p) => Some(p),
            _ => None,
        };
        if view.file.as_ref() != here {
            // Another file was opened: its own base.
            self.refresh_changes_base();
        }
        let Some(view) = &mut self.git.changes else { return };
        view.revision = Some(now);
        view.rows.clear();
        if view.error.is_some() {
            return;
        }
        let Some(base) = &view.base else { return };
        match changes::changes(base, &self.open.doc.text()) {
            Ok(list) => view.rows = rows(&list, self.open.doc.issue()),
            Err(_) => view.error = Some("Too large to compare entry by entry".to_string()),
        }
    }
}

fn last_line(s: &str) -> &str {
    s.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("")
}

/// A selection by what it points at, so it survives a reload (which gives
/// every entry and section a new id).
pub(crate) enum Anchor {
    Entry {
        url: String,
        title: String,
    },
    Section(String),
    /// Title, digest, warm-up: the same in every version.
    Fixed(Selection),
}

impl Anchor {
    /// The selection in `issue` that is this anchor, if it is there.
    pub(crate) fn find(&self, issue: &crate::core::Issue) -> Option<Selection> {
        match self {
            Anchor::Entry { url, title } => {
                let by_url = (!url.is_empty())
                    .then(|| issue.entries().find(|(_, e)| entry_url(e).as_deref() == Some(url.as_str())))
                    .flatten();
                by_url
                    .or_else(|| issue.entries().find(|(_, e)| e.label() == *title))
                    .map(|(_, e)| Selection::Entry(e.id))
            }
            Anchor::Section(title) => {
                issue.sections.iter().find(|s| super::section_label(s) == title).map(|s| Selection::Section(s.id))
            }
            Anchor::Fixed(sel) => Some(*sel),
        }
    }
}

fn entry_url(e: &crate::core::Entry) -> Option<String> {
    let url = e.typed()?.head.url.as_str().trim().to_string();
    (!url.is_empty()).then(|| crate::core::editorial::links::normalize_url(&url))
}

/// The anchor of `selection` in `issue`.
pub(crate) fn anchor(issue: &crate::core::Issue, selection: Option<Selection>) -> Option<Anchor> {
    match selection? {
        Selection::Entry(id) => {
            let e = issue.entry(id)?;
            Some(Anchor::Entry { url: entry_url(e).unwrap_or_default(), title: e.label() })
        }
        Selection::Section(id) => issue.section(id).map(|s| Anchor::Section(super::section_label(s).to_string())),
        other => Some(Anchor::Fixed(other)),
    }
}
