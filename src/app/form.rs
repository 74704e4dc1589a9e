//! The form of the selected item: an entry's fields, a warm-up item, the
//! digest, the title and tagline, or a section. Every keystroke becomes a
//! command; a burst of typing in one field merges into one undo step.

use eframe::egui::{self, RichText};

use super::filling::FillAction;
use super::{Action, OpenDoc, Selection, name};
use crate::core::{
    BodyLine, Command, Entry, EntryBody, EntryId, Head, Issue, SectionId, SectionKind, Tag, WarmupItem, WarmupLink,
    format::render,
};

/// The labels entries usually carry, offered when adding or relabelling a field.
pub const COMMON_LABELS: &[&str] = &["摘要", "论文", "代码", "链接", "项目", "作者", "单位", "备注"];

#[derive(Default)]
pub struct FormState {
    /// Put the keyboard in the title field (or the URL) of a new entry.
    pub focus_title: bool,
    /// Put the keyboard in this body line of the selected entry.
    focus_line: Option<usize>,
    /// Put the keyboard in the section title.
    pub focus_section_title: bool,
}

impl FormState {
    /// Called after undo/redo: nothing to reset, as the fields read the model
    /// every frame, but a pending focus request no longer applies.
    pub fn reset_buffers(&mut self) {
        self.focus_line = None;
    }
}

/// One edit from a field: the command, and the merge key of its typing burst.
fn edit(cmd: Command, key: String) -> Action {
    Action::Edit { cmd: Box::new(cmd), merge: Some(key) }
}

fn once(cmd: Command) -> Action {
    Action::Edit { cmd: Box::new(cmd), merge: None }
}

/// A labelled single-line text field; returns the new text when it changed.
fn text_row(ui: &mut egui::Ui, label: &str, value: &str, hint: &str, id: egui::Id) -> (Option<String>, egui::Response) {
    let label_id = ui.label(label).id;
    let mut text = value.to_string();
    let resp = ui
        .add(egui::TextEdit::singleline(&mut text).id(id).hint_text(hint).desired_width(f32::INFINITY))
        .labelled_by(label_id);
    ui.end_row();
    let changed = resp.changed().then(|| text.replace(['\n', '\r'], " "));
    (changed, resp)
}

/// What the form needs to know about URLs used in earlier issues.
pub type EarlierUse<'a> = dyn Fn(&str) -> Option<String> + 'a;

/// Draws the form of the open document's selection; returns what the person
/// asked for.
/// What the form needs to know about the fill of an entry (pending, how it went).
pub type FillOf<'a> = dyn Fn(EntryId) -> super::filling::FillView + 'a;

pub fn show(app: &mut OpenDoc, earlier: &EarlierUse<'_>, fill: &FillOf<'_>, ui: &mut egui::Ui) -> Vec<Action> {
    let mut actions = Vec::new();
    let selection = app.selection;
    egui::ScrollArea::vertical().auto_shrink([false, false]).id_salt("form-scroll").show(ui, |ui| {
        ui.add_space(4.0);
        match selection {
            Some(Selection::Entry(id)) => entry_form(app, earlier, fill, ui, id, &mut actions),
            Some(Selection::Title) => {
                let issue_wide: Vec<&crate::core::editorial::lint::Diagnostic> =
                    app.checks.diagnostics.iter().filter(|d| d.entry.is_none()).collect();
                title_form(app.doc.issue(), app.doc.id(), ui, &issue_wide, &mut actions)
            }
            Some(Selection::Digest) => digest_form(app.doc.issue(), ui, &mut actions),
            Some(Selection::Warmup(None)) => warmup_list(app.doc.issue(), ui, &mut actions),
            Some(Selection::Warmup(Some(i))) => warmup_form(app.doc.issue(), ui, i, &mut actions),
            Some(Selection::Section(id)) => section_form(app, ui, id, &mut actions),
            None => {
                ui.label("Select an item on the left.");
            }
        }
    });
    actions
}

fn entry_form(
    app: &mut OpenDoc,
    earlier: &EarlierUse<'_>,
    fill: &FillOf<'_>,
    ui: &mut egui::Ui,
    id: EntryId,
    actions: &mut Vec<Action>,
) {
    let issue = app.doc.issue();
    let Some((s, _)) = issue.locate(id) else {
        ui.label("This entry no longer exists.");
        return;
    };
    let section = &issue.sections[s];
    let kind = section.kind();
    let Some(entry) = issue.entry(id) else { return };
    ui.horizontal(|ui| {
        ui.heading("Entry");
        ui.weak(format!("in {}", super::section_label(section)));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button("Delete")
                .on_hover_text(super::actions::tooltip(ui.ctx(), "Delete this entry", &Action::DeleteEntry))
                .clicked()
            {
                actions.push(Action::DeleteEntry);
            }
            if ui
                .button("Duplicate")
                .on_hover_text(super::actions::tooltip(ui.ctx(), "Duplicate this entry", &Action::DuplicateEntry))
                .clicked()
            {
                actions.push(Action::DuplicateEntry);
            }
        });
    });
    ui.separator();
    let found: Vec<&crate::core::editorial::lint::Diagnostic> =
        app.checks.diagnostics.iter().filter(|d| d.entry == Some(id)).collect();
    let doc = app.doc.id();
    if let Some(d) = super::checks::diagnostics_ui(ui, &found) {
        actions.push(Action::ApplyFix { doc, finding: Box::new(d) });
    }
    match &entry.body {
        EntryBody::Typed(t) => {
            let focus_title = std::mem::take(&mut app.form.focus_title);
            let focus_line = app.form.focus_line.take();
            let mut next_focus = None;
            let earlier = earlier(&t.head.url);
            let fill = (doc, fill(id));
            typed_form(
                ui,
                entry,
                &t.head,
                &t.lines,
                kind,
                focus_title,
                focus_line,
                &mut next_focus,
                earlier,
                fill,
                actions,
            );
            app.form.focus_line = next_focus;
        }
        EntryBody::Verbatim(_) => verbatim_form(ui, entry, actions),
    }
    ui.add_space(12.0);
    egui::CollapsingHeader::new("Markdown of this entry").id_salt("entry-md").show(ui, |ui| {
        let text = render::entry_text(&entry.body);
        ui.add(egui::Label::new(RichText::new(text).monospace()).wrap());
    });
}

#[allow(clippy::too_many_arguments)]
fn typed_form(
    ui: &mut egui::Ui,
    entry: &Entry,
    head: &Head,
    lines: &[BodyLine],
    kind: SectionKind,
    focus_title: bool,
    focus_line: Option<usize>,
    next_focus: &mut Option<usize>,
    earlier: Option<String>,
    (doc, fill): (crate::core::DocumentId, super::filling::FillView),
    actions: &mut Vec<Action>,
) {
    let id = entry.id;
    let key = |field: &str| format!("entry:{}:{field}", id.0);
    let set_head = |actions: &mut Vec<Action>, field: &str, f: &dyn Fn(&mut Head)| {
        let mut h = head.clone();
        f(&mut h);
        actions.push(edit(Command::SetHead { entry: id, head: h }, key(field)));
    };
    let wid = |name: &str| egui::Id::unique(("entry-field", id.0, name.to_string()));

    egui::Grid::new(("head", id.0)).num_columns(2).spacing([10.0, 6.0]).striped(false).show(ui, |ui| {
        let (url, url_resp) = text_row(ui, "URL", &head.url, "https://… (paste the link first)", wid("url"));
        // Typed since the field took the keyboard (a fill starts when it is left).
        let edited_id = wid("url").with("edited");
        if let Some(v) = url {
            set_head(actions, "url", &|h| h.url = v.trim().into());
            ui.data_mut(|d| d.insert_temp(edited_id, true));
            // A link pasted (or dropped) in: filled in the background.
            if super::filling::is_pasted_link(&head.url, &v) {
                let url = v.trim().to_string();
                actions.push(Action::Fill(FillAction::Start { doc, entry: id, url, replace: false, auto: true }));
            }
        } else if url_resp.lost_focus()
            && ui.data_mut(|d| d.remove_temp::<bool>(edited_id)).unwrap_or(false)
            && super::filling::looks_like_link(&head.url)
        {
            // Typed by hand: filled once the field is left (not on every keystroke).
            let url = head.url.trim().to_string();
            actions.push(Action::Fill(FillAction::Start { doc, entry: id, url, replace: false, auto: true }));
        }
        if !head.url.trim().is_empty() || fill.pending || fill.note.is_some() {
            ui.label("");
            super::filling::fill_row(ui, doc, id, &head.url, &fill, actions);
            ui.end_row();
        }
        if let Some(note) = &earlier {
            ui.label("");
            ui.label(RichText::new(note).color(ui.visuals().warn_fg_color));
            ui.end_row();
        }
        let (title, title_resp) = text_row(ui, "Title", &head.title, "The story's title", wid("title"));
        if focus_title {
            if head.url.is_empty() { url_resp.request_focus() } else { title_resp.request_focus() }
        }
        if let Some(v) = title {
            set_head(actions, "title", &|h| h.title = v.clone().into());
        }
        let source = head.source.as_deref().unwrap_or("");
        if let (Some(v), _) = text_row(ui, "Source", source, "Who published it (机器之心, arXiv, …)", wid("source"))
        {
            set_head(actions, "source", &|h| {
                h.source = if v.trim().is_empty() { None } else { Some(v.clone().into()) };
            });
        }
        // While the field has the keyboard it shows what was typed ("A, " keeps
        // its comma), as long as that still reads as the entry's tags.
        let tags: Vec<&str> = head.tags.iter().map(|t| t.text.as_str()).collect();
        let tags_id = wid("tags");
        let buffer_id = tags_id.with("typed");
        let typed: Option<String> = ui.data(|d| d.get_temp(buffer_id));
        let shown = match typed {
            Some(t) if ui.memory(|m| m.has_focus(tags_id)) && split_tags(&t) == tags => t,
            _ => tags.join(", "),
        };
        if let (Some(v), _) = text_row(ui, "Tags", &shown, "CVPR2026, 2611.01234 (comma separated)", tags_id) {
            ui.data_mut(|d| d.insert_temp(buffer_id, v.clone()));
            set_head(actions, "tags", &|h| set_tags(h, &v));
        }
        if kind == SectionKind::Projects || head.repo.is_some() {
            let repo = head.repo.as_deref().unwrap_or("");
            if let (Some(v), _) = text_row(ui, "Repository", repo, "owner/repo", wid("repo")) {
                set_head(actions, "repo", &|h| {
                    h.repo = if v.trim().is_empty() { None } else { Some(v.trim().into()) };
                });
            }
        }
    });

    // Extra links: `[[code]](url)`.
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.strong("Extra links");
        if ui.small_button("＋ link").on_hover_text("Add a link after the title, like [[code]](…)").clicked() {
            set_head(actions, "extras", &|h| {
                h.extras.push(crate::core::ExtraLink { before: " ".into(), text: "[code]".into(), url: "".into() })
            });
        }
    });
    for (i, extra) in head.extras.iter().enumerate() {
        ui.horizontal(|ui| {
            let mut text = extra.text.to_string();
            let t = ui.add(egui::TextEdit::singleline(&mut text).desired_width(90.0).id(wid(&format!("xt{i}"))));
            let mut url = extra.url.to_string();
            let u = ui.add(
                egui::TextEdit::singleline(&mut url)
                    .desired_width(ui.available_width() - 36.0)
                    .hint_text("https://…")
                    .id(wid(&format!("xu{i}"))),
            );
            name(&t, &format!("Text of extra link {}", i + 1));
            name(&u, &format!("URL of extra link {}", i + 1));
            if t.changed() || u.changed() {
                let (text, url) = (text.replace('\n', " "), url.trim().to_string());
                set_head(actions, &format!("extra{i}"), &|h| {
                    h.extras[i].text = text.clone().into();
                    h.extras[i].url = url.clone().into();
                });
            }
            if ui.small_button("×").on_hover_text("Remove this link").clicked() {
                let mut h = head.clone();
                h.extras.remove(i);
                actions.push(once(Command::SetHead { entry: id, head: h }));
            }
        });
    }

    // The body: labelled fields, sub-items and paragraph lines, in order.
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        ui.strong("Fields");
        let n = lines.len();
        if ui.small_button("＋ 摘要").clicked() {
            actions.push(once(Command::InsertLine { entry: id, index: n, line: BodyLine::field("摘要", "") }));
            *next_focus = Some(n);
        }
        ui.menu_button("＋ field ▼", |ui| {
            for label in COMMON_LABELS {
                if ui.button(*label).clicked() {
                    actions.push(once(Command::InsertLine { entry: id, index: n, line: BodyLine::field(label, "") }));
                    *next_focus = Some(n);
                    ui.close();
                }
            }
        });
        if ui.small_button("＋ item").on_hover_text("A numbered sub-item").clicked() {
            let number = lines.iter().filter(|l| matches!(l, BodyLine::Item { .. })).count() + 1;
            actions.push(once(Command::InsertLine {
                entry: id,
                index: n,
                line: BodyLine::item(&format!("{number}. "), ""),
            }));
            *next_focus = Some(n);
        }
        if ui.small_button("＋ paragraph").clicked() {
            actions.push(once(Command::InsertLine { entry: id, index: n, line: BodyLine::paragraph("") }));
            *next_focus = Some(n);
        }
    });
    ui.add_space(4.0);
    for (i, line) in lines.iter().enumerate() {
        ui.horizontal_top(|ui| {
            body_line_row(ui, id, i, line, lines.len(), focus_line == Some(i), next_focus, actions);
        });
    }
}

/// The width of a field's label box: the label's own width, at least that
/// of a two-character label, at most a fifth of the form.
fn label_field_width(ui: &egui::Ui, label: &str) -> f32 {
    let text = egui::WidgetText::from(label)
        .into_galley(ui, Some(egui::TextWrapMode::Extend), f32::INFINITY, egui::TextStyle::Body)
        .size()
        .x;
    let margin = 2.0 * ui.spacing().button_padding.x + 4.0;
    (text + margin).clamp(48.0, (ui.available_width() / 5.0).max(48.0))
}

/// The tags a comma-separated field names (`[` and `]` are dropped).
fn split_tags(v: &str) -> Vec<&str> {
    v.split([',', '，'])
        .map(|s| s.trim().trim_start_matches('[').trim_end_matches(']').trim())
        .filter(|s| !s.is_empty())
        .collect()
}

fn set_tags(h: &mut Head, v: &str) {
    let old_sep = h.tags.first().map(|t| t.sep.clone()).unwrap_or_else(|| " ".into());
    h.tags = split_tags(v).into_iter().map(|s| Tag { text: s.into(), sep: old_sep.clone() }).collect();
}

#[allow(clippy::too_many_arguments)]
fn body_line_row(
    ui: &mut egui::Ui,
    id: EntryId,
    i: usize,
    line: &BodyLine,
    count: usize,
    focus: bool,
    next_focus: &mut Option<usize>,
    actions: &mut Vec<Action>,
) {
    let key = format!("entry:{}:line{i}", id.0);
    let text_id = egui::Id::unique(("entry-line", id.0, i));
    // The label (for fields) or the marker (for items).
    match line {
        BodyLine::Field { label, .. } => {
            let mut l = label.to_string();
            // Wide enough for the whole label ("试玩Demo", "GitHub 地址"), so none is cut.
            let width = label_field_width(ui, &l);
            let resp = ui.add(egui::TextEdit::singleline(&mut l).desired_width(width).id(text_id.with("label")));
            name(&resp, &format!("Label of line {}", i + 1));
            if resp.changed() {
                let mut new = line.clone();
                if let BodyLine::Field { label, .. } = &mut new {
                    *label = l.replace(['\n', ':', '：'], "").into();
                }
                actions.push(edit(Command::SetLine { entry: id, index: i, line: new }, format!("{key}:label")));
            }
            ui.menu_button("▼", |ui| {
                for common in COMMON_LABELS {
                    if ui.button(*common).clicked() {
                        let mut new = line.clone();
                        if let BodyLine::Field { label, .. } = &mut new {
                            *label = (*common).into();
                        }
                        actions.push(once(Command::SetLine { entry: id, index: i, line: new }));
                        ui.close();
                    }
                }
            });
        }
        BodyLine::Item { marker, .. } => {
            ui.label(RichText::new(marker.trim()).monospace());
        }
        BodyLine::Text { .. } => {
            ui.label(RichText::new("¶").weak());
        }
    }
    let value = match line {
        BodyLine::Field { value, .. } => value.as_str(),
        BodyLine::Item { text, .. } | BodyLine::Text { text, .. } => text.as_str(),
    };
    let mut text = value.to_string();
    ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
        if ui.small_button("×").on_hover_text("Remove this line").clicked() {
            actions.push(once(Command::RemoveLine { entry: id, index: i }));
        }
        if ui.small_button("↓").on_hover_text("Move down").clicked() && i + 1 < count {
            actions.push(once(Command::MoveLine { entry: id, from: i, to: i + 1 }));
        }
        if ui.small_button("↑").on_hover_text("Move up").clicked() && i > 0 {
            actions.push(once(Command::MoveLine { entry: id, from: i, to: i - 1 }));
        }
        let resp = ui.add(
            egui::TextEdit::multiline(&mut text)
                .id(text_id)
                .desired_rows(1)
                .desired_width(ui.available_width().max(80.0))
                .hint_text(if matches!(line, BodyLine::Field { label, .. } if label == "摘要") {
                    "A summary in a few sentences (Enter starts a new line)"
                } else {
                    ""
                }),
        );
        name(
            &resp,
            &match line {
                BodyLine::Field { label, .. } => format!("{label} (line {})", i + 1),
                BodyLine::Item { .. } => format!("Item (line {})", i + 1),
                BodyLine::Text { .. } => format!("Text (line {})", i + 1),
            },
        );
        if focus {
            resp.request_focus();
        }
        if resp.changed() {
            let mut parts = text.split('\n');
            let first = parts.next().unwrap_or("").trim_end_matches('\r').to_string();
            let rest: Vec<String> = parts.map(|p| p.trim_end_matches('\r').to_string()).collect();
            let mut new = line.clone();
            match &mut new {
                BodyLine::Field { value, .. } => *value = first.into(),
                BodyLine::Item { text, .. } | BodyLine::Text { text, .. } => *text = first.into(),
            }
            if rest.is_empty() {
                actions.push(edit(Command::SetLine { entry: id, index: i, line: new }, key.clone()));
            } else {
                // Enter: the rest becomes new paragraph lines below, one undo step with the edit.
                let mut cmds = vec![Command::SetLine { entry: id, index: i, line: new }];
                for (k, part) in rest.iter().enumerate() {
                    cmds.push(Command::InsertLine { entry: id, index: i + 1 + k, line: BodyLine::paragraph(part) });
                }
                actions.push(Action::EditAll { label: "Edit field", cmds });
                *next_focus = Some(i + rest.len());
            }
        }
    });
}

fn verbatim_form(ui: &mut egui::Ui, entry: &Entry, actions: &mut Vec<Action>) {
    ui.label(
        RichText::new("Note: this entry's markup is broken (an unclosed link or a URL split across lines), so it is kept exactly as written. Fix it here; once it reads as an entry again, its fields appear.")
            .color(ui.visuals().warn_fg_color),
    );
    ui.add_space(6.0);
    let mut text = render::entry_text(&entry.body);
    let resp = ui.add(
        egui::TextEdit::multiline(&mut text)
            .font(egui::TextStyle::Monospace)
            .desired_width(f32::INFINITY)
            .desired_rows(6)
            .id(egui::Id::unique(("verbatim", entry.id.0))),
    );
    name(&resp, "Entry markdown");
    if resp.changed() {
        actions.push(edit(Command::SetEntryText { entry: entry.id, text }, format!("entry:{}:text", entry.id.0)));
    }
}

fn title_form(
    issue: &Issue,
    doc: crate::core::DocumentId,
    ui: &mut egui::Ui,
    issue_wide: &[&crate::core::editorial::lint::Diagnostic],
    actions: &mut Vec<Action>,
) {
    ui.heading("Title");
    ui.separator();
    if let Some(d) = super::checks::diagnostics_ui(ui, issue_wide) {
        actions.push(Action::ApplyFix { doc, finding: Box::new(d) });
    }
    let Some(title) = issue.title() else {
        ui.label("This issue has no title line (# 嵌入式AI简报 (YYYY-MM-DD)).");
        return;
    };
    egui::Grid::new("title-grid").num_columns(2).spacing([10.0, 6.0]).show(ui, |ui| {
        ui.label("Newsletter");
        ui.label(title.name.trim());
        ui.end_row();
        let (date, _) = text_row(ui, "Date", &title.date, "YYYY-MM-DD", egui::Id::unique("title-date"));
        if let Some(d) = date {
            actions.push(edit(
                Command::SetTitle { date: d.trim().to_string(), subtitle: title.subtitle.to_string() },
                "title:date".into(),
            ));
        }
        let (sub, _) = text_row(
            ui,
            "Subtitle",
            &title.subtitle,
            "The issue's highlights, separated by /",
            egui::Id::unique("title-sub"),
        );
        if let Some(s) = sub {
            actions
                .push(edit(Command::SetTitle { date: title.date.to_string(), subtitle: s }, "title:subtitle".into()));
        }
        if let Some(tagline) = issue.tagline() {
            let (t, _) = text_row(ui, "Tagline", &tagline.text, "", egui::Id::unique("tagline"));
            if let Some(t) = t {
                actions.push(edit(Command::SetTagline { text: t }, "tagline".into()));
            }
        }
    });
    if !crate::core::files::archive::is_valid_date(&title.date) {
        ui.colored_label(ui.visuals().warn_fg_color, "The date should read YYYY-MM-DD.");
    }
}

fn digest_form(issue: &Issue, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
    ui.heading("导读 (digest)");
    ui.separator();
    let text = issue
        .digest()
        .map(|d| d.lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n"))
        .unwrap_or_default();
    let entries = issue.entries().count();
    ui.weak(format!("This issue has {entries} entries."));
    let mut edited = text.clone();
    let resp = ui.add(
        egui::TextEdit::multiline(&mut edited)
            .desired_width(f32::INFINITY)
            .desired_rows(8)
            .id(egui::Id::unique("digest")),
    );
    name(&resp, "Digest");
    if resp.changed() {
        actions.push(edit(Command::SetDigest { text: edited }, "digest".into()));
    }
}

fn warmup_list(issue: &Issue, ui: &mut egui::Ui, actions: &mut Vec<Action>) {
    ui.heading("热身新闻 (warm-up news)");
    ui.separator();
    let items = issue.warmup_items();
    for (i, item) in items.iter().enumerate() {
        ui.horizontal(|ui| {
            let label = format!("{}：{}", item.subject, item.text);
            if ui.link(label).clicked() {
                actions.push(Action::Select(Selection::Warmup(Some(i))));
            }
        });
    }
    if ui.button("＋ Add a warm-up item").clicked() {
        actions.push(once(Command::InsertWarmupItem { index: items.len(), item: WarmupItem::usual("", "", "", true) }));
        actions.push(Action::Select(Selection::Warmup(Some(items.len()))));
    }
}

fn warmup_form(issue: &Issue, ui: &mut egui::Ui, i: usize, actions: &mut Vec<Action>) {
    let items = issue.warmup_items();
    let Some(item) = items.get(i).map(|it| (*it).clone()) else {
        ui.label("This warm-up item no longer exists.");
        return;
    };
    ui.horizontal(|ui| {
        ui.heading(format!("Warm-up item {}", i + 1));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("Remove").clicked() {
                actions.push(once(Command::RemoveWarmupItem { index: i }));
                actions.push(Action::Select(Selection::Warmup(None)));
            }
            if ui.add_enabled(i + 1 < items.len(), egui::Button::new("↓")).clicked() {
                actions.push(once(Command::MoveWarmupItem { from: i, to: i + 1 }));
                actions.push(Action::Select(Selection::Warmup(Some(i + 1))));
            }
            if ui.add_enabled(i > 0, egui::Button::new("↑")).clicked() {
                actions.push(once(Command::MoveWarmupItem { from: i, to: i - 1 }));
                actions.push(Action::Select(Selection::Warmup(Some(i - 1))));
            }
        });
    });
    ui.separator();
    let key = |f: &str| format!("warmup:{i}:{f}");
    let set = |actions: &mut Vec<Action>, f: &str, change: &dyn Fn(&mut WarmupItem)| {
        let mut it = item.clone();
        change(&mut it);
        actions.push(edit(Command::SetWarmupItem { index: i, item: it }, key(f)));
    };
    egui::Grid::new(("warmup", i)).num_columns(2).spacing([10.0, 6.0]).show(ui, |ui| {
        if let (Some(v), _) =
            text_row(ui, "Subject", &item.subject, "Who (a company, a project)", egui::Id::unique(("wu-s", i)))
        {
            set(actions, "subject", &|it| {
                it.subject = v.clone().into();
                if it.colon.is_empty() && !v.is_empty() {
                    it.colon = "：".into();
                }
            });
        }
        if let (Some(v), _) =
            text_row(ui, "News", &item.text, "What happened, in one line", egui::Id::unique(("wu-t", i)))
        {
            set(actions, "text", &|it| it.text = v.clone().into());
        }
        if let (Some(v), _) = text_row(ui, "URL", &item.url, "https://… (optional)", egui::Id::unique(("wu-u", i))) {
            set(actions, "url", &|it| {
                it.url = v.trim().into();
                if it.link == WarmupLink::None && !it.url.is_empty() {
                    it.link = WarmupLink::Text;
                }
            });
        }
        ui.label("Link on");
        ui.horizontal(|ui| {
            for (link, name) in
                [(WarmupLink::None, "none"), (WarmupLink::Text, "the news"), (WarmupLink::Whole, "the whole line")]
            {
                if ui.radio(item.link == link, name).clicked() && item.link != link {
                    let mut it = item.clone();
                    it.link = link;
                    actions.push(once(Command::SetWarmupItem { index: i, item: it }));
                }
            }
        });
        ui.end_row();
        if let (Some(v), _) = text_row(ui, "Ends with", &item.terminator, "；or 。", egui::Id::unique(("wu-e", i))) {
            set(actions, "end", &|it| it.terminator = v.trim().into());
        }
    });
}

fn section_form(app: &mut OpenDoc, ui: &mut egui::Ui, id: SectionId, actions: &mut Vec<Action>) {
    let issue = app.doc.issue();
    let Some(section) = issue.section(id) else {
        ui.label("This section no longer exists.");
        return;
    };
    ui.heading("Section");
    ui.separator();
    egui::Grid::new(("section", id.0)).num_columns(2).spacing([10.0, 6.0]).show(ui, |ui| {
        let (title, resp) = text_row(
            ui,
            "Title",
            section.heading.title.trim(),
            "热身新闻, 业界新闻, …",
            egui::Id::unique(("section-title", id.0)),
        );
        if std::mem::take(&mut app.form.focus_section_title) {
            resp.request_focus();
        }
        if let Some(t) = title {
            actions.push(edit(
                Command::RenameSection { section: id, title: t.trim().to_string() },
                format!("section:{}", id.0),
            ));
        }
        ui.label("Entries");
        ui.label(section.entry_count().to_string());
        ui.end_row();
    });
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui.button("＋ Add entry").clicked() {
            actions.push(Action::AddEntryTo(id));
        }
        if ui.button("↑ Move section up").clicked() {
            actions.push(Action::MoveSectionBy(id, -1));
        }
        if ui.button("↓ Move section down").clicked() {
            actions.push(Action::MoveSectionBy(id, 1));
        }
        if ui.button("Remove section").clicked() {
            actions.push(Action::RemoveSection(id));
        }
    });
}
