//! Named themes for the WeChat output: a small set of colours and sizes that
//! the HTML writer and the app's preview both read, so the two look alike.

use serde::{Deserialize, Serialize};

/// A colour as red, green, blue (serialised as `[r, g, b]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// `[r, g, b]`, for a UI colour type (`Color32::from_rgb(c[0], c[1], c[2])`).
    pub fn to_array(self) -> [u8; 3] {
        [self.0, self.1, self.2]
    }
}

/// What a piece of the article is, for its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    /// Body text: summaries, paragraphs, warm-up items.
    Text,
    /// The issue title and section headings.
    Heading,
    /// The subtitle, the tagline, labels of fields, the digest's label.
    Accent,
    /// Links that stay links (mp.weixin.qq.com).
    Link,
    /// The `[n]` reference markers.
    RefMark,
    /// Tags such as `[CVPR2021]`.
    Tag,
    /// Sources, the references list, placeholders: secondary text.
    Muted,
    /// Inline code.
    Code,
}

/// A named theme. Sizes are CSS pixels; `line_height` is a ratio.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Theme {
    /// The key the app remembers (`classic`, `jade`, `ink`).
    pub name: String,
    /// The name shown to the person.
    pub label: String,
    pub font_family: String,
    pub font_size: f32,
    pub line_height: f32,
    pub title_size: f32,
    pub heading_size: f32,
    /// The references list and other small print (about 80% of the body).
    pub small_size: f32,
    /// Body text: a near-black, never pure black (WeChat strips `#000`).
    pub text: Rgb,
    /// Title and section headings.
    pub heading: Rgb,
    /// Subtitle, tagline, field labels, the quote border.
    pub accent: Rgb,
    pub link: Rgb,
    pub tag: Rgb,
    pub muted: Rgb,
    /// Background of the digest and notes.
    pub quote_bg: Rgb,
    pub code_bg: Rgb,
    pub code: Rgb,
    /// Rules and the line under section headings.
    pub rule: Rgb,
    /// The article's background (the preview's canvas).
    pub background: Rgb,
}

const FONT: &str = "-apple-system,BlinkMacSystemFont,'Helvetica Neue','PingFang SC','Hiragino Sans GB','Microsoft YaHei UI','Microsoft YaHei',Arial,sans-serif";

impl Theme {
    /// Blue headings and the body colours both web tools use by default.
    pub fn classic() -> Theme {
        Theme {
            name: "classic".into(),
            label: "经典蓝".into(),
            font_family: FONT.into(),
            font_size: 16.0,
            line_height: 1.75,
            title_size: 22.0,
            heading_size: 18.0,
            small_size: 13.0,
            text: Rgb(0x3f, 0x3f, 0x3f),
            heading: Rgb(0x0f, 0x4c, 0x81),
            accent: Rgb(0x0f, 0x4c, 0x81),
            link: Rgb(0x57, 0x6b, 0x95),
            tag: Rgb(0xb5, 0x5d, 0x1a),
            muted: Rgb(0x88, 0x88, 0x88),
            quote_bg: Rgb(0xf4, 0xf7, 0xfb),
            code_bg: Rgb(0xf3, 0xf4, 0xf6),
            code: Rgb(0xc7, 0x25, 0x4e),
            rule: Rgb(0xd9, 0xe2, 0xec),
            background: Rgb(0xff, 0xff, 0xff),
        }
    }

    /// Green headings, close to WeChat's own accent.
    pub fn jade() -> Theme {
        Theme {
            name: "jade".into(),
            label: "翡翠绿".into(),
            heading: Rgb(0x1a, 0x7f, 0x5a),
            accent: Rgb(0x1a, 0x7f, 0x5a),
            tag: Rgb(0x8a, 0x5a, 0x00),
            quote_bg: Rgb(0xf2, 0xf8, 0xf5),
            rule: Rgb(0xd3, 0xe9, 0xdf),
            ..Theme::classic()
        }
    }

    /// Dark grey headings with a red accent, slightly larger type.
    pub fn ink() -> Theme {
        Theme {
            name: "ink".into(),
            label: "水墨".into(),
            font_size: 15.0,
            line_height: 1.8,
            text: Rgb(0x33, 0x33, 0x33),
            heading: Rgb(0x2b, 0x2b, 0x2b),
            accent: Rgb(0xa6, 0x32, 0x32),
            tag: Rgb(0xa6, 0x32, 0x32),
            quote_bg: Rgb(0xf7, 0xf5, 0xf2),
            rule: Rgb(0xe6, 0xdf, 0xd8),
            ..Theme::classic()
        }
    }

    /// Every theme, the default first.
    pub fn all() -> Vec<Theme> {
        vec![Theme::classic(), Theme::jade(), Theme::ink()]
    }

    /// The names of every theme, the default first.
    pub const NAMES: [&'static str; 3] = ["classic", "jade", "ink"];

    /// The theme of that name (`classic`, `jade`, `ink`).
    pub fn by_name(name: &str) -> Option<Theme> {
        Theme::all().into_iter().find(|t| t.name == name)
    }

    /// The colour of a role.
    pub fn color(&self, role: Role) -> Rgb {
        match role {
            Role::Text => self.text,
            Role::Heading => self.heading,
            Role::Accent => self.accent,
            Role::Link | Role::RefMark => self.link,
            Role::Tag => self.tag,
            Role::Muted => self.muted,
            Role::Code => self.code,
        }
    }
}

impl Default for Theme {
    fn default() -> Theme {
        Theme::classic()
    }
}
