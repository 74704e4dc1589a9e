//! The theme panel: a window that edits a WeChat theme's values (colours
//! with pickers and `#rrggbb` fields, sizes, line height, the bullet, the
//! reference style), shows the colour checks of both modes live, and saves
//! the theme as a RON file into the repository's `.jianbao/themes/` or the
//! data folder's `themes/`.
//!
//! While it is open the WeChat tab (and the copy) use the draft, so every
//! change is seen at once; a draft with an invalid value (a bullet of ten
//! characters, a font family with a quote) is named in the panel and the
//! last valid draft stays in use. Closing with unsaved changes asks first.

use std::path::{Path, PathBuf};

use eframe::egui::{self, RichText};

use super::JianbaoApp;
use super::actions::Action;
use super::wechat_view::color;
use crate::core::export::wechat::contrast::{self, Problem};
use crate::core::export::wechat::theme_file;
use crate::core::export::wechat::{RefStyle, Rgb, Theme};

/// Where Save writes the theme file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveTo {
    /// The repository's `.jianbao/themes/`: shared with whoever clones it.
    Repository,
    /// The data folder's `themes/`: this person's, for every repository.
    DataFolder,
}

/// What the panel asks the app to do.
#[derive(Clone, Debug, PartialEq)]
pub enum ThemeEditAction {
    /// Open the panel on the theme in use.
    Open,
    /// Write the draft to its file and use it.
    Save,
    /// Close the panel (the draft is dropped: asked before when it had changes).
    Close,
}

/// The theme being edited.
pub struct ThemeEditor {
    pub draft: Theme,
    /// The last draft that passed validation: what the preview and the copy use.
    pub valid: Theme,
    /// The theme as opened or last saved, to tell unsaved changes.
    pub saved: Theme,
    /// The file it was read from or last saved to (none for a built-in).
    pub path: Option<PathBuf>,
    pub save_to: SaveTo,
    /// Why the draft is not valid, when it is not.
    pub invalid: Option<String>,
    /// The `#rrggbb` fields as typed (a half-typed value is kept while its field has focus).
    hex: Vec<String>,
    /// The checks of the valid draft, and the theme they are of.
    checks: (Option<Theme>, Vec<Problem>),
    /// Closing was asked with unsaved changes: the panel asks to confirm.
    confirm_close: bool,
}

/// The colour fields in the order shown, with what each colours.
pub const COLOURS: [(&str, &str); 11] = [
    ("text", "Body text"),
    ("heading", "Title and section headings"),
    ("accent", "Subtitle, labels, quote border"),
    ("link", "Links and reference marks"),
    ("tag", "Tags such as [CVPR2021]"),
    ("muted", "Sources, references, small print"),
    ("code", "Inline code"),
    ("quote_bg", "Digest and note background"),
    ("code_bg", "Inline code background"),
    ("rule", "Rules and heading underlines"),
    ("background", "Page"),
];

/// The theme's colour of that field name.
pub fn colour_mut<'a>(t: &'a mut Theme, field: &str) -> Option<&'a mut Rgb> {
    Some(match field {
        "text" => &mut t.text,
        "heading" => &mut t.heading,
        "accent" => &mut t.accent,
        "link" => &mut t.link,
        "tag" => &mut t.tag,
        "muted" => &mut t.muted,
        "quote_bg" => &mut t.quote_bg,
        "code_bg" => &mut t.code_bg,
        "code" => &mut t.code,
        "rule" => &mut t.rule,
        "background" => &mut t.background,
        _ => return None,
    })
}

impl ThemeEditor {
    /// An editor on `theme`, read from `path` (none for a built-in). A
    /// built-in is edited as a copy under a name of its own, so saving
    /// never hides the built-in by accident.
    pub fn new(theme: Theme, path: Option<PathBuf>, repo: bool) -> ThemeEditor {
        let mut draft = theme;
        if path.is_none() {
            draft.name = format!("{}-mine", draft.name);
            draft.label = format!("{} (mine)", draft.label);
        }
        let save_to = match &path {
            Some(p) if p.components().any(|c| c.as_os_str() == ".jianbao") => SaveTo::Repository,
            Some(_) => SaveTo::DataFolder,
            None if repo => SaveTo::Repository,
            None => SaveTo::DataFolder,
        };
        let hex = hex_fields(&draft);
        ThemeEditor {
            valid: draft.clone(),
            saved: draft.clone(),
            draft,
            path,
            save_to,
            invalid: None,
            hex,
            checks: (None, Vec::new()),
            confirm_close: false,
        }
    }

    /// Whether the draft differs from what was opened or last saved.
    pub fn is_modified(&self) -> bool {
        self.draft != self.saved
    }

    /// Validates the draft; a valid one becomes what the preview uses.
    pub fn revalidate(&mut self) {
        match theme_file::validate(&self.draft) {
            Ok(()) => {
                self.invalid = None;
                self.valid = self.draft.clone();
            }
            Err((_, reason)) => self.invalid = Some(reason),
        }
    }

    /// The colour checks of the valid draft (computed again only when it changed).
    pub fn checks(&mut self) -> &[Problem] {
        if self.checks.0.as_ref() != Some(&self.valid) {
            self.checks = (Some(self.valid.clone()), contrast::check_theme(&self.valid));
        }
        &self.checks.1
    }

    /// The file Save writes: `<folder>/<name>.ron`.
    pub fn target(&self, repo: Option<&Path>, data_dir: Option<&Path>) -> Option<PathBuf> {
        let dir = match self.save_to {
            SaveTo::Repository => repo?.join(".jianbao").join("themes"),
            SaveTo::DataFolder => data_dir?.join("themes"),
        };
        Some(dir.join(format!("{}.ron", self.draft.name)))
    }
}

/// The `#rrggbb` of each colour field, in [`COLOURS`]' order.
fn hex_fields(t: &Theme) -> Vec<String> {
    COLOURS.iter().map(|(f, _)| colour_of(t, f).hex()).collect()
}

fn colour_of(t: &Theme, field: &str) -> Rgb {
    contrast::colour_fields(t).into_iter().find(|(f, _)| *f == field).map_or(Rgb(0, 0, 0), |(_, c)| c)
}

/// Draws the panel; returns what the person asked for.
pub fn window(
    ed: &mut ThemeEditor,
    ctx: &egui::Context,
    has_repo: bool,
    shown_path: Option<&Path>,
) -> Option<ThemeEditAction> {
    let mut out = None;
    let mut open = true;
    // The values scroll; the checks' summary and the buttons stay in view.
    let max_h = (ctx.content_rect().height() - 420.0).max(160.0);
    egui::Window::new("WeChat theme")
        .open(&mut open)
        .collapsible(true)
        .resizable(true)
        .default_width(520.0)
        // Over the form, beside the preview it recolours.
        .default_pos(ctx.content_rect().left_top() + egui::vec2(300.0, 60.0))
        .show(ctx, |ui| {
            egui::ScrollArea::vertical().max_height(max_h).auto_shrink([false, true]).show(ui, |ui| {
                let before = ed.draft.clone();
                names(ed, ui);
                ui.add_space(4.0);
                ui.strong("Colours");
                colours(ed, ui);
                ui.add_space(4.0);
                ui.strong("Type");
                sizes(ed, ui);
                if ed.draft != before {
                    ed.revalidate();
                }
            });
            ui.separator();
            if let Some(why) = &ed.invalid {
                ui.colored_label(
                    ui.visuals().error_fg_color,
                    format!("Not valid: {why}. The preview keeps the last valid values."),
                );
            }
            // The checks stay in view while colours change.
            egui::ScrollArea::vertical()
                .id_salt("theme-checks")
                .max_height(150.0)
                .auto_shrink([false, true])
                .show(ui, |ui| checks(ed, ui));
            ui.separator();
            out = footer(ed, ui, has_repo, shown_path);
        });
    if !open {
        if ed.is_modified() {
            ed.confirm_close = true;
        } else {
            out = Some(ThemeEditAction::Close);
        }
    }
    out
}

fn names(ed: &mut ThemeEditor, ui: &mut egui::Ui) {
    egui::Grid::new("theme-names").num_columns(2).spacing([10.0, 6.0]).show(ui, |ui| {
        let l = ui.label("Name shown").id;
        let resp = ui.add(egui::TextEdit::singleline(&mut ed.draft.label).desired_width(260.0)).labelled_by(l);
        super::name(&resp, "Theme label");
        ui.end_row();
        let l = ui.label("File name").id;
        let resp = ui
            .add(egui::TextEdit::singleline(&mut ed.draft.name).desired_width(260.0))
            .labelled_by(l)
            .on_hover_text("The key the app remembers, and the file's name: a-z, 0-9, - and _");
        super::name(&resp, "Theme name");
        ui.end_row();
    });
}

fn colours(ed: &mut ThemeEditor, ui: &mut egui::Ui) {
    egui::Grid::new("theme-colours").num_columns(3).spacing([10.0, 4.0]).striped(true).show(ui, |ui| {
        for (i, (field, what)) in COLOURS.iter().enumerate() {
            ui.label(*what).on_hover_text(format!("`{field}` in the theme file"));
            let Some(slot) = colour_mut(&mut ed.draft, field) else { continue };
            let mut rgb = slot.to_array();
            let picked = egui::color_picker::color_edit_button_srgb(ui, &mut rgb);
            super::name(&picked, &format!("Pick {field}"));
            if picked.changed() {
                *slot = Rgb(rgb[0], rgb[1], rgb[2]);
                ed.hex[i] = slot.hex();
            }
            let field_resp =
                ui.add(egui::TextEdit::singleline(&mut ed.hex[i]).desired_width(80.0).font(egui::TextStyle::Monospace));
            super::name(&field_resp, &format!("Colour {field}"));
            if field_resp.changed()
                && let Some(c) = Rgb::parse_hex(&ed.hex[i])
            {
                *slot = c;
            }
            if !field_resp.has_focus() && Rgb::parse_hex(&ed.hex[i]) != Some(*slot) {
                ed.hex[i] = slot.hex();
            }
            ui.end_row();
        }
    });
}

fn sizes(ed: &mut ThemeEditor, ui: &mut egui::Ui) {
    let t = &mut ed.draft;
    egui::Grid::new("theme-sizes").num_columns(2).spacing([10.0, 4.0]).show(ui, |ui| {
        for (label, value, lo, hi) in [
            ("Body size (px)", &mut t.font_size, 12.0, 24.0),
            ("Title size (px)", &mut t.title_size, 14.0, 40.0),
            ("Heading size (px)", &mut t.heading_size, 12.0, 32.0),
            ("Small print (px)", &mut t.small_size, 10.0, 20.0),
        ] {
            let l = ui.label(label).id;
            ui.add(egui::DragValue::new(value).range(lo..=hi).speed(0.25).fixed_decimals(1)).labelled_by(l);
            ui.end_row();
        }
        let l = ui.label("Line height").id;
        ui.add(egui::DragValue::new(&mut t.line_height).range(1.2..=2.5).speed(0.01).fixed_decimals(2)).labelled_by(l);
        ui.end_row();
        let l = ui.label("Bullet").id;
        let resp = ui.add(egui::TextEdit::singleline(&mut t.bullet).desired_width(60.0)).labelled_by(l);
        super::name(&resp, "Theme bullet");
        ui.end_row();
        ui.label("References");
        ui.horizontal(|ui| {
            ui.radio_value(&mut t.references, RefStyle::Superscript, "Raised [n]");
            ui.radio_value(&mut t.references, RefStyle::Inline, "[n] on the line");
        });
        ui.end_row();
        let l = ui.label("Font family").id;
        let resp = ui
            .add(egui::TextEdit::singleline(&mut t.font_family).desired_width(300.0))
            .labelled_by(l)
            .on_hover_text("A CSS font-family list; single quotes around names with spaces");
        super::name(&resp, "Theme font family");
        ui.end_row();
    });
}

fn checks(ed: &mut ThemeEditor, ui: &mut egui::Ui) {
    let error = ui.visuals().error_fg_color;
    let problems = ed.checks();
    let failures = problems.iter().filter(|p| p.is_failure()).count();
    if failures == 0 {
        ui.label(RichText::new("Passes the colour checks in light and dark mode").strong());
    } else {
        ui.label(RichText::new(format!("{failures} colour problem(s)")).strong().color(error));
    }
    for p in problems {
        ui.horizontal_wrapped(|ui| {
            if let Problem::Contrast { pair, .. } = p {
                swatch(ui, pair.fg, pair.bg);
            }
            let text = p.message();
            if p.is_failure() {
                ui.colored_label(error, text)
            } else {
                ui.weak(text)
            };
        });
    }
}

/// A small sample: "Aa" in the text colour on the background.
fn swatch(ui: &mut egui::Ui, fg: Rgb, bg: Rgb) {
    egui::Frame::new().fill(color(bg)).inner_margin(egui::Margin::symmetric(4, 0)).show(ui, |ui| {
        ui.label(RichText::new("Aa").color(color(fg)).strong());
    });
}

fn footer(
    ed: &mut ThemeEditor,
    ui: &mut egui::Ui,
    has_repo: bool,
    shown_path: Option<&Path>,
) -> Option<ThemeEditAction> {
    let mut out = None;
    if ed.confirm_close {
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(ui.visuals().warn_fg_color, "The theme has unsaved changes.");
            if ui.button("Save").clicked() {
                out = Some(ThemeEditAction::Save);
            }
            if ui.button("Discard changes").clicked() {
                out = Some(ThemeEditAction::Close);
            }
            if ui.button("Keep editing").clicked() {
                ed.confirm_close = false;
            }
        });
        return out;
    }
    ui.horizontal_wrapped(|ui| {
        ui.label("Save to");
        ui.add_enabled_ui(has_repo, |ui| {
            ui.radio_value(&mut ed.save_to, SaveTo::Repository, "this repository")
                .on_hover_text(".jianbao/themes/ in the repository: shared through git");
        });
        ui.radio_value(&mut ed.save_to, SaveTo::DataFolder, "my data folder")
            .on_hover_text("themes/ in jianbao's data folder: yours, in every repository");
    });
    if let Some(p) = shown_path {
        ui.weak(format!("Writes {}", p.display()));
    }
    if crate::core::export::wechat::Theme::NAMES.contains(&ed.draft.name.as_str()) {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!("A file named {} replaces the built-in theme of that name", ed.draft.name),
        );
    }
    ui.horizontal(|ui| {
        let can_save = ed.invalid.is_none();
        let save = ui.add_enabled(can_save, egui::Button::new("Save theme"));
        if save.clicked() {
            out = Some(ThemeEditAction::Save);
        }
        if ui.add_enabled(ed.is_modified(), egui::Button::new("Revert")).clicked() {
            ed.draft = ed.saved.clone();
            ed.hex = hex_fields(&ed.draft);
            ed.revalidate();
        }
        if ui.button("Close").clicked() {
            if ed.is_modified() {
                ed.confirm_close = true;
            } else {
                out = Some(ThemeEditAction::Close);
            }
        }
        if ed.is_modified() {
            ui.weak("unsaved changes");
        }
    });
    out
}

impl JianbaoApp {
    /// The theme panel, when open.
    pub fn theme_editor(&mut self) -> Option<&mut ThemeEditor> {
        self.theme_editor.as_mut()
    }

    /// The panel's window; its actions are applied with the frame's others.
    pub(crate) fn theme_window(&mut self, ctx: &egui::Context) -> Option<Action> {
        let repo = self.repo.as_ref().map(|r| r.root().to_path_buf());
        let data = super::themes::data_dir();
        let ed = self.theme_editor.as_mut()?;
        let target = ed.target(repo.as_deref(), data.as_deref());
        window(ed, ctx, repo.is_some(), target.as_deref()).map(Action::ThemeEdit)
    }

    pub(crate) fn perform_theme_edit(&mut self, action: ThemeEditAction) {
        match action {
            ThemeEditAction::Open => {
                if self.theme_editor.is_some() {
                    return;
                }
                let name = self.settings.wechat_theme.clone();
                let path = self.themes.as_ref().and_then(|w| w.set.get(&name)).and_then(|s| s.path.clone());
                let theme = self.wechat_theme();
                self.theme_editor = Some(ThemeEditor::new(theme, path, self.repo.is_some()));
                self.settings.preview = super::PreviewMode::WeChat;
            }
            ThemeEditAction::Close => self.theme_editor = None,
            ThemeEditAction::Save => self.save_theme(),
        }
    }

    /// Writes the draft to its file, makes it the theme in use and reloads the set.
    fn save_theme(&mut self) {
        let repo = self.repo.as_ref().map(|r| r.root().to_path_buf());
        let data = super::themes::data_dir();
        let Some(ed) = self.theme_editor.as_mut() else { return };
        ed.revalidate();
        if let Some(why) = ed.invalid.clone() {
            self.error(format!("Theme not saved: {why}"));
            return;
        }
        let Some(path) = ed.target(repo.as_deref(), data.as_deref()) else {
            self.error("Theme not saved: no folder to save it in (open a repository, or set JIANBAO_DATA_DIR)");
            return;
        };
        if let Err(e) = theme_file::write(&path, &ed.draft) {
            self.error(format!("Theme not saved to {}: {e}", path.display()));
            return;
        }
        ed.saved = ed.draft.clone();
        ed.path = Some(path.clone());
        ed.confirm_close = false;
        let (name, label) = (ed.draft.name.clone(), ed.draft.label.clone());
        if let Some(w) = self.themes.as_mut() {
            let dirs = w.dirs.clone();
            w.set.reload(&dirs);
        }
        self.settings.wechat_theme = name;
        self.info(format!("Saved the theme {label} to {}", path.display()));
    }
}
