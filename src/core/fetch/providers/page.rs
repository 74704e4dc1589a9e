//! Any page, and WeChat articles among them. A WeChat article is told by
//! its address (`mp.weixin.qq.com/s…`) or by the page itself (the account
//! name element `#js_name`, the `msg_title`/`nickname` script variables,
//! or the site name 微信公众平台): its title, the account's name (→ source,
//! as the newsletter writes `[title | 量子位](…)`) and the description
//! (→ 摘要). Any other page gives OpenGraph, then Twitter card, then
//! `<title>` and the meta description, and the site name (→ source).

use std::sync::atomic::AtomicBool;

use scraper::{Html, Selector};

use crate::core::fetch::http::{Http, host_of};
use crate::core::fetch::providers::status_error;
use crate::core::fetch::{FetchError, Kind, Meta, sanitize};

/// Fetches and reads a page.
pub fn fetch(http: &Http, url: &str, cancel: &AtomicBool) -> Result<Meta, FetchError> {
    let resp = http.get(url, &[("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5".into())], cancel)?;
    if let Some(e) = status_error(&resp) {
        return Err(e);
    }
    let media = resp.media_type();
    let html_like = media.is_empty() || media == "text/html" || media == "application/xhtml+xml";
    if !html_like {
        return Err(FetchError::NotAPage(if media.is_empty() { "no type".into() } else { media }));
    }
    let text = resp.text();
    if !looks_like_html(&text) {
        return Err(FetchError::NotAPage("no HTML in it".into()));
    }
    Ok(read(url, &text))
}

fn looks_like_html(text: &str) -> bool {
    let head: String = text.chars().take(4096).collect::<String>().to_ascii_lowercase();
    ["<html", "<head", "<title", "<meta", "<body", "<!doctype html"].iter().any(|t| head.contains(t))
}

/// Whether an address is a WeChat article's.
pub fn is_wechat_url(url: &str) -> bool {
    let host = host_of(url).to_ascii_lowercase();
    host == "mp.weixin.qq.com"
}

/// Reads a page's fields (the page fetched from `url`).
pub fn read(url: &str, html: &str) -> Meta {
    let doc = Html::parse_document(html);
    let meta = |attr: &str, name: &str| -> Option<String> {
        let sel = Selector::parse(&format!("meta[{attr}=\"{name}\"]")).ok()?;
        doc.select(&sel).find_map(|m| m.value().attr("content").map(str::to_string)).filter(|v| !v.trim().is_empty())
    };
    let text_of = |css: &str| -> Option<String> {
        let sel = Selector::parse(css).ok()?;
        doc.select(&sel).map(|e| e.text().collect::<String>()).find(|t| !t.trim().is_empty())
    };
    let wechat = is_wechat_url(url)
        || text_of("#js_name").is_some()
        || js_var(html, "msg_title").is_some()
        || meta("property", "og:site_name").is_some_and(|s| s.contains("微信公众平台"));
    let og_title = meta("property", "og:title").or_else(|| meta("name", "twitter:title"));
    let description = meta("property", "og:description")
        .or_else(|| meta("name", "twitter:description"))
        .or_else(|| meta("name", "description"));
    if wechat {
        let title = og_title
            .or_else(|| js_var(html, "msg_title"))
            .or_else(|| text_of("#activity-name"))
            .or_else(|| text_of("title"))
            .unwrap_or_default();
        let account = text_of("#js_name")
            .or_else(|| js_var(html, "nickname"))
            .or_else(|| text_of(".profile_nickname"))
            .or_else(|| meta("name", "author"));
        let desc = description.or_else(|| js_var(html, "msg_desc"));
        return finish(Kind::Wechat, url, &title, account.as_deref(), desc.as_deref());
    }
    let site = meta("property", "og:site_name")
        .or_else(|| meta("name", "application-name"))
        .or_else(|| meta("name", "twitter:site").map(|s| s.trim_start_matches('@').to_string()));
    let plain_title = text_of("title");
    // With no site name given, the suffix of `<title>` names the site.
    let mut suffix = None;
    let title = match (og_title, plain_title) {
        (Some(t), plain) => {
            if site.is_none() {
                suffix = plain.and_then(|p| split_site_suffix(&p, None).1);
            }
            t
        }
        (None, Some(t)) => {
            let (head, tail) = split_site_suffix(&t, site.as_deref());
            suffix = tail;
            head
        }
        (None, None) => text_of("h1").unwrap_or_default(),
    };
    let source = site.or(suffix).unwrap_or_else(|| {
        let host = host_of(url).to_ascii_lowercase();
        let host = host.split(':').next().unwrap_or(&host).to_string();
        host.strip_prefix("www.").unwrap_or(&host).to_string()
    });
    let desc = description.or_else(|| {
        let sel = Selector::parse("p").ok()?;
        doc.select(&sel).map(|p| p.text().collect::<String>()).find(|t| t.trim().chars().count() >= 30)
    });
    finish(Kind::Page, url, &title, Some(&source), desc.as_deref())
}

/// `Title - Site`, `Title | Site`, `Title_Site` → `Title` when the site
/// is named (or the suffix is short); with it the suffix, when no site
/// name was given (the page's own name for its site).
fn split_site_suffix(title: &str, site: Option<&str>) -> (String, Option<String>) {
    let t = title.trim();
    for sep in [" | ", " ｜ ", "｜", " - ", " – ", " — ", "_", " · "] {
        if let Some((head, tail)) = t.rsplit_once(sep) {
            let (head, tail) = (head.trim(), tail.trim());
            let named = site.is_some_and(|s| tail.eq_ignore_ascii_case(s.trim()));
            let short = site.is_none()
                && !tail.is_empty()
                && tail.chars().count() <= 20
                && head.chars().count() > tail.chars().count();
            if !head.is_empty() && (named || short) {
                return (head.to_string(), short.then(|| tail.to_string()));
            }
        }
    }
    (t.to_string(), None)
}

#[cfg(test)]
fn strip_site_suffix(title: &str, site: Option<&str>) -> String {
    split_site_suffix(title, site).0
}

fn finish(kind: Kind, url: &str, title: &str, source: Option<&str>, desc: Option<&str>) -> Meta {
    let source = source.map(|s| sanitize::clean(s, 60)).filter(|s| !s.is_empty());
    let mut fields = Vec::new();
    if let Some(d) = desc.map(sanitize::summary).filter(|d| !d.is_empty()) {
        fields.push(("摘要".to_string(), d));
    }
    Meta {
        kind: Some(kind),
        url: url.to_string(),
        tags: Vec::new(),
        repo: None,
        title: sanitize::title(title),
        source,
        fields,
        facts: Vec::new(),
    }
}

/// The string a page's script assigns: `var NAME = "…";`, `var NAME = '…'`
/// or `var NAME = htmlDecode("…")`, with JS escapes read.
pub fn js_var(html: &str, name: &str) -> Option<String> {
    let mut from = 0;
    while let Some(p) = html[from..].find(name) {
        let at = from + p;
        from = at + name.len();
        let before = html[..at].trim_end();
        if !(before.ends_with("var") || before.ends_with(',') || before.ends_with("let") || before.ends_with('.')) {
            continue;
        }
        let rest = html[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else { continue };
        let rest = rest.trim_start();
        let rest = rest.strip_prefix("htmlDecode(").unwrap_or(rest).trim_start();
        let quote = rest.chars().next()?;
        if quote != '"' && quote != '\'' {
            continue;
        }
        let mut out = String::new();
        let mut chars = rest[1..].chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next()? {
                    'n' | 'r' | 't' => out.push(' '),
                    'x' => {
                        let h: String = chars.by_ref().take(2).collect();
                        out.push(char::from_u32(u32::from_str_radix(&h, 16).ok()?)?);
                    }
                    'u' => {
                        let h: String = chars.by_ref().take(4).collect();
                        out.push(char::from_u32(u32::from_str_radix(&h, 16).ok()?).unwrap_or('\u{fffd}'));
                    }
                    other => out.push(other),
                },
                c if c == quote => return Some(out).filter(|s| !s.trim().is_empty()),
                '\n' => return None,
                c => out.push(c),
            }
        }
        return None;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_variables_are_read_with_escapes() {
        let html = r#"<script>var nickname = htmlDecode("AI\x26芯片");
        var msg_title = 'It\'s here';</script>"#;
        assert_eq!(js_var(html, "nickname").as_deref(), Some("AI&芯片"));
        assert_eq!(js_var(html, "msg_title").as_deref(), Some("It's here"));
        assert_eq!(js_var(html, "msg_desc"), None);
    }

    #[test]
    fn site_suffixes_leave_titles() {
        assert_eq!(strip_site_suffix("A new chip - Example News", Some("Example News")), "A new chip");
        assert_eq!(strip_site_suffix("Why X | Blog", None), "Why X");
        assert_eq!(strip_site_suffix("A - B", Some("C")), "A - B");
        assert_eq!(split_site_suffix("一款芯片开始送样_边缘周刊", None).1.as_deref(), Some("边缘周刊"));
        assert_eq!(split_site_suffix("A new chip - Example News", Some("Example News")).1, None);
    }
}
