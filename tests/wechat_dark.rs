//! WeChat's dark mode (wechatjs/mp-darkmode's published transform) on worked
//! examples computed by hand from its rules, and the recoloured page.
//!
//! Brightness B = (299 R + 587 G + 114 B) / 1000. The dark page #191919 has
//! B = 25 and HSL lightness 25/255 = 9.804 %; the dark text #a3a3a3 has
//! B = 163; the largest offset is 163 − 25 = 138.

use std::process::Command;

use jianbao::core::export::wechat::dark::{self, DARK_BG};
use jianbao::core::export::wechat::{self, Mode, Palette, Rgb, Theme};
use jianbao::core::parse;

fn hex(s: &str) -> Rgb {
    let v = u32::from_str_radix(s.trim_start_matches('#'), 16).unwrap();
    Rgb((v >> 16) as u8, (v >> 8) as u8, v as u8)
}

#[test]
fn brightness_is_the_aert_formula() {
    // #576b95: (87·299 + 107·587 + 149·114) / 1000 = (26013 + 62809 + 16986) / 1000 = 105.808
    assert!((dark::perceived_brightness(hex("#576b95")) - 105.808).abs() < 1e-9);
    assert_eq!(dark::perceived_brightness(DARK_BG), 25.0);
    assert_eq!(dark::perceived_brightness(dark::DARK_TEXT), 163.0);
}

#[test]
fn white_and_light_greys_are_mirrored_to_the_dark_page() {
    // White: saturation 0, L = 100 > 40: L' = min(100, 100 + 9.804 − 100) = 9.804 %
    // → 0.09804 · 255 = 25 → #191919.
    assert_eq!(dark::background(hex("#ffffff")), hex("#191919"));
    // #f5f5f5: L = 245/255 = 96.078 %; L' = 100 + 9.804 − 96.078 = 13.725 % → 35.0 → #232323.
    assert_eq!(dark::background(hex("#f5f5f5")), hex("#232323"));
    // #808080: L = 50.196 % > 40: L' = 109.804 − 50.196 = 59.608 % → 152.0 → #989898.
    assert_eq!(dark::background(hex("#808080")), hex("#989898"));
}

#[test]
fn bright_tinted_backgrounds_are_scaled_to_190() {
    // #f4f7fb (classic's quote box): B = (244·299 + 247·587 + 251·114)/1000 = 246.559,
    // not a grey, ≤ 250, > 190: scaled by 190/246.559 = 0.770607:
    // 244 → 188.028, 247 → 190.340, 251 → 193.422 → rgb(188, 190, 193) = #bcbec1.
    assert_eq!(dark::background(hex("#f4f7fb")), hex("#bcbec1"));
}

#[test]
fn very_dark_backgrounds_are_raised_to_lightness_22() {
    // #000040: H 240, S 100 %, L = 64/2/255 = 12.549 % < 22 → hsl(240, 100 %, 22 %):
    // t2 = 0.22 · 2 = 0.44, t1 = 0; blue = t2 · 255 = 112.2 → #000070.
    assert_eq!(dark::background(hex("#000040")), hex("#000070"));
    // #336699: B = 92.565 ≤ 190, L = (51 + 153)/2/255 = 40 % ≥ 22: unchanged.
    assert_eq!(dark::background(hex("#336699")), hex("#336699"));
}

#[test]
fn body_text_on_the_dark_page_becomes_the_default_dark_text() {
    // #3f3f3f on #191919: B 63, offset 38 < 65, dark background, L = 24.706 % ≤ 40:
    // mirrored to 90 − 24.706 = 65.294 % → 166.5 (B 166.5); now offset 141.5 > 138
    // and the background's B 25 ≤ 27: scaled to 138 + 25 = 163 → #a3a3a3.
    assert_eq!(dark::text(hex("#3f3f3f"), DARK_BG), hex("#a3a3a3"));
    // #f0f0f0: offset 215 > 138 on a background ≤ 27: scaled to 163 → #a3a3a3.
    assert_eq!(dark::text(hex("#f0f0f0"), DARK_BG), hex("#a3a3a3"));
}

#[test]
fn text_far_enough_from_its_background_stays() {
    // #576b95 (link) on #191919: offset 105.808 − 25 = 80.808 ≥ 65 and ≤ 138.
    assert_eq!(dark::text(hex("#576b95"), DARK_BG), hex("#576b95"));
    // #3f3f3f on #bcbec1 (B = (188·299 + 190·587 + 193·114)/1000 = 189.744): offset 126.744.
    assert_eq!(dark::text(hex("#3f3f3f"), hex("#bcbec1")), hex("#3f3f3f"));
    // Near-white text (B ≥ 250) is never touched.
    assert_eq!(dark::text(hex("#fafafa"), hex("#ffffff")), hex("#fafafa"));
}

#[test]
fn saturated_text_is_scaled_and_its_green_solved() {
    // #0000ff on #191919: B = 29.07, offset 4.07, dark background, L = 50 % > 40:
    // scaled to min(138, 25 + 65) = 90: ratio 3.096, blue capped at 255, green 0
    // → green solved: (90000 − 255·114) / 587 = 60930 / 587 = 103.799 → #0068ff.
    assert_eq!(dark::text(hex("#0000ff"), DARK_BG), hex("#0068ff"));
    // #ff0000 on #8c8c8c (B 140): offset 63.755 < 65, light background, L = 50 % not > 50:
    // scaled to min(138, 140 − 65) = 75: ratio 75/76.245 = 0.983671, red 250.836, green 0
    // → green solved: (75000 − 250.836·299)/587 = 0 → rgb(251, 0, 0).
    assert_eq!(dark::text(hex("#ff0000"), hex("#8c8c8c")), hex("#fb0000"));
}

#[test]
fn light_text_on_a_light_background_is_mirrored_darker() {
    // #c0c0c0 on #a0a0a0 (B 160): offset 32, light background, L = 75.294 % > 50:
    // mirrored to 90 − 75.294 = 14.706 % → 37.5 (B 37.5), offset 122.5 ≥ 65: kept;
    // 37.5 rounds (toFixed(1), Math.round) to 38 → #262626.
    assert_eq!(dark::text(hex("#c0c0c0"), hex("#a0a0a0")), hex("#262626"));
}

#[test]
fn borders_are_text_on_the_dark_page() {
    // #d9e2ec (classic's rule): B = (217·299 + 226·587 + 236·114)/1000 = 224.449;
    // offset 199.449 > 138 on #191919: scaled to 163, ratio 0.726223:
    // 157.590, 164.126, 171.389 → #9ea4ab.
    assert_eq!(dark::border(hex("#d9e2ec")), hex("#9ea4ab"));
}

#[test]
fn the_classic_palette_in_dark_mode() {
    let t = Theme::classic();
    assert_eq!((t.quote_bg, t.rule), (hex("#f8fbff"), hex("#d9e2ec")));
    let p = Palette::dark(&t);
    assert_eq!(p.mode, Mode::Dark);
    assert_eq!(p.page, hex("#191919"));
    assert_eq!(p.on_page.text, hex("#a3a3a3"));
    assert_eq!(p.on_page.link, dark::text(t.link, DARK_BG));
    // #f8fbff: B = (248·299 + 251·587 + 255·114)/1000 = 250.559 > 250: mirrored like white:
    // L = (248 + 255)/2/255 = 98.627 %; L' = 100 + 9.804 − 98.627 = 11.176 % → 28.5 → #1d1d1d.
    assert_eq!(p.quote_bg, hex("#1d1d1d"));
    // In the digest's box the body text is worked out again against the box (B 29):
    // #3f3f3f, offset 34: mirrored to 166.5 (offset 137.5, not over 138, and the box's
    // B 29 > 27 anyway): kept, 166.5 → 167 → #a7a7a7.
    assert_eq!(p.on_quote.text, hex("#a7a7a7"));
    assert_eq!(p.rule_line, hex("#9ea4ab"));
    // Light mode is the theme itself.
    let l = Palette::light(&t);
    assert_eq!((l.page, l.on_page.text, l.quote_bg, l.rule_line), (t.background, t.text, t.quote_bg, t.rule));
}

const ISSUE: &str = "# 嵌入式AI简报 (2026-01-02)\n\n> 导读：本期一条。\n\n## 论文\n\n- [题目 | 来源](https://arxiv.org/abs/1)  \n摘要：一句话，`code` 在内。  \n";

#[test]
fn the_dark_page_carries_the_transformed_colours() {
    let doc = wechat::build(&parse(ISSUE));
    let t = Theme::classic();
    let dark = wechat::to_standalone_page_in(&doc, &t, Mode::Dark);
    let light = wechat::to_standalone_page(&doc, &t);
    let p = Palette::dark(&t);
    assert!(dark.contains("background:#191919"), "{dark}");
    assert!(dark.contains(&format!("color:{}", p.on_page.text.hex())));
    assert!(dark.contains(&format!("background:{}", p.quote_bg.hex())));
    assert!(dark.contains(&format!("background:{}", p.code_bg.hex())));
    assert!(!light.contains("#191919"));
    assert_eq!(light, wechat::to_standalone_page_in(&doc, &t, Mode::Light));
    // The digest in dark mode names its own text colour (worked out on its box).
    let digest_at = dark.find(&format!("background:{}", p.quote_bg.hex())).unwrap();
    let digest_tag = &dark[dark[..digest_at].rfind('<').unwrap()..][..300];
    assert!(digest_tag.contains(&format!(";color:{}", p.on_quote.text.hex())), "{digest_tag}");
}

#[test]
fn export_html_dark_writes_the_recoloured_page() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("2026-01-02.md");
    std::fs::write(&file, ISSUE).unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_jianbao")).args(args).arg(&file).output().unwrap();
        (out.status.code(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
    };
    let (code, page, _) = run(&["export", "--format", "html", "--dark"]);
    assert_eq!(code, Some(0));
    let doc = wechat::build(&parse(ISSUE));
    assert_eq!(page, wechat::to_standalone_page_in(&doc, &Theme::classic(), Mode::Dark));
    let (code, light, _) = run(&["export", "--format", "html"]);
    assert_eq!(code, Some(0));
    assert_ne!(light, page);
    // The paste stays light: --dark with another format is bad input.
    let (code, out, err) = run(&["export", "--format", "wechat", "--dark"]);
    assert_eq!(code, Some(2));
    assert!(out.is_empty() && err.contains("--dark"), "{err}");
}

// ---- colour checks (contrast.rs) ----

use wechat::contrast::{self, Problem};

#[test]
fn wcag_ratio_on_a_worked_example() {
    // #3f3f3f: 63/255 = 0.24706 > 0.04045 → ((0.24706 + 0.055)/1.055)^2.4 = 0.286311^2.4 = 0.049659;
    // white: 1. Ratio (1 + 0.05)/(0.049659 + 0.05) = 10.536.
    let r = contrast::contrast_ratio(hex("#3f3f3f"), hex("#ffffff"));
    assert!((r - 10.536).abs() < 0.01, "{r}");
    assert!(contrast::is_large(24.0, false) && contrast::is_large(18.66, true));
    assert!(!contrast::is_large(18.0, true) && !contrast::is_large(22.0, false));
}

#[test]
fn the_built_in_themes_pass_in_light_and_dark_mode() {
    for t in Theme::all() {
        let failures: Vec<String> =
            contrast::check_theme(&t).iter().filter(|p| p.is_failure()).map(Problem::message).collect();
        assert!(failures.is_empty(), "{}: {failures:#?}", t.name);
        // Every pair is checked in both modes: the digest's box and code among them.
        for mode in [Mode::Light, Mode::Dark] {
            let pairs = contrast::pairs(&t, &Palette::of(&t, mode));
            assert!(pairs.iter().any(|p| p.bg_name == "quote_bg" && p.fg_name == "text"));
            assert!(pairs.iter().any(|p| p.bg_name == "code_bg"));
            assert!(pairs.iter().all(|p| p.ratio() >= p.required()), "{} {mode:?}", t.name);
        }
    }
}

#[test]
fn a_failing_theme_is_reported_with_the_pair_and_where_it_meets() {
    let t = Theme { muted: hex("#c8c8c8"), quote_bg: hex("#e0e0e0"), code: hex("#000000"), ..Theme::classic() };
    let problems = contrast::check_theme(&t);
    let messages: Vec<String> = problems.iter().map(Problem::message).collect();
    // #c8c8c8 on white: far below 4.5:1, named with both colours and the place.
    assert!(
        messages.iter().any(|m| m.starts_with("light: an entry's source on the page #c8c8c8 (muted) on #ffffff")),
        "{messages:#?}"
    );
    assert!(problems.iter().any(|p| matches!(p, Problem::PureBlack { field: "code" })));
    // In dark mode the grey box #e0e0e0 is mirrored (L 87.8 % → 22.0 %), and the muted
    // note text on it is worked out again; the check names the dark colours.
    let dark_box = dark::background(hex("#e0e0e0"));
    assert!(problems.iter().all(|p| match p {
        Problem::Contrast { mode: Mode::Dark, pair, .. } if pair.bg_name == "quote_bg" => pair.bg == dark_box,
        _ => true,
    }));
}

#[test]
fn css_the_paste_drops_is_found() {
    let t = Theme { font_family: "var(--font)".into(), ..Theme::classic() };
    let problems = contrast::check_theme(&t);
    assert!(problems.iter().any(|p| matches!(p, Problem::DroppedCss { what } if what.contains("var(--font)"))));
    assert!(contrast::dropped_css(&Theme::classic(), "<section class=\"x\" style=\"color:var(--c)\">").len() == 2);
    let cream = Theme { background: hex("#fdf6e3"), ..Theme::classic() };
    assert!(contrast::check_theme(&cream).iter().any(|p| matches!(p, Problem::PageNotWhite { .. })));
}
