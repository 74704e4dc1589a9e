//! A vertical list of text blocks painted virtualised: every block's height
//! is measured once (for a width and the fonts' options) and kept, so a frame
//! sums cached heights and lays out only the blocks in view. Both preview
//! tabs (the markdown and the WeChat article) draw through it.
//!
//! The painted text is laid out through egui's own galley cache every frame
//! (a cache hit for an unchanged block): a galley kept across frames would
//! point into a font atlas that a theme switch has replaced, and paint
//! nothing.

use std::collections::HashMap;
use std::sync::Arc;

use eframe::egui::{self, Color32, Galley, Sense, text::LayoutJob};

use super::Selection;

/// A line along one side of a block: width and colour.
pub type Border = Option<(f32, Color32)>;

/// One block: its text (wrapped to the list's width) and its box.
#[derive(Clone, Debug)]
pub struct PaintBlock {
    /// Equal keys mean equal layouts (content and style): the height cache's key.
    pub key: u64,
    pub job: Arc<LayoutJob>,
    /// The same text with only its bold runs visible, painted again a
    /// fraction of a point to the right (the bundled font has no bold face).
    pub bold_overlay: Option<Arc<LayoutJob>>,
    /// The byte ranges of `job`'s text drawn bold.
    pub bold: Vec<std::ops::Range<usize>>,
    pub align: egui::Align,
    pub fill: Option<Color32>,
    pub radius: f32,
    pub border_left: Border,
    pub border_bottom: Border,
    /// A block with a top border and no text is a rule.
    pub border_top: Border,
    /// Top, bottom; adjacent margins collapse (the larger wins).
    pub margin: [f32; 2],
    /// Top, right, bottom, left.
    pub padding: [f32; 4],
    /// Left indent of the text: where its wrapped rows start.
    pub indent: f32,
    /// A hanging first row: it starts this far left of `indent` (the
    /// bullet's room), as `text-indent: -hang` does in the HTML.
    pub hang: f32,
    /// The item of the issue this block shows (clicking selects it).
    pub selection: Option<Selection>,
}

impl PaintBlock {
    /// A plain left-aligned block with no box.
    pub fn plain(key: u64, job: LayoutJob, selection: Option<Selection>) -> PaintBlock {
        PaintBlock {
            key,
            job: Arc::new(job),
            bold_overlay: None,
            bold: Vec::new(),
            align: egui::Align::LEFT,
            fill: None,
            radius: 0.0,
            border_left: None,
            border_bottom: None,
            border_top: None,
            margin: [0.0, 0.0],
            padding: [0.0; 4],
            indent: 0.0,
            hang: 0.0,
            selection,
        }
    }

    fn is_rule(&self) -> bool {
        self.border_top.is_some() && self.job.text.is_empty()
    }

    fn text_width(&self, width: f32) -> f32 {
        let left = self.border_left.map_or(0.0, |b| b.0);
        (width - left - self.padding[1] - self.padding[3] - self.indent).max(20.0)
    }

    fn layout(&self, ui: &egui::Ui, job: &LayoutJob, width: f32) -> Arc<Galley> {
        let mut job = job.clone();
        job.wrap.max_width = self.text_width(width);
        job.halign = self.align;
        if self.hang > 0.0
            && let Some(first) = job.sections.first_mut()
        {
            // The first row starts `hang` left of the others, and has that
            // much more room: egui wraps it from x = 0 on.
            first.leading_space -= self.hang;
        }
        ui.fonts_mut(|f| f.layout_job(job))
    }

    fn height(&self, galley: Option<&Galley>) -> f32 {
        let borders = self.border_top.map_or(0.0, |b| b.0) + self.border_bottom.map_or(0.0, |b| b.0);
        let text = galley.map_or(0.0, |g| g.rect.height());
        text + self.padding[0] + self.padding[2] + borders
    }
}

/// What the list keeps between frames.
#[derive(Default)]
pub struct BlockList {
    /// Width, pixels per point and the fonts' options the heights are for.
    layout_key: Option<(u32, u32, egui::epaint::text::TextOptions)>,
    heights: HashMap<u64, f32>,
    /// How many blocks were measured in the last frame (a test and bench probe).
    pub measured_last_frame: usize,
}

impl BlockList {
    /// Paints `blocks` in a vertical scroll area of `width`, only those in
    /// view; scrolls block `scroll_to` to the top when given; marks the
    /// block showing `selected` when `mark` is set. Returns the item of a
    /// clicked block.
    #[allow(clippy::too_many_arguments)]
    pub fn show(
        &mut self,
        ui: &mut egui::Ui,
        id_salt: &str,
        blocks: &[PaintBlock],
        width: f32,
        selected: Option<Selection>,
        mark: bool,
        scroll_to: Option<usize>,
    ) -> Option<Selection> {
        self.measured_last_frame = 0;
        let key = (width.round() as u32, ui.ctx().pixels_per_point().to_bits(), ui.visuals().text_options);
        if self.layout_key.as_ref() != Some(&key) {
            self.layout_key = Some(key);
            self.heights.clear();
        } else if self.heights.len() > 2 * blocks.len() + 64 {
            let live: std::collections::HashSet<u64> = blocks.iter().map(|b| b.key).collect();
            self.heights.retain(|k, _| live.contains(k));
        }
        let mut clicked = None;
        let scroll = egui::ScrollArea::vertical().auto_shrink([false, false]).id_salt(id_salt);
        scroll.show_viewport(ui, |ui, viewport| {
            // Tops from cached heights, with collapsing margins.
            let mut tops = Vec::with_capacity(blocks.len());
            let mut heights = Vec::with_capacity(blocks.len());
            let mut y = 0.0;
            let mut margin_below = 0.0f32;
            for b in blocks {
                y += margin_below.max(b.margin[0]);
                let h = match self.heights.get(&b.key) {
                    Some(h) => *h,
                    None => {
                        self.measured_last_frame += 1;
                        let galley = (!b.is_rule()).then(|| b.layout(ui, &b.job, width));
                        let h = b.height(galley.as_deref());
                        self.heights.insert(b.key, h);
                        h
                    }
                };
                tops.push(y);
                heights.push(h);
                y += h;
                margin_below = b.margin[1];
            }
            y += margin_below;
            ui.set_height(y);
            ui.set_width(width);
            let origin = ui.min_rect().min;
            let rect_of =
                |i: usize| egui::Rect::from_min_size(origin + egui::vec2(0.0, tops[i]), egui::vec2(width, heights[i]));
            if let Some(i) = scroll_to.filter(|i| *i < blocks.len()) {
                ui.scroll_to_rect(rect_of(i).expand(12.0), Some(egui::Align::TOP));
            }
            let start = tops.partition_point(|t| *t + 1.0 < viewport.min.y).saturating_sub(1);
            for i in start..blocks.len() {
                if tops[i] > viewport.max.y {
                    break;
                }
                let b = &blocks[i];
                let rect = rect_of(i);
                self.paint(ui, b, rect, width);
                if mark && b.selection.is_some() && b.selection == selected {
                    let band = egui::Rect::from_min_max(
                        egui::pos2(rect.left() - 6.0, rect.top() - 2.0),
                        egui::pos2(rect.left() - 3.0, rect.bottom() + 2.0),
                    );
                    ui.painter().rect_filled(band, 1.0, ui.visuals().selection.stroke.color);
                }
                if let Some(sel) = b.selection
                    && ui.interact(rect, ui.scope_id().with(("block", i)), Sense::click()).clicked()
                {
                    clicked = Some(sel);
                }
            }
        });
        clicked
    }

    fn paint(&self, ui: &egui::Ui, b: &PaintBlock, rect: egui::Rect, width: f32) {
        let painter = ui.painter();
        if let Some(fill) = b.fill {
            painter.rect_filled(rect, b.radius, fill);
        }
        let mut inner = rect;
        if let Some((w, c)) = b.border_left {
            painter.rect_filled(egui::Rect::from_min_max(rect.min, egui::pos2(rect.left() + w, rect.bottom())), 0.0, c);
            inner.min.x += w;
        }
        if let Some((w, c)) = b.border_top {
            painter.rect_filled(egui::Rect::from_min_max(rect.min, egui::pos2(rect.right(), rect.top() + w)), 0.0, c);
            inner.min.y += w;
        }
        if let Some((w, c)) = b.border_bottom {
            painter.rect_filled(egui::Rect::from_min_max(egui::pos2(rect.left(), rect.bottom() - w), rect.max), 0.0, c);
            inner.max.y -= w;
        }
        if b.is_rule() {
            return;
        }
        let inner = egui::Rect::from_min_max(
            egui::pos2(inner.left() + b.padding[3] + b.indent, inner.top() + b.padding[0]),
            egui::pos2(inner.right() - b.padding[1], inner.bottom() - b.padding[2]),
        );
        let galley = b.layout(ui, &b.job, width);
        let x = match b.align {
            egui::Align::Center => inner.center().x - galley.rect.center().x,
            // x = 0 of the galley is where wrapped rows start; a hanging
            // first row lies left of it.
            _ => inner.left(),
        };
        let pos = egui::pos2(x, inner.top() - galley.rect.top());
        let text_color = ui.visuals().text_color();
        painter.galley(pos, galley, text_color);
        if let Some(overlay) = &b.bold_overlay {
            painter.galley(pos + egui::vec2(0.6, 0.0), b.layout(ui, overlay, width), text_color);
        }
    }
}

/// Builds a block's text run by run, with the same text again where only
/// the bold runs are visible (the overlay that draws them bold), and the
/// byte ranges that are bold.
pub struct JobBuilder {
    pub job: LayoutJob,
    overlay: LayoutJob,
    bold: Vec<std::ops::Range<usize>>,
}

impl JobBuilder {
    pub fn new() -> JobBuilder {
        JobBuilder { job: LayoutJob::default(), overlay: LayoutJob::default(), bold: Vec::new() }
    }

    pub fn append(&mut self, text: &str, format: egui::TextFormat, bold: bool) {
        if text.is_empty() {
            return;
        }
        let start = self.job.text.len();
        let mut shadow = format.clone();
        if bold {
            match self.bold.last_mut() {
                Some(last) if last.end == start => last.end = start + text.len(),
                _ => self.bold.push(start..start + text.len()),
            }
        } else {
            shadow.color = Color32::TRANSPARENT;
        }
        shadow.background = Color32::TRANSPARENT;
        shadow.underline = egui::Stroke::NONE;
        self.job.append(text, 0.0, format);
        self.overlay.append(text, 0.0, shadow);
    }

    /// The job, its overlay (if any run is bold) and the bold byte ranges.
    pub fn finish(mut self) -> (LayoutJob, Option<LayoutJob>, Vec<std::ops::Range<usize>>) {
        self.overlay.wrap = self.job.wrap.clone();
        let overlay = (!self.bold.is_empty()).then_some(self.overlay);
        (self.job, overlay, self.bold)
    }
}

impl Default for JobBuilder {
    fn default() -> Self {
        JobBuilder::new()
    }
}
