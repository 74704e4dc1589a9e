//! The section tree: the preamble (title, digest, warm-up news), then every
//! section with its entries. It is drawn as a flat list of equal rows, so only
//! the rows in view are laid out, whatever the size of the issue. Entries are
//! dragged within and across sections with a drop line showing where they go.

use std::collections::HashSet;

use eframe::egui::{self, Sense, Stroke, TextWrapMode, WidgetInfo, WidgetText, vec2};

use super::actions::label_of;
use super::filling::FillAction;
use super::inbox_panel::InboxDrag;
use super::{Action, OpenDoc, Selection};
use crate::core::editorial::lint::Severity;
use crate::core::{EntryId, Issue, SectionId, SectionItem, format::render};

#[derive(Default)]
pub struct TreeState {
    pub filter: String,
    pub focus_filter: bool,
    pub collapsed: HashSet<SectionId>,
    cache: Option<RowCache>,
    last_selection: Option<Selection>,
    visible: std::ops::Range<usize>,
}

impl TreeState {
    /// Each section's row as last drawn: its title and the count it shows.
    pub fn section_counts(&self) -> Vec<(String, usize)> {
        let rows = self.cache.as_ref().map(|c| c.rows.as_slice()).unwrap_or_default();
        rows.iter()
            .filter_map(|r| match r {
                Row::Section { title, count, .. } => Some((title.clone(), *count)),
                _ => None,
            })
            .collect()
    }
}

struct RowCache {
    doc: crate::core::DocumentId,
    revision: u64,
    checks: u64,
    filter: String,
    collapsed: Vec<SectionId>,
    rows: Vec<Row>,
    matches: usize,
}

#[derive(Clone, Debug)]
enum Row {
    Title(String),
    Digest,
    Warmup(usize),
    WarmupItem(usize, String),
    Section { id: SectionId, title: String, count: usize, collapsed: bool },
    Entry { id: EntryId, section: SectionId, index: usize, label: String, verbatim: bool, flag: Option<Severity> },
}

impl Row {
    fn selection(&self) -> Selection {
        match self {
            Row::Title(_) => Selection::Title,
            Row::Digest => Selection::Digest,
            Row::Warmup(_) => Selection::Warmup(None),
            Row::WarmupItem(i, _) => Selection::Warmup(Some(*i)),
            Row::Section { id, .. } => Selection::Section(*id),
            Row::Entry { id, .. } => Selection::Entry(*id),
        }
    }
}

/// The payload of a dragged entry.
#[derive(Clone, Copy, Debug)]
struct DragEntry(EntryId);

fn build_rows(
    issue: &Issue,
    filter: &str,
    collapsed: &HashSet<SectionId>,
    flags: &std::collections::HashMap<EntryId, Severity>,
) -> (Vec<Row>, usize) {
    let needle = filter.trim().to_lowercase();
    let filtering = !needle.is_empty();
    let mut rows = Vec::new();
    let mut matches = 0;
    if !filtering {
        let title = issue.title().map(|t| format!("{} ({})", t.name.trim(), t.date)).unwrap_or_else(|| "Title".into());
        rows.push(Row::Title(title));
        if issue.digest().is_some() {
            rows.push(Row::Digest);
        }
        let warmup = issue.warmup_items();
        if !warmup.is_empty() {
            rows.push(Row::Warmup(warmup.len()));
            for (i, item) in warmup.iter().enumerate() {
                let label = if item.subject.is_empty() { item.text.to_string() } else { item.subject.to_string() };
                rows.push(Row::WarmupItem(i, label));
            }
        }
    }
    for section in &issue.sections {
        let is_collapsed = !filtering && collapsed.contains(&section.id);
        let section_row = rows.len();
        rows.push(Row::Section {
            id: section.id,
            title: super::section_label(section).to_string(),
            count: section.entry_count(),
            collapsed: is_collapsed,
        });
        let matches_before = matches;
        if is_collapsed {
            continue;
        }
        let mut index = 0;
        for item in &section.items {
            let SectionItem::Entry(entry) = item else { continue };
            let keep = !filtering || render::entry_text(&entry.body).to_lowercase().contains(&needle);
            if keep {
                matches += 1;
                let mut label = entry.label();
                if label.trim().is_empty() {
                    label = "(untitled entry)".into();
                }
                rows.push(Row::Entry {
                    id: entry.id,
                    section: section.id,
                    index,
                    label,
                    verbatim: !entry.is_typed(),
                    flag: flags.get(&entry.id).copied(),
                });
            }
            index += 1;
        }
        // While filtering, a section counts its matching entries.
        if filtering && let Row::Section { count, .. } = &mut rows[section_row] {
            *count = matches - matches_before;
        }
    }
    (rows, matches)
}

/// Draws the tree; returns what the person asked for.
pub fn show(app: &mut OpenDoc, ui: &mut egui::Ui) -> Vec<Action> {
    let mut actions = Vec::new();
    let state = &mut app.tree;

    ui.add_space(4.0);
    let filter = ui.add(
        egui::TextEdit::singleline(&mut state.filter).hint_text("Filter entries (Ctrl+F)").desired_width(f32::INFINITY),
    );
    super::name(&filter, "Filter entries");
    if std::mem::take(&mut state.focus_filter) {
        filter.request_focus();
    }
    if filter.has_focus() && ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        state.filter.clear();
    }
    ui.add_space(2.0);

    let revision = app.doc.revision();
    let doc = app.doc.id();
    let checks = app.checks.generation;
    let mut collapsed: Vec<SectionId> = state.collapsed.iter().copied().collect();
    collapsed.sort();
    let stale = match &state.cache {
        Some(c) => {
            c.doc != doc
                || c.revision != revision
                || c.checks != checks
                || c.filter != state.filter
                || c.collapsed != collapsed
        }
        None => true,
    };
    if stale {
        let (rows, matches) = build_rows(app.doc.issue(), &state.filter, &state.collapsed, &app.checks.worst);
        state.cache = Some(RowCache { doc, revision, checks, filter: state.filter.clone(), collapsed, rows, matches });
    }
    let cache = state.cache.as_ref().expect("built above");
    if !state.filter.trim().is_empty() {
        ui.weak(format!("{} matching entries", cache.matches));
    }

    let rows = &cache.rows;
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    let spacing = ui.spacing().item_spacing.y;
    let selection = app.selection;
    let mut scroll = egui::ScrollArea::vertical().auto_shrink([false, false]).id_salt("tree-scroll");
    if selection != state.last_selection {
        state.last_selection = selection;
        if let Some(i) = rows.iter().position(|r| Some(r.selection()) == selection)
            && !(state.visible.start < i && i + 1 < state.visible.end)
        {
            let y = (i as f32 * (row_height + spacing) - 3.0 * row_height).max(0.0);
            scroll = scroll.vertical_scroll_offset(y);
        }
    }

    let dragging = egui::DragAndDrop::has_payload_of_type::<DragEntry>(ui.ctx())
        || egui::DragAndDrop::has_payload_of_type::<InboxDrag>(ui.ctx());
    let mut visible = 0..0;
    scroll.show_rows(ui, row_height, rows.len(), |ui, range| {
        visible = range.clone();
        if dragging {
            edge_scroll(ui);
        }
        for row in &rows[range] {
            let selected = selection == Some(row.selection());
            draw_row(ui, row, selected, row_height, dragging, app.doc.issue(), &mut actions);
        }
    });
    app.tree.visible = visible;
    actions
}

/// While something is dragged, a pointer near the top or bottom edge of
/// the tree scrolls it, faster nearer the edge, so every section can be
/// reached without the wheel.
fn edge_scroll(ui: &mut egui::Ui) {
    const EDGE: f32 = 36.0;
    const SPEED: f32 = 14.0;
    let Some(p) = ui.ctx().pointer_hover_pos() else { return };
    let view = ui.clip_rect();
    if !view.contains(p) {
        return;
    }
    let up = EDGE - (p.y - view.top());
    let down = EDGE - (view.bottom() - p.y);
    let dy = if up > 0.0 {
        SPEED * up / EDGE
    } else if down > 0.0 {
        -SPEED * down / EDGE
    } else {
        return;
    };
    ui.scroll_with_delta(vec2(0.0, dy));
    ui.ctx().request_repaint();
}

fn draw_row(
    ui: &mut egui::Ui,
    row: &Row,
    selected: bool,
    height: f32,
    dragging: bool,
    issue: &Issue,
    actions: &mut Vec<Action>,
) {
    let sense = match row {
        Row::Entry { .. } => Sense::click_and_drag(),
        _ => Sense::click(),
    };
    let (rect, resp) = ui.allocate_exact_size(vec2(ui.available_width(), height), sense);
    let visuals = ui.visuals().clone();
    let (indent, text, count, strong) = match row {
        Row::Title(t) => (0.0, t.clone(), None, true),
        Row::Digest => (0.0, "导读 (digest)".to_string(), None, false),
        Row::Warmup(n) => (0.0, "热身新闻 (warm-up)".to_string(), Some(*n), true),
        Row::WarmupItem(_, label) => (18.0, label.clone(), None, false),
        Row::Section { title, count, collapsed, .. } => {
            let arrow = if *collapsed { "▶" } else { "▼" };
            (0.0, format!("{arrow} {title}"), Some(*count), true)
        }
        Row::Entry { label, verbatim, .. } => {
            let mark = if *verbatim { "(!) " } else { "" };
            (18.0, format!("{mark}{label}"), None, false)
        }
    };
    resp.widget_info(|| WidgetInfo::selected(egui::Role::Button, true, selected, &text));

    if ui.is_rect_visible(rect) {
        let painter = ui.painter();
        if selected {
            painter.rect_filled(rect, 3.0, visuals.selection.bg_fill);
        } else if resp.hovered() && !dragging {
            painter.rect_filled(rect, 3.0, visuals.widgets.hovered.weak_bg_fill);
        }
        let color = if selected { visuals.selection.stroke.color } else { visuals.text_color() };
        let mut count_width = 0.0;
        if let Some(n) = count {
            let g = painter.layout_no_wrap(n.to_string(), egui::FontId::proportional(12.0), visuals.weak_text_color());
            count_width = g.size().x + 8.0;
            painter.galley(rect.right_center() - vec2(count_width - 4.0, g.size().y / 2.0), g, color);
        }
        if let Row::Entry { flag: Some(sev), .. } = row {
            let c = match sev {
                Severity::Error => visuals.error_fg_color,
                Severity::Warning => visuals.warn_fg_color,
                Severity::Info => visuals.weak_text_color(),
            };
            painter.circle_filled(egui::pos2(rect.left() + 10.0, rect.center().y), 3.5, c);
        }
        let mut rich = egui::RichText::new(text).color(color);
        if strong {
            rich = rich.strong();
        }
        let galley = WidgetText::from(rich).into_galley(
            ui,
            Some(TextWrapMode::Truncate),
            (rect.width() - indent - 6.0 - count_width).max(10.0),
            egui::TextStyle::Body,
        );
        let pos = egui::pos2(rect.left() + 4.0 + indent, rect.center().y - galley.size().y / 2.0);
        ui.painter().galley(pos, galley, color);
    }

    if resp.clicked() {
        actions.push(Action::Select(row.selection()));
    }
    if let Row::Section { id, .. } = row
        && resp.double_clicked()
    {
        actions.push(Action::ToggleSection(*id));
    }

    // Dragging: entries carry their id; entries and section rows take drops.
    if let Row::Entry { id, .. } = row {
        resp.dnd_set_drag_payload(DragEntry(*id));
        if resp.drag_started() {
            actions.push(Action::Select(Selection::Entry(*id)));
        }
    }
    let target = |pointer_y: f32| -> Option<(SectionId, usize, f32)> {
        match row {
            Row::Entry { section, index, .. } => {
                if pointer_y < rect.center().y {
                    Some((*section, *index, rect.top()))
                } else {
                    Some((*section, index + 1, rect.bottom()))
                }
            }
            Row::Section { id, collapsed, count, .. } => {
                Some((*id, if *collapsed { *count } else { 0 }, rect.bottom()))
            }
            _ => None,
        }
    };
    let pointer_y = ui.input(|i| i.pointer.interact_pos()).map(|p| p.y).unwrap_or(rect.center().y);
    let inbox_hover = resp.dnd_hover_payload::<InboxDrag>().is_some();
    if (resp.dnd_hover_payload::<DragEntry>().is_some() || inbox_hover)
        && let Some((_, _, y)) = target(pointer_y)
    {
        let stroke = Stroke::new(2.0, visuals.selection.stroke.color);
        ui.painter().hline(rect.x_range(), y, stroke);
        ui.painter().circle_filled(egui::pos2(rect.left() + 3.0, y), 3.0, stroke.color);
    }
    // (A release takes whatever payload there is: each kind is asked for only when it is the one dragged.)
    if egui::DragAndDrop::has_payload_of_type::<DragEntry>(ui.ctx())
        && let Some(payload) = resp.dnd_release_payload::<DragEntry>()
        && let Some((section, mut index, _)) = target(pointer_y)
    {
        let entry = payload.0;
        // The command's index counts the section's entries without the moved one.
        if let Some((s, current)) = issue.entry_position(entry)
            && issue.sections[s].id == section
            && current < index
        {
            index -= 1;
        }
        actions.push(Action::MoveEntry { entry, section, index });
    }
    // An inbox item dropped here: taken into the issue at this place.
    if egui::DragAndDrop::has_payload_of_type::<InboxDrag>(ui.ctx())
        && let Some(payload) = resp.dnd_release_payload::<InboxDrag>()
        && let Some((section, index, _)) = target(pointer_y)
    {
        let (pos, text) = (payload.pos, payload.text.clone());
        actions.push(Action::Fill(FillAction::Take { pos, text, section, index: Some(index) }));
    }

    resp.context_menu(|ui| context_menu(ui, row, issue, actions));
}

fn context_menu(ui: &mut egui::Ui, row: &Row, issue: &Issue, actions: &mut Vec<Action>) {
    let mut act = |ui: &mut egui::Ui, text: &str, select: Selection, action: Action| {
        if ui.button(text).clicked() {
            actions.push(Action::Select(select));
            actions.push(action);
            ui.close();
        }
    };
    match row {
        Row::Entry { id, section, .. } => {
            let me = Selection::Entry(*id);
            for action in [
                Action::AddEntry { above: true },
                Action::AddEntry { above: false },
                Action::DuplicateEntry,
                Action::DeleteEntry,
            ] {
                act(ui, &label_of(&action), me, action);
            }
            ui.separator();
            for action in [Action::MoveEntryBy(-1), Action::MoveEntryBy(1)] {
                act(ui, &label_of(&action), me, action);
            }
            ui.menu_button("Move to section", |ui| {
                for s in &issue.sections {
                    if s.id == *section {
                        continue;
                    }
                    if ui.button(super::section_label(s)).clicked() {
                        actions.push(Action::MoveEntry { entry: *id, section: s.id, index: s.entry_count() });
                        ui.close();
                    }
                }
            });
        }
        Row::Section { id, .. } => {
            let me = Selection::Section(*id);
            act(ui, "Add entry", me, Action::AddEntryTo(*id));
            act(ui, "Rename…", me, Action::RenameSectionFocus(*id));
            act(ui, "Move section up", me, Action::MoveSectionBy(*id, -1));
            act(ui, "Move section down", me, Action::MoveSectionBy(*id, 1));
            ui.separator();
            act(ui, "Add a new section", me, Action::AddSection);
            act(ui, "Remove section", me, Action::RemoveSection(*id));
        }
        _ => {
            ui.label("Edit it in the form");
        }
    }
}
