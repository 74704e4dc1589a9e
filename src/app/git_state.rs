//! The repository's git state, read on a thread of its own (never on the
//! window's): when a repository opens, after a save, after a commit, pull or
//! push, and when the window gets the focus back. The last state read stays
//! shown until the next one arrives. Pull and push run the same way, their
//! progress lines shown as they come.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use crate::core::files::io::FileStamp;
use crate::core::vcs::commit::{self, Progress, Pulled, StashConflict};
use crate::core::vcs::status::{self, RepoStatus};

/// One read of the state under way.
pub struct StatusJob {
    result: Receiver<Result<RepoStatus, String>>,
    root: PathBuf,
}

impl StatusJob {
    pub fn start(root: &Path) -> StatusJob {
        let (tx, result) = channel();
        let dir = root.to_path_buf();
        let _ = std::thread::Builder::new().name("jianbao-git-status".into()).spawn(move || {
            let _ = tx.send(status::status(&dir));
        });
        StatusJob { result, root: root.to_path_buf() }
    }
}

/// Pull, push or commit: what runs `git` in the background.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyncKind {
    Pull,
    Push,
    Commit,
}

impl SyncKind {
    pub fn verb(self) -> &'static str {
        match self {
            SyncKind::Pull => "Pull",
            SyncKind::Push => "Push",
            SyncKind::Commit => "Commit",
        }
    }
}

/// What to run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyncRequest {
    Pull,
    Push,
    Commit { paths: Vec<String>, message: String },
}

enum SyncMessage {
    Line(String),
    Done(Result<Pulled, String>),
}

/// A pull or a push under way.
pub struct SyncJob {
    pub kind: SyncKind,
    messages: Receiver<SyncMessage>,
    /// The progress lines so far (a `\r` line replaces the one before it when
    /// it is the same step).
    pub lines: Vec<String>,
}

impl SyncJob {
    pub fn start(request: SyncRequest, root: &Path) -> SyncJob {
        let kind = match &request {
            SyncRequest::Pull => SyncKind::Pull,
            SyncRequest::Push => SyncKind::Push,
            SyncRequest::Commit { .. } => SyncKind::Commit,
        };
        let (tx, messages) = channel();
        let dir = root.to_path_buf();
        let _ = std::thread::Builder::new().name("jianbao-git-sync".into()).spawn(move || {
            let line_tx = tx.clone();
            let mut progress = |p: Progress| {
                let Progress::Line(l) = p;
                let _ = line_tx.send(SyncMessage::Line(l));
            };
            let result = match request {
                SyncRequest::Pull => commit::pull(&dir, &mut progress),
                SyncRequest::Push => commit::push(&dir, &mut progress).map(Pulled::from_text),
                SyncRequest::Commit { paths, message } => commit::commit(&dir, &paths, &message).map(Pulled::from_text),
            };
            let _ = tx.send(SyncMessage::Done(result));
        });
        SyncJob { kind, messages, lines: Vec::new() }
    }

    /// The progress so far; the outcome once it ended (an `Err` when the
    /// thread ended without one).
    fn poll(&mut self) -> Option<Result<Pulled, String>> {
        loop {
            match self.messages.try_recv() {
                Ok(SyncMessage::Line(l)) => self.push_line(l),
                Ok(SyncMessage::Done(r)) => return Some(r),
                Err(TryRecvError::Empty) => return None,
                Err(TryRecvError::Disconnected) => return Some(Err("git ended without an answer".into())),
            }
        }
    }

    fn wait(&mut self) -> Result<Pulled, String> {
        loop {
            match self.messages.recv() {
                Ok(SyncMessage::Line(l)) => self.push_line(l),
                Ok(SyncMessage::Done(r)) => return r,
                Err(_) => return Err("git ended without an answer".into()),
            }
        }
    }

    fn push_line(&mut self, l: String) {
        // "Counting objects:  40% (2/5)" then "…100% (5/5), done.": one line.
        let step = |s: &str| s.split(':').next().map(str::to_string);
        if let Some(last) = self.lines.last_mut()
            && l.contains('%')
            && step(last) == step(&l)
        {
            *last = l;
        } else {
            self.lines.push(l);
        }
    }

    /// The last line, for the status bar.
    pub fn last_line(&self) -> &str {
        self.lines.last().map(String::as_str).unwrap_or("")
    }
}

/// How a pull or push ended: shown in a window until dismissed when it failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyncOutcome {
    pub kind: SyncKind,
    pub ok: bool,
    pub text: String,
    /// After a pull: files where the saved edits put back conflict with it.
    pub conflicts: Vec<StashConflict>,
}

/// Everything git the window keeps.
#[derive(Default)]
pub struct GitState {
    /// The newest state read (of the open repository).
    pub status: Option<RepoStatus>,
    /// Why the last read failed (not a git repository…).
    pub error: Option<String>,
    pub job: Option<StatusJob>,
    /// Another read was asked for while one ran.
    pub again: bool,
    pub sync: Option<SyncJob>,
    /// A failed pull or push, shown in full until dismissed.
    pub failure: Option<SyncOutcome>,
    /// What the state was read for last: the repository, the open file's
    /// stamp and the inbox's.
    pub seen: Option<(PathBuf, Option<FileStamp>, Option<FileStamp>)>,
}

impl GitState {
    /// Asks for a fresh read of `root`.
    pub fn refresh(&mut self, root: &Path) {
        if self.job.is_some() {
            self.again = true;
        } else {
            self.job = Some(StatusJob::start(root));
        }
    }

    /// Takes a finished read; true when one arrived. A read of a repository
    /// that is no longer open is dropped.
    pub fn poll_status(&mut self, root: Option<&Path>) -> bool {
        let Some(job) = &self.job else { return false };
        let result = match job.result.try_recv() {
            Ok(r) => r,
            Err(TryRecvError::Empty) => return false,
            Err(TryRecvError::Disconnected) => Err("the git state could not be read".into()),
        };
        let job = self.job.take().expect("a job");
        self.install(result, root, &job.root);
        if self.again
            && let Some(root) = root
        {
            self.again = false;
            self.job = Some(StatusJob::start(root));
        }
        true
    }

    fn install(&mut self, result: Result<RepoStatus, String>, root: Option<&Path>, read: &Path) {
        if root != Some(read) {
            return;
        }
        match result {
            Ok(s) => {
                self.status = Some(s);
                self.error = None;
            }
            Err(e) => {
                self.status = None;
                self.error = Some(e);
            }
        }
    }

    /// Blocks until the read under way (and one asked for after it) ends.
    pub fn wait_status(&mut self, root: Option<&Path>) {
        while let Some(job) = self.job.take() {
            let result = job.result.recv().unwrap_or_else(|_| Err("the git state could not be read".into()));
            self.install(result, root, &job.root);
            if self.again
                && let Some(root) = root
            {
                self.again = false;
                self.job = Some(StatusJob::start(root));
            }
        }
    }

    /// Takes the end of a pull or push under way.
    pub fn poll_sync(&mut self) -> Option<SyncOutcome> {
        let job = self.sync.as_mut()?;
        let result = job.poll()?;
        let kind = job.kind;
        self.sync = None;
        Some(outcome(kind, result))
    }

    /// Blocks until the pull or push under way ends.
    pub fn wait_sync(&mut self) -> Option<SyncOutcome> {
        let mut job = self.sync.take()?;
        let result = job.wait();
        Some(outcome(job.kind, result))
    }

    /// The status bar's words: branch, ahead/behind, what of the open file
    /// and the README differs from HEAD. Empty without a repository.
    pub fn summary(&self, open_file: Option<&Path>) -> Vec<(String, String)> {
        let Some(s) = &self.status else { return Vec::new() };
        let mut out = Vec::new();
        let branch = s.branch.clone().unwrap_or_else(|| "detached HEAD".into());
        let hover = match (&s.upstream, &s.last_commit) {
            (Some(up), Some(c)) => format!("Tracking {up}\nLast commit {} ({}): {}", c.id, c.date(), c.summary),
            (None, Some(c)) => format!("No upstream\nLast commit {} ({}): {}", c.id, c.date(), c.summary),
            (_, None) => "No commit yet".into(),
        };
        out.push((format!("branch {branch}"), hover));
        if s.ahead > 0 || s.behind > 0 {
            let up = s.upstream.clone().unwrap_or_default();
            out.push((
                ahead_behind(s.ahead, s.behind),
                format!("{} commit(s) to push to {up}, {} to pull", s.ahead, s.behind),
            ));
        }
        if let Some(f) = open_file.and_then(|p| s.file(p)) {
            out.push(("issue changed".into(), format!("{}: {} (against HEAD)", f.path, f.describe())));
        }
        if let Some(f) = s.files.iter().find(|f| f.path == status::README) {
            out.push(("README changed".into(), format!("README.md: {}", f.describe())));
        }
        if let Some(f) = s.files.iter().find(|f| f.path == status::INBOX) {
            out.push(("inbox changed".into(), format!("inbox.md: {}", f.describe())));
        }
        out
    }
}

/// `↑2 ↓1` (arrows the bundled font has).
pub fn ahead_behind(ahead: usize, behind: usize) -> String {
    match (ahead, behind) {
        (0, 0) => String::new(),
        (a, 0) => format!("↑{a}"),
        (0, b) => format!("↓{b}"),
        (a, b) => format!("↑{a} ↓{b}"),
    }
}

fn outcome(kind: SyncKind, result: Result<Pulled, String>) -> SyncOutcome {
    match result {
        Ok(p) => SyncOutcome { kind, ok: true, text: p.text, conflicts: p.conflicts },
        Err(text) => SyncOutcome { kind, ok: false, text, conflicts: Vec::new() },
    }
}
