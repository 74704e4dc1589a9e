//! How each part of the article looks in a theme: size, colour, weight,
//! alignment, box and margins. The HTML writer takes its inline styles from
//! these values and the app's WeChat tab draws with them, so the two cannot
//! disagree on a colour or an alignment.

use super::dark::Palette;
use super::theme::{Rgb, Theme};

/// What a piece of text sits on: the page, or the tinted box of the digest
/// and notes (in dark mode the two give text different colours).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Surface {
    #[default]
    Page,
    Quote,
}

/// Horizontal alignment of a block's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Align {
    Left,
    Center,
}

impl Align {
    /// The CSS value (`left`, `center`).
    pub fn css(self) -> &'static str {
        match self {
            Align::Left => "left",
            Align::Center => "center",
        }
    }
}

/// The blocks of the article that have a look of their own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    /// `嵌入式AI简报 (date)`.
    Title,
    /// The line under the title.
    Subtitle,
    Tagline,
    /// The `导读` box.
    Digest,
    /// A `注：…` box.
    Note,
    Paragraph,
    /// A warm-up item or a list line: bullet and text.
    Bulleted,
    SectionHeading,
    /// An entry as a whole (its bottom margin).
    Entry,
    /// An entry's first line: bullet, tags, title, source.
    EntryHead,
    /// A labelled field or a text line of an entry.
    Field,
    /// A sub-item of an entry at a depth (0, 1, 2).
    Item(u8),
    /// A year row of the archive table.
    Year,
    Rule,
    /// `参考资料`.
    RefsHeading,
    /// One line of the references list.
    RefLine,
}

/// Pieces inside a block with a colour or weight of their own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Piece {
    /// `摘要：`, `导读：`.
    Label,
    /// `•`.
    Bullet,
    /// `[CVPR2021]`.
    Tag,
    /// ` | 来源`.
    Source,
    Code,
    Link,
    /// `[n]`.
    RefMark,
}

/// A block's look, every value resolved (nothing inherited). Sizes in CSS px.
#[derive(Clone, Debug, PartialEq)]
pub struct Look {
    pub size: f32,
    /// A ratio of the size.
    pub line_height: f32,
    pub color: Rgb,
    pub bold: bool,
    pub align: Align,
    pub background: Option<Rgb>,
    pub radius: f32,
    /// Width and colour.
    pub border_left: Option<(f32, Rgb)>,
    pub border_bottom: Option<(f32, Rgb)>,
    pub border_top: Option<(f32, Rgb)>,
    /// Top and bottom; adjacent margins collapse (the larger wins).
    pub margin: [f32; 2],
    /// Top, right, bottom, left.
    pub padding: [f32; 4],
    /// A hanging first line: the text is indented by this many em and its
    /// first line (the bullet or marker) starts `hang` em further left.
    pub indent_em: f32,
    pub hang_em: f32,
}

/// A piece's colour, weight (`None`: the block's), background and size
/// (`None`: the block's).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PieceLook {
    pub color: Rgb,
    pub bold: Option<bool>,
    pub background: Option<Rgb>,
    /// In px.
    pub size: Option<f32>,
    /// A ratio of the block's size.
    pub scale: f32,
}

impl Theme {
    /// Body text a little smaller than the base (fields, digest, warm-up).
    pub fn body_small(&self) -> f32 {
        (self.font_size - 1.0).max(self.small_size)
    }

    /// How a part of the article looks in this theme (light mode).
    pub fn look(&self, part: Part) -> Look {
        self.look_in(part, &Palette::light(self))
    }

    /// How a part of the article looks in this theme with a palette's colours.
    pub fn look_in(&self, part: Part, p: &Palette) -> Look {
        let ink = &p.on_page;
        let base = Look {
            size: self.font_size,
            line_height: self.line_height,
            color: ink.text,
            bold: false,
            align: Align::Left,
            background: None,
            radius: 0.0,
            border_left: None,
            border_bottom: None,
            border_top: None,
            margin: [0.0, 0.0],
            padding: [0.0; 4],
            indent_em: 0.0,
            hang_em: 0.0,
        };
        let small = self.body_small();
        match part {
            Part::Title => Look {
                size: self.title_size,
                line_height: 1.4,
                color: ink.heading,
                bold: true,
                align: Align::Center,
                margin: [8.0, 6.0],
                ..base
            },
            Part::Subtitle => Look {
                size: small,
                line_height: 1.6,
                color: ink.accent,
                align: Align::Center,
                margin: [0.0, 12.0],
                ..base
            },
            Part::Tagline => Look { size: small, color: ink.accent, align: Align::Center, margin: [0.0, 16.0], ..base },
            Part::Digest => Look {
                size: small,
                color: p.on_quote.text,
                background: Some(p.quote_bg),
                radius: 4.0,
                border_left: Some((4.0, p.accent_line)),
                margin: [0.0, 16.0],
                padding: [10.0, 14.0, 10.0, 14.0],
                ..base
            },
            Part::Note => Look {
                size: self.small_size,
                color: p.on_quote.muted,
                background: Some(p.quote_bg),
                radius: 4.0,
                border_left: Some((4.0, p.rule_line)),
                margin: [0.0, 16.0],
                padding: [8.0, 14.0, 8.0, 14.0],
                ..base
            },
            Part::Paragraph => Look { margin: [0.0, 12.0], ..base },
            Part::Bulleted => Look { size: small, margin: [0.0, 8.0], indent_em: 1.2, hang_em: 1.2, ..base },
            Part::SectionHeading => Look {
                size: self.heading_size,
                line_height: 1.5,
                color: ink.heading,
                bold: true,
                border_bottom: Some((2.0, p.accent_line)),
                margin: [32.0, 16.0],
                padding: [0.0, 0.0, 6.0, 0.0],
                ..base
            },
            Part::Entry => Look { margin: [0.0, 18.0], ..base },
            Part::EntryHead => Look { bold: true, margin: [0.0, 6.0], ..base },
            Part::Field => Look { size: small, margin: [0.0, 4.0], ..base },
            Part::Item(depth) => Look {
                size: small,
                margin: [0.0, 4.0],
                indent_em: 1.2 * (depth.min(2) as f32 + 1.0) + 0.6,
                hang_em: 1.2,
                ..base
            },
            Part::Year => Look { color: ink.accent, bold: true, margin: [8.0, 4.0], ..base },
            Part::Rule => Look { border_top: Some((1.0, p.rule_line)), margin: [24.0, 24.0], ..base },
            Part::RefsHeading => Look { size: small, color: ink.heading, bold: true, margin: [32.0, 8.0], ..base },
            Part::RefLine => {
                Look { size: self.small_size, line_height: 1.6, color: ink.muted, margin: [0.0, 4.0], ..base }
            }
        }
    }

    /// How a piece inside a block looks in this theme (light mode, on the page).
    pub fn piece(&self, piece: Piece) -> PieceLook {
        self.piece_in(piece, &Palette::light(self), Surface::Page)
    }

    /// How a piece looks with a palette's colours on a surface.
    pub fn piece_in(&self, piece: Piece, p: &Palette, surface: Surface) -> PieceLook {
        let ink = match surface {
            Surface::Page => &p.on_page,
            Surface::Quote => &p.on_quote,
        };
        let plain = |color| PieceLook { color, bold: None, background: None, size: None, scale: 1.0 };
        match piece {
            Piece::Label => PieceLook { bold: Some(true), ..plain(ink.accent) },
            Piece::Bullet => plain(ink.accent),
            Piece::Tag => PieceLook { bold: Some(false), ..plain(ink.tag) },
            Piece::Source => PieceLook { bold: Some(false), ..plain(ink.muted) },
            Piece::Code => PieceLook { background: Some(p.code_bg), scale: 0.9, ..plain(p.code) },
            Piece::Link => plain(ink.link),
            Piece::RefMark => match self.references {
                super::theme::RefStyle::Superscript => PieceLook { size: Some(12.0), ..plain(ink.link) },
                super::theme::RefStyle::Inline => plain(ink.link),
            },
        }
    }
}
