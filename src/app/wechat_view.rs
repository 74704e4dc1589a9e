//! The WeChat side of the window: the preview drawn from the same blocks,
//! reference numbers and theme [`Look`]s as the HTML that is copied, the
//! clipboard (HTML plus a plain-text alternative), and the page opened in a
//! browser.
//!
//! Each block of the [`WeChatDoc`] becomes one or more [`PaintBlock`]s with
//! the alignment, box, weight and colours its HTML tag has: the title,
//! subtitle and tagline centred, the digest in a tinted box with a left
//! border, warm-up subjects bold, entries' heads bold with their tags and
//! source in normal weight, and so on.

use std::hash::{Hash, Hasher};

use eframe::egui::{self, Color32, FontId, TextFormat};

use super::blocks::{JobBuilder, PaintBlock};
use super::{JianbaoApp, Selection};
use crate::core::export::wechat::{
    self, Align, Block, EntryLine, Look, Part, Piece, Rgb, Span, SpanKind, Theme, WeChatDoc,
};
use crate::core::{Document, DocumentId, Issue};

/// CSS pixels to the preview's points: the panel is narrower than a phone.
pub const SCALE: f32 = 0.9;

fn color(c: Rgb) -> Color32 {
    let [r, g, b] = c.to_array();
    Color32::from_rgb(r, g, b)
}

/// The theme the person picked (by name), or the default.
pub fn theme_named(name: &str) -> Theme {
    Theme::by_name(name).unwrap_or_default()
}

/// The preview's cache: the article of one document revision and theme, as blocks to paint.
#[derive(Default)]
pub struct WeChatPreview {
    key: Option<(DocumentId, u64, String)>,
    pub blocks: Vec<PaintBlock>,
}

impl WeChatPreview {
    /// Builds the article again if the document or the theme changed.
    pub fn sync(&mut self, doc: &Document, theme: &Theme) {
        let key = (doc.id(), doc.revision(), theme.name.clone());
        if self.key.as_ref() == Some(&key) {
            return;
        }
        self.key = Some(key);
        self.blocks = paint_blocks(&wechat::build(doc.issue()), doc.issue(), theme);
    }

    /// The text of every block, as the preview lays it out.
    pub fn plain_text(&self) -> String {
        self.blocks.iter().map(|b| b.job.text.as_str()).collect::<Vec<_>>().join("\n")
    }
}

/// Text runs in a block's look.
struct Runs<'a> {
    theme: &'a Theme,
    look: Look,
    out: JobBuilder,
}

impl Runs<'_> {
    fn format(&self, color: Rgb, size: f32, italics: bool) -> TextFormat {
        let size = size * SCALE;
        TextFormat {
            font_id: FontId::proportional(size),
            color: self::color(color),
            italics,
            line_height: Some(size * self.look.line_height),
            ..Default::default()
        }
    }

    /// Text in the block's own colour and weight.
    fn text(&mut self, text: &str) {
        let f = self.format(self.look.color, self.look.size, false);
        self.out.append(text, f, self.look.bold);
    }

    fn piece(&mut self, piece: Piece, text: &str) {
        let p = self.theme.piece(piece);
        let mut f = self.format(p.color, p.size.unwrap_or(self.look.size * p.scale), false);
        if let Some(bg) = p.background {
            f.background = color(bg);
        }
        self.out.append(text, f, p.bold.unwrap_or(self.look.bold));
    }

    fn spans(&mut self, spans: &[Span]) {
        for s in spans {
            let bold = s.strong || self.look.bold;
            match &s.kind {
                SpanKind::Text => {
                    let f = self.format(self.look.color, self.look.size, s.emphasis);
                    self.out.append(&s.text, f, bold);
                }
                SpanKind::LineBreak => {
                    let f = self.format(self.look.color, self.look.size, false);
                    self.out.append("\n", f, false);
                }
                SpanKind::Link { .. } => {
                    let p = self.theme.piece(Piece::Link);
                    let f = self.format(p.color, self.look.size, s.emphasis);
                    self.out.append(&s.text, f, bold);
                }
                SpanKind::RefMark(_) => {
                    let p = self.theme.piece(Piece::RefMark);
                    let f = self.format(p.color, p.size.unwrap_or(self.look.size), false);
                    self.out.append(&s.text, f, self.look.bold);
                }
                SpanKind::Code => {
                    let p = self.theme.piece(Piece::Code);
                    let mut f = self.format(p.color, self.look.size * p.scale, false);
                    f.font_id = FontId::monospace(self.look.size * p.scale * SCALE);
                    f.background = color(p.background.unwrap_or(self.theme.code_bg));
                    self.out.append(&s.text, f, self.look.bold);
                }
                SpanKind::Image { src } => {
                    // The HTML shows the picture (http) or its text; the tab names it.
                    let f = self.format(self.theme.muted, self.look.size, false);
                    let shown =
                        if wechat::is_http_url(src) { format!("〔图片 {}〕", s.text) } else { s.text.to_string() };
                    self.out.append(&shown, f, false);
                }
            }
        }
    }

    fn finish(self, selection: Option<Selection>) -> PaintBlock {
        let (job, overlay, bold) = self.out.finish();
        block(job, overlay, bold, &self.look, selection)
    }
}

fn runs(theme: &Theme, part: Part) -> Runs<'_> {
    Runs { theme, look: theme.look(part), out: JobBuilder::new() }
}

/// A block to paint from a look: its box, margins and alignment in points.
fn block(
    job: egui::text::LayoutJob,
    overlay: Option<egui::text::LayoutJob>,
    bold: Vec<std::ops::Range<usize>>,
    look: &Look,
    selection: Option<Selection>,
) -> PaintBlock {
    let border = |b: Option<(f32, Rgb)>| b.map(|(w, c)| (w * SCALE, color(c)));
    let em = look.size * SCALE;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    job.hash(&mut h);
    for v in
        [look.padding[0], look.padding[1], look.padding[2], look.padding[3], look.indent_em, look.hang_em, look.size]
    {
        v.to_bits().hash(&mut h);
    }
    for b in [look.border_left, look.border_top, look.border_bottom] {
        b.map(|(w, _)| w.to_bits()).hash(&mut h);
    }
    PaintBlock {
        key: h.finish(),
        job: job.into(),
        bold_overlay: overlay.map(Into::into),
        bold,
        align: match look.align {
            Align::Left => egui::Align::LEFT,
            Align::Center => egui::Align::Center,
        },
        fill: look.background.map(color),
        radius: look.radius * SCALE,
        border_left: border(look.border_left),
        border_bottom: border(look.border_bottom),
        border_top: border(look.border_top),
        margin: look.margin.map(|m| m * SCALE),
        padding: look.padding.map(|p| p * SCALE),
        indent: look.indent_em * em,
        hang: look.hang_em * em,
        selection,
    }
}

/// The blocks of the article in a theme, each with the item of `issue` it
/// shows (the article was built from that issue).
pub fn paint_blocks(doc: &WeChatDoc, issue: &Issue, theme: &Theme) -> Vec<PaintBlock> {
    let mut out = Vec::with_capacity(doc.blocks.len() * 2 + doc.references.len() + 1);
    let mut entries = issue.entries().map(|(_, e)| Selection::Entry(e.id));
    let mut sections = issue.sections.iter().map(|s| Selection::Section(s.id));
    let mut warmup = 0;
    for b in &doc.blocks {
        match b {
            Block::Title { title, subtitle } => {
                let mut r = runs(theme, Part::Title);
                r.text(title);
                out.push(r.finish(Some(Selection::Title)));
                if !subtitle.is_empty() {
                    let mut r = runs(theme, Part::Subtitle);
                    r.spans(subtitle);
                    out.push(r.finish(Some(Selection::Title)));
                }
            }
            Block::Tagline(spans) => {
                let mut r = runs(theme, Part::Tagline);
                r.spans(spans);
                out.push(r.finish(Some(Selection::Title)));
            }
            Block::Digest { label, lines } => {
                let mut r = runs(theme, Part::Digest);
                r.piece(Piece::Label, &format!("{label}："));
                for (i, line) in lines.iter().enumerate() {
                    if i > 0 {
                        r.text("\n");
                    }
                    r.spans(line);
                }
                out.push(r.finish(Some(Selection::Digest)));
            }
            Block::Note(lines) => {
                let mut r = runs(theme, Part::Note);
                for (i, line) in lines.iter().enumerate() {
                    if i > 0 {
                        r.text("\n");
                    }
                    r.spans(line);
                }
                out.push(r.finish(None));
            }
            Block::Paragraph(spans) => {
                let mut r = runs(theme, Part::Paragraph);
                r.spans(spans);
                out.push(r.finish(None));
            }
            Block::WarmupItem { bullet, spans } | Block::ListItem { bullet, spans } => {
                let selection = matches!(b, Block::WarmupItem { .. }).then(|| {
                    warmup += 1;
                    Selection::Warmup(Some(warmup - 1))
                });
                let mut r = runs(theme, Part::Bulleted);
                r.piece(Piece::Bullet, bullet);
                r.text(" ");
                r.spans(spans);
                out.push(r.finish(selection));
            }
            Block::SectionHeading(spans) => {
                let mut r = runs(theme, Part::SectionHeading);
                r.spans(spans);
                out.push(r.finish(sections.next()));
            }
            Block::Entry(e) => {
                let selection = entries.next();
                let mut r = runs(theme, Part::EntryHead);
                r.piece(Piece::Bullet, &e.bullet);
                r.text(" ");
                for t in &e.tags {
                    r.piece(Piece::Tag, &format!("[{t}]"));
                    r.text(" ");
                }
                r.spans(&e.title);
                if let Some(source) = &e.source {
                    r.piece(Piece::Source, &format!(" | {source}"));
                }
                r.spans(&e.after);
                out.push(r.finish(selection));
                for line in &e.lines {
                    let r = match line {
                        EntryLine::Field { label, spans } => {
                            let mut r = runs(theme, Part::Field);
                            r.piece(Piece::Label, &format!("{label}："));
                            r.spans(spans);
                            r
                        }
                        EntryLine::Item { depth, marker, spans } => {
                            let mut r = runs(theme, Part::Item(*depth));
                            r.text(&format!("{marker} "));
                            r.spans(spans);
                            r
                        }
                        EntryLine::Text(spans) => {
                            let mut r = runs(theme, Part::Field);
                            r.spans(spans);
                            r
                        }
                    };
                    out.push(r.finish(selection));
                }
                // The entry's own bottom margin collapses with its last line's.
                if let Some(last) = out.last_mut() {
                    last.margin[1] = last.margin[1].max(theme.look(Part::Entry).margin[1] * SCALE);
                }
            }
            Block::ArchiveYear(year) => {
                let mut r = runs(theme, Part::Year);
                r.text(year);
                out.push(r.finish(None));
            }
            Block::Rule => out.push(runs(theme, Part::Rule).finish(None)),
        }
    }
    if !doc.references.is_empty() {
        let mut r = runs(theme, Part::RefsHeading);
        r.text("参考资料");
        out.push(r.finish(None));
        for reference in &doc.references {
            let mut r = runs(theme, Part::RefLine);
            let text = if reference.text.is_empty() {
                format!("[{}] {}", reference.number, reference.url)
            } else {
                format!("[{}] {}: {}", reference.number, reference.text, reference.url)
            };
            r.text(&text);
            r.out.job.wrap.break_anywhere = true;
            out.push(r.finish(None));
        }
    }
    out
}

/// Draws the WeChat preview on the theme's canvas; only blocks in view are
/// painted. Returns the item of a clicked block.
pub fn show(
    state: &mut WeChatPreview,
    list: &mut super::blocks::BlockList,
    ui: &mut egui::Ui,
    doc: &Document,
    theme: &Theme,
    selected: Option<Selection>,
    scroll: bool,
) -> Option<Selection> {
    state.sync(doc, theme);
    let width = (ui.available_width() - 28.0).max(50.0);
    let scroll_to =
        scroll.then(|| selected.and_then(|s| state.blocks.iter().position(|b| b.selection == Some(s)))).flatten();
    let mut clicked = None;
    egui::Frame::new().fill(color(theme.background)).inner_margin(10.0).show(ui, |ui| {
        clicked = list.show(ui, "wechat-scroll", &state.blocks, width, selected, true, scroll_to);
    });
    clicked
}

impl JianbaoApp {
    /// The issue as WeChat-ready HTML and its plain-text alternative.
    pub fn wechat_export(&self) -> (String, String) {
        let (html, text, _) = self.wechat_export_counted();
        (html, text)
    }

    /// [`Self::wechat_export`] and the number of references, from one build.
    fn wechat_export_counted(&self) -> (String, String, usize) {
        let doc = wechat::build(self.open.doc.issue());
        let theme = theme_named(&self.settings.wechat_theme);
        (wechat::to_html(&doc, &theme), wechat::to_plain_text(&doc), doc.references.len())
    }

    fn clipboard(&mut self) -> Result<&mut arboard::Clipboard, String> {
        if self.clipboard.is_none() {
            self.clipboard = Some(arboard::Clipboard::new().map_err(|e| e.to_string())?);
        }
        Ok(self.clipboard.as_mut().expect("set above"))
    }

    /// Copies the issue for WeChat: HTML plus plain text. The clipboard object
    /// lives as long as the app, so the paste works after the copy (X11).
    pub fn copy_for_wechat(&mut self) {
        let (html, text, refs) = self.wechat_export_counted();
        match self.clipboard().and_then(|c| c.set_html(&html, Some(&text)).map_err(|e| e.to_string())) {
            Ok(()) => self.info(format!(
                "Copied for WeChat ({} KB of HTML, {refs} references): paste it into the Official Account editor",
                html.len() / 1024
            )),
            Err(e) => self.error(format!("Could not copy to the clipboard: {e}")),
        }
    }

    pub fn copy_markdown(&mut self) {
        let text = self.open.doc.text();
        match self.clipboard().and_then(|c| c.set_text(text).map_err(|e| e.to_string())) {
            Ok(()) => self.info("Copied the markdown"),
            Err(e) => self.error(format!("Could not copy to the clipboard: {e}")),
        }
    }

    /// Writes the standalone page to a temporary file and opens it in the browser.
    pub fn open_wechat_in_browser(&mut self, ctx: &egui::Context) {
        let doc = wechat::build(self.open.doc.issue());
        let page = wechat::to_standalone_page(&doc, &theme_named(&self.settings.wechat_theme));
        let stem = self.file_name().trim_end_matches(".md").to_string();
        let path = std::env::temp_dir().join(format!("jianbao-{stem}-wechat.html"));
        if let Err(e) = crate::core::files::io::write_replace(&path, page.as_bytes()) {
            self.error(format!("Could not write the preview page: {e}"));
            return;
        }
        let opener = if cfg!(target_os = "macos") {
            "open"
        } else if cfg!(windows) {
            "explorer"
        } else {
            "xdg-open"
        };
        match std::process::Command::new(opener).arg(&path).spawn() {
            Ok(mut child) => {
                // The opener tells whether a browser started by its exit
                // status; wait for it off the window's thread.
                self.info(format!("Opening {} in the browser…", path.display()));
                let (tx, ctx) = (self.notice_tx.clone(), ctx.clone());
                std::thread::spawn(move || {
                    let shown = path.display();
                    let status = match child.wait() {
                        Ok(s) if s.success() => {
                            super::Status { text: format!("Opened {shown} in the browser"), error: false }
                        }
                        Ok(s) => super::Status {
                            text: format!("Wrote {shown} but no browser started ({opener} {s})"),
                            error: true,
                        },
                        Err(e) => super::Status { text: format!("Wrote {shown}; {opener} failed: {e}"), error: true },
                    };
                    let _ = tx.send(status);
                    ctx.request_repaint();
                });
            }
            Err(e) => self.error(format!("Wrote {} but could not open a browser ({opener}: {e})", path.display())),
        }
    }
}
