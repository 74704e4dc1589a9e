//! Filling entries from their links, in the background: a URL pasted into
//! an entry (or the Fill button) starts a job on a thread of its own, the
//! form shows it pending (spinner, Cancel) and the window keeps drawing. The
//! answer fills only the fields that are still empty when it arrives, as one
//! undoable step; an answer for an entry of a document no longer open is
//! dropped. "Refill" asks first, in a small window with old and new side by
//! side. The inbox's items are filled by the same service, in batches.
//!
//! One [`Filler`] serves every job of a repository and a configuration (its
//! archive, its cache and the arXiv rate limit are shared). It is built on
//! a thread as soon as the repository opens, and rebuilt when the settings
//! change its endpoints or the offline switch.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::sync::{Arc, OnceLock};

use eframe::egui::{self, RichText};

use super::{Action, JianbaoApp, Selection, Settings};
use crate::core::editorial::links::normalize_url;
use crate::core::fetch::{ArchiveIndex, FetchConfig, FetchError, FillResult, Filler, Meta, Origin, fill_command};
use crate::core::files::repo::Repo;
use crate::core::{DocumentId, EntryId, SectionId};

/// What the person asks of the fills and the inbox.
#[derive(Clone, Debug, PartialEq)]
pub enum FillAction {
    /// Fill entry `entry` of document `doc` from `url`. `replace`: Refill
    /// (old and new are shown first). `auto`: started by a paste or by
    /// leaving the URL field, and skipped when this entry was already filled
    /// from this URL.
    Start {
        doc: DocumentId,
        entry: EntryId,
        url: String,
        replace: bool,
        auto: bool,
    },
    /// Stop the fill of an entry (its answer, if it comes, is dropped).
    Cancel {
        doc: DocumentId,
        entry: EntryId,
    },
    /// The Refill window's answer: the fields to take from the new answer
    /// (by row key), or `None` to keep what the entry has.
    Refill(Option<Vec<String>>),
    /// Text pasted into the inbox: made items, each filled in the background.
    Paste(String),
    /// An inbox item (position and text as drawn) into a section of the open
    /// issue, at an entry position (`None`: the end).
    Take {
        pos: usize,
        text: String,
        section: SectionId,
        index: Option<usize>,
    },
    /// The selected inbox item into its suggested section (a key).
    SendSelected,
    SelectItem(usize),
    /// An inbox item dropped (not taken anywhere).
    RemoveItem {
        pos: usize,
        text: String,
    },
    /// Fill an inbox item from its link again (after a failure).
    RetryItem {
        pos: usize,
        text: String,
    },
    OpenSettings,
    CloseSettings,
    /// The settings window's values.
    SetSettings {
        arxiv_api: String,
        github_api: String,
        offline: bool,
    },
}

/// An endpoint in the settings window: what an empty field means, and
/// what is in use, each with where it comes from.
#[derive(Clone, Debug)]
pub(crate) struct EndpointView {
    pub fallback: (String, crate::core::fetch::EndpointSource),
    pub in_use: (String, crate::core::fetch::EndpointSource),
}

/// The filler's recipe: what it was built for.
#[derive(Clone, Debug, PartialEq)]
struct ConfigKey {
    root: Option<PathBuf>,
    arxiv: String,
    github: String,
    offline: bool,
}

type Shared = Arc<OnceLock<Result<Arc<Filler>, String>>>;

/// What a job fills.
#[derive(Clone, Debug)]
enum For {
    Entry {
        doc: DocumentId,
        entry: EntryId,
        url: String,
        replace: bool,
    },
    /// Inbox items of the repository at `root`: (position, text) when the job started.
    Inbox {
        root: PathBuf,
        items: Vec<(usize, String)>,
    },
}

struct Job {
    what: For,
    cancel: Arc<AtomicBool>,
    results: Receiver<FillResult>,
    left: usize,
}

impl Drop for Job {
    /// A job nobody waits for stops before its next request.
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}

/// A fill's outcome as the form shows it: the words and whether it failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    pub text: String,
    pub error: bool,
}

/// What the form shows about the fill of one entry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FillView {
    pub pending: bool,
    pub note: Option<Note>,
}

/// A Refill answer waiting for the person: old and new side by side.
pub struct RefillOffer {
    pub doc: DocumentId,
    pub entry: EntryId,
    pub meta: Meta,
    /// Row keys whose new value is ticked (all, to begin with).
    pub chosen: Vec<String>,
    pub seeded: bool,
}

/// One row of the Refill window.
pub struct RefillRow {
    pub key: String,
    pub label: String,
    pub old: String,
    pub new: String,
}

/// The background fills of the window, and their outcomes.
#[derive(Default)]
pub struct FillService {
    /// Tests and benches: used instead of the environment's configuration.
    base: Option<FetchConfig>,
    key: Option<ConfigKey>,
    config: Option<FetchConfig>,
    repo: Option<Repo>,
    shared: Shared,
    jobs: Vec<Job>,
    notes: HashMap<(DocumentId, EntryId), Note>,
    /// The URL each entry was last filled from (an automatic fill skips it).
    started: HashMap<(DocumentId, EntryId), String>,
    pub(crate) refill: Option<RefillOffer>,
    /// The settings window: open, with the values being edited.
    pub(crate) settings_form: Option<(String, String, bool)>,
    /// A headless window (tests, no storage) given no configuration: no fill
    /// starts on its own, and one asked for stays offline.
    headless: bool,
}

/// What arrived for a job, for the app to apply.
struct Arrived {
    what: For,
    result: FillResult,
}

fn build_filler(config: FetchConfig, repo: Option<Repo>) -> Result<Arc<Filler>, String> {
    // An archive that cannot be read costs only the "already in" answers.
    let archive = repo.and_then(|r| ArchiveIndex::build(&r).ok());
    Filler::new(config, archive).map(Arc::new).map_err(|e| e.to_string())
}

impl FillService {
    /// Uses `config` as the base configuration (endpoints, cache, time-outs)
    /// instead of the environment's; the settings still override endpoints
    /// and the offline switch.
    pub fn use_base_config(&mut self, config: FetchConfig) {
        self.base = Some(config);
        self.headless = false;
        self.key = None;
    }

    /// A window with no storage (a test harness): offline, no cache file,
    /// and nothing filled on its own, until [`FillService::use_base_config`].
    pub fn headless(&mut self) {
        self.base = Some(FetchConfig { offline: true, cache_path: None, ..FetchConfig::default() });
        self.headless = true;
        self.key = None;
    }

    /// Each endpoint (arXiv, GitHub) as the settings window shows it: what
    /// an empty field falls back to, and what is in use now, each with
    /// where it comes from.
    pub(crate) fn endpoints(&self, settings: &Settings) -> [EndpointView; 2] {
        use crate::core::fetch::{
            ARXIV_API_VAR, DEFAULT_ARXIV_API, DEFAULT_GITHUB_API, GITHUB_API_VAR, env_value, resolve_endpoint,
        };
        let base = self.base.as_ref();
        let one = |setting: &str, given: Option<&str>, var: &'static str, default: &str| {
            let env = env_value(var);
            EndpointView {
                fallback: resolve_endpoint("", given, var, env.as_deref(), default),
                in_use: resolve_endpoint(setting, given, var, env.as_deref(), default),
            }
        };
        [
            one(&settings.arxiv_api, base.map(|b| b.arxiv_api.as_str()), ARXIV_API_VAR, DEFAULT_ARXIV_API),
            one(&settings.github_api, base.map(|b| b.github_api.as_str()), GITHUB_API_VAR, DEFAULT_GITHUB_API),
        ]
    }

    /// Brings the filler in line with the open repository and the settings:
    /// a new one is built on a thread when either changed.
    fn configure(&mut self, repo: Option<&Repo>, settings: &Settings) {
        let key = ConfigKey {
            root: repo.map(|r| r.root().to_path_buf()),
            arxiv: settings.arxiv_api.trim().to_string(),
            github: settings.github_api.trim().to_string(),
            offline: settings.offline,
        };
        if self.key.as_ref() == Some(&key) {
            return;
        }
        let mut config = self.base.clone().unwrap_or_else(FetchConfig::from_env);
        if !key.arxiv.is_empty() {
            config.arxiv_api = key.arxiv.clone();
        }
        if !key.github.is_empty() {
            config.github_api = key.github.clone();
        }
        config.offline |= key.offline;
        self.key = Some(key);
        self.config = Some(config.clone());
        self.repo = repo.cloned();
        self.shared = Arc::new(OnceLock::new());
        let (shared, repo) = (self.shared.clone(), self.repo.clone());
        // Built now, so the first fill does not wait for the archive.
        let _ = std::thread::Builder::new().name("jianbao-filler".into()).spawn(move || {
            shared.get_or_init(|| build_filler(config, repo));
        });
    }

    /// The configuration fills use now.
    pub fn config(&self) -> Option<&FetchConfig> {
        self.config.as_ref()
    }

    /// The archive of the open repository, once read.
    pub fn archive(&self) -> Option<&ArchiveIndex> {
        self.shared.get().and_then(|r| r.as_ref().ok()).and_then(|f| f.archive())
    }

    /// True once the filler (and its archive) is ready.
    pub fn is_ready(&self) -> bool {
        self.shared.get().is_some()
    }

    /// Blocks until the filler is built (tests and benches).
    fn wait_ready(&self) {
        let (config, repo) = (self.config.clone().unwrap_or_default(), self.repo.clone());
        self.shared.get_or_init(|| build_filler(config, repo));
    }

    fn start(&mut self, what: For, inputs: Vec<String>) {
        let (tx, results) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let left = inputs.len();
        let (shared, stop) = (self.shared.clone(), cancel.clone());
        let (config, repo) = (self.config.clone().unwrap_or_default(), self.repo.clone());
        let spawned = std::thread::Builder::new().name("jianbao-fill".into()).spawn(move || {
            match shared.get_or_init(|| build_filler(config, repo)) {
                Ok(filler) => filler.fill_all(&inputs, &stop, &tx),
                Err(e) => {
                    for (index, input) in inputs.into_iter().enumerate() {
                        let result = Err(FetchError::Network(e.clone()));
                        let _ = tx.send(FillResult { index, input, result });
                    }
                }
            }
        });
        if spawned.is_ok() {
            self.jobs.push(Job { what, cancel, results, left });
        }
    }

    /// True while any fill runs.
    pub fn is_busy(&self) -> bool {
        !self.jobs.is_empty()
    }

    /// What the form shows for an entry.
    pub fn view(&self, doc: DocumentId, entry: EntryId) -> FillView {
        let pending = self
            .jobs
            .iter()
            .any(|j| matches!(&j.what, For::Entry { doc: d, entry: e, .. } if *d == doc && *e == entry));
        FillView { pending, note: self.notes.get(&(doc, entry)).cloned() }
    }

    /// The inbox item texts being filled now.
    pub fn pending_items(&self) -> Vec<&str> {
        self.jobs
            .iter()
            .filter_map(|j| match &j.what {
                For::Inbox { items, .. } => Some(items.iter().map(|(_, t)| t.as_str())),
                _ => None,
            })
            .flatten()
            .collect()
    }

    fn cancel_entry(&mut self, doc: DocumentId, entry: EntryId) -> bool {
        let before = self.jobs.len();
        self.jobs.retain(|j| !matches!(&j.what, For::Entry { doc: d, entry: e, .. } if *d == doc && *e == entry));
        before != self.jobs.len()
    }

    /// Takes what arrived since the last poll.
    fn poll(&mut self) -> Vec<Arrived> {
        let mut arrived = Vec::new();
        self.jobs.retain_mut(|job| {
            loop {
                match job.results.try_recv() {
                    Ok(result) => {
                        job.left = job.left.saturating_sub(1);
                        arrived.push(Arrived { what: job.what.clone(), result });
                    }
                    Err(TryRecvError::Empty) => return job.left > 0,
                    Err(TryRecvError::Disconnected) => return false,
                }
            }
        });
        arrived
    }

    /// Blocks until every job has answered (tests and benches).
    fn wait_all(&mut self) -> Vec<Arrived> {
        let mut arrived = Vec::new();
        for mut job in std::mem::take(&mut self.jobs) {
            while job.left > 0 {
                match job.results.recv() {
                    Ok(result) => {
                        job.left -= 1;
                        arrived.push(Arrived { what: job.what.clone(), result });
                    }
                    Err(_) => break,
                }
            }
        }
        arrived
    }
}

/// Whether a change of the URL field is a paste (or a drop): more than one
/// character arrived at once, and it reads as a link.
pub fn is_pasted_link(old: &str, new: &str) -> bool {
    let new = new.trim();
    new.chars().count() > old.trim().chars().count() + 1 && looks_like_link(new)
}

/// A value the fill can take: a web address or a bare arXiv id.
pub fn looks_like_link(s: &str) -> bool {
    let s = s.trim();
    (s.starts_with("http://") || s.starts_with("https://") || !s.contains(' '))
        && crate::core::fetch::providers::classify(s).is_some()
}

fn origin_words(origin: Origin) -> &'static str {
    match origin {
        Origin::Archive => "the archive",
        Origin::Cache => "the cache",
        Origin::Network => "the link",
    }
}

/// The rows of a Refill: each field the new answer has that differs from the entry's.
pub fn refill_rows(issue: &crate::core::Issue, entry: EntryId, meta: &Meta) -> Vec<RefillRow> {
    let Some(typed) = issue.entry(entry).and_then(|e| e.typed()) else { return Vec::new() };
    let h = &typed.head;
    let mut rows = Vec::new();
    let mut row = |key: &str, label: &str, old: String, new: String| {
        if !new.trim().is_empty() && old.trim() != new.trim() {
            rows.push(RefillRow { key: key.into(), label: label.into(), old, new });
        }
    };
    row("title", "Title", h.title.to_string(), meta.title.clone());
    row("source", "Source", h.source.as_deref().unwrap_or("").to_string(), meta.source.clone().unwrap_or_default());
    let tags = |t: &mut dyn Iterator<Item = String>| t.collect::<Vec<_>>().join(", ");
    row("tags", "Tags", tags(&mut h.tags.iter().map(|t| t.text.to_string())), tags(&mut meta.tags.iter().cloned()));
    row("repo", "Repository", h.repo.as_deref().unwrap_or("").to_string(), meta.repo.clone().unwrap_or_default());
    for (label, value) in &meta.fields {
        let old = typed.field(label).unwrap_or("").to_string();
        row(&format!("field:{label}"), label, old, value.clone());
    }
    rows
}

/// The answer cut down to the chosen rows (a Refill replaces only those).
fn chosen_meta(meta: &Meta, chosen: &[String]) -> Meta {
    let has = |k: &str| chosen.iter().any(|c| c == k);
    Meta {
        kind: meta.kind,
        url: meta.url.clone(),
        tags: if has("tags") { meta.tags.clone() } else { Vec::new() },
        repo: meta.repo.clone().filter(|_| has("repo")),
        title: if has("title") { meta.title.clone() } else { String::new() },
        source: meta.source.clone().filter(|_| has("source")),
        fields: meta.fields.iter().filter(|(l, _)| has(&format!("field:{l}"))).cloned().collect(),
        facts: Vec::new(),
    }
}

impl JianbaoApp {
    /// Tests and benches: fills use `config` (endpoints, cache, time-outs)
    /// instead of the environment's.
    pub fn use_fetch_config(&mut self, config: FetchConfig) {
        self.fills.use_base_config(config);
        let repo = self.repo.clone();
        self.fills.configure(repo.as_ref(), &self.settings);
    }

    /// The configuration fills use now (the environment's, or the base
    /// given, with the settings' endpoints and offline switch).
    pub fn fetch_config(&mut self) -> FetchConfig {
        let repo = self.repo.clone();
        self.fills.configure(repo.as_ref(), &self.settings);
        self.fills.config().cloned().unwrap_or_default()
    }

    /// What the form shows about the fill of an entry of the open document.
    pub fn fill_view(&self, entry: EntryId) -> FillView {
        self.fills.view(self.open.doc.id(), entry)
    }

    /// True while a fill runs or the inbox waits for the archive.
    pub fn fills_pending(&self) -> bool {
        self.fills.is_busy() || self.inbox.as_ref().is_some_and(|i| i.is_waiting())
    }

    /// Blocks until every fill under way has answered, and applies the
    /// answers (tests and benches; the window polls instead).
    pub fn wait_for_fills(&mut self) {
        let repo = self.repo.clone();
        self.fills.configure(repo.as_ref(), &self.settings);
        self.fills.wait_ready();
        self.sync_inbox();
        loop {
            let arrived = self.fills.wait_all();
            if arrived.is_empty() && !self.fills.is_busy() {
                break;
            }
            self.apply_arrived(arrived);
        }
    }

    /// Once a frame: the filler in line with the settings, what arrived
    /// applied, and frames kept coming while fills run.
    pub(crate) fn poll_fills(&mut self, ctx: &egui::Context) {
        let repo = self.repo.clone();
        self.fills.configure(repo.as_ref(), &self.settings);
        self.sync_inbox();
        let arrived = self.fills.poll();
        if !arrived.is_empty() {
            ctx.request_repaint();
        }
        self.apply_arrived(arrived);
        if self.fills_pending() {
            ctx.request_repaint_after(std::time::Duration::from_millis(100));
        }
    }

    fn apply_arrived(&mut self, arrived: Vec<Arrived>) {
        for a in arrived {
            match a.what {
                For::Entry { doc, entry, url, replace } => {
                    self.entry_answer(doc, entry, &url, replace, a.result.result)
                }
                For::Inbox { root, items } => {
                    if let Some((pos, text)) = items.get(a.result.index) {
                        self.inbox_answer(&root, *pos, text, &a.result.input, a.result.result);
                    }
                }
            }
        }
        self.save_filled_inbox();
    }

    /// An entry's answer: dropped when the document is no longer open or the
    /// entry's link changed meanwhile; else the empty fields filled (one undo
    /// step), or the Refill window opened.
    fn entry_answer(
        &mut self,
        doc: DocumentId,
        entry: EntryId,
        url: &str,
        replace: bool,
        result: Result<crate::core::fetch::Filled, FetchError>,
    ) {
        if doc != self.open.doc.id() {
            return;
        }
        let Some(typed) = self.open.doc.issue().entry(entry).and_then(|e| e.typed()) else { return };
        if normalize_url(&typed.head.url) != normalize_url(url) && typed.head.url.trim() != url.trim() {
            return;
        }
        let note = match result {
            Ok(filled) if replace => {
                let offer = RefillOffer { doc, entry, meta: filled.meta, chosen: Vec::new(), seeded: false };
                self.fills.refill = Some(offer);
                let already = filled.already.map(|a| format!(" ({a})")).unwrap_or_default();
                Note { text: format!("Refill: choose what to replace{already}"), error: false }
            }
            Ok(filled) => {
                let already = filled.already.as_ref().map(|a| format!(" · {a}")).unwrap_or_default();
                match fill_command(self.open.doc.issue(), entry, &filled.meta, false) {
                    Ok(Some(cmd)) => match self.open.doc.apply_all("Fill from the link", vec![cmd]) {
                        Ok(()) => Note {
                            text: format!("Filled the empty fields from {}{already}", origin_words(filled.origin)),
                            error: false,
                        },
                        Err(e) => Note { text: format!("Not filled: {e}"), error: true },
                    },
                    Ok(None) => Note {
                        text: format!("Nothing to fill: every field has a value (Refill replaces){already}"),
                        error: false,
                    },
                    Err(e) => Note { text: format!("Not filled: {e}"), error: true },
                }
            }
            Err(FetchError::Cancelled) => Note { text: "Cancelled".into(), error: false },
            Err(e) => Note { text: format!("Not filled: {e}"), error: true },
        };
        self.fills.notes.insert((doc, entry), note);
    }

    /// Carries out a fill or inbox action.
    pub(crate) fn perform_fill(&mut self, action: FillAction) {
        let repo = self.repo.clone();
        self.fills.configure(repo.as_ref(), &self.settings);
        match action {
            FillAction::Start { doc, entry, url, replace, auto } => {
                if doc != self.open.doc.id() || !looks_like_link(&url) {
                    if !auto {
                        self.error("Not filled: the URL is not a link jianbao can read");
                    }
                    return;
                }
                let key = (doc, entry);
                if auto && self.fills.headless {
                    return;
                }
                if auto && self.fills.started.get(&key).is_some_and(|u| normalize_url(u) == normalize_url(&url)) {
                    return;
                }
                self.fills.cancel_entry(doc, entry);
                self.fills.notes.remove(&key);
                self.fills.started.insert(key, url.clone());
                self.fills.start(For::Entry { doc, entry, url: url.clone(), replace }, vec![url]);
            }
            FillAction::Cancel { doc, entry } => {
                if self.fills.cancel_entry(doc, entry) {
                    self.fills.notes.insert((doc, entry), Note { text: "Cancelled".into(), error: false });
                }
            }
            FillAction::Refill(answer) => {
                let Some(offer) = self.fills.refill.take() else { return };
                let key = (offer.doc, offer.entry);
                let Some(chosen) = answer else {
                    self.fills.notes.insert(key, Note { text: "Kept your fields".into(), error: false });
                    return;
                };
                if offer.doc != self.open.doc.id() {
                    return;
                }
                let meta = chosen_meta(&offer.meta, &chosen);
                match fill_command(self.open.doc.issue(), offer.entry, &meta, true) {
                    Ok(Some(cmd)) => {
                        if let Err(e) = self.open.doc.apply_all("Refill from the link", vec![cmd]) {
                            self.error(format!("Not refilled: {e}"));
                        } else {
                            let n = chosen.len();
                            self.fills.notes.insert(
                                key,
                                Note { text: format!("Replaced {n} field(s) from the link"), error: false },
                            );
                        }
                    }
                    Ok(None) => {
                        self.fills.notes.insert(key, Note { text: "Nothing replaced".into(), error: false });
                    }
                    Err(e) => self.error(format!("Not refilled: {e}")),
                }
            }
            FillAction::OpenSettings => {
                let s = &self.settings;
                self.fills.settings_form = Some((s.arxiv_api.clone(), s.github_api.clone(), s.offline));
            }
            FillAction::CloseSettings => self.fills.settings_form = None,
            FillAction::SetSettings { arxiv_api, github_api, offline } => {
                self.settings.arxiv_api = arxiv_api.trim().to_string();
                self.settings.github_api = github_api.trim().to_string();
                self.settings.offline = offline;
                self.fills.settings_form = None;
                self.fills.configure(repo.as_ref(), &self.settings);
                self.info(if offline {
                    "Link filling is offline: only the archive and the cache answer"
                } else {
                    "Link filling settings saved"
                });
            }
            other => self.perform_inbox(other),
        }
    }

    /// Starts filling entries just made from links (each with its own job).
    pub(crate) fn fill_new_entries(&mut self, ids: &[EntryId]) {
        let doc = self.open.doc.id();
        for &entry in ids {
            let url = self.open.doc.issue().entry(entry).and_then(|e| e.typed()).map(|t| t.head.url.to_string());
            if let Some(url) = url.filter(|u| looks_like_link(u)) {
                self.perform_fill(FillAction::Start { doc, entry, url, replace: false, auto: true });
            }
        }
    }

    /// Starts filling inbox items (position, text, link) as one batch.
    pub(crate) fn fill_inbox_items(&mut self, root: PathBuf, items: Vec<(usize, String, String)>) {
        if items.is_empty() {
            return;
        }
        let inputs = items.iter().map(|(_, _, u)| u.clone()).collect();
        let items = items.into_iter().map(|(p, t, _)| (p, t)).collect();
        self.fills.start(For::Inbox { root, items }, inputs);
    }

    /// The windows of the fills: Refill's old and new, and the settings.
    pub(crate) fn fill_windows(&mut self, ctx: &egui::Context) -> Vec<Action> {
        let mut actions = Vec::new();
        if let Some(offer) = &mut self.fills.refill {
            let rows = if offer.doc == self.open.doc.id() {
                refill_rows(self.open.doc.issue(), offer.entry, &offer.meta)
            } else {
                Vec::new()
            };
            actions.extend(refill_window(offer, &rows, ctx).map(|a| Action::Fill(FillAction::Refill(a))));
        }
        let endpoints = self.fills.endpoints(&self.settings);
        if let Some(form) = &mut self.fills.settings_form {
            actions.extend(settings_window(form, &endpoints, ctx).map(Action::Fill));
        }
        actions
    }
}

/// The Refill window; returns the answer once given.
fn refill_window(offer: &mut RefillOffer, rows: &[RefillRow], ctx: &egui::Context) -> Option<Option<Vec<String>>> {
    if !offer.seeded {
        offer.chosen = rows.iter().map(|r| r.key.clone()).collect();
        offer.seeded = true;
    }
    let mut answer = None;
    egui::Window::new("Refill from the link").collapsible(false).resizable(true).default_width(560.0).show(ctx, |ui| {
        if rows.is_empty() {
            ui.label("The link gives nothing new: every field already says what it says.");
            if ui.button("Close").clicked() {
                answer = Some(None);
            }
            return;
        }
        ui.label("Tick the fields to replace with the link's value.");
        egui::ScrollArea::vertical().max_height(360.0).show(ui, |ui| {
            egui::Grid::new("refill-grid").num_columns(3).striped(true).spacing([10.0, 6.0]).show(ui, |ui| {
                ui.strong("Field");
                ui.strong("Yours");
                ui.strong("From the link");
                ui.end_row();
                for row in rows {
                    let mut on = offer.chosen.contains(&row.key);
                    let resp = ui.checkbox(&mut on, &row.label);
                    super::name(&resp, &format!("Use new {}", row.label));
                    if resp.changed() {
                        offer.chosen.retain(|k| k != &row.key);
                        if on {
                            offer.chosen.push(row.key.clone());
                        }
                    }
                    let old = if row.old.is_empty() { "(empty)".to_string() } else { row.old.clone() };
                    ui.add(egui::Label::new(RichText::new(old).weak()).wrap());
                    ui.add(egui::Label::new(&row.new).wrap());
                    ui.end_row();
                }
            });
        });
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui.button("Use new").on_hover_text("Replace the ticked fields (one undo step)").clicked() {
                let chosen = offer.chosen.iter().filter(|k| rows.iter().any(|r| &r.key == *k)).cloned().collect();
                answer = Some(Some(chosen));
            }
            if ui.button("Keep mine").clicked() {
                answer = Some(None);
            }
        });
    });
    answer
}

/// The link-filling settings; returns the action once the person saves or closes.
fn settings_window(
    form: &mut (String, String, bool),
    endpoints: &[EndpointView; 2],
    ctx: &egui::Context,
) -> Option<FillAction> {
    let mut out = None;
    let mut open = true;
    egui::Window::new("Link filling").collapsible(false).resizable(false).open(&mut open).show(ctx, |ui| {
        ui.label(format!(
            "Where entries are filled from. An empty field uses {} / {} when set, else the public default.",
            crate::core::fetch::ARXIV_API_VAR,
            crate::core::fetch::GITHUB_API_VAR
        ));
        egui::Grid::new("fill-settings").num_columns(2).spacing([10.0, 6.0]).show(ui, |ui| {
            for (i, (name, view)) in ["arXiv API", "GitHub API"].iter().zip(endpoints).enumerate() {
                let value = if i == 0 { &mut form.0 } else { &mut form.1 };
                let l = ui.label(*name).id;
                ui.add(egui::TextEdit::singleline(value).hint_text(&view.fallback.0).desired_width(340.0))
                    .labelled_by(l)
                    .on_hover_text(format!("Empty: {} ({})", view.fallback.0, view.fallback.1));
                ui.end_row();
                ui.label("");
                let (url, source) = &view.in_use;
                ui.add(egui::Label::new(RichText::new(format!("In use: {url} ({source})")).weak()).wrap());
                ui.end_row();
            }
        });
        ui.checkbox(&mut form.2, "Offline: answer from the archive and the cache only");
        ui.horizontal(|ui| {
            if ui.button("Save").clicked() {
                out = Some(FillAction::SetSettings {
                    arxiv_api: form.0.clone(),
                    github_api: form.1.clone(),
                    offline: form.2,
                });
            }
            if ui.button("Cancel").clicked() {
                out = Some(FillAction::CloseSettings);
            }
        });
    });
    if !open {
        out = Some(FillAction::CloseSettings);
    }
    out
}

/// The form's row under the URL: Fill / Refill, the spinner and Cancel
/// while a fill runs, and how the last one went.
pub(crate) fn fill_row(
    ui: &mut egui::Ui,
    doc: DocumentId,
    entry: EntryId,
    url: &str,
    view: &FillView,
    actions: &mut Vec<Action>,
) {
    ui.horizontal_wrapped(|ui| {
        if view.pending {
            ui.spinner();
            ui.label("Filling from the link…");
            if ui.button("Cancel").on_hover_text("Stop this fill; the fields stay as they are").clicked() {
                actions.push(Action::Fill(FillAction::Cancel { doc, entry }));
            }
            return;
        }
        let linkable = looks_like_link(url);
        let start =
            |replace| Action::Fill(FillAction::Start { doc, entry, url: url.trim().into(), replace, auto: false });
        if ui
            .add_enabled(linkable, egui::Button::new("Fill"))
            .on_hover_text("Fill the empty fields from the link")
            .clicked()
        {
            actions.push(start(false));
        }
        if ui
            .add_enabled(linkable, egui::Button::new("Refill…"))
            .on_hover_text("Fetch again and choose which fields to replace")
            .clicked()
        {
            actions.push(start(true));
        }
        if let Some(note) = &view.note {
            let color = if note.error { ui.visuals().error_fg_color } else { ui.visuals().weak_text_color() };
            ui.label(RichText::new(&note.text).color(color));
            if note.error
                && ui
                    .add_enabled(linkable, egui::Button::new("Retry"))
                    .on_hover_text("Fill the empty fields from the link again")
                    .clicked()
            {
                actions.push(start(false));
            }
        }
    });
}

/// The selection after a take: the new entry.
pub(crate) fn select_entry(app: &mut JianbaoApp, id: EntryId) {
    app.select(Selection::Entry(id));
}
