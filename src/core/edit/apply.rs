//! Applying a [`Command`] to an issue: the one place where the model is
//! changed. Returns the inverse command, which is how the history undoes.

use crate::core::format::model::*;

use crate::core::edit::command::*;
use crate::core::edit::{draft, preamble};

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
        Command::TakeFromInbox { section, index, entry, item } => {
            let id = entry.id;
            apply(issue, Command::InsertEntry { section, index, entry })?;
            Ok(Command::ReturnToInbox { entry: id, item })
        }
        Command::ReturnToInbox { entry, item } => {
            let (s, index) = issue.entry_position(entry).ok_or(CommandError::NoEntry(entry))?;
            let section = issue.sections[s].id;
            let (_, _, taken) = take_entry(issue, entry)?;
            let SectionItem::Entry(entry) = taken else { unreachable!("take_entry takes entries") };
            Ok(Command::TakeFromInbox { section, index, entry, item })
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
            // The app never writes what its checks flag: a source typed into
            // a new entry gets its ` | `, whatever the neighbours look like.
            crate::core::format::style::fit_head(&mut head);
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
            draft::check_section_index(issue, index)?;
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
                unnamed: false,
            };
            issue.sections.insert(index, section);
            issue.next_id = issue.next_id.max(id.0 + 1);
            Ok(Command::RemoveSection { section: id })
        }
        Command::RenameSection { section, title } => {
            single_line(&title, "a section title")?;
            let s = section_pos(issue, section)?;
            if issue.sections[s].unnamed {
                return Err(draft::unnamed_error());
            }
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
            if issue.sections[s].unnamed {
                return Err(draft::unnamed_error());
            }
            draft::check_section_index(issue, index)?;
            let moved = issue.sections.remove(s);
            issue.sections.insert(index, moved);
            Ok(Command::MoveSection { section, index: s })
        }
        Command::ReplaceIssue { issue: new } => {
            let old = std::mem::replace(issue, *new);
            Ok(Command::ReplaceIssue { issue: Box::new(old) })
        }
        cmd @ (Command::AddTitle { .. } | Command::AddUsualSections { .. } | Command::EntryFromUrl { .. }) => {
            draft::apply(issue, cmd)
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
            match preamble::apply(issue, cmd) {
                Ok(()) => Ok(Command::RestorePreamble { blocks: old }),
                Err(e) => {
                    issue.preamble = old;
                    Err(e)
                }
            }
        }
    }
}
