//! Themes as RON files: the built-ins (`assets/themes/*.ron`, compiled in)
//! and a person's own, found in the repository's `.jianbao/themes/` and the
//! data folder's `themes/`. A file is a [`Theme`] written in RON:
//!
//! ```ron
//! (
//!     name: "mine",            // the key the app remembers: a-z, 0-9, - and _
//!     label: "我的",            // the name shown
//!     font_family: "-apple-system,'PingFang SC',sans-serif",
//!     font_size: 16.0, line_height: 1.75, title_size: 22.0, heading_size: 18.0, small_size: 13.0,
//!     text: "#3f3f3f", heading: "#0f4c81", accent: "#0f4c81", link: "#3c4a67", tag: "#914b15",
//!     muted: "#595959", quote_bg: "#f8fbff", code_bg: "#f5f5f5", code: "#78162f",
//!     rule: "#d9e2ec", background: "#ffffff",
//!     bullet: "•", references: Superscript,   // both optional
//! )
//! ```
//!
//! An invalid file is refused with its line and the reason; whoever loads
//! themes keeps the previous version of that theme (see [`ThemeSet::reload`]).

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::theme::Theme;

/// Why a theme file was refused: where, and the reason.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThemeFileError {
    pub path: Option<PathBuf>,
    /// 1-based; 0 when the file could not be read at all.
    pub line: usize,
    pub col: usize,
    pub reason: String,
}

impl std::fmt::Display for ThemeFileError {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        if let Some(p) = &self.path {
            write!(f, "{}:", p.display())?;
        }
        if self.line > 0 {
            write!(f, "{}:{}: ", self.line, self.col)?;
        } else if self.path.is_some() {
            f.write_str(" ")?;
        }
        f.write_str(&self.reason)
    }
}

impl std::error::Error for ThemeFileError {}

/// The line and column of `field:` in the text (1, 1 when absent).
fn field_position(text: &str, field: &str) -> (usize, usize) {
    for (i, line) in text.split('\n').enumerate() {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(field)
            && rest.trim_start().starts_with(':')
        {
            return (i + 1, line.len() - trimmed.len() + 1);
        }
        // A field later on a line with others (`font_size: 16.0, line_height: …`).
        if let Some(at) = line.find(&format!(" {field}:")).or_else(|| line.find(&format!(",{field}:"))) {
            return (i + 1, at + 2);
        }
    }
    (1, 1)
}

/// Values a theme file may hold: sizes a reader can read, a bullet that is a
/// mark, a font family that cannot end the style attribute.
pub fn validate(t: &Theme) -> Result<(), (&'static str, String)> {
    if t.name.is_empty()
        || t.name.len() > 32
        || !t.name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
    {
        return Err(("name", format!("name {:?}: use 1 to 32 of a-z, 0-9, - and _", t.name)));
    }
    if t.label.trim().is_empty() {
        return Err(("label", "label is empty: give the name shown in the menu".into()));
    }
    for (field, v, lo, hi) in [
        ("font_size", t.font_size, 12.0, 24.0),
        ("title_size", t.title_size, 14.0, 40.0),
        ("heading_size", t.heading_size, 12.0, 32.0),
        ("small_size", t.small_size, 10.0, 20.0),
        ("line_height", t.line_height, 1.2, 2.5),
    ] {
        if !(lo..=hi).contains(&v) {
            return Err((field, format!("{field} {v} is out of range: use {lo} to {hi}")));
        }
    }
    if t.small_size > t.font_size {
        return Err(("small_size", format!("small_size {} is larger than font_size {}", t.small_size, t.font_size)));
    }
    let n = t.bullet.chars().count();
    if !(1..=3).contains(&n) || t.bullet.contains(['<', '>', '&', '"']) || t.bullet.trim().is_empty() {
        return Err(("bullet", format!("bullet {:?}: use one to three characters, not < > & \"", t.bullet)));
    }
    if t.font_family.trim().is_empty()
        || t.font_family.contains(['"', ';', '<', '>', '{', '}'])
        || t.font_family.to_ascii_lowercase().contains("var(")
    {
        return Err((
            "font_family",
            "font_family: a comma-separated list of families; no double quotes, `;`, braces or var()".into(),
        ));
    }
    Ok(())
}

/// Reads a theme from RON text, refusing invalid values.
pub fn parse(text: &str) -> Result<Theme, ThemeFileError> {
    let theme: Theme = ron::Options::default().from_str(text).map_err(|e| ThemeFileError {
        path: None,
        line: e.span.start.line,
        col: e.span.start.col,
        reason: e.code.to_string(),
    })?;
    validate(&theme).map_err(|(field, reason)| {
        let (line, col) = field_position(text, field);
        ThemeFileError { path: None, line, col, reason }
    })?;
    Ok(theme)
}

/// A theme as RON text (what "Save" writes).
pub fn to_ron(t: &Theme) -> String {
    let config = ron::ser::PrettyConfig::new().indentor("    ").new_line("\n");
    let mut s = format!("// {}: a theme of jianbao's WeChat output (see README, Themes).\n", t.label);
    s.push_str(&ron::ser::to_string_pretty(t, config).expect("a theme serialises"));
    s.push('\n');
    s
}

/// Reads a theme file.
pub fn read(path: &Path) -> Result<Theme, ThemeFileError> {
    let text = std::fs::read_to_string(path).map_err(|e| ThemeFileError {
        path: Some(path.to_path_buf()),
        line: 0,
        col: 0,
        reason: format!("cannot read it: {e}"),
    })?;
    parse(&text).map_err(|e| ThemeFileError { path: Some(path.to_path_buf()), ..e })
}

/// Writes a theme file atomically (a temporary file renamed over it), creating its folder.
pub fn write(path: &Path, t: &Theme) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("ron.tmp");
    std::fs::write(&tmp, to_ron(t))?;
    std::fs::rename(&tmp, path)
}

/// One theme and where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct ThemeSource {
    pub theme: Theme,
    /// `None` for a built-in theme.
    pub path: Option<PathBuf>,
}

/// The `.ron` files of the folders, each folder's sorted by name, with their
/// modification times: what [`ThemeSet::reload`] compares.
pub fn scan(dirs: &[PathBuf]) -> Vec<(PathBuf, Option<SystemTime>)> {
    let mut out = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else { continue };
        let mut files: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "ron") && p.is_file())
            .collect();
        files.sort();
        for f in files {
            let mtime = std::fs::metadata(&f).and_then(|m| m.modified()).ok();
            out.push((f, mtime));
        }
    }
    out
}

/// Every theme available: the built-ins, then each folder's files (a file
/// naming a theme already there replaces it: later folders win).
#[derive(Clone, Debug, Default)]
pub struct ThemeSet {
    pub themes: Vec<ThemeSource>,
    /// The files refused on the last load, with line and reason.
    pub errors: Vec<ThemeFileError>,
    /// What the last load saw, to tell when to load again.
    pub stamp: Vec<(PathBuf, Option<SystemTime>)>,
    /// The last good theme of each file, kept while the file is invalid.
    good: Vec<(PathBuf, Theme)>,
}

impl ThemeSet {
    /// The built-ins and the themes of the folders.
    pub fn load(dirs: &[PathBuf]) -> ThemeSet {
        let mut set = ThemeSet::default();
        set.reload(dirs);
        set
    }

    /// Loads again. A file that is now invalid keeps its previous theme (and
    /// its error is listed).
    pub fn reload(&mut self, dirs: &[PathBuf]) {
        let stamp = scan(dirs);
        let mut themes: Vec<ThemeSource> =
            Theme::all().into_iter().map(|theme| ThemeSource { theme, path: None }).collect();
        let mut errors = Vec::new();
        let mut good = Vec::new();
        for (path, _) in &stamp {
            let theme = match read(path) {
                Ok(t) => t,
                Err(e) => {
                    errors.push(e);
                    match self.good.iter().find(|(p, _)| p == path) {
                        Some((_, previous)) => previous.clone(),
                        None => continue,
                    }
                }
            };
            good.push((path.clone(), theme.clone()));
            let source = ThemeSource { theme, path: Some(path.clone()) };
            match themes.iter_mut().find(|s| s.theme.name == source.theme.name) {
                Some(slot) => *slot = source,
                None => themes.push(source),
            }
        }
        *self = ThemeSet { themes, errors, stamp, good };
    }

    /// Whether the folders' files changed since the last load.
    pub fn changed(&self, dirs: &[PathBuf]) -> bool {
        scan(dirs) != self.stamp
    }

    pub fn get(&self, name: &str) -> Option<&ThemeSource> {
        self.themes.iter().find(|s| s.theme.name == name)
    }
}

/// A theme named on a command line: a `.ron` file (or any path), else the
/// name of a theme found in the folders (built-ins first, as
/// [`ThemeSet::load`]). The error says what was wrong or which names exist.
pub fn resolve(spec: &str, dirs: &[PathBuf]) -> Result<Theme, String> {
    if spec.ends_with(".ron") || spec.contains(std::path::MAIN_SEPARATOR) || spec.contains('/') {
        return read(Path::new(spec)).map_err(|e| e.to_string());
    }
    let set = ThemeSet::load(dirs);
    match set.get(spec) {
        Some(s) => Ok(s.theme.clone()),
        None => {
            let names: Vec<&str> = set.themes.iter().map(|s| s.theme.name.as_str()).collect();
            Err(format!("unknown theme {spec:?}: use one of {}, or a .ron file", names.join(", ")))
        }
    }
}

/// The folders searched for theme files: the data folder's `themes/`, then
/// the repository's `.jianbao/themes/` (its themes win).
pub fn theme_dirs(data_dir: Option<&Path>, repo: Option<&Path>) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if let Some(d) = data_dir {
        dirs.push(d.join("themes"));
    }
    if let Some(r) = repo {
        dirs.push(r.join(".jianbao").join("themes"));
    }
    dirs
}
