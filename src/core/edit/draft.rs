//! Turning a scratch draft into an issue, each step one undoable command:
//! add the title ([`Command::AddTitle`]), add the usual sections
//! ([`Command::AddUsualSections`]), make an entry of a bare address
//! ([`Command::EntryFromUrl`]). Entries leave the unnamed group by
//! [`Command::MoveEntry`], like any other move.
//!
//! The unnamed group (entries before any `## ` heading) is `sections[0]`
//! when present: it has no heading, so it cannot be renamed or moved, and no
//! section can go above it.

use crate::core::edit::command::{Command, CommandError};
use crate::core::format::model::*;
use crate::core::format::parse::{self, is_bare_url_line, split_trail};
use crate::core::format::style::HARD_BREAK;

pub(crate) fn unnamed_error() -> CommandError {
    CommandError::Invalid("the entries not in a section yet have no heading: add a section and move them there".into())
}

/// No section goes above the unnamed group: the file would put its lines
/// under that section's heading.
pub(crate) fn check_section_index(issue: &Issue, index: usize) -> Result<(), CommandError> {
    if index == 0 && issue.unnamed_group().is_some() {
        return Err(CommandError::Invalid(
            "a section cannot go above the entries not in a section yet (they would fall under its heading)".into(),
        ));
    }
    Ok(())
}

/// The usual section titles the issue does not have yet, in their order.
pub fn missing_usual_sections(issue: &Issue) -> Vec<&'static str> {
    SectionKind::USUAL.into_iter().filter(|t| !issue.named_sections().any(|s| s.heading.title.trim() == *t)).collect()
}

/// The command adding the usual sections the issue lacks, with fresh ids;
/// `None` when it has all four.
pub fn add_usual_sections(issue: &Issue) -> Option<Command> {
    let n = missing_usual_sections(issue).len();
    (n > 0).then(|| Command::AddUsualSections { ids: (0..n as u64).map(|k| SectionId(issue.next_id + k)).collect() })
}

/// Every bare address line that [`Command::EntryFromUrl`] can turn into an
/// entry: (section, item index), in file order.
pub fn bare_url_items(issue: &Issue) -> Vec<(SectionId, usize)> {
    let mut out = Vec::new();
    for s in &issue.sections {
        for (i, item) in s.items.iter().enumerate() {
            if let SectionItem::Text(l) = item
                && is_bare_url_line(l)
            {
                out.push((s.id, i));
            }
        }
    }
    out
}

/// The command making an entry of the bare address at `item` of `section`,
/// with a fresh id.
pub fn entry_from_url(issue: &Issue, section: SectionId, item: usize) -> Command {
    Command::EntryFromUrl { section, item, id: EntryId(issue.next_id) }
}

/// Applies the draft commands; returns the inverse.
pub(crate) fn apply(issue: &mut Issue, cmd: Command) -> Result<Command, CommandError> {
    match cmd {
        Command::AddTitle { blocks } => {
            if issue.title().is_some() {
                return Err(CommandError::Invalid("the issue has a title already".into()));
            }
            if blocks.iter().filter(|b| matches!(b, PreambleBlock::Title(_))).count() != 1 {
                return Err(CommandError::Invalid("the blocks to add hold no title".into()));
            }
            let old = issue.preamble.clone();
            let at = usize::from(matches!(issue.preamble.first(), Some(PreambleBlock::FrontMatter(_))));
            let blocks = match at {
                // The issue's own front matter stays; the template's is dropped.
                1 => blocks.into_iter().filter(|b| !matches!(b, PreambleBlock::FrontMatter(_))).collect(),
                _ => blocks,
            };
            issue.preamble.splice(at..at, blocks);
            Ok(Command::RestorePreamble { blocks: old })
        }
        Command::AddUsualSections { ids } => {
            let titles = missing_usual_sections(issue);
            if titles.is_empty() {
                return Err(CommandError::Invalid("the issue has the usual sections already".into()));
            }
            if ids.len() != titles.len() {
                return Err(CommandError::Invalid(format!("{} ids for {} sections", ids.len(), titles.len())));
            }
            for (k, id) in ids.iter().enumerate() {
                if issue.sections.iter().any(|s| s.id.0 == id.0)
                    || issue.entries().any(|(_, e)| e.id.0 == id.0)
                    || ids[..k].contains(id)
                {
                    return Err(CommandError::IdInUse(id.0));
                }
            }
            let old = issue.clone();
            let eol = issue.eol_decor();
            let trail = issue.named_sections().next().map(|s| s.heading.trail.clone()).unwrap_or_else(|| eol.into());
            let at =
                issue.sections.iter().position(|s| s.kind() == SectionKind::Archive).unwrap_or(issue.sections.len());
            let new: Vec<Section> = titles
                .iter()
                .zip(&ids)
                .map(|(title, id)| Section {
                    id: *id,
                    heading: Heading { marker: "## ".into(), title: (*title).into(), url: None, trail: trail.clone() },
                    items: vec![SectionItem::Blank(eol.into()), SectionItem::Blank(eol.into())],
                    unnamed: false,
                })
                .collect();
            let at_end = at == issue.sections.len() && issue.footer.is_none();
            issue.sections.splice(at..at, new);
            if at_end {
                // The file ends with a newline after the last new section.
                let last = issue.sections.last_mut().expect("sections were added");
                last.items.pop();
                last.items.push(SectionItem::Blank(String::new()));
            }
            issue.next_id = issue.next_id.max(ids.iter().map(|i| i.0 + 1).max().unwrap_or(0));
            Ok(Command::ReplaceIssue { issue: Box::new(old) })
        }
        Command::EntryFromUrl { section, item, id } => {
            if issue.sections.iter().any(|s| s.id.0 == id.0) || issue.entries().any(|(_, e)| e.id.0 == id.0) {
                return Err(CommandError::IdInUse(id.0));
            }
            let s = issue.section_index(section).ok_or(CommandError::NoSection(section))?;
            let sec = &issue.sections[s];
            let kind = sec.kind();
            let url_line = match sec.items.get(item) {
                Some(SectionItem::Text(l)) if is_bare_url_line(l) => l.as_str(),
                Some(_) => return Err(CommandError::Invalid("that line is not a bare address".into())),
                None => return Err(CommandError::OutOfRange(item)),
            };
            let url = split_trail(url_line).0.trim_start_matches([' ', '\t']);
            // The title: the line of text right above, when it is one.
            let title_line = match item.checked_sub(1).and_then(|i| sec.items.get(i)) {
                Some(SectionItem::Text(l)) if !is_bare_url_line(l) && !l.starts_with(['>', '#', '|']) => {
                    Some(split_trail(l).0.trim())
                }
                _ => None,
            };
            let start = item - usize::from(title_line.is_some());
            // What follows without a blank line would continue the entry when read again.
            let end = item
                + 1
                + sec.items[item + 1..]
                    .iter()
                    .take_while(|i| matches!(i, SectionItem::Text(_) | SectionItem::Raw(_)))
                    .count();
            let head = format!("- [{}]({url}){HARD_BREAK}{}", title_line.unwrap_or(""), issue.eol_decor());
            let mut lines: Vec<&str> = vec![&head];
            for it in &sec.items[item + 1..end] {
                if let SectionItem::Text(l) | SectionItem::Raw(l) = it {
                    lines.push(l);
                }
            }
            let entry = parse::parse_entry(&lines, kind, id);
            let old = issue.clone();
            issue.sections[s].items.splice(start..end, [SectionItem::Entry(entry)]);
            issue.next_id = issue.next_id.max(id.0 + 1);
            Ok(Command::ReplaceIssue { issue: Box::new(old) })
        }
        other => Err(CommandError::Invalid(format!("not a draft command: {}", other.label()))),
    }
}
