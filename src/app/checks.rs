//! Editorial checks in the window: the diagnostics of the open issue (kept
//! in step with every edit), a one-click fix, the "already in …" hint while
//! a URL is typed, and the search over every issue of the repository.

use std::collections::HashMap;

use eframe::egui::{self, RichText};

use super::actions::Action;
use super::{JianbaoApp, Origin, Selection};
use crate::core::editorial::lint::{self, CheckContext, Diagnostic, Severity};
use crate::core::{Command, EntryId, format::parse};

pub use crate::core::editorial::index::RepoIndex;

/// The open issue's diagnostics, for one document revision.
#[derive(Default)]
pub struct Checks {
    /// (document, revision, index generation) the diagnostics are of.
    key: Option<(crate::core::DocumentId, u64, u64)>,
    pub diagnostics: Vec<Diagnostic>,
    /// The worst finding of each entry, for the tree's marks.
    pub worst: HashMap<EntryId, Severity>,
    /// Changes when the diagnostics change (for the tree's cache).
    pub generation: u64,
}

/// The search window's state.
#[derive(Default)]
pub struct SearchState {
    pub open: bool,
    pub query: String,
    focus: bool,
}

impl JianbaoApp {
    /// The date the open issue's file name carries, else its title's.
    pub(crate) fn issue_date(&self) -> Option<String> {
        match &self.open.origin {
            Origin::File(p) => lint::date_of_path(p),
            _ => None,
        }
        .or_else(|| self.open.doc.issue().title().map(|t| t.date.to_string()))
    }

    /// Runs the checks again if the document (or the repository's index) changed.
    pub fn sync_checks(&mut self) {
        let index_gen = self.repo_index.as_ref().map(|r| r.generation).unwrap_or(0);
        let key = (self.open.doc.id(), self.open.doc.revision(), index_gen);
        if self.open.checks.key == Some(key) {
            return;
        }
        let diagnostics = self.recheck();
        let mut worst: HashMap<EntryId, Severity> = HashMap::new();
        for d in &diagnostics {
            if let Some(e) = d.entry {
                let w = worst.entry(e).or_insert(d.severity);
                *w = (*w).min(d.severity);
            }
        }
        self.open.checks.key = Some(key);
        self.open.checks.diagnostics = diagnostics;
        self.open.checks.worst = worst;
        self.open.checks.generation += 1;
    }

    /// The findings of the open text, computed now (no cache).
    pub fn recheck(&self) -> Vec<Diagnostic> {
        let text = self.open.doc.text();
        let date = self.issue_date();
        let ctx =
            CheckContext { date: date.as_deref(), links: self.repo_index.as_ref().map(|r| &r.links), readme: None };
        lint::check_issue(&text, self.open.doc.issue(), &ctx)
    }

    pub fn diagnostics(&mut self) -> &[Diagnostic] {
        self.sync_checks();
        &self.open.checks.diagnostics
    }

    /// Applies one diagnostic's fix as an undoable edit; the entries keep their ids.
    pub fn apply_fix(&mut self, diagnostic: &Diagnostic) -> bool {
        if diagnostic.fix.is_none() {
            return false;
        }
        let text = self.open.doc.text();
        let fixed = lint::apply_fixes(&text, std::slice::from_ref(diagnostic));
        if fixed == text {
            return false;
        }
        let issue = parse::reparse_keeping_ids(self.open.doc.issue(), &fixed);
        let ok = self.run(Command::ReplaceIssue { issue: Box::new(issue) });
        if ok {
            let what = diagnostic.fix.as_ref().map(|f| f.title.clone()).unwrap_or_default();
            self.info(format!("Fixed: {what}"));
        }
        ok
    }

    /// Opens the repository issue of `date` and selects the entry `title`/`url` names there.
    /// True when the hit is shown (false while the window asks about unsaved changes).
    pub(crate) fn open_hit(&mut self, date: &str, title: &str, url: &str) -> bool {
        let Some(repo) = &self.repo else { return false };
        let Ok(path) = repo.issue_path(date) else { return false };
        if self.open.origin != Origin::File(path.clone()) {
            if self.open.doc.is_modified() {
                self.write_draft();
                self.confirm = Some(super::Guarded::Open(path));
                return false;
            }
            if !self.open_path(&path) {
                return false;
            }
        }
        let found = self
            .open
            .doc
            .issue()
            .entries()
            .find(|(_, e)| {
                e.typed().is_some_and(|t| (!url.is_empty() && t.head.url == url) || t.head.title.trim() == title.trim())
            })
            .map(|(_, e)| e.id);
        if let Some(id) = found {
            self.select(Selection::Entry(id));
        }
        true
    }
}

/// "Already in 2020-08-26 · 业界新闻" for a URL used in an issue of the
/// repository before `date`.
pub fn earlier_use_in(index: Option<&RepoIndex>, date: Option<&str>, url: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() {
        return None;
    }
    let date = date.unwrap_or("9999-99-99");
    index?.links.latest_before(url, date).map(|o| format!("Already in {} · {}: {}", o.date, o.section, o.title))
}

pub fn severity_text(ui: &egui::Ui, s: Severity) -> RichText {
    match s {
        Severity::Error => RichText::new("error").color(ui.visuals().error_fg_color).strong(),
        Severity::Warning => RichText::new("warning").color(ui.visuals().warn_fg_color),
        Severity::Info => RichText::new("note").weak(),
    }
}

/// The findings of the selected entry (or, for the title, of the whole issue)
/// with their fixes. Returns the finding whose fix was clicked.
pub fn diagnostics_ui(ui: &mut egui::Ui, diagnostics: &[&Diagnostic]) -> Option<Diagnostic> {
    let mut clicked = None;
    // A box of one height whatever it holds (none, one or many findings, which
    // then scroll), so the fields below never move while typing.
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        egui::ScrollArea::vertical()
            .id_salt("findings")
            .max_height(FINDINGS_HEIGHT)
            .min_scrolled_height(FINDINGS_HEIGHT)
            .auto_shrink([false, false])
            .show(ui, |ui| {
                if diagnostics.is_empty() {
                    ui.weak("No findings");
                }
                for d in diagnostics {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(severity_text(ui, d.severity));
                        ui.label(format!("line {}: {}", d.line, d.message));
                        ui.weak(format!("[{}]", d.rule));
                        if let Some(fix) = &d.fix
                            && ui.button(format!("Fix: {}", fix.title)).clicked()
                        {
                            clicked = Some((*d).clone());
                        }
                    });
                }
            });
    });
    ui.add_space(6.0);
    clicked
}

/// The findings box's height: two findings in view, more scroll.
pub const FINDINGS_HEIGHT: f32 = 52.0;

/// The search window over every issue of the repository. Returns what the
/// person asked for: a result to open, or the window closed.
pub fn search_window(
    search: &mut SearchState,
    index: Option<&RepoIndex>,
    indexing: Option<String>,
    ctx: &egui::Context,
) -> Option<Action> {
    if !search.open {
        return None;
    }
    let mut open = true;
    let mut go = None;
    egui::Window::new("Search the archive").open(&mut open).default_size([520.0, 420.0]).show(ctx, |ui| {
        let Some(index) = index else {
            match &indexing {
                Some(progress) => {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(format!("{progress}. The search opens when it is done."));
                    });
                }
                None => {
                    ui.label("Open a repository (File → Open repository…) to search every issue.");
                }
            }
            return;
        };
        let resp = ui.add(
            egui::TextEdit::singleline(&mut search.query)
                .hint_text("Words from a title, source, summary or URL")
                .desired_width(f32::INFINITY),
        );
        super::name(&resp, "Search the archive");
        if std::mem::take(&mut search.focus) {
            resp.request_focus();
        }
        let hits = index.search.query(&search.query, 100);
        ui.weak(format!("{} results among {} entries", hits.len(), index.search.len()));
        egui::ScrollArea::vertical().show(ui, |ui| {
            for hit in &hits {
                let label = format!("{} · {} · {}", hit.date, hit.section, hit.title);
                if ui.add(egui::Button::new(label).truncate()).on_hover_text(index.search.snippet(hit)).clicked() {
                    go = Some(Action::OpenHit {
                        date: hit.date.to_string(),
                        title: hit.title.to_string(),
                        url: hit.url.to_string(),
                    });
                }
            }
        });
    });
    if !open {
        return Some(Action::CloseSearch);
    }
    go
}

impl SearchState {
    pub fn show(&mut self) {
        self.open = true;
        self.focus = true;
    }
}
