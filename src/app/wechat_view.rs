//! The WeChat side of the window: the preview drawn from the same blocks,
//! reference numbers and theme colours as the HTML that is copied, the
//! clipboard (HTML plus a plain-text alternative), and the page opened in a
//! browser.

use std::sync::Arc;

use eframe::egui::{self, Color32, FontId, Galley, TextFormat, text::LayoutJob};

use super::JianbaoApp;
use crate::core::export::wechat::{self, Block, EntryLine, Rgb, Role, Span, SpanKind, Theme, WeChatDoc};

fn color(c: Rgb) -> Color32 {
    let [r, g, b] = c.to_array();
    Color32::from_rgb(r, g, b)
}

/// The theme the person picked (by name), or the default.
pub fn theme_named(name: &str) -> Theme {
    Theme::by_name(name).unwrap_or_default()
}

/// The preview's cache: the article of one document revision and theme,
/// laid out block by block for one width.
#[derive(Default)]
pub struct WeChatPreview {
    key: Option<(u64, String)>,
    pub doc: WeChatDoc,
    jobs: Vec<LayoutJob>,
    galleys: Vec<Option<Arc<Galley>>>,
    width: f32,
}

impl WeChatPreview {
    /// Builds the article again if the document or the theme changed.
    pub fn sync(&mut self, app_doc: &crate::core::Document, theme: &Theme) {
        let key = (app_doc.revision(), theme.name.clone());
        if self.key.as_ref() == Some(&key) {
            return;
        }
        self.key = Some(key);
        self.doc = wechat::build(app_doc.issue());
        self.jobs = jobs(&self.doc, theme);
        self.galleys = vec![None; self.jobs.len()];
    }

    /// The text of every block, as the preview lays it out.
    pub fn plain_text(&self) -> String {
        self.jobs.iter().map(|j| j.text.as_str()).collect::<Vec<_>>().join("\n")
    }
}

struct Style<'a> {
    theme: &'a Theme,
}

impl Style<'_> {
    fn format(&self, role: Role, size: f32, strong: bool, italics: bool) -> TextFormat {
        let mut c = color(self.theme.color(role));
        if strong && role == Role::Text {
            c = color(self.theme.heading);
        }
        TextFormat { font_id: FontId::proportional(size), color: c, italics, ..Default::default() }
    }

    fn spans(&self, job: &mut LayoutJob, spans: &[Span], base: Role, size: f32) {
        for s in spans {
            let role = if matches!(s.kind, SpanKind::Text) { base } else { s.role() };
            let mut f = self.format(role, size, s.strong, s.emphasis);
            match &s.kind {
                SpanKind::LineBreak => {
                    job.append("\n", 0.0, f);
                    continue;
                }
                SpanKind::Code => {
                    f.font_id = FontId::monospace(size - 1.0);
                    f.background = color(self.theme.code_bg);
                }
                SpanKind::RefMark(_) => f.font_id = FontId::proportional(size * 0.75),
                _ => {}
            }
            job.append(&s.text, 0.0, f);
        }
    }
}

fn new_job() -> LayoutJob {
    LayoutJob::default()
}

/// One layout job per block, in the theme's colours and sizes, then the references.
fn jobs(doc: &WeChatDoc, theme: &Theme) -> Vec<LayoutJob> {
    let st = Style { theme };
    let body = theme.font_size * 0.9;
    let mut out = Vec::with_capacity(doc.blocks.len() + 1);
    for block in &doc.blocks {
        let mut job = new_job();
        match block {
            Block::Title { title, subtitle } => {
                job.append(title, 0.0, st.format(Role::Heading, theme.title_size * 0.9, true, false));
                if !subtitle.is_empty() {
                    job.append("\n", 0.0, st.format(Role::Text, body, false, false));
                    st.spans(&mut job, subtitle, Role::Accent, body);
                }
            }
            Block::Tagline(spans) => st.spans(&mut job, spans, Role::Accent, body),
            Block::Digest { label, lines } => {
                job.append(&format!("{label}："), 0.0, st.format(Role::Accent, body, true, false));
                for (i, line) in lines.iter().enumerate() {
                    if i > 0 {
                        job.append("\n", 0.0, st.format(Role::Text, body, false, false));
                    }
                    st.spans(&mut job, line, Role::Text, body);
                }
            }
            Block::Note(lines) => {
                for (i, line) in lines.iter().enumerate() {
                    if i > 0 {
                        job.append("\n", 0.0, st.format(Role::Muted, body, false, false));
                    }
                    st.spans(&mut job, line, Role::Muted, body * 0.95);
                }
            }
            Block::Paragraph(spans) => st.spans(&mut job, spans, Role::Text, body),
            Block::WarmupItem { bullet, spans } | Block::ListItem { bullet, spans } => {
                job.append(&format!("{bullet} "), 0.0, st.format(Role::Accent, body, false, false));
                st.spans(&mut job, spans, Role::Text, body);
            }
            Block::SectionHeading(spans) => st.spans(&mut job, spans, Role::Heading, theme.heading_size * 0.9),
            Block::Entry(e) => {
                job.append(&format!("{} ", e.bullet), 0.0, st.format(Role::Accent, body, false, false));
                for t in &e.tags {
                    job.append(&format!("[{t}] "), 0.0, st.format(Role::Tag, body, false, false));
                }
                st.spans(&mut job, &e.title, Role::Heading, body);
                if let Some(source) = &e.source {
                    job.append(&format!(" | {source}"), 0.0, st.format(Role::Muted, body, false, false));
                }
                st.spans(&mut job, &e.after, Role::Text, body);
                for line in &e.lines {
                    job.append("\n", 0.0, st.format(Role::Text, body, false, false));
                    match line {
                        EntryLine::Field { label, spans } => {
                            job.append(&format!("{label}："), 0.0, st.format(Role::Accent, body, true, false));
                            st.spans(&mut job, spans, Role::Text, body);
                        }
                        EntryLine::Item { depth, marker, spans } => {
                            let indent = "    ".repeat(usize::from(*depth) + 1);
                            job.append(&format!("{indent}{marker} "), 0.0, st.format(Role::Muted, body, false, false));
                            st.spans(&mut job, spans, Role::Text, body);
                        }
                        EntryLine::Text(spans) => st.spans(&mut job, spans, Role::Text, body),
                    }
                }
            }
            Block::ArchiveYear(year) => job.append(year, 0.0, st.format(Role::Heading, body, true, false)),
            Block::Rule => job.append("────────────────", 0.0, st.format(Role::Muted, body, false, false)),
        }
        out.push(job);
    }
    if !doc.references.is_empty() {
        let small = theme.small_size * 0.9;
        let mut job = new_job();
        job.append("参考资料", 0.0, st.format(Role::Heading, body, true, false));
        for r in &doc.references {
            job.append(
                &format!("\n[{}] {}: {}", r.number, r.text, r.url),
                0.0,
                st.format(Role::Muted, small, false, false),
            );
        }
        out.push(job);
    }
    out
}

/// Draws the WeChat preview on the theme's canvas; only blocks in view are painted.
pub fn show(app: &mut JianbaoApp, ui: &mut egui::Ui) {
    let theme = theme_named(&app.settings.wechat_theme);
    let view = &mut app.open.wechat;
    view.sync(&app.open.doc, &theme);
    let width = (ui.available_width() - 28.0).max(50.0);
    if (width - view.width).abs() > 0.5 {
        view.width = width;
        view.galleys.iter_mut().for_each(|g| *g = None);
    }
    let gap = 10.0;
    let canvas = color(theme.background);
    egui::Frame::new().fill(canvas).inner_margin(10.0).show(ui, |ui| {
        egui::ScrollArea::vertical().auto_shrink([false, false]).id_salt("wechat-scroll").show_viewport(
            ui,
            |ui, viewport| {
                let n = view.jobs.len();
                let mut tops = Vec::with_capacity(n);
                let mut y = 0.0;
                for i in 0..n {
                    let galley = match &view.galleys[i] {
                        Some(g) => g.clone(),
                        None => {
                            let mut job = view.jobs[i].clone();
                            job.wrap.max_width = width;
                            let g = ui.fonts_mut(|f| f.layout_job(job));
                            view.galleys[i] = Some(g.clone());
                            g
                        }
                    };
                    tops.push(y);
                    y += galley.size().y + gap;
                }
                ui.set_height(y);
                ui.set_width(width);
                let origin = ui.min_rect().min;
                let start = tops.partition_point(|t| *t + 1.0 < viewport.min.y).saturating_sub(1);
                for (top, galley) in tops.iter().zip(&view.galleys).skip(start) {
                    if *top > viewport.max.y {
                        break;
                    }
                    if let Some(g) = galley {
                        ui.painter().galley(origin + egui::vec2(0.0, *top), g.clone(), Color32::BLACK);
                    }
                }
            },
        );
    });
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
    pub fn open_wechat_in_browser(&mut self) {
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
            Ok(_) => self.info(format!("Opened {} in the browser", path.display())),
            Err(e) => self.error(format!("Wrote {} but could not open a browser ({opener}: {e})", path.display())),
        }
    }
}
