//! Page text → entry-safe text. Whatever a page, a feed or an API returns
//! is hostile until made safe here: entities decoded, whitespace collapsed
//! (a line break becomes a space), control and bidi-override characters
//! dropped, and everything that could change the entry's markdown replaced:
//! `[` `]` become `(` `)` (so no `](` can open a link), `|` becomes `/` (no
//! second title/source separator, no table row), `<` `>` become `‹` `›` (no
//! raw HTML, no autolink), an `http(s)://` loses its scheme (no bare address
//! that a renderer could link), and leading `#`, `-`, `>`, `*`, `+`, `=`
//! are stripped (no heading, bullet, quote or rule when the text starts a
//! line). The result is one line that stays inside the field it is put in.

/// The longest title or source kept, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// The longest 摘要 kept, in characters.
pub const MAX_SUMMARY_CHARS: usize = 600;

/// Decodes HTML/XML character references: the named ones pages use and
/// every numeric one (`&#39;`, `&#x4E2D;`). Unknown names stay as they are.
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(&rest[..p]);
        rest = &rest[p..];
        let end = rest[1..].find(|c: char| c == ';' || c == '&' || c.is_whitespace()).map(|e| e + 1);
        let decoded = match end {
            Some(e) if rest.as_bytes()[e] == b';' && e <= 12 => entity(&rest[1..e]).map(|c| (c, e + 1)),
            _ => None,
        };
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code).filter(|c| *c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "ensp" | "emsp" | "thinsp" => ' ',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "middot" => '·',
        "laquo" => '«',
        "raquo" => '»',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "times" => '×',
        "bull" => '•',
        "zwj" | "zwnj" | "shy" => '\u{200b}',
        _ => return None,
    })
}

/// Characters dropped outright: controls, bidi overrides and isolates,
/// zero-width characters, the byte-order mark, private-use and noncharacters.
fn is_dropped(c: char) -> bool {
    c.is_control() && !c.is_whitespace()
        || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}')
        || matches!(c, '\u{e000}'..='\u{f8ff}' | '\u{fff0}'..='\u{fffc}')
}

/// One line of entry-safe text, at most `max_chars` characters (cut at a
/// character with `…`).
pub fn clean(s: &str, max_chars: usize) -> String {
    let decoded = decode_entities(s);
    let mut out = String::with_capacity(decoded.len());
    let mut space = false;
    for c in decoded.chars() {
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if is_dropped(c) {
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        match c {
            '[' => out.push('('),
            ']' => out.push(')'),
            '|' => out.push('/'),
            '<' => out.push('‹'),
            '>' => out.push('›'),
            // Backslash escapes and backticks could hide or join markup.
            '\\' => out.push('/'),
            '`' => out.push('\''),
            _ => out.push(c),
        }
    }
    let mut out = strip_schemes(&out);
    // Nothing at the start that would read as block markup.
    let start = out
        .find(|c: char| !matches!(c, '#' | '-' | '>' | '*' | '+' | '=' | '_' | '~' | ' ' | '.' | ':'))
        .unwrap_or(out.len());
    out.drain(..start);
    // No trailing spaces (they would be a hard break).
    out.truncate(out.trim_end().len());
    cut(out, max_chars)
}

/// A title: [`clean`] at [`MAX_TITLE_CHARS`].
pub fn title(s: &str) -> String {
    clean(s, MAX_TITLE_CHARS)
}

/// A 摘要: [`clean`] at [`MAX_SUMMARY_CHARS`].
pub fn summary(s: &str) -> String {
    clean(s, MAX_SUMMARY_CHARS)
}

/// `https://example.com/x` → `example.com/x`, case-insensitively, for any
/// scheme written `letters://` (`javascript:` has no `//` but cannot be a
/// link once no `](` can appear).
fn strip_schemes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find("://") {
        let before = &rest[..p];
        let scheme_len =
            before.chars().rev().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-')).count();
        out.push_str(&before[..before.len() - scheme_len]);
        rest = &rest[p + 3..];
    }
    out.push_str(rest);
    out
}

fn cut(mut s: String, max_chars: usize) -> String {
    if let Some((at, _)) = s.char_indices().nth(max_chars) {
        s.truncate(at);
        s.truncate(s.trim_end().len());
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_are_decoded_and_markup_neutralised() {
        assert_eq!(clean("A &amp; B &#x4E2D;&#25991; &lt;b&gt;", 100), "A & B 中文 ‹b›");
        assert_eq!(clean("x](javascript:alert(1)) | y", 100), "x)(javascript:alert(1)) / y");
        assert_eq!(clean("## Title\n- next\r\n> quote", 100), "Title - next › quote");
        assert_eq!(clean("see https://evil.example/a and HTTP://x.y", 100), "see evil.example/a and x.y");
        assert_eq!(clean("a\u{202e}b\u{0}c\u{7}d", 100), "abcd");
        assert_eq!(clean("&unknown; &amp", 100), "&unknown; &amp");
    }

    #[test]
    fn long_text_is_cut_at_a_character() {
        let s = "中".repeat(300);
        let c = clean(&s, 10);
        assert_eq!(c.chars().count(), 11);
        assert!(c.ends_with('…'));
    }
}
