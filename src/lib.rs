//! jianbao: a desktop editor for the 嵌入式AI简报 newsletter.
//!
//! [`core`] is the egui-free model (load, edit with undo, save); [`cli`] the
//! command line; `app` (feature `gui`) the window.

pub mod cli;
pub mod core;

#[cfg(feature = "gui")]
pub mod app;

/// The sample issue the app opens with when given no file.
pub const SAMPLE_ISSUE: &str = include_str!("../assets/sample-issue.md");
