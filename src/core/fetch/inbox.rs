//! The links inbox: one per repository, `inbox.md` at its root, a readable
//! markdown file of entries in the newsletter's own format, so it diffs in
//! git, two editors share it, and an item is already an entry when it is
//! taken into an issue. (At the root, not in `embedded-ai-report/`, so no
//! tool takes it for an issue and the README's archive never lists it; not
//! hidden in a dot folder, so people see it and edit it by hand too.)
//!
//! The file is read with the issue parser (its entries stand before any
//! `## ` heading, the unnamed group of a draft) and written back with the
//! renderer: an inbox file comes back byte for byte, and only the items
//! touched change.
//!
//! - [`intake`] turns any text into item drafts: one URL, thirty URLs, or
//!   notes shaped like the newsletter's scratch drafts (a title line with a
//!   URL under it, `论文：…`, `链接：https://…`, `GitHub 地址：https://…`
//!   lines, pasted paragraphs).
//! - [`Inbox::add`] appends them, marking each that duplicates another item
//!   or an entry of the archive with a `重复：` line.
//! - [`Inbox::take_command`] builds the [`Command::TakeFromInbox`] that moves
//!   an item into a section of an issue as one undoable step;
//!   [`Inbox::apply_effects`] carries out its effect on the inbox.

use std::path::{Path, PathBuf};

use crate::core::edit::apply;
use crate::core::edit::command::{Command, CommandError, InboxEffect, InboxItemRef, entry_from_text};
use crate::core::editorial::links::{normalize_url, urls_in_line};
use crate::core::fetch::providers::archive::ArchiveIndex;
use crate::core::fetch::{Meta, fill_command, link_title, providers, sanitize, target_url};
use crate::core::files::io::{self, FileError};
use crate::core::format::model::*;
use crate::core::format::parse::{self, parse_head};
use crate::core::format::render;
use crate::core::format::style::{DraftLine, EntryDraft};

/// The inbox's file name, at the repository's root.
pub const FILE_NAME: &str = "inbox.md";

/// The label of the line that marks a duplicate.
pub const DUPLICATE_LABEL: &str = "重复";

/// What a new inbox file starts with.
pub const HEADER: &str = "# 收件箱\n\n> 注：下一期的候选链接，每条一个条目，格式与简报相同。`jianbao inbox add` 收进来，`jianbao inbox take` 放进一期。\n\n";

/// The inbox of the repository at `root`.
pub fn path_in(root: &Path) -> PathBuf {
    root.join(FILE_NAME)
}

/// One item of the inbox.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// Its position among the inbox's items (file order), from 0.
    pub pos: usize,
    pub id: EntryId,
    /// Its exact text, lines joined by `\n`.
    pub text: String,
    pub url: String,
    pub title: String,
    pub source: Option<String>,
    /// The `重复：` mark, if any.
    pub duplicate: Option<String>,
}

/// An inbox, parsed.
#[derive(Clone, Debug)]
pub struct Inbox {
    issue: Issue,
}

impl Inbox {
    /// An inbox read from text (any text: it is kept byte for byte).
    pub fn parse(text: &str) -> Inbox {
        Inbox { issue: parse::parse(text) }
    }

    /// A new, empty inbox.
    pub fn new() -> Inbox {
        Inbox::parse(HEADER)
    }

    /// The repository's inbox; a new one when the file does not exist.
    pub fn load(root: &Path) -> Result<Inbox, FileError> {
        let path = path_in(root);
        if !path.exists() {
            return Ok(Inbox::new());
        }
        Ok(Inbox { issue: io::load_issue(&path)? })
    }

    /// Writes the inbox to the repository (atomically).
    pub fn save(&self, root: &Path) -> Result<(), FileError> {
        io::write_atomic(&path_in(root), self.text().as_bytes())
    }

    /// The file's text.
    pub fn text(&self) -> String {
        render::render(&self.issue)
    }

    pub fn issue(&self) -> &Issue {
        &self.issue
    }

    /// The items, in file order.
    pub fn items(&self) -> Vec<Item> {
        self.issue
            .entries()
            .enumerate()
            .map(|(pos, (_, e))| {
                let text = render::entry_text(&e.body).replace('\r', "");
                let (url, title, source, duplicate) = match e.typed() {
                    Some(t) => (
                        t.head.url.to_string(),
                        t.head.title.to_string(),
                        t.head.source.as_deref().map(str::to_string),
                        t.field(DUPLICATE_LABEL).map(str::to_string),
                    ),
                    None => {
                        let url = urls_in_line(&text).first().map(|u| u.url.to_string()).unwrap_or_default();
                        (url, text.lines().next().unwrap_or("").to_string(), None, None)
                    }
                };
                Item { pos, id: e.id, text, url, title, source, duplicate }
            })
            .collect()
    }

    /// Adds items at the end, each marked (`重复：…`) when its link is
    /// already in the inbox, earlier in this same intake, or in the archive.
    /// Returns the positions of the new items.
    pub fn add(&mut self, drafts: &[EntryDraft], archive: Option<&ArchiveIndex>) -> Vec<usize> {
        let mut seen: Vec<String> =
            self.items().iter().filter(|i| !i.url.is_empty()).map(|i| normalize_url(&i.url)).collect();
        let first = self.items().len();
        let mut text = self.text();
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        let eol = if self.issue.crlf { "\r\n" } else { "\n" };
        for draft in drafts {
            let mut draft = draft.clone();
            draft.lines.retain(|l| !matches!(l, DraftLine::Field { label, .. } if label == DUPLICATE_LABEL));
            if !draft.url.is_empty() {
                let key = normalize_url(&draft.url);
                let mark = if let Some((already, _)) = archive.and_then(|a| a.lookup(&draft.url)) {
                    Some(format!("已在 {} · {}", already.date, already.section))
                } else if seen.contains(&key) {
                    Some("收件箱里已有".to_string())
                } else {
                    None
                };
                if let Some(mark) = mark {
                    draft.lines.insert(0, DraftLine::Field { label: DUPLICATE_LABEL.into(), value: mark.into() });
                }
                seen.push(key);
            }
            for line in item_text(&draft).split('\n') {
                text.push_str(line);
                text.push_str(eol);
            }
        }
        self.issue = parse::parse(&text);
        (first..first + drafts.len()).collect()
    }

    /// Fills an item's empty fields from a fill's answer (its link stays).
    /// Returns whether anything changed.
    pub fn fill(&mut self, pos: usize, meta: &Meta) -> Result<bool, CommandError> {
        let item = self.items().into_iter().nth(pos).ok_or(CommandError::OutOfRange(pos))?;
        match fill_command(&self.issue, item.id, meta, false)? {
            Some(cmd) => {
                apply::apply(&mut self.issue, cmd)?;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// An item whose fill failed keeps something to read: with no title, its
    /// link becomes its title (a later fill still replaces it). Returns
    /// whether anything changed.
    pub fn keep_link_as_title(&mut self, pos: usize) -> Result<bool, CommandError> {
        let item = self.items().into_iter().nth(pos).ok_or(CommandError::OutOfRange(pos))?;
        if !item.title.trim().is_empty() || item.url.trim().is_empty() {
            return Ok(false);
        }
        let meta = Meta { title: link_title(&item.url), ..Meta::default() };
        self.fill(pos, &meta)
    }

    /// Removes the item at `pos`.
    pub fn remove(&mut self, pos: usize) -> Result<(), CommandError> {
        let item = self.items().into_iter().nth(pos).ok_or(CommandError::OutOfRange(pos))?;
        apply::apply(&mut self.issue, Command::DeleteEntry { entry: item.id })?;
        Ok(())
    }

    /// Puts an item's text back at `pos` (after the last item when `pos` is past the end).
    pub fn restore(&mut self, pos: usize, text: &str) -> Result<(), CommandError> {
        let items = self.items();
        let (section, index) = match items.get(pos) {
            Some(it) => {
                let (s, i) = self.issue.entry_position(it.id).expect("an item is an entry");
                (self.issue.sections[s].id, i)
            }
            None => match items.last() {
                Some(it) => {
                    let (s, i) = self.issue.entry_position(it.id).expect("an item is an entry");
                    (self.issue.sections[s].id, i + 1)
                }
                None => {
                    // An inbox with no item: add it as text and read it again.
                    let mut t = self.text();
                    if !t.is_empty() && !t.ends_with('\n') {
                        t.push('\n');
                    }
                    t.push_str(text);
                    t.push('\n');
                    self.issue = parse::parse(&t);
                    return Ok(());
                }
            },
        };
        let kind = self.issue.section(section).map_or(SectionKind::Other, |s| s.kind());
        let id = self.issue.new_entry_id();
        let entry = entry_from_text(text, kind, id)?;
        apply::apply(&mut self.issue, Command::InsertEntry { section, index, entry })?;
        Ok(())
    }

    /// Carries out what an issue's steps did to the inbox (see
    /// [`crate::core::edit::history::Document::take_inbox_effects`]): a taken
    /// item leaves, an undone take comes back at its place. An item already
    /// gone (edited by hand meanwhile) is left alone.
    pub fn apply_effects(&mut self, effects: &[InboxEffect]) -> Result<(), CommandError> {
        for effect in effects {
            match effect {
                InboxEffect::Removed(item) => {
                    let items = self.items();
                    let at = items
                        .iter()
                        .position(|i| i.pos == item.pos && i.text == item.text)
                        .or_else(|| items.iter().position(|i| i.text == item.text));
                    if let Some(at) = at {
                        self.remove(at)?;
                    }
                }
                InboxEffect::Restored(item) => self.restore(item.pos, &item.text)?,
            }
        }
        Ok(())
    }

    /// The command that takes the item at `pos` into `section` of `issue` at
    /// entry position `index` (`None`: the end), as entry `id` (a fresh id
    /// of that issue, e.g. `Document::new_entry_id`). The `重复：` mark is
    /// left behind. Apply it with `Document::apply`; then drain the
    /// document's inbox effects into [`Inbox::apply_effects`].
    pub fn take_command(
        &self,
        pos: usize,
        issue: &Issue,
        section: SectionId,
        index: Option<usize>,
        id: EntryId,
    ) -> Result<Command, CommandError> {
        let item = self.items().into_iter().nth(pos).ok_or(CommandError::OutOfRange(pos))?;
        let sec = issue.section(section).ok_or(CommandError::NoSection(section))?;
        let text: Vec<&str> = item
            .text
            .split('\n')
            .filter(|l| !matches!(parse::parse_body_line(l), BodyLine::Field { label, .. } if label == DUPLICATE_LABEL))
            .collect();
        let entry = entry_from_text(&text.join("\n"), sec.kind(), id)?;
        let index = index.unwrap_or(sec.entry_count());
        Ok(Command::TakeFromInbox { section, index, entry, item: InboxItemRef { pos: item.pos, text: item.text } })
    }
}

impl Default for Inbox {
    fn default() -> Inbox {
        Inbox::new()
    }
}

/// An item's text in the newsletter's style (an item with no link has a
/// plain-text head).
pub fn item_text(draft: &EntryDraft) -> String {
    let mut entry = draft.to_entry();
    crate::core::format::style::fit_head(&mut entry.head);
    if draft.url.is_empty() {
        entry.head.linked = false;
    }
    render::entry_text(&EntryBody::Typed(Box::new(entry)))
}

/// Labels whose URL, under an item that has its link, is an extra link.
fn is_link_label(label: &str) -> bool {
    let l = label.trim().to_ascii_lowercase();
    [
        "论文", "链接", "地址", "代码", "项目", "github", "code", "paper", "文章", "原文", "主页", "视频", "slides",
        "demo",
    ]
    .iter()
    .any(|k| l.contains(k))
}

/// An extra link's text as the newsletter writes it, in double brackets:
/// `GitHub 地址` → `[GitHub 地址]`, rendered `[[GitHub 地址]](…)`.
fn extra_text(label: &str) -> String {
    let l = label.trim().trim_start_matches('[').trim_end_matches(']').trim();
    format!("[{}]", l.replace(['[', ']'], ""))
}

/// An arXiv paper named in a line without an address: `arXiv 2101.00001`,
/// `arXiv:2101.00001v2`, or an id under a link label (`论文：2101.00001`).
/// Returns the id and the line without it (and without its `arXiv`).
fn arxiv_named(line: &str) -> Option<(String, String)> {
    use crate::core::fetch::providers::arxiv::id_of;
    let labelled = split_label(line).is_some_and(|(l, _)| is_link_label(l));
    let is_run = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | ':');
    let mut from = 0;
    while from < line.len() {
        let Some(start) = line[from..].find(is_run).map(|p| from + p) else { break };
        let end = line[start..].find(|c: char| !is_run(c)).map_or(line.len(), |p| start + p);
        from = end;
        let run = &line[start..end];
        let Some(id) = id_of(run.trim_end_matches(['.', ':'])) else { continue };
        let before = line[..start].trim_end_matches([' ', ':', '：', '\u{3000}']);
        let named =
            before.len() >= 5 && before.get(before.len() - 5..).is_some_and(|w| w.eq_ignore_ascii_case("arxiv"));
        let prefixed = run.len() > 6 && run[..6].eq_ignore_ascii_case("arxiv:");
        if !(named || prefixed || labelled) {
            continue;
        }
        let cut = if named { before.len() - 5 } else { start };
        let without = format!("{}{}", &line[..cut], &line[end..]);
        return Some((id, without));
    }
    None
}

/// A person's line as one line of an entry: whitespace collapsed, control
/// characters dropped, and no leading mark that would end the entry
/// (`#`, `>`, `-`, `*`, `+`, `|`). Brackets and links stay: they are the
/// person's own.
fn own_line(s: &str) -> String {
    let mut out = String::new();
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().filter(|c| !c.is_control()));
    }
    let start =
        out.find(|c: char| !matches!(c, '#' | '>' | '-' | '*' | '+' | '|' | '=' | ' ' | '–')).unwrap_or(out.len());
    out[start..].to_string()
}

fn split_label(line: &str) -> Option<(&str, &str)> {
    let (label, value) = line.split_once('：').or_else(|| line.split_once(": "))?;
    let n = label.chars().count();
    (n > 0 && n <= 12 && !label.contains("://")).then_some((label.trim(), value.trim()))
}

/// The link of an input as an entry links it: a bare arXiv id becomes its
/// abs page; an address stays as written.
fn link_of(url: &str) -> String {
    match providers::classify(url) {
        Some(t @ crate::core::fetch::Target::Arxiv { .. }) if !url.contains("://") => target_url(&t),
        _ => url.to_string(),
    }
}

struct Building {
    draft: EntryDraft,
}

impl Building {
    fn new(title: &str, url: &str) -> Building {
        Building {
            draft: EntryDraft {
                title: sanitize::title(title).into(),
                url: link_of(url).into(),
                ..EntryDraft::default()
            },
        }
    }

    fn paragraph(&mut self, line: &str) {
        let line = own_line(line);
        if line.is_empty() {
            return;
        }
        let has_summary =
            self.draft.lines.iter().any(|l| matches!(l, DraftLine::Field { label, .. } if label == "摘要"));
        match split_label(&line) {
            Some((label, value)) if !value.is_empty() && urls_in_line(value).is_empty() => {
                self.draft.lines.push(DraftLine::Field { label: label.into(), value: value.into() })
            }
            _ if !has_summary => self.draft.lines.push(DraftLine::Field { label: "摘要".into(), value: line.into() }),
            _ => self.draft.lines.push(DraftLine::Text { text: line.into() }),
        }
    }
}

/// Turns any text into item drafts (not yet filled): one per link, in
/// order. A title line right above a link is its title; `label：URL` lines
/// under an item that has its link become its extra links (`[[论文]](…)`);
/// other lines become its 摘要 and paragraphs; a bare arXiv id is a link.
/// Text before any link, with no link at all, becomes one plain item, so
/// nothing pasted is lost.
pub fn intake(text: &str) -> Vec<EntryDraft> {
    let mut items: Vec<Building> = Vec::new();
    let mut orphans: Vec<String> = Vec::new();
    for block in text.replace("\r\n", "\n").split("\n\n") {
        let mut cur: Option<usize> = None;
        let mut pending: Vec<String> = Vec::new();
        for raw in block.lines() {
            let line = raw.trim();
            if line.is_empty() {
                continue;
            }
            // An entry line as the newsletter writes it.
            let bullet = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")).unwrap_or(line);
            if let Some(head) = parse_head(bullet, SectionKind::Other).filter(|h| h.linked && !h.url.is_empty()) {
                let mut b = Building::new("", &head.url);
                b.draft.title = head.title.clone();
                b.draft.tags = head.tags.iter().map(|t| t.text.clone()).collect();
                b.draft.repo = head.repo.clone();
                b.draft.source = head.source.clone();
                b.draft.extras = head.extras.iter().map(|e| (e.text.clone(), e.url.clone())).collect();
                flush_pending(&mut items, cur, &mut pending, &mut orphans);
                items.push(b);
                cur = Some(items.len() - 1);
                continue;
            }
            let mut urls: Vec<String> = urls_in_line(line).iter().map(|u| u.url.to_string()).collect();
            // The line without its addresses: a label, a title, or nothing.
            let mut rest = line.to_string();
            if urls.is_empty() {
                if crate::core::fetch::providers::arxiv::id_of(line).is_some() {
                    urls.push(line.to_string());
                } else if let Some((id, without)) = arxiv_named(line) {
                    urls.push(id);
                    rest = without;
                }
            }
            if urls.is_empty() {
                match cur {
                    Some(c) if !items[c].draft.url.is_empty() => items[c].paragraph(line),
                    _ => pending.push(line.to_string()),
                }
                continue;
            }
            for u in &urls {
                rest = rest.replace(u.as_str(), " ");
            }
            let rest = own_line(&rest.replace("[]()", " ").replace("()", " "));
            let (label, rest_text) = match split_label(&rest) {
                Some((l, v)) => (Some(l.to_string()), v.to_string()),
                None => match rest.strip_suffix('：').or_else(|| rest.strip_suffix(':')) {
                    Some(l) if l.chars().count() <= 12 => (Some(l.trim().to_string()), String::new()),
                    _ => (None, rest.clone()),
                },
            };
            let under_item = cur.is_some_and(|c| !items[c].draft.url.is_empty());
            if let (true, Some(l)) = (under_item, label.as_deref().filter(|l| is_link_label(l))) {
                let c = cur.expect("under an item");
                for u in &urls {
                    items[c].draft.extras.push((extra_text(l).into(), link_of(u).into()));
                }
                continue;
            }
            if rest_text.trim().is_empty() {
                let title = pending.pop().unwrap_or_default();
                flush_pending(&mut items, cur, &mut pending, &mut orphans);
                for u in &urls {
                    items.push(Building::new(&title, u));
                }
            } else {
                flush_pending(&mut items, cur, &mut pending, &mut orphans);
                items.push(Building::new(&rest_text, &urls[0]));
                let c = items.len() - 1;
                for u in &urls[1..] {
                    items[c].draft.extras.push((extra_text("链接").into(), link_of(u).into()));
                }
            }
            cur = Some(items.len() - 1);
        }
        // Lines after the last link of a block (or a block of prose after a
        // blank line) belong to the item above them.
        match (cur, items.len()) {
            (Some(c), _) => pending.drain(..).for_each(|l| items[c].paragraph(&l)),
            (None, n) if n > 0 => pending.drain(..).for_each(|l| items[n - 1].paragraph(&l)),
            _ => orphans.append(&mut pending),
        }
    }
    let mut out: Vec<EntryDraft> = Vec::new();
    if !orphans.is_empty() {
        let mut b = Building::new(&orphans[0], "");
        orphans[1..].iter().for_each(|l| b.paragraph(l));
        if items.is_empty() {
            out.push(b.draft);
        } else {
            // Prose before the first link is that item's.
            orphans.iter().rev().for_each(|l| {
                let mut tmp = Building { draft: EntryDraft::default() };
                tmp.paragraph(l);
                items[0].draft.lines.splice(0..0, tmp.draft.lines);
            });
        }
    }
    out.extend(items.into_iter().map(|b| b.draft));
    out
}

fn flush_pending(items: &mut [Building], cur: Option<usize>, pending: &mut Vec<String>, orphans: &mut Vec<String>) {
    match cur.or(items.len().checked_sub(1)) {
        Some(c) => pending.drain(..).for_each(|l| items[c].paragraph(&l)),
        None => orphans.append(pending),
    }
}
