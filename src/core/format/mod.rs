//! The format: what an issue file is. The model, the loader that reads any
//! issue into it, the writer that gives the bytes back, where each line sits,
//! and the newsletter's usual style for new text.
//!
//! Rule: the format depends on nothing else of the core. `render(parse(t)) == t`.

pub mod layout;
pub mod model;
pub mod parse;
pub mod render;
pub mod style;
