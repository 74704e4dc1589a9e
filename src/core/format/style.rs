//! The newsletter's usual style: what a new or re-rendered entry looks like
//! when only its fields are known.
//!
//! `- [TAG] [owner/repo: title | source](url) [[code]](url)  ` then
//! `摘要：…  `, each line ending in a markdown hard break (two spaces).

use serde::{Deserialize, Serialize};

use crate::core::format::model::*;

/// The hard break every line of an entry ends in.
pub const HARD_BREAK: &str = "  ";
pub const TITLE_SOURCE_SEP: &str = " | ";
pub const REPO_SEP: &str = ": ";
pub const TAG_SEP: &str = " ";
pub const LABEL_COLON: &str = "：";

/// An entry as a person fills it in: fields only, no whitespace decisions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryDraft {
    pub tags: Vec<Str>,
    pub repo: Option<Str>,
    pub title: Str,
    pub source: Option<Str>,
    pub url: Str,
    /// Extra links after the main one: (text, url).
    pub extras: Vec<(Str, Str)>,
    pub lines: Vec<DraftLine>,
}

/// A continuation line as a person fills it in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DraftLine {
    Field {
        label: Str,
        value: Str,
    },
    /// A sub-item: its nesting indent (0, 2, 4, 8 spaces), marker and text.
    Item {
        indent: usize,
        marker: Str,
        text: Str,
    },
    Text {
        text: Str,
    },
}

impl EntryDraft {
    /// The fields of a typed entry, without its decor.
    pub fn of(entry: &TypedEntry) -> EntryDraft {
        let h = &entry.head;
        EntryDraft {
            tags: h.tags.iter().map(|t| t.text.clone()).collect(),
            repo: h.repo.clone(),
            title: h.title.clone(),
            source: h.source.clone(),
            url: h.url.clone(),
            extras: h.extras.iter().map(|e| (e.text.clone(), e.url.clone())).collect(),
            lines: entry
                .lines
                .iter()
                .map(|l| match l {
                    BodyLine::Field { label, value, .. } => {
                        DraftLine::Field { label: label.clone(), value: value.clone() }
                    }
                    BodyLine::Item { indent, marker, text, .. } => DraftLine::Item {
                        indent: indent.chars().count(),
                        marker: marker.trim_end().into(),
                        text: text.clone(),
                    },
                    BodyLine::Text { text, .. } => DraftLine::Text { text: text.clone() },
                })
                .collect(),
        }
    }

    /// A new entry with this id, in the usual style.
    pub fn to_entry_with_id(&self, id: EntryId) -> Entry {
        Entry { id, body: self.to_entry().into() }
    }

    /// The entry in the usual style.
    pub fn to_entry(&self) -> TypedEntry {
        let head = Head {
            tags: self.tags.iter().map(|t| Tag { text: t.clone(), sep: TAG_SEP.into() }).collect(),
            linked: true,
            repo: self.repo.clone(),
            repo_sep: if self.repo.is_some() { REPO_SEP.into() } else { Str::default() },
            title: self.title.clone(),
            source: self.source.clone(),
            source_sep: if self.source.is_some() { TITLE_SOURCE_SEP.into() } else { Str::default() },
            url: self.url.clone(),
            extras: self
                .extras
                .iter()
                .map(|(text, url)| ExtraLink { before: " ".into(), text: text.clone(), url: url.clone() })
                .collect(),
            tail: Str::default(),
            trail: HARD_BREAK.into(),
        };
        TypedEntry {
            bullet: "- ".into(),
            head,
            lines: self
                .lines
                .iter()
                .map(|l| match l {
                    DraftLine::Field { label, value } => BodyLine::field(label, value),
                    DraftLine::Item { indent, marker, text } => BodyLine::Item {
                        indent: " ".repeat(*indent).into(),
                        marker: compact_str::format_compact!("{marker} "),
                        text: text.clone(),
                        trail: HARD_BREAK.into(),
                    },
                    DraftLine::Text { text } => BodyLine::paragraph(text),
                })
                .collect(),
        }
    }
}

/// Whether an entry is written in the usual style, judged from its decor
/// alone: such an entry is reproduced exactly from its fields.
pub fn has_usual_decor(entry: &TypedEntry) -> bool {
    let h = &entry.head;
    entry.bullet == "- "
        && h.linked
        && h.tags.iter().all(|t| t.sep == TAG_SEP)
        && (h.repo.is_none() || h.repo_sep == REPO_SEP)
        && (h.source.is_none() || h.source_sep == TITLE_SOURCE_SEP)
        && h.extras.iter().all(|e| e.before == " ")
        && h.tail.is_empty()
        && h.trail == HARD_BREAK
        && entry.lines.iter().all(|l| match l {
            BodyLine::Field { indent, colon, trail, .. } => {
                indent.is_empty() && colon == LABEL_COLON && trail == HARD_BREAK
            }
            BodyLine::Item { marker, trail, .. } => {
                marker.ends_with(' ') && !marker.ends_with("  ") && trail == HARD_BREAK
            }
            BodyLine::Text { indent, trail, .. } => indent.is_empty() && trail == HARD_BREAK,
        })
}

/// Gives a head the separators its parts need, in the usual style, where an
/// edit left one out: a source gets ` | ` before it, a repository `: `
/// after it. Separators already written (`丨`, a
/// neighbour's spacing) stay as they are, so no entry is restyled behind the
/// person's back; a part that is gone takes its separator with it.
pub fn fit_head(head: &mut Head) {
    match &head.source {
        Some(source) if !source.is_empty() => {
            if head.source_sep.is_empty() {
                head.source_sep = TITLE_SOURCE_SEP.into();
            }
        }
        _ => {
            head.source = None;
            head.source_sep = Str::default();
        }
    }
    match &head.repo {
        Some(repo) if !repo.is_empty() => {
            if head.repo_sep.is_empty() {
                head.repo_sep = REPO_SEP.into();
            }
        }
        _ => {
            head.repo = None;
            head.repo_sep = Str::default();
        }
    }
}

/// A new, empty entry: a title to fill in and an empty 摘要.
pub fn new_entry_draft() -> EntryDraft {
    EntryDraft {
        lines: vec![DraftLine::Field { label: "摘要".into(), value: Str::default() }],
        ..EntryDraft::default()
    }
}
