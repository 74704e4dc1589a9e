//! The core stays free of egui: everything a CLI or a test needs works
//! without a window. (`cargo check --no-default-features` builds it too.)

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_core_imports_nothing_of_egui() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(&root.join("src/core"), &mut files);
    files.push(root.join("src/cli.rs"));
    assert!(files.len() > 5);
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for word in ["egui", "eframe", "winit"] {
            assert!(
                !text.lines().any(|l| !l.trim_start().starts_with("//") && l.contains(word)),
                "{} mentions {word}",
                file.display()
            );
        }
    }
}

/// The core's folders are layers: each may use only the layers its `mod.rs`
/// names (format ← edit ← files ← editorial ← vcs, editorial ← fetch; exports read the format only).
#[test]
fn each_core_layer_uses_only_the_layers_below_it() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/core");
    let allowed: &[(&str, &[&str])] = &[
        ("format", &[]),
        ("edit", &["format"]),
        ("files", &["format", "edit"]),
        ("editorial", &["format", "edit", "files"]),
        ("export", &["format"]),
        ("vcs", &["format", "files", "editorial"]),
        ("fetch", &["format", "edit", "files", "editorial"]),
    ];
    let layers: Vec<&str> = allowed.iter().map(|(l, _)| *l).collect();
    let mut checked = 0;
    for (layer, may_use) in allowed {
        let mut files = Vec::new();
        rust_files(&root.join(layer), &mut files);
        assert!(!files.is_empty(), "src/core/{layer} has no files");
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for other in layers.iter().filter(|o| *o != layer && !may_use.contains(o)) {
                for pattern in [format!("core::{other}::"), format!("core::{other}}}"), format!("core::{{{other}")] {
                    assert!(
                        !text.lines().any(|l| !l.trim_start().starts_with("//") && l.contains(&pattern)),
                        "{} (layer {layer}) uses the {other} layer",
                        file.display()
                    );
                }
            }
            checked += 1;
        }
    }
    assert!(checked > 15, "only {checked} files checked");
}
