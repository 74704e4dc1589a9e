//! The article as an inline-styled HTML fragment (what is pasted into the
//! WeChat editor), as plain text (the clipboard's alternative) and as a
//! minimal standalone page (for a browser).

use super::dark::{Mode, Palette};
use super::look::{Look, Part, Piece, Surface};
use super::theme::Theme;
use super::{Block, EntryBlock, EntryLine, Reference, Span, SpanKind, WeChatDoc, is_wechat_url};

/// Opening tags, their inline styles computed once from the theme.
struct Tags {
    root: String,
    edge: String,
    title: String,
    subtitle: String,
    tagline: String,
    digest: String,
    note: String,
    quote_line: String,
    quote_next: String,
    label: String,
    /// The label, link and reference mark inside the digest and notes.
    quote_label: String,
    paragraph: String,
    bullet_p: String,
    bullet: String,
    heading: String,
    entry: String,
    head: String,
    tag: String,
    source: String,
    field: String,
    item: [String; 3],
    year: String,
    rule: String,
    refs_heading: String,
    refs: String,
    ref_line: String,
    code: String,
    link: String,
    refmark: String,
    /// `</sup>` or `</span>`.
    refmark_close: &'static str,
    /// The theme's bullet, escaped.
    bullet_text: String,
    quote_link: String,
    quote_refmark: String,
    image: String,
}

impl Tags {
    /// Every style from the theme's [`Look`]s in a palette: the values the
    /// app's preview draws with.
    fn new(t: &Theme, p: &Palette) -> Tags {
        let text = p.on_page.text.hex();
        let small = t.small_size;
        let look = |part| t.look_in(part, p);
        let title = look(Part::Title);
        let subtitle = look(Part::Subtitle);
        let tagline = look(Part::Tagline);
        let digest = look(Part::Digest);
        let note = look(Part::Note);
        let paragraph = look(Part::Paragraph);
        let bulleted = look(Part::Bulleted);
        let heading = look(Part::SectionHeading);
        let entry = look(Part::Entry);
        let head = look(Part::EntryHead);
        let field = look(Part::Field);
        let year = look(Part::Year);
        let rule = look(Part::Rule);
        let refs_heading = look(Part::RefsHeading);
        let ref_line = look(Part::RefLine);
        let piece = |piece| t.piece_in(piece, p, Surface::Page);
        let quote_piece = |piece| t.piece_in(piece, p, Surface::Quote);
        let label = piece(Piece::Label);
        let bullet = piece(Piece::Bullet);
        let code = piece(Piece::Code);
        let refmark = piece(Piece::RefMark);
        let label_tag = |label: crate::core::export::wechat::PieceLook| {
            format!(
                r#"<strong style="font-weight:{};color:{}">"#,
                if label.bold == Some(true) { "bold" } else { "normal" },
                label.color.hex()
            )
        };
        let refmark_tag = |refmark: crate::core::export::wechat::PieceLook| match refmark.size {
            Some(size) => format!(r#"<sup style="color:{};font-size:{size}px;line-height:0">"#, refmark.color.hex()),
            None => format!(r#"<span style="color:{}">"#, refmark.color.hex()),
        };
        // The digest has no colour of its own in light mode (it inherits the
        // body's); in dark mode WeChat gives it its text recoloured on its box.
        let digest_color =
            if digest.color == p.on_page.text { String::new() } else { format!(";color:{}", digest.color.hex()) };
        let margin = |l: &Look| format!("{}px 0 {}", l.margin[0], l.margin[1]).replace("0px", "0");
        let weight = |bold: bool| if bold { "bold" } else { "normal" };
        let quote_box = |l: &Look| {
            let (w, c) = l.border_left.expect("a quote box has a left border");
            format!(
                "margin:{}px;padding:{}px {}px;background:{};border-left:{w}px solid {};border-radius:{}px",
                margin(l),
                l.padding[0],
                l.padding[1],
                l.background.expect("a quote box has a background").hex(),
                c.hex(),
                l.radius
            )
        };
        let item = |depth: u8| {
            let l = t.look(Part::Item(depth));
            format!(
                r#"<p style="margin:{}px;padding-left:{:.1}em;text-indent:-{}em;font-size:{}px">"#,
                margin(&l),
                l.indent_em,
                l.hang_em,
                l.size
            )
        };
        Tags {
            root: format!(
                r#"<section style="font-family:{};font-size:{}px;line-height:{};color:{text};letter-spacing:0.5px;word-wrap:break-word;text-align:left;padding:0 4px">"#,
                t.font_family, t.font_size, t.line_height
            ),
            edge: r#"<p style="margin:0;padding:0;font-size:0;line-height:0">&nbsp;</p>"#.into(),
            title: format!(
                r#"<h1 style="margin:{}px;font-size:{}px;line-height:{};font-weight:{};color:{};text-align:{}">"#,
                margin(&title),
                title.size,
                title.line_height,
                weight(title.bold),
                title.color.hex(),
                title.align.css()
            ),
            subtitle: format!(
                r#"<p style="margin:{}px;font-size:{}px;line-height:{};color:{};text-align:{}">"#,
                margin(&subtitle),
                subtitle.size,
                subtitle.line_height,
                subtitle.color.hex(),
                subtitle.align.css()
            ),
            tagline: format!(
                r#"<p style="margin:{}px;font-size:{}px;color:{};text-align:{}">"#,
                margin(&tagline),
                tagline.size,
                tagline.color.hex(),
                tagline.align.css()
            ),
            digest: format!(r#"<section style="{}{digest_color};font-size:{}px">"#, quote_box(&digest), digest.size),
            note: format!(
                r#"<section style="{};color:{};font-size:{}px">"#,
                quote_box(&note),
                note.color.hex(),
                note.size
            ),
            quote_line: r#"<p style="margin:0">"#.into(),
            quote_next: r#"<p style="margin:4px 0 0">"#.into(),
            label: label_tag(label),
            quote_label: label_tag(quote_piece(Piece::Label)),
            paragraph: format!(r#"<p style="margin:{}px">"#, margin(&paragraph)),
            bullet_p: format!(
                r#"<p style="margin:{}px;padding-left:{}em;text-indent:-{}em;font-size:{}px">"#,
                margin(&bulleted),
                bulleted.indent_em,
                bulleted.hang_em,
                bulleted.size
            ),
            bullet: format!(r#"<span style="color:{}">"#, bullet.color.hex()),
            heading: format!(
                r#"<h2 style="margin:{}px;padding:0 0 {}px;font-size:{}px;line-height:{};font-weight:{};color:{};border-bottom:{}px solid {}">"#,
                margin(&heading),
                heading.padding[2],
                heading.size,
                heading.line_height,
                weight(heading.bold),
                heading.color.hex(),
                heading.border_bottom.expect("a heading is underlined").0,
                heading.border_bottom.expect("a heading is underlined").1.hex()
            ),
            entry: format!(r#"<section style="margin:{}px">"#, margin(&entry)),
            head: format!(
                r#"<p style="margin:{}px;font-weight:{};color:{}">"#,
                margin(&head),
                weight(head.bold),
                head.color.hex()
            ),
            tag: piece_span(t.piece_in(Piece::Tag, p, Surface::Page)),
            source: piece_span(t.piece_in(Piece::Source, p, Surface::Page)),
            field: format!(r#"<p style="margin:{}px;font-size:{}px">"#, margin(&field), field.size),
            item: [item(0), item(1), item(2)],
            year: format!(
                r#"<p style="margin:{}px;font-weight:{};color:{}">"#,
                margin(&year),
                weight(year.bold),
                year.color.hex()
            ),
            rule: format!(
                r#"<hr style="margin:{}px 0;border:0;border-top:{}px solid {}">"#,
                rule.margin[0],
                rule.border_top.expect("a rule has a line").0,
                rule.border_top.expect("a rule has a line").1.hex()
            ),
            refs_heading: format!(
                r#"<h3 style="margin:{}px;font-size:{}px;font-weight:{};color:{}">"#,
                margin(&refs_heading),
                refs_heading.size,
                weight(refs_heading.bold),
                refs_heading.color.hex()
            ),
            refs: format!(
                r#"<section style="font-size:{small}px;line-height:{};color:{};word-break:break-all">"#,
                ref_line.line_height,
                ref_line.color.hex()
            ),
            ref_line: format!(r#"<p style="margin:{}px">"#, margin(&ref_line)),
            code: format!(
                r#"<code style="font-family:Menlo,Consolas,monospace;font-size:{}%;color:{};background:{};padding:1px 4px;border-radius:3px">"#,
                (code.scale * 100.0).round(),
                code.color.hex(),
                code.background.expect("code has a background").hex()
            ),
            link: format!(r#"style="color:{};text-decoration:none">"#, piece(Piece::Link).color.hex()),
            refmark: refmark_tag(refmark),
            refmark_close: if refmark.size.is_some() { "</sup>" } else { "</span>" },
            bullet_text: {
                let mut b = String::new();
                escape(&mut b, &t.bullet);
                b
            },
            quote_link: format!(r#"style="color:{};text-decoration:none">"#, quote_piece(Piece::Link).color.hex()),
            quote_refmark: refmark_tag(quote_piece(Piece::RefMark)),
            image: r#" style="display:block;max-width:100%;margin:8px auto">"#.into(),
        }
    }
}

/// `<span style="color:…;font-weight:…">` of a piece with its own colour and weight.
fn piece_span(p: crate::core::export::wechat::PieceLook) -> String {
    match p.bold {
        Some(bold) => {
            format!(r#"<span style="color:{};font-weight:{}">"#, p.color.hex(), if bold { "bold" } else { "normal" })
        }
        None => format!(r#"<span style="color:{}">"#, p.color.hex()),
    }
}

/// Appends text content with `& < >` escaped (quotes need no escape outside
/// attributes). Most text has none of them: found with memchr, copied whole.
fn escape(out: &mut String, s: &str) {
    let bytes = s.as_bytes();
    let mut last = 0;
    while let Some(p) = memchr::memchr3(b'&', b'<', b'>', &bytes[last..]) {
        let i = last + p;
        out.push_str(&s[last..i]);
        out.push_str(match bytes[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            _ => "&gt;",
        });
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

/// Appends an attribute value (inside `"…"`) with `& < > " '` escaped.
fn escape_attr(out: &mut String, s: &str) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

/// Code: escaped, spaces kept as `&nbsp;`.
fn escape_code(out: &mut String, s: &str) {
    for (i, part) in s.split(' ').enumerate() {
        if i > 0 {
            out.push_str("&nbsp;");
        }
        escape(out, part);
    }
}

fn spans(out: &mut String, tags: &Tags, all: &[Span]) {
    spans_on(out, tags, all, Surface::Page)
}

/// Spans on a surface: inside the digest and notes, links and reference
/// marks take the box's colours.
fn spans_on(out: &mut String, tags: &Tags, all: &[Span], surface: Surface) {
    let quote = surface == Surface::Quote;
    for (i, span) in all.iter().enumerate() {
        match &span.kind {
            SpanKind::Text => {
                if span.strong {
                    out.push_str("<strong>");
                }
                if span.emphasis {
                    out.push_str("<em>");
                }
                escape(out, &span.text);
                if span.emphasis {
                    out.push_str("</em>");
                }
                if span.strong {
                    out.push_str("</strong>");
                }
            }
            SpanKind::Code => {
                out.push_str(&tags.code);
                escape_code(out, &span.text);
                out.push_str("</code>");
            }
            SpanKind::Link { url } => {
                // The builder only makes WeChat links; checked again here
                // because the IR is public and can be built by hand.
                let linked = is_wechat_url(url);
                let same = |s: &Span| matches!(&s.kind, SpanKind::Link { url: u } if u == url);
                let first_of_link = i == 0 || !same(&all[i - 1]);
                let last_of_link = all.get(i + 1).is_none_or(|s| !same(s));
                if linked && first_of_link {
                    out.push_str("<a href=\"");
                    escape_attr(out, url);
                    out.push_str("\" ");
                    out.push_str(if quote { &tags.quote_link } else { &tags.link });
                }
                if span.strong {
                    out.push_str("<strong>");
                }
                escape(out, &span.text);
                if span.strong {
                    out.push_str("</strong>");
                }
                if linked && last_of_link {
                    out.push_str("</a>");
                }
            }
            SpanKind::RefMark(n) => {
                out.push_str(if quote { &tags.quote_refmark } else { &tags.refmark });
                push_number(out, *n);
                out.push_str(tags.refmark_close);
            }
            SpanKind::LineBreak => out.push_str("<br>"),
            SpanKind::Image { src } => {
                if super::is_http_url(src) {
                    out.push_str("<img src=\"");
                    escape_attr(out, src);
                    out.push_str("\" alt=\"");
                    escape_attr(out, &span.text);
                    out.push('"');
                    out.push_str(&tags.image);
                } else {
                    escape(out, &span.text);
                }
            }
        }
    }
}

/// `[n]`.
fn push_number(out: &mut String, n: usize) {
    use std::fmt::Write;
    let _ = write!(out, "[{n}]");
}

/// A bulleted line: the theme's bullet (the block's `•` is the default one).
fn bulleted(out: &mut String, tags: &Tags, open: &str, content: &[Span]) {
    out.push_str(open);
    out.push_str(&tags.bullet);
    out.push_str(&tags.bullet_text);
    out.push_str("</span> ");
    spans(out, tags, content);
    out.push_str("</p>");
}

fn entry(out: &mut String, tags: &Tags, e: &EntryBlock) {
    out.push_str(&tags.entry);
    out.push_str(&tags.head);
    out.push_str(&tags.bullet);
    out.push_str(&tags.bullet_text);
    out.push_str("</span> ");
    for tag in &e.tags {
        out.push_str(&tags.tag);
        out.push('[');
        escape(out, tag);
        out.push_str("]</span> ");
    }
    spans(out, tags, &e.title);
    if let Some(source) = &e.source {
        out.push_str(&tags.source);
        out.push_str(" | ");
        escape(out, source);
        out.push_str("</span>");
    }
    spans(out, tags, &e.after);
    out.push_str("</p>");
    for line in &e.lines {
        match line {
            EntryLine::Field { label, spans: value } => {
                out.push_str(&tags.field);
                out.push_str(&tags.label);
                escape(out, label);
                out.push_str("：</strong>");
                spans(out, tags, value);
                out.push_str("</p>");
            }
            EntryLine::Item { depth, marker, spans: text } => {
                out.push_str(&tags.item[(*depth as usize).min(2)]);
                escape(out, marker);
                out.push(' ');
                spans(out, tags, text);
                out.push_str("</p>");
            }
            EntryLine::Text(text) => {
                out.push_str(&tags.field);
                spans(out, tags, text);
                out.push_str("</p>");
            }
        }
    }
    out.push_str("</section>");
}

fn quote(out: &mut String, tags: &Tags, open: &str, label: Option<&str>, lines: &[Vec<Span>]) {
    out.push_str(open);
    for (i, line) in lines.iter().enumerate() {
        out.push_str(if i == 0 { &tags.quote_line } else { &tags.quote_next });
        if let (0, Some(label)) = (i, label) {
            out.push_str(&tags.quote_label);
            escape(out, label);
            out.push_str("：</strong>");
        }
        spans_on(out, tags, line, Surface::Quote);
        out.push_str("</p>");
    }
    if lines.is_empty()
        && let Some(label) = label
    {
        out.push_str(&tags.quote_line);
        out.push_str(&tags.quote_label);
        escape(out, label);
        out.push_str("：</strong></p>");
    }
    out.push_str("</section>");
}

fn references(out: &mut String, tags: &Tags, refs: &[Reference]) {
    if refs.is_empty() {
        return;
    }
    out.push_str(&tags.refs_heading);
    out.push_str("参考资料</h3>");
    out.push_str(&tags.refs);
    for r in refs {
        out.push_str(&tags.ref_line);
        push_number(out, r.number);
        out.push(' ');
        if !r.text.is_empty() {
            escape(out, &r.text);
            out.push_str(": ");
        }
        escape(out, &r.url);
        out.push_str("</p>");
    }
    out.push_str("</section>");
}

/// A theme's opening tags with their inline styles, computed once: for
/// writing many articles in the same theme ([`write_html`]).
pub struct HtmlStyle {
    tags: Tags,
}

impl HtmlStyle {
    pub fn new(theme: &Theme) -> HtmlStyle {
        HtmlStyle::with_mode(theme, Mode::Light)
    }

    /// The style with the colours of a mode (dark: WeChat's dark mode).
    pub fn with_mode(theme: &Theme, mode: Mode) -> HtmlStyle {
        HtmlStyle { tags: Tags::new(theme, &Palette::of(theme, mode)) }
    }
}

/// The article as one root `<section>` with inline styles only: no
/// `<style>`, `class`, `id` or CSS variable, no whitespace between tags,
/// every text escaped, links only to mp.weixin.qq.com.
pub fn to_html(doc: &WeChatDoc, theme: &Theme) -> String {
    let mut out = String::new();
    write_html(doc, &HtmlStyle::new(theme), &mut out);
    out
}

/// [`to_html`] appended to `out`, with the style computed beforehand: a
/// caller exporting many files reuses both the style and the buffer.
pub fn write_html(doc: &WeChatDoc, style: &HtmlStyle, out: &mut String) {
    let tags = &style.tags;
    out.reserve(4096 + doc.blocks.len() * 400);
    out.push_str(&tags.root);
    out.push_str(&tags.edge);
    for block in &doc.blocks {
        match block {
            Block::Title { title, subtitle } => {
                out.push_str(&tags.title);
                escape(out, title);
                out.push_str("</h1>");
                if !subtitle.is_empty() {
                    out.push_str(&tags.subtitle);
                    spans(out, tags, subtitle);
                    out.push_str("</p>");
                }
            }
            Block::Tagline(s) => {
                out.push_str(&tags.tagline);
                spans(out, tags, s);
                out.push_str("</p>");
            }
            Block::Digest { label, lines } => quote(out, tags, &tags.digest, Some(label), lines),
            Block::Note(lines) => quote(out, tags, &tags.note, None, lines),
            Block::Paragraph(s) => {
                out.push_str(&tags.paragraph);
                spans(out, tags, s);
                out.push_str("</p>");
            }
            Block::WarmupItem { spans: s, .. } | Block::ListItem { spans: s, .. } => {
                bulleted(out, tags, &tags.bullet_p, s)
            }
            Block::SectionHeading(s) => {
                out.push_str(&tags.heading);
                spans(out, tags, s);
                out.push_str("</h2>");
            }
            Block::Entry(e) => entry(out, tags, e),
            Block::ArchiveYear(year) => {
                out.push_str(&tags.year);
                escape(out, year);
                out.push_str("</p>");
            }
            Block::Rule => out.push_str(&tags.rule),
        }
    }
    references(out, tags, &doc.references);
    out.push_str(&tags.edge);
    out.push_str("</section>");
}

fn plain_spans(out: &mut String, spans: &[Span], indent: &str) {
    for (i, span) in spans.iter().enumerate() {
        match &span.kind {
            SpanKind::LineBreak => {
                out.push('\n');
                out.push_str(indent);
            }
            SpanKind::Link { url } => {
                out.push_str(&span.text);
                // The URL once, after the last span of the link.
                let continues =
                    matches!(spans.get(i + 1), Some(Span { kind: SpanKind::Link { url: next }, .. }) if next == url);
                if !continues {
                    out.push_str(" (");
                    out.push_str(url);
                    out.push(')');
                }
            }
            SpanKind::Image { src } => {
                out.push_str("〔图片");
                if !span.text.is_empty() {
                    out.push('：');
                    out.push_str(&span.text);
                }
                out.push_str("〕 ");
                out.push_str(src);
            }
            _ => out.push_str(&span.text),
        }
    }
}

/// The article as plain text: titles, summaries, numbered references.
pub fn to_plain_text(doc: &WeChatDoc) -> String {
    let mut out = String::with_capacity(doc.blocks.len() * 200);
    // Consecutive list-like blocks stay together; other blocks get a blank line.
    let mut last_was_item = false;
    for block in &doc.blocks {
        let is_item = matches!(block, Block::WarmupItem { .. } | Block::ListItem { .. } | Block::Entry(_));
        if !(out.is_empty() || is_item && last_was_item) {
            out.push('\n');
        }
        last_was_item = is_item;
        match block {
            Block::Title { title, subtitle } => {
                out.push_str(title);
                if !subtitle.is_empty() {
                    out.push('\n');
                    plain_spans(&mut out, subtitle, "");
                }
            }
            Block::Tagline(s) | Block::Paragraph(s) => plain_spans(&mut out, s, ""),
            Block::Digest { label, lines } => {
                out.push_str(label);
                out.push('：');
                for (i, line) in lines.iter().enumerate() {
                    if i > 0 {
                        out.push('\n');
                    }
                    plain_spans(&mut out, line, "");
                }
            }
            Block::Note(lines) => {
                for (i, line) in lines.iter().enumerate() {
                    if i > 0 {
                        out.push('\n');
                    }
                    plain_spans(&mut out, line, "");
                }
            }
            Block::WarmupItem { bullet, spans } | Block::ListItem { bullet, spans } => {
                out.push_str(bullet);
                out.push(' ');
                plain_spans(&mut out, spans, "  ");
            }
            Block::SectionHeading(s) => {
                out.push('【');
                plain_spans(&mut out, s, "");
                out.push('】');
            }
            Block::Entry(e) => {
                out.push_str(&e.bullet);
                out.push(' ');
                for tag in &e.tags {
                    out.push('[');
                    out.push_str(tag);
                    out.push_str("] ");
                }
                plain_spans(&mut out, &e.title, "  ");
                if let Some(source) = &e.source {
                    out.push_str(" | ");
                    out.push_str(source);
                }
                plain_spans(&mut out, &e.after, "  ");
                for line in &e.lines {
                    out.push_str("\n  ");
                    match line {
                        EntryLine::Field { label, spans } => {
                            out.push_str(label);
                            out.push('：');
                            plain_spans(&mut out, spans, "  ");
                        }
                        EntryLine::Item { depth, marker, spans } => {
                            for _ in 0..=*depth {
                                out.push_str("  ");
                            }
                            out.push_str(marker);
                            out.push(' ');
                            plain_spans(&mut out, spans, "    ");
                        }
                        EntryLine::Text(spans) => plain_spans(&mut out, spans, "  "),
                    }
                }
            }
            Block::ArchiveYear(year) => out.push_str(year),
            Block::Rule => out.push_str("----"),
        }
        out.push('\n');
    }
    if !doc.references.is_empty() {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str("参考资料\n");
        for r in &doc.references {
            out.push('[');
            out.push_str(&r.number.to_string());
            out.push_str("] ");
            if !r.text.is_empty() {
                out.push_str(&r.text);
                out.push_str(": ");
            }
            out.push_str(&r.url);
            out.push('\n');
        }
    }
    out
}

/// The fragment in a minimal page of its own, to look at in a browser.
pub fn to_standalone_page(doc: &WeChatDoc, theme: &Theme) -> String {
    to_standalone_page_in(doc, theme, Mode::Light)
}

/// [`to_standalone_page`] in a mode: dark writes the colours WeChat's dark
/// mode gives the article, on its dark page.
pub fn to_standalone_page_in(doc: &WeChatDoc, theme: &Theme, mode: Mode) -> String {
    let palette = Palette::of(theme, mode);
    let title = doc
        .blocks
        .iter()
        .find_map(|b| match b {
            Block::Title { title, .. } => Some(title.as_str()),
            _ => None,
        })
        .unwrap_or("嵌入式AI简报");
    let mut fragment = String::new();
    write_html(doc, &HtmlStyle::with_mode(theme, mode), &mut fragment);
    let mut out = String::with_capacity(fragment.len() + 512);
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\n<title>");
    escape(&mut out, title);
    out.push_str(&format!("</title>\n</head>\n<body style=\"margin:0;background:{}\">\n", palette.outer.hex()));
    out.push_str(&format!(
        "<div style=\"max-width:677px;margin:24px auto;padding:24px 20px;background:{}\">",
        palette.page.hex()
    ));
    out.push_str(&fragment);
    out.push_str("</div>\n</body>\n</html>\n");
    out
}
