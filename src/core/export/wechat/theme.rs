//! Named themes for the WeChat output: a small set of colours and sizes that
//! the HTML writer and the app's preview both read, so the two look alike.
//! The built-in themes are RON files in `assets/themes/` (see
//! [`theme_file`](super::theme_file) for the format and the folders searched).

use serde::{Deserialize, Serialize};

/// A colour as red, green, blue; written `"#rrggbb"` (read also as `"#rgb"` or `[r, g, b]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// `#rrggbb` or `#rgb` (the `#` optional), any case.
    pub fn parse_hex(s: &str) -> Option<Rgb> {
        let h = s.trim().trim_start_matches('#');
        if !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let v = |s: &str| u8::from_str_radix(s, 16).ok();
        match h.len() {
            6 => Some(Rgb(v(&h[0..2])?, v(&h[2..4])?, v(&h[4..6])?)),
            3 => {
                let d = |i: usize| v(&h[i..i + 1]).map(|x| x * 17);
                Some(Rgb(d(0)?, d(1)?, d(2)?))
            }
            _ => None,
        }
    }

    /// `[r, g, b]`, for a UI colour type (`Color32::from_rgb(c[0], c[1], c[2])`).
    pub fn to_array(self) -> [u8; 3] {
        [self.0, self.1, self.2]
    }
}

impl Serialize for Rgb {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.hex())
    }
}

impl<'de> Deserialize<'de> for Rgb {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Rgb, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Rgb;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a colour \"#rrggbb\" or [r, g, b]")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Rgb, E> {
                Rgb::parse_hex(v).ok_or_else(|| E::custom(format!("{v:?} is not a colour: write \"#rrggbb\"")))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Rgb, A::Error> {
                let mut c = [0u8; 3];
                for (i, slot) in c.iter_mut().enumerate() {
                    *slot = seq.next_element()?.ok_or_else(|| serde::de::Error::invalid_length(i, &self))?;
                }
                if seq.next_element::<u8>()?.is_some() {
                    return Err(serde::de::Error::invalid_length(4, &self));
                }
                Ok(Rgb(c[0], c[1], c[2]))
            }
        }
        d.deserialize_any(V)
    }
}

/// How a reference number `[n]` is set after the text it cites.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RefStyle {
    /// A small raised `[n]` (12 px).
    #[default]
    Superscript,
    /// `[n]` on the line, in the text's size.
    Inline,
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
    /// The mark before entries and warm-up items.
    #[serde(default = "default_bullet")]
    pub bullet: String,
    /// How reference numbers are set.
    #[serde(default)]
    pub references: RefStyle,
}

fn default_bullet() -> String {
    "•".into()
}

fn built_in() -> &'static [Theme] {
    static THEMES: std::sync::OnceLock<Vec<Theme>> = std::sync::OnceLock::new();
    THEMES.get_or_init(|| {
        Theme::BUILT_IN
            .iter()
            .map(|(name, text)| {
                super::theme_file::parse(text).unwrap_or_else(|e| panic!("the built-in theme {name} is invalid: {e}"))
            })
            .collect()
    })
}

impl Theme {
    /// The built-in themes, as RON files (the same format as a person's own).
    pub const BUILT_IN: [(&'static str, &'static str); 3] = [
        ("classic", include_str!("../../../../assets/themes/classic.ron")),
        ("jade", include_str!("../../../../assets/themes/jade.ron")),
        ("ink", include_str!("../../../../assets/themes/ink.ron")),
    ];

    /// Blue headings and the body colours both web tools use by default.
    pub fn classic() -> Theme {
        built_in()[0].clone()
    }

    /// Green headings, close to WeChat's own accent.
    pub fn jade() -> Theme {
        built_in()[1].clone()
    }

    /// Dark grey headings with a red accent, slightly smaller type.
    pub fn ink() -> Theme {
        built_in()[2].clone()
    }

    /// Every built-in theme, the default first.
    pub fn all() -> Vec<Theme> {
        built_in().to_vec()
    }

    /// The names of every built-in theme, the default first.
    pub const NAMES: [&'static str; 3] = ["classic", "jade", "ink"];

    /// The built-in theme of that name (`classic`, `jade`, `ink`).
    pub fn by_name(name: &str) -> Option<Theme> {
        built_in().iter().find(|t| t.name == name).cloned()
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
