//! The writer: [`Issue`] out to text. Untouched pieces come out as they came
//! in (their decor is part of the model); edited pieces keep the decor they
//! had, and new pieces get the newsletter's usual style.
//!
//! Everything writes straight into one `String`: saving allocates once.

use crate::core::format::model::*;

/// Writes lines joined by `\n` into a buffer.
pub struct LineWriter<'a> {
    buf: &'a mut String,
    first: bool,
}

impl<'a> LineWriter<'a> {
    pub fn new(buf: &'a mut String) -> LineWriter<'a> {
        LineWriter { buf, first: true }
    }

    /// Starts a new line and returns the buffer to write it into.
    pub fn line(&mut self) -> &mut String {
        if !self.first {
            self.buf.push('\n');
        }
        self.first = false;
        self.buf
    }

    pub fn push_line(&mut self, s: &str) {
        self.line().push_str(s);
    }
}

/// The whole file.
pub fn render(issue: &Issue) -> String {
    let mut out = String::with_capacity(issue_size_hint(issue));
    if issue.bom {
        out.push('\u{feff}');
    }
    let mut w = LineWriter::new(&mut out);
    for block in &issue.preamble {
        write_preamble_block(block, &mut w);
    }
    for section in &issue.sections {
        write_section(section, &mut w);
    }
    if let Some(footer) = &issue.footer {
        footer.lines.iter().for_each(|l| w.push_line(l));
    }
    out
}

fn issue_size_hint(issue: &Issue) -> usize {
    let entries: usize = issue.sections.iter().map(|s| s.items.len()).sum();
    4096 + entries * 400
}

pub fn write_preamble_block(block: &PreambleBlock, w: &mut LineWriter) {
    match block {
        PreambleBlock::FrontMatter(lines) | PreambleBlock::Note(lines) => lines.iter().for_each(|l| w.push_line(l)),
        PreambleBlock::Title(t) => write_title(t, w.line()),
        PreambleBlock::Tagline(t) => {
            let b = w.line();
            b.push_str("**");
            b.push_str(&t.text);
            b.push_str("**");
            b.push_str(&t.trail);
        }
        PreambleBlock::Digest(d) => write_digest(d, w),
        PreambleBlock::WarmupIntro(t) => {
            let b = w.line();
            b.push_str(&t.text);
            b.push_str(&t.trail);
        }
        PreambleBlock::Warmup(items) => items.iter().for_each(|i| write_warmup_item(i, w.line())),
        PreambleBlock::Blank(l) | PreambleBlock::Paragraph(l) | PreambleBlock::Raw(l) => w.push_line(l),
    }
}

pub fn write_title(t: &TitleLine, b: &mut String) {
    b.push_str("# ");
    b.push_str(&t.name);
    b.push_str(" (");
    b.push_str(&t.date);
    b.push(')');
    b.push_str(&t.subtitle_sep);
    b.push_str(&t.subtitle);
    b.push_str(&t.trail);
}

pub fn write_digest(d: &Digest, w: &mut LineWriter) {
    for (i, line) in d.lines.iter().enumerate() {
        let b = w.line();
        b.push_str(&line.marker);
        if i == 0 {
            b.push_str(&d.label);
            b.push_str(&d.colon);
        }
        b.push_str(&line.text);
        b.push_str(&line.trail);
    }
}

/// `[text](url)`, the text written by `text`.
fn push_link(b: &mut String, url: &str, text: impl FnOnce(&mut String)) {
    b.push('[');
    text(b);
    b.push_str("](");
    b.push_str(url);
    b.push(')');
}

pub fn write_warmup_item(item: &WarmupItem, b: &mut String) {
    b.push_str(&item.bullet);
    let subject = |b: &mut String| {
        b.push_str(&item.subject);
        b.push_str(&item.colon);
    };
    match item.link {
        WarmupLink::Whole => push_link(b, &item.url, |b| {
            subject(b);
            b.push_str(&item.text);
        }),
        WarmupLink::Text => {
            subject(b);
            push_link(b, &item.url, |b| b.push_str(&item.text));
        }
        WarmupLink::None => {
            subject(b);
            b.push_str(&item.text);
        }
    }
    b.push_str(&item.terminator);
    b.push_str(&item.trail);
}

pub fn warmup_item_line(item: &WarmupItem) -> String {
    let mut s = String::new();
    write_warmup_item(item, &mut s);
    s
}

pub fn write_heading(h: &Heading, b: &mut String) {
    b.push_str(&h.marker);
    match &h.url {
        Some(url) => push_link(b, url, |b| b.push_str(&h.title)),
        None => b.push_str(&h.title),
    }
    b.push_str(&h.trail);
}

pub fn write_section(section: &Section, w: &mut LineWriter) {
    if !section.unnamed {
        write_heading(&section.heading, w.line());
    }
    for item in &section.items {
        match item {
            SectionItem::Entry(e) => write_entry_body(&e.body, w),
            SectionItem::Blank(l) | SectionItem::Text(l) | SectionItem::Raw(l) => w.push_line(l),
        }
    }
}

pub fn write_entry_body(body: &EntryBody, w: &mut LineWriter) {
    match body {
        EntryBody::Typed(t) => write_entry(t, w),
        EntryBody::Verbatim(lines) => lines.iter().for_each(|l| w.push_line(l)),
    }
}

pub fn write_entry(entry: &TypedEntry, w: &mut LineWriter) {
    write_head(&entry.bullet, &entry.head, w.line());
    entry.lines.iter().for_each(|l| write_body_line(l, w.line()));
}

/// The text inside the title link: `owner/repo: title | source`.
pub fn write_head_title(head: &Head, b: &mut String) {
    if let Some(repo) = &head.repo {
        b.push_str(repo);
        b.push_str(&head.repo_sep);
    }
    b.push_str(&head.title);
    if let Some(source) = &head.source {
        b.push_str(&head.source_sep);
        b.push_str(source);
    }
}

pub fn write_head(bullet: &str, head: &Head, b: &mut String) {
    b.push_str(bullet);
    for tag in &head.tags {
        b.push('[');
        b.push_str(&tag.text);
        b.push(']');
        b.push_str(&tag.sep);
    }
    if head.linked {
        push_link(b, &head.url, |b| write_head_title(head, b));
    } else {
        write_head_title(head, b);
    }
    for extra in &head.extras {
        b.push_str(&extra.before);
        push_link(b, &extra.url, |b| b.push_str(&extra.text));
    }
    b.push_str(&head.tail);
    b.push_str(&head.trail);
}

pub fn head_line(bullet: &str, head: &Head) -> String {
    let mut s = String::new();
    write_head(bullet, head, &mut s);
    s
}

pub fn write_body_line(line: &BodyLine, b: &mut String) {
    match line {
        BodyLine::Field { indent, label, colon, value, trail } => {
            for part in [indent, label, colon, value, trail] {
                b.push_str(part);
            }
        }
        BodyLine::Item { indent, marker, text, trail } => {
            for part in [indent, marker, text, trail] {
                b.push_str(part);
            }
        }
        BodyLine::Text { indent, text, trail } => {
            for part in [indent, text, trail] {
                b.push_str(part);
            }
        }
    }
}

pub fn body_line(line: &BodyLine) -> String {
    let mut s = String::new();
    write_body_line(line, &mut s);
    s
}

/// An entry's text as it is saved.
pub fn entry_text(body: &EntryBody) -> String {
    let mut s = String::new();
    write_entry_body(body, &mut LineWriter::new(&mut s));
    s
}
