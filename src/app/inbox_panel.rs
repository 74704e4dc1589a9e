//! The Inbox panel: the open repository's links inbox (`inbox.md`, see
//! [`crate::core::fetch::inbox`]) in the lower part of the left panel, under
//! the section tree, so an item can be dragged onto a section. Text pasted
//! into it (one URL, thirty, a block of scratch notes) becomes items, each
//! marked at intake when it duplicates another item or an archive entry,
//! each filled in the background, each showing its suggested section. An
//! item goes into the open issue by dragging it onto the tree, by its
//! context menu ("Send to 论文") or by Alt+Enter (its suggested section), and
//! leaves the inbox in the same undoable step.
//!
//! The inbox file is written on its own, at once, after every change (an
//! intake, a fill, a take, an undone take): it is another file, shared
//! through git, and what was pasted into it must survive a crash whether or
//! not the issue is ever saved. A take whose issue is then closed without
//! saving is put back into the inbox (and a take undone after the issue was
//! saved is taken out again), so no item is lost with unsaved changes and
//! none is duplicated by an undo.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use eframe::egui::{self, RichText, Sense};

use super::filling::{FillAction, FillService};
use super::{Action, JianbaoApp, OpenDoc};
use crate::core::edit::command::InboxEffect;
use crate::core::fetch::inbox::{self, Inbox, Item};
use crate::core::fetch::providers::archive::default_section;
use crate::core::fetch::{ArchiveIndex, FetchError, Filled};
use crate::core::files::io::{self, FileStamp};
use crate::core::{SectionId, SectionKind};

/// The payload of an inbox item being dragged: its position and text as drawn.
#[derive(Clone, Debug)]
pub struct InboxDrag {
    pub pos: usize,
    pub text: String,
}

/// An item as the panel draws it.
struct Row {
    item: Item,
    suggested: String,
}

/// The open repository's inbox.
pub struct InboxState {
    pub root: PathBuf,
    inbox: Inbox,
    /// What the file held when read or last written (`None`: no file yet).
    stamp: Option<FileStamp>,
    /// The file could not be read as an inbox: it is never written over.
    broken: Option<String>,
    rows: Vec<Row>,
    rows_stale: bool,
    pub paste: String,
    pub expanded: bool,
    pub selected: Option<usize>,
    /// Pasted texts waiting for the archive (read once, on a thread).
    waiting: Vec<String>,
    /// Takes (and undone takes) of the open issue not yet saved with it.
    unsaved: Vec<InboxEffect>,
    /// Why an item could not be filled, by its text.
    failures: HashMap<String, String>,
    /// Filled since the file was last written (written once per frame).
    dirty: bool,
}

impl InboxState {
    /// What inbox.md held when read or last written here.
    pub(crate) fn stamp(&self) -> Option<&FileStamp> {
        self.stamp.as_ref()
    }

    fn load(root: &Path) -> InboxState {
        let path = inbox::path_in(root);
        let (inbox, stamp, broken) = if path.exists() {
            match io::read_stamped(&path).map_err(|e| e.to_string()).and_then(|(bytes, stamp)| {
                let text = String::from_utf8(bytes).map_err(|_| format!("{} is not UTF-8 text", path.display()))?;
                Ok((Inbox::parse(&text), stamp))
            }) {
                Ok((inbox, stamp)) => (inbox, Some(stamp), None),
                Err(e) => (Inbox::new(), None, Some(e)),
            }
        } else {
            (Inbox::new(), None, None)
        };
        // Folded while empty, so the tree keeps its height until there is something to take.
        let expanded = !inbox.items().is_empty();
        InboxState {
            root: root.to_path_buf(),
            inbox,
            stamp,
            broken,
            rows: Vec::new(),
            rows_stale: true,
            paste: String::new(),
            expanded,
            selected: None,
            waiting: Vec::new(),
            unsaved: Vec::new(),
            failures: HashMap::new(),
            dirty: false,
        }
    }

    pub fn is_waiting(&self) -> bool {
        !self.waiting.is_empty()
    }

    /// Reads the file again when another program (git, another editor)
    /// changed it since we read or wrote it, so a change applies on top of theirs.
    fn refresh(&mut self) -> Option<String> {
        let path = inbox::path_in(&self.root);
        let changed = match &self.stamp {
            Some(stamp) => matches!(io::check_unchanged(&path, stamp), Err(io::Changed::Modified { .. })),
            None => path.exists() && self.broken.is_none(),
        };
        if !changed {
            return None;
        }
        let fresh = InboxState::load(&self.root);
        if fresh.broken.is_some() {
            return fresh.broken;
        }
        self.inbox = fresh.inbox;
        self.stamp = fresh.stamp;
        self.rows_stale = true;
        Some("inbox.md changed on disk: read again".into())
    }

    /// Writes the file (atomically).
    fn save(&mut self) -> Result<(), String> {
        if let Some(b) = &self.broken {
            return Err(format!("inbox.md is not written: {b}"));
        }
        let path = inbox::path_in(&self.root);
        let text = self.inbox.text();
        io::write_atomic(&path, text.as_bytes()).map_err(|e| format!("inbox.md not saved: {e}"))?;
        self.stamp = Some(io::stamp_written(&path, text.as_bytes()));
        self.rows_stale = true;
        self.dirty = false;
        Ok(())
    }

    fn rows(&mut self, archive: Option<&ArchiveIndex>, archive_ready: bool) -> &[Row] {
        if self.rows_stale {
            self.rows = self
                .inbox
                .items()
                .into_iter()
                .map(|item| {
                    let suggested = if item.url.is_empty() {
                        String::new()
                    } else {
                        match archive {
                            Some(a) => a.suggest_section(&item.url, item.source.as_deref()),
                            None => default_section(&item.url).to_string(),
                        }
                    };
                    Row { item, suggested }
                })
                .collect();
            // Suggestions made before the archive was read are made again once it is.
            self.rows_stale = !archive_ready;
        }
        &self.rows
    }

    /// The item at `pos` if it still has `text`, else the item with that text.
    fn find(&self, pos: usize, text: &str) -> Option<Item> {
        let items = self.inbox.items();
        items.iter().find(|i| i.pos == pos && i.text == text).or_else(|| items.iter().find(|i| i.text == text)).cloned()
    }
}

impl JianbaoApp {
    /// The open repository's inbox, if a repository is open.
    pub fn inbox(&self) -> Option<&Inbox> {
        self.inbox.as_ref().map(|s| &s.inbox)
    }

    /// Keeps the inbox that of the open repository, and takes in the texts
    /// that waited for the archive.
    pub(crate) fn sync_inbox(&mut self) {
        let root = self.repo.as_ref().map(|r| r.root().to_path_buf());
        if self.inbox.as_ref().map(|s| &s.root) != root.as_ref() {
            self.inbox = root.as_deref().map(InboxState::load);
            if let Some(b) = self.inbox.as_ref().and_then(|s| s.broken.clone()) {
                self.error(format!("The inbox cannot be read, and is left as it is: {b}"));
            }
        }
        if self.fills.is_ready() && self.inbox.as_ref().is_some_and(|s| s.is_waiting()) {
            let waiting = std::mem::take(&mut self.inbox.as_mut().expect("checked").waiting);
            for text in waiting {
                self.intake(&text);
            }
        }
    }

    /// Text into items: marked against the inbox and the archive, saved,
    /// then filled in the background.
    fn intake(&mut self, text: &str) {
        let Some(state) = self.inbox.as_mut() else { return };
        if let Some(note) = state.refresh() {
            self.status = super::Status { text: note, error: false };
        }
        let state = self.inbox.as_mut().expect("checked");
        if let Some(b) = &state.broken {
            let msg = format!("Not added: inbox.md cannot be read ({b})");
            self.error(msg);
            return;
        }
        let drafts = inbox::intake(text);
        if drafts.is_empty() {
            self.info("Nothing to add: the text has no link and no words");
            return;
        }
        let added = state.inbox.add(&drafts, self.fills.archive());
        let saved = state.save();
        let items = state.inbox.items();
        let marked = added.iter().filter(|p| items[**p].duplicate.is_some()).count();
        let to_fill: Vec<(usize, String, String)> = added
            .iter()
            .map(|p| &items[*p])
            .filter(|i| !i.url.is_empty())
            .map(|i| (i.pos, i.text.clone(), i.url.clone()))
            .collect();
        let root = state.root.clone();
        state.paste.clear();
        match saved {
            Ok(()) => self.info(format!(
                "Added {} item(s) to the inbox{}",
                added.len(),
                if marked > 0 { format!(", {marked} already known (marked 重复)") } else { String::new() }
            )),
            Err(e) => self.error(e),
        }
        self.fill_inbox_items(root, to_fill);
    }

    /// An inbox item's answer: its empty fields filled, the file saved.
    pub(crate) fn inbox_answer(
        &mut self,
        root: &Path,
        pos: usize,
        text: &str,
        _input: &str,
        result: Result<Filled, FetchError>,
    ) {
        let Some(state) = self.inbox.as_mut().filter(|s| s.root == root) else { return };
        if !state.dirty {
            let _ = state.refresh();
        }
        let Some(item) = state.find(pos, text) else { return };
        match result {
            Ok(filled) => {
                if let Ok(true) = state.inbox.fill(item.pos, &filled.meta) {
                    // Written once for all the answers of the frame (see `save_filled_inbox`).
                    state.dirty = true;
                    state.rows_stale = true;
                }
            }
            Err(FetchError::Cancelled) => {}
            Err(e) => {
                // The item keeps its link as its title, so it never reads `- [](url)`.
                let mut text = item.text.clone();
                if let Ok(true) = state.inbox.keep_link_as_title(item.pos) {
                    state.dirty = true;
                    state.rows_stale = true;
                    text = state.inbox.items().get(item.pos).map_or(text, |i| i.text.clone());
                }
                state.failures.insert(text, format!("Not filled: {e}"));
            }
        }
    }

    /// Writes the inbox once after the answers of a frame filled items.
    pub(crate) fn save_filled_inbox(&mut self) {
        if let Some(state) = self.inbox.as_mut().filter(|s| s.dirty)
            && let Err(e) = state.save()
        {
            self.error(e);
        }
    }

    /// Carries out what the open issue's steps did to the inbox (a take, an
    /// undone or redone take), and saves the inbox.
    pub(crate) fn sync_inbox_effects(&mut self) {
        let effects = self.open.doc.take_inbox_effects();
        let modified = self.open.doc.is_modified();
        let Some(state) = self.inbox.as_mut() else { return };
        if !effects.is_empty() {
            let _ = state.refresh();
            let applied = state.inbox.apply_effects(&effects);
            state.unsaved.extend(effects);
            let saved = state.save();
            if let Err(e) = applied.map_err(|e| e.to_string()).and(saved) {
                self.error(format!("The inbox: {e}"));
            }
        }
        if let Some(state) = self.inbox.as_mut()
            && !modified
        {
            // The issue holds on disk what it holds here: its takes are saved.
            state.unsaved.clear();
        }
    }

    /// The open issue's unsaved changes are being dropped: the items it took
    /// from the inbox go back (and items its undone takes put back leave again).
    pub(crate) fn inbox_drop_unsaved(&mut self) {
        self.sync_inbox_effects();
        if !self.open.doc.is_modified() {
            return;
        }
        let Some(state) = self.inbox.as_mut() else { return };
        if state.unsaved.is_empty() {
            return;
        }
        let _ = state.refresh();
        let inverse: Vec<InboxEffect> = std::mem::take(&mut state.unsaved)
            .into_iter()
            .rev()
            .map(|e| match e {
                InboxEffect::Removed(item) => InboxEffect::Restored(item),
                InboxEffect::Restored(item) => InboxEffect::Removed(item),
            })
            .collect();
        let n = inverse.iter().filter(|e| matches!(e, InboxEffect::Restored(_))).count();
        let result = state.inbox.apply_effects(&inverse).map_err(|e| e.to_string()).and(state.save());
        match result {
            Ok(()) if n > 0 => self.info(format!("{n} item(s) taken into the unsaved issue went back to the inbox")),
            Ok(()) => {}
            Err(e) => self.error(format!("The inbox: {e}")),
        }
    }

    /// The inbox's actions.
    pub(crate) fn perform_inbox(&mut self, action: FillAction) {
        match action {
            FillAction::Paste(text) => {
                let Some(state) = self.inbox.as_mut() else {
                    self.error("Open a repository first: the inbox is the repository's");
                    return;
                };
                if self.fills.is_ready() {
                    self.intake(&text);
                } else {
                    state.waiting.push(text);
                    state.paste.clear();
                    self.info("Reading the archive first, then adding to the inbox…");
                }
            }
            FillAction::Take { pos, text, section, index } => self.take_from_inbox(pos, &text, section, index),
            FillAction::SendSelected => {
                let Some(state) = self.inbox.as_mut() else { return };
                let Some(pos) = state.selected else {
                    self.info("Select an item of the inbox first");
                    return;
                };
                let ready = self.fills.is_ready();
                let Some(row) = state.rows(self.fills.archive(), ready).get(pos) else { return };
                let (text, suggested) = (row.item.text.clone(), row.suggested.clone());
                let issue = self.open.doc.issue();
                let section = issue
                    .named_sections()
                    .find(|s| s.heading.title.trim() == suggested.trim() && s.kind() != SectionKind::Archive)
                    .map(|s| s.id);
                match section {
                    Some(section) => self.take_from_inbox(pos, &text, section, None),
                    None => self.error(format!("The issue has no section “{suggested}”: drag the item instead")),
                }
            }
            FillAction::SelectItem(pos) => {
                if let Some(state) = self.inbox.as_mut() {
                    state.selected = Some(pos);
                }
            }
            FillAction::RetryItem { pos, text } => {
                let Some(state) = self.inbox.as_mut() else { return };
                let _ = state.refresh();
                let Some(item) = state.find(pos, &text) else {
                    self.error("Not filled: that inbox item changed meanwhile");
                    return;
                };
                state.failures.remove(&item.text);
                let root = state.root.clone();
                self.fill_inbox_items(root, vec![(item.pos, item.text, item.url)]);
            }
            FillAction::RemoveItem { pos, text } => {
                let Some(state) = self.inbox.as_mut() else { return };
                let _ = state.refresh();
                let Some(item) = state.find(pos, &text) else { return };
                let result = state.inbox.remove(item.pos).map_err(|e| e.to_string()).and(state.save());
                state.selected = None;
                match result {
                    Ok(()) => self.info("Removed the item from the inbox"),
                    Err(e) => self.error(format!("The inbox: {e}")),
                }
            }
            _ => {}
        }
    }

    /// An item into a section of the open issue, leaving the inbox, as one undo step.
    fn take_from_inbox(&mut self, pos: usize, text: &str, section: SectionId, index: Option<usize>) {
        let Some(state) = self.inbox.as_mut() else { return };
        let _ = state.refresh();
        let Some(item) = state.find(pos, text) else {
            self.error("Not taken: that inbox item changed meanwhile");
            return;
        };
        let id = self.open.doc.new_entry_id();
        let state = self.inbox.as_ref().expect("checked");
        let cmd = match state.inbox.take_command(item.pos, self.open.doc.issue(), section, index, id) {
            Ok(cmd) => cmd,
            Err(e) => {
                self.error(format!("Not taken: {e}"));
                return;
            }
        };
        if let Err(e) = self.open.doc.apply(cmd) {
            self.error(format!("Not taken: {e}"));
            return;
        }
        self.sync_inbox_effects();
        if let Some(state) = self.inbox.as_mut() {
            state.selected = None;
        }
        let name = self.open.doc.issue().section(section).map(|s| super::section_label(s).to_string());
        super::filling::select_entry(self, id);
        self.info(format!("Moved into {} (Ctrl+Z puts it back in the inbox)", name.unwrap_or_default()));
    }
}

/// The left panel: the section tree above, the inbox below (when a
/// repository is open). Returns what the person asked for.
pub(crate) fn left_panel(
    open: &mut OpenDoc,
    inbox: Option<&mut InboxState>,
    fills: &FillService,
    ui: &mut egui::Ui,
) -> Vec<Action> {
    let Some(state) = inbox else { return super::tree::show(open, ui) };
    let header = ui.text_style_height(&egui::TextStyle::Body) + 14.0;
    let total = ui.available_height();
    let inbox_height = if state.expanded { (total * 0.45).clamp(header, (total - 140.0).max(header)) } else { header };
    let tree_height = (total - inbox_height - 8.0).max(60.0);
    let width = ui.available_width();
    let mut actions = ui
        .allocate_ui(egui::vec2(width, tree_height), |ui| {
            ui.set_min_height(tree_height);
            super::tree::show(open, ui)
        })
        .inner;
    ui.separator();
    let sections: Vec<(SectionId, String)> = open
        .doc
        .issue()
        .sections
        .iter()
        .filter(|s| s.kind() != SectionKind::Archive)
        .map(|s| (s.id, super::section_label(s).to_string()))
        .collect();
    actions.extend(show(state, fills, &sections, ui));
    actions
}

/// The paste box's widget id: while it has the keyboard, Ctrl+Enter is
/// its own ("Add to the inbox"), not the window's "Add entry".
pub(crate) fn paste_id() -> egui::Id {
    egui::Id::unique("jianbao-inbox-paste")
}

/// Whether the focused widget takes `shortcut` itself, ahead of the
/// window's table.
pub(crate) fn field_claims(focused: Option<egui::Id>, shortcut: &egui::KeyboardShortcut) -> bool {
    use super::actions::{ADD_ENTRY, ADD_ENTRY_ABOVE};
    focused == Some(paste_id()) && (*shortcut == ADD_ENTRY || *shortcut == ADD_ENTRY_ABOVE)
}

/// Draws the inbox; returns what the person asked for.
fn show(
    state: &mut InboxState,
    fills: &FillService,
    sections: &[(SectionId, String)],
    ui: &mut egui::Ui,
) -> Vec<Action> {
    let mut actions = Vec::new();
    let count = state.inbox.items().len();
    let arrow = if state.expanded { "▼" } else { "▶" };
    let header =
        ui.add(egui::Label::new(RichText::new(format!("{arrow} Inbox ({count})")).strong()).sense(Sense::click()));
    super::name(&header, "Inbox");
    if header.on_hover_text("The repository's links inbox (inbox.md): click to fold").clicked() {
        state.expanded = !state.expanded;
    }
    if !state.expanded {
        return actions;
    }
    if let Some(b) = &state.broken {
        ui.colored_label(ui.visuals().error_fg_color, format!("inbox.md cannot be read: {b}"));
        return actions;
    }
    // A long paste scrolls inside its box, so the items stay in view.
    let paste = egui::ScrollArea::vertical()
        .id_salt("inbox-paste")
        .max_height(96.0)
        .show(ui, |ui| {
            ui.add(
                egui::TextEdit::multiline(&mut state.paste)
                    .id(paste_id())
                    .hint_text("Paste links or notes here: one URL, thirty, or a block of scratch notes")
                    .desired_rows(2)
                    .desired_width(f32::INFINITY),
            )
        })
        .inner;
    super::name(&paste, "Paste into the inbox");
    let ctrl_enter = paste.has_focus() && ui.input(|i| i.modifiers.command && i.key_pressed(egui::Key::Enter));
    ui.horizontal(|ui| {
        let add = ui
            .add_enabled(!state.paste.trim().is_empty(), egui::Button::new("Add to the inbox"))
            .on_hover_text("Make items of the text (Ctrl+Enter), fill them from their links");
        if add.clicked() || (ctrl_enter && !state.paste.trim().is_empty()) {
            actions.push(Action::Fill(FillAction::Paste(state.paste.clone())));
        }
        if state.is_waiting() {
            ui.spinner();
            ui.weak("reading the archive…");
        }
    });
    let pending: Vec<&str> = fills.pending_items();
    let archive_ready = fills.is_ready();
    let selected = state.selected;
    let failures = state.failures.clone();
    let rows = state.rows(fills.archive(), archive_ready);
    if rows.is_empty() {
        ui.weak("No items. Drag an item onto a section of the tree to take it into the issue.");
    }
    egui::ScrollArea::vertical().auto_shrink([false, false]).id_salt("inbox-scroll").show(ui, |ui| {
        for row in rows {
            let item = &row.item;
            let title = if item.title.trim().is_empty() { item.url.clone() } else { item.title.clone() };
            let title =
                if title.trim().is_empty() { item.text.lines().next().unwrap_or("").to_string() } else { title };
            let drag_id = egui::Id::unique(("inbox-item", item.pos, &item.text));
            let payload = InboxDrag { pos: item.pos, text: item.text.clone() };
            let is_pending = pending.contains(&item.text.as_str());
            let frame = if selected == Some(item.pos) {
                egui::Frame::new().fill(ui.visuals().selection.bg_fill)
            } else {
                egui::Frame::new()
            };
            let rect = frame
                .inner_margin(egui::Margin::symmetric(4, 2))
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.horizontal(|ui| {
                        if is_pending {
                            ui.spinner();
                        }
                        ui.add(egui::Label::new(&title).truncate().selectable(false));
                    });
                    ui.horizontal_wrapped(|ui| {
                        if !row.suggested.is_empty() {
                            ui.weak(format!("→ {}", row.suggested));
                        }
                        if let Some(d) = &item.duplicate {
                            ui.label(RichText::new(format!("重复：{d}")).color(ui.visuals().warn_fg_color));
                        }
                    });
                    if let Some(f) = failures.get(&item.text) {
                        let text = format!("{f} (right-click: Retry)");
                        ui.add(
                            egui::Label::new(RichText::new(text).color(ui.visuals().error_fg_color))
                                .wrap()
                                .selectable(false),
                        );
                    }
                })
                .response
                .rect;
            // The whole row is clicked, dragged (onto a section of the tree) and right-clicked.
            let resp = ui.interact(rect, drag_id, Sense::click_and_drag());
            resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &title));
            resp.dnd_set_drag_payload(payload);
            if resp.dragged()
                && let Some(p) = ui.ctx().pointer_interact_pos()
            {
                egui::Area::new(drag_id.with("ghost"))
                    .order(egui::Order::Tooltip)
                    .fixed_pos(p + egui::vec2(12.0, 8.0))
                    .interactable(false)
                    .show(ui.ctx(), |ui| {
                        egui::Frame::popup(ui.style()).show(ui, |ui| {
                            ui.label(&title);
                        });
                    });
            } else if resp.hovered() {
                ui.painter().rect_stroke(rect, 2.0, ui.visuals().widgets.hovered.bg_stroke, egui::StrokeKind::Inside);
            }
            if resp.clicked() {
                actions.push(Action::Fill(FillAction::SelectItem(item.pos)));
            }
            resp.on_hover_text(&item.url).context_menu(|ui| {
                for (id, name) in sections {
                    if ui.button(format!("Send to {name}")).clicked() {
                        actions.push(Action::Fill(FillAction::Take {
                            pos: item.pos,
                            text: item.text.clone(),
                            section: *id,
                            index: None,
                        }));
                        ui.close();
                    }
                }
                ui.separator();
                if !item.url.is_empty() {
                    let failed = failures.contains_key(&item.text);
                    let label = if failed { "Retry" } else { "Fill again from the link" };
                    if ui.button(label).clicked() {
                        actions.push(Action::Fill(FillAction::RetryItem { pos: item.pos, text: item.text.clone() }));
                        ui.close();
                    }
                }
                if ui.button("Remove from the inbox").clicked() {
                    actions.push(Action::Fill(FillAction::RemoveItem { pos: item.pos, text: item.text.clone() }));
                    ui.close();
                }
            });
        }
    });
    actions
}
