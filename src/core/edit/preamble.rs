//! Edits of the preamble: the title, the tagline, the digest, the warm-up news.

use crate::core::edit::command::{Command, CommandError, fit_trail, single_line};
use crate::core::format::model::*;

/// The intro line a warm-up list gets when an issue had none.
pub const DEFAULT_WARMUP_INTRO: &str = "先来看几条热身小新闻：";

fn title_mut(issue: &mut Issue) -> Option<&mut TitleLine> {
    issue.preamble.iter_mut().find_map(|b| match b {
        PreambleBlock::Title(t) => Some(t),
        _ => None,
    })
}

/// Where a new block goes after the title, tagline and digest: the index
/// after the last of them.
fn after_heading_blocks(issue: &Issue) -> usize {
    issue
        .preamble
        .iter()
        .rposition(|b| {
            matches!(
                b,
                PreambleBlock::Title(_)
                    | PreambleBlock::Tagline(_)
                    | PreambleBlock::Digest(_)
                    | PreambleBlock::FrontMatter(_)
            )
        })
        .map(|i| i + 1)
        .unwrap_or(0)
}

/// Applies a preamble command. The caller restores the preamble on error.
pub(crate) fn apply(issue: &mut Issue, cmd: Command) -> Result<(), CommandError> {
    let eol = issue.eol_decor().to_string();
    match cmd {
        Command::SetTitle { date, subtitle } => {
            single_line(&date, "the date")?;
            single_line(&subtitle, "the subtitle")?;
            let t = title_mut(issue).ok_or(CommandError::Missing("title"))?;
            if t.subtitle.is_empty() && !subtitle.is_empty() && t.subtitle_sep.is_empty() {
                t.subtitle_sep = "：".into();
            }
            if subtitle.is_empty() {
                t.subtitle_sep.clear();
            }
            t.date = date.into();
            t.subtitle = subtitle.into();
            Ok(())
        }
        Command::SetTagline { text } => {
            single_line(&text, "the tagline")?;
            let t = issue
                .preamble
                .iter_mut()
                .find_map(|b| match b {
                    PreambleBlock::Tagline(t) => Some(t),
                    _ => None,
                })
                .ok_or(CommandError::Missing("tagline"))?;
            t.text = text.into();
            Ok(())
        }
        Command::SetDigest { text } => {
            let new_lines: Vec<&str> = text.split('\n').collect();
            let pos = issue.preamble.iter().position(|b| matches!(b, PreambleBlock::Digest(_)));
            let pos = match pos {
                Some(p) => p,
                None => {
                    let at = after_heading_blocks(issue);
                    issue.preamble.insert(at, PreambleBlock::Blank(eol.clone()));
                    issue.preamble.insert(
                        at + 1,
                        PreambleBlock::Digest(Digest {
                            label: "导读".into(), colon: "：".into(), lines: Vec::new()
                        }),
                    );
                    at + 1
                }
            };
            let PreambleBlock::Digest(d) = &mut issue.preamble[pos] else { unreachable!() };
            let old = std::mem::take(&mut d.lines);
            let last_trail = old.last().map(|l| l.trail.clone()).unwrap_or_else(|| eol.as_str().into());
            d.lines = new_lines
                .iter()
                .enumerate()
                .map(|(i, text)| match old.get(i) {
                    Some(o) => QuoteLine { marker: o.marker.clone(), text: (*text).into(), trail: o.trail.clone() },
                    None => QuoteLine { marker: "> ".into(), text: (*text).into(), trail: last_trail.clone() },
                })
                .collect();
            Ok(())
        }
        Command::SetWarmupItem { index, mut item } => {
            check_item(&item)?;
            fit_trail(issue.crlf, &mut item.trail);
            let slot = warmup_slot(issue, index).ok_or(CommandError::OutOfRange(index))?;
            *slot = item;
            Ok(())
        }
        Command::InsertWarmupItem { index, mut item } => {
            check_item(&item)?;
            fit_trail(issue.crlf, &mut item.trail);
            let count = issue.warmup_items().len();
            if index > count {
                return Err(CommandError::OutOfRange(index));
            }
            let (block, i) = if index < count {
                warmup_position(issue, index).ok_or(CommandError::OutOfRange(index))?
            } else if count > 0 {
                let (b, i) = warmup_position(issue, count - 1).ok_or(CommandError::OutOfRange(index))?;
                (b, i + 1)
            } else {
                (ensure_warmup_block(issue), 0)
            };
            let PreambleBlock::Warmup(items) = &mut issue.preamble[block] else { unreachable!() };
            items.insert(i, item);
            Ok(())
        }
        Command::RemoveWarmupItem { index } => {
            let (block, i) = warmup_position(issue, index).ok_or(CommandError::OutOfRange(index))?;
            let PreambleBlock::Warmup(items) = &mut issue.preamble[block] else { unreachable!() };
            items.remove(i);
            if items.is_empty() {
                issue.preamble.remove(block);
            }
            Ok(())
        }
        Command::MoveWarmupItem { from, to } => {
            let count = issue.warmup_items().len();
            if from >= count || to >= count {
                return Err(CommandError::OutOfRange(from.max(to)));
            }
            let (block, i) = warmup_position(issue, from).ok_or(CommandError::OutOfRange(from))?;
            let PreambleBlock::Warmup(items) = &mut issue.preamble[block] else { unreachable!() };
            let item = items.remove(i);
            // `to` counts the items left after the removal; past them is the
            // end of the last warm-up block.
            let (block, i) = match warmup_position(issue, to) {
                Some(p) => p,
                None => {
                    let last =
                        issue.preamble.iter().rposition(|b| matches!(b, PreambleBlock::Warmup(_))).unwrap_or(block);
                    let len = match &issue.preamble[last] {
                        PreambleBlock::Warmup(items) => items.len(),
                        _ => 0,
                    };
                    (last, len)
                }
            };
            let PreambleBlock::Warmup(items) = &mut issue.preamble[block] else { unreachable!() };
            items.insert(i.min(items.len()), item);
            Ok(())
        }
        other => Err(CommandError::Invalid(format!("not a preamble command: {}", other.label()))),
    }
}

fn check_item(item: &WarmupItem) -> Result<(), CommandError> {
    for s in [&item.bullet, &item.subject, &item.colon, &item.text, &item.url, &item.terminator, &item.trail] {
        single_line(s, "a warm-up item")?;
    }
    if !item.bullet.starts_with(['-', '–', '*']) {
        return Err(CommandError::Invalid("a warm-up item starts with a bullet".into()));
    }
    Ok(())
}

/// (block index, index inside the block) of the flat warm-up index.
fn warmup_position(issue: &Issue, index: usize) -> Option<(usize, usize)> {
    let mut seen = 0;
    for (b, block) in issue.preamble.iter().enumerate() {
        if let PreambleBlock::Warmup(items) = block {
            if index < seen + items.len() {
                return Some((b, index - seen));
            }
            seen += items.len();
        }
    }
    None
}

fn warmup_slot(issue: &mut Issue, index: usize) -> Option<&mut WarmupItem> {
    let (b, i) = warmup_position(issue, index)?;
    match &mut issue.preamble[b] {
        PreambleBlock::Warmup(items) => items.get_mut(i),
        _ => None,
    }
}

/// The warm-up block, created (with its intro line) when the issue has none.
fn ensure_warmup_block(issue: &mut Issue) -> usize {
    if let Some(b) = issue.preamble.iter().position(|b| matches!(b, PreambleBlock::Warmup(_))) {
        return b;
    }
    let eol = issue.eol_decor().to_string();
    let at = match issue.preamble.iter().position(|b| matches!(b, PreambleBlock::WarmupIntro(_))) {
        Some(intro) => intro + 1,
        None => {
            let at = after_heading_blocks(issue);
            issue.preamble.insert(at, PreambleBlock::Blank(eol.clone()));
            issue.preamble.insert(
                at + 1,
                PreambleBlock::WarmupIntro(Decorated { text: DEFAULT_WARMUP_INTRO.into(), trail: eol.as_str().into() }),
            );
            at + 2
        }
    };
    issue.preamble.insert(at, PreambleBlock::Blank(eol));
    issue.preamble.insert(at + 1, PreambleBlock::Warmup(Vec::new()));
    at + 1
}

impl WarmupItem {
    /// A new item in the usual style: `- Subject：text；`.
    pub fn usual(subject: &str, text: &str, url: &str, last: bool) -> WarmupItem {
        WarmupItem {
            bullet: "- ".into(),
            subject: subject.into(),
            colon: if subject.is_empty() { Str::default() } else { "：".into() },
            text: text.into(),
            link: if url.is_empty() { WarmupLink::None } else { WarmupLink::Text },
            url: url.into(),
            terminator: if last { "。".into() } else { "；".into() },
            trail: Str::default(),
        }
    }
}
