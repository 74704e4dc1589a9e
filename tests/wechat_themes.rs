//! Themes as RON files: round trips, refused files with their line, the
//! folders searched, reloading a changed file, keeping the previous theme.

use std::path::PathBuf;

use jianbao::core::export::wechat::theme_file::{self, ThemeSet};
use jianbao::core::export::wechat::{self, RefStyle, Rgb, Theme};
use jianbao::core::parse;

#[test]
fn the_built_ins_are_the_ron_files_and_round_trip() {
    for (name, text) in Theme::BUILT_IN {
        let t = theme_file::parse(text).unwrap();
        assert_eq!(t.name, name);
        assert_eq!(Theme::by_name(name), Some(t.clone()));
        // write, read, equal
        let written = theme_file::to_ron(&t);
        assert_eq!(theme_file::parse(&written).unwrap(), t, "{written}");
        assert!(written.contains(&format!("text: \"{}\"", t.text.hex())), "colours are written as #rrggbb");
    }
}

#[test]
fn a_hand_written_theme_round_trips_through_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.ron");
    let mine = Theme {
        name: "mine".into(),
        label: "我的".into(),
        font_size: 17.0,
        line_height: 1.9,
        heading: Rgb(0x12, 0x34, 0x56),
        bullet: "▪".into(),
        references: RefStyle::Inline,
        ..Theme::classic()
    };
    theme_file::write(&path, &mine).unwrap();
    assert_eq!(theme_file::read(&path).unwrap(), mine);
    // Colours may also be written #rgb or [r, g, b]; the bullet and references are optional.
    let text = theme_file::to_ron(&Theme::classic())
        .replace("text: \"#3f3f3f\"", "text: \"#333\"")
        .replace("rule: \"#d9e2ec\"", "rule: [217, 226, 236]")
        .replace("    bullet: \"•\",\n", "")
        .replace("    references: Superscript,\n", "");
    let t = theme_file::parse(&text).unwrap();
    assert_eq!(
        (t.text, t.rule, t.bullet.as_str(), t.references),
        (Rgb(0x33, 0x33, 0x33), Rgb(217, 226, 236), "•", RefStyle::Superscript)
    );
}

#[test]
fn the_theme_shapes_the_fragment() {
    let doc = wechat::build(&parse("# 嵌入式AI简报 (2026-01-02)\n\n## 论文\n\n- [题目](https://arxiv.org/abs/1)  \n"));
    let t = Theme { bullet: "▪".into(), references: RefStyle::Inline, ..Theme::classic() };
    let html = wechat::to_html(&doc, &t);
    assert!(html.contains("▪</span>") && !html.contains("•</span>"), "{html}");
    assert!(!html.contains("<sup") && html.contains("[1]</span>"), "{html}");
    assert!(wechat::to_html(&doc, &Theme::classic()).contains("[1]</sup>"));
}

#[test]
fn an_invalid_file_is_refused_with_its_line_and_reason() {
    let good = theme_file::to_ron(&Theme::classic());
    let line_of = |text: &str, needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;

    // A syntax error: a missing comma.
    let broken = good.replace("font_size: 16.0,", "font_size: 16.0");
    let e = theme_file::parse(&broken).unwrap_err();
    let line = line_of(&broken, "line_height:");
    assert!(e.line == line || e.line == line - 1, "{e} (expected about line {line})");
    assert!(!e.reason.is_empty());

    // Not a colour.
    let link = format!("link: \"{}\"", Theme::classic().link.hex());
    assert!(good.contains(&link));
    let bad_colour = good.replace(&link, "link: \"blue\"");
    let e = theme_file::parse(&bad_colour).unwrap_err();
    assert_eq!(e.line, line_of(&bad_colour, "link:"), "{e}");
    assert!(e.reason.contains("\"blue\" is not a colour"), "{e}");

    // A value out of range: the line of its field.
    let tiny = good.replace("font_size: 16.0", "font_size: 3.0");
    let e = theme_file::parse(&tiny).unwrap_err();
    assert_eq!(e.line, line_of(&tiny, "font_size:"), "{e}");
    assert!(e.reason.contains("font_size 3 is out of range"), "{e}");

    // CSS that would break the style attribute.
    let css: String = good
        .lines()
        .map(|l| {
            if l.trim_start().starts_with("font_family:") {
                "    font_family: \"Arial;color:red\",".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let e = theme_file::parse(&css).unwrap_err();
    assert_eq!(e.line, line_of(&css, "font_family:"));

    // A missing field.
    let missing = good.replace("    muted: \"#595959\",\n", "");
    assert_ne!(missing, good, "the built-in's muted colour is #595959");
    let e = theme_file::parse(&missing).unwrap_err();
    assert!(e.reason.contains("muted"), "{e}");
    // Its display names the file and the line.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("x.ron");
    std::fs::write(&path, &tiny).unwrap();
    let shown = theme_file::read(&path).unwrap_err().to_string();
    assert!(shown.starts_with(&format!("{}:{}:", path.display(), line_of(&tiny, "font_size:"))), "{shown}");
}

fn write_theme(dir: &std::path::Path, file: &str, t: &Theme) -> PathBuf {
    let path = dir.join(file);
    theme_file::write(&path, t).unwrap();
    path
}

#[test]
fn folders_are_searched_and_later_ones_win() {
    let data = tempfile::tempdir().unwrap();
    let repo = tempfile::tempdir().unwrap();
    let dirs = theme_file::theme_dirs(Some(data.path()), Some(repo.path()));
    assert_eq!(dirs[1], repo.path().join(".jianbao/themes"));
    let mine = Theme { name: "mine".into(), label: "数据".into(), ..Theme::jade() };
    write_theme(&dirs[0], "mine.ron", &mine);
    let repo_mine = Theme { label: "仓库".into(), ..mine.clone() };
    let repo_path = write_theme(&dirs[1], "mine.ron", &repo_mine);
    let own_classic = Theme { heading: Rgb(0x11, 0x22, 0x33), ..Theme::classic() };
    write_theme(&dirs[1], "classic.ron", &own_classic);
    let set = ThemeSet::load(&dirs);
    assert!(set.errors.is_empty(), "{:?}", set.errors);
    let names: Vec<&str> = set.themes.iter().map(|s| s.theme.name.as_str()).collect();
    assert_eq!(names, ["classic", "jade", "ink", "mine"]);
    assert_eq!(set.get("mine").unwrap().theme.label, "仓库");
    assert_eq!(set.get("mine").unwrap().path.as_deref(), Some(repo_path.as_path()));
    assert_eq!(set.get("classic").unwrap().theme.heading, Rgb(0x11, 0x22, 0x33));
    assert_eq!(set.get("jade").unwrap().path, None);
}

#[test]
fn a_changed_file_is_reloaded_and_an_invalid_one_keeps_the_previous_theme() {
    let repo = tempfile::tempdir().unwrap();
    let dirs = theme_file::theme_dirs(None, Some(repo.path()));
    let path = write_theme(&dirs[0], "mine.ron", &Theme { name: "mine".into(), ..Theme::classic() });
    let mut set = ThemeSet::load(&dirs);
    assert!(!set.changed(&dirs));
    assert_eq!(set.get("mine").unwrap().theme.font_size, 16.0);

    // A valid change (a later modification time, as an editor's save gives).
    let text = std::fs::read_to_string(&path).unwrap().replace("font_size: 16.0", "font_size: 18.0");
    std::fs::write(&path, &text).unwrap();
    let later = std::time::SystemTime::now() + std::time::Duration::from_secs(5);
    std::fs::File::options().write(true).open(&path).unwrap().set_modified(later).unwrap();
    assert!(set.changed(&dirs));
    set.reload(&dirs);
    assert_eq!(set.get("mine").unwrap().theme.font_size, 18.0);

    // An invalid change: refused with its line, the previous theme stays.
    std::fs::write(&path, text.replace("font_size: 18.0", "font_size: 99.0")).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&path)
        .unwrap()
        .set_modified(later + std::time::Duration::from_secs(5))
        .unwrap();
    assert!(set.changed(&dirs));
    set.reload(&dirs);
    assert_eq!(set.get("mine").unwrap().theme.font_size, 18.0);
    assert_eq!(set.errors.len(), 1);
    assert!(set.errors[0].to_string().contains("font_size 99 is out of range"), "{}", set.errors[0]);

    // A new invalid file with no previous version adds no theme.
    std::fs::write(dirs[0].join("bad.ron"), "(name: \"bad\"").unwrap();
    set.reload(&dirs);
    assert!(set.get("bad").is_none());
    assert_eq!(set.errors.len(), 2);
}

/// `jianbao ARGS` with an empty data folder; (exit code, stdout, stderr).
fn jianbao(data: &std::path::Path, args: &[&std::ffi::OsStr]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_jianbao"))
        .env("JIANBAO_DATA_DIR", data)
        .args(args)
        .output()
        .unwrap();
    (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn the_themes_command_passes_the_built_ins_and_names_a_hand_written_theme_s_failing_pair() {
    let data = tempfile::tempdir().unwrap();
    let (code, out, err) = jianbao(data.path(), &["themes".as_ref()]);
    assert_eq!(code, 0, "{out}{err}");
    for name in Theme::NAMES {
        assert!(out.contains(&format!("{name} (")) && !out.contains("error:"), "{out}");
    }

    // A hand-written theme with pale body text fails, naming the pair and what to do.
    let pale = Theme { name: "pale".into(), label: "淡".into(), text: Rgb(0xaa, 0xaa, 0xaa), ..Theme::classic() };
    let file = write_theme(data.path(), "pale.ron", &pale);
    let (code, out, _) = jianbao(data.path(), &["themes".as_ref(), file.as_os_str()]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("pale (淡,") && out.contains("error: light:"), "{out}");
    assert!(out.contains("#aaaaaa (text) on #ffffff (background)") && out.contains("darken or lighten text"), "{out}");
    assert!(!out.contains("classic ("), "only the files given: {out}");

    // The data folder's themes are listed (and checked) with the built-ins.
    std::fs::create_dir_all(data.path().join("themes")).unwrap();
    write_theme(&data.path().join("themes"), "pale.ron", &pale);
    let (code, out, _) = jianbao(data.path(), &["themes".as_ref()]);
    assert_eq!(code, 1);
    assert!(out.contains("classic (") && out.contains("pale (淡,"), "{out}");

    // A refused file: its line and reason on stderr, exit 2.
    let bad = data.path().join("bad.ron");
    std::fs::write(&bad, theme_file::to_ron(&pale).replace("font_size: 16.0", "font_size: 99.0")).unwrap();
    let (code, _, err) = jianbao(data.path(), &["themes".as_ref(), bad.as_os_str()]);
    assert_eq!(code, 2);
    assert!(err.contains(&format!("{}:", bad.display())) && err.contains("font_size 99 is out of range"), "{err}");
}

#[test]
fn export_takes_a_theme_file_or_the_name_of_a_repository_s_theme() {
    let data = tempfile::tempdir().unwrap();
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(repo.path().join("embedded-ai-report")).unwrap();
    let issue = repo.path().join("embedded-ai-report/2026-01-02.md");
    std::fs::write(&issue, "# 嵌入式AI简报 (2026-01-02)\n\n## 论文\n\n- [题目](https://arxiv.org/abs/1)  \n").unwrap();
    let mine =
        Theme { name: "slate".into(), label: "石板".into(), heading: Rgb(0x2b, 0x4a, 0x6f), ..Theme::classic() };
    let themes = repo.path().join(".jianbao/themes");
    std::fs::create_dir_all(&themes).unwrap();
    let file = write_theme(&themes, "slate.ron", &mine);

    let args = |theme: &std::ffi::OsStr| -> Vec<std::ffi::OsString> {
        vec!["export".into(), "--format".into(), "wechat".into(), "--theme".into(), theme.into(), issue.clone().into()]
    };
    for theme in [file.as_os_str(), "slate".as_ref()] {
        let a = args(theme);
        let a: Vec<&std::ffi::OsStr> = a.iter().map(|s| s.as_os_str()).collect();
        let (code, html, err) = jianbao(data.path(), &a);
        assert_eq!(code, 0, "{err}");
        assert!(html.contains("#2b4a6f"), "the theme's heading colour: {html}");
    }
    let a = args("nosuch".as_ref());
    let a: Vec<&std::ffi::OsStr> = a.iter().map(|s| s.as_os_str()).collect();
    let (code, _, err) = jianbao(data.path(), &a);
    assert_eq!(code, 2);
    assert!(err.contains("unknown theme \"nosuch\"") && err.contains("slate"), "{err}");
}
