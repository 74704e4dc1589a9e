//! Inline markdown of one line (emphasis, code, links, images, raw HTML) to
//! spans, through pulldown-cmark. Raw HTML is never passed through: a few
//! harmless tags are understood (`<a href>` becomes a link or a reference,
//! `<br>` a line break, `<b>`, `<i>`, `<font>`…), every other tag is text.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{Builder, Span, SpanKind, is_http_url};

#[derive(Default)]
struct State {
    strong: u32,
    emphasis: u32,
    /// Open links: their URL and where their text starts in `out`.
    links: Vec<(String, usize)>,
    /// Open images: their source and where their alternative text starts.
    images: Vec<(String, usize)>,
    /// Spans before this index are not merged into (a link's text starts here).
    barrier: usize,
}

impl State {
    fn push(&self, text: &str, kind: SpanKind, out: &mut Vec<Span>) {
        if text.is_empty() && kind == SpanKind::Text {
            return;
        }
        let (strong, emphasis) = (self.strong > 0, self.emphasis > 0);
        // Merge with the previous run of the same style.
        if kind == SpanKind::Text
            && out.len() > self.barrier
            && let Some(last) = out.last_mut()
            && last.kind == SpanKind::Text
            && last.strong == strong
            && last.emphasis == emphasis
        {
            last.text.push_str(text);
            return;
        }
        out.push(Span { text: text.into(), kind, strong, emphasis });
    }
}

/// Whether a line needs the markdown parser at all: whether it holds a byte
/// that could start inline markup. `_` between two ASCII letters or digits
/// (URLs, identifiers) can neither open nor close emphasis; `!` matters only
/// before `[`, `&` only before an entity name, `\\` only before punctuation.
fn is_plain(text: &str) -> bool {
    const SPECIAL: [bool; 256] = {
        let mut t = [false; 256];
        let mut i = 0;
        let chars = b"[*_`<&\\!";
        while i < chars.len() {
            t[chars[i] as usize] = true;
            i += 1;
        }
        t
    };
    let b = text.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if !SPECIAL[c as usize] {
            continue;
        }
        let next = b.get(i + 1).copied().unwrap_or(b' ');
        let plain = match c {
            b'_' => i > 0 && b[i - 1].is_ascii_alphanumeric() && next.is_ascii_alphanumeric(),
            b'!' => next != b'[',
            b'&' => !(next.is_ascii_alphanumeric() || next == b'#'),
            b'\\' => !next.is_ascii_punctuation(),
            _ => false,
        };
        if !plain {
            return false;
        }
    }
    true
}

/// A piece of a line that [`simple_links`] reads.
enum Piece<'a> {
    Text(&'a str),
    Link { text: &'a str, url: &'a str },
}

/// The commonest marked-up line: plain text and plain inline links
/// `[text](url)`, nothing else. Gives its pieces in order to `f` and returns
/// true, or returns false (having given nothing, or only part: call it first
/// with a no-op to check) for anything else, which the parser then reads.
/// Conservative: every byte that could mean more in context sends the line
/// to the parser.
fn simple_links<'a>(text: &'a str, f: &mut dyn FnMut(Piece<'a>)) -> bool {
    /// Bytes a destination may hold here: printable ASCII without space,
    /// brackets, parentheses, quotes, `<>`, backslash, `&` and backtick.
    const URL: [bool; 256] = {
        let mut t = [false; 256];
        let mut i = 0x21;
        while i < 0x7f {
            t[i] = true;
            i += 1;
        }
        let no = b"()[]<>\\&\"'`";
        let mut i = 0;
        while i < no.len() {
            t[no[i] as usize] = false;
            i += 1;
        }
        t
    };
    let b = text.as_bytes();
    // `~~~` opens a fenced code block whatever follows.
    if b.first() == Some(&b'~') {
        return false;
    }
    // Text between links: plain on its own, and not ending in `!` (an
    // image) or `\` (an escape) before a `[`.
    let plain_before = |s: &str| is_plain(s) && !s.ends_with(['!', '\\']);
    let mut from = 0;
    loop {
        let Some(p) = memchr::memchr2(b'[', b']', &b[from..]) else {
            let tail = &text[from..];
            if !is_plain(tail) {
                return false;
            }
            if !tail.is_empty() {
                f(Piece::Text(tail));
            }
            return true;
        };
        let open = from + p;
        if b[open] == b']' || !plain_before(&text[from..open]) {
            return false;
        }
        let Some(q) = memchr::memchr2(b'[', b']', &b[open + 1..]) else { return false };
        let close = open + 1 + q;
        if b[close] == b'[' || b.get(close + 1) != Some(&b'(') {
            return false;
        }
        let label = &text[open + 1..close];
        if label.is_empty()
            || !plain_before(label)
            || label.starts_with(char::is_whitespace)
            || label.ends_with(char::is_whitespace)
        {
            return false;
        }
        let Some(r) = memchr::memchr(b')', &b[close + 2..]) else { return false };
        let end = close + 2 + r;
        let url = &text[close + 2..end];
        if url.is_empty() || !url.bytes().all(|c| URL[c as usize]) {
            return false;
        }
        if open > from {
            f(Piece::Text(&text[from..open]));
        }
        f(Piece::Link { text: label, url });
        from = end + 1;
    }
}

/// Escapes what would make a single line a block (heading, quote, list item)
/// rather than a paragraph.
fn as_paragraph(text: &str) -> std::borrow::Cow<'_, str> {
    let b = text.as_bytes();
    match b.first() {
        Some(b'#' | b'>') => format!("\\{text}").into(),
        Some(b'-' | b'+' | b'*') if b.get(1).is_none_or(|c| *c == b' ') => format!("\\{text}").into(),
        Some(c) if c.is_ascii_digit() => {
            let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
            match b.get(digits) {
                Some(b'.' | b')') if digits <= 9 && b.get(digits + 1).is_none_or(|c| *c == b' ') => {
                    format!("{}\\{}", &text[..digits], &text[digits..]).into()
                }
                _ => text.into(),
            }
        }
        _ => text.into(),
    }
}

/// Appends the spans of one line of inline markdown.
pub(super) fn parse(b: &mut Builder, text: &str, out: &mut Vec<Span>) {
    parse_with(b, text, out, true)
}

fn parse_with(b: &mut Builder, text: &str, out: &mut Vec<Span>, fast: bool) {
    let text = text.trim_matches([' ', '\t']);
    if text.is_empty() {
        return;
    }
    let mut st = State::default();
    if fast && is_plain(text) {
        st.push(text, SpanKind::Text, out);
        return;
    }
    if fast && simple_links(text, &mut |_| {}) {
        simple_links(text, &mut |piece| match piece {
            Piece::Text(t) => st.push(t, SpanKind::Text, out),
            Piece::Link { text, url } => {
                // What the parser's Start(Link), Text and End(Link) do.
                let at = out.len();
                st.barrier = at;
                st.push(text, SpanKind::Text, out);
                let inner = out.split_off(at);
                b.link(url, inner, out);
                st.barrier = out.len();
            }
        });
        return;
    }
    let start = out.len();
    let source = as_paragraph(text);
    for event in Parser::new_ext(&source, Options::empty()) {
        match event {
            Event::Start(Tag::Paragraph | Tag::HtmlBlock) | Event::End(TagEnd::Paragraph | TagEnd::HtmlBlock) => {}
            Event::Text(t) => st.push(&t, SpanKind::Text, out),
            Event::Code(t) => st.push(&t, SpanKind::Code, out),
            Event::Html(h) | Event::InlineHtml(h) => raw_html(b, &mut st, &h, out),
            Event::SoftBreak => st.push(" ", SpanKind::Text, out),
            Event::HardBreak => st.push("", SpanKind::LineBreak, out),
            Event::Start(Tag::Strong) => st.strong += 1,
            Event::End(TagEnd::Strong) => st.strong = st.strong.saturating_sub(1),
            Event::Start(Tag::Emphasis) => st.emphasis += 1,
            Event::End(TagEnd::Emphasis) => st.emphasis = st.emphasis.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => {
                st.links.push((dest_url.to_string(), out.len()));
                st.barrier = out.len();
            }
            Event::End(TagEnd::Link) => close_link(b, &mut st, out),
            Event::Start(Tag::Image { dest_url, .. }) => {
                st.images.push((dest_url.to_string(), out.len()));
                st.barrier = out.len();
            }
            Event::End(TagEnd::Image) => {
                if let Some((src, at)) = st.images.pop() {
                    st.barrier = at;
                    let alt = super::spans_text(&out.split_off(at));
                    let alt = alt.trim();
                    if is_http_url(src.trim()) {
                        out.push(Span {
                            text: alt.into(),
                            kind: SpanKind::Image { src: src.trim().to_string() },
                            strong: false,
                            emphasis: false,
                        });
                    } else {
                        let label = if alt.is_empty() { "图片".to_string() } else { format!("图片：{alt}") };
                        st.push(&format!("〔{label}〕"), SpanKind::Text, out);
                    }
                    st.barrier = out.len();
                }
            }
            _ => {
                // A block construct the escapes did not prevent (a fenced
                // code line, a rule…): the line as text, raw HTML made safe.
                out.truncate(start);
                let mut st = State::default();
                raw_html(b, &mut st, text, out);
                close_all(b, &mut st, out);
                return;
            }
        }
    }
    close_all(b, &mut st, out);
}

fn close_link(b: &mut Builder, st: &mut State, out: &mut Vec<Span>) {
    if let Some((url, at)) = st.links.pop() {
        let inner = out.split_off(at.min(out.len()));
        b.link(&url, inner, out);
        st.barrier = out.len();
    }
}

/// Links left open by raw HTML (`<a href>` without `</a>`) end with the line.
fn close_all(b: &mut Builder, st: &mut State, out: &mut Vec<Span>) {
    while !st.links.is_empty() {
        close_link(b, st, out);
    }
    st.images.clear();
}

/// Raw HTML: known harmless tags understood, everything else kept as text.
fn raw_html(b: &mut Builder, st: &mut State, html: &str, out: &mut Vec<Span>) {
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        st.push(&rest[..i], SpanKind::Text, out);
        let at = &rest[i..];
        match parse_tag(at) {
            Some((tag, len)) => {
                let raw = &at[..len];
                match (tag.name.to_ascii_lowercase().as_str(), tag.closing) {
                    ("a", false) => {
                        let href = attr(tag.attrs, "href").unwrap_or_default();
                        st.links.push((href, out.len()));
                        st.barrier = out.len();
                    }
                    ("a", true) => close_link(b, st, out),
                    ("br", _) => st.push("", SpanKind::LineBreak, out),
                    // An image's alternative text stands for it.
                    ("img", _) => st.push(&attr(tag.attrs, "alt").unwrap_or_default(), SpanKind::Text, out),
                    ("b" | "strong", false) => st.strong += 1,
                    ("b" | "strong", true) => st.strong = st.strong.saturating_sub(1),
                    ("i" | "em", false) => st.emphasis += 1,
                    ("i" | "em", true) => st.emphasis = st.emphasis.saturating_sub(1),
                    // Decoration: the tag goes, its content stays.
                    ("font" | "span" | "u" | "sub" | "sup" | "small" | "big" | "center" | "p" | "div", _) => {}
                    _ => st.push(raw, SpanKind::Text, out),
                }
                rest = &at[len..];
            }
            None => {
                st.push("<", SpanKind::Text, out);
                rest = &at[1..];
            }
        }
    }
    st.push(rest, SpanKind::Text, out);
}

struct HtmlTag<'a> {
    closing: bool,
    name: &'a str,
    attrs: &'a str,
}

/// `<name attrs>` or `</name>` at the start of `s`, and its length.
fn parse_tag(s: &str) -> Option<(HtmlTag<'_>, usize)> {
    let bytes = s.as_bytes();
    let mut i = 1;
    let closing = bytes.get(1) == Some(&b'/');
    if closing {
        i += 1;
    }
    let name_start = i;
    if !bytes.get(i).is_some_and(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    while bytes.get(i).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'-') {
        i += 1;
    }
    let name = &s[name_start..i];
    let attrs_start = i;
    let mut quote = None;
    while let Some(&c) = bytes.get(i) {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => quote = Some(c),
            None if c == b'>' => {
                let attrs = s[attrs_start..i].trim_end_matches('/');
                return Some((HtmlTag { closing, name, attrs }, i + 1));
            }
            None if c == b'<' => return None,
            None => {}
        }
        i += 1;
    }
    None
}

/// The value of an attribute, `&amp;` decoded.
fn attr(attrs: &str, name: &str) -> Option<String> {
    let lower = attrs.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = attrs[at + name.len()..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let rest = rest[1..].trim_start();
        let value = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
            _ => rest.split(|c: char| c.is_whitespace()).next().unwrap_or(""),
        };
        return Some(value.replace("&amp;", "&"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn spans(text: &str, fast: bool) -> (Vec<Span>, Vec<super::super::Reference>) {
        let mut b = Builder::default();
        let mut out = Vec::new();
        parse_with(&mut b, text, &mut out, fast);
        (out, b.refs)
    }

    #[test]
    fn plain_lines_skip_the_parser() {
        for plain in ["见 https://github.com/a_b/c_d", "A & B 1 & 2", "好!", "a\\b", "中文，没有标记。"] {
            assert!(is_plain(plain), "{plain}");
            assert_eq!(spans(plain, true), spans(plain, false), "{plain}");
        }
        for marked in ["_x_", "a _b_", "![i](u)", "&amp;", "\\*", "**b**", "`c`", "<b>", "[t](u)"] {
            assert!(!is_plain(marked), "{marked}");
        }
        // Plain links take the second fast path; what looks like one but is
        // not (an image, an escape, a title, a fence) goes to the parser.
        for linked in ["见 [题目](https://a.b/c_d?x=1#y) 和 [code](https://github.com/a/b)。", "- [t](u)", "1. [t](u)"]
        {
            assert!(simple_links(linked, &mut |_| {}), "{linked}");
            assert_eq!(spans(linked, true), spans(linked, false), "{linked}");
        }
        for other in
            ["![i](u)", "\\[t](u)", "[t](u \"x\")", "~~~[t](u)", "[t]", "[t](u", "[*t*](u)", "[a](&amp;)", "a_[t](u)"]
        {
            assert!(!simple_links(other, &mut |_| {}), "{other}");
            assert_eq!(spans(other, true), spans(other, false), "{other}");
        }
    }

    proptest! {
        /// The fast path gives exactly what the parser gives.
        #[test]
        fn the_fast_path_agrees_with_the_parser(text in "[a-z1 _!&#;\\\\*\\[\\]()<>`中。-]{0,16}") {
            prop_assert_eq!(spans(&text, true), spans(&text, false));
        }

        /// Lines of text and links, the shapes the link fast path takes or
        /// must refuse, read alike by both paths.
        #[test]
        fn the_link_fast_path_agrees_with_the_parser(
            text in "([a-z1 _!&#~:>*.-]{0,4}(\\[[a-z _!\\\\\\]&]{0,4}\\]\\(?[a-z:/._*&()\\\\ <#%~-]{0,6}\\)?)?){0,4}",
        ) {
            prop_assert_eq!(spans(&text, true), spans(&text, false));
        }
    }
}
