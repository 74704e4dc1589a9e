//! Edits: every change to an issue is a [`command::Command`]; [`apply`] makes
//! it and returns its inverse; [`history::Document`] keeps the undo stack.
//!
//! Rule: edits depend on the format only. Nothing reads or writes files here.

pub mod apply;
pub mod command;
pub mod draft;
pub mod history;
mod preamble;

pub use preamble::DEFAULT_WARMUP_INTRO;
