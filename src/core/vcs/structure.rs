//! An issue cut into the pieces versions are compared by: the preamble's
//! lines, the sections (by name) with their entries (by identity) and the
//! text around them, and the footer. Every piece holds the exact lines of
//! the file it came from, so untouched pieces are written back verbatim.

use crate::core::editorial::links::{normalize_url, urls_in_line};
use crate::core::format::model::*;

/// The name the unnamed group of a draft goes by.
pub const UNNAMED: &str = "(no section)";

/// One version of an issue, in pieces.
#[derive(Clone, Debug)]
pub struct Version {
    pub bom: bool,
    pub crlf: bool,
    /// The preamble's lines and, per line, the kind of block it belongs to.
    pub preamble: Vec<String>,
    pub preamble_kinds: Vec<&'static str>,
    pub sections: Vec<Sec>,
    /// From the `----` rule on, if there is one.
    pub footer: Option<Vec<String>>,
    /// Line number (1-based) of the footer's first line (or of the end).
    pub footer_line: usize,
}

/// A section: its heading line, the lines before its first entry (prefix),
/// its entries each with the lines that follow it up to the next entry
/// (gap), and the lines after its last entry (suffix).
#[derive(Clone, Debug)]
pub struct Sec {
    /// The section's identity: its heading's title (`论文`), with `#2`… for
    /// a second section of the same title; [`UNNAMED`] for the unnamed group.
    pub key: String,
    /// The heading's title as written.
    pub name: String,
    pub heading: Option<String>,
    pub prefix: Vec<String>,
    pub units: Vec<Unit>,
    pub suffix: Vec<String>,
    /// Line number (1-based) of the heading (of the first line for the unnamed group).
    pub line: usize,
}

/// An entry and the lines that follow it up to the next entry.
#[derive(Clone, Debug)]
pub struct Unit {
    pub entry: Entry,
    pub lines: Vec<String>,
    pub gap: Vec<String>,
    /// The normalised URL of the entry's main link, if it has one.
    pub url_key: Option<String>,
    /// The entry's title (or first words), trimmed.
    pub title_key: String,
    /// Line number (1-based) of the entry's first line.
    pub line: usize,
}

fn entry_line_count(e: &Entry) -> usize {
    match &e.body {
        EntryBody::Typed(t) => 1 + t.lines.len(),
        EntryBody::Verbatim(lines) => lines.len(),
    }
}

fn block_line_count(b: &PreambleBlock) -> usize {
    match b {
        PreambleBlock::FrontMatter(l) | PreambleBlock::Note(l) => l.len(),
        PreambleBlock::Digest(d) => d.lines.len(),
        PreambleBlock::Warmup(items) => items.len(),
        _ => 1,
    }
}

fn block_kind(b: &PreambleBlock) -> &'static str {
    match b {
        PreambleBlock::FrontMatter(_) => "front matter",
        PreambleBlock::Title(_) => "title",
        PreambleBlock::Tagline(_) => "tagline",
        PreambleBlock::Note(_) => "note",
        PreambleBlock::Digest(_) => "digest",
        PreambleBlock::WarmupIntro(_) => "warm-up intro",
        PreambleBlock::Warmup(_) => "warm-up news",
        PreambleBlock::Blank(_) => "blank line",
        PreambleBlock::Paragraph(_) => "paragraph",
        PreambleBlock::Raw(_) => "raw line",
    }
}

/// The identity keys of an entry: its main link, normalised, and its title.
pub fn entry_keys(entry: &Entry) -> (Option<String>, String) {
    let url = match &entry.body {
        EntryBody::Typed(t) if !t.head.url.trim().is_empty() => Some(normalize_url(&t.head.url)),
        EntryBody::Typed(_) => None,
        EntryBody::Verbatim(lines) => lines.first().and_then(|l| urls_in_line(l).first().map(|u| normalize_url(u.url))),
    };
    (url.filter(|u| !u.is_empty()), entry.label().trim().to_string())
}

impl Sec {
    /// The section's lines outside its entries (heading, prefix, the gaps
    /// after entries, suffix), each with its line number.
    pub fn frame(&self) -> (Vec<String>, Vec<usize>) {
        let mut lines: Vec<String> = Vec::new();
        let mut numbers = Vec::new();
        let mut at = self.line;
        let mut push = |ls: &[String], from: usize, lines: &mut Vec<String>| {
            for (k, l) in ls.iter().enumerate() {
                lines.push(l.clone());
                numbers.push(from + k);
            }
            from + ls.len()
        };
        if let Some(h) = &self.heading {
            at = push(std::slice::from_ref(h), at, &mut lines);
        }
        at = push(&self.prefix, at, &mut lines);
        for u in &self.units {
            at = push(&u.gap, u.line + u.lines.len(), &mut lines);
        }
        push(&self.suffix, at, &mut lines);
        (lines, numbers)
    }
}

impl Version {
    /// Cuts an issue (parsed from `text`) into pieces.
    pub fn new(issue: &Issue, text: &str) -> Version {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let lines: Vec<&str> = text.split('\n').collect();
        let mut at = 0usize;
        let mut take = |n: usize| -> Vec<String> {
            let end = (at + n).min(lines.len());
            let out = lines[at.min(end)..end].iter().map(|s| s.to_string()).collect();
            at = end;
            out
        };
        let mut preamble = Vec::new();
        let mut preamble_kinds = Vec::new();
        for block in &issue.preamble {
            let n = block_line_count(block);
            preamble.extend(take(n));
            preamble_kinds.extend(std::iter::repeat_n(block_kind(block), n));
        }
        preamble_kinds.truncate(preamble.len());
        let mut sections = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        let mut line_no = preamble.len() + 1;
        for section in &issue.sections {
            let name = if section.unnamed { UNNAMED.to_string() } else { section.heading.title.trim().to_string() };
            let n = seen.iter().filter(|s| **s == name).count();
            seen.push(name.clone());
            let key = if n == 0 { name.clone() } else { format!("{name}#{}", n + 1) };
            let sec_line = line_no;
            let heading = if section.unnamed { None } else { take(1).into_iter().next() };
            line_no += usize::from(heading.is_some());
            let mut prefix = Vec::new();
            let mut units: Vec<Unit> = Vec::new();
            let mut pending: Vec<String> = Vec::new();
            for item in &section.items {
                match item {
                    SectionItem::Entry(e) => {
                        let n = entry_line_count(e);
                        let entry_lines = take(n);
                        match units.last_mut() {
                            Some(last) => last.gap = std::mem::take(&mut pending),
                            None => prefix = std::mem::take(&mut pending),
                        }
                        let (url_key, title_key) = entry_keys(e);
                        units.push(Unit {
                            entry: e.clone(),
                            lines: entry_lines,
                            gap: Vec::new(),
                            url_key,
                            title_key,
                            line: line_no,
                        });
                        line_no += n;
                    }
                    SectionItem::Blank(_) | SectionItem::Text(_) | SectionItem::Raw(_) => {
                        pending.extend(take(1));
                        line_no += 1;
                    }
                }
            }
            let suffix = if units.is_empty() {
                prefix = pending;
                Vec::new()
            } else {
                pending
            };
            sections.push(Sec { key, name, heading, prefix, units, suffix, line: sec_line });
        }
        let footer = issue.footer.as_ref().map(|f| take(f.lines.len()));
        Version { bom: issue.bom, crlf: issue.crlf, preamble, preamble_kinds, sections, footer, footer_line: line_no }
    }

    /// Every entry, with the index of its section.
    pub fn units(&self) -> Vec<(usize, &Unit)> {
        self.sections.iter().enumerate().flat_map(|(si, s)| s.units.iter().map(move |u| (si, u))).collect()
    }

    pub fn section(&self, key: &str) -> Option<&Sec> {
        self.sections.iter().find(|s| s.key == key)
    }
}

/// Pairs entries of `new` with entries of `old` by identity: first by the
/// normalised URL of the main link, then (among those left) by title. For
/// each entry of `new`, the index of its partner in `old`, if any. Repeated
/// keys pair in file order.
pub fn match_entries(old: &[&Unit], new: &[&Unit]) -> Vec<Option<usize>> {
    let mut out = vec![None; new.len()];
    let mut used = vec![false; old.len()];
    let mut by_url: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    for (i, u) in old.iter().enumerate().rev() {
        if let Some(k) = &u.url_key {
            by_url.entry(k.as_str()).or_default().push(i);
        }
    }
    for (j, u) in new.iter().enumerate() {
        if let Some(k) = &u.url_key
            && let Some(i) = by_url.get_mut(k.as_str()).and_then(|v| v.pop())
        {
            out[j] = Some(i);
            used[i] = true;
        }
    }
    let mut by_title: std::collections::HashMap<&str, Vec<usize>> = std::collections::HashMap::new();
    for (i, u) in old.iter().enumerate().rev() {
        if !used[i] && !u.title_key.is_empty() {
            by_title.entry(u.title_key.as_str()).or_default().push(i);
        }
    }
    for (j, u) in new.iter().enumerate() {
        if out[j].is_none()
            && !u.title_key.is_empty()
            && let Some(i) = by_title.get_mut(u.title_key.as_str()).and_then(|v| v.pop())
        {
            out[j] = Some(i);
        }
    }
    out
}
