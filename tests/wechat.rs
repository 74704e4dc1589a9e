//! The WeChat export, parsed back with an HTML parser and checked against the
//! rules of what survives a paste into the WeChat editor (docs: WECHAT.md):
//! on every corpus issue, our own fixtures and a hostile fixture.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use jianbao::core::export::wechat::{self, Block, SpanKind, Theme};
use jianbao::core::{SectionKind, parse};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use scraper::{ElementRef, Html, Node, Selector};

fn hostile() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile.md")).unwrap()
}

fn host_of(url: &str) -> Option<String> {
    url::Url::parse(url).ok().and_then(|u| u.host_str().map(str::to_string))
}

fn is_wechat_host(url: &str) -> bool {
    host_of(url).as_deref() == Some("mp.weixin.qq.com")
}

/// The external links of a markdown text, found independently of the code
/// under test: markdown links and raw-HTML `<a href>` with an http(s) URL, a
/// host other than mp.weixin.qq.com, and a text that is not the URL itself.
fn external_links(markdown: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    // Line by line, as the issue format is (a link never spans lines).
    for line in markdown.lines() {
        let mut open: Vec<(String, String)> = Vec::new();
        for event in Parser::new(line.trim_start()) {
            match event {
                Event::Start(Tag::Link { dest_url, .. }) => open.push((dest_url.to_string(), String::new())),
                Event::Text(t) | Event::Code(t) => {
                    if let Some((_, text)) = open.last_mut() {
                        text.push_str(&t);
                    }
                }
                Event::End(TagEnd::Link) => {
                    let (url, text) = open.pop().unwrap();
                    let url = url.trim().to_string();
                    let http = url.to_ascii_lowercase().starts_with("http://")
                        || url.to_ascii_lowercase().starts_with("https://");
                    if http && !is_wechat_host(&url) && text.trim() != url {
                        out.insert(url);
                    }
                }
                Event::Html(h) | Event::InlineHtml(h) => {
                    let mut rest = &*h;
                    while let Some(i) = rest.find("href=\"") {
                        rest = &rest[i + 6..];
                        let url = &rest[..rest.find('"').unwrap_or(rest.len())];
                        if url.starts_with("http") && !is_wechat_host(url) {
                            out.insert(url.replace("&amp;", "&"));
                        }
                    }
                }
                _ => {}
            }
        }
    }
    out
}

/// Text of an element, with `<br>` as a newline.
fn text_of(e: ElementRef) -> String {
    let mut s = String::new();
    for node in e.descendants() {
        match node.value() {
            Node::Text(t) => s.push_str(t),
            Node::Element(el) if el.name() == "br" => s.push('\n'),
            _ => {}
        }
    }
    s
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// The references of an export, read from the HTML: (number, url) in order.
fn references(doc: &Html) -> Vec<(usize, String)> {
    let h3 = doc.select(&sel("h3")).find(|h| text_of(*h) == "参考资料");
    let Some(h3) = h3 else { return Vec::new() };
    let list = h3.next_siblings().find_map(ElementRef::wrap).expect("a list after 参考资料");
    assert_eq!(list.value().name(), "section");
    list.select(&sel("p"))
        .map(|p| {
            let t = text_of(p);
            let (num, rest) = t.strip_prefix('[').and_then(|t| t.split_once("] ")).expect("[n] …");
            let url = rest.rsplit(' ').next().unwrap().to_string();
            (num.parse().unwrap(), url)
        })
        .collect()
}

/// Every rule of WECHAT.md that can be read off the fragment; returns the parsed fragment.
fn check_fragment(name: &str, markdown: &str, html: &str) -> Html {
    assert!(html.starts_with("<section style=\""), "{name}: one root section");
    assert!(html.ends_with("</section>"), "{name}");
    let doc = Html::parse_fragment(html);
    assert!(doc.errors.is_empty(), "{name}: HTML errors {:?}", doc.errors);
    let root = doc.root_element();
    let top: Vec<ElementRef> = root.children().filter_map(ElementRef::wrap).collect();
    assert_eq!(top.len(), 1, "{name}: exactly one root element");
    assert_eq!(top[0].value().name(), "section", "{name}");
    assert!(root.children().all(|n| !n.value().is_text()), "{name}: nothing outside the root section");

    // No style sheet, script, list or other element WeChat drops or breaks.
    for bad in ["style", "script", "iframe", "ul", "ol", "li", "link", "meta", "object", "embed", "form", "div"] {
        assert_eq!(doc.select(&sel(bad)).count(), 0, "{name}: <{bad}> in the output");
    }
    // Only inline styles; no class, id or CSS variable; no pure black.
    for e in top[0].descendants().filter_map(ElementRef::wrap) {
        let el = e.value();
        for (attr, value) in el.attrs() {
            let allowed = match attr {
                "style" => true,
                "href" => el.name() == "a",
                "src" | "alt" => el.name() == "img",
                _ => false,
            };
            assert!(allowed, "{name}: attribute {attr} on <{}>", el.name());
            if attr == "style" {
                let v = value.to_ascii_lowercase().replace(' ', "");
                assert!(!v.contains("var("), "{name}: CSS variable in {value}");
                for black in ["#000;", "#000000", "color:black", "rgb(0,0,0)"] {
                    assert!(!format!("{v};").contains(black), "{name}: pure black in {value}");
                }
                if v.ends_with("#000") {
                    panic!("{name}: pure black in {value}");
                }
            }
        }
        // Links only to mp.weixin.qq.com.
        if el.name() == "a" {
            let href = el.attr("href").expect("a link has an href");
            assert!(href.starts_with("https://") || href.starts_with("http://"), "{name}: {href}");
            assert!(is_wechat_host(href), "{name}: link to {href}");
        }
        if el.name() == "img" {
            let src = el.attr("src").unwrap();
            assert!(src.starts_with("https://") || src.starts_with("http://"), "{name}: image {src}");
        }
    }
    // Compact: no whitespace next to a block tag (inline spacing is text).
    let block = |tag: &str| {
        let name: String =
            tag.trim_start_matches(['<', '/']).chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
        matches!(name.as_str(), "section" | "p" | "h1" | "h2" | "h3" | "hr")
    };
    let bytes = html.as_bytes();
    for (i, _) in html.match_indices('>') {
        let ws = bytes[i + 1..].iter().take_while(|b| b.is_ascii_whitespace()).count();
        if ws == 0 || bytes.get(i + 1 + ws) != Some(&b'<') {
            continue;
        }
        let before = &html[html[..i].rfind('<').unwrap()..i];
        let after = &html[i + 1 + ws..];
        assert!(!block(before) && !block(after), "{name}: whitespace next to a block tag at {i}");
    }
    assert!(!html.contains('\n'), "{name}: a newline in the fragment");

    // References: numbered 1..n, one per URL, exactly the issue's external links.
    let refs = references(&doc);
    for (i, (n, _)) in refs.iter().enumerate() {
        assert_eq!(*n, i + 1, "{name}: references numbered in order");
    }
    let urls: Vec<&String> = refs.iter().map(|(_, u)| u).collect();
    let unique: BTreeSet<String> = urls.iter().map(|u| u.to_string()).collect();
    assert_eq!(unique.len(), urls.len(), "{name}: a URL numbered twice");
    assert_eq!(unique, external_links(markdown), "{name}: references differ from the issue's external links");
    // Every number is cited in the text as [n], and only those numbers.
    let cited: BTreeSet<usize> = doc
        .select(&sel("sup"))
        .map(|s| text_of(s).trim_matches(['[', ']']).parse::<usize>().expect("a sup holds [n]"))
        .collect();
    assert_eq!(cited, (1..=refs.len()).collect(), "{name}: cited numbers");
    doc
}

/// The plain-text alternative: text, not markup; titles, summaries, numbered references.
fn check_plain(name: &str, markdown: &str, plain: &str, refs: &[(usize, String)]) {
    for tag in ["<section", "<p ", "<p>", "style=", "<sup", "<a ", "<br", "</"] {
        // Hostile text may itself hold `</`: only check markup our writer would make.
        if tag == "</" {
            continue;
        }
        assert!(!plain.contains(tag), "{name}: {tag} in the plain text");
    }
    let issue = parse(markdown);
    if let Some(t) = issue.title() {
        assert!(plain.starts_with(&format!("{} ({})", t.name.trim(), t.date.trim())), "{name}: title first");
    }
    for s in &issue.sections {
        // A linked heading carries its [n].
        assert!(plain.contains(&format!("【{}", s.heading.title.trim())), "{name}: heading {}", s.heading.title);
    }
    if !refs.is_empty() {
        assert!(plain.contains("\n参考资料\n"), "{name}");
        let after = &plain[plain.rfind("\n参考资料\n").unwrap()..];
        for (n, url) in refs {
            let line = after.lines().find(|l| l.starts_with(&format!("[{n}] "))).expect("a reference line");
            assert!(line.ends_with(url.as_str()), "{name}: [{n}] {url}");
        }
    }
    // Summaries read as written (those without inline markup).
    for (_, entry) in issue.entries() {
        let Some(t) = entry.typed() else { continue };
        for (label, value) in t.fields() {
            let v = value.trim();
            if v.bytes().any(|b| b"[]*_`<>&\\!".contains(&b)) {
                continue;
            }
            assert!(plain.contains(&format!("{}：{v}", label.trim())), "{name}: field {label}：{v}");
        }
    }
}

fn check_issue(name: &str, markdown: &str) {
    let issue = parse(markdown);
    let doc = wechat::build(&issue);
    for theme in Theme::all() {
        let html = wechat::to_html(&doc, &theme);
        let parsed = check_fragment(&format!("{name} ({})", theme.name), markdown, &html);
        if theme.name == "classic" {
            let refs = references(&parsed);
            check_plain(name, markdown, &wechat::to_plain_text(&doc), &refs);
        }
    }
    // Entries are blocks with a literal bullet, one per entry of the issue.
    let entries = doc.blocks.iter().filter(|b| matches!(b, Block::Entry(_))).count();
    assert_eq!(entries, issue.entries().count(), "{name}: one block per entry");
    let html = wechat::to_html(&doc, &Theme::default());
    let parsed = Html::parse_fragment(&html);
    let bullets =
        parsed.select(&sel("section > section > p:first-child")).filter(|p| text_of(*p).starts_with("• ")).count();
    assert!(bullets >= entries, "{name}: {bullets} bulleted heads for {entries} entries");
}

#[test]
fn every_corpus_issue_follows_the_rules() {
    let issues = common::corpus_issues();
    for (name, bytes) in &issues {
        check_issue(name, std::str::from_utf8(bytes).unwrap());
    }
}

#[test]
fn own_fixtures_follow_the_rules() {
    for (name, text) in common::own_fixtures() {
        check_issue(&name, &text);
    }
}

#[test]
fn corpus_wechat_links_stay_links() {
    for (name, bytes) in common::corpus_issues() {
        let text = String::from_utf8(bytes).unwrap();
        let html = wechat::to_html(&wechat::build(&parse(&text)), &Theme::default());
        let doc = Html::parse_fragment(&html);
        let hrefs: BTreeSet<String> =
            doc.select(&sel("a")).map(|a| a.value().attr("href").unwrap().to_string()).collect();
        let expected: BTreeSet<String> = text
            .match_indices("](https://mp.weixin.qq.com/")
            .map(|(i, _)| {
                let rest = &text[i + 2..];
                rest[..rest.find(')').unwrap()].to_string()
            })
            // A URL broken across lines is no link (the line stays text).
            .filter(|url| !url.contains('\n'))
            .collect();
        assert_eq!(hrefs, expected, "{name}");
    }
}

fn hostile_export() -> (String, Html, String) {
    let md = hostile();
    let doc = wechat::build(&parse(&md));
    let html = wechat::to_html(&doc, &Theme::default());
    let parsed = Html::parse_fragment(&html);
    (html, parsed, wechat::to_plain_text(&doc))
}

#[test]
fn hostile_text_is_escaped_and_shown() {
    let (html, doc, plain) = hostile_export();
    let text = text_of(doc.root_element());
    // Markup in the markdown is text in the article.
    for shown in [
        "<script>alert(\"标题\")</script> & \"引号\" 'single'",
        "<script>alert('entry')</script> 标题里的脚本",
        "<iframe src=\"https://evil.example/\"></iframe>",
        "<style>body{display:none}</style>",
        "a < b && c > d",
        "A \"Quoted\" & <Tagged> Paper Title",
        "仓库 <描述> & 更多",
    ] {
        assert!(text.contains(shown), "{shown:?} not shown as text");
        assert!(plain.contains(shown), "{shown:?} not in the plain text");
    }
    assert!(html.contains("&lt;script&gt;alert('entry')&lt;/script&gt;"));
    assert!(!html.contains("<script"));
    assert!(!html.contains("<iframe"));
    assert!(!html.contains("onerror"));
    // Known harmless tags are understood: <b> is bold, <div class id style> and <font> vanish.
    let strong: Vec<String> = doc.select(&sel("strong")).map(text_of).collect();
    assert!(strong.contains(&"加粗".to_string()), "{strong:?}");
    assert!(text.contains("带类名和变量的原始HTML"));
    assert!(text.contains("注：旧式注释，"));
    // Code keeps its spaces as &nbsp; and its markup as text.
    assert!(html.contains("代码&nbsp;&lt;b&gt;不解析&lt;/b&gt;&nbsp;&nbsp;两个空格</code>"), "{html}");
    // Emphasis.
    assert!(strong.contains(&"粗体".to_string()));
    assert_eq!(doc.select(&sel("em")).map(text_of).collect::<Vec<_>>(), ["斜体"]);
}

#[test]
fn hostile_links_follow_the_reference_convention() {
    let (html, doc, plain) = hostile_export();
    let hrefs: Vec<String> = doc.select(&sel("a")).map(|a| a.value().attr("href").unwrap().to_string()).collect();
    assert_eq!(hrefs, ["https://mp.weixin.qq.com/s/HostileFixture01", "https://mp.weixin.qq.com/s/HostileFixture02"]);
    // The whole warm-up item is one link, subject in bold inside it.
    let first = doc.select(&sel("a")).next().unwrap();
    assert_eq!(text_of(first), "测试乙：微信文章 \"引号\" & 符号");
    let refs = references(&doc);
    let urls: Vec<&str> = refs.iter().map(|(_, u)| u.as_str()).collect();
    assert_eq!(
        urls,
        [
            "https://example.org/twice",
            "https://mp.weixin.qq.com@evil.example/steal",
            "https://example.org/news?a=1&b=<2>",
            "https://example.org/raw-html",
            "https://github.com/someone/hostile-repo",
            "http://creativecommons.org/licenses/by-sa/4.0/",
        ]
    );
    // A URL cited three times keeps its one number.
    let text = text_of(doc.root_element());
    assert_eq!(text.matches("[1]").count(), 3 + 1, "three citations and the list line");
    assert!(text.contains("同一个网址[1]"));
    assert!(text.contains("整条链接被引用第二次[1]"));
    assert!(text.contains("[code][1]"));
    // The licence: both of its links are one reference.
    assert_eq!(text.matches("[6]").count(), 3);
    // Bare URLs, an autolink and a link whose text is its URL stay plain text.
    for bare in ["https://example.net/bare", "https://example.net/auto", "https://example.org/plain-title"] {
        assert!(text.contains(bare));
        assert!(!urls.contains(&bare));
    }
    // javascript:, data: and a relative image never become links or references.
    for bad in ["javascript", "JAVASCRIPT", "data:"] {
        assert!(!urls.iter().any(|u| u.contains(bad)), "{bad}");
        assert!(!html.contains(&format!("href=\"{bad}")));
    }
    assert!(text.contains("链接 javascript 与 同一个网址[1]"));
    assert!(text.contains("大写协议 和 data。"));
    assert!(text.contains("〔图片：二维码〕"));
    // The plain text carries the WeChat links' URLs and the numbered list.
    assert!(plain.contains("测试乙：微信文章 \"引号\" & 符号 (https://mp.weixin.qq.com/s/HostileFixture01)"));
    assert!(plain.contains("\n参考资料\n[1] 同一个网址: https://example.org/twice\n"));
    assert!(plain.ends_with("[6] 许可协议: http://creativecommons.org/licenses/by-sa/4.0/\n"));
}

#[test]
fn entries_are_blocks_with_their_parts() {
    let md = hostile();
    let doc = wechat::build(&parse(&md));
    let entries: Vec<&wechat::EntryBlock> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Entry(e) => Some(e),
            _ => None,
        })
        .collect();
    assert_eq!(entries.len(), 5);
    assert_eq!(entries[0].source.as_deref(), Some("来源 & \"引号\""));
    assert_eq!(entries[2].tags, ["2602.00001"]);
    assert!(matches!(&entries[1].title[0].kind, SpanKind::Link { url } if url.ends_with("HostileFixture02")));
    match &entries[1].lines[1] {
        wechat::EntryLine::Item { marker, depth, .. } => assert_eq!((marker.as_str(), *depth), ("1.", 0)),
        other => panic!("{other:?}"),
    }
    match &entries[0].lines[1] {
        wechat::EntryLine::Field { label, spans } => {
            assert_eq!(label, "代码");
            assert_eq!(wechat::spans_text(spans), "https://example.org/code");
        }
        other => panic!("{other:?}"),
    }
    // Each entry is a <section> of <p>s, the head with a literal bullet.
    let html = wechat::to_html(&doc, &Theme::default());
    let parsed = Html::parse_fragment(&html);
    let heads: Vec<String> =
        parsed.select(&sel("section > section > p:first-child")).map(text_of).filter(|t| t.starts_with("• ")).collect();
    assert_eq!(heads.len(), 5, "{heads:?}");
    assert!(heads.contains(&"• [2602.00001] A \"Quoted\" & <Tagged> Paper Title".to_string()));
}

#[test]
fn themes_are_named_light_and_serialisable() {
    let all = Theme::all();
    assert!(all.len() >= 2);
    let names: Vec<&str> = all.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, Theme::NAMES);
    for t in &all {
        assert_eq!(Theme::by_name(&t.name).as_ref(), Some(t));
        let json = serde_json::to_string(t).unwrap();
        assert_eq!(&serde_json::from_str::<Theme>(&json).unwrap(), t);
        for c in [t.text, t.heading, t.accent, t.link, t.tag, t.muted, t.code] {
            assert_ne!(c.to_array(), [0, 0, 0], "{}: pure black", t.name);
        }
        // A light theme: a light background, darker text.
        let luma = |c: wechat::Rgb| 0.299 * c.0 as f32 + 0.587 * c.1 as f32 + 0.114 * c.2 as f32;
        assert!(luma(t.background) > 240.0 && luma(t.quote_bg) > 230.0 && luma(t.text) < 100.0, "{}", t.name);
        // The fragment carries the theme's colours.
        let html = wechat::to_html(&wechat::build(&parse(&hostile())), t);
        assert!(html.contains(&format!("color:{}", t.heading.hex())));
        assert!(html.contains(&format!("font-size:{}px", t.font_size)));
    }
    assert_eq!(Theme::by_name("nope"), None);
    assert_eq!(wechat::Rgb(0x3f, 0x3f, 0x3f).hex(), "#3f3f3f");
    // Two themes differ where it shows.
    assert_ne!(all[0].heading, all[1].heading);
}

#[test]
fn the_standalone_page_wraps_the_fragment() {
    let doc = wechat::build(&parse(&hostile()));
    let theme = Theme::by_name("jade").unwrap();
    let page = wechat::to_standalone_page(&doc, &theme);
    let fragment = wechat::to_html(&doc, &theme);
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains(&fragment));
    let parsed = Html::parse_document(&page);
    assert_eq!(parsed.select(&sel("script, style")).count(), 0);
    let title = parsed.select(&sel("title")).next().map(text_of).unwrap();
    assert_eq!(title, "嵌入式AI简报 (2026-02-14)");
    assert_eq!(parsed.select(&sel("meta[charset]")).count(), 1);
}

#[test]
fn the_ir_of_the_sample_matches_its_issue() {
    let issue = parse(jianbao::SAMPLE_ISSUE);
    let doc = wechat::build(&issue);
    let headings: Vec<String> = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::SectionHeading(s) => Some(wechat::spans_text(s)),
            _ => None,
        })
        .collect();
    let expected: Vec<String> = issue
        .sections
        .iter()
        .map(|s| {
            let t = s.heading.title.trim().to_string();
            // A linked heading (the archive) cites its external link.
            match (&s.heading.url, s.kind()) {
                (Some(_), SectionKind::Archive) => {
                    let n = doc.references.iter().find(|r| r.text == t).expect("archive link numbered").number;
                    format!("{t}[{n}]")
                }
                _ => t,
            }
        })
        .collect();
    assert_eq!(headings, expected);
    let warmup = doc.blocks.iter().filter(|b| matches!(b, Block::WarmupItem { .. })).count();
    assert_eq!(warmup, issue.warmup_items().len());
    let mut numbers = HashMap::new();
    for r in &doc.references {
        assert!(numbers.insert(r.url.clone(), r.number).is_none());
    }
}

#[test]
fn cli_exports_wechat_and_html_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let hostile = root.join("tests/fixtures/hostile.md");
    let sample = root.join("assets/sample-issue.md");
    for (format, start) in [("wechat", "<section style="), ("html", "<!DOCTYPE html>")] {
        let out_dir = dir.path().join(format);
        let out = common::jianbao(&[
            "export".as_ref(),
            "--format".as_ref(),
            format.as_ref(),
            "--theme".as_ref(),
            "ink".as_ref(),
            "--out-dir".as_ref(),
            out_dir.as_os_str(),
            hostile.as_os_str(),
            sample.as_os_str(),
        ]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        for name in ["hostile.html", "sample-issue.html"] {
            let written = std::fs::read_to_string(out_dir.join(name)).unwrap();
            assert!(written.starts_with(start), "{format} {name}");
            assert!(written.contains(&Theme::by_name("ink").unwrap().accent.hex()));
        }
    }
    // One file to stdout: the fragment itself.
    let out = common::jianbao(&["export".as_ref(), "--format".as_ref(), "wechat".as_ref(), hostile.as_os_str()]);
    assert!(out.status.success());
    let expected =
        wechat::to_html(&wechat::build(&parse(&std::fs::read_to_string(&hostile).unwrap())), &Theme::default());
    assert_eq!(String::from_utf8(out.stdout).unwrap(), expected + "\n");
    // The plain-text alternative.
    let out = common::jianbao(&["export".as_ref(), "--format".as_ref(), "text".as_ref(), hostile.as_os_str()]);
    assert!(out.status.success());
    let expected = wechat::to_plain_text(&wechat::build(&parse(&std::fs::read_to_string(&hostile).unwrap())));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), expected);
    // An unknown theme is bad input: exit 2, one line naming it.
    let out = common::jianbao(&[
        "export".as_ref(),
        "--format".as_ref(),
        "wechat".as_ref(),
        "--theme".as_ref(),
        "neon".as_ref(),
        hostile.as_os_str(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1);
    assert!(err.contains("neon") && err.contains("classic"), "{err}");
}

/// A style computed once and a buffer reused across articles give each
/// article exactly what `to_html` gives it alone (the CLI exports many files
/// that way).
#[test]
fn write_html_reuses_style_and_buffer() {
    let issues: Vec<_> = common::corpus_issues()
        .into_iter()
        .map(|(_, bytes)| parse(std::str::from_utf8(&bytes).unwrap()))
        .chain([parse(&hostile()), parse(jianbao::SAMPLE_ISSUE)])
        .collect();
    for theme in Theme::NAMES.iter().map(|n| Theme::by_name(n).unwrap()) {
        let style = wechat::HtmlStyle::new(&theme);
        let mut buf = String::from("left over from before");
        for issue in &issues {
            let doc = wechat::build(issue);
            buf.clear();
            wechat::write_html(&doc, &style, &mut buf);
            assert_eq!(buf, wechat::to_html(&doc, &theme));
        }
    }
}

/// Reading into a reused buffer replaces its content and refuses a folder.
#[test]
fn read_limited_into_replaces_the_buffer() {
    use jianbao::core::files::io;
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.md"), dir.path().join("b.md"));
    std::fs::write(&a, "long first file\n".repeat(100)).unwrap();
    std::fs::write(&b, "short").unwrap();
    let mut buf = Vec::new();
    io::read_limited_into(&a, &mut buf).unwrap();
    assert_eq!(buf, "long first file\n".repeat(100).as_bytes());
    io::read_limited_into(&b, &mut buf).unwrap();
    assert_eq!(buf, b"short");
    let err = io::read_limited_into(dir.path(), &mut buf).unwrap_err().to_string();
    assert!(err.contains("is a directory"), "{err}");
    let missing = io::read_limited_into(&dir.path().join("none.md"), &mut buf).unwrap_err().to_string();
    assert!(missing.contains("none.md"), "{missing}");
}
