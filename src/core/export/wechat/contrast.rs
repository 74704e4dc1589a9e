//! Colour checks of a theme, in light mode and in WeChat's dark mode: every
//! text colour against the background it sits on reaches WCAG 2 AA (4.5:1,
//! or 3:1 for large text: 24 px, or 18.66 px bold), no colour is pure black
//! (WeChat strips `#000`), and the fragment carries no CSS the paste drops
//! (`<style>`, `class`, `id`, CSS variables; see docs WECHAT.md).
//!
//! The pairs are taken from the theme's own [`Look`](super::Look)s and
//! [`PieceLook`](super::PieceLook)s, so a size or colour the HTML uses is the
//! one checked.

use super::dark::{Mode, Palette};
use super::look::{Part, Piece, Surface};
use super::theme::{Rgb, Theme};

/// WCAG 2's relative luminance of an sRGB colour.
pub fn luminance(c: Rgb) -> f64 {
    let lin = |v: u8| {
        let s = v as f64 / 255.0;
        if s <= 0.04045 { s / 12.92 } else { ((s + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * lin(c.0) + 0.7152 * lin(c.1) + 0.0722 * lin(c.2)
}

/// WCAG 2's contrast ratio, from 1 to 21.
pub fn contrast_ratio(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// Large text for WCAG: at least 24 px, or 18.66 px (14 pt) bold.
pub fn is_large(size_px: f32, bold: bool) -> bool {
    size_px >= 24.0 || (bold && size_px >= 18.66)
}

/// The ratio text of that size must reach.
pub fn required_ratio(size_px: f32, bold: bool) -> f64 {
    if is_large(size_px, bold) { 3.0 } else { 4.5 }
}

/// One text colour on one background, where the article has it.
#[derive(Clone, Debug, PartialEq)]
pub struct Pair {
    /// Where the two meet: "body text on the page", "the digest's label on its box"…
    pub place: &'static str,
    /// The theme's names of the two colours (`text`, `quote_bg`…).
    pub fg_name: &'static str,
    pub bg_name: &'static str,
    pub fg: Rgb,
    pub bg: Rgb,
    pub size: f32,
    pub bold: bool,
}

impl Pair {
    pub fn ratio(&self) -> f64 {
        contrast_ratio(self.fg, self.bg)
    }

    pub fn required(&self) -> f64 {
        required_ratio(self.size, self.bold)
    }
}

/// What a check found.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// A pair below its ratio.
    Contrast { mode: Mode, pair: Pair, ratio: f64, required: f64 },
    /// A colour of the theme is `#000000`.
    PureBlack { field: &'static str },
    /// CSS in the fragment that the paste drops or a value that breaks the style attribute.
    DroppedCss { what: String },
    /// A page colour other than white: the paste carries none, WeChat shows white.
    PageNotWhite { background: Rgb },
}

impl Problem {
    /// One line naming the colours, where they meet and what to do.
    pub fn message(&self) -> String {
        match self {
            Problem::Contrast { mode, pair, ratio, required } => format!(
                "{}: {} {} ({}) on {} ({}) is {:.2}:1, below {:.1}:1{}: darken or lighten {}",
                match mode {
                    Mode::Light => "light",
                    Mode::Dark => "dark mode",
                },
                pair.place,
                pair.fg.hex(),
                pair.fg_name,
                pair.bg.hex(),
                pair.bg_name,
                ratio,
                required,
                if *required < 4.5 { " (large text)" } else { "" },
                pair.fg_name
            ),
            Problem::PureBlack { field } => {
                format!("{field} is pure black #000000, which WeChat strips: use a near-black such as #3f3f3f")
            }
            Problem::DroppedCss { what } => format!("{what}: the WeChat editor drops it on paste; remove it"),
            Problem::PageNotWhite { background } => format!(
                "background {} is not white: the paste carries no page colour, readers see the article on white \
                 (and #191919 in dark mode)",
                background.hex()
            ),
        }
    }

    /// Whether the theme fails (a page colour that is not white is only a note).
    pub fn is_failure(&self) -> bool {
        !matches!(self, Problem::PageNotWhite { .. })
    }
}

/// Every text colour of the article on its background, in a palette.
pub fn pairs(t: &Theme, p: &Palette) -> Vec<Pair> {
    let mut out = Vec::new();
    let on_page = |place, fg_name, part: Part, piece: Option<Piece>, out: &mut Vec<Pair>| {
        let look = t.look_in(part, p);
        let (fg, size, bold) = match piece {
            Some(piece) => {
                let pl = t.piece_in(piece, p, Surface::Page);
                (pl.color, pl.size.unwrap_or(look.size * pl.scale), pl.bold.unwrap_or(look.bold))
            }
            None => (look.color, look.size, look.bold),
        };
        out.push(Pair { place, fg_name, bg_name: "background", fg, bg: p.page, size, bold });
    };
    on_page("body text on the page", "text", Part::Paragraph, None, &mut out);
    on_page("an entry's title on the page", "text", Part::EntryHead, None, &mut out);
    on_page("the title on the page", "heading", Part::Title, None, &mut out);
    on_page("a section heading on the page", "heading", Part::SectionHeading, None, &mut out);
    on_page("the subtitle on the page", "accent", Part::Subtitle, None, &mut out);
    on_page("the tagline on the page", "accent", Part::Tagline, None, &mut out);
    on_page("a year of the archive on the page", "accent", Part::Year, None, &mut out);
    on_page("a field's label (摘要：) on the page", "accent", Part::Field, Some(Piece::Label), &mut out);
    on_page("a bullet on the page", "accent", Part::Bulleted, Some(Piece::Bullet), &mut out);
    on_page("a tag ([CVPR2021]) on the page", "tag", Part::EntryHead, Some(Piece::Tag), &mut out);
    on_page("an entry's source on the page", "muted", Part::EntryHead, Some(Piece::Source), &mut out);
    on_page("a WeChat link on the page", "link", Part::Field, Some(Piece::Link), &mut out);
    on_page("a reference mark [n] on the page", "link", Part::Field, Some(Piece::RefMark), &mut out);
    on_page("the references heading on the page", "heading", Part::RefsHeading, None, &mut out);
    on_page("the references list on the page", "muted", Part::RefLine, None, &mut out);

    let digest = t.look_in(Part::Digest, p);
    let note = t.look_in(Part::Note, p);
    let quote = |place, fg_name, fg: Rgb, size: f32, bold: bool| Pair {
        place,
        fg_name,
        bg_name: "quote_bg",
        fg,
        bg: p.quote_bg,
        size,
        bold,
    };
    out.push(quote("the digest's text on its box", "text", digest.color, digest.size, digest.bold));
    let label = t.piece_in(Piece::Label, p, Surface::Quote);
    out.push(quote("the digest's label (导读：) on its box", "accent", label.color, digest.size, true));
    let link = t.piece_in(Piece::Link, p, Surface::Quote);
    out.push(quote("a WeChat link in the digest", "link", link.color, digest.size, false));
    let mark = t.piece_in(Piece::RefMark, p, Surface::Quote);
    out.push(quote("a reference mark [n] in the digest", "link", mark.color, mark.size.unwrap_or(digest.size), false));
    out.push(quote("a note's text on its box", "muted", note.color, note.size, note.bold));

    let code = t.piece_in(Piece::Code, p, Surface::Page);
    out.push(Pair {
        place: "inline code on its background",
        fg_name: "code",
        bg_name: "code_bg",
        fg: code.color,
        bg: code.background.unwrap_or(p.code_bg),
        size: t.body_small() * code.scale,
        bold: false,
    });
    out
}

/// The theme's colour fields by name.
pub fn colour_fields(t: &Theme) -> [(&'static str, Rgb); 11] {
    [
        ("text", t.text),
        ("heading", t.heading),
        ("accent", t.accent),
        ("link", t.link),
        ("tag", t.tag),
        ("muted", t.muted),
        ("quote_bg", t.quote_bg),
        ("code_bg", t.code_bg),
        ("code", t.code),
        ("rule", t.rule),
        ("background", t.background),
    ]
}

/// CSS the paste drops, found in a fragment: `<style>`, `class`, `id`, CSS
/// variables, `<link>`; and a font family that would end the style attribute.
pub fn dropped_css(t: &Theme, fragment: &str) -> Vec<String> {
    let mut found = Vec::new();
    let lower = fragment.to_ascii_lowercase();
    for (needle, what) in [
        ("<style", "a <style> block"),
        (" class=", "a class attribute"),
        (" id=", "an id attribute"),
        ("var(--", "a CSS variable"),
        ("<link", "a <link> element"),
        ("::before", "generated content (::before)"),
        ("::after", "generated content (::after)"),
    ] {
        if lower.contains(needle) {
            found.push(what.to_string());
        }
    }
    let family = &t.font_family;
    if family.contains(['"', ';', '<', '>', '{', '}']) || family.to_ascii_lowercase().contains("var(") {
        found.push(format!("font_family {family:?} (quotes, `;`, braces or var() in it)"));
    }
    found
}

/// A small article using every block and piece, to check the fragment a theme writes.
fn sample() -> super::WeChatDoc {
    super::build(&crate::core::format::parse::parse(
        "# 嵌入式AI简报 (2026-01-02)\n\n> 导读：本期[一条](https://mp.weixin.qq.com/s/x)。\n\n\
         - 热身：一件事[链接](https://example.com/a)；\n\n## 论文\n\n\
         - [CVPR2021] [题目 | 来源](https://arxiv.org/abs/1)  \n摘要：一句话，`code` 在内。  \n\n> 注：一条注。\n\n----\n",
    ))
}

/// Every problem of a theme, in light and dark mode.
pub fn check_theme(t: &Theme) -> Vec<Problem> {
    let mut out = Vec::new();
    for (field, c) in colour_fields(t) {
        if c == Rgb(0, 0, 0) {
            out.push(Problem::PureBlack { field });
        }
    }
    for what in dropped_css(t, &super::to_html(&sample(), t)) {
        out.push(Problem::DroppedCss { what });
    }
    if t.background != Rgb(255, 255, 255) {
        out.push(Problem::PageNotWhite { background: t.background });
    }
    for mode in [Mode::Light, Mode::Dark] {
        for pair in pairs(t, &Palette::of(t, mode)) {
            let (ratio, required) = (pair.ratio(), pair.required());
            if ratio < required {
                out.push(Problem::Contrast { mode, pair, ratio, required });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_of_black_and_white_is_21() {
        assert!((contrast_ratio(Rgb(0, 0, 0), Rgb(255, 255, 255)) - 21.0).abs() < 1e-9);
        assert_eq!(contrast_ratio(Rgb(9, 9, 9), Rgb(9, 9, 9)), 1.0);
    }
}
