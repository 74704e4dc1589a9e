//! Version control: what changed between two versions of an issue, entry by
//! entry (changes), the three-way merge git calls as a merge driver (merge),
//! and the few git commands these need (git: reading a revision, git's own
//! line merge as the fallback, installing the driver), the repository's
//! state read in process with gitoxide (status) and commit, pull and push
//! through the `git` binary (commit).
//!
//! Rule: vcs reads the format, the files (the README's archive table) and
//! the editorial link rules (`links::normalize_url`, an entry's identity);
//! it edits no document and nothing below depends on it.

pub mod changes;
pub mod commit;
pub mod diff3;
pub mod git;
pub mod merge;
pub mod status;
pub mod structure;
