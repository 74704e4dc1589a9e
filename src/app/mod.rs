//! The window. A minimal viewer for now: the section tree on the left, the
//! selected entry's fields and its markdown in the middle. Edits go through
//! [`crate::core::Document`] commands only.

use std::path::PathBuf;

use eframe::egui;

use crate::core::{Document, EntryBody, EntryId, io, render};

pub struct JianbaoApp {
    doc: Document,
    path: Option<PathBuf>,
    selected: Option<EntryId>,
    status: String,
}

impl JianbaoApp {
    /// Opens a file, or the shipped sample issue when there is none. A file
    /// that cannot be opened leaves the sample open and says why.
    pub fn new(file: Option<PathBuf>) -> JianbaoApp {
        let sample = || Document::from_text(crate::SAMPLE_ISSUE);
        match file {
            None => JianbaoApp { doc: sample(), path: None, selected: None, status: "Sample issue".into() },
            Some(path) => match io::load_issue(&path) {
                Ok(issue) => JianbaoApp {
                    doc: Document::new(issue),
                    status: format!("Opened {}", path.display()),
                    path: Some(path),
                    selected: None,
                },
                Err(e) => {
                    JianbaoApp { doc: sample(), path: None, selected: None, status: format!("Could not open: {e}") }
                }
            },
        }
    }

    pub fn document(&self) -> &Document {
        &self.doc
    }

    fn title(&self) -> String {
        let name = self
            .path
            .as_ref()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "sample-issue.md".into());
        let dirty = if self.doc.is_modified() { " •" } else { "" };
        format!("{name}{dirty} — jianbao")
    }

    fn tree_ui(&mut self, ui: &mut egui::Ui) {
        egui::ScrollArea::vertical().show(ui, |ui| {
            for section in &self.doc.issue().sections {
                let header = format!("{} ({})", section.heading.title.trim(), section.entry_count());
                egui::CollapsingHeader::new(header).id_salt(section.id).default_open(true).show(ui, |ui| {
                    for entry in section.entries() {
                        let selected = self.selected == Some(entry.id);
                        if ui.selectable_label(selected, entry.label()).clicked() {
                            self.selected = Some(entry.id);
                        }
                    }
                });
            }
        });
    }

    fn entry_ui(&self, ui: &mut egui::Ui) {
        let Some(entry) = self.selected.and_then(|id| self.doc.issue().entry(id)) else {
            ui.label("Select an entry on the left.");
            return;
        };
        egui::ScrollArea::vertical().show(ui, |ui| {
            match &entry.body {
                EntryBody::Typed(t) => {
                    egui::Grid::new("fields").num_columns(2).show(ui, |ui| {
                        let h = &t.head;
                        let tags: Vec<&str> = h.tags.iter().map(|t| t.text.as_str()).collect();
                        let joined = tags.join(", ");
                        for (k, v) in [
                            ("Tags", joined.as_str()),
                            ("Repository", h.repo.as_deref().unwrap_or_default()),
                            ("Title", h.title.as_str()),
                            ("Source", h.source.as_deref().unwrap_or_default()),
                            ("URL", h.url.as_str()),
                        ] {
                            ui.label(k);
                            ui.label(v);
                            ui.end_row();
                        }
                        for (label, value) in t.fields() {
                            ui.label(label);
                            ui.label(value);
                            ui.end_row();
                        }
                    });
                }
                EntryBody::Verbatim(_) => {
                    ui.label("This entry is kept verbatim: its markup is broken.");
                }
            }
            ui.separator();
            ui.monospace(render::entry_text(&entry.body));
        });
    }
}

impl eframe::App for JianbaoApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        ui.ctx().send_viewport_cmd(egui::ViewportCommand::Title(self.title()));
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.label(&self.status);
        });
        egui::Panel::left("tree").resizable(true).default_size(320.0).show(ui, |ui| {
            self.tree_ui(ui);
        });
        egui::CentralPanel::default().show(ui, |ui| {
            self.entry_ui(ui);
        });
    }
}

/// Runs the window until it is closed.
pub fn run(file: Option<PathBuf>) -> Result<(), eframe::Error> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default().with_inner_size([1200.0, 760.0]).with_title("jianbao"),
        ..Default::default()
    };
    eframe::run_native("jianbao", options, Box::new(move |_cc| Ok(Box::new(JianbaoApp::new(file)))))
}
