//! Fetched metadata per normalised URL, kept as versioned RON in the data
//! folder (`…/jianbao/fetch-cache.ron`), so a refill and an offline session
//! are instant. A file of another version, or one that cannot be read, is
//! an empty cache (it is only a cache); it is written atomically.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::core::fetch::{Meta, now_unix};

/// The format version; a file with another is ignored.
pub const VERSION: u32 = 1;

/// The most entries kept: the oldest go first.
pub const MAX_ENTRIES: usize = 5000;

/// The cache's default file, in the user's data folder.
pub fn default_path() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("jianbao").join("fetch-cache.ron"))
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct Cached {
    meta: Meta,
    /// Unix seconds.
    fetched: u64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
struct File {
    version: u32,
    entries: Vec<(String, Cached)>,
}

/// The cache in memory.
#[derive(Clone, Debug, Default)]
pub struct Cache {
    entries: HashMap<String, Cached>,
    changed: bool,
}

impl Cache {
    /// Reads a cache file; missing, unreadable or of another version: empty.
    pub fn load(path: &Path) -> Cache {
        let Ok(text) = std::fs::read_to_string(path) else { return Cache::default() };
        match ron::from_str::<File>(&text) {
            Ok(f) if f.version == VERSION => Cache { entries: f.entries.into_iter().collect(), changed: false },
            _ => Cache::default(),
        }
    }

    /// The metadata of a normalised URL.
    pub fn get(&self, key: &str) -> Option<Meta> {
        self.entries.get(key).map(|c| c.meta.clone())
    }

    pub fn put(&mut self, key: &str, meta: Meta) {
        self.entries.insert(key.to_string(), Cached { meta, fetched: now_unix() });
        self.changed = true;
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Writes the file when something was added since it was read.
    pub fn save_if_changed(&mut self, path: &Path) -> std::io::Result<()> {
        if !self.changed {
            return Ok(());
        }
        let mut entries: Vec<(String, Cached)> = self.entries.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        entries.sort_by(|a, b| b.1.fetched.cmp(&a.1.fetched).then_with(|| a.0.cmp(&b.0)));
        entries.truncate(MAX_ENTRIES);
        let text = ron::ser::to_string_pretty(&File { version: VERSION, entries }, ron::ser::PrettyConfig::default())
            .map_err(std::io::Error::other)?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        crate::core::files::io::write_atomic(path, text.as_bytes()).map_err(std::io::Error::other)?;
        self.changed = false;
        Ok(())
    }
}
