//! The live preview: the saved markdown, rendered block by block.
//!
//! The issue is cut into units (a preamble block, a section heading, an
//! entry, …), each rendered from exactly the bytes saving writes and laid out
//! once. A unit is laid out again only when its text, the width or the theme
//! changes, and only the units in view are painted, so a frame costs the
//! same for an issue of 30 entries or of 1000.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use eframe::egui::{self, Color32, FontId, Galley, Sense, TextFormat, text::LayoutJob};
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::{JianbaoApp, Selection};
use crate::core::{Document, Issue, PreambleBlock, SectionItem, format::render};

struct Unit {
    selection: Option<Selection>,
    /// The unit's markdown, as saved.
    markdown: String,
    key: u64,
}

#[derive(Default)]
pub struct Preview {
    /// The document revision the units were cut from.
    revision: Option<u64>,
    units: Vec<Unit>,
    /// Laid-out units by (unit key, raw?), for the current width and theme.
    galleys: HashMap<(u64, bool), Arc<Galley>>,
    layout_key: Option<(u32, bool)>,
    pub scroll_to_selection: bool,
    /// How many units were laid out in the last frame (a test and bench probe).
    pub laid_out_last_frame: usize,
}

impl Preview {
    /// Cuts the document into units again if it changed since the last call.
    pub fn sync(&mut self, doc: &Document) {
        if self.revision == Some(doc.revision()) {
            return;
        }
        self.revision = Some(doc.revision());
        self.units = cut(doc.issue());
        // Drop layouts no unit uses any more.
        let live: std::collections::HashSet<u64> = self.units.iter().map(|u| u.key).collect();
        self.galleys.retain(|(k, _), _| live.contains(k));
    }

    /// What the preview shows, as plain text (the text of each unit's layout).
    pub fn plain_text(&self) -> String {
        let visuals = egui::Visuals::light();
        let mut out = String::new();
        for u in &self.units {
            out.push_str(&markdown_job(&u.markdown, &visuals, f32::INFINITY).text);
            out.push('\n');
        }
        out
    }

    fn galley(&mut self, ui: &egui::Ui, i: usize, raw: bool, width: f32) -> Arc<Galley> {
        let unit = &self.units[i];
        if let Some(g) = self.galleys.get(&(unit.key, raw)) {
            return g.clone();
        }
        self.laid_out_last_frame += 1;
        let job = if raw {
            let mut job = LayoutJob::simple(
                unit.markdown.trim_end_matches(['\n', '\r']).to_string(),
                FontId::monospace(12.5),
                ui.visuals().text_color(),
                width,
            );
            job.wrap.break_anywhere = true;
            job
        } else {
            markdown_job(&unit.markdown, ui.visuals(), width)
        };
        let galley = ui.fonts_mut(|f| f.layout_job(job));
        self.galleys.insert((unit.key, raw), galley.clone());
        galley
    }
}

fn hash_of(text: &str) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
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

/// Draws the preview panel.
pub fn show(app: &mut JianbaoApp, ui: &mut egui::Ui) {
    use super::PreviewMode;
    ui.horizontal(|ui| {
        ui.strong("Preview");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let mode = app.settings.preview;
            for (m, name, hint) in [
                (PreviewMode::WeChat, "WeChat", "The article as it pastes into WeChat (Ctrl+Shift+C copies it)"),
                (PreviewMode::Markdown, "Markdown", "The raw markdown (Ctrl+Shift+M)"),
                (PreviewMode::Rendered, "Rendered", "The markdown rendered"),
            ] {
                if ui.selectable_label(mode == m, name).on_hover_text(hint).clicked() {
                    app.settings.preview = m;
                }
            }
        });
    });
    ui.separator();
    if app.settings.preview == PreviewMode::WeChat {
        super::wechat_view::show(app, ui);
        return;
    }

    let preview = &mut app.open.preview;
    preview.sync(&app.open.doc);
    preview.laid_out_last_frame = 0;
    let raw = app.settings.preview == PreviewMode::Markdown;
    let width = (ui.available_width() - 16.0).max(50.0);
    let key = (width.round() as u32, ui.visuals().dark_mode);
    if preview.layout_key != Some(key) {
        preview.layout_key = Some(key);
        preview.galleys.clear();
    }

    let gap = if raw { 0.0 } else { 8.0 };
    let scroll = egui::ScrollArea::vertical().auto_shrink([false, false]).id_salt("preview-scroll");
    let scroll_to = std::mem::take(&mut preview.scroll_to_selection)
        .then(|| app.open.selection.and_then(|sel| preview.units.iter().position(|u| u.selection == Some(sel))))
        .flatten();
    let selection = app.open.selection;
    let mut clicked = None;
    scroll.show_viewport(ui, |ui, viewport| {
        // Heights of every unit (cached layouts), then paint the visible ones.
        let n = preview.units.len();
        let mut tops = Vec::with_capacity(n);
        let mut y = 0.0;
        let mut galleys = Vec::with_capacity(n);
        for i in 0..n {
            let g = preview.galley(ui, i, raw, width);
            tops.push(y);
            y += g.size().y + gap;
            galleys.push(g);
        }
        ui.set_height(y);
        ui.set_width(width);
        let origin = ui.min_rect().min;
        if let Some(i) = scroll_to {
            let rect = egui::Rect::from_min_size(origin + egui::vec2(0.0, tops[i]), galleys[i].size());
            ui.scroll_to_rect(rect.expand(12.0), Some(egui::Align::TOP));
        }
        let start = tops.partition_point(|t| *t + 1.0 < viewport.min.y).saturating_sub(1);
        for i in start..n {
            let top = tops[i];
            if top > viewport.max.y {
                break;
            }
            let g = &galleys[i];
            let rect = egui::Rect::from_min_size(origin + egui::vec2(0.0, top), g.size());
            let unit = &preview.units[i];
            if unit.selection.is_some() && unit.selection == selection && matches!(selection, Some(Selection::Entry(_)))
            {
                let band = egui::Rect::from_min_max(
                    egui::pos2(rect.left() - 6.0, rect.top() - 2.0),
                    egui::pos2(rect.left() - 3.0, rect.bottom() + 2.0),
                );
                ui.painter().rect_filled(band, 1.0, ui.visuals().selection.stroke.color);
            }
            ui.painter().galley(rect.min, g.clone(), ui.visuals().text_color());
            if let Some(sel) = unit.selection {
                let resp = ui.interact(rect, ui.scope_id().with(("unit", i)), Sense::click());
                if resp.clicked() {
                    clicked = Some(sel);
                }
            }
        }
    });
    if let Some(sel) = clicked {
        app.select(sel);
        app.open.preview.scroll_to_selection = false;
    }
}
