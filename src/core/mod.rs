//! The egui-free core: the issue model, its loader and writer, the commands
//! that edit it with undo, exports and repository helpers. Nothing here may
//! import egui (checked by `cargo check --no-default-features`).
//!
//! Load, edit through a command, undo; the bytes come back exactly:
//!
//! ```
//! use jianbao::core::{Command, Document};
//!
//! let text = "# 嵌入式AI简报 (2026-01-02)\n\n## 论文\n\n- [旧题目](https://arxiv.org/abs/2601.00001)  \n摘要：一句话。  \n";
//! let mut doc = Document::from_text(text);
//! assert_eq!(doc.text(), text);
//!
//! let id = doc.issue().entries().next().unwrap().1.id;
//! let mut head = doc.issue().entry(id).unwrap().typed().unwrap().head.clone();
//! head.title = "新题目".into();
//! doc.apply(Command::SetHead { entry: id, head }).unwrap();
//! assert!(doc.text().contains("- [新题目](https://arxiv.org/abs/2601.00001)  \n摘要：一句话。  \n"));
//! assert!(doc.is_modified());
//!
//! doc.undo();
//! assert_eq!(doc.text(), text);
//! assert!(!doc.is_modified());
//! ```

pub mod archive;
pub mod command;
pub mod draft;
pub mod export;
pub mod history;
pub mod io;
pub mod layout;
pub mod links;
pub mod lint;
pub mod model;
pub mod new_issue;
pub mod parse;
mod preamble;
pub mod render;
pub mod repo;
pub mod search;
pub mod style;
pub mod wechat;

pub use command::{Command, CommandError};
pub use history::{Document, MergeKey};
pub use model::*;
pub use parse::{LoadError, load_bytes, parse};
pub use preamble::DEFAULT_WARMUP_INTRO;
pub use render::render;
