//! The egui-free core, in layers, each folder depending only on those above
//! it in this list: `format` (model, parse, render), `edit` (commands,
//! history), `files` (io, repository, drafts, archive, new issue),
//! `editorial` (lint, links, search), `vcs` (changes, merge), `export` (JSON,
//! WeChat), and `fetch` (entries from links, the links inbox; used only by
//! the app and the CLI, the one part that talks to the network). Nothing here may
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

pub mod edit;
pub mod editorial;
pub mod export;
pub mod fetch;
pub mod files;
pub mod format;
pub mod vcs;

pub use edit::DEFAULT_WARMUP_INTRO;
pub use edit::command::{Command, CommandError};
pub use edit::history::{Document, DocumentId, MergeKey};
pub use format::model::*;
pub use format::parse::{LoadError, load_bytes, parse};
pub use format::render::render;
