//! WeChat's dark mode, as its readers see an article: the colour transform of
//! wechatjs/mp-darkmode (v1.2.1, MIT), the script the WeChat client runs on
//! every article, applied to a theme's colours.
//!
//! What mp-darkmode does (and this module follows, function by function):
//!
//! - **Constants** (`src/modules/constant.js`): the dark page is
//!   `DEFAULT_DARK_BGCOLOR` `#191919`, the default dark text
//!   `DEFAULT_DARK_TEXTCOLOR` `#a3a3a3`; thresholds `WHITE_LIKE_COLOR_BRIGHTNESS`
//!   250, `MAX_LIMIT_BGCOLOR_BRIGHTNESS` 190, `MIN_LIMIT_OFFSET_BRIGHTNESS` 65,
//!   `HIGH_BGCOLOR_BRIGHTNESS` 100, `HIGH_BLACKWHITE_HSL_BRIGHTNESS` 40,
//!   `LOW_BLACKWHITE_HSL_BRIGHTNESS` 22. `SDK.init` (`src/modules/sdk.js`)
//!   derives the largest brightness offset, 163 − 25 = 138, and the dark
//!   page's HSL lightness, 25/255 = 9.804 %.
//! - **Perceived brightness** (`getColorPerceivedBrightness`,
//!   `src/modules/color.js`): (299 R + 587 G + 114 B) / 1000, the W3C AERT formula.
//! - **Scaling to a brightness** (`adjustBrightnessTo`, `color.js`): every
//!   channel times target / brightness, capped at 255; when G came out 0 or R
//!   or B hit 255, G is solved from the formula; else when R is 0, R is;
//!   else when B is 0 or G hit 255, B is. ([`adjust_brightness_to`])
//! - **Backgrounds** (`SDK._adjustBackgroundBrightness`, `sdk.js`): a grey
//!   (saturation 0) lighter than 40 % or any colour brighter than 250 has its
//!   lightness mirrored: `hsl(0, 0, min(100, 100 + 9.804 − L))` (white
//!   becomes `#191919`); else a colour brighter than 190 is scaled to 190;
//!   else one with lightness under 22 % is raised to 22 %; the rest stay.
//!   ([`background`])
//! - **Text** (`SDK._adjustTextBrightness`, `sdk.js`) against the background
//!   it sits on, already transformed: text brighter than 250 stays; text more
//!   than 138 brighter than a background no brighter than 27 is scaled to
//!   138 + the background's brightness; text at least 65 away from its
//!   background stays; else, on a background of brightness ≥ 100, text
//!   lighter than 50 % has its lightness mirrored to 90 − L and is tried
//!   again, other text is scaled to min(138, bg − 65); on a darker
//!   background, text of lightness ≤ 40 % is mirrored to 90 − L and tried
//!   again, other text scaled to min(138, bg + 65). ([`text`])
//! - **Borders** (`SDK._adjustBrightness`, its `isBorderColor` branch):
//!   transformed as text against the dark page `#191919`, never against the
//!   element's own background. ([`border`])
//! - **Inheritance** (`SDK.convert`): the transformed background of an
//!   element is passed to its children, so a child's text is transformed
//!   against it; an element with a background but no colour of its own gets
//!   the colour it inherited in light mode transformed against its new
//!   background. Here: text in the digest and the notes is transformed
//!   against the transformed `quote_bg`, code against the transformed
//!   `code_bg`, everything else against the dark page. The fragment carries
//!   no page colour of its own, so the article sits on `#191919`.
//! - **Rounding**: the `color` package keeps channels unrounded and writes
//!   CSS through `toFixed(1)` then `Math.round`; a background passed to
//!   children is that rounded string. [`js_round`] does the same.
//!
//! Alpha plays no part: every colour of a theme is opaque.

use super::theme::{Rgb, Theme};

/// `DEFAULT_DARK_BGCOLOR`: the page in dark mode.
pub const DARK_BG: Rgb = Rgb(0x19, 0x19, 0x19);
/// `DEFAULT_DARK_TEXTCOLOR`: text with no colour of its own in dark mode.
pub const DARK_TEXT: Rgb = Rgb(0xa3, 0xa3, 0xa3);
pub const WHITE_LIKE_COLOR_BRIGHTNESS: f64 = 250.0;
pub const MAX_LIMIT_BGCOLOR_BRIGHTNESS: f64 = 190.0;
pub const MIN_LIMIT_OFFSET_BRIGHTNESS: f64 = 65.0;
pub const HIGH_BGCOLOR_BRIGHTNESS: f64 = 100.0;
pub const HIGH_BLACKWHITE_HSL_BRIGHTNESS: f64 = 40.0;
pub const LOW_BLACKWHITE_HSL_BRIGHTNESS: f64 = 22.0;

/// Channels as floats, unrounded (as the `color` package keeps them).
type Rgbf = [f64; 3];

fn to_f(c: Rgb) -> Rgbf {
    [c.0 as f64, c.1 as f64, c.2 as f64]
}

/// `toFixed(1)` then `Math.round`, clamped to a channel.
pub fn js_round(v: f64) -> u8 {
    let one_place = (v * 10.0).round() / 10.0;
    (one_place + 0.5).floor().clamp(0.0, 255.0) as u8
}

fn to_rgb(c: Rgbf) -> Rgb {
    Rgb(js_round(c[0]), js_round(c[1]), js_round(c[2]))
}

/// `getColorPerceivedBrightness`: (299 R + 587 G + 114 B) / 1000.
pub fn perceived_brightness(c: Rgb) -> f64 {
    brightness_f(to_f(c))
}

fn brightness_f(c: Rgbf) -> f64 {
    (c[0] * 299.0 + c[1] * 587.0 + c[2] * 114.0) / 1000.0
}

/// `rgb.hsl` of color-convert: hue in degrees, saturation and lightness in %.
fn hsl(c: Rgbf) -> [f64; 3] {
    let (r, g, b) = (c[0] / 255.0, c[1] / 255.0, c[2] / 255.0);
    let min = r.min(g).min(b);
    let max = r.max(g).max(b);
    let delta = max - min;
    let mut h = if max == min {
        0.0
    } else if r == max {
        (g - b) / delta
    } else if g == max {
        2.0 + (b - r) / delta
    } else {
        4.0 + (r - g) / delta
    };
    h = (h * 60.0).min(360.0);
    if h < 0.0 {
        h += 360.0;
    }
    let l = (min + max) / 2.0;
    let s = if max == min {
        0.0
    } else if l <= 0.5 {
        delta / (max + min)
    } else {
        delta / (2.0 - max - min)
    };
    [h, s * 100.0, l * 100.0]
}

/// `hsl.rgb` of color-convert.
fn from_hsl(hsl: [f64; 3]) -> Rgbf {
    let h = hsl[0] / 360.0;
    let s = hsl[1] / 100.0;
    let l = hsl[2] / 100.0;
    if s == 0.0 {
        let v = l * 255.0;
        return [v, v, v];
    }
    let t2 = if l < 0.5 { l * (1.0 + s) } else { l + s - l * s };
    let t1 = 2.0 * l - t2;
    let mut out = [0.0; 3];
    for (i, slot) in out.iter_mut().enumerate() {
        let mut t3 = h + 1.0 / 3.0 * -(i as f64 - 1.0);
        if t3 < 0.0 {
            t3 += 1.0;
        }
        if t3 > 1.0 {
            t3 -= 1.0;
        }
        let v = if 6.0 * t3 < 1.0 {
            t1 + (t2 - t1) * 6.0 * t3
        } else if 2.0 * t3 < 1.0 {
            t2
        } else if 3.0 * t3 < 2.0 {
            t1 + (t2 - t1) * (2.0 / 3.0 - t3) * 6.0
        } else {
            t1
        };
        *slot = v * 255.0;
    }
    out
}

/// The `color` package clamps rgb channels to 0..=255 when it builds a colour.
fn clamp(c: Rgbf) -> Rgbf {
    c.map(|v| if v.is_nan() { 0.0 } else { v.clamp(0.0, 255.0) })
}

/// `adjustBrightnessTo`: the colour scaled to a perceived brightness.
///
/// A colour of brightness 0 cannot be scaled (mp-darkmode would divide by
/// zero, and never calls it so: black text is mirrored first); it becomes
/// the grey of that brightness.
pub fn adjust_brightness_to(target: f64, c: Rgb) -> Rgb {
    to_rgb(adjust_f(target, to_f(c)))
}

fn adjust_f(target: f64, rgb: Rgbf) -> Rgbf {
    let b = brightness_f(rgb);
    if b <= 0.0 {
        return [target; 3];
    }
    let ratio = target / b;
    let mut r = (rgb[0] * ratio).min(255.0);
    let mut g = (rgb[1] * ratio).min(255.0);
    let mut bl = (rgb[2] * ratio).min(255.0);
    if g == 0.0 || r == 255.0 || bl == 255.0 {
        g = (target * 1000.0 - r * 299.0 - bl * 114.0) / 587.0;
    } else if r == 0.0 {
        r = (target * 1000.0 - g * 587.0 - bl * 114.0) / 299.0;
    } else if bl == 0.0 || g == 255.0 {
        bl = (target * 1000.0 - r * 299.0 - g * 587.0) / 114.0;
    }
    clamp([r, g, bl])
}

/// The dark page's HSL lightness (9.804 %).
fn dark_bg_lightness() -> f64 {
    hsl(to_f(DARK_BG))[2]
}

/// The largest brightness offset of text over the dark page: 163 − 25 = 138.
fn max_offset() -> f64 {
    perceived_brightness(DARK_TEXT) - perceived_brightness(DARK_BG)
}

/// `SDK._adjustBackgroundBrightness`: a background colour in dark mode.
pub fn background(c: Rgb) -> Rgb {
    let rgb = to_f(c);
    let [h, s, l] = hsl(rgb);
    let b = brightness_f(rgb);
    let out = if (s == 0.0 && l > HIGH_BLACKWHITE_HSL_BRIGHTNESS) || b > WHITE_LIKE_COLOR_BRIGHTNESS {
        from_hsl([0.0, 0.0, (100.0 + dark_bg_lightness() - l).min(100.0)])
    } else if b > MAX_LIMIT_BGCOLOR_BRIGHTNESS {
        adjust_f(MAX_LIMIT_BGCOLOR_BRIGHTNESS, rgb)
    } else if l < LOW_BLACKWHITE_HSL_BRIGHTNESS {
        from_hsl([h, s, LOW_BLACKWHITE_HSL_BRIGHTNESS])
    } else {
        rgb
    };
    to_rgb(out)
}

/// `SDK._adjustTextBrightness`: a text colour in dark mode on `bg`, a
/// background already in dark mode.
pub fn text(c: Rgb, bg: Rgb) -> Rgb {
    to_rgb(text_f(to_f(c), perceived_brightness(bg)))
}

fn text_f(rgb: Rgbf, bg: f64) -> Rgbf {
    let max_offset = max_offset();
    let t = brightness_f(rgb);
    let offset = (bg - t).abs();
    if t >= WHITE_LIKE_COLOR_BRIGHTNESS {
        return rgb;
    }
    if offset > max_offset && bg <= perceived_brightness(DARK_BG) + 2.0 {
        return adjust_f(max_offset + bg, rgb);
    }
    if offset >= MIN_LIMIT_OFFSET_BRIGHTNESS {
        return rgb;
    }
    let [h, s, l] = hsl(rgb);
    if bg >= HIGH_BGCOLOR_BRIGHTNESS {
        // A light background: darker text.
        if l > 90.0 - HIGH_BLACKWHITE_HSL_BRIGHTNESS {
            return text_f(from_hsl([h, s, 90.0 - l]), bg);
        }
        adjust_f(max_offset.min(bg - MIN_LIMIT_OFFSET_BRIGHTNESS), rgb)
    } else {
        // A dark background: lighter text.
        if l <= HIGH_BLACKWHITE_HSL_BRIGHTNESS {
            return text_f(from_hsl([h, s, 90.0 - l]), bg);
        }
        adjust_f(max_offset.min(bg + MIN_LIMIT_OFFSET_BRIGHTNESS), rgb)
    }
}

/// A border colour in dark mode: as text on the dark page.
pub fn border(c: Rgb) -> Rgb {
    text(c, DARK_BG)
}

/// The colours of text of each role on one background.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Inks {
    pub text: Rgb,
    pub heading: Rgb,
    pub accent: Rgb,
    pub link: Rgb,
    pub tag: Rgb,
    pub muted: Rgb,
}

impl Inks {
    fn of(t: &Theme) -> Inks {
        Inks { text: t.text, heading: t.heading, accent: t.accent, link: t.link, tag: t.tag, muted: t.muted }
    }

    fn on(self, bg: Rgb) -> Inks {
        Inks {
            text: text(self.text, bg),
            heading: text(self.heading, bg),
            accent: text(self.accent, bg),
            link: text(self.link, bg),
            tag: text(self.tag, bg),
            muted: text(self.muted, bg),
        }
    }

    /// Each role and its colour, named as the theme names them.
    pub fn named(&self) -> [(&'static str, Rgb); 6] {
        [
            ("text", self.text),
            ("heading", self.heading),
            ("accent", self.accent),
            ("link", self.link),
            ("tag", self.tag),
            ("muted", self.muted),
        ]
    }
}

/// Light or dark.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Mode {
    #[default]
    Light,
    Dark,
}

/// Every colour of a theme where it is used, in one mode: what the HTML
/// writer and the app's WeChat tab draw with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Palette {
    pub mode: Mode,
    /// The article's background.
    pub page: Rgb,
    /// Around the article in the standalone page.
    pub outer: Rgb,
    /// Text on the page.
    pub on_page: Inks,
    /// The digest and notes' background.
    pub quote_bg: Rgb,
    /// Text inside the digest and notes.
    pub on_quote: Inks,
    pub code_bg: Rgb,
    /// Code on its background.
    pub code: Rgb,
    /// The digest's left border and the line under section headings (the accent).
    pub accent_line: Rgb,
    /// Rules and the notes' left border.
    pub rule_line: Rgb,
}

/// The grey around the article in the standalone page (light mode).
pub const OUTER_LIGHT: Rgb = Rgb(0xf2, 0xf3, 0xf5);

impl Palette {
    /// The theme's own colours.
    pub fn light(t: &Theme) -> Palette {
        let inks = Inks::of(t);
        Palette {
            mode: Mode::Light,
            page: t.background,
            outer: OUTER_LIGHT,
            on_page: inks,
            quote_bg: t.quote_bg,
            on_quote: inks,
            code_bg: t.code_bg,
            code: t.code,
            accent_line: t.accent,
            rule_line: t.rule,
        }
    }

    /// The colours WeChat's dark mode gives the theme. The fragment has no
    /// background of its own, so the page is WeChat's dark page.
    pub fn dark(t: &Theme) -> Palette {
        let inks = Inks::of(t);
        let quote_bg = background(t.quote_bg);
        let code_bg = background(t.code_bg);
        Palette {
            mode: Mode::Dark,
            page: DARK_BG,
            outer: DARK_BG,
            on_page: inks.on(DARK_BG),
            quote_bg,
            on_quote: inks.on(quote_bg),
            code_bg,
            code: text(t.code, code_bg),
            accent_line: border(t.accent),
            rule_line: border(t.rule),
        }
    }

    pub fn of(t: &Theme, mode: Mode) -> Palette {
        match mode {
            Mode::Light => Palette::light(t),
            Mode::Dark => Palette::dark(t),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn js_round_rounds_to_one_place_first() {
        assert_eq!(js_round(93.5), 94);
        assert_eq!(js_round(93.49999999), 94, "toFixed(1) gives 93.5, then Math.round");
        assert_eq!(js_round(93.44), 93);
        assert_eq!(js_round(-3.0), 0);
        assert_eq!(js_round(300.0), 255);
    }

    #[test]
    fn hsl_round_trips() {
        for c in [Rgb(0x0f, 0x4c, 0x81), Rgb(0xc7, 0x25, 0x4e), Rgb(0, 0, 0), Rgb(255, 255, 255), Rgb(1, 200, 3)] {
            assert_eq!(to_rgb(from_hsl(hsl(to_f(c)))), c);
        }
    }
}
