//! The issue model: everything a newsletter issue holds, typed where the format
//! allows it and verbatim where it does not, with the whitespace around each
//! piece kept as "decor" so that an untouched file renders back byte for byte.
//!
//! A document is a sequence of lines joined by `\n`. Every node owns its lines
//! (without the `\n`); a trailing `\r` of a CRLF file is part of a line's
//! trailing decor. Moving a node therefore moves its exact bytes.

use serde::{Deserialize, Serialize};

/// The model's strings: most are short (labels, separators, trailing
/// whitespace) and live inline without an allocation.
pub type Str = compact_str::CompactString;

/// Stable identity of an entry: survives moves, edits and undo.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct EntryId(pub u64);

/// Stable identity of a section.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct SectionId(pub u64);

/// A whole issue.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Issue {
    /// Everything before the first `## ` heading: front matter, title,
    /// tagline, notes, digest and the warm-up news.
    pub preamble: Vec<PreambleBlock>,
    /// The `## ` sections in file order, the archive among them.
    pub sections: Vec<Section>,
    /// From the first `----` rule to the end of the file, if there is one.
    pub footer: Option<Footer>,
    /// Whether newly rendered lines end in CRLF (the file's dominant style).
    pub crlf: bool,
    /// Whether the file starts with a byte-order mark.
    pub bom: bool,
    pub(crate) next_id: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum PreambleBlock {
    /// `---` / `layout: default` / `---`.
    FrontMatter(Vec<String>),
    Title(TitleLine),
    /// `**…**` followed by its trailing decor.
    Tagline(Decorated),
    /// An old-style `<font>注：…</font>` line or a `> 注：…` blockquote.
    Note(Vec<String>),
    Digest(Digest),
    /// The line that introduces the warm-up news (`好了，先是一些热身小新闻…：`).
    WarmupIntro(Decorated),
    /// Consecutive warm-up items.
    Warmup(Vec<WarmupItem>),
    /// A line holding only whitespace (possibly none).
    Blank(String),
    /// A line of prose (an intro, a remark).
    Paragraph(String),
    /// A line the loader could not type (broken markup); kept as it is and counted.
    Raw(String),
}

/// Text plus its trailing whitespace.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decorated {
    pub text: Str,
    pub trail: Str,
}

/// `# 嵌入式AI简报 (YYYY-MM-DD)：subtitle`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TitleLine {
    pub name: Str,
    pub date: Str,
    /// What stands between `)` and the subtitle: `：`, a space, or nothing.
    pub subtitle_sep: Str,
    pub subtitle: Str,
    pub trail: Str,
}

/// The `> 导读：…` blockquote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Digest {
    /// `导读`.
    pub label: Str,
    /// `：` or `:`.
    pub colon: Str,
    pub lines: Vec<QuoteLine>,
}

/// One line of a blockquote: `> text  `.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuoteLine {
    /// `> `, `>` or nothing (a lazy continuation line).
    pub marker: Str,
    pub text: Str,
    pub trail: Str,
}

/// How a warm-up item carries its link.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum WarmupLink {
    /// No link, or links written inside the text as markdown.
    None,
    /// `- Subject：[text](url)；`
    Text,
    /// `- [Subject：text](url)；`
    Whole,
}

/// `- Subject：text；`
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarmupItem {
    pub bullet: Str,
    pub subject: Str,
    /// `：`, `:` or nothing when the item has no subject.
    pub colon: Str,
    pub text: Str,
    pub link: WarmupLink,
    pub url: Str,
    /// `；` on all items but the last, `。` on the last; kept as typed.
    pub terminator: Str,
    pub trail: Str,
}

/// The section kinds the newsletter knows by name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SectionKind {
    News,
    Papers,
    Projects,
    Blogs,
    Archive,
    Other,
}

impl SectionKind {
    /// The kind a heading's title names.
    pub fn from_title(title: &str) -> SectionKind {
        let t = title.trim();
        match t {
            "业界新闻" => SectionKind::News,
            "论文" => SectionKind::Papers,
            "开源项目" => SectionKind::Projects,
            "博文" => SectionKind::Blogs,
            _ if t.contains("往期回顾") => SectionKind::Archive,
            _ => SectionKind::Other,
        }
    }

    /// The four sections a new issue starts with, in their usual order.
    pub const USUAL: [&'static str; 4] = ["业界新闻", "论文", "开源项目", "博文"];
}

/// `## title` or `## [title](url)` and what follows it up to the next heading.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Section {
    pub id: SectionId,
    pub heading: Heading,
    pub items: Vec<SectionItem>,
    /// The implicit, unnamed group of a draft: the entries and lines that
    /// stand before any `## ` heading (after the title, digest and warm-up
    /// news, if any). It has no heading line (its `heading` is empty and not
    /// written), is always `sections[0]` when present, and cannot be renamed
    /// or moved; entries leave it by [`crate::core::Command::MoveEntry`].
    #[serde(default)]
    pub unnamed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heading {
    /// `## `.
    pub marker: Str,
    pub title: Str,
    /// The link of a linked heading (`## [往期回顾](url)`).
    pub url: Option<Str>,
    pub trail: Str,
}

impl Heading {
    /// The empty heading of the unnamed group (never written).
    pub fn none() -> Heading {
        Heading { marker: Str::default(), title: Str::default(), url: None, trail: Str::default() }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum SectionItem {
    Entry(Entry),
    Blank(String),
    /// A line the format knows that is not an entry: a `> 注：` note, a
    /// row of the archive table, a line of prose.
    Text(String),
    /// A line the loader could not type (broken markup); kept verbatim and counted.
    Raw(String),
}

/// One entry: a `- ` line at column 0 and the non-blank lines that follow it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub id: EntryId,
    pub body: EntryBody,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum EntryBody {
    /// Boxed: an entry's fields are large next to the other section items.
    Typed(Box<TypedEntry>),
    /// The entry's lines, kept as they are because they could not be typed.
    Verbatim(Vec<String>),
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TypedEntry {
    /// `- ` usually; `– ` or nothing where a person slipped.
    pub bullet: Str,
    pub head: Head,
    /// The continuation lines, in order.
    pub lines: Vec<BodyLine>,
}

/// The first line of an entry, after its bullet.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Head {
    pub tags: Vec<Tag>,
    /// Whether the title is a link `[…](url)`; false for a plain-text head.
    pub linked: bool,
    /// `owner/repo` where the entry names a repository.
    pub repo: Option<Str>,
    /// Between the repo and the title: `: `, `：`.
    pub repo_sep: Str,
    pub title: Str,
    pub source: Option<Str>,
    /// Between the title and the source: ` | `, `丨`, `｜`, `| `….
    pub source_sep: Str,
    pub url: Str,
    pub extras: Vec<ExtraLink>,
    /// Text after the links (rare).
    pub tail: Str,
    pub trail: Str,
}

/// `[CVPR2021]`, `[2009.00278v2]` and what separates it from the next part.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tag {
    pub text: Str,
    pub sep: Str,
}

/// ` [[code]](url)` after the main link.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtraLink {
    pub before: Str,
    pub text: Str,
    pub url: Str,
}

/// A continuation line of an entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BodyLine {
    /// `摘要：value`, `代码：url`…
    Field {
        indent: Str,
        label: Str,
        /// `：`, `:` or nothing (a slip).
        colon: Str,
        value: Str,
        trail: Str,
    },
    /// `    1. text` or `  - text`.
    Item { indent: Str, marker: Str, text: Str, trail: Str },
    /// A plain paragraph line continuing the summary (or an image, a quote).
    Text { indent: Str, text: Str, trail: Str },
}

/// From the `----` rule to the end of the file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Footer {
    pub lines: Vec<String>,
}

impl Issue {
    /// An issue with nothing in it.
    pub fn empty() -> Issue {
        Issue { preamble: Vec::new(), sections: Vec::new(), footer: None, crlf: false, bom: false, next_id: 1 }
    }

    pub(crate) fn fresh_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    /// A new entry id, unique in this issue.
    pub fn new_entry_id(&mut self) -> EntryId {
        EntryId(self.fresh_id())
    }

    /// A new section id, unique in this issue.
    pub fn new_section_id(&mut self) -> SectionId {
        SectionId(self.fresh_id())
    }

    pub fn title(&self) -> Option<&TitleLine> {
        self.preamble.iter().find_map(|b| match b {
            PreambleBlock::Title(t) => Some(t),
            _ => None,
        })
    }

    pub fn tagline(&self) -> Option<&Decorated> {
        self.preamble.iter().find_map(|b| match b {
            PreambleBlock::Tagline(t) => Some(t),
            _ => None,
        })
    }

    pub fn digest(&self) -> Option<&Digest> {
        self.preamble.iter().find_map(|b| match b {
            PreambleBlock::Digest(d) => Some(d),
            _ => None,
        })
    }

    /// All warm-up items in order.
    pub fn warmup_items(&self) -> Vec<&WarmupItem> {
        self.preamble
            .iter()
            .filter_map(|b| match b {
                PreambleBlock::Warmup(items) => Some(items.iter()),
                _ => None,
            })
            .flatten()
            .collect()
    }

    /// The unnamed group of a draft (entries before any `## ` heading), if any.
    pub fn unnamed_group(&self) -> Option<&Section> {
        self.sections.first().filter(|s| s.unnamed)
    }

    /// The sections with a heading (every section but the unnamed group).
    pub fn named_sections(&self) -> impl Iterator<Item = &Section> {
        self.sections.iter().filter(|s| !s.unnamed)
    }

    pub fn section(&self, id: SectionId) -> Option<&Section> {
        self.sections.iter().find(|s| s.id == id)
    }

    pub fn section_index(&self, id: SectionId) -> Option<usize> {
        self.sections.iter().position(|s| s.id == id)
    }

    /// Where an entry is: (section index, item index).
    pub fn locate(&self, id: EntryId) -> Option<(usize, usize)> {
        for (si, s) in self.sections.iter().enumerate() {
            for (ii, item) in s.items.iter().enumerate() {
                if let SectionItem::Entry(e) = item
                    && e.id == id
                {
                    return Some((si, ii));
                }
            }
        }
        None
    }

    /// Where an entry is among its section's entries: (section index, entry
    /// index), the index [`crate::core::Command::MoveEntry`] and
    /// [`crate::core::Command::InsertEntry`] count in.
    pub fn entry_position(&self, id: EntryId) -> Option<(usize, usize)> {
        let (s, item) = self.locate(id)?;
        let index = self.sections[s].items[..item].iter().filter(|i| matches!(i, SectionItem::Entry(_))).count();
        Some((s, index))
    }

    pub fn entry(&self, id: EntryId) -> Option<&Entry> {
        let (s, i) = self.locate(id)?;
        match &self.sections[s].items[i] {
            SectionItem::Entry(e) => Some(e),
            _ => None,
        }
    }

    pub fn entry_mut(&mut self, id: EntryId) -> Option<&mut Entry> {
        let (s, i) = self.locate(id)?;
        match &mut self.sections[s].items[i] {
            SectionItem::Entry(e) => Some(e),
            _ => None,
        }
    }

    /// Every entry of every section, in file order.
    pub fn entries(&self) -> impl Iterator<Item = (&Section, &Entry)> {
        self.sections.iter().flat_map(|s| s.entries().map(move |e| (s, e)))
    }

    /// The line ending new lines get.
    pub fn eol_decor(&self) -> &'static str {
        if self.crlf { "\r" } else { "" }
    }
}

impl Section {
    /// An unnamed group holding these items.
    pub fn unnamed_group(id: SectionId, items: Vec<SectionItem>) -> Section {
        Section { id, heading: Heading::none(), items, unnamed: true }
    }

    pub fn kind(&self) -> SectionKind {
        SectionKind::from_title(&self.heading.title)
    }

    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.items.iter().filter_map(|i| match i {
            SectionItem::Entry(e) => Some(e),
            _ => None,
        })
    }

    pub fn entry_count(&self) -> usize {
        self.entries().count()
    }

    /// The item index at which an entry inserted at entry position `index`
    /// goes: before the entry now at `index`, or after the last entry, or —
    /// in a section with no entry — after the first blank line under the
    /// heading.
    pub fn item_index_for_entry(&self, index: usize) -> usize {
        let mut seen = 0;
        let mut last_entry_end = None;
        for (ii, item) in self.items.iter().enumerate() {
            if let SectionItem::Entry(_) = item {
                if seen == index {
                    return ii;
                }
                seen += 1;
                last_entry_end = Some(ii + 1);
            }
        }
        if let Some(end) = last_entry_end {
            return end;
        }
        // No entry: after the leading blank line, and after a note block
        // that follows it (`> 注：…` in 开源项目), keeping one blank line.
        match self.items.first() {
            Some(SectionItem::Blank(_)) => {
                let mut i = 1;
                while let Some(SectionItem::Text(_)) = self.items.get(i) {
                    i += 1;
                }
                if i > 1 {
                    // A note block: place the entry after the blank that follows it.
                    if let Some(SectionItem::Blank(_)) = self.items.get(i) {
                        return i + 1;
                    }
                    return i;
                }
                1
            }
            _ => 0,
        }
    }
}

impl Entry {
    pub fn typed(&self) -> Option<&TypedEntry> {
        match &self.body {
            EntryBody::Typed(t) => Some(t),
            EntryBody::Verbatim(_) => None,
        }
    }

    pub fn typed_mut(&mut self) -> Option<&mut TypedEntry> {
        match &mut self.body {
            EntryBody::Typed(t) => Some(t),
            EntryBody::Verbatim(_) => None,
        }
    }

    pub fn is_typed(&self) -> bool {
        matches!(self.body, EntryBody::Typed(_))
    }

    /// A short label for lists: the title, or the first words of the entry.
    pub fn label(&self) -> String {
        match &self.body {
            EntryBody::Typed(t) if !t.head.title.trim().is_empty() => t.head.title.trim().to_string(),
            EntryBody::Typed(t) => {
                t.lines.iter().map(|l| l.text()).find(|s| !s.trim().is_empty()).unwrap_or("").chars().take(40).collect()
            }
            EntryBody::Verbatim(lines) => {
                let first = lines.first().map(|s| s.as_str()).unwrap_or("");
                first.trim_start_matches(['-', '–', ' ']).chars().take(40).collect()
            }
        }
    }
}

impl From<TypedEntry> for EntryBody {
    fn from(t: TypedEntry) -> EntryBody {
        EntryBody::Typed(Box::new(t))
    }
}

impl TypedEntry {
    /// The labelled fields, in order.
    pub fn fields(&self) -> impl Iterator<Item = (&str, &str)> {
        self.lines.iter().filter_map(|l| match l {
            BodyLine::Field { label, value, .. } => Some((label.as_str(), value.as_str())),
            _ => None,
        })
    }

    /// The first value of a label (`摘要`, `代码`…).
    pub fn field(&self, label: &str) -> Option<&str> {
        self.fields().find(|(l, _)| *l == label).map(|(_, v)| v)
    }
}

impl BodyLine {
    /// The line's own text: a field's value, an item's or a paragraph's text.
    pub fn text(&self) -> &str {
        match self {
            BodyLine::Field { value, .. } => value,
            BodyLine::Item { text, .. } => text,
            BodyLine::Text { text, .. } => text,
        }
    }

    pub fn trail_mut(&mut self) -> &mut Str {
        match self {
            BodyLine::Field { trail, .. } | BodyLine::Item { trail, .. } | BodyLine::Text { trail, .. } => trail,
        }
    }

    pub fn trail(&self) -> &str {
        match self {
            BodyLine::Field { trail, .. } | BodyLine::Item { trail, .. } | BodyLine::Text { trail, .. } => trail,
        }
    }

    /// A new labelled field in the usual style (`Label：value` and a hard break).
    pub fn field(label: &str, value: &str) -> BodyLine {
        BodyLine::Field {
            indent: Str::default(),
            label: label.into(),
            colon: "：".into(),
            value: value.into(),
            trail: "  ".into(),
        }
    }

    /// A new paragraph line in the usual style.
    pub fn paragraph(text: &str) -> BodyLine {
        BodyLine::Text { indent: Str::default(), text: text.into(), trail: "  ".into() }
    }

    /// A new numbered sub-item, indented as the newsletter does.
    pub fn item(marker: &str, text: &str) -> BodyLine {
        BodyLine::Item { indent: "    ".into(), marker: marker.into(), text: text.into(), trail: "  ".into() }
    }
}
