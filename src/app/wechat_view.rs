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
    self, Align, Block, EntryLine, Look, Mode, Palette, Part, Piece, Rgb, Span, SpanKind, Surface, Theme, WeChatDoc,
    readiness::{Level, Readiness},
};
use crate::core::{Document, DocumentId, Issue};

/// CSS pixels to the preview's points: one to one, so the article is laid
/// out at the width and sizes the HTML has and breaks its lines alike.
pub const SCALE: f32 = 1.0;

/// The root section's `letter-spacing` (CSS px).
pub const LETTER_SPACING: f32 = 0.5;

/// The root section's left and right padding (CSS px).
pub const ROOT_PADDING: f32 = 4.0;

/// The width the article is read at.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Width {
    /// A phone: 375 CSS px.
    #[default]
    Phone,
    /// The desktop editor's content column: 677 CSS px.
    Desktop,
}

impl Width {
    /// The article's width in CSS px.
    pub fn css_px(self) -> f32 {
        match self {
            Width::Phone => 375.0,
            Width::Desktop => 677.0,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Width::Phone => "手机 375",
            Width::Desktop => "桌面 677",
        }
    }
}

pub(crate) fn color(c: Rgb) -> Color32 {
    let [r, g, b] = c.to_array();
    Color32::from_rgb(r, g, b)
}

/// The theme the person picked (by name), or the default.
pub fn theme_named(name: &str) -> Theme {
    Theme::by_name(name).unwrap_or_default()
}

/// The preview's cache: the article of one document revision, theme and
/// mode, as blocks to paint; and how the person reads it (width, dark mode).
#[derive(Default)]
pub struct WeChatPreview {
    key: Option<(DocumentId, u64, String, u64, bool)>,
    pub blocks: Vec<PaintBlock>,
    /// The colours the blocks were painted with.
    pub palette: Option<Palette>,
    /// The width the article is laid out at.
    pub width: Width,
    /// WeChat's dark mode.
    pub dark: bool,
    /// Whether the readiness findings are shown above the article.
    pub show_readiness: bool,
    /// The readiness of the article, for the same key.
    pub readiness: Readiness,
}

/// A hash of a theme's values (a theme edited live keeps its name).
fn theme_hash(theme: &Theme) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    format!("{theme:?}").hash(&mut h);
    h.finish()
}

impl WeChatPreview {
    /// Builds the article again if the document, the theme or the mode changed.
    pub fn sync(&mut self, doc: &Document, theme: &Theme) {
        let key = (doc.id(), doc.revision(), theme.name.clone(), theme_hash(theme), self.dark);
        if self.key.as_ref() == Some(&key) {
            return;
        }
        self.key = Some(key);
        let article = wechat::build(doc.issue());
        let palette = Palette::of(theme, if self.dark { Mode::Dark } else { Mode::Light });
        self.blocks = paint_blocks_in(&article, doc.issue(), theme, &palette);
        self.palette = Some(palette);
        self.readiness = wechat::readiness::check(&article, &wechat::to_html(&article, theme), &doc.text());
    }

    /// The text of every block, as the preview lays it out.
    pub fn plain_text(&self) -> String {
        self.blocks.iter().map(|b| b.job.text.as_str()).collect::<Vec<_>>().join("\n")
    }
}

/// Text runs in a block's look.
struct Runs<'a> {
    theme: &'a Theme,
    palette: &'a Palette,
    /// Inside the digest and notes, pieces take the box's colours.
    surface: Surface,
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
            extra_letter_spacing: LETTER_SPACING * SCALE,
            ..Default::default()
        }
    }

    /// Text in the block's own colour and weight.
    fn text(&mut self, text: &str) {
        let f = self.format(self.look.color, self.look.size, false);
        self.out.append(text, f, self.look.bold);
    }

    fn piece_look(&self, piece: Piece) -> wechat::PieceLook {
        self.theme.piece_in(piece, self.palette, self.surface)
    }

    fn piece(&mut self, piece: Piece, text: &str) {
        let p = self.piece_look(piece);
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
                    let p = self.piece_look(Piece::Link);
                    let f = self.format(p.color, self.look.size, s.emphasis);
                    self.out.append(&s.text, f, bold);
                }
                SpanKind::RefMark(_) => {
                    let p = self.piece_look(Piece::RefMark);
                    let f = self.format(p.color, p.size.unwrap_or(self.look.size), false);
                    self.out.append(&s.text, f, self.look.bold);
                }
                SpanKind::Code => {
                    let p = self.piece_look(Piece::Code);
                    let mut f = self.format(p.color, self.look.size * p.scale, false);
                    f.font_id = FontId::monospace(self.look.size * p.scale * SCALE);
                    f.background = color(p.background.unwrap_or(self.palette.code_bg));
                    self.out.append(&s.text, f, self.look.bold);
                }
                SpanKind::Image { src } => {
                    // The HTML shows the picture (http) or its text; the tab names it.
                    let muted = match self.surface {
                        Surface::Page => self.palette.on_page.muted,
                        Surface::Quote => self.palette.on_quote.muted,
                    };
                    let f = self.format(muted, self.look.size, false);
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

fn runs<'a>(theme: &'a Theme, palette: &'a Palette, part: Part) -> Runs<'a> {
    let surface = if matches!(part, Part::Digest | Part::Note) { Surface::Quote } else { Surface::Page };
    Runs { theme, palette, surface, look: theme.look_in(part, palette), out: JobBuilder::new() }
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
    paint_blocks_in(doc, issue, theme, &Palette::light(theme))
}

/// [`paint_blocks`] with a palette's colours (WeChat's dark mode).
pub fn paint_blocks_in(doc: &WeChatDoc, issue: &Issue, theme: &Theme, palette: &Palette) -> Vec<PaintBlock> {
    let runs = |_: &Theme, part: Part| runs(theme, palette, part);
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
                let _ = bullet;
                r.piece(Piece::Bullet, &theme.bullet);
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
                r.piece(Piece::Bullet, &theme.bullet);
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
                    last.margin[1] = last.margin[1].max(theme.look_in(Part::Entry, palette).margin[1] * SCALE);
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

/// The bar above the article: the width, WeChat's dark mode, the readiness findings.
fn toolbar(state: &mut WeChatPreview, ui: &mut egui::Ui) -> bool {
    let mut edit_theme = false;
    ui.horizontal_wrapped(|ui| {
        for w in [Width::Phone, Width::Desktop] {
            if ui
                .selectable_label(state.width == w, w.label())
                .on_hover_text(format!("Lay the article out {} CSS px wide, as a reader sees it", w.css_px()))
                .clicked()
            {
                state.width = w;
            }
        }
        ui.separator();
        ui.checkbox(&mut state.dark, "Dark mode")
            .on_hover_text("The article as WeChat's dark mode recolours it (wechatjs/mp-darkmode's transform)");
        ui.separator();
        let errors = state.readiness.findings.iter().filter(|f| f.level == Level::Error).count();
        let warnings = state.readiness.findings.iter().filter(|f| f.level == Level::Warning).count();
        let summary = match (errors, warnings) {
            (0, 0) => "Ready to paste".to_string(),
            (0, w) => format!("Ready: {w} warning(s)"),
            (e, _) => format!("Not ready: {e} problem(s)"),
        };
        ui.toggle_value(&mut state.show_readiness, summary)
            .on_hover_text("Whether the article will paste into the WeChat editor and save");
        ui.separator();
        edit_theme = ui
            .button("Theme…")
            .on_hover_text(
                "Edit the theme's colours and sizes, with its colour checks (WeChat → Edit the WeChat theme…)",
            )
            .clicked();
    });
    if state.show_readiness {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            let c = &state.readiness.counts;
            ui.weak(format!(
                "{} characters of {} · title {}/{} · digest {}/{} · {} references · {} images",
                c.body_chars,
                wechat::readiness::BODY_LIMIT_CHARS,
                c.title_chars,
                wechat::readiness::TITLE_LIMIT,
                c.digest_chars,
                wechat::readiness::DIGEST_LIMIT,
                c.references,
                c.images
            ));
            for f in &state.readiness.findings {
                let text = format!("{}: {}", f.level.name(), f.message);
                match f.level {
                    Level::Error => ui.colored_label(ui.visuals().error_fg_color, text),
                    Level::Warning => ui.colored_label(ui.visuals().warn_fg_color, text),
                    Level::Info => ui.label(text),
                };
            }
        });
    }
    edit_theme
}

/// Draws the WeChat preview: the bar, then the article on its page at the
/// chosen width (scrolling sideways when the panel is narrower); only blocks
/// in view are painted. Returns the item of a clicked block, and whether
/// the bar's "Theme…" was pressed.
pub fn show(
    state: &mut WeChatPreview,
    list: &mut super::blocks::BlockList,
    ui: &mut egui::Ui,
    doc: &Document,
    theme: &Theme,
    selected: Option<Selection>,
    scroll: bool,
) -> (Option<Selection>, bool) {
    let edit_theme = toolbar(state, ui);
    state.sync(doc, theme);
    let palette = state.palette.unwrap_or_else(|| Palette::light(theme));
    let article = state.width.css_px() * SCALE;
    let width = article - 2.0 * ROOT_PADDING * SCALE;
    let scroll_to =
        scroll.then(|| selected.and_then(|s| state.blocks.iter().position(|b| b.selection == Some(s)))).flatten();
    let mut clicked = None;
    egui::Frame::new().fill(color(palette.outer)).show(ui, |ui| {
        egui::ScrollArea::horizontal().id_salt("wechat-hscroll").auto_shrink([false, false]).show(ui, |ui| {
            let height = ui.available_height();
            ui.allocate_ui_with_layout(egui::vec2(article, height), egui::Layout::top_down(egui::Align::Min), |ui| {
                ui.set_width(article);
                egui::Frame::new()
                    .fill(color(palette.page))
                    .inner_margin(egui::Margin::symmetric((ROOT_PADDING * SCALE) as i8, 0))
                    .show(ui, |ui| {
                        clicked = list.show(ui, "wechat-scroll", &state.blocks, width, selected, true, scroll_to);
                    });
            });
        });
    });
    (clicked, edit_theme)
}

impl JianbaoApp {
    /// The WeChat tab's state: its width, dark mode, readiness and painted blocks.
    pub fn wechat_preview(&self) -> &WeChatPreview {
        &self.open.preview.wechat
    }

    /// The theme the WeChat tab and the copy use: the theme panel's draft
    /// while it is open, else the person's own file of that name, else the
    /// built-in one.
    pub fn wechat_theme(&self) -> Theme {
        if let Some(ed) = &self.theme_editor {
            return ed.valid.clone();
        }
        let name = &self.settings.wechat_theme;
        self.themes.as_ref().and_then(|w| w.set.get(name)).map(|s| s.theme.clone()).unwrap_or_else(|| theme_named(name))
    }

    /// Every theme offered: the built-ins, then the files'.
    pub fn wechat_themes(&self) -> Vec<Theme> {
        match &self.themes {
            Some(w) => w.set.themes.iter().map(|s| s.theme.clone()).collect(),
            None => Theme::all(),
        }
    }

    /// The theme files' watcher: started for the open repository's folders,
    /// its new sets taken once a frame, a refused file said once.
    pub fn poll_themes(&mut self, ctx: &egui::Context) {
        let dirs = super::themes::ThemeWatch::dirs_for(self.repo.as_ref().map(|r| r.root()));
        if self.themes.as_ref().is_none_or(|w| w.dirs != dirs) {
            let watch = super::themes::ThemeWatch::start(dirs, Some(ctx.clone()));
            let first = watch.set.errors.first().cloned();
            self.themes = Some(watch);
            if let Some(e) = first {
                self.error(format!("Theme file refused: {e}"));
            }
        }
        let fresh = self.themes.as_mut().map(|w| w.poll()).unwrap_or_default();
        if let Some(e) = fresh.first() {
            self.error(format!("Theme file refused (its previous version stays): {e}"));
        }
    }

    /// The theme watcher, for tests that change a file and wait for the reload.
    pub fn theme_watch(&mut self) -> Option<&mut super::themes::ThemeWatch> {
        self.themes.as_mut()
    }

    /// The issue as WeChat-ready HTML and its plain-text alternative.
    pub fn wechat_export(&self) -> (String, String) {
        let (html, text, _) = self.wechat_export_counted();
        (html, text)
    }

    /// [`Self::wechat_export`] and the number of references, from one build.
    fn wechat_export_counted(&self) -> (String, String, usize) {
        let doc = wechat::build(self.open.doc.issue());
        let theme = self.wechat_theme();
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
        let mode = if self.open.preview.wechat.dark { wechat::Mode::Dark } else { wechat::Mode::Light };
        let page = wechat::to_standalone_page_in(&doc, &self.wechat_theme(), mode);
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
