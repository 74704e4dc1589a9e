//! Files: reading and writing issues safely (io), the repository and its
//! README archive table, drafts of unsaved work, the next issue.
//!
//! Rule: files depend on the format (and on edits for documents), never on
//! the editorial checks or the exports.

pub mod archive;
pub mod draft;
pub mod io;
pub mod new_issue;
pub mod repo;
