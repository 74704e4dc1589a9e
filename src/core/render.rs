//! The writer: [`Issue`] out to text. Untouched pieces come out as they came
//! in (their decor is part of the model); edited pieces keep the decor they
//! had, and new pieces get the newsletter's usual style.

use super::model::*;

/// The whole file.
pub fn render(issue: &Issue) -> String {
    let mut out = String::with_capacity(16 * 1024);
    if issue.bom {
        out.push('\u{feff}');
    }
    let mut first = true;
    let mut push = |line: &str| {
        if !first {
            out.push('\n');
        }
        first = false;
        out.push_str(line);
    };
    let mut buf = Vec::new();
    for block in &issue.preamble {
        buf.clear();
        preamble_block_lines(block, &mut buf);
        buf.iter().for_each(|l| push(l));
    }
    for section in &issue.sections {
        buf.clear();
        section_lines(section, &mut buf);
        buf.iter().for_each(|l| push(l));
    }
    if let Some(footer) = &issue.footer {
        footer.lines.iter().for_each(|l| push(l));
    }
    out
}

pub fn preamble_block_lines(block: &PreambleBlock, out: &mut Vec<String>) {
    match block {
        PreambleBlock::FrontMatter(lines) | PreambleBlock::Note(lines) => out.extend(lines.iter().cloned()),
        PreambleBlock::Title(t) => out.push(title_line(t)),
        PreambleBlock::Tagline(t) => out.push(format!("**{}**{}", t.text, t.trail)),
        PreambleBlock::Digest(d) => digest_lines(d, out),
        PreambleBlock::WarmupIntro(t) => out.push(format!("{}{}", t.text, t.trail)),
        PreambleBlock::Warmup(items) => out.extend(items.iter().map(warmup_item_line)),
        PreambleBlock::Blank(l) | PreambleBlock::Paragraph(l) | PreambleBlock::Raw(l) => out.push(l.clone()),
    }
}

pub fn title_line(t: &TitleLine) -> String {
    format!("# {} ({}){}{}{}", t.name, t.date, t.subtitle_sep, t.subtitle, t.trail)
}

pub fn digest_lines(d: &Digest, out: &mut Vec<String>) {
    for (i, line) in d.lines.iter().enumerate() {
        if i == 0 {
            out.push(format!("{}{}{}{}{}", line.marker, d.label, d.colon, line.text, line.trail));
        } else {
            out.push(format!("{}{}{}", line.marker, line.text, line.trail));
        }
    }
}

pub fn warmup_item_line(item: &WarmupItem) -> String {
    let body = match item.link {
        WarmupLink::Whole => format!("[{}{}{}]({})", item.subject, item.colon, item.text, item.url),
        WarmupLink::Text => format!("{}{}[{}]({})", item.subject, item.colon, item.text, item.url),
        WarmupLink::None => format!("{}{}{}", item.subject, item.colon, item.text),
    };
    format!("{}{}{}{}", item.bullet, body, item.terminator, item.trail)
}

pub fn heading_line(h: &Heading) -> String {
    match &h.url {
        Some(url) => format!("{}[{}]({}){}", h.marker, h.title, url, h.trail),
        None => format!("{}{}{}", h.marker, h.title, h.trail),
    }
}

pub fn section_lines(section: &Section, out: &mut Vec<String>) {
    out.push(heading_line(&section.heading));
    for item in &section.items {
        match item {
            SectionItem::Entry(e) => entry_body_lines(&e.body, out),
            SectionItem::Blank(l) | SectionItem::Text(l) | SectionItem::Raw(l) => out.push(l.clone()),
        }
    }
}

pub fn entry_body_lines(body: &EntryBody, out: &mut Vec<String>) {
    match body {
        EntryBody::Typed(t) => entry_lines(t, out),
        EntryBody::Verbatim(lines) => out.extend(lines.iter().cloned()),
    }
}

/// The text inside the title link: `owner/repo: title | source`.
pub fn head_title_text(head: &Head) -> String {
    let mut s = String::new();
    if let Some(repo) = &head.repo {
        s.push_str(repo);
        s.push_str(&head.repo_sep);
    }
    s.push_str(&head.title);
    if let Some(source) = &head.source {
        s.push_str(&head.source_sep);
        s.push_str(source);
    }
    s
}

pub fn head_line(bullet: &str, head: &Head) -> String {
    let mut s = String::from(bullet);
    for tag in &head.tags {
        s.push('[');
        s.push_str(&tag.text);
        s.push(']');
        s.push_str(&tag.sep);
    }
    let inner = head_title_text(head);
    if head.linked {
        s.push('[');
        s.push_str(&inner);
        s.push_str("](");
        s.push_str(&head.url);
        s.push(')');
    } else {
        s.push_str(&inner);
    }
    for extra in &head.extras {
        s.push_str(&extra.before);
        s.push('[');
        s.push_str(&extra.text);
        s.push_str("](");
        s.push_str(&extra.url);
        s.push(')');
    }
    s.push_str(&head.tail);
    s.push_str(&head.trail);
    s
}

pub fn body_line(line: &BodyLine) -> String {
    match line {
        BodyLine::Field { indent, label, colon, value, trail } => format!("{indent}{label}{colon}{value}{trail}"),
        BodyLine::Item { indent, marker, text, trail } => format!("{indent}{marker}{text}{trail}"),
        BodyLine::Text { indent, text, trail } => format!("{indent}{text}{trail}"),
    }
}

pub fn entry_lines(entry: &TypedEntry, out: &mut Vec<String>) {
    out.push(head_line(&entry.bullet, &entry.head));
    out.extend(entry.lines.iter().map(body_line));
}

/// An entry's text as it is saved.
pub fn entry_text(body: &EntryBody) -> String {
    let mut lines = Vec::new();
    entry_body_lines(body, &mut lines);
    lines.join("\n")
}
