//! Edits as data. Every change to an issue is a [`Command`]; applying one
//! returns its inverse, which is how [`crate::core::history`] undoes it.
//! The window only sends these; so do the tests and the CLI.

use super::model::*;
use super::parse;
use super::render;

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
    /// [`crate::core::parse::reparse_keeping_ids`]). Its inverse holds the old issue.
    ReplaceIssue {
        issue: Box<Issue>,
    },
}

use serde::{Deserialize, Serialize};

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
fn check_body_line(line: &BodyLine, kind: SectionKind) -> Result<(), CommandError> {
    let text = render::body_line(line);
    single_line(&text, "a line of an entry")?;
    if !parse::continues_entry(&text, kind) {
        return Err(CommandError::Invalid(
            "this line would end the entry (a blank line, a bullet at column 0, a heading or a rule)".into(),
        ));
    }
    Ok(())
}

fn check_head(head: &Head) -> Result<(), CommandError> {
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

fn fit_entry(crlf: bool, body: &mut EntryBody) {
    match body {
        EntryBody::Typed(t) => {
            fit_trail(crlf, &mut t.head.trail);
            t.lines.iter_mut().for_each(|l| fit_trail(crlf, l.trail_mut()));
        }
        EntryBody::Verbatim(lines) => lines.iter_mut().for_each(|l| {
            if crlf && !l.ends_with('\r') {
                l.push('\r');
            }
        }),
    }
}

/// The kind of the section an entry is in.
fn kind_of(issue: &Issue, id: EntryId) -> Result<SectionKind, CommandError> {
    let (s, _) = issue.locate(id).ok_or(CommandError::NoEntry(id))?;
    Ok(issue.sections[s].kind())
}

fn section_pos(issue: &Issue, id: SectionId) -> Result<usize, CommandError> {
    issue.section_index(id).ok_or(CommandError::NoSection(id))
}

fn id_in_use(issue: &Issue, id: u64) -> bool {
    issue.sections.iter().any(|s| s.id.0 == id) || issue.entries().any(|(_, e)| e.id.0 == id)
}

fn take_entry(issue: &mut Issue, id: EntryId) -> Result<(SectionId, usize, SectionItem), CommandError> {
    let (s, i) = issue.locate(id).ok_or(CommandError::NoEntry(id))?;
    let item = issue.sections[s].items.remove(i);
    Ok((issue.sections[s].id, i, item))
}

fn typed_mut(issue: &mut Issue, id: EntryId) -> Result<&mut TypedEntry, CommandError> {
    issue.entry_mut(id).ok_or(CommandError::NoEntry(id))?.typed_mut().ok_or(CommandError::Verbatim)
}

fn body_of(issue: &Issue, id: EntryId) -> Result<EntryBody, CommandError> {
    Ok(issue.entry(id).ok_or(CommandError::NoEntry(id))?.body.clone())
}

/// Applies a command and returns the command that undoes it. On error the
/// issue is unchanged.
pub fn apply(issue: &mut Issue, cmd: Command) -> Result<Command, CommandError> {
    match cmd {
        Command::InsertEntry { section, index, mut entry } => {
            fit_entry(issue.crlf, &mut entry.body);
            if id_in_use(issue, entry.id.0) {
                return Err(CommandError::IdInUse(entry.id.0));
            }
            let s = section_pos(issue, section)?;
            if index > issue.sections[s].entry_count() {
                return Err(CommandError::OutOfRange(index));
            }
            let pos = issue.sections[s].item_index_for_entry(index);
            let id = entry.id;
            issue.sections[s].items.insert(pos, SectionItem::Entry(entry));
            issue.next_id = issue.next_id.max(id.0 + 1);
            Ok(Command::TakeItem { entry: id })
        }
        Command::DeleteEntry { entry } | Command::TakeItem { entry } => {
            let (section, pos, item) = take_entry(issue, entry)?;
            Ok(Command::RestoreItem { section, pos, item })
        }
        Command::RestoreItem { section, pos, item } => {
            let s = section_pos(issue, section)?;
            if pos > issue.sections[s].items.len() {
                return Err(CommandError::OutOfRange(pos));
            }
            let SectionItem::Entry(e) = &item else {
                return Err(CommandError::Invalid("only entries can be restored".into()));
            };
            let id = e.id;
            if id_in_use(issue, id.0) {
                return Err(CommandError::IdInUse(id.0));
            }
            issue.sections[s].items.insert(pos, item);
            Ok(Command::TakeItem { entry: id })
        }
        Command::DuplicateEntry { entry, new_id } => {
            if id_in_use(issue, new_id.0) {
                return Err(CommandError::IdInUse(new_id.0));
            }
            let (s, i) = issue.locate(entry).ok_or(CommandError::NoEntry(entry))?;
            let SectionItem::Entry(e) = &issue.sections[s].items[i] else { unreachable!("locate finds entries") };
            let copy = Entry { id: new_id, body: e.body.clone() };
            issue.sections[s].items.insert(i + 1, SectionItem::Entry(copy));
            issue.next_id = issue.next_id.max(new_id.0 + 1);
            Ok(Command::TakeItem { entry: new_id })
        }
        Command::MoveEntry { entry, section, index } => {
            let target = section_pos(issue, section)?;
            let (from_s, from_i) = issue.locate(entry).ok_or(CommandError::NoEntry(entry))?;
            let old_section = issue.sections[from_s].id;
            let count = issue.sections[target].entry_count() - usize::from(target == from_s);
            if index > count {
                return Err(CommandError::OutOfRange(index));
            }
            let item = issue.sections[from_s].items.remove(from_i);
            let pos = issue.sections[target].item_index_for_entry(index);
            issue.sections[target].items.insert(pos, item);
            Ok(Command::PlaceEntry { entry, section: old_section, pos: from_i })
        }
        Command::PlaceEntry { entry, section, pos } => {
            let target = section_pos(issue, section)?;
            let (from_s, from_i) = issue.locate(entry).ok_or(CommandError::NoEntry(entry))?;
            let len = issue.sections[target].items.len() - usize::from(target == from_s);
            if pos > len {
                return Err(CommandError::OutOfRange(pos));
            }
            let old_section = issue.sections[from_s].id;
            let item = issue.sections[from_s].items.remove(from_i);
            issue.sections[target].items.insert(pos, item);
            Ok(Command::PlaceEntry { entry, section: old_section, pos: from_i })
        }
        Command::SetHead { entry, mut head } => {
            check_head(&head)?;
            fit_trail(issue.crlf, &mut head.trail);
            let old = body_of(issue, entry)?;
            typed_mut(issue, entry)?.head = head;
            Ok(Command::SetEntryBody { entry, body: old })
        }
        Command::SetLine { entry, index, mut line } => {
            check_body_line(&line, kind_of(issue, entry)?)?;
            fit_trail(issue.crlf, line.trail_mut());
            let old = body_of(issue, entry)?;
            let t = typed_mut(issue, entry)?;
            let slot = t.lines.get_mut(index).ok_or(CommandError::OutOfRange(index))?;
            *slot = line;
            Ok(Command::SetEntryBody { entry, body: old })
        }
        Command::InsertLine { entry, index, mut line } => {
            check_body_line(&line, kind_of(issue, entry)?)?;
            fit_trail(issue.crlf, line.trail_mut());
            let old = body_of(issue, entry)?;
            let t = typed_mut(issue, entry)?;
            if index > t.lines.len() {
                return Err(CommandError::OutOfRange(index));
            }
            t.lines.insert(index, line);
            Ok(Command::SetEntryBody { entry, body: old })
        }
        Command::RemoveLine { entry, index } => {
            let old = body_of(issue, entry)?;
            let t = typed_mut(issue, entry)?;
            if index >= t.lines.len() {
                return Err(CommandError::OutOfRange(index));
            }
            t.lines.remove(index);
            Ok(Command::SetEntryBody { entry, body: old })
        }
        Command::MoveLine { entry, from, to } => {
            let old = body_of(issue, entry)?;
            let t = typed_mut(issue, entry)?;
            if from >= t.lines.len() || to >= t.lines.len() {
                return Err(CommandError::OutOfRange(from.max(to)));
            }
            let line = t.lines.remove(from);
            t.lines.insert(to, line);
            Ok(Command::SetEntryBody { entry, body: old })
        }
        Command::SetEntryText { entry, text } => {
            let mut parsed = entry_from_text(&text, kind_of(issue, entry)?, entry)?;
            fit_entry(issue.crlf, &mut parsed.body);
            let e = issue.entry_mut(entry).ok_or(CommandError::NoEntry(entry))?;
            let old = std::mem::replace(&mut e.body, parsed.body);
            Ok(Command::SetEntryBody { entry, body: old })
        }
        Command::SetEntryBody { entry, body } => {
            let e = issue.entry_mut(entry).ok_or(CommandError::NoEntry(entry))?;
            let old = std::mem::replace(&mut e.body, body);
            Ok(Command::SetEntryBody { entry, body: old })
        }
        Command::AddSection { index, id, title } => {
            single_line(&title, "a section title")?;
            if id_in_use(issue, id.0) {
                return Err(CommandError::IdInUse(id.0));
            }
            if index > issue.sections.len() {
                return Err(CommandError::OutOfRange(index));
            }
            let blank = || SectionItem::Blank(issue.eol_decor().to_string());
            let section = Section {
                id,
                heading: Heading {
                    marker: "## ".into(),
                    title: title.trim().into(),
                    url: None,
                    trail: issue.eol_decor().into(),
                },
                items: vec![blank(), blank(), blank()],
            };
            issue.sections.insert(index, section);
            issue.next_id = issue.next_id.max(id.0 + 1);
            Ok(Command::RemoveSection { section: id })
        }
        Command::RenameSection { section, title } => {
            single_line(&title, "a section title")?;
            let s = section_pos(issue, section)?;
            let old = std::mem::replace(&mut issue.sections[s].heading.title, title.into());
            Ok(Command::RenameSection { section, title: old.into() })
        }
        Command::RemoveSection { section } => {
            let s = section_pos(issue, section)?;
            let removed = issue.sections.remove(s);
            Ok(Command::RestoreSection { index: s, section: removed })
        }
        Command::RestoreSection { index, section } => {
            if index > issue.sections.len() {
                return Err(CommandError::OutOfRange(index));
            }
            let id = section.id;
            issue.sections.insert(index, section);
            Ok(Command::RemoveSection { section: id })
        }
        Command::MoveSection { section, index } => {
            let s = section_pos(issue, section)?;
            if index >= issue.sections.len() {
                return Err(CommandError::OutOfRange(index));
            }
            let moved = issue.sections.remove(s);
            issue.sections.insert(index, moved);
            Ok(Command::MoveSection { section, index: s })
        }
        Command::ReplaceIssue { issue: new } => {
            let old = std::mem::replace(issue, *new);
            Ok(Command::ReplaceIssue { issue: Box::new(old) })
        }
        Command::RestorePreamble { blocks } => {
            let old = std::mem::replace(&mut issue.preamble, blocks);
            Ok(Command::RestorePreamble { blocks: old })
        }
        cmd @ (Command::SetTitle { .. }
        | Command::SetTagline { .. }
        | Command::SetDigest { .. }
        | Command::SetWarmupItem { .. }
        | Command::InsertWarmupItem { .. }
        | Command::RemoveWarmupItem { .. }
        | Command::MoveWarmupItem { .. }) => {
            let old = issue.preamble.clone();
            match super::preamble::apply(issue, cmd) {
                Ok(()) => Ok(Command::RestorePreamble { blocks: old }),
                Err(e) => {
                    issue.preamble = old;
                    Err(e)
                }
            }
        }
    }
}
