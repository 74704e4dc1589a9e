//! The repository's indexes, built on a thread of their own: opening a
//! repository or saving one of its issues starts a build, the window keeps
//! drawing, and the status bar shows how far it has got. The previous index
//! (of the same repository) stays in use until the new one is ready.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use crate::core::editorial::index::{Progress, RepoIndex};
use crate::core::files::repo::Repo;

enum Message {
    Progress(Progress),
    Done(Box<RepoIndex>),
}

/// One build under way.
pub struct Indexing {
    messages: Receiver<Message>,
    cancel: Arc<AtomicBool>,
    progress: Option<Progress>,
    /// The generation the finished index will carry.
    pub generation: u64,
}

/// What a poll found.
pub enum Polled {
    Running,
    Done(Box<RepoIndex>),
    /// The thread ended without an index (it panicked, or was cancelled).
    Failed,
}

impl Indexing {
    /// Starts reading and indexing every issue of `repo`.
    pub fn start(repo: Repo, generation: u64) -> Indexing {
        let (tx, messages) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let stop = cancel.clone();
        // Detached: a build nobody waits for notices the cancel flag within one file.
        let _ = std::thread::Builder::new().name("jianbao-index".into()).spawn(move || {
            let progress_tx = tx.clone();
            let mut progress = |p| {
                let _ = progress_tx.send(Message::Progress(p));
            };
            if let Some(index) = RepoIndex::build_with(&repo, generation, &mut progress, &stop) {
                let _ = tx.send(Message::Done(Box::new(index)));
            }
        });
        Indexing { messages, cancel, progress: None, generation }
    }

    /// Takes what the thread sent since the last poll.
    pub fn poll(&mut self) -> Polled {
        loop {
            match self.messages.try_recv() {
                Ok(Message::Progress(p)) => self.progress = Some(p),
                Ok(Message::Done(index)) => return Polled::Done(index),
                Err(TryRecvError::Empty) => return Polled::Running,
                Err(TryRecvError::Disconnected) => return Polled::Failed,
            }
        }
    }

    /// Blocks until the build ends (tests, and a window that must have the
    /// index before it goes on).
    pub fn wait(mut self) -> Option<Box<RepoIndex>> {
        loop {
            match self.messages.recv() {
                Ok(Message::Progress(p)) => self.progress = Some(p),
                Ok(Message::Done(index)) => return Some(index),
                Err(_) => return None,
            }
        }
    }

    /// What the status bar says while the build runs.
    pub fn describe(&self) -> String {
        match self.progress {
            None => "Indexing the archive…".into(),
            Some(Progress::Reading { done, total }) => format!("Indexing the archive: {done}/{total} issues"),
            Some(Progress::Indexing) => "Indexing the archive: building the indexes".into(),
        }
    }
}

impl Drop for Indexing {
    /// A build nobody waits for any more stops at its next file.
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}
