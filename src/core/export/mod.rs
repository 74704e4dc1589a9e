//! Exports: the issue as other programs read it. The structured JSON, and
//! the WeChat article (HTML with inline styles, plain text).
//!
//! Rule: exports read the format only; they never change an issue.

pub mod json;
pub mod wechat;
