//! WeChat-ready output. An issue is first turned into a [`WeChatDoc`]: blocks
//! (title, digest, warm-up items, section headings, entries…) made of inline
//! [`Span`]s, with every link already decided — a link to mp.weixin.qq.com
//! stays a link, any other http(s) link becomes its text plus a numbered
//! reference `[n]`, listed in [`WeChatDoc::references`]. The HTML fragment
//! ([`to_html`]), the plain-text alternative ([`to_plain_text`]), the
//! standalone page ([`to_standalone_page`]) and the app's preview are all
//! drawn from that one value, so they agree on blocks, numbers and colours.
//!
//! ```
//! use jianbao::core::{parse, export::wechat};
//!
//! let issue = parse("# 嵌入式AI简报 (2026-01-02)\n\n## 论文\n\n- [题目 | 来源](https://arxiv.org/abs/1)  \n摘要：一句话。  \n");
//! let doc = wechat::build(&issue);
//! assert_eq!(doc.references[0].url, "https://arxiv.org/abs/1");
//! let html = wechat::to_html(&doc, &wechat::Theme::default());
//! assert!(html.starts_with("<section style=") && html.contains("题目<sup"));
//! assert!(!html.contains("<a "));
//! assert!(wechat::to_plain_text(&doc).contains("[1] 题目: https://arxiv.org/abs/1"));
//! ```

pub mod contrast;
pub mod dark;
mod html;
mod inline;
mod look;
pub mod readiness;
mod theme;
pub mod theme_file;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::core::format::model::*;

pub use dark::{Mode, Palette};
pub use html::{HtmlStyle, to_html, to_plain_text, to_standalone_page, to_standalone_page_in, write_html};
pub use look::{Align, Look, Part, Piece, PieceLook, Surface};
pub use theme::{RefStyle, Rgb, Role, Theme};

/// The article: its blocks in order, then the references they cite.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct WeChatDoc {
    pub blocks: Vec<Block>,
    /// Numbered from 1 by first appearance; `references[i].number == i + 1`.
    pub references: Vec<Reference>,
}

/// One entry of the `参考资料` list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reference {
    pub number: usize,
    /// The text of the link where the URL was first cited.
    pub text: String,
    pub url: String,
}

/// A block of the article. Each is drawn as its own paragraph or group.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Block {
    /// `嵌入式AI简报 (date)` and the subtitle (empty when there is none).
    Title {
        title: Str,
        subtitle: Vec<Span>,
    },
    Tagline(Vec<Span>),
    /// `导读：` and its lines.
    Digest {
        label: Str,
        lines: Vec<Vec<Span>>,
    },
    /// A `> 注：…` or `<font>注：…</font>` note; one inner vector per line.
    Note(Vec<Vec<Span>>),
    Paragraph(Vec<Span>),
    /// A warm-up news item, with its literal bullet.
    WarmupItem {
        bullet: Str,
        spans: Vec<Span>,
    },
    /// A `- ` line outside an entry (the footer's contact lines).
    ListItem {
        bullet: Str,
        spans: Vec<Span>,
    },
    SectionHeading(Vec<Span>),
    Entry(EntryBlock),
    /// A year row of the archive table (`2020`).
    ArchiveYear(Str),
    /// A `----` rule.
    Rule,
}

/// An entry: its first line and its continuation lines.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EntryBlock {
    /// The literal bullet, `•`.
    pub bullet: Str,
    /// `CVPR2021`, `2009.00278v2` (without brackets).
    pub tags: Vec<Str>,
    /// The title (with `owner/repo: ` when it names one), its link or `[n]`.
    pub title: Vec<Span>,
    pub source: Option<Str>,
    /// Extra links after the title (` [code][2]`) and any trailing text.
    pub after: Vec<Span>,
    pub lines: Vec<EntryLine>,
}

/// A continuation line of an entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum EntryLine {
    /// `摘要：…`: the label (without colon) and the value.
    Field { label: Str, spans: Vec<Span> },
    /// A sub-item: nesting depth (0 = directly under the entry), its literal
    /// marker (`1.`, `•`) and text.
    Item { depth: u8, marker: Str, spans: Vec<Span> },
    /// A paragraph line continuing the summary.
    Text(Vec<Span>),
}

/// A run of inline text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    /// Short runs (a label, a colon, a marker) are stored inline.
    pub text: Str,
    pub kind: SpanKind,
    pub strong: bool,
    pub emphasis: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum SpanKind {
    Text,
    Code,
    /// A link that stays clickable: always `http(s)://mp.weixin.qq.com/…`.
    Link {
        url: String,
    },
    /// `[n]`: the number of a reference (the span's text is `[n]`).
    RefMark(usize),
    /// A line break inside a block (text empty).
    LineBreak,
    /// An image; the span's text is its alternative text. `src` is always
    /// http(s); an image that is not (a local file) becomes muted text.
    Image {
        src: String,
    },
}

impl Span {
    pub fn text(text: impl Into<Str>) -> Span {
        Span { text: text.into(), kind: SpanKind::Text, strong: false, emphasis: false }
    }

    pub fn strong(text: impl Into<Str>) -> Span {
        Span { strong: true, ..Span::text(text) }
    }

    /// The colour role of this span inside ordinary text.
    pub fn role(&self) -> Role {
        match self.kind {
            SpanKind::Link { .. } => Role::Link,
            SpanKind::RefMark(_) => Role::RefMark,
            SpanKind::Code => Role::Code,
            SpanKind::Image { .. } => Role::Muted,
            SpanKind::Text | SpanKind::LineBreak => Role::Text,
        }
    }
}

/// The spans' text as it reads: reference markers included, links as their text.
pub fn spans_text(spans: &[Span]) -> String {
    let mut s = String::new();
    for span in spans {
        match span.kind {
            SpanKind::LineBreak => s.push(' '),
            _ => s.push_str(&span.text),
        }
    }
    s
}

/// Whether a URL is http or https (ASCII case-insensitive scheme).
pub fn is_http_url(url: &str) -> bool {
    let b = url.as_bytes();
    (b.len() > 7 && b[..7].eq_ignore_ascii_case(b"http://"))
        || (b.len() > 8 && b[..8].eq_ignore_ascii_case(b"https://"))
}

/// Whether a URL may stay a clickable link in WeChat: http(s) with host
/// exactly `mp.weixin.qq.com`, no user info, nothing a browser could read
/// another way (spaces, quotes, backslashes, control characters).
pub fn is_wechat_url(url: &str) -> bool {
    const UNSAFE: [bool; 256] = {
        let mut t = [false; 256];
        let mut i = 0;
        while i <= b' ' as usize {
            t[i] = true;
            i += 1;
        }
        t[0x7f] = true;
        let chars = b"\"'<>\\`";
        let mut i = 0;
        while i < chars.len() {
            t[chars[i] as usize] = true;
            i += 1;
        }
        t
    };
    if !is_http_url(url) || url.bytes().any(|b| UNSAFE[b as usize]) {
        return false;
    }
    let rest = &url[url.find("://").map(|i| i + 3).unwrap_or(0)..];
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    if authority.contains('@') {
        return false;
    }
    let host = authority.split(':').next().unwrap_or("");
    host.eq_ignore_ascii_case("mp.weixin.qq.com")
}

/// Builds the article of an issue.
pub fn build(issue: &Issue) -> WeChatDoc {
    let mut b = Builder::default();
    for block in &issue.preamble {
        b.preamble_block(block);
    }
    for section in &issue.sections {
        b.section(section);
    }
    if let Some(footer) = &issue.footer {
        b.note_open = false;
        for line in &footer.lines {
            b.text_line(line);
        }
    }
    WeChatDoc { blocks: b.blocks, references: b.refs }
}

#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    refs: Vec<Reference>,
    numbers: HashMap<String, usize, foldhash::fast::RandomState>,
    /// Whether the last block came from a quote line that a next `>` line continues.
    note_open: bool,
}

impl Builder {
    fn inline(&mut self, text: &str) -> Vec<Span> {
        let mut out = Vec::new();
        inline::parse(self, text, &mut out);
        out
    }

    /// The number of a URL, given on its first citation.
    fn number(&mut self, url: &str, text: &str) -> usize {
        if let Some(&n) = self.numbers.get(url) {
            return n;
        }
        let n = self.refs.len() + 1;
        self.refs.push(Reference { number: n, text: text.trim().to_string(), url: url.to_string() });
        self.numbers.insert(url.to_string(), n);
        n
    }

    /// Appends link text `inner` pointing at `url` as WeChat allows it.
    fn link(&mut self, url: &str, mut inner: Vec<Span>, out: &mut Vec<Span>) {
        let url = url.trim();
        if !is_http_url(url) {
            // Empty, relative, `javascript:`…: the text alone.
            out.append(&mut inner);
        } else if is_wechat_url(url) {
            for span in &mut inner {
                if span.kind == SpanKind::Text {
                    span.kind = SpanKind::Link { url: url.to_string() };
                }
            }
            out.append(&mut inner);
        } else {
            let text = spans_text(&inner);
            if text.trim() == url {
                out.append(&mut inner);
            } else {
                let n = self.number(url, &text);
                out.append(&mut inner);
                out.push(Span { kind: SpanKind::RefMark(n), ..Span::text(compact_str::format_compact!("[{n}]")) });
            }
        }
    }

    fn push(&mut self, block: Block) {
        self.note_open = false;
        self.blocks.push(block);
    }

    fn preamble_block(&mut self, block: &PreambleBlock) {
        match block {
            PreambleBlock::FrontMatter(_) => {}
            PreambleBlock::Blank(_) => self.note_open = false,
            PreambleBlock::Title(t) => {
                let title = compact_str::format_compact!("{} ({})", t.name.trim(), t.date.trim());
                let subtitle = self.inline(t.subtitle.trim());
                self.push(Block::Title { title, subtitle });
            }
            PreambleBlock::Tagline(t) => {
                let spans = self.inline(&t.text);
                self.push(Block::Tagline(spans));
            }
            PreambleBlock::Note(lines) => {
                self.note_open = false;
                for line in lines {
                    self.text_line(line);
                }
            }
            PreambleBlock::Digest(d) => {
                let lines = d.lines.iter().map(|l| self.inline(l.text.trim())).filter(|l| !l.is_empty()).collect();
                self.push(Block::Digest { label: d.label.clone(), lines });
            }
            PreambleBlock::WarmupIntro(t) => {
                let spans = self.inline(&t.text);
                self.push(Block::Paragraph(spans));
            }
            PreambleBlock::Warmup(items) => {
                for item in items {
                    self.warmup_item(item);
                }
            }
            PreambleBlock::Paragraph(line) | PreambleBlock::Raw(line) => self.text_line(line),
        }
    }

    fn warmup_item(&mut self, item: &WarmupItem) {
        let mut spans = Vec::new();
        let subject = |spans: &mut Vec<Span>| {
            if !item.subject.is_empty() {
                spans.push(Span::strong(item.subject.trim()));
                spans.push(Span::text(if item.colon.is_empty() { "：" } else { item.colon.as_str() }));
            }
        };
        match item.link {
            WarmupLink::Whole => {
                let mut inner = Vec::new();
                subject(&mut inner);
                inline::parse(self, &item.text, &mut inner);
                self.link(&item.url, inner, &mut spans);
            }
            WarmupLink::Text => {
                subject(&mut spans);
                let inner = self.inline(&item.text);
                self.link(&item.url, inner, &mut spans);
            }
            WarmupLink::None => {
                subject(&mut spans);
                inline::parse(self, &item.text, &mut spans);
            }
        }
        if !item.terminator.is_empty() {
            spans.push(Span::text(item.terminator.as_str()));
        }
        self.push(Block::WarmupItem { bullet: "•".into(), spans });
    }

    fn section(&mut self, section: &Section) {
        let h = &section.heading;
        if !section.unnamed {
            let inner = vec![Span::text(h.title.trim())];
            let mut spans = Vec::new();
            match &h.url {
                Some(url) => self.link(url, inner, &mut spans),
                None => spans = inner,
            }
            self.push(Block::SectionHeading(spans));
        }
        for item in &section.items {
            match item {
                SectionItem::Entry(e) => {
                    let block = match &e.body {
                        EntryBody::Typed(t) => self.entry(t),
                        EntryBody::Verbatim(lines) => self.verbatim_entry(lines),
                    };
                    self.push(Block::Entry(block));
                }
                SectionItem::Blank(_) => self.note_open = false,
                SectionItem::Text(line) | SectionItem::Raw(line) => self.text_line(line),
            }
        }
    }

    fn entry(&mut self, t: &TypedEntry) -> EntryBlock {
        let h = &t.head;
        let mut inner = Vec::new();
        if let Some(repo) = &h.repo {
            inner.push(Span::text(repo.as_str()));
            inner.push(Span::text(h.repo_sep.as_str()));
        }
        inline::parse(self, h.title.trim(), &mut inner);
        let mut title = Vec::new();
        if h.linked {
            self.link(&h.url, inner, &mut title);
        } else {
            title = inner;
        }
        let source = h.source.as_ref().map(|s| Str::from(s.trim())).filter(|s| !s.is_empty());
        let mut after = Vec::new();
        for extra in &h.extras {
            after.push(Span::text(" "));
            let inner = vec![Span::text(extra.text.trim())];
            self.link(&extra.url, inner, &mut after);
        }
        if !h.tail.trim().is_empty() {
            after.push(Span::text(" "));
            inline::parse(self, h.tail.trim(), &mut after);
        }
        let lines = t.lines.iter().map(|l| self.body_line(l)).collect();
        EntryBlock {
            bullet: "•".into(),
            tags: h.tags.iter().map(|t| Str::from(t.text.trim())).collect(),
            title,
            source,
            after,
            lines,
        }
    }

    fn body_line(&mut self, line: &BodyLine) -> EntryLine {
        match line {
            BodyLine::Field { label, value, .. } => {
                EntryLine::Field { label: label.trim().into(), spans: self.inline(value.trim()) }
            }
            BodyLine::Item { indent, marker, text, .. } => {
                let width = indent.chars().map(|c| if c == '\t' { 4 } else { 1 }).sum::<usize>();
                let depth = (width / 8).min(2) as u8;
                let marker = marker.trim();
                let marker = if marker.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                    Str::from(marker)
                } else {
                    Str::from("◦")
                };
                EntryLine::Item { depth, marker, spans: self.inline(text.trim()) }
            }
            BodyLine::Text { text, .. } => EntryLine::Text(self.inline(text.trim())),
        }
    }

    fn verbatim_entry(&mut self, lines: &[String]) -> EntryBlock {
        let mut lines = lines.iter();
        let first = lines.next().map(|s| s.as_str()).unwrap_or("");
        let first = first.trim_start_matches(['-', '–', '*', ' ']).trim_end();
        let title = self.inline(first);
        let lines =
            lines.map(|l| l.trim()).filter(|l| !l.is_empty()).map(|l| EntryLine::Text(self.inline(l))).collect();
        EntryBlock { bullet: "•".into(), tags: Vec::new(), title, source: None, after: Vec::new(), lines }
    }

    /// A line of prose, a quote, a list line, a table row or a rule.
    fn text_line(&mut self, line: &str) {
        let t = line.trim();
        if t.is_empty() {
            self.note_open = false;
            return;
        }
        if t.len() >= 3 && (t.bytes().all(|b| b == b'-') || t.bytes().all(|b| b == b'*')) {
            self.push(Block::Rule);
            return;
        }
        if let Some(rest) = t.strip_prefix('>') {
            let spans = self.inline(rest.trim());
            if self.note_open
                && let Some(Block::Note(lines)) = self.blocks.last_mut()
            {
                lines.push(spans);
                return;
            }
            self.push(Block::Note(vec![spans]));
            self.note_open = true;
            return;
        }
        if let Some(rest) = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")).or_else(|| t.strip_prefix("+ ")) {
            let spans = self.inline(rest.trim());
            self.push(Block::ListItem { bullet: "•".into(), spans });
            return;
        }
        if t.starts_with('|') {
            self.table_row(t);
            return;
        }
        let spans = self.inline(t);
        self.push(Block::Paragraph(spans));
    }

    /// A row of a markdown table (the archive): its cells side by side; a
    /// row of single digits (`| 2 | 0 | 2 | 0 |`) is a year.
    fn table_row(&mut self, row: &str) {
        let cells: Vec<&str> = row.split('|').map(str::trim).filter(|c| !c.is_empty()).collect();
        if cells.is_empty() || cells.iter().all(|c| c.bytes().all(|b| matches!(b, b'-' | b':'))) {
            return;
        }
        if cells.iter().all(|c| c.len() == 1 && c.as_bytes()[0].is_ascii_digit()) {
            self.push(Block::ArchiveYear(cells.concat().into()));
            return;
        }
        let mut spans = Vec::new();
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                spans.push(Span::text("　"));
            }
            inline::parse(self, cell, &mut spans);
        }
        self.push(Block::Paragraph(spans));
    }
}
