//! The preview tabs (Rendered, Markdown, WeChat) driven through
//! egui_kittest: what they paint after a theme switch, after another file
//! opens, after a move; the Markdown tab's exact text. Assertions are on the
//! text shapes the window paints in the preview panel.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::epaint::{Galley, Shape};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use jianbao::app::{Action, JianbaoApp, PreviewMode, Selection, ThemeChoice};

fn harness(file: Option<PathBuf>) -> Harness<'static, JianbaoApp> {
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .build_eframe(move |cc| JianbaoApp::from_creation_context(cc, file.clone()));
    h.run();
    h
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Every text shape of the last frame, with where it was painted.
fn painted(h: &Harness<'static, JianbaoApp>) -> Vec<(egui::Pos2, Arc<Galley>)> {
    fn walk(shape: &Shape, out: &mut Vec<(egui::Pos2, Arc<Galley>)>) {
        match shape {
            Shape::Text(t) => out.push((t.pos, t.galley.clone())),
            Shape::Vec(v) => v.iter().for_each(|s| walk(s, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for clipped in &h.output().shapes {
        walk(&clipped.shape, &mut out);
    }
    out
}

/// The text painted right of the preview panel's "Preview" label.
fn preview_painted_text(h: &Harness<'static, JianbaoApp>) -> String {
    let label = h.get_by_label("Preview").rect();
    let (left, top) = (label.left() - 4.0, label.bottom() + 2.0);
    let bottom = h.get_by_label_contains("entries · ").rect().top() - 4.0;
    painted(h)
        .into_iter()
        .filter(|(pos, g)| {
            let y = pos.y + g.rect.top();
            pos.x + g.rect.left() >= left && y > top && y < bottom
        })
        .map(|(_, g)| g.text().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Clicks the preview panel's tab named `mode`.
fn set_mode(h: &mut Harness<'static, JianbaoApp>, mode: &str) {
    let left = h.get_by_label("Preview").rect().left() - 4.0;
    h.query_all_by_label(mode).find(|n| n.rect().left() >= left).expect("the tab").click();
    h.run();
}

#[test]
fn the_wechat_tab_draws_its_text_after_a_theme_switch() {
    let mut h = harness(None);
    let ctx = h.ctx.clone();
    h.state_mut().perform(Action::WeChatPreview, &ctx);
    h.run();
    h.state_mut().perform(Action::Select(Selection::Title), &ctx);
    h.run();
    h.run();
    let title = "嵌入式AI简报 (2026-11-20)";
    assert!(preview_painted_text(&h).contains(title), "drawn before the switch");
    for theme in [ThemeChoice::Dark, ThemeChoice::Light, ThemeChoice::Dark] {
        h.state_mut().perform(Action::Theme(theme), &ctx);
        h.run();
        h.run();
        assert!(preview_painted_text(&h).contains(title), "the title is painted after {theme:?}");
        // Every painted glyph points at the font atlas as it is now: a text laid
        // out before the switch would point at the old atlas and paint nothing.
        for (_, g) in painted(&h) {
            let fresh = ctx.fonts_mut(|f| f.layout_job((*g.job).clone()));
            let uv = |g: &Galley| {
                g.rows.iter().flat_map(|r| r.row.visuals.mesh.vertices.iter().map(|v| v.uv)).collect::<Vec<_>>()
            };
            assert!(uv(&g) == uv(&fresh), "{:?} after {theme:?} paints glyphs of the current atlas", g.text());
        }
    }
}

/// The sample issue with its first news title replaced by `marker`.
fn marked_issue(marker: &str, date: &str) -> String {
    let issue = jianbao::core::parse(jianbao::SAMPLE_ISSUE);
    let first = issue.entries().next().unwrap().1.typed().unwrap().head.title.to_string();
    jianbao::SAMPLE_ISSUE.replacen(&first, marker, 1).replace("2026-11-20", date)
}

#[test]
fn every_tab_shows_the_open_file_and_never_another() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "2026-11-06.md", &marked_issue("甲号文件的第一条新闻", "2026-11-06"));
    let b = write(dir.path(), "2026-11-20.md", &marked_issue("乙号文件的第一条新闻", "2026-11-20"));
    let mut h = harness(Some(a.clone()));
    let ctx = h.ctx.clone();
    for (path, shown, other) in
        [(&a, "甲号文件", "乙号文件"), (&b, "乙号文件", "甲号文件"), (&a, "甲号文件", "乙号文件")]
    {
        h.state_mut().perform(Action::OpenRecent(path.clone()), &ctx);
        h.run();
        assert_eq!(h.state().origin(), &jianbao::app::Origin::File(path.clone()));
        for mode in ["Rendered", "Markdown", "WeChat"] {
            set_mode(&mut h, mode);
            h.run();
            let text = preview_painted_text(&h);
            assert!(text.contains(shown), "{mode} shows {shown} after opening {}", path.display());
            assert!(!text.contains(other), "{mode} shows nothing of {other}");
        }
    }
}

#[test]
fn the_markdown_tab_is_exactly_the_text_saving_writes() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for name in ["tests/fixtures/footer-in-section.md", "tests/fixtures/irregular.md", "assets/sample-issue.md"] {
        let mut h = harness(Some(root.join(name)));
        let ctx = h.ctx.clone();
        h.state_mut().perform(Action::TogglePreviewRaw, &ctx);
        h.run();
        assert_eq!(h.state().settings().preview, PreviewMode::Markdown);
        let text = h.state().document().text();
        assert!(text.starts_with("---\n"), "{name} has front matter");
        assert_eq!(h.state_mut().preview_text(), text, "{name}: front matter and blank lines included");
        // What is painted is that text too: the front matter is in view at the top.
        let at = h.get_by_label("Preview").rect().center() + egui::vec2(0.0, 200.0);
        h.hover_at(at);
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, 100_000.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
            modifiers: egui::Modifiers::NONE,
        });
        for _ in 0..30 {
            h.step();
        }
        let painted = preview_painted_text(&h);
        assert!(painted.starts_with("---\nlayout: default\n---\n\n# 嵌入式AI简报"), "{name}: {painted:.80}");
    }
}

#[test]
fn the_markdown_tab_names_the_bytes_it_cannot_show() {
    let dir = tempfile::tempdir().unwrap();
    let plain = jianbao::SAMPLE_ISSUE.to_string();
    let windows = format!("\u{feff}{}", plain.replace('\n', "\r\n"));
    let crlf = write(dir.path(), "2026-11-20.md", &windows);
    let unix = write(dir.path(), "2026-11-06.md", &plain);
    let mut h = harness(Some(crlf.clone()));
    set_mode(&mut h, "Markdown");
    h.run();
    let note = "This file has a byte order mark (BOM) and Windows line endings (CRLF): saving keeps them.";
    assert!(h.query_by_label(note).is_some(), "the Markdown tab says what it cannot show");
    // The text it shows is the file's, line for line.
    assert_eq!(h.state_mut().preview_text(), plain);
    // Another file without them: no note.
    let ctx = h.ctx.clone();
    h.state_mut().perform(Action::OpenRecent(unix), &ctx);
    h.run();
    assert!(h.query_by_label_contains("saving keeps them").is_none(), "the note was the other file's");
    // Back to the first file: saved, it keeps the bytes the note named.
    h.state_mut().perform(Action::OpenRecent(crlf.clone()), &ctx);
    h.run();
    assert!(h.query_by_label(note).is_some());
    assert!(h.state_mut().save_to(&crlf));
    assert_eq!(std::fs::read_to_string(&crlf).unwrap(), windows);
}

#[test]
fn the_wechat_tab_hangs_a_wrapped_list_item_as_the_html_does() {
    // The HTML's list items are `padding-left: I; text-indent: -H`: the
    // first row (the bullet) starts H left of the wrapped rows.
    let mut h = harness(None);
    set_mode(&mut h, "WeChat");
    h.run();
    // A numbered sub-item of the first entry (selected, so in view).
    let item = "原生支持W4A8";
    let (pos, galley) =
        painted(&h).into_iter().find(|(_, g)| g.text().contains(item) && g.rows.len() >= 2).unwrap_or_else(|| {
            let drawn: Vec<_> = painted(&h)
                .into_iter()
                .filter(|(_, g)| g.text().contains(item))
                .map(|(p, g)| (p, g.rows.len(), g.text().to_string()))
                .collect();
            panic!("the sub-item is drawn and wraps in the preview's width: {drawn:?}")
        });
    let start = |r: usize| pos.x + galley.rows[r].pos.x + galley.rows[r].row.glyphs[0].pos.x;
    let hang = start(1) - start(0);
    assert!((8.0..40.0).contains(&hang), "the first row hangs left of the second by about 1.2em, not {hang}");
    for r in 2..galley.rows.len() {
        assert!((start(r) - start(1)).abs() < 0.5, "every wrapped row starts where the second does");
    }
}

#[test]
fn after_a_move_the_preview_scrolls_to_the_moved_entry() {
    let mut h = harness(None);
    let ctx = h.ctx.clone();
    let issue = h.state().issue().clone();
    let (_, first) = issue.entries().next().unwrap();
    let title = first.typed().unwrap().head.title.to_string();
    let last_section = issue.sections.last().unwrap();
    h.state_mut().perform(Action::Select(Selection::Entry(first.id)), &ctx);
    h.run();
    h.run();
    assert!(preview_painted_text(&h).contains(&title), "in view before the move");
    for mode in ["Rendered", "WeChat"] {
        set_mode(&mut h, mode);
        let section = h.state().issue().sections.last().unwrap().id;
        let index = h.state().issue().section(section).unwrap().entry_count();
        // As a drop in the tree does it: the entry is selected already.
        h.state_mut().perform(Action::MoveEntry { entry: first.id, section, index }, &ctx);
        h.run();
        h.run();
        assert_eq!(h.state().issue().sections.last().unwrap().id, last_section.id);
        assert!(preview_painted_text(&h).contains(&title), "{mode}: the moved entry is in view");
        // Back to the top for the next tab.
        let top = h.state().issue().sections[0].id;
        h.state_mut().perform(Action::MoveEntry { entry: first.id, section: top, index: 0 }, &ctx);
        h.run();
        h.run();
        assert!(preview_painted_text(&h).contains(&title), "{mode}: in view back at the top");
    }
}

/// One character of the article with the style it is drawn in.
#[derive(Clone, Debug, PartialEq)]
struct Styled {
    ch: char,
    color: String,
    bold: bool,
    centred: bool,
    /// The fill of the nearest box or run with a background.
    background: Option<String>,
}

/// Every visible character of an inline-styled HTML fragment with its
/// computed colour, weight, alignment and background (a small reader for
/// the tags the WeChat writer uses).
fn html_chars(html: &str) -> Vec<Styled> {
    #[derive(Clone)]
    struct State {
        tag: String,
        color: String,
        bold: bool,
        centred: bool,
        background: Option<String>,
    }
    let mut stack =
        vec![State { tag: String::new(), color: String::new(), bold: false, centred: false, background: None }];
    let mut out = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        if let Some(tag) = rest.strip_prefix('<') {
            let end = tag.find('>').unwrap();
            let inner = &tag[..end];
            rest = &tag[end + 1..];
            if let Some(name) = inner.strip_prefix('/') {
                let top = stack.pop().unwrap();
                assert_eq!(top.tag, name, "balanced tags");
                continue;
            }
            let name: String = inner.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
            if matches!(name.as_str(), "br" | "hr" | "img") {
                continue;
            }
            let mut s = stack.last().unwrap().clone();
            s.tag = name.clone();
            if matches!(name.as_str(), "strong" | "h1" | "h2" | "h3") {
                s.bold = true;
            }
            if let Some(at) = inner.find("style=\"") {
                let style = &inner[at + 7..];
                let style = &style[..style.find('"').unwrap()];
                for decl in style.split(';') {
                    let Some((k, v)) = decl.split_once(':') else { continue };
                    match k {
                        "color" => s.color = v.to_string(),
                        "font-weight" => s.bold = v == "bold",
                        "text-align" => s.centred = v == "center",
                        "background" => s.background = Some(v.to_string()),
                        _ => {}
                    }
                }
            }
            stack.push(s);
        } else {
            let end = rest.find('<').unwrap_or(rest.len());
            let text = rest[..end]
                .replace("&nbsp;", " ")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&");
            rest = &rest[end..];
            let s = stack.last().unwrap();
            for ch in text.chars().filter(|c| !c.is_whitespace()) {
                out.push(Styled {
                    ch,
                    color: s.color.clone(),
                    bold: s.bold,
                    centred: s.centred,
                    background: s.background.clone(),
                });
            }
        }
    }
    out
}

fn hex(c: egui::Color32) -> String {
    format!("#{:02x}{:02x}{:02x}", c.r(), c.g(), c.b())
}

/// Every visible character the WeChat tab draws, with its style.
fn tab_chars(blocks: &[jianbao::app::blocks::PaintBlock]) -> Vec<Styled> {
    let mut out = Vec::new();
    for b in blocks {
        for (i, section) in b.job.sections.iter().enumerate() {
            let (start, end) = (section.byte_range.start.0, section.byte_range.end.0);
            let _ = i;
            let background = if section.format.background == egui::Color32::TRANSPARENT {
                b.fill
            } else {
                Some(section.format.background)
            };
            for (at, ch) in b.job.text[start..end].char_indices().filter(|(_, c)| !c.is_whitespace()) {
                out.push(Styled {
                    ch,
                    color: hex(section.format.color),
                    bold: b.bold.iter().any(|r| r.contains(&(start + at))),
                    centred: b.align == egui::Align::Center,
                    background: background.map(hex),
                });
            }
        }
    }
    out
}

/// An issue in our own words with every kind of block the article has.
const EVERY_BLOCK: &str = "---\nlayout: default\n---\n\n\
# 嵌入式AI简报 (2030-05-06)：样式对照/每种块各一\n\n\
**专注端侧AI：测试用的标语**  \n\n\
> 导读：本期3条。【新闻】第一行导读。\n\n\
先来几条热身小新闻：\n\n\
- 甲公司：发布了一块[测试芯片](https://example.org/chip)；\n\
- [乙公司：开源了一个工具](https://mp.weixin.qq.com/s/abc)；\n\n\
> 注：这是一条注释，放在框里。\n\n\
## 业界新闻\n\n\
- [CVPR2030] [测试条目的标题 | 测试来源](https://example.org/a)  \n\
摘要：一句话的摘要，带`code`与**强调**。  \n\
    1. 第一个子项；  \n\
    2. 第二个子项。  \n\n\
- 一个不合格式的条目，原样保留\n\n\
## 论文\n\n\
- [另一篇论文 | arXiv](https://arxiv.org/abs/1)  \n\
摘要：第二条。  \n\n\
----\n\n\
| 2 | 0 | 3 | 0 |\n\
|:-:|:-:|:-:|:-:|\n\
| [2030-05-06](./embedded-ai-report/2030-05-06.md) | | | |\n\n\
- 联系我们：测试邮箱\n";

#[test]
fn the_wechat_tab_draws_each_block_as_the_pasted_html_styles_it() {
    use jianbao::core::export::wechat::{self, Block, Theme};
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut texts = vec![("every-block".to_string(), EVERY_BLOCK.to_string())];
    for name in ["assets/sample-issue.md", "tests/fixtures/irregular.md", "tests/fixtures/footer-in-section.md"] {
        texts.push((name.to_string(), std::fs::read_to_string(root.join(name)).unwrap()));
    }
    let mut kinds = std::collections::BTreeSet::new();
    for (name, text) in &texts {
        let issue = jianbao::core::parse(text);
        let doc = wechat::build(&issue);
        for b in &doc.blocks {
            kinds.insert(format!("{b:?}").chars().take_while(|c| c.is_alphanumeric()).collect::<String>());
        }
        for theme in Theme::all() {
            let html = wechat::to_html(&doc, &theme);
            let blocks = jianbao::app::wechat_view::paint_blocks(&doc, &issue, &theme);
            let (want, got) = (html_chars(&html), tab_chars(&blocks));
            for (i, (w, g)) in want.iter().zip(&got).enumerate() {
                let around: String = want[i.saturating_sub(8)..(i + 8).min(want.len())].iter().map(|s| s.ch).collect();
                assert_eq!(g, w, "{name}, {}: character {i} ({around})", theme.name);
            }
            assert_eq!(got.len(), want.len(), "{name}, {}: the same text", theme.name);
            // Boxes: the digest's and notes' fills and left borders, the headings' rules.
            let count = |f: &dyn Fn(&jianbao::app::blocks::PaintBlock) -> bool| blocks.iter().filter(|b| f(b)).count();
            let rule = hex(egui::Color32::from_rgb(theme.rule.0, theme.rule.1, theme.rule.2));
            let accent = hex(egui::Color32::from_rgb(theme.accent.0, theme.accent.1, theme.accent.2));
            assert_eq!(
                count(&|b| b.border_left.is_some_and(|(_, c)| hex(c) == accent)),
                html.matches(&format!("border-left:4px solid {accent}")).count()
            );
            assert_eq!(
                count(&|b| b.border_left.is_some_and(|(_, c)| hex(c) == rule)),
                html.matches(&format!("border-left:4px solid {rule}")).count()
            );
            assert_eq!(
                count(&|b| b.border_bottom.is_some_and(|(_, c)| hex(c) == accent)),
                html.matches(&format!("border-bottom:2px solid {accent}")).count()
            );
            assert_eq!(
                count(&|b| b.border_top.is_some_and(|(_, c)| hex(c) == rule) && b.job.text.is_empty()),
                html.matches("<hr ").count()
            );
            let _ = Block::Rule;
        }
    }
    let all = [
        "ArchiveYear",
        "Digest",
        "Entry",
        "ListItem",
        "Note",
        "Paragraph",
        "Rule",
        "SectionHeading",
        "Tagline",
        "Title",
        "WarmupItem",
    ];
    for k in all {
        assert!(kinds.contains(k), "the fixtures have a {k} block ({kinds:?})");
    }
}

#[test]
fn the_wechat_tab_follows_the_selection() {
    let mut h = harness(None);
    let ctx = h.ctx.clone();
    h.state_mut().perform(Action::WeChatPreview, &ctx);
    h.run();
    let issue = h.state().issue().clone();
    let (_, last) = issue.entries().last().unwrap();
    let title = last.typed().unwrap().head.title.to_string();
    assert!(!preview_painted_text(&h).contains(&title), "the last entry starts out of view");
    h.state_mut().perform(Action::Select(Selection::Entry(last.id)), &ctx);
    h.run();
    h.run();
    assert!(preview_painted_text(&h).contains(&title), "selecting it brings it into view");
}
