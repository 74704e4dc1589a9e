//! The window's side of files: the open repository and its issues, saves
//! that refuse to overwrite a file changed behind our back, the README
//! archive prompt after a save, and drafts written while the person types so
//! a crash loses at most a few seconds.

use std::path::{Path, PathBuf};

use eframe::egui;

use super::indexing::{Indexing, Polled};
use super::{Answer, JianbaoApp, OpenDoc, Origin, Selection};
use crate::core::editorial::index::RepoIndex;
use crate::core::files::draft::{Draft, DraftInfo, DraftKey, DraftState};
use crate::core::files::io::{self, SaveError};
use crate::core::files::repo::{ArchiveUpdate, Repo};
use crate::core::{Document, files::new_issue};

/// Seconds of quiet after an edit before the draft is written.
pub const DRAFT_IDLE_SECS: f64 = 2.0;
/// At most this long between drafts while unsaved work keeps changing.
pub const DRAFT_MAX_SECS: f64 = 4.0;

/// A question the window is asking about files.
pub enum FileDialog {
    /// The file changed on disk since it was opened or saved.
    Conflict(PathBuf),
    /// The window's own pull changed the open file while it had edits that
    /// could not be merged with what the pull brought.
    Pulled(PathBuf),
    /// The README's archive table is stale: the update, ready to write.
    Archive(Box<ArchiveUpdate>),
    /// Drafts newer than their files, found at start.
    Restore(Vec<DraftInfo>),
}

#[derive(Default)]
pub struct DraftClock {
    /// The revision last written as a draft (or saved).
    pub(crate) written_revision: Option<u64>,
    /// The revision seen last frame, and when it first appeared.
    pub(crate) seen: Option<(u64, f64)>,
    /// When the first edit not yet in a draft was seen.
    pub(crate) pending_since: Option<f64>,
    /// A key for a never-saved document's draft.
    pub untitled_id: String,
    /// A draft of this document is on disk.
    pub(crate) on_disk: bool,
}

impl DraftClock {
    /// A clock for a newly opened document, with a key of its own for a draft
    /// of it while it has no file.
    pub fn new() -> DraftClock {
        let nanos =
            std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
        DraftClock { untitled_id: format!("untitled-{nanos}"), ..Default::default() }
    }
}

impl JianbaoApp {
    /// Opens a repository: its newest issue, and its issue list in the File menu.
    pub fn open_repo(&mut self, dir: &Path) -> bool {
        match Repo::open(dir) {
            Ok(repo) => {
                let root = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf());
                self.settings.recent_repos.retain(|p| p != &root);
                self.settings.recent_repos.insert(0, root);
                self.settings.recent_repos.truncate(super::MAX_RECENT);
                let newest = repo.issues().ok().and_then(|v| v.into_iter().next());
                // Another repository's index must not check this one's issues.
                self.repo_index = None;
                self.repo = Some(repo);
                self.start_indexing();
                if let Some(issue) = newest {
                    self.open_path(&issue.path);
                }
                self.info(format!("Opened the repository {}", dir.display()));
                true
            }
            Err(e) => {
                self.error(format!("Could not open the repository: {e}"));
                false
            }
        }
    }

    pub fn repo(&self) -> Option<&Repo> {
        self.repo.as_ref()
    }

    /// Starts (again) reading and indexing the open repository's issues on a
    /// thread of its own; a build still under way is cancelled.
    pub fn start_indexing(&mut self) {
        let Some(repo) = self.repo.clone() else { return };
        self.index_generation += 1;
        self.indexing = Some(Indexing::start(repo, self.index_generation));
    }

    /// Once a frame: takes a finished index, and keeps frames coming while
    /// a build runs so its progress shows.
    pub(crate) fn poll_indexing(&mut self, ctx: &egui::Context) {
        let Some(job) = &mut self.indexing else { return };
        match job.poll() {
            Polled::Running => ctx.request_repaint_after(std::time::Duration::from_millis(60)),
            Polled::Done(index) => {
                self.indexing = None;
                self.install_index(index);
            }
            Polled::Failed => {
                self.indexing = None;
                self.error("The archive could not be indexed: duplicate checks and search are off");
            }
        }
    }

    fn install_index(&mut self, index: Box<RepoIndex>) {
        if let Some((date, why)) = index.skipped.first() {
            self.error(format!(
                "Indexed {} issues; {} file(s) could not be read as issues and are left out of the checks and search ({date}: {why})",
                index.issues,
                index.skipped.len()
            ));
        }
        // The old index (every issue's entries) is dropped on a thread of its
        // own: freeing a large archive's index took a frame's time.
        if let Some(old) = self.repo_index.replace(*index) {
            std::thread::spawn(move || drop(old));
        }
    }

    /// Waits for the index build under way, if any; true when the repository
    /// has an index. The window never calls this: tests and scripts do.
    pub fn wait_for_index(&mut self) -> bool {
        if let Some(job) = self.indexing.take() {
            match job.wait() {
                Some(index) => self.install_index(index),
                None => self.error("The archive could not be indexed: duplicate checks and search are off"),
            }
        }
        self.repo_index.is_some()
    }

    /// True while the repository's index is being built.
    pub fn is_indexing(&self) -> bool {
        self.indexing.is_some()
    }

    /// The status bar's words for the build under way.
    pub(crate) fn indexing_text(&self) -> Option<String> {
        self.indexing.as_ref().map(|job| job.describe())
    }

    /// The next issue of the open repository: created on disk from the newest
    /// issue's boilerplate (never overwriting one), then opened.
    pub fn new_issue_in_repo(&mut self) -> bool {
        let Some(repo) = &self.repo else { return false };
        let prepared = match new_issue::prepare(repo, None) {
            Ok(p) => p,
            Err(e) => {
                self.error(format!("Could not create the next issue: {e}"));
                return false;
            }
        };
        if let Err(e) = repo.create_issue(&prepared.date, &prepared.text) {
            self.error(format!("Could not create {}: {e}", prepared.path.display()));
            return false;
        }
        self.open_path(&prepared.path);
        self.open.selection = Some(Selection::Title);
        self.info(format!(
            "Created {} — the README's archive can be refreshed from the File menu",
            prepared.path.display()
        ));
        self.offer_archive_update();
        true
    }

    /// Shows the README archive prompt when the open repository's table is stale.
    pub fn offer_archive_update(&mut self) {
        let Some(repo) = &self.repo else { return };
        match repo.archive_update() {
            Ok(update) if !update.is_fresh() => self.file_dialog = Some(FileDialog::Archive(Box::new(update))),
            Ok(_) => {}
            Err(e) => self.error(format!("README archive: {e}")),
        }
    }

    /// Saves to `path`: the open file only if it still holds what we read
    /// (else asks), another file as Save As chose it.
    pub(crate) fn save_checked_to(&mut self, path: &Path, force: bool) -> bool {
        let text = self.open.doc.text();
        let same_file = matches!(&self.open.origin, Origin::File(p) if p == path);
        let result = match (&self.open.stamp, same_file, force) {
            (Some(stamp), true, false) => io::save_checked(path, text.as_bytes(), Some(stamp)),
            _ => io::write_atomic(path, text.as_bytes())
                .map(|()| io::stamp_written(path, text.as_bytes()))
                .map_err(SaveError::from),
        };
        match result {
            Ok(stamp) => {
                self.open.stamp = Some(stamp);
                self.open.doc.mark_saved();
                self.discard_draft();
                self.open.origin = Origin::File(path.to_path_buf());
                self.remember(path);
                self.info(format!("Saved {} ({} bytes)", path.display(), text.len()));
                if self.repo.as_ref().is_some_and(|r| r.date_of(path).is_some()) {
                    self.start_indexing();
                    self.ask_archive_once();
                }
                true
            }
            Err(SaveError::Changed(c)) => {
                self.error(format!("Not saved: {c}"));
                self.file_dialog = Some(FileDialog::Conflict(path.to_path_buf()));
                false
            }
            Err(SaveError::File(e)) => {
                self.error(format!("Could not save {}: {e}. Your changes are still here.", path.display()));
                false
            }
        }
    }

    fn draft_key(&self) -> DraftKey {
        match &self.open.origin {
            Origin::File(p) => DraftKey::for_path(p),
            _ => DraftKey::for_new(&self.open.draft_clock.untitled_id),
        }
    }

    /// Removes the open document's draft (saved, or its changes dropped).
    pub(crate) fn discard_draft(&mut self) {
        if let Some(store) = &self.drafts {
            let _ = store.discard(&self.draft_key());
        }
        self.open.draft_clock.on_disk = false;
        self.open.draft_clock.written_revision = Some(self.open.doc.revision());
    }

    /// Writes the draft now (if the document changed since the last one).
    pub fn write_draft(&mut self) {
        let Some(store) = &self.drafts else { return };
        let revision = self.open.doc.revision();
        if self.open.draft_clock.written_revision == Some(revision) || !self.open.doc.is_modified() {
            return;
        }
        let text = self.open.doc.text();
        let draft = match &self.open.origin {
            Origin::File(p) => Draft::for_file(p, text, self.open.stamp.clone()),
            _ => Draft::for_new(&self.open.draft_clock.untitled_id, text),
        };
        match store.save(&draft) {
            Ok(_) => {
                self.open.draft_clock.written_revision = Some(revision);
                self.open.draft_clock.on_disk = true;
            }
            Err(e) => self.error(format!("Could not write the draft: {e}")),
        }
    }

    /// Called every frame: a draft after a short quiet spell, or at once when
    /// the window loses focus.
    pub(crate) fn autosave_draft(&mut self, ctx: &egui::Context) {
        if self.drafts.is_none() {
            return;
        }
        let now = ctx.input(|i| i.time);
        let revision = self.open.doc.revision();
        let changed_at = match self.open.draft_clock.seen {
            Some((r, t)) if r == revision => t,
            _ => {
                self.open.draft_clock.seen = Some((revision, now));
                now
            }
        };
        let focus_lost = ctx.input(|i| i.events.iter().any(|e| matches!(e, egui::Event::WindowFocused(false))));
        if self.open.draft_clock.written_revision != Some(revision) && self.open.doc.is_modified() {
            // Unsaved work since when: typing without a pause still gets a
            // draft every DRAFT_MAX_SECS, so a crash loses at most that much.
            let since = *self.open.draft_clock.pending_since.get_or_insert(now);
            if focus_lost || now - changed_at >= DRAFT_IDLE_SECS || now - since >= DRAFT_MAX_SECS {
                self.write_draft();
                self.open.draft_clock.pending_since = None;
            } else {
                ctx.request_repaint_after(std::time::Duration::from_secs_f64(DRAFT_IDLE_SECS));
            }
        } else {
            self.open.draft_clock.pending_since = None;
            // Back to the file's text (an undone edit): no draft to keep.
            if self.open.draft_clock.on_disk && !self.open.doc.is_modified() {
                self.discard_draft();
            }
        }
    }

    /// Looks for drafts to offer at start.
    pub(crate) fn find_drafts(&mut self) {
        let Some(store) = &self.drafts else { return };
        match store.list() {
            Ok(list) if !list.is_empty() => self.file_dialog = Some(FileDialog::Restore(list)),
            Ok(_) => {}
            Err(e) => self.error(format!("Could not read the drafts folder: {e}")),
        }
    }

    /// Opens a draft in place of the current document, unsaved.
    pub fn restore_draft(&mut self, info: &DraftInfo) -> bool {
        let Some(store) = &self.drafts else { return false };
        match store.load(&info.key) {
            Ok(draft) => {
                let mut doc = Document::from_text(&draft.text);
                let open = match &draft.path {
                    Some(p) => {
                        // Modified exactly while the text differs from the file on disk.
                        match std::fs::read(p).ok().and_then(|b| String::from_utf8(b).ok()) {
                            Some(disk) => doc.mark_saved_text(&disk),
                            None => doc.mark_unsaved(),
                        }
                        // The file's stamp as the draft knew it: a save checks the file against it.
                        OpenDoc::new(doc, Origin::File(p.clone()), draft.opened.clone())
                    }
                    None => {
                        doc.mark_unsaved();
                        let mut open = OpenDoc::new(doc, Origin::Untitled, None);
                        open.draft_clock.untitled_id = info.key.as_str().to_string();
                        open
                    }
                };
                self.replace_open(open.selecting(Selection::Title));
                self.info("Restored a draft: save it to keep it");
                true
            }
            Err(e) => {
                self.error(format!("Could not restore the draft: {e}"));
                false
            }
        }
    }

    /// Acts on the answer to the file dialog that is open.
    pub(crate) fn answer_file_dialog(&mut self, answer: Answer, ctx: &egui::Context) {
        let Some(dialog) = self.file_dialog.take() else { return };
        match (dialog, answer) {
            (FileDialog::Conflict(path) | FileDialog::Pulled(path), Answer::Overwrite) => {
                self.save_checked_to(&path, true);
            }
            (FileDialog::Conflict(_) | FileDialog::Pulled(_), Answer::SaveElsewhere) => {
                self.perform_save(true, ctx);
            }
            (FileDialog::Conflict(path) | FileDialog::Pulled(path), Answer::ReloadTheirs) => {
                // Their version replaces ours in the window; ours stays as a draft.
                self.write_draft();
                self.reload_keeping_selection(&path);
            }
            (FileDialog::Archive(update), Answer::UpdateReadme) => {
                match self.repo.as_ref().map(|r| r.write_archive(&update)) {
                    Some(Ok(_)) => self.info("README archive updated"),
                    Some(Err(e)) => self.error(format!("README not updated: {e}")),
                    None => {}
                }
            }
            (FileDialog::Restore(list), Answer::RestoreDraft(i)) => {
                if let Some(info) = list.get(i) {
                    self.restore_draft(&info.clone());
                }
            }
            (FileDialog::Restore(mut list), Answer::DiscardDraft(i)) => {
                if i < list.len() {
                    let info = list.remove(i);
                    if let Some(store) = &self.drafts {
                        let _ = store.discard(&info.key);
                    }
                }
                if !list.is_empty() {
                    self.file_dialog = Some(FileDialog::Restore(list));
                }
            }
            (FileDialog::Archive(_), Answer::Dismiss) => {
                // Not asked again after this issue's saves in this session.
                if let Origin::File(p) = &self.open.origin {
                    self.git.readme_not_now.insert(p.clone());
                }
            }
            // Dismissed, or an answer to a question no longer asked.
            (_, Answer::Dismiss) => {}
            (dialog, _) => self.file_dialog = Some(dialog),
        }
    }
}

/// The file dialog's question, drawn; returns the person's answer.
pub(crate) fn file_dialog_ui(dialog: &FileDialog, ctx: &egui::Context) -> Option<Answer> {
    let mut answer = None;
    egui::Modal::new(egui::Id::unique("file-dialog")).show(ctx, |ui| {
        ui.set_width(520.0);
        match dialog {
            FileDialog::Conflict(path) => {
                ui.heading("The file changed on disk");
                ui.label(format!(
                    "{} was changed by another program since you opened it. Your version is still here.",
                    path.display()
                ));
                answer = answer_row(
                    ui,
                    &[
                        ("Overwrite it with mine", Answer::Overwrite),
                        ("Save mine elsewhere…", Answer::SaveElsewhere),
                        ("Reload theirs (drop mine)", Answer::ReloadTheirs),
                        ("Cancel", Answer::Dismiss),
                    ],
                );
            }
            FileDialog::Pulled(path) => {
                ui.heading("The pull changed this issue while you edited it");
                ui.label(format!(
                    "Your pull brought changes to {} that touch the same entries as the edits you made \
                     while it ran. Your version is still here, unsaved.",
                    path.display()
                ));
                answer = answer_row(
                    ui,
                    &[
                        ("Reload the pulled version (mine kept as a draft)", Answer::ReloadTheirs),
                        ("Save mine elsewhere…", Answer::SaveElsewhere),
                        ("Overwrite with mine (undoes the pulled changes to this file)", Answer::Overwrite),
                        ("Cancel", Answer::Dismiss),
                    ],
                );
            }
            FileDialog::Archive(update) => {
                ui.heading("Refresh the README's archive?");
                ui.label(format!("{} does not list the issues as they are:", update.readme_path.display()));
                for p in update.report.problems.iter().take(8) {
                    ui.label(format!("• {p}"));
                }
                egui::ScrollArea::vertical().max_height(220.0).show(ui, |ui| {
                    ui.weak("New table:");
                    for line in &update.new_table {
                        ui.monospace(line);
                    }
                });
                answer = answer_row(ui, &[("Update README.md", Answer::UpdateReadme), ("Not now", Answer::Dismiss)]);
                ui.weak("Not now: saves of this issue do not ask again until jianbao restarts (File → Refresh the README archive… asks at any time).");
            }
            FileDialog::Restore(list) => {
                ui.heading("Restore unsaved work?");
                ui.label("jianbao kept drafts that are newer than their files:");
                for (i, info) in list.iter().enumerate() {
                    ui.horizontal(|ui| {
                        let what = info.path.as_ref().map(|p| p.display().to_string()).unwrap_or("a new issue".into());
                        let state = match &info.state {
                            DraftState::Newer => "newer than the file".to_string(),
                            DraftState::FileChangedToo => "the file changed too".to_string(),
                            DraftState::FileMissing => "the file is gone".to_string(),
                            DraftState::Unsaved => "never saved".to_string(),
                            DraftState::Unreadable(m) => format!("cannot be read: {m}"),
                        };
                        ui.label(format!("{what} ({state})"));
                        if !matches!(info.state, DraftState::Unreadable(_)) && ui.button("Restore").clicked() {
                            answer = Some(Answer::RestoreDraft(i));
                        }
                        if ui.button("Discard").clicked() {
                            answer = Some(Answer::DiscardDraft(i));
                        }
                    });
                }
                if ui.button("Later").clicked() {
                    answer = Some(Answer::Dismiss);
                }
            }
        }
    });
    answer
}

/// A row of buttons, each an answer to the question; the one clicked.
pub(crate) fn answer_row(ui: &mut egui::Ui, buttons: &[(&str, Answer)]) -> Option<Answer> {
    ui.horizontal(|ui| {
        let mut clicked = None;
        for (label, answer) in buttons {
            if ui.button(*label).clicked() {
                clicked = Some(answer.clone());
            }
        }
        clicked
    })
    .inner
}
