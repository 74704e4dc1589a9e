//! Editorial: what a curator checks. The lint rules, the repository's link
//! index (repeated stories) and the archive search.
//!
//! Rule: editorial code reads the format and the files; it changes nothing
//! but through the fixes it proposes.

pub mod index;
pub mod links;
pub mod lint;
pub mod search;
