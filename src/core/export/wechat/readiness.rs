//! Whether an article will paste into the WeChat Official Account editor and
//! save: its lengths against the editor's limits, its images, the links it
//! still carries, its references. Each finding says what to do.
//!
//! The limits and where they come from:
//! - **Body**: fewer than 20,000 characters and under 1 MB: the `content`
//!   field of the Official Account's draft API ("图文消息的具体内容，支持HTML
//!   标签，必须少于2万字符，小于1M",
//!   developers.weixin.qq.com/doc/offiaccount/Draft_Box/Add_draft.html), the
//!   editor's own limit. The editor counts the text a reader sees (a pasted
//!   issue's inline styles are far longer than 20,000 characters and save),
//!   so [`visible_chars`] counts the characters of the fragment's text, tags
//!   and styles left out, entities as one character, spaces included; the
//!   1 MB is checked on the fragment's bytes.
//! - **Title**: at most 64 characters, the editor's title field (the draft
//!   API answers "title size out of limit"; WeChat's staff on
//!   developers.weixin.qq.com: the API's limit is the editor's).
//! - **Digest** (摘要, shown under the shared card): at most 120 characters,
//!   the editor's field (developers.weixin.qq.com community: "实际创建图文素材
//!   的时候是限定120个字"). The issue's 导读 is the natural digest; it is
//!   checked against that limit.
//! - **Images**: WeChat re-uploads pictures on paste; a local file cannot be
//!   pasted, and the draft API filters pictures not on its servers; plain
//!   http pictures are refused by browsers on the https editor page (WECHAT.md).
//! - **Links**: only `mp.weixin.qq.com` may stay a link ("请勿插入非
//!   mp.weixin.qq.com域名的链接", WECHAT.md).

use super::{Block, Span, WeChatDoc, is_http_url, is_wechat_url};

/// The body's limit in characters (fewer than this many).
pub const BODY_LIMIT_CHARS: usize = 20_000;
/// The body's limit in bytes (1 MB; fewer than this many).
pub const BODY_LIMIT_BYTES: usize = 1024 * 1024;
/// The title's limit (at most).
pub const TITLE_LIMIT: usize = 64;
/// The digest's limit (at most).
pub const DIGEST_LIMIT: usize = 120;

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// A count worth knowing.
    Info,
    /// It will paste, but not as meant.
    Warning,
    /// The editor will refuse to save, or the paste loses it.
    Error,
}

impl Level {
    pub fn name(self) -> &'static str {
        match self {
            Level::Info => "info",
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// One finding: its rule, level and a message that says what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static str,
    pub level: Level,
    pub message: String,
}

/// The counts the findings come from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub body_chars: usize,
    pub body_bytes: usize,
    pub title_chars: usize,
    pub digest_chars: usize,
    pub references: usize,
    pub images: usize,
}

/// The readiness of one article.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Readiness {
    pub counts: Counts,
    pub findings: Vec<Finding>,
}

impl Readiness {
    /// Whether nothing stops the paste or the save.
    pub fn ready(&self) -> bool {
        !self.findings.iter().any(|f| f.level == Level::Error)
    }
}

/// The characters of the text a fragment shows: tags and their attributes
/// left out, `&…;` entities as one character each.
pub fn visible_chars(html: &str) -> usize {
    let mut n = 0;
    let mut chars = html.chars();
    while let Some(c) = chars.next() {
        match c {
            '<' => {
                for c in chars.by_ref() {
                    if c == '>' {
                        break;
                    }
                }
            }
            '&' => {
                // An entity counts once; a lone `&` (never written) would too.
                let rest = chars.as_str();
                if let Some(end) = rest.find(';').filter(|&e| e <= 10) {
                    chars = rest[end + 1..].chars();
                }
                n += 1;
            }
            _ => n += 1,
        }
    }
    n
}

/// Every `href="…"` and `src="…"` of a fragment (attribute values as written, `&amp;` decoded).
fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    let mut out = Vec::new();
    let mut rest: &'a str = html;
    while let Some(i) = rest.find(&needle) {
        let after = &rest[i + needle.len()..];
        let end = after.find('"').unwrap_or(after.len());
        out.push(after[..end].replace("&amp;", "&"));
        rest = &after[end..];
    }
    out
}

fn spans_text(spans: &[Span]) -> String {
    super::spans_text(spans)
}

/// Every image of the issue's markdown (the source as written) with its
/// alternative text: local ones included, which the article shows as text.
pub fn images(markdown: &str) -> Vec<(String, String)> {
    use pulldown_cmark::{Event, Parser, Tag, TagEnd};
    let mut out = Vec::new();
    let mut open: Option<(String, String)> = None;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => open = Some((dest_url.trim().to_string(), String::new())),
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, alt)) = &mut open {
                    alt.push_str(&t);
                }
            }
            Event::End(TagEnd::Image) => out.extend(open.take()),
            _ => {}
        }
    }
    out
}

/// The article's title as the editor's title field would take it.
pub fn title(doc: &WeChatDoc) -> Option<String> {
    doc.blocks.iter().find_map(|b| match b {
        Block::Title { title, .. } => Some(title.to_string()),
        _ => None,
    })
}

/// The digest (导读) as text, its label left out.
pub fn digest(doc: &WeChatDoc) -> Option<String> {
    doc.blocks.iter().find_map(|b| match b {
        Block::Digest { lines, .. } => {
            Some(lines.iter().map(|l| spans_text(l)).collect::<Vec<_>>().join("").trim().to_string())
        }
        _ => None,
    })
}

/// Checks an article, the fragment written from it ([`super::to_html`]) and
/// the markdown it was built from (for its images).
pub fn check(doc: &WeChatDoc, html: &str, markdown: &str) -> Readiness {
    let mut findings = Vec::new();
    let mut push = |rule, level, message: String| findings.push(Finding { rule, level, message });
    let body_chars = visible_chars(html);
    let body_bytes = html.len();
    if body_chars >= BODY_LIMIT_CHARS {
        push(
            "body-length",
            Level::Error,
            format!(
                "the body is {body_chars} characters; the editor takes fewer than {BODY_LIMIT_CHARS}: cut {} \
                 characters (shorten summaries, or move a section to the next issue)",
                body_chars + 1 - BODY_LIMIT_CHARS
            ),
        );
    } else {
        push(
            "body-length",
            Level::Info,
            format!("the body is {body_chars} of fewer than {BODY_LIMIT_CHARS} characters"),
        );
    }
    if body_bytes >= BODY_LIMIT_BYTES {
        push(
            "body-size",
            Level::Error,
            format!(
                "the fragment is {body_bytes} bytes; the editor takes less than 1 MB ({BODY_LIMIT_BYTES} bytes): \
                 move a section to the next issue"
            ),
        );
    }
    let title = title(doc);
    let title_chars = title.as_deref().map_or(0, |t| t.chars().count());
    match &title {
        None => push(
            "title",
            Level::Warning,
            "the article has no title line: add `# 嵌入式AI简报 (YYYY-MM-DD)` (the editor needs a title)".into(),
        ),
        Some(_) if title_chars > TITLE_LIMIT => push(
            "title-length",
            Level::Error,
            format!(
                "the title is {title_chars} characters; the editor takes {TITLE_LIMIT}: shorten it by {}",
                title_chars - TITLE_LIMIT
            ),
        ),
        Some(_) => {}
    }
    let digest = digest(doc);
    let digest_chars = digest.as_deref().map_or(0, |d| d.chars().count());
    if digest_chars > DIGEST_LIMIT {
        push(
            "digest-length",
            Level::Warning,
            format!(
                "the digest (导读) is {digest_chars} characters; the editor's 摘要 takes {DIGEST_LIMIT}: write a \
                 shorter 摘要 when saving, or shorten the 导读 by {}",
                digest_chars - DIGEST_LIMIT
            ),
        );
    }
    let imgs = images(markdown);
    for (src, alt) in &imgs {
        let name = if alt.is_empty() { src.clone() } else { format!("{alt} ({src})") };
        if !is_http_url(src) {
            push(
                "image-local",
                Level::Error,
                format!(
                    "the image {name} is a local file: it cannot be pasted; upload it and link it by https, or insert it in the editor"
                ),
            );
        } else if !src.get(..8).is_some_and(|s| s.eq_ignore_ascii_case("https://")) {
            push(
                "image-http",
                Level::Warning,
                format!("the image {name} is on plain http: the editor may not fetch it; use its https address"),
            );
        }
    }
    for href in attr_values(html, "href") {
        if !is_wechat_url(&href) {
            push(
                "link-refused",
                Level::Error,
                format!(
                    "a link to {href} is left in the fragment: WeChat refuses links outside mp.weixin.qq.com; make it a reference"
                ),
            );
        }
    }
    let references = doc.references.len();
    push(
        "references",
        Level::Info,
        format!("{references} reference{} listed under 参考资料", if references == 1 { "" } else { "s" }),
    );
    Readiness {
        counts: Counts { body_chars, body_bytes, title_chars, digest_chars, references, images: imgs.len() },
        findings,
    }
}

/// Checks an issue in a theme: the article built, its fragment written, then [`check`].
pub fn check_issue(issue: &crate::core::format::model::Issue, theme: &super::Theme) -> Readiness {
    let doc = super::build(issue);
    let html = super::to_html(&doc, theme);
    check(&doc, &html, &crate::core::format::render::render(issue))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_chars_leaves_out_tags_and_counts_entities_once() {
        assert_eq!(visible_chars(r#"<p style="color:#3f3f3f">a&amp;b</p>"#), 3);
        assert_eq!(visible_chars("<br>中文&nbsp;x"), 4);
    }

    #[test]
    fn hrefs_are_read_with_their_ampersands() {
        assert_eq!(attr_values(r#"<a href="https://x/?a=1&amp;b=2" style="">"#, "href"), ["https://x/?a=1&b=2"]);
    }
}
