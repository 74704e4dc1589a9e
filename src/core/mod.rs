//! The egui-free core: the issue model, its loader and writer, the commands
//! that edit it with undo, exports and repository helpers. Nothing here may
//! import egui (checked by `cargo check --no-default-features`).

pub mod archive;
pub mod command;
pub mod export;
pub mod history;
pub mod io;
pub mod model;
pub mod new_issue;
pub mod parse;
mod preamble;
pub mod render;
pub mod style;

pub use command::{Command, CommandError};
pub use history::{Document, MergeKey};
pub use model::*;
pub use parse::{LoadError, load_bytes, parse};
pub use preamble::DEFAULT_WARMUP_INTRO;
pub use render::render;
