//! Where each piece of an issue sits in its file: one [`LineRole`] per line,
//! found by walking the model in the order the writer writes it. Because
//! `render(&parse(text)) == text`, line `n` of the roles is line `n` of the
//! text (0-based here; diagnostics print 1-based lines).

use crate::core::format::model::*;

/// What one line of an issue file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineRole {
    FrontMatter,
    Title,
    Tagline,
    Note,
    /// Line `index` of the `> 导读：` digest.
    Digest {
        index: usize,
    },
    WarmupIntro,
    /// Warm-up item `index` (counted over every warm-up block of the preamble).
    Warmup {
        index: usize,
    },
    PreambleBlank,
    Paragraph,
    PreambleRaw,
    /// The `## ` heading of section `section` (an index into `issue.sections`).
    Heading {
        section: usize,
    },
    /// Line `line` of an entry: 0 is its first line (`- [title](url)`).
    Entry {
        section: usize,
        entry: EntryId,
        line: usize,
        typed: bool,
    },
    SectionText {
        section: usize,
    },
    SectionRaw {
        section: usize,
    },
    SectionBlank {
        section: usize,
    },
    Footer,
}

impl LineRole {
    /// The section a line belongs to, if any.
    pub fn section(&self) -> Option<usize> {
        match *self {
            LineRole::Heading { section }
            | LineRole::Entry { section, .. }
            | LineRole::SectionText { section }
            | LineRole::SectionRaw { section }
            | LineRole::SectionBlank { section } => Some(section),
            _ => None,
        }
    }

    /// The entry a line belongs to, if any.
    pub fn entry(&self) -> Option<EntryId> {
        match *self {
            LineRole::Entry { entry, .. } => Some(entry),
            _ => None,
        }
    }
}

/// The role of every line of the issue's file, in order.
pub fn layout(issue: &Issue) -> Vec<LineRole> {
    let mut out = Vec::with_capacity(128);
    let mut warmup = 0;
    for block in &issue.preamble {
        match block {
            PreambleBlock::FrontMatter(lines) => out.extend(lines.iter().map(|_| LineRole::FrontMatter)),
            PreambleBlock::Note(lines) => out.extend(lines.iter().map(|_| LineRole::Note)),
            PreambleBlock::Title(_) => out.push(LineRole::Title),
            PreambleBlock::Tagline(_) => out.push(LineRole::Tagline),
            PreambleBlock::Digest(d) => out.extend((0..d.lines.len()).map(|index| LineRole::Digest { index })),
            PreambleBlock::WarmupIntro(_) => out.push(LineRole::WarmupIntro),
            PreambleBlock::Warmup(items) => {
                for _ in items {
                    out.push(LineRole::Warmup { index: warmup });
                    warmup += 1;
                }
            }
            PreambleBlock::Blank(_) => out.push(LineRole::PreambleBlank),
            PreambleBlock::Paragraph(_) => out.push(LineRole::Paragraph),
            PreambleBlock::Raw(_) => out.push(LineRole::PreambleRaw),
        }
    }
    for (section, s) in issue.sections.iter().enumerate() {
        if !s.unnamed {
            out.push(LineRole::Heading { section });
        }
        for item in &s.items {
            match item {
                SectionItem::Entry(e) => {
                    let (n, typed) = match &e.body {
                        EntryBody::Typed(t) => (1 + t.lines.len(), true),
                        EntryBody::Verbatim(lines) => (lines.len(), false),
                    };
                    out.extend((0..n).map(|line| LineRole::Entry { section, entry: e.id, line, typed }));
                }
                SectionItem::Blank(_) => out.push(LineRole::SectionBlank { section }),
                SectionItem::Text(_) => out.push(LineRole::SectionText { section }),
                SectionItem::Raw(_) => out.push(LineRole::SectionRaw { section }),
            }
        }
    }
    if let Some(f) = &issue.footer {
        out.extend(f.lines.iter().map(|_| LineRole::Footer));
    }
    out
}

/// The 0-based line of each entry's first line.
pub fn entry_lines(issue: &Issue) -> std::collections::HashMap<EntryId, usize> {
    layout(issue)
        .iter()
        .enumerate()
        .filter_map(|(i, r)| match r {
            LineRole::Entry { entry, line: 0, .. } => Some((*entry, i)),
            _ => None,
        })
        .collect()
}

/// The lines of a file's text with the byte offset each starts at (a BOM
/// is skipped: it is not part of the first line's content).
pub fn text_lines(text: &str) -> Vec<(usize, &str)> {
    let base = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let mut out = Vec::with_capacity(text.len() / 40 + 1);
    let mut start = base;
    for nl in memchr::memchr_iter(b'\n', &text.as_bytes()[base..]) {
        let end = base + nl;
        out.push((start, &text[start..end]));
        start = end + 1;
    }
    out.push((start, &text[start..]));
    out
}
