//! The WeChat tab as readers see the article: the dark-mode toggle paints
//! the transform's colours, the width switch changes the line breaks, the
//! readiness panel shows its findings. Driven through egui_kittest.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::epaint::{Galley, Shape};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use jianbao::app::{Action, JianbaoApp};
use jianbao::core::export::wechat::Palette;

fn harness(file: PathBuf) -> Harness<'static, JianbaoApp> {
    let mut h = Harness::builder()
        .with_size([1400.0, 900.0])
        .build_eframe(move |cc| JianbaoApp::from_creation_context(cc, Some(file.clone())));
    h.run();
    let ctx = h.ctx.clone();
    h.state_mut().perform(Action::WeChatPreview, &ctx);
    h.run();
    h.run();
    h
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// The text shapes painted in the preview panel (right of its "Preview" label).
fn painted(h: &Harness<'static, JianbaoApp>) -> Vec<Arc<Galley>> {
    let left = h.get_by_label("Preview").rect().left() - 4.0;
    fn walk(shape: &Shape, left: f32, out: &mut Vec<Arc<Galley>>) {
        match shape {
            Shape::Text(t) if t.pos.x + t.galley.rect.left() >= left => out.push(t.galley.clone()),
            Shape::Vec(v) => v.iter().for_each(|s| walk(s, left, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    for clipped in &h.output().shapes {
        walk(&clipped.shape, left, &mut out);
    }
    out
}

/// The painted galley whose text starts with `start`, and the colour of its first run.
fn galley_starting(h: &Harness<'static, JianbaoApp>, start: &str) -> Arc<Galley> {
    painted(h)
        .into_iter()
        .find(|g| g.text().starts_with(start) && g.job.sections.iter().any(|s| s.format.color.a() > 0))
        .unwrap_or_else(|| panic!("{start:?} is painted"))
}

fn color_of(g: &Galley, text: &str) -> egui::Color32 {
    let at = g.text().find(text).unwrap_or_else(|| panic!("{text:?} in {:?}", g.text()));
    g.job.sections.iter().find(|s| s.byte_range.start.0 <= at && at < s.byte_range.end.0).unwrap().format.color
}

fn c32(c: jianbao::core::export::wechat::Rgb) -> egui::Color32 {
    egui::Color32::from_rgb(c.0, c.1, c.2)
}

const ISSUE: &str = "# 嵌入式AI简报 (2026-03-06)\n\n\
> 导读：本期有两条论文和一个项目。\n\n\
这是一段很长的开场白，用来看手机和桌面两种宽度下换行是否不同。它说明了本期的主题、编者的几点看法、读者来信里提到的问题，以及下一期的计划，长度足够在窄屏上折成好几行，在宽屏上则少几行。\n\n\
## 论文\n\n\
- [一篇论文 | arXiv](https://arxiv.org/abs/2101.00001)  \n\
摘要：一句话的摘要。  \n";

#[test]
fn the_dark_toggle_paints_the_transform_s_colours() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(write(dir.path(), "2026-03-06.md", ISSUE));
    let theme = h.state().wechat_theme();
    let (light, dark) = (Palette::light(&theme), Palette::dark(&theme));
    assert_ne!(light.on_page.text, dark.on_page.text);

    let title = galley_starting(&h, "嵌入式AI简报");
    assert_eq!(color_of(&title, "嵌入式"), c32(light.on_page.heading));
    let summary = galley_starting(&h, "摘要");
    assert_eq!(color_of(&summary, "一句话"), c32(light.on_page.text));

    h.get_by_label("Dark mode").click();
    h.run();
    h.run();
    assert!(h.state().wechat_preview().dark);
    let title = galley_starting(&h, "嵌入式AI简报");
    assert_eq!(color_of(&title, "嵌入式"), c32(dark.on_page.heading));
    let summary = galley_starting(&h, "摘要");
    assert_eq!(color_of(&summary, "一句话"), c32(dark.on_page.text), "body text on the dark page");
    assert_eq!(color_of(&summary, "摘要"), c32(dark.on_page.accent));
    // The digest's text is worked out against its transformed box.
    let digest = galley_starting(&h, "导读");
    assert_eq!(color_of(&digest, "本期"), c32(dark.on_quote.text));
    let block = h.state().wechat_preview().blocks.iter().find(|b| b.job.text.starts_with("导读")).unwrap().clone();
    assert_eq!(block.fill, Some(c32(dark.quote_bg)));

    // And back.
    h.get_by_label("Dark mode").click();
    h.run();
    h.run();
    let summary = galley_starting(&h, "摘要");
    assert_eq!(color_of(&summary, "一句话"), c32(light.on_page.text));
}

#[test]
fn the_width_switch_changes_the_line_count_of_a_long_paragraph() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(write(dir.path(), "2026-03-06.md", ISSUE));
    let rows = |h: &Harness<'static, JianbaoApp>| galley_starting(h, "这是一段很长的开场白").rows.len();
    let phone = rows(&h);
    h.get_by_label("桌面 677").click();
    h.run();
    h.run();
    let desktop = rows(&h);
    assert!(phone > desktop && desktop >= 2, "phone {phone} rows, desktop {desktop} rows");
    // The rows are as wide as the article's text column allows: 375 − 2·4 px on a phone.
    let g = galley_starting(&h, "这是一段很长的开场白");
    assert!(g.rect.width() <= 677.0 - 8.0 + 0.5 && g.rect.width() > 600.0, "{}", g.rect.width());
    h.get_by_label("手机 375").click();
    h.run();
    h.run();
    assert_eq!(rows(&h), phone);
    let g = galley_starting(&h, "这是一段很长的开场白");
    assert!(g.rect.width() <= 375.0 - 8.0 + 0.5 && g.rect.width() > 330.0, "{}", g.rect.width());
}

#[test]
fn a_readiness_finding_shows_with_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("{ISSUE}\n![示意图](./figs/local.png)\n");
    let mut h = harness(write(dir.path(), "2026-03-06.md", &text));
    assert!(!h.state().wechat_preview().readiness.ready());
    assert!(h.query_by_label_contains("is a local file").is_none(), "hidden until asked");
    h.get_by_label_contains("Not ready: 1 problem").click();
    h.run();
    h.run();
    // One line: the level, the file and what to do.
    h.get_by_label_contains(
        "error: the image 示意图 (./figs/local.png) is a local file: it cannot be pasted; upload it",
    );
    assert!(h.query_by_label_contains("1 reference listed under 参考资料").is_some());
}
