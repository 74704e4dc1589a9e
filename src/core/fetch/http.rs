//! One bounded HTTP client for every provider: a connect and a total
//! time-out, a cap on the response size, at most [`MAX_REDIRECTS`]
//! redirects and only to http(s) (followed here, one by one, so each target
//! is checked), a proxy from the configuration (`HTTPS_PROXY`, `NO_PROXY`,
//! read at the edge by [`crate::core::fetch::FetchConfig::from_env`]), and
//! the text decoded from the charset the header or the page names (GBK and
//! GB18030 pages are common).

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::core::fetch::{FetchConfig, FetchError};

/// Redirects followed before [`FetchError::BadRedirect`].
pub const MAX_REDIRECTS: usize = 5;

/// A response read whole (within the size cap).
#[derive(Clone, Debug)]
pub struct Response {
    /// The address that answered, after redirects.
    pub url: String,
    pub status: u16,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The media type without parameters, lower case (`text/html`).
    pub fn media_type(&self) -> String {
        self.header("content-type").unwrap_or("").split(';').next().unwrap_or("").trim().to_ascii_lowercase()
    }

    /// The body as text, decoded from the charset of the header, else of a
    /// byte-order mark or the page's `<meta charset>`, else UTF-8
    /// (malformed bytes become U+FFFD).
    pub fn text(&self) -> String {
        let label = self.header("content-type").and_then(charset_param).or_else(|| meta_charset(&self.body));
        decode(&self.body, label.as_deref())
    }
}

/// `text/html; charset=GBK` → `GBK`.
fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim().eq_ignore_ascii_case("charset").then(|| v.trim().trim_matches(['"', '\'']).to_string())
    })
}

/// The charset a page names in its first 4 KiB: `<meta charset="gbk">` or
/// `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`
/// (or an XML declaration's `encoding`).
pub fn meta_charset(body: &[u8]) -> Option<String> {
    let head = &body[..body.len().min(4096)];
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    for key in [&b"charset="[..], &b"encoding="[..]] {
        let mut from = 0;
        while let Some(p) = memchr::memmem::find(&lower[from..], key) {
            let start = from + p + key.len();
            let rest = &head[start..];
            let rest = rest.strip_prefix(b"\"").or_else(|| rest.strip_prefix(b"'")).unwrap_or(rest);
            let len = rest
                .iter()
                .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':')))
                .unwrap_or(rest.len());
            if len > 0 {
                let label = String::from_utf8_lossy(&rest[..len]).into_owned();
                if encoding_rs::Encoding::for_label(label.as_bytes()).is_some() {
                    return Some(label);
                }
            }
            from = start;
        }
    }
    None
}

/// Decodes bytes with a charset label; a BOM wins; unknown labels are UTF-8.
pub fn decode(body: &[u8], label: Option<&str>) -> String {
    let encoding =
        label.and_then(|l| encoding_rs::Encoding::for_label(l.trim().as_bytes())).unwrap_or(encoding_rs::UTF_8);
    // GB2312 and GBK pages often hold GB18030 characters: decode as the superset.
    let encoding = if encoding == encoding_rs::GBK { encoding_rs::GB18030 } else { encoding };
    let (text, _, _) = encoding.decode(body);
    text.into_owned()
}

/// The client.
pub struct Http {
    direct: ureq::Agent,
    proxied: Option<ureq::Agent>,
    no_proxy: Vec<String>,
    max_bytes: u64,
    user_agent: String,
}

fn agent(config: &FetchConfig, proxy: Option<ureq::Proxy>) -> ureq::Agent {
    ureq::Agent::config_builder()
        .timeout_connect(Some(config.connect_timeout))
        .timeout_global(Some(config.total_timeout))
        .max_redirects(0)
        .max_redirects_will_error(false)
        .http_status_as_error(false)
        .proxy(proxy)
        .max_response_header_size(64 * 1024)
        .build()
        .into()
}

impl Http {
    /// A client with the configuration's time-outs, cap and proxy. A proxy
    /// that cannot be parsed is an error (named, not ignored).
    pub fn new(config: &FetchConfig) -> Result<Http, FetchError> {
        let proxied = match config.proxy.as_deref().filter(|p| !p.trim().is_empty()) {
            Some(p) => {
                let proxy = ureq::Proxy::new(p).map_err(|e| FetchError::Network(format!("the proxy {p}: {e}")))?;
                Some(agent(config, Some(proxy)))
            }
            None => None,
        };
        Ok(Http {
            direct: agent(config, None),
            proxied,
            no_proxy: config.no_proxy.clone(),
            max_bytes: config.max_bytes,
            user_agent: config.user_agent.clone(),
        })
    }

    /// Whether `host` bypasses the proxy (`NO_PROXY`: `*`, a host, or a
    /// domain suffix with or without a leading dot; loopback always does).
    pub fn bypasses_proxy(&self, host: &str) -> bool {
        let host = host.trim_start_matches('[').split(']').next().unwrap_or(host);
        let host =
            host.rsplit_once(':').filter(|(_, p)| p.bytes().all(|b| b.is_ascii_digit())).map_or(host, |(h, _)| h);
        if matches!(host, "localhost" | "127.0.0.1" | "::1") {
            return true;
        }
        self.no_proxy.iter().any(|rule| {
            let rule = rule.trim().trim_start_matches('*').trim_start_matches('.');
            rule.is_empty() && !self.no_proxy.is_empty()
                || host.eq_ignore_ascii_case(rule)
                || host.len() > rule.len()
                    && host[host.len() - rule.len()..].eq_ignore_ascii_case(rule)
                    && host.as_bytes()[host.len() - rule.len() - 1] == b'.'
        })
    }

    /// GETs a URL, following redirects (each checked), and reads the body
    /// within the size cap. `cancel` is looked at before each request; a
    /// request under way ends by its time-outs.
    pub fn get(&self, url: &str, headers: &[(&str, String)], cancel: &AtomicBool) -> Result<Response, FetchError> {
        let mut current = url.to_string();
        check_scheme(&current).map_err(|_| FetchError::BadUrl(url.to_string()))?;
        let mut seen = vec![current.clone()];
        for _ in 0..=MAX_REDIRECTS {
            if cancel.load(Ordering::Relaxed) {
                return Err(FetchError::Cancelled);
            }
            let resp = self.get_once(&current, headers)?;
            if matches!(resp.status, 301 | 302 | 303 | 307 | 308) {
                let location = resp
                    .header("location")
                    .ok_or_else(|| FetchError::BadRedirect(format!("{current} redirects without a Location")))?;
                let next = resolve(&current, location.trim());
                check_scheme(&next).map_err(|_| FetchError::BadRedirect(format!("to {}", short(&next))))?;
                if seen.contains(&next) {
                    return Err(FetchError::BadRedirect(format!("a loop at {}", short(&next))));
                }
                seen.push(next.clone());
                current = next;
                continue;
            }
            return Ok(resp);
        }
        Err(FetchError::BadRedirect(format!("more than {MAX_REDIRECTS} redirects")))
    }

    fn get_once(&self, url: &str, headers: &[(&str, String)]) -> Result<Response, FetchError> {
        let host = host_of(url);
        let agent = match &self.proxied {
            Some(p) if !self.bypasses_proxy(host) => p,
            _ => &self.direct,
        };
        let mut req = agent.get(url).header("User-Agent", &self.user_agent);
        for (k, v) in headers {
            req = req.header(*k, v);
        }
        let mut resp = req.call().map_err(map_error)?;
        let status = resp.status().as_u16();
        let headers: Vec<(String, String)> = resp
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_ascii_lowercase(), String::from_utf8_lossy(v.as_bytes()).into_owned()))
            .collect();
        let too_large = headers
            .iter()
            .find(|(k, _)| k == "content-length")
            .and_then(|(_, v)| v.trim().parse::<u64>().ok())
            .is_some_and(|n| n > self.max_bytes);
        if too_large {
            return Err(FetchError::TooLarge(self.max_bytes));
        }
        let body = if matches!(status, 301 | 302 | 303 | 307 | 308) {
            Vec::new()
        } else {
            resp.body_mut().with_config().limit(self.max_bytes).read_to_vec().map_err(map_error)?
        };
        Ok(Response { url: url.to_string(), status, headers, body })
    }
}

fn short(url: &str) -> String {
    url.chars().take(80).collect()
}

fn map_error(e: ureq::Error) -> FetchError {
    match e {
        ureq::Error::Timeout(_) => FetchError::TimedOut,
        ureq::Error::BodyExceedsLimit(n) => FetchError::TooLarge(n),
        ureq::Error::Io(io) if matches!(io.kind(), std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock) => {
            FetchError::TimedOut
        }
        ureq::Error::Io(io) => match io.get_ref().and_then(|inner| inner.downcast_ref::<ureq::Error>()) {
            Some(ureq::Error::BodyExceedsLimit(n)) => FetchError::TooLarge(*n),
            Some(ureq::Error::Timeout(_)) => FetchError::TimedOut,
            _ => FetchError::Network(io.to_string()),
        },
        ureq::Error::HostNotFound => FetchError::Network("host not found".into()),
        ureq::Error::BadUri(u) => FetchError::BadUrl(u),
        other => FetchError::Network(other.to_string()),
    }
}

fn check_scheme(url: &str) -> Result<(), ()> {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    if (lower.starts_with("http://") || lower.starts_with("https://")) && !host_of(url).is_empty() {
        Ok(())
    } else {
        Err(())
    }
}

/// The `host[:port]` of an absolute URL.
pub fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..end];
    host.rsplit_once('@').map_or(host, |(_, h)| h)
}

/// A Location resolved against the URL that sent it.
pub fn resolve(base: &str, location: &str) -> String {
    if location.contains("://")
        || location.split_once(':').is_some_and(|(s, _)| {
            !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
        })
    {
        return location.to_string();
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("http", base));
    if let Some(net) = location.strip_prefix("//") {
        return format!("{scheme}://{net}");
    }
    let host = host_of(base);
    let origin = format!("{scheme}://{host}");
    if location.starts_with('/') {
        return format!("{origin}{location}");
    }
    let path = &rest[host.len()..];
    let path = path.split(['?', '#']).next().unwrap_or("");
    let dir = path.rfind('/').map_or("/", |p| &path[..=p]);
    format!("{origin}{dir}{location}")
}

/// Sleeps in short steps until `until`, returning early (false) on cancel.
pub fn sleep_until(until: std::time::Instant, cancel: &AtomicBool) -> bool {
    loop {
        if cancel.load(Ordering::Relaxed) {
            return false;
        }
        let now = std::time::Instant::now();
        if now >= until {
            return true;
        }
        std::thread::sleep((until - now).min(Duration::from_millis(20)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_resolve_against_the_base() {
        assert_eq!(resolve("http://a.b/x/y?q", "/z"), "http://a.b/z");
        assert_eq!(resolve("http://a.b/x/y", "z"), "http://a.b/x/z");
        assert_eq!(resolve("https://a.b/x", "//c.d/e"), "https://c.d/e");
        assert_eq!(resolve("http://a.b/x", "file:///etc/passwd"), "file:///etc/passwd");
        assert!(check_scheme("file:///etc/passwd").is_err());
        assert!(check_scheme("javascript:alert(1)").is_err());
        assert!(check_scheme("HTTPS://a.b/").is_ok());
    }

    #[test]
    fn charsets_from_header_and_meta() {
        assert_eq!(charset_param("text/html; charset=\"GBK\"").as_deref(), Some("GBK"));
        assert_eq!(meta_charset(b"<html><head><meta charset=gb2312>").as_deref(), Some("gb2312"));
        let (gbk, _, _) = encoding_rs::GBK.encode("中文标题");
        assert_eq!(decode(&gbk, Some("gb2312")), "中文标题");
    }

    #[test]
    fn no_proxy_matches_hosts_and_domains() {
        let config = FetchConfig { no_proxy: vec![".example.com".into(), "intranet".into()], ..FetchConfig::default() };
        let http = Http::new(&config).unwrap();
        assert!(http.bypasses_proxy("a.example.com"));
        assert!(http.bypasses_proxy("example.com:8080"));
        assert!(!http.bypasses_proxy("badexample.com"));
        assert!(http.bypasses_proxy("intranet"));
        assert!(http.bypasses_proxy("127.0.0.1:9"));
        assert!(!http.bypasses_proxy("arxiv.org"));
    }
}
