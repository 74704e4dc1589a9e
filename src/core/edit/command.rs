//! Edits as data. Every change to an issue is a [`Command`]; applying one
//! returns its inverse, which is how [`crate::core::edit::history`] undoes it.
//! The window only sends these; so do the tests and the CLI.

use crate::core::format::model::*;
use crate::core::format::{parse, render};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Command {
    /// Insert a new entry at entry position `index` of a section.
    InsertEntry {
        section: SectionId,
        index: usize,
        entry: Entry,
    },
    DeleteEntry {
        entry: EntryId,
    },
    /// A copy of an entry, right after it, with the id `new_id`.
    DuplicateEntry {
        entry: EntryId,
        new_id: EntryId,
    },
    /// Move an entry to entry position `index` of a section (the same or
    /// another); `index` counts the target's entries without the moved one.
    MoveEntry {
        entry: EntryId,
        section: SectionId,
        index: usize,
    },
    /// Replace the first line's fields (tags, title, source, url…).
    SetHead {
        entry: EntryId,
        head: Head,
    },
    /// Replace one continuation line.
    SetLine {
        entry: EntryId,
        index: usize,
        line: BodyLine,
    },
    InsertLine {
        entry: EntryId,
        index: usize,
        line: BodyLine,
    },
    RemoveLine {
        entry: EntryId,
        index: usize,
    },
    MoveLine {
        entry: EntryId,
        from: usize,
        to: usize,
    },
    /// Replace an entry by new text (the way to edit an entry kept verbatim).
    SetEntryText {
        entry: EntryId,
        text: String,
    },
    /// Replace an entry's body (the inverse of every in-entry edit).
    SetEntryBody {
        entry: EntryId,
        body: EntryBody,
    },

    AddSection {
        index: usize,
        id: SectionId,
        title: String,
    },
    RenameSection {
        section: SectionId,
        title: String,
    },
    RemoveSection {
        section: SectionId,
    },
    MoveSection {
        section: SectionId,
        index: usize,
    },

    SetTitle {
        date: String,
        subtitle: String,
    },
    SetTagline {
        text: String,
    },
    /// The digest's text without its `导读：` label; lines separated by `\n`.
    SetDigest {
        text: String,
    },
    SetWarmupItem {
        index: usize,
        item: WarmupItem,
    },
    InsertWarmupItem {
        index: usize,
        item: WarmupItem,
    },
    RemoveWarmupItem {
        index: usize,
    },
    MoveWarmupItem {
        from: usize,
        to: usize,
    },

    /// Turning a draft into an issue (see [`crate::core::edit::draft`]).
    /// Insert the title and its boilerplate (front matter, tagline, digest…)
    /// at the top of an issue that has no title; `blocks` are built by
    /// `files::new_issue::title_blocks` (the date from the file name).
    AddTitle {
        blocks: Vec<PreambleBlock>,
    },
    /// Append the usual sections (业界新闻, 论文, 开源项目, 博文) the issue
    /// does not have yet, before its archive; `ids` are their ids, in order.
    AddUsualSections {
        ids: Vec<SectionId>,
    },
    /// Turn the bare address at item `item` of a section (a text line
    /// `https://…`), with the line of text right above it as its title when
    /// there is one, into the entry `- [title](url)` with id `id`; the text
    /// lines right below it become its lines (`摘要：…`).
    EntryFromUrl {
        section: SectionId,
        item: usize,
        id: EntryId,
    },

    /// Take an item of the repository's links inbox into a section of this
    /// issue: inserts `entry` at entry position `index` of `section`, like
    /// [`Command::InsertEntry`], and records that the inbox loses `item`.
    /// The inbox is another file: [`crate::core::edit::history::Document`]
    /// queues an [`InboxEffect`] for whoever keeps it (see
    /// [`crate::core::edit::history::Document::take_inbox_effects`]), so one
    /// undo step covers both files. Its inverse is [`Command::ReturnToInbox`].
    TakeFromInbox {
        section: SectionId,
        index: usize,
        entry: Entry,
        item: InboxItemRef,
    },
    /// Removes the entry taken from the inbox and records that `item` goes
    /// back into the inbox (the inverse of [`Command::TakeFromInbox`]).
    ReturnToInbox {
        entry: EntryId,
        item: InboxItemRef,
    },

    /// Inverses.
    TakeItem {
        entry: EntryId,
    },
    RestoreItem {
        section: SectionId,
        pos: usize,
        item: SectionItem,
    },
    PlaceEntry {
        entry: EntryId,
        section: SectionId,
        pos: usize,
    },
    RestoreSection {
        index: usize,
        section: Section,
    },
    RestorePreamble {
        blocks: Vec<PreambleBlock>,
    },
    /// Replaces the whole issue: a fix made to the text, read back (see
    /// [`crate::core::format::parse::reparse_keeping_ids`]). Its inverse holds the old issue.
    ReplaceIssue {
        issue: Box<Issue>,
    },
}

use serde::{Deserialize, Serialize};

/// An item of the links inbox, as the inbox file held it: its entry
/// position there and its exact text (lines joined by `\n`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboxItemRef {
    pub pos: usize,
    pub text: String,
}

/// What a command did to the links inbox, to be carried out on the inbox
/// file by whoever keeps it open.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum InboxEffect {
    /// The item left the inbox (taken into the issue).
    Removed(InboxItemRef),
    /// The item goes back to the inbox at its position (the take was undone).
    Restored(InboxItemRef),
}

impl Command {
    /// The inbox effect of applying this command, if it has one.
    pub fn inbox_effect(&self) -> Option<InboxEffect> {
        match self {
            Command::TakeFromInbox { item, .. } => Some(InboxEffect::Removed(item.clone())),
            Command::ReturnToInbox { item, .. } => Some(InboxEffect::Restored(item.clone())),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    #[error("no entry with id {0:?}")]
    NoEntry(EntryId),
    #[error("no section with id {0:?}")]
    NoSection(SectionId),
    #[error("index {0} is out of range")]
    OutOfRange(usize),
    #[error("this entry is kept verbatim; edit its text instead")]
    Verbatim,
    #[error("the id {0} is already in use")]
    IdInUse(u64),
    #[error("{0}")]
    Invalid(String),
    #[error("this issue has no {0}")]
    Missing(&'static str),
}

impl Command {
    /// A short description for menus and the undo history.
    pub fn label(&self) -> &'static str {
        match self {
            Command::InsertEntry { .. } | Command::RestoreItem { .. } => "Add entry",
            Command::DeleteEntry { .. } | Command::TakeItem { .. } => "Delete entry",
            Command::DuplicateEntry { .. } => "Duplicate entry",
            Command::MoveEntry { .. } | Command::PlaceEntry { .. } => "Move entry",
            Command::SetHead { .. } => "Edit entry",
            Command::SetLine { .. } => "Edit field",
            Command::InsertLine { .. } => "Add field",
            Command::RemoveLine { .. } => "Remove field",
            Command::MoveLine { .. } => "Reorder fields",
            Command::SetEntryText { .. } | Command::SetEntryBody { .. } => "Edit entry",
            Command::AddSection { .. } | Command::RestoreSection { .. } => "Add section",
            Command::RenameSection { .. } => "Rename section",
            Command::RemoveSection { .. } => "Remove section",
            Command::MoveSection { .. } => "Move section",
            Command::SetTitle { .. } => "Edit title",
            Command::SetTagline { .. } => "Edit tagline",
            Command::SetDigest { .. } => "Edit digest",
            Command::SetWarmupItem { .. } => "Edit warm-up item",
            Command::InsertWarmupItem { .. } => "Add warm-up item",
            Command::RemoveWarmupItem { .. } => "Remove warm-up item",
            Command::MoveWarmupItem { .. } => "Reorder warm-up items",
            Command::RestorePreamble { .. } => "Edit preamble",
            Command::ReplaceIssue { .. } => "Apply fix",
            Command::AddTitle { .. } => "Add title",
            Command::AddUsualSections { .. } => "Add the usual sections",
            Command::EntryFromUrl { .. } => "Make an entry of an address",
            Command::TakeFromInbox { .. } => "Take from the inbox",
            Command::ReturnToInbox { .. } => "Return to the inbox",
        }
    }
}

/// One line: no `\n`, and a `\r` only at the end (a CRLF file's decor).
pub(crate) fn single_line(s: &str, what: &str) -> Result<(), CommandError> {
    if s.contains('\n') || s.trim_end_matches('\r').contains('\r') {
        return Err(CommandError::Invalid(format!("{what} must be one line")));
    }
    Ok(())
}

/// A continuation line must stay one when the file is loaded again.
pub(super) fn check_body_line(line: &BodyLine, kind: SectionKind) -> Result<(), CommandError> {
    let text = render::body_line(line);
    single_line(&text, "a line of an entry")?;
    if !parse::continues_entry(&text, kind) {
        return Err(CommandError::Invalid(
            "this line would end the entry (a blank line, a bullet at column 0, a heading or a rule)".into(),
        ));
    }
    Ok(())
}

pub(super) fn check_head(head: &Head) -> Result<(), CommandError> {
    let line = render::head_line("- ", head);
    single_line(&line, "an entry's first line")
}

/// Parses the text of one entry, refusing what would not stay one entry.
pub fn entry_from_text(text: &str, kind: SectionKind, id: EntryId) -> Result<Entry, CommandError> {
    let lines: Vec<&str> = text.split('\n').collect();
    if !parse::can_head_entry(lines[0]) || lines[1..].iter().any(|l| !parse::continues_entry(l, kind)) {
        return Err(CommandError::Invalid(
            "this text is not one entry: it holds a blank line, a second bullet, a heading or a rule".into(),
        ));
    }
    Ok(parse::parse_entry(&lines, kind, id))
}

/// New lines in a CRLF file end in CRLF too: the `\r` is trailing decor.
pub(crate) fn fit_trail(crlf: bool, trail: &mut Str) {
    if crlf && !trail.ends_with('\r') {
        trail.push('\r');
    }
}
