//! The repository's indexes: every issue read once, its links (for repeated
//! stories) and its text (for the archive search). Built off the window's
//! thread: [`RepoIndex::build`] reports progress and can be cancelled, and
//! the result is `Send`.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::core::editorial::links::LinkIndex;
use crate::core::editorial::search::SearchIndex;
use crate::core::files::io;
use crate::core::files::repo::Repo;
use crate::core::format::model::Issue;

/// The repository's link and search indexes.
pub struct RepoIndex {
    pub links: LinkIndex,
    pub search: SearchIndex,
    /// Issues indexed, and the files that could not be read as issues (with why).
    pub issues: usize,
    pub skipped: Vec<(String, String)>,
    /// Changes whenever the indexes are rebuilt (for the checks' cache).
    pub generation: u64,
}

/// How far a build has got: files read of the total, then indexing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Progress {
    Reading { done: usize, total: usize },
    Indexing,
}

impl RepoIndex {
    /// Reads every issue of the repository and indexes it.
    pub fn build(repo: &Repo, generation: u64) -> RepoIndex {
        Self::build_with(repo, generation, &mut |_| {}, &AtomicBool::new(false))
            .expect("a build that is never cancelled finishes")
    }

    /// As [`RepoIndex::build`], calling `progress` as it goes; returns `None`
    /// as soon as `cancel` is set.
    pub fn build_with(
        repo: &Repo,
        generation: u64,
        progress: &mut dyn FnMut(Progress),
        cancel: &AtomicBool,
    ) -> Option<RepoIndex> {
        let files = repo.issues().unwrap_or_default();
        let total = files.len();
        let mut loaded: Vec<(String, Arc<str>, Issue)> = Vec::with_capacity(total);
        let mut skipped = Vec::new();
        for (done, file) in files.into_iter().enumerate() {
            if cancel.load(Ordering::Relaxed) {
                return None;
            }
            if done % 16 == 0 {
                progress(Progress::Reading { done, total });
            }
            // The file's text as read: loading never changes it, so no render is needed.
            let read = io::read_limited(&file.path)
                .map_err(|e| e.to_string())
                .and_then(|bytes| crate::core::load_bytes(&bytes).map(|i| (bytes, i)).map_err(|e| e.to_string()))
                .and_then(|(bytes, issue)| String::from_utf8(bytes).map(|t| (t, issue)).map_err(|e| e.to_string()));
            match read {
                Ok((text, issue)) => loaded.push((file.date, Arc::from(text), issue)),
                Err(why) => skipped.push((file.date, why)),
            }
        }
        progress(Progress::Reading { done: total, total });
        if cancel.load(Ordering::Relaxed) {
            return None;
        }
        progress(Progress::Indexing);
        let with: Vec<(&str, &str, &Issue)> = loaded.iter().map(|(d, t, i)| (d.as_str(), &**t, i)).collect();
        let links = LinkIndex::build(&with);
        // The search index keeps the texts for its snippets: shared, not copied.
        let shared: Vec<(&str, Arc<str>, &Issue)> = loaded.iter().map(|(d, t, i)| (d.as_str(), t.clone(), i)).collect();
        let search = SearchIndex::build_shared(&shared);
        Some(RepoIndex { links, search, issues: loaded.len(), skipped, generation })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send<T: Send + 'static>() {}

    #[test]
    fn the_index_can_be_built_on_another_thread() {
        assert_send::<RepoIndex>();
        assert_send::<Repo>();
    }
}
