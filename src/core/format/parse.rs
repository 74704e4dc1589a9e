//! The loader: text in, [`Issue`] out, never normalising anything.
//!
//! Every typed piece is checked at load time: it is rendered back and compared
//! with the lines it came from, and a piece that would not come back byte for
//! byte is kept verbatim instead. So the round trip is exact by construction,
//! and the verbatim share measures how much of the format the types cover.

use crate::core::format::model::*;
use crate::core::format::render;

/// Splits a line into its content and its trailing whitespace
/// (spaces, tabs and the `\r` of a CRLF line).
pub fn split_trail(line: &str) -> (&str, &str) {
    let content = line.trim_end_matches([' ', '\t', '\r']);
    (content, &line[content.len()..])
}

fn split_indent(s: &str) -> (&str, &str) {
    let rest = s.trim_start_matches([' ', '\t']);
    (&s[..s.len() - rest.len()], rest)
}

pub(crate) fn is_blank(line: &str) -> bool {
    line.trim_matches([' ', '\t', '\r']).is_empty()
}

/// `----` (four or more dashes): where the footer starts.
fn is_rule(line: &str) -> bool {
    let c = split_trail(line).0;
    c.len() >= 4 && c.bytes().all(|b| b == b'-')
}

fn is_section_heading(line: &str) -> bool {
    line.starts_with("## ") || line == "##"
}

/// Bullets that start an entry at column 0 (`– ` is a slip for `- `).
const BULLETS: [&str; 3] = ["- ", "– ", "* "];

fn entry_bullet(line: &str) -> Option<&'static str> {
    BULLETS.into_iter().find(|b| line.starts_with(b))
}

/// Finds the `]` matching the `[` at `open` (or `)` for `(`), allowing
/// nesting and skipping backslash escapes. Jumps between the interesting
/// bytes with memchr: entry heads are mostly long titles and URLs.
fn matching(s: &str, open: usize, open_ch: u8, close_ch: u8) -> Option<usize> {
    let bytes = s.as_bytes();
    debug_assert_eq!(bytes[open], open_ch);
    let mut depth = 0usize;
    let mut i = open;
    while i < bytes.len() {
        let j = i + memchr::memchr3(open_ch, close_ch, b'\\', &bytes[i..])?;
        let b = bytes[j];
        if b == b'\\' {
            i = j + 2;
            continue;
        }
        if b == open_ch {
            depth += 1;
        } else {
            depth -= 1;
            if depth == 0 {
                return Some(j);
            }
        }
        i = j + 1;
    }
    None
}

/// A markdown link `[text](url)` starting at byte 0 of `s`.
pub struct LinkAt<'a> {
    pub text: &'a str,
    pub url: &'a str,
    /// Byte just after the closing `)`.
    pub end: usize,
}

/// Parses `[text](url)` at the start of `s`; `None` if it is not one.
pub fn link_at(s: &str) -> Option<LinkAt<'_>> {
    if !s.starts_with('[') {
        return None;
    }
    link_closing_at(s, matching(s, 0, b'[', b']')?)
}

/// The link at the start of `s` whose text closes at `close`.
fn link_closing_at(s: &str, close: usize) -> Option<LinkAt<'_>> {
    if s.as_bytes().get(close + 1) != Some(&b'(') {
        return None;
    }
    let paren = close + 1;
    let end_paren = matching(s, paren, b'(', b')')?;
    Some(LinkAt { text: &s[1..close], url: &s[paren + 1..end_paren], end: end_paren + 1 })
}

/// Separators between a title and its source, the usual one first.
const SOURCE_SEPS: [char; 3] = ['|', '丨', '｜'];

/// Splits `title | source` at the last separator.
fn split_source(inner: &str) -> (String, Option<String>, String) {
    let Some(pos) = inner.rfind(SOURCE_SEPS) else {
        return (inner.to_string(), None, String::new());
    };
    let ch_len = inner[pos..].chars().next().map(char::len_utf8).unwrap_or(1);
    let before = &inner[..pos];
    let after = &inner[pos + ch_len..];
    let title = before.trim_end_matches(' ');
    let source = after.trim_start_matches(' ');
    if title.is_empty() || source.trim().is_empty() {
        return (inner.to_string(), None, String::new());
    }
    let sep =
        format!("{}{}{}", &before[title.len()..], &inner[pos..pos + ch_len], &after[..after.len() - source.len()]);
    (title.to_string(), Some(source.to_string()), sep)
}

fn is_repo_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')
}

/// Splits `owner/repo: description` into the repo, the separator and the rest.
fn split_repo<'a>(title: &'a str, url: &str, kind: SectionKind) -> Option<(&'a str, &'a str, &'a str)> {
    let slash = title.find('/')?;
    let owner = &title[..slash];
    let after = &title[slash + 1..];
    let name_len = after.find(|c: char| !is_repo_char(c)).unwrap_or(after.len());
    let name = &after[..name_len];
    if owner.is_empty() || name.is_empty() || !owner.chars().all(is_repo_char) {
        return None;
    }
    let rest = &after[name_len..];
    let trimmed = rest.trim_start_matches(' ');
    let colon_len = if trimmed.starts_with('：') {
        '：'.len_utf8()
    } else if trimmed.starts_with(':') {
        1
    } else {
        return None;
    };
    let after_colon = &trimmed[colon_len..];
    let desc = after_colon.trim_start_matches(' ');
    let sep_len = rest.len() - desc.len();
    let repo = &title[..slash + 1 + name_len];
    let url_lower = url.to_ascii_lowercase();
    let repo_lower = repo.to_ascii_lowercase();
    let names_repo = url_lower.contains(&format!("github.com/{repo_lower}"))
        || url_lower.contains(&format!("gitee.com/{repo_lower}"))
        || url_lower.contains(&format!("gitlab.com/{repo_lower}"));
    if kind != SectionKind::Projects && !names_repo {
        return None;
    }
    Some((repo, &rest[..sep_len], desc))
}

/// Parses an entry's first line after its bullet. `None` when it holds a
/// broken link (an unclosed bracket or parenthesis): such an entry is kept
/// verbatim.
pub fn parse_head(line: &str, kind: SectionKind) -> Option<Head> {
    let (content, trail) = split_trail(line);
    let mut head = Head { trail: trail.into(), ..Head::default() };
    let mut rest = content;
    // Tags: `[X]` not followed by `(`.
    let mut link_close = None;
    while rest.starts_with('[') {
        let close = matching(rest, 0, b'[', b']')?;
        if rest.as_bytes().get(close + 1) == Some(&b'(') {
            link_close = Some(close);
            break;
        }
        let text = &rest[1..close];
        let after = &rest[close + 1..];
        let next = after.trim_start_matches(' ');
        head.tags.push(Tag { text: text.into(), sep: after[..after.len() - next.len()].into() });
        rest = next;
    }
    let inner;
    if let Some(link) = link_close.and_then(|close| link_closing_at(rest, close)) {
        head.linked = true;
        head.url = link.url.into();
        inner = link.text;
        rest = &rest[link.end..];
        loop {
            let next = rest.trim_start_matches(' ');
            let before = &rest[..rest.len() - next.len()];
            match link_at(next) {
                Some(extra) => {
                    head.extras.push(ExtraLink {
                        before: before.into(),
                        text: extra.text.into(),
                        url: extra.url.into(),
                    });
                    rest = &next[extra.end..];
                }
                None => break,
            }
        }
        // Text after the links may hold more markdown, but no broken link.
        if has_broken_link(rest) {
            return None;
        }
        head.tail = rest.into();
    } else {
        // A head without a link: a plain title, unless its markup is broken.
        if has_broken_link(rest) {
            return None;
        }
        inner = rest;
    }
    let (title, source, source_sep) = split_source(inner);
    head.source = source.map(Str::from);
    head.source_sep = source_sep.into();
    match split_repo(&title, &head.url, kind) {
        Some((repo, sep, desc)) => {
            head.repo = Some(repo.into());
            head.repo_sep = sep.into();
            head.title = desc.into();
        }
        None => head.title = title.into(),
    }
    Some(head)
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

/// `Label：value` where the label is a short word holding a Chinese character.
fn split_label(s: &str) -> Option<(&str, &str, &str)> {
    for (i, c) in s.char_indices() {
        if c == '：' || c == ':' {
            let label = &s[..i];
            let count = label.chars().count();
            if count == 0 || count > 8 || !label.chars().any(is_cjk) {
                return None;
            }
            return Some((label, &s[i..i + c.len_utf8()], &s[i + c.len_utf8()..]));
        }
        if !(is_cjk(c) || c.is_ascii_alphanumeric()) {
            return None;
        }
    }
    None
}

/// `1. `, `12) `, `- `, `* `, `+ `, `– ` and the spaces after them.
fn item_marker(s: &str) -> Option<usize> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let after_token = if digits > 0 && digits <= 3 {
        match s.as_bytes().get(digits) {
            Some(b'.') | Some(b')') => digits + 1,
            _ => return None,
        }
    } else if let Some(c) = s.chars().next().filter(|c| matches!(c, '-' | '*' | '+' | '–')) {
        c.len_utf8()
    } else {
        return None;
    };
    let rest = &s[after_token..];
    let text = rest.trim_start_matches(' ');
    if text.len() == rest.len() {
        return None;
    }
    Some(s.len() - text.len())
}

/// Types one continuation line of an entry.
pub fn parse_body_line(line: &str) -> BodyLine {
    let (content, trail) = split_trail(line);
    let (indent, c) = split_indent(content);
    if let Some(m) = item_marker(c) {
        return BodyLine::Item {
            indent: indent.into(),
            marker: c[..m].into(),
            text: c[m..].into(),
            trail: trail.into(),
        };
    }
    if let Some((label, colon, value)) = split_label(c) {
        return BodyLine::Field {
            indent: indent.into(),
            label: label.into(),
            colon: colon.into(),
            value: value.into(),
            trail: trail.into(),
        };
    }
    if let Some(value) = c.strip_prefix("摘要") {
        return BodyLine::Field {
            indent: indent.into(),
            label: "摘要".into(),
            colon: Str::default(),
            value: value.into(),
            trail: trail.into(),
        };
    }
    BodyLine::Text { indent: indent.into(), text: c.into(), trail: trail.into() }
}

/// Types an entry from its lines, or keeps it verbatim when typing it would
/// not give back the same bytes.
pub fn parse_entry(lines: &[&str], kind: SectionKind, id: EntryId) -> Entry {
    let verbatim = || Entry { id, body: EntryBody::Verbatim(lines.iter().map(|s| s.to_string()).collect()) };
    let Some(first) = lines.first() else { return verbatim() };
    let bullet = entry_bullet(first).unwrap_or("");
    let Some(head) = parse_head(&first[bullet.len()..], kind) else { return verbatim() };
    let typed =
        TypedEntry { bullet: bullet.into(), head, lines: lines[1..].iter().map(|l| parse_body_line(l)).collect() };
    // Body lines are split into parts that concatenate back by construction;
    // the head is rebuilt from parsed pieces, so it is checked.
    let mut scratch = String::with_capacity(first.len());
    render::write_head(&typed.bullet, &typed.head, &mut scratch);
    let exact = scratch == *first;
    debug_assert!(typed.lines.iter().zip(&lines[1..]).all(|(l, o)| render::body_line(l) == *o));
    if exact { Entry { id, body: typed.into() } } else { verbatim() }
}

/// Whether a column-0 line starts a new entry.
/// Whether a line after an entry's first line stays part of that entry: the
/// loader's one rule for where an entry ends, which edits are checked against.
pub(crate) fn continues_entry(line: &str, kind: SectionKind) -> bool {
    !is_blank(line) && !starts_entry(line, kind) && !is_section_heading(line) && !is_rule(line)
}

/// Whether a line can begin an entry and still be one when loaded again.
pub(crate) fn can_head_entry(line: &str) -> bool {
    !is_blank(line) && !is_section_heading(line) && !is_rule(line)
}

fn starts_entry(line: &str, kind: SectionKind) -> bool {
    if entry_bullet(line).is_some() {
        return true;
    }
    // A bullet-less entry: a whole line that is a link (a person's slip).
    if line.starts_with('[')
        && let Some(head) = parse_head(line, kind)
    {
        return head.linked && head.tail.trim().is_empty();
    }
    false
}

fn parse_title(line: &str) -> Option<TitleLine> {
    let (content, trail) = split_trail(line);
    let rest = content.strip_prefix("# ")?;
    let open = rest.find(" (")?;
    let name = &rest[..open];
    let after = &rest[open + 2..];
    let close = after.find(')')?;
    let date = &after[..close];
    if !looks_like_date(date) {
        return None;
    }
    let tail = &after[close + 1..];
    let subtitle = tail.trim_start_matches([' ', '：', ':']);
    Some(TitleLine {
        name: name.into(),
        date: date.into(),
        subtitle_sep: tail[..tail.len() - subtitle.len()].into(),
        subtitle: subtitle.into(),
        trail: trail.into(),
    })
}

/// `YYYY-MM-DD` with plausible month and day.
pub fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    if !b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit()) {
        return false;
    }
    let month: u32 = s[5..7].parse().unwrap_or(0);
    let day: u32 = s[8..10].parse().unwrap_or(0);
    (1..=12).contains(&month) && (1..=31).contains(&day)
}

fn parse_quote_line(line: &str) -> QuoteLine {
    let (content, trail) = split_trail(line);
    let (marker, text) = if let Some(t) = content.strip_prefix("> ") {
        ("> ", t)
    } else if let Some(t) = content.strip_prefix('>') {
        (">", t)
    } else {
        ("", content)
    };
    QuoteLine { marker: marker.into(), text: text.into(), trail: trail.into() }
}

fn parse_digest(lines: &[&str]) -> Option<Digest> {
    let mut quote: Vec<QuoteLine> = lines.iter().map(|l| parse_quote_line(l)).collect();
    let first = quote.first_mut()?;
    let after_label = first.text.strip_prefix("导读")?;
    let (colon, text) = if let Some(t) = after_label.strip_prefix('：') {
        ("：", t)
    } else if let Some(t) = after_label.strip_prefix(':') {
        (":", t)
    } else {
        ("", after_label)
    };
    let colon = colon.to_string();
    first.text = text.into();
    let digest = Digest { label: "导读".into(), colon: colon.into(), lines: quote };
    let mut rendered = String::new();
    render::write_digest(&digest, &mut render::LineWriter::new(&mut rendered));
    (rendered.split('\n').eq(lines.iter().copied())).then_some(digest)
}

/// Splits a warm-up item's text at its subject colon.
fn split_subject(s: &str) -> (&str, &str, &str) {
    for (i, c) in s.char_indices() {
        if c == '：' || c == ':' {
            if i == 0 || s[..i].chars().count() > 24 || s[..i].contains('[') {
                break;
            }
            return (&s[..i], &s[i..i + c.len_utf8()], &s[i + c.len_utf8()..]);
        }
    }
    ("", "", s)
}

pub fn parse_warmup_item(line: &str) -> Option<WarmupItem> {
    let bullet = entry_bullet(line)?;
    let (content, trail) = split_trail(&line[bullet.len()..]);
    let terminator =
        ['；', '。', ';', '，'].into_iter().find(|t| content.ends_with(*t)).map(|t| t.to_string()).unwrap_or_default();
    let body = &content[..content.len() - terminator.len()];
    let mut item = WarmupItem {
        bullet: bullet.into(),
        subject: Str::default(),
        colon: Str::default(),
        text: Str::default(),
        link: WarmupLink::None,
        url: Str::default(),
        terminator: terminator.into(),
        trail: trail.into(),
    };
    match link_at(body).filter(|l| l.end == body.len()) {
        Some(link) => {
            let (subject, colon, text) = split_subject(link.text);
            item.subject = subject.into();
            item.colon = colon.into();
            item.text = text.into();
            item.link = WarmupLink::Whole;
            item.url = link.url.into();
        }
        None => {
            let (subject, colon, rest) = split_subject(body);
            item.subject = subject.into();
            item.colon = colon.into();
            match link_at(rest).filter(|l| l.end == rest.len()) {
                Some(link) => {
                    item.text = link.text.into();
                    item.link = WarmupLink::Text;
                    item.url = link.url.into();
                }
                None => item.text = rest.into(),
            }
        }
    }
    (render::warmup_item_line(&item) == line).then_some(item)
}

/// What went wrong reading a file.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum LoadError {
    #[error("not UTF-8 text (invalid byte at offset {offset})")]
    NotUtf8 { offset: usize },
    #[error("a binary file (NUL byte at offset {offset})")]
    Binary { offset: usize },
}

/// Loads an issue from raw bytes, refusing only what is not UTF-8 text (a
/// NUL byte or an invalid sequence). Any text is an issue: an empty file is
/// one with nothing in it, a scratch draft one with an unnamed group.
pub fn load_bytes(bytes: &[u8]) -> Result<Issue, LoadError> {
    if let Some(offset) = memchr::memchr(0, bytes) {
        return Err(LoadError::Binary { offset });
    }
    // SIMD validation (several times std's speed on CJK text); on failure
    // std's validator gives the offset of the first bad byte.
    let text = match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => text,
        Err(_) => std::str::from_utf8(bytes).map_err(|e| LoadError::NotUtf8 { offset: e.valid_up_to() })?,
    };
    Ok(parse(text))
}

impl Issue {
    /// Whether the text this was loaded from reads as a finished newsletter
    /// issue (a title or a newsletter section), not only a draft.
    pub fn looks_like_issue(&self) -> bool {
        self.title().is_some() || self.sections.iter().any(|s| s.kind() != SectionKind::Other)
    }
}

/// Parses any text. Never fails and never panics: whatever it cannot type is
/// kept verbatim. `render(&parse(s)) == s` for every `s`.
pub fn parse(text: &str) -> Issue {
    let mut issue = Issue::empty();
    let (bom, text) = match text.strip_prefix('\u{feff}') {
        Some(t) => (true, t),
        None => (false, text),
    };
    issue.bom = bom;
    let lines: Vec<&str> = text.split('\n').collect();
    let cr = lines.iter().filter(|l| l.ends_with('\r')).count();
    issue.crlf = cr * 2 > lines.len();

    // The preamble: up to the first `## ` heading or `----` rule; from the
    // first entry or bare URL on, the unnamed group of a draft.
    let pre_end = lines.iter().position(|l| is_section_heading(l) || is_rule(l)).unwrap_or(lines.len());
    let group = parse_preamble(&lines[..pre_end], &mut issue);
    if group < pre_end {
        let id = issue.new_section_id();
        let items = parse_items(&lines[group..pre_end], SectionKind::Other, &mut issue);
        issue.sections.push(Section::unnamed_group(id, items));
    }
    let mut i = pre_end;

    while i < lines.len() {
        let line = lines[i];
        if is_rule(line) {
            issue.footer = Some(Footer { lines: lines[i..].iter().map(|s| s.to_string()).collect() });
            break;
        }
        // A `## ` heading.
        let end = lines[i + 1..]
            .iter()
            .position(|l| is_section_heading(l) || is_rule(l))
            .map(|p| i + 1 + p)
            .unwrap_or(lines.len());
        let section = parse_section(&lines[i..end], &mut issue);
        issue.sections.push(section);
        i = end;
    }
    issue
}

fn parse_heading(line: &str) -> Heading {
    let (content, trail) = split_trail(line);
    let (marker, title) = match content.strip_prefix("## ") {
        Some(t) => ("## ", t),
        None => (content, ""),
    };
    let (title, url) = match link_at(title).filter(|l| l.end == title.len()) {
        Some(link) => (link.text.to_string(), Some(link.url.to_string())),
        None => (title.to_string(), None),
    };
    Heading { marker: marker.into(), title: title.into(), url: url.map(Str::from), trail: trail.into() }
}

fn parse_section(lines: &[&str], issue: &mut Issue) -> Section {
    let id = issue.new_section_id();
    let heading = parse_heading(lines[0]);
    let kind = SectionKind::from_title(&heading.title);
    let items = parse_items(&lines[1..], kind, issue);
    Section { id, heading, items, unnamed: false }
}

/// How many lines at most a paragraph's link may run over and still be typed.
const MAX_LINK_LINES: usize = 6;

/// When line `i` opens a link that closes on a following line of the same
/// paragraph (`[text](url` then `)…`, valid markdown: a line break may stand
/// before the `)`), the end of those lines (exclusive); `None` when the link
/// stays broken.
fn link_closes_below(lines: &[&str], i: usize, kind: SectionKind) -> Option<usize> {
    let mut joined = lines[i].to_string();
    for (j, line) in lines.iter().enumerate().skip(i + 1).take(MAX_LINK_LINES - 1) {
        if !continues_entry(line, kind) {
            return None;
        }
        joined.push('\n');
        joined.push_str(line);
        if !has_broken_link(&joined) {
            return Some(j + 1);
        }
    }
    None
}

/// The items of a section (or of the unnamed group): entries, blank lines,
/// lines of text, and lines of broken markup kept verbatim.
fn parse_items(lines: &[&str], kind: SectionKind, issue: &mut Issue) -> Vec<SectionItem> {
    let mut items = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if is_blank(line) {
            items.push(SectionItem::Blank(line.to_string()));
            i += 1;
        } else if kind != SectionKind::Archive && starts_entry(line, kind) {
            let mut end = i + 1;
            while end < lines.len() && continues_entry(lines[end], kind) {
                end += 1;
            }
            let entry_id = issue.new_entry_id();
            items.push(SectionItem::Entry(parse_entry(&lines[i..end], kind, entry_id)));
            i = end;
        } else if kind == SectionKind::Archive || !has_broken_link(line) {
            items.push(SectionItem::Text(line.to_string()));
            i += 1;
        } else if let Some(end) = link_closes_below(lines, i, kind) {
            items.extend(lines[i..end].iter().map(|l| SectionItem::Text(l.to_string())));
            i = end;
        } else {
            items.push(SectionItem::Raw(line.to_string()));
            i += 1;
        }
    }
    items
}

/// A line that is only an address: `https://…` with nothing around it.
pub fn is_bare_url_line(line: &str) -> bool {
    let c = split_trail(line).0.trim_start_matches([' ', '\t']);
    (c.starts_with("https://") || c.starts_with("http://")) && c.len() > "https://".len() && !c.contains([' ', '\t'])
}

/// Whether line `i` of a preamble starts the unnamed group of a draft: an
/// entry (a bullet line, or a whole-link line) before any warm-up intro, one
/// that goes on over a next line (`摘要：…`) after it, or a bare address.
fn starts_group(lines: &[&str], i: usize, seen_intro: bool) -> bool {
    let line = lines[i];
    if is_bare_url_line(line) {
        return true;
    }
    if !starts_entry(line, SectionKind::Other) {
        return false;
    }
    if !seen_intro {
        return true;
    }
    // After the warm-up intro, bullets are warm-up items unless one reads as
    // an entry: a line that is only a link (a warm-up item ends in `；` or
    // `。`), or a linked title with a labelled field (`摘要：…`) under it.
    let bullet = entry_bullet(line).unwrap_or("");
    let Some(head) = parse_head(&line[bullet.len()..], SectionKind::Other).filter(|h| h.linked) else {
        return false;
    };
    split_trail(&head.tail).0.is_empty()
        || lines.get(i + 1).is_some_and(|next| {
            continues_entry(next, SectionKind::Other) && matches!(parse_body_line(next), BodyLine::Field { .. })
        })
}

/// Types the preamble's lines and returns where the unnamed group starts
/// (`lines.len()` when there is none).
fn parse_preamble(lines: &[&str], issue: &mut Issue) -> usize {
    let mut i = 0;
    let blocks = &mut issue.preamble;
    let mut seen_intro = false;
    if lines.first().map(|l| split_trail(l).0) == Some("---")
        && let Some(close) = lines[1..].iter().position(|l| split_trail(l).0 == "---")
    {
        blocks.push(PreambleBlock::FrontMatter(lines[..close + 2].iter().map(|s| s.to_string()).collect()));
        i = close + 2;
    }
    while i < lines.len() {
        let line = lines[i];
        let (content, trail) = split_trail(line);
        if is_blank(line) {
            blocks.push(PreambleBlock::Blank(line.to_string()));
            i += 1;
        } else if starts_group(lines, i, seen_intro) {
            // A title line right above a bare address belongs with it.
            if is_bare_url_line(line) && i > 0 && matches!(blocks.last(), Some(PreambleBlock::Paragraph(_))) {
                blocks.pop();
                return i - 1;
            }
            return i;
        } else if let Some(title) =
            parse_title(line).filter(|_| !blocks.iter().any(|b| matches!(b, PreambleBlock::Title(_))))
        {
            blocks.push(PreambleBlock::Title(title));
            i += 1;
        } else if content.starts_with("**") && content.ends_with("**") && content.len() > 4 {
            blocks.push(PreambleBlock::Tagline(Decorated {
                text: content[2..content.len() - 2].into(),
                trail: trail.into(),
            }));
            i += 1;
        } else if content.starts_with('>') {
            let mut end = i + 1;
            while end < lines.len() && !is_blank(lines[end]) && entry_bullet(lines[end]).is_none() {
                end += 1;
            }
            let block = &lines[i..end];
            match parse_digest(block) {
                Some(d) => blocks.push(PreambleBlock::Digest(d)),
                None => blocks.push(PreambleBlock::Note(block.iter().map(|s| s.to_string()).collect())),
            }
            i = end;
        } else if content.starts_with("<font") {
            blocks.push(PreambleBlock::Note(vec![line.to_string()]));
            i += 1;
        } else if entry_bullet(line).is_some() {
            let mut items = Vec::new();
            while i < lines.len() && entry_bullet(lines[i]).is_some() && !starts_group(lines, i, seen_intro) {
                match parse_warmup_item(lines[i]) {
                    Some(item) => items.push(item),
                    None => break,
                }
                i += 1;
            }
            if items.is_empty() {
                blocks.push(PreambleBlock::Raw(line.to_string()));
                i += 1;
            } else {
                blocks.push(PreambleBlock::Warmup(items));
            }
        } else if content.ends_with('：') || content.ends_with(':') {
            blocks.push(PreambleBlock::WarmupIntro(Decorated { text: content.into(), trail: trail.into() }));
            seen_intro = true;
            i += 1;
        } else if !has_broken_link(line) {
            blocks.push(PreambleBlock::Paragraph(line.to_string()));
            i += 1;
        } else if let Some(end) = link_closes_below(lines, i, SectionKind::Other) {
            blocks.extend(lines[i..end].iter().map(|l| PreambleBlock::Paragraph(l.to_string())));
            i = end;
        } else {
            blocks.push(PreambleBlock::Raw(line.to_string()));
            i += 1;
        }
    }
    lines.len()
}

/// Whether a line holds a link that does not close on it (`[text](url` or
/// `[text` then `](`): broken markup, kept verbatim. Linear in the line's
/// length, whatever it holds.
pub fn has_broken_link(line: &str) -> bool {
    broken_link_at(line).is_some()
}

/// The byte of the first link on the line that does not close there: a `[`
/// without its `]`, a `](` without its `)`, or a stray `](` / leading `)`.
pub fn broken_link_at(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    if !b.contains(&b'[') {
        if line.trim_start().starts_with(')') {
            return Some(line.len() - line.trim_start().len());
        }
        return line.find("](");
    }
    // The closing byte of every `[` and `(`, found in one pass.
    let mut close_of: Vec<Option<usize>> = vec![None; b.len()];
    let (mut brackets, mut parens) = (Vec::new(), Vec::new());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'[' => brackets.push(i),
            b'(' => parens.push(i),
            b']' => {
                if let Some(o) = brackets.pop() {
                    close_of[o] = Some(i);
                }
            }
            b')' => {
                if let Some(o) = parens.pop() {
                    close_of[o] = Some(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    for (i, &c) in b.iter().enumerate() {
        if c != b'[' {
            continue;
        }
        match close_of[i] {
            None => return Some(i),
            Some(close) if b.get(close + 1) == Some(&b'(') && close_of[close + 1].is_none() => return Some(i),
            Some(_) => {}
        }
    }
    line.trim_start().starts_with(')').then(|| line.len() - line.trim_start().len())
}

/// Reads `text` (an edited rendering of `old`) as an issue whose sections and
/// entries keep `old`'s ids by position, so a selection survives a fix made
/// to the text. Pieces beyond `old`'s count get fresh ids.
pub fn reparse_keeping_ids(old: &Issue, text: &str) -> Issue {
    let mut new = parse(text);
    let mut next = old.next_id.max(new.next_id);
    let old_sections: Vec<SectionId> = old.sections.iter().map(|s| s.id).collect();
    let old_entries: Vec<EntryId> = old.entries().map(|(_, e)| e.id).collect();
    let mut k = 0;
    for (i, section) in new.sections.iter_mut().enumerate() {
        section.id = match old_sections.get(i) {
            Some(id) => *id,
            None => {
                next += 1;
                SectionId(next - 1)
            }
        };
        for item in &mut section.items {
            if let SectionItem::Entry(e) = item {
                e.id = match old_entries.get(k) {
                    Some(id) => *id,
                    None => {
                        next += 1;
                        EntryId(next - 1)
                    }
                };
                k += 1;
            }
        }
    }
    new.next_id = next;
    new
}
