//! Entries from links: a URL (or a block of notes) becomes an entry in the
//! newsletter's style, and links collected between issues wait in the
//! repository's inbox.
//!
//! Rule: this layer may use `format`, `edit`, `files` and `editorial`;
//! nothing else in the core uses it (only the app and the CLI do). It is the
//! one part of the core that talks to the network, always through
//! [`http::Http`] (bounded) and always turning what comes back into
//! entry-safe text with [`sanitize`] before it reaches an entry.
//!
//! - [`http`]: the bounded client; [`sanitize`]: page text → entry text.
//! - [`providers`]: the archive (offline), arXiv, GitHub, WeChat articles,
//!   any other page; each gives a [`Meta`], the fields of an entry.
//! - [`cache`]: fetched metadata per normalised URL, RON in the data folder.
//! - [`Filler`]: runs a fill (archive, cache, network) for one or many
//!   inputs, on the caller's thread, cancellable, reporting over a channel.
//! - [`inbox`]: the links inbox, `inbox.md` at the repository's root.

pub mod cache;
pub mod http;
pub mod inbox;
pub mod providers;
pub mod sanitize;

use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::core::edit::command::{Command, CommandError};
use crate::core::editorial::links::normalize_url;
use crate::core::format::model::*;
use crate::core::format::render;
use crate::core::format::style::{self, DraftLine, EntryDraft};

pub use providers::archive::ArchiveIndex;

/// Where a fill looks and how far it may go. Built by
/// [`FetchConfig::from_env`] at the edge (the CLI, the app's settings);
/// nothing deeper reads the environment.
#[derive(Clone, Debug)]
pub struct FetchConfig {
    /// arXiv's query API (`JIANBAO_ARXIV_API`).
    pub arxiv_api: String,
    /// GitHub's REST API root (`JIANBAO_GITHUB_API`).
    pub github_api: String,
    /// `GITHUB_TOKEN`, sent as a bearer token to the GitHub API only.
    pub github_token: Option<String>,
    /// `HTTPS_PROXY` (or `https_proxy`, `ALL_PROXY`).
    pub proxy: Option<String>,
    /// `NO_PROXY`, split at commas.
    pub no_proxy: Vec<String>,
    pub connect_timeout: Duration,
    /// The whole request, redirects and body included.
    pub total_timeout: Duration,
    /// The largest response body read.
    pub max_bytes: u64,
    /// The least time between two arXiv API requests (arXiv asks for 3 s).
    pub arxiv_interval: Duration,
    /// Never touch the network: the archive and the cache only.
    pub offline: bool,
    /// The cache file; `None` keeps the cache in memory only.
    pub cache_path: Option<PathBuf>,
    pub user_agent: String,
}

pub const DEFAULT_ARXIV_API: &str = "https://export.arxiv.org/api/query";
pub const DEFAULT_GITHUB_API: &str = "https://api.github.com";
/// The variables that name the endpoints.
pub const ARXIV_API_VAR: &str = "JIANBAO_ARXIV_API";
pub const GITHUB_API_VAR: &str = "JIANBAO_GITHUB_API";

/// Where an endpoint in use comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndpointSource {
    /// The window's setting.
    Setting,
    /// The environment variable of that name.
    Env(&'static str),
    /// A configuration the program was given (tests, benches).
    Given,
    Default,
}

impl std::fmt::Display for EndpointSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EndpointSource::Setting => write!(f, "from the setting"),
            EndpointSource::Env(var) => write!(f, "from {var}"),
            EndpointSource::Given => write!(f, "from the configuration given at start"),
            EndpointSource::Default => write!(f, "the default"),
        }
    }
}

/// The endpoint used and where it comes from: a setting that is not empty,
/// else a configuration given by the caller, else the variable `var` (whose
/// value is `env`) when set, else `default`.
pub fn resolve_endpoint(
    setting: &str,
    given: Option<&str>,
    var: &'static str,
    env: Option<&str>,
    default: &str,
) -> (String, EndpointSource) {
    if !setting.trim().is_empty() {
        return (setting.trim().to_string(), EndpointSource::Setting);
    }
    if let Some(g) = given {
        return (g.to_string(), EndpointSource::Given);
    }
    match env.map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) => (v.to_string(), EndpointSource::Env(var)),
        None => (default.to_string(), EndpointSource::Default),
    }
}

/// A variable of the environment, when set and not blank.
pub fn env_value(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

impl Default for FetchConfig {
    /// The public endpoints, no proxy, no token, no cache file.
    fn default() -> FetchConfig {
        FetchConfig {
            arxiv_api: DEFAULT_ARXIV_API.into(),
            github_api: DEFAULT_GITHUB_API.into(),
            github_token: None,
            proxy: None,
            no_proxy: Vec::new(),
            connect_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(30),
            max_bytes: 5 * 1024 * 1024,
            arxiv_interval: Duration::from_secs(3),
            offline: false,
            cache_path: None,
            user_agent: concat!("jianbao/", env!("CARGO_PKG_VERSION"), " (newsletter editor)").into(),
        }
    }
}

impl FetchConfig {
    /// The configuration from the environment: `JIANBAO_ARXIV_API`,
    /// `JIANBAO_GITHUB_API`, `GITHUB_TOKEN`, `HTTPS_PROXY`/`https_proxy`/
    /// `ALL_PROXY`, `NO_PROXY`/`no_proxy`; the cache in the data folder, or
    /// at `JIANBAO_FETCH_CACHE` (`off`: in memory only).
    pub fn from_env() -> FetchConfig {
        let var = |names: &[&str]| names.iter().find_map(|n| env_value(n));
        FetchConfig {
            arxiv_api: var(&[ARXIV_API_VAR]).unwrap_or_else(|| DEFAULT_ARXIV_API.into()),
            github_api: var(&[GITHUB_API_VAR]).unwrap_or_else(|| DEFAULT_GITHUB_API.into()),
            github_token: var(&["GITHUB_TOKEN"]),
            proxy: var(&["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"]),
            no_proxy: var(&["NO_PROXY", "no_proxy"])
                .map(|v| v.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect())
                .unwrap_or_default(),
            cache_path: match var(&["JIANBAO_FETCH_CACHE"]) {
                Some(v) if v == "off" => None,
                Some(v) => Some(PathBuf::from(v)),
                None => cache::default_path(),
            },
            ..FetchConfig::default()
        }
    }
}

/// Why a fill failed, in words the form can show.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error, Serialize, Deserialize)]
pub enum FetchError {
    #[error("not found")]
    NotFound,
    #[error("timed out")]
    TimedOut,
    /// `until`: seconds since the Unix epoch, when the provider said.
    #[error("rate-limited{}", until.map(|t| format!(" until {} UTC", hh_mm(t))).unwrap_or_default())]
    RateLimited { until: Option<u64> },
    #[error("not a page ({0})")]
    NotAPage(String),
    #[error("too large (more than {} bytes)", .0)]
    TooLarge(u64),
    #[error("bad redirect: {0}")]
    BadRedirect(String),
    #[error("offline, and not in the archive or the cache")]
    OfflineMiss,
    #[error("not a web address: {0}")]
    BadUrl(String),
    #[error("the server answered {0}")]
    Status(u16),
    #[error("the answer could not be read: {0}")]
    Malformed(String),
    #[error("network: {0}")]
    Network(String),
    #[error("cancelled")]
    Cancelled,
}

/// `HH:MM` (UTC) of a Unix time.
pub fn hh_mm(unix: u64) -> String {
    let day = unix % 86_400;
    format!("{:02}:{:02}", day / 3600, day % 3600 / 60)
}

/// Seconds since the Unix epoch.
pub fn now_unix() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// What kind of source filled an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Kind {
    Arxiv,
    GithubRepo,
    GithubRelease,
    Wechat,
    Page,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Arxiv => "arxiv",
            Kind::GithubRepo => "github-repo",
            Kind::GithubRelease => "github-release",
            Kind::Wechat => "wechat",
            Kind::Page => "page",
        }
    }
}

/// An entry's fields as a source gives them, already entry-safe.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Meta {
    pub kind: Option<Kind>,
    /// The address the entry links to.
    pub url: String,
    pub tags: Vec<String>,
    /// `owner/repo` for GitHub.
    pub repo: Option<String>,
    pub title: String,
    pub source: Option<String>,
    /// Labelled lines in order: `("摘要", "…")`, `("作者", "…")`.
    pub fields: Vec<(String, String)>,
    /// Facts a window may show beside the entry (stars, language, category…).
    pub facts: Vec<(String, String)>,
}

impl Meta {
    /// The entry as a person would fill it in.
    pub fn draft(&self) -> EntryDraft {
        EntryDraft {
            tags: self.tags.iter().map(|t| t.as_str().into()).collect(),
            repo: self.repo.as_deref().map(Into::into),
            title: self.title.as_str().into(),
            source: self.source.as_deref().map(Into::into),
            url: self.url.as_str().into(),
            extras: Vec::new(),
            lines: self
                .fields
                .iter()
                .map(|(label, value)| DraftLine::Field { label: label.as_str().into(), value: value.as_str().into() })
                .collect(),
        }
    }

    /// The entry in the newsletter's style (` | ` between title and source).
    pub fn entry(&self) -> TypedEntry {
        let mut entry = self.draft().to_entry();
        style::fit_head(&mut entry.head);
        entry
    }

    /// The entry's markdown, lines joined by `\n`, no final newline.
    pub fn markdown(&self) -> String {
        render::entry_text(&EntryBody::Typed(Box::new(self.entry())))
    }

    /// The 摘要, if there is one.
    pub fn summary(&self) -> Option<&str> {
        self.fields.iter().find(|(l, _)| l == "摘要").map(|(_, v)| v.as_str())
    }
}

/// Where a fill's answer came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Origin {
    /// An earlier issue of the repository holds this link.
    Archive,
    Cache,
    Network,
}

/// An earlier use of the same link: "already in DATE · SECTION".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Already {
    pub date: String,
    pub section: String,
}

impl std::fmt::Display for Already {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "already in {} · {}", self.date, self.section)
    }
}

/// One filled input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filled {
    pub meta: Meta,
    pub origin: Origin,
    pub already: Option<Already>,
}

/// One input's outcome, as sent over the channel by [`Filler::fill_all`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FillResult {
    /// The input's position in the slice given to [`Filler::fill_all`].
    pub index: usize,
    pub input: String,
    pub result: Result<Filled, FetchError>,
}

/// What an input is, before any request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// An arXiv paper: its id as written (version kept when given).
    Arxiv {
        id: String,
    },
    GithubRepo {
        owner: String,
        repo: String,
    },
    /// `tag` `None`: the latest release.
    GithubRelease {
        owner: String,
        repo: String,
        tag: Option<String>,
    },
    /// A WeChat article, or any other page (told apart by the page itself).
    Page {
        url: String,
    },
}

/// Runs fills. Shareable across threads (`Arc<Filler>`): the cache and the
/// arXiv rate limit are behind locks.
///
/// # For the window
///
/// Run a fill on a worker thread and read the results on the UI thread:
///
/// ```no_run
/// use std::sync::{Arc, atomic::AtomicBool, mpsc};
/// use jianbao::core::fetch::{FetchConfig, Filler};
///
/// let filler = Arc::new(Filler::new(FetchConfig::from_env(), None).unwrap());
/// let cancel = Arc::new(AtomicBool::new(false));
/// let (tx, rx) = mpsc::channel();
/// let inputs = vec!["https://arxiv.org/abs/2101.00001".to_string()];
/// {
///     let (filler, cancel) = (filler.clone(), cancel.clone());
///     std::thread::spawn(move || filler.fill_all(&inputs, &cancel, &tx));
/// }
/// // Each frame: `while let Ok(r) = rx.try_recv() { … }`, then
/// // `ctx.request_repaint_after(…)` while results are pending.
/// // The Cancel button: `cancel.store(true, Relaxed)`; the remaining
/// // inputs come back as `Err(FetchError::Cancelled)`.
/// for r in rx {
///     match r.result {
///         Ok(filled) => println!("{}: {}", r.index, filled.meta.markdown()),
///         Err(e) => println!("{}: {e}", r.index),
///     }
/// }
/// ```
///
/// Then [`fill_command`] turns a result into the one undoable command that
/// fills an entry's empty fields (or, on "Refill", replaces them; the form
/// shows `EntryDraft::of(old)` beside `filled.meta.draft()` first).
/// Every input yields exactly one [`FillResult`]; the channel closes when
/// `fill_all` returns. A request under way is not interrupted, but ends
/// within the configuration's total time-out.
pub struct Filler {
    config: FetchConfig,
    http: http::Http,
    archive: Option<ArchiveIndex>,
    cache: Mutex<cache::Cache>,
    last_arxiv: Mutex<Option<Instant>>,
}

impl Filler {
    /// A filler; `archive` (built from the repository) is looked at first.
    pub fn new(config: FetchConfig, archive: Option<ArchiveIndex>) -> Result<Filler, FetchError> {
        let http = http::Http::new(&config)?;
        let cache = match &config.cache_path {
            Some(p) => cache::Cache::load(p),
            None => cache::Cache::default(),
        };
        Ok(Filler { config, http, archive, cache: Mutex::new(cache), last_arxiv: Mutex::new(None) })
    }

    pub fn config(&self) -> &FetchConfig {
        &self.config
    }

    pub fn archive(&self) -> Option<&ArchiveIndex> {
        self.archive.as_ref()
    }

    /// Fills one input (see [`Filler::fill_all`]).
    pub fn fill_one(&self, input: &str, cancel: &AtomicBool) -> Result<Filled, FetchError> {
        let (tx, rx) = std::sync::mpsc::channel();
        self.fill_all(&[input.to_string()], cancel, &tx);
        drop(tx);
        rx.recv().map(|r| r.result).unwrap_or(Err(FetchError::Cancelled))
    }

    /// Fills every input, in this order: the archive (offline), the cache,
    /// then the network (unless offline): arXiv ids together in batched
    /// `id_list` requests at most one per [`FetchConfig::arxiv_interval`],
    /// the others on up to four worker threads. Sends one [`FillResult`]
    /// per input as soon as it is known, and saves the cache at the end.
    pub fn fill_all(&self, inputs: &[String], cancel: &AtomicBool, results: &Sender<FillResult>) {
        let send = |index: usize, result: Result<Filled, FetchError>| {
            let _ = results.send(FillResult { index, input: inputs[index].clone(), result });
        };
        let mut arxiv: Vec<(usize, String, String)> = Vec::new();
        let mut others: Vec<(usize, Target, String)> = Vec::new();
        for (index, input) in inputs.iter().enumerate() {
            let Some(target) = providers::classify(input) else {
                send(index, Err(FetchError::BadUrl(input.trim().chars().take(80).collect())));
                continue;
            };
            let key = cache_key(&target);
            if let Some(filled) = self.archive_answer(&target) {
                send(index, Ok(filled));
                continue;
            }
            if let Some(meta) = self.cache.lock().expect("cache lock").get(&key) {
                send(index, Ok(Filled { meta, origin: Origin::Cache, already: None }));
                continue;
            }
            if self.config.offline {
                send(index, Err(FetchError::OfflineMiss));
                continue;
            }
            match target {
                Target::Arxiv { id } => arxiv.push((index, id, key)),
                t => others.push((index, t, key)),
            }
        }
        let queue = Mutex::new(others.into_iter());
        std::thread::scope(|scope| {
            let workers = 4.min(queue.lock().expect("queue").len());
            for _ in 0..workers {
                scope.spawn(|| {
                    loop {
                        let next = queue.lock().expect("queue").next();
                        let Some((index, target, key)) = next else { break };
                        if cancel.load(Ordering::Relaxed) {
                            send(index, Err(FetchError::Cancelled));
                            continue;
                        }
                        let result = providers::fetch(&self.http, &self.config, &target, cancel);
                        if let Ok(meta) = &result {
                            self.cache.lock().expect("cache lock").put(&key, meta.clone());
                        }
                        send(index, result.map(|meta| Filled { meta, origin: Origin::Network, already: None }));
                    }
                });
            }
            for batch in arxiv.chunks(providers::arxiv::MAX_BATCH) {
                if !self.wait_for_arxiv(cancel) {
                    batch.iter().for_each(|(i, _, _)| send(*i, Err(FetchError::Cancelled)));
                    continue;
                }
                let ids: Vec<&str> = batch.iter().map(|(_, id, _)| id.as_str()).collect();
                let answer = providers::arxiv::fetch_batch(&self.http, &self.config, &ids, cancel);
                for ((index, _, key), result) in batch.iter().zip(answer) {
                    if let Ok(meta) = &result {
                        self.cache.lock().expect("cache lock").put(key, meta.clone());
                    }
                    send(*index, result.map(|meta| Filled { meta, origin: Origin::Network, already: None }));
                }
            }
        });
        if let Some(path) = &self.config.cache_path {
            // A cache that cannot be written costs only time later.
            let _ = self.cache.lock().expect("cache lock").save_if_changed(path);
        }
    }

    /// Waits until the next arXiv request is allowed and books it.
    fn wait_for_arxiv(&self, cancel: &AtomicBool) -> bool {
        if cancel.load(Ordering::Relaxed) {
            return false;
        }
        let mut last = self.last_arxiv.lock().expect("arxiv lock");
        if let Some(t) = *last
            && !http::sleep_until(t + self.config.arxiv_interval, cancel)
        {
            return false;
        }
        *last = Some(Instant::now());
        true
    }

    fn archive_answer(&self, target: &Target) -> Option<Filled> {
        let archive = self.archive.as_ref()?;
        let (already, meta) = archive.lookup(&target_url(target))?;
        Some(Filled { meta, origin: Origin::Archive, already: Some(already) })
    }
}

/// The address a target is fetched from and linked as.
pub fn target_url(target: &Target) -> String {
    match target {
        Target::Arxiv { id } => format!("https://arxiv.org/abs/{id}"),
        Target::GithubRepo { owner, repo } => format!("https://github.com/{owner}/{repo}"),
        Target::GithubRelease { owner, repo, tag: Some(tag) } => {
            format!("https://github.com/{owner}/{repo}/releases/tag/{tag}")
        }
        Target::GithubRelease { owner, repo, tag: None } => {
            format!("https://github.com/{owner}/{repo}/releases/latest")
        }
        Target::Page { url } => url.clone(),
    }
}

/// A link written as a title (the placeholder a failed fill leaves): the
/// address itself when it holds nothing that would change the entry's
/// markdown, otherwise its entry-safe text.
pub fn link_title(url: &str) -> String {
    let url = url.trim();
    if url.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '[' | ']' | '(' | ')' | '|' | '<' | '>'))
    {
        sanitize::title(url)
    } else {
        url.to_string()
    }
}

/// The cache key of a target: its normalised URL.
pub fn cache_key(target: &Target) -> String {
    normalize_url(&target_url(target))
}

/// The one undoable command that fills an entry from a fill's answer.
/// Without `replace`, only what is empty is filled: an empty title (or one
/// that is only the entry's link), no
/// source, no tags, no repository, and labelled fields the entry does not
/// have (or has empty); what the person typed stays. With `replace`
/// ("Refill"), the answer's title, source, tags, repository and fields
/// replace the entry's, and its other lines stay. `None` when nothing would
/// change. The link is never changed.
pub fn fill_command(
    issue: &Issue,
    entry: EntryId,
    meta: &Meta,
    replace: bool,
) -> Result<Option<Command>, CommandError> {
    let old = issue.entry(entry).ok_or(CommandError::NoEntry(entry))?;
    let typed = old.typed().ok_or(CommandError::Verbatim)?;
    let mut new = typed.clone();
    let h = &mut new.head;
    let take = |empty: bool| replace || empty;
    // A title that is only the link (what a failed fill leaves) counts as empty.
    let no_title = h.title.trim().is_empty() || (!h.url.trim().is_empty() && h.title.trim() == link_title(&h.url));
    if take(no_title) && !meta.title.is_empty() {
        h.title = meta.title.as_str().into();
    }
    if take(h.source.as_deref().is_none_or(|s| s.trim().is_empty())) && meta.source.is_some() {
        h.source = meta.source.as_deref().map(Into::into);
    }
    if take(h.tags.is_empty()) && !meta.tags.is_empty() {
        h.tags = meta.tags.iter().map(|t| Tag { text: t.as_str().into(), sep: style::TAG_SEP.into() }).collect();
    }
    if take(h.repo.is_none()) && meta.repo.is_some() {
        h.repo = meta.repo.as_deref().map(Into::into);
    }
    style::fit_head(h);
    for (label, value) in &meta.fields {
        let at = new.lines.iter().position(|l| matches!(l, BodyLine::Field { label: l, .. } if l == label));
        match at {
            Some(i) => {
                if let BodyLine::Field { value: v, .. } = &mut new.lines[i]
                    && take(v.trim().is_empty())
                {
                    *v = value.as_str().into();
                }
            }
            None => new.lines.push(BodyLine::field(label, value)),
        }
    }
    if new == *typed {
        return Ok(None);
    }
    Ok(Some(Command::SetEntryBody { entry, body: EntryBody::Typed(Box::new(new)) }))
}
