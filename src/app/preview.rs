//! The live preview: the saved markdown, rendered block by block, or raw
//! (exactly the text saving writes), or the WeChat article.
//!
//! The issue is cut into units (a preamble block, a section heading, an
//! entry, …), each rendered from exactly the bytes saving writes. The units
//! are painted through the shared virtualised [`BlockList`]: a unit is
//! measured again only when its text, the width or the theme changes, and
//! only the units in view are laid out, so a frame costs the same for an
//! issue of 30 entries or of 1000.
//!
//! The panel reads what it shows ([`PreviewInput`]) and keeps only its own
//! caches ([`Preview`]), keyed by the document's id and revision: two files
//! never share a cached view. What the person asks for is returned as a
//! [`PreviewEvent`].

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use eframe::egui::{self, Color32, FontId, TextFormat, text::LayoutJob};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::blocks::{BlockList, PaintBlock};
use super::wechat_view::WeChatPreview;
use super::{PreviewMode, Selection};
use crate::core::export::wechat::Theme;
use crate::core::{Document, DocumentId, Issue, PreambleBlock, SectionItem, format::render};

struct Unit {
    selection: Option<Selection>,
    /// The unit's markdown, as saved.
    markdown: String,
    key: u64,
}

/// What the preview reads to draw one frame.
pub struct PreviewInput<'a> {
    pub doc: &'a Document,
    pub selection: Option<Selection>,
    pub mode: PreviewMode,
    /// The WeChat tab's theme.
    pub wechat_theme: &'a Theme,
}

/// What the person asked for in the preview.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PreviewEvent {
    /// A block was clicked: select what it shows.
    Select(Selection),
    /// Another tab was picked.
    Mode(PreviewMode),
    /// The WeChat tab's "Theme…": open the theme panel.
    EditTheme,
}

/// The preview's own state: its caches and scroll requests.
#[derive(Default)]
pub struct Preview {
    /// The (document, revision) the units were cut from.
    source: Option<(DocumentId, u64)>,
    units: Vec<Unit>,
    raw: Vec<Unit>,
    /// What the raw tab cannot show as text: the byte order mark and the
    /// line endings saving keeps.
    raw_note: Option<String>,
    /// Blocks of the rendered and raw tabs, for (document, revision, dark mode).
    built: Option<(DocumentId, u64, bool, bool)>,
    blocks: Vec<PaintBlock>,
    /// Rich-text layouts by unit key, for the current visuals.
    jobs: HashMap<u64, Arc<LayoutJob>>,
    jobs_dark: Option<bool>,
    pub wechat: WeChatPreview,
    rendered_list: BlockList,
    raw_list: BlockList,
    wechat_list: BlockList,
    /// Set to bring the selection into view at the next frame.
    pub scroll_to_selection: bool,
    /// The selection and the index of its block at the last frame: when the
    /// selected item moves in the document (a drag, a move), the preview follows.
    followed: Option<(PreviewMode, Selection, usize)>,
    /// The tab drawn last: another tab opens on the selection.
    last_mode: Option<PreviewMode>,
}

impl Preview {
    /// Cuts the document into units again if it changed since the last call.
    pub fn sync(&mut self, doc: &Document) {
        let source = (doc.id(), doc.revision());
        if self.source == Some(source) {
            return;
        }
        self.source = Some(source);
        self.units = cut(doc.issue());
        self.raw = cut_raw(doc);
        self.raw_note = invisible_bytes(&doc.text());
    }

    /// The note above the Markdown tab, if the file has bytes it cannot show.
    pub fn raw_note(&self) -> Option<&str> {
        self.raw_note.as_deref()
    }

    /// What the rendered or raw tab lays out, as plain text: for the raw
    /// tab exactly the text saving writes (line endings as `\n`).
    pub fn plain_text(&self, raw: bool) -> String {
        if raw {
            return self.raw.iter().map(|u| display_raw(&u.markdown)).collect::<Vec<_>>().join("\n");
        }
        let visuals = egui::Visuals::light();
        let mut out = String::new();
        for u in &self.units {
            out.push_str(&markdown_job(&u.markdown, &visuals, f32::INFINITY).text);
            out.push('\n');
        }
        out
    }

    /// How many blocks the visible tab measured in the last frame (a test and bench probe).
    pub fn laid_out_last_frame(&self) -> usize {
        self.rendered_list.measured_last_frame
            + self.raw_list.measured_last_frame
            + self.wechat_list.measured_last_frame
    }

    /// The rendered or raw tab's blocks for these visuals.
    fn build(&mut self, doc: &Document, raw: bool, visuals: &egui::Visuals) {
        let key = (doc.id(), doc.revision(), raw, visuals.dark_mode);
        if self.built == Some(key) {
            return;
        }
        self.built = Some(key);
        if self.jobs_dark != Some(visuals.dark_mode) {
            self.jobs_dark = Some(visuals.dark_mode);
            self.jobs.clear();
        }
        let units = if raw { &self.raw } else { &self.units };
        let mut live = std::collections::HashSet::new();
        self.blocks = units
            .iter()
            .map(|u| {
                let key = u.key ^ u64::from(raw);
                live.insert(key);
                let job = self
                    .jobs
                    .entry(key)
                    .or_insert_with(|| {
                        Arc::new(if raw {
                            raw_job(&u.markdown, visuals)
                        } else {
                            markdown_job(&u.markdown, visuals, f32::INFINITY)
                        })
                    })
                    .clone();
                let mut b = PaintBlock::plain(key, LayoutJob::default(), u.selection);
                b.job = job;
                if !raw {
                    b.margin = [0.0, 8.0];
                }
                b
            })
            .collect();
        self.jobs.retain(|k, _| live.contains(k));
    }
}

fn hash_of(text: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// What a file holds that the Markdown tab shows as nothing: a byte order
/// mark, and Windows (CRLF) line endings, all or some.
fn invisible_bytes(text: &str) -> Option<String> {
    let bom = text.starts_with('\u{feff}');
    let lines = text.matches('\n').count();
    let crlf = text.matches("\r\n").count();
    let endings = match crlf {
        0 => None,
        n if n == lines => Some("Windows line endings (CRLF)".to_string()),
        n => Some(format!("Windows line endings (CRLF) on {n} of {lines} lines")),
    };
    let parts: Vec<String> = bom.then(|| "a byte order mark (BOM)".to_string()).into_iter().chain(endings).collect();
    (!parts.is_empty()).then(|| format!("This file has {}: saving keeps them.", parts.join(" and ")))
}

/// A raw unit as shown: without a byte order mark or carriage returns.
fn display_raw(text: &str) -> String {
    let text = text.trim_start_matches('\u{feff}');
    if !text.contains('\r') {
        return text.to_string();
    }
    // A unit is whole lines joined by `\n`: each may end with `\r`.
    text.split('\n').map(|line| line.strip_suffix('\r').unwrap_or(line)).collect::<Vec<_>>().join("\n")
}

fn raw_job(markdown: &str, visuals: &egui::Visuals) -> LayoutJob {
    let mut job =
        LayoutJob::simple(display_raw(markdown), FontId::monospace(12.5), visuals.text_color(), f32::INFINITY);
    job.wrap.break_anywhere = true;
    job
}

/// Cuts the saved text into units of whole lines, one per item of the issue
/// (blank lines go with the unit before them), so that the units joined by
/// `\n` are exactly the text saving writes.
fn cut_raw(doc: &Document) -> Vec<Unit> {
    let text = doc.text();
    let issue = doc.issue();
    let lines: Vec<&str> = text.split('\n').collect();
    // (line count, item shown, a blank line?) of every piece, in saving order.
    let mut pieces: Vec<(usize, Option<Selection>, bool)> = Vec::new();
    // Lines written: after a first (empty) line, each line adds one `\n`.
    let count = |write: &dyn Fn(&mut render::LineWriter)| {
        let mut t = String::new();
        let mut w = render::LineWriter::new(&mut t);
        w.push_line("");
        write(&mut w);
        t.matches('\n').count()
    };
    for block in &issue.preamble {
        let selection = match block {
            PreambleBlock::Title(_) | PreambleBlock::Tagline(_) => Some(Selection::Title),
            PreambleBlock::Digest(_) => Some(Selection::Digest),
            PreambleBlock::Warmup(_) | PreambleBlock::WarmupIntro(_) => Some(Selection::Warmup(None)),
            _ => None,
        };
        let n = count(&|w| render::write_preamble_block(block, w));
        pieces.push((n, selection, matches!(block, PreambleBlock::Blank(_))));
    }
    for section in &issue.sections {
        pieces.push((1, Some(Selection::Section(section.id)), false));
        for item in &section.items {
            match item {
                SectionItem::Entry(e) => {
                    pieces.push((count(&|w| render::write_entry_body(&e.body, w)), Some(Selection::Entry(e.id)), false))
                }
                SectionItem::Blank(_) => pieces.push((1, None, true)),
                SectionItem::Text(_) | SectionItem::Raw(_) => pieces.push((1, None, false)),
            }
        }
    }
    if let Some(footer) = &issue.footer {
        pieces.push((footer.lines.len(), None, false));
    }
    let unit = |selection, lines: &[&str]| {
        let markdown = lines.join("\n");
        Unit { selection, key: hash_of(&markdown), markdown }
    };
    if pieces.iter().map(|p| p.0).sum::<usize>() != lines.len() {
        // Never expected; still show the exact text rather than a wrong cut.
        return vec![unit(None, &lines)];
    }
    let mut units: Vec<(Option<Selection>, usize, usize)> = Vec::new();
    let mut at = 0;
    for (n, selection, blank) in pieces {
        match units.last_mut() {
            Some(last) if blank => last.2 = at + n,
            _ => units.push((selection, at, at + n)),
        }
        at += n;
    }
    units.into_iter().map(|(selection, a, b)| unit(selection, &lines[a..b])).collect()
}

/// Cuts an issue into preview units, each with the item it shows.
fn cut(issue: &Issue) -> Vec<Unit> {
    let mut units = Vec::new();
    let mut push = |selection: Option<Selection>, markdown: String| {
        if markdown.trim().is_empty() {
            return;
        }
        // Equal texts at different places must not share a key's position, but
        // may share a layout: the key is the text's hash.
        let key = hash_of(&markdown);
        units.push(Unit { selection, markdown, key });
    };
    let mut pending = String::new();
    for block in &issue.preamble {
        let selection = match block {
            PreambleBlock::Title(_) | PreambleBlock::Tagline(_) => Some(Selection::Title),
            PreambleBlock::Digest(_) => Some(Selection::Digest),
            PreambleBlock::Warmup(_) | PreambleBlock::WarmupIntro(_) => Some(Selection::Warmup(None)),
            PreambleBlock::FrontMatter(_) => continue,
            _ => None,
        };
        let mut text = String::new();
        render::write_preamble_block(block, &mut render::LineWriter::new(&mut text));
        if matches!(block, PreambleBlock::Blank(_)) {
            push(None, std::mem::take(&mut pending));
            continue;
        }
        if selection.is_some() {
            push(None, std::mem::take(&mut pending));
            push(selection, text);
        } else {
            pending.push_str(&text);
        }
    }
    push(None, std::mem::take(&mut pending));
    for section in &issue.sections {
        let mut heading = String::new();
        render::write_heading(&section.heading, &mut heading);
        push(Some(Selection::Section(section.id)), heading);
        let mut text = String::new();
        for item in &section.items {
            match item {
                SectionItem::Entry(e) => {
                    push(None, std::mem::take(&mut text));
                    push(Some(Selection::Entry(e.id)), render::entry_text(&e.body));
                }
                SectionItem::Blank(_) => push(None, std::mem::take(&mut text)),
                SectionItem::Text(line) | SectionItem::Raw(line) => {
                    text.push_str(line);
                    text.push('\n');
                }
            }
        }
        push(None, text);
    }
    if let Some(footer) = &issue.footer {
        push(None, footer.lines.join("\n"));
    }
    units
}

/// Lays out one unit's markdown as rich text.
fn markdown_job(markdown: &str, visuals: &egui::Visuals, width: f32) -> LayoutJob {
    let mut job =
        LayoutJob { wrap: egui::text::TextWrapping { max_width: width, ..Default::default() }, ..Default::default() };
    let text_color = visuals.text_color();
    let weak = visuals.weak_text_color();
    let link = visuals.hyperlink_color;
    let strong = visuals.strong_text_color();
    let code_bg = visuals.code_bg_color;

    let mut size = 14.0;
    let mut color = text_color;
    let mut quote = 0usize;
    let mut links = 0usize;
    let mut bold = 0usize;
    let mut emphasis = 0usize;
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut at_line_start = true;

    let format = |size: f32, color: Color32, links: usize, bold: usize, emphasis: usize| TextFormat {
        font_id: FontId::proportional(size),
        color: if links > 0 {
            link
        } else if bold > 0 {
            strong
        } else {
            color
        },
        underline: if links > 0 { egui::Stroke::new(1.0, link) } else { egui::Stroke::NONE },
        italics: emphasis > 0,
        ..Default::default()
    };

    let newline = |job: &mut LayoutJob, at_line_start: &mut bool| {
        if !job.text.is_empty() && !job.text.ends_with('\n') {
            job.append("\n", 0.0, TextFormat { font_id: FontId::proportional(14.0), ..Default::default() });
        }
        *at_line_start = true;
    };

    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Start(tag) => match tag {
                Tag::Heading { level, .. } => {
                    newline(&mut job, &mut at_line_start);
                    size = match level {
                        HeadingLevel::H1 => 22.0,
                        HeadingLevel::H2 => 19.0,
                        HeadingLevel::H3 => 16.5,
                        _ => 15.0,
                    };
                    bold += 1;
                }
                Tag::BlockQuote(_) => {
                    quote += 1;
                    color = weak;
                }
                Tag::List(start) => {
                    newline(&mut job, &mut at_line_start);
                    lists.push(start);
                }
                Tag::Item => {
                    newline(&mut job, &mut at_line_start);
                    let depth = lists.len().saturating_sub(1);
                    let marker = match lists.last_mut() {
                        Some(Some(n)) => {
                            *n += 1;
                            format!("{}. ", *n - 1)
                        }
                        _ => "• ".to_string(),
                    };
                    let indent = "    ".repeat(depth);
                    job.append(&format!("{indent}{marker}"), 0.0, format(size, weak, 0, 0, 0));
                    at_line_start = false;
                }
                Tag::Paragraph if lists.is_empty() => newline(&mut job, &mut at_line_start),
                Tag::Link { .. } => links += 1,
                Tag::Strong => bold += 1,
                Tag::Emphasis => emphasis += 1,
                Tag::Image { dest_url, .. } => {
                    job.append(&format!("[图片 {dest_url}] "), 0.0, format(size, weak, 0, 0, 0));
                }
                Tag::TableRow | Tag::TableHead => newline(&mut job, &mut at_line_start),
                Tag::TableCell => job.append("│ ", 0.0, format(size, weak, 0, 0, 0)),
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Heading(_) => {
                    size = 14.0;
                    bold = bold.saturating_sub(1);
                    newline(&mut job, &mut at_line_start);
                }
                TagEnd::BlockQuote(_) => {
                    quote = quote.saturating_sub(1);
                    if quote == 0 {
                        color = text_color;
                    }
                }
                TagEnd::List(_) => {
                    lists.pop();
                }
                TagEnd::Paragraph => newline(&mut job, &mut at_line_start),
                TagEnd::Link => links = links.saturating_sub(1),
                TagEnd::Strong => bold = bold.saturating_sub(1),
                TagEnd::Emphasis => emphasis = emphasis.saturating_sub(1),
                TagEnd::TableCell => job.append(" ", 0.0, format(size, weak, 0, 0, 0)),
                _ => {}
            },
            Event::Text(t) => {
                if quote > 0 && at_line_start {
                    job.append("▎", 0.0, format(size, weak, 0, 0, 0));
                }
                job.append(&t, 0.0, format(size, color, links, bold, emphasis));
                at_line_start = false;
            }
            Event::Code(t) => {
                let mut f = format(size, color, links, bold, emphasis);
                f.font_id = FontId::monospace(size - 1.0);
                f.background = code_bg;
                job.append(&t, 0.0, f);
                at_line_start = false;
            }
            Event::Html(t) | Event::InlineHtml(t) => {
                job.append(t.trim_end_matches('\n'), 0.0, format(size - 1.0, weak, 0, 0, 0));
                at_line_start = false;
            }
            Event::SoftBreak => job.append(" ", 0.0, format(size, color, 0, 0, 0)),
            Event::HardBreak => {
                job.append("\n", 0.0, format(size, color, 0, 0, 0));
                at_line_start = true;
            }
            Event::Rule => {
                newline(&mut job, &mut at_line_start);
                job.append("────────────", 0.0, format(size, weak, 0, 0, 0));
                newline(&mut job, &mut at_line_start);
            }
            _ => {}
        }
    }
    while job.text.ends_with('\n') {
        job.text.pop();
        let len = job.text.len();
        if let Some(last) = job.sections.last_mut() {
            last.byte_range.end.0 = last.byte_range.end.0.min(len);
            if last.byte_range.start.0 >= last.byte_range.end.0 {
                job.sections.pop();
            }
        }
    }
    job
}

/// Draws the preview panel: the tabs, then the picked one.
pub fn show(state: &mut Preview, ui: &mut egui::Ui, input: PreviewInput<'_>) -> Option<PreviewEvent> {
    let mut event = None;
    ui.horizontal(|ui| {
        ui.strong("Preview");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            for (m, name, hint) in [
                (PreviewMode::WeChat, "WeChat", "The article as it pastes into WeChat (Ctrl+Shift+C copies it)"),
                (PreviewMode::Markdown, "Markdown", "The text saving writes (Ctrl+Shift+M)"),
                (PreviewMode::Rendered, "Rendered", "The markdown rendered"),
            ] {
                if ui.selectable_label(input.mode == m, name).on_hover_text(hint).clicked() && input.mode != m {
                    event = Some(PreviewEvent::Mode(m));
                }
            }
        });
    });
    ui.separator();
    let doc = input.doc;
    state.sync(doc);
    let visuals = ui.visuals().clone();
    let raw = input.mode == PreviewMode::Markdown;
    if input.mode != PreviewMode::WeChat {
        state.build(doc, raw, &visuals);
    }
    // Scroll to the selection when asked, or when its block moved (a drag, a move).
    let position = |state: &Preview, sel: Selection| match input.mode {
        PreviewMode::WeChat => state.wechat.blocks.iter().position(|b| b.selection == Some(sel)),
        _ => state.blocks.iter().position(|b| b.selection == Some(sel)),
    };
    if input.mode == PreviewMode::WeChat {
        state.wechat.sync(doc, input.wechat_theme);
    }
    let now = input.selection.and_then(|sel| position(state, sel).map(|i| (input.mode, sel, i)));
    let moved =
        matches!((state.followed, now), (Some((m0, s0, i0)), Some((m1, s1, i1))) if m0 == m1 && s0 == s1 && i0 != i1);
    let switched = state.last_mode.replace(input.mode) != Some(input.mode);
    let scroll = std::mem::take(&mut state.scroll_to_selection) || moved || switched;
    state.followed = now;
    let clicked = if input.mode == PreviewMode::WeChat {
        let (clicked, edit_theme) = super::wechat_view::show(
            &mut state.wechat,
            &mut state.wechat_list,
            ui,
            doc,
            input.wechat_theme,
            input.selection,
            scroll,
        );
        if edit_theme {
            event = Some(PreviewEvent::EditTheme);
        }
        clicked
    } else {
        let width = (ui.available_width() - 16.0).max(50.0);
        let scroll_to = scroll.then_some(now.map(|n| n.2)).flatten();
        if raw && let Some(note) = &state.raw_note {
            ui.weak(note.as_str());
        }
        let list = if raw { &mut state.raw_list } else { &mut state.rendered_list };
        let salt = if raw { "preview-raw-scroll" } else { "preview-scroll" };
        let mark = matches!(input.selection, Some(Selection::Entry(_)));
        list.show(ui, salt, &state.blocks, width, input.selection, mark, scroll_to)
    };
    if let Some(sel) = clicked {
        event = Some(PreviewEvent::Select(sel));
    }
    event
}
