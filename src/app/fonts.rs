//! Fonts. egui's built-in fonts have no Chinese, and a machine may have no
//! CJK font at all (or one that draws Japanese glyph forms), so the app ships
//! a Simplified Chinese font (a subset of Source Han Sans / Noto Sans CJK SC,
//! under the SIL Open Font License; see assets/fonts/README.md). It comes
//! right after egui's Latin font in both families, so Chinese always takes the
//! Simplified forms; a character outside the subset still falls back to the
//! system's fonts.

use std::sync::Arc;

use eframe::egui::{self, FontData, FontDefinitions, FontFamily};

/// The bundled font's bytes.
pub const SC_FONT: &[u8] = include_bytes!("../../assets/fonts/JianbaoSansSC-Regular.otf");
const SC_FONT_NAME: &str = "jianbao-sans-sc";

/// The font definitions the app uses: egui's defaults plus the Chinese font.
pub fn font_definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(SC_FONT_NAME.to_owned(), Arc::new(FontData::from_static(SC_FONT)));
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        let list = fonts.families.entry(family).or_default();
        let at = list.len().min(1);
        list.insert(at, SC_FONT_NAME.to_owned());
    }
    fonts
}

/// Installs the app's fonts into a context.
pub fn install_fonts(ctx: &egui::Context) {
    ctx.set_fonts(font_definitions());
}
