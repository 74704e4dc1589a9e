//! The WeChat themes the window offers: the built-ins and the RON files of
//! the data folder's `themes/` and the repository's `.jianbao/themes/`,
//! reloaded while the app runs. A thread looks at the files' modification
//! times once a second (never the paint path) and sends a new set when one
//! changed; the window takes it at the next frame. An invalid file is
//! refused with its line and the reason, and the theme's previous version
//! stays in use ([`ThemeSet::reload`]).

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use crate::core::export::wechat::theme_file::{self, ThemeFileError, ThemeSet};

/// The theme set and the thread that watches its folders.
pub struct ThemeWatch {
    pub set: ThemeSet,
    pub dirs: Vec<PathBuf>,
    rx: Receiver<ThemeSet>,
    cancel: Arc<AtomicBool>,
    /// Files refused by a set taken in [`Self::wait_for_reload`], not said yet.
    unsaid: Vec<ThemeFileError>,
}

/// The data folder: `$JIANBAO_DATA_DIR`, else the platform's `jianbao/`.
pub fn data_dir() -> Option<PathBuf> {
    crate::core::files::draft::data_dir()
}

impl ThemeWatch {
    /// Loads the themes of the folders and starts watching them.
    pub fn start(dirs: Vec<PathBuf>, ctx: Option<eframe::egui::Context>) -> ThemeWatch {
        let set = ThemeSet::load(&dirs);
        let (tx, rx) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let (mut watched, thread_dirs, stop) = (set.clone(), dirs.clone(), cancel.clone());
        std::thread::Builder::new()
            .name("jianbao-themes".into())
            .spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    std::thread::sleep(Duration::from_secs(1));
                    if stop.load(Ordering::Relaxed) {
                        break;
                    }
                    if watched.changed(&thread_dirs) {
                        watched.reload(&thread_dirs);
                        if tx.send(watched.clone()).is_err() {
                            break;
                        }
                        if let Some(ctx) = &ctx {
                            ctx.request_repaint();
                        }
                    }
                }
            })
            .expect("the theme watcher starts");
        ThemeWatch { set, dirs, rx, cancel, unsaid: Vec::new() }
    }

    /// Takes a newer set if the thread sent one; returns the files refused
    /// that were not refused before (to say so once).
    pub fn poll(&mut self) -> Vec<ThemeFileError> {
        while let Ok(set) = self.rx.try_recv() {
            self.take(set);
        }
        std::mem::take(&mut self.unsaid)
    }

    /// Makes `set` current, keeping the files it newly refuses to be said.
    fn take(&mut self, set: ThemeSet) {
        let fresh: Vec<_> = set.errors.iter().filter(|e| !self.set.errors.contains(e)).cloned().collect();
        self.unsaid.extend(fresh);
        self.set = set;
    }

    /// Blocks until the thread has looked again and the set is current (for tests).
    pub fn wait_for_reload(&mut self) {
        for _ in 0..50 {
            if !self.set.changed(&self.dirs) {
                return;
            }
            if let Ok(set) = self.rx.recv_timeout(Duration::from_millis(100)) {
                self.take(set);
            }
        }
    }

    /// The folders for a repository (or none).
    pub fn dirs_for(repo: Option<&std::path::Path>) -> Vec<PathBuf> {
        theme_file::theme_dirs(data_dir().as_deref(), repo)
    }
}

impl Drop for ThemeWatch {
    fn drop(&mut self) {
        self.cancel.store(true, Ordering::Relaxed);
    }
}
