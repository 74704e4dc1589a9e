//! Filling entries from links, against a loopback server serving fixtures
//! written in each provider's documented format. No test touches the internet.

mod common;

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use common::server::{How, Reply, Request, Server};
use jianbao::core::fetch::{
    ARXIV_API_VAR, ArchiveIndex, DEFAULT_ARXIV_API, EndpointSource, FetchConfig, FetchError, Filled, Filler, Kind,
    Origin, fill_command, resolve_endpoint,
};
use jianbao::core::{Command, Document, parse};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fetch").join(name)).unwrap()
}

/// A config that talks only to the loopback server.
fn config(server: &Server) -> FetchConfig {
    FetchConfig {
        arxiv_api: server.url("/api/query"),
        github_api: server.url("/gh"),
        connect_timeout: Duration::from_secs(2),
        total_timeout: Duration::from_secs(5),
        arxiv_interval: Duration::from_millis(200),
        ..FetchConfig::default()
    }
}

/// The fixtures, by path.
fn providers(req: &Request) -> Reply {
    let path = req.target.split('?').next().unwrap_or("");
    match path {
        "/api/query" => Reply::ok("application/atom+xml; charset=utf-8", fixture("arxiv.xml")),
        "/gh/repos/example-lab/tinyinfer" => Reply::ok("application/json; charset=utf-8", fixture("github_repo.json")),
        "/gh/repos/example-lab/tinyinfer/releases/tags/v2.0.0" | "/gh/repos/example-lab/tinyinfer/releases/latest" => {
            Reply::ok("application/json; charset=utf-8", fixture("github_release.json"))
        }
        "/gh/repos/limited/repo" => Reply::status(403)
            .header("X-RateLimit-Limit", "60")
            .header("X-RateLimit-Remaining", "0")
            .header("X-RateLimit-Reset", "1700000000")
            .header("Content-Type", "application/json"),
        "/s/wechat-like" => Reply::ok("text/html; charset=utf-8", fixture("wechat.html")),
        "/blog/post" => Reply::ok("text/html", fixture("opengraph.html")),
        "/gbk" => {
            let text = String::from_utf8(fixture("plain_gbk.html")).unwrap();
            Reply::ok("text/html", encoding_rs::GBK.encode(&text).0.into_owned())
        }
        "/gb18030-header" => {
            let text = "<html><head><title>端侧推理𠀀</title></head></html>";
            Reply::ok("text/html; charset=GB18030", encoding_rs::GB18030.encode(text).0.into_owned())
        }
        "/hostile" => Reply::ok("text/html", fixture("hostile.html")),
        "/suffix/pipe" => page_titled("一款低功耗视觉芯片开始送样 | 边缘计算周刊"),
        "/suffix/dash" => page_titled("端侧模型压缩的三种做法 - 某某技术社区"),
        "/suffix/underscore" => page_titled("新一代开发板上市_示例电子网"),
        "/paper.pdf" => Reply::ok("application/pdf", b"%PDF-1.4".to_vec()),
        "/never" => Reply::status(200).how(How::Never),
        "/huge" => Reply::ok("text/html", vec![b'x'; 20 * 1024 * 1024]),
        "/huge-stream" => Reply::status(200).header("Content-Type", "text/html").how(How::Stream(20 * 1024 * 1024)),
        "/loop/a" => Reply::redirect("/loop/b"),
        "/loop/b" => Reply::redirect("/loop/a"),
        "/to-file" => Reply::redirect("file:///etc/passwd"),
        "/hop/1" => Reply::redirect("/hop/2"),
        "/hop/2" => Reply::redirect("/blog/post"),
        p if p.starts_with("/chain/") => {
            let n: u32 = p[7..].parse().unwrap_or(0);
            Reply::redirect(&format!("/chain/{}", n + 1))
        }
        _ => Reply::status(404),
    }
}

/// A page with a `<title>` and no site name.
fn page_titled(title: &str) -> Reply {
    let html =
        format!("<html><head><meta charset=\"utf-8\"><title>{title}</title></head><body><p>正文。</p></body></html>");
    Reply::ok("text/html; charset=utf-8", html.into_bytes())
}

fn fill(filler: &Filler, inputs: &[&str]) -> Vec<Result<Filled, FetchError>> {
    let (tx, rx) = std::sync::mpsc::channel();
    let inputs: Vec<String> = inputs.iter().map(|s| s.to_string()).collect();
    filler.fill_all(&inputs, &AtomicBool::new(false), &tx);
    drop(tx);
    let mut out: Vec<_> = rx.into_iter().collect();
    assert_eq!(out.len(), inputs.len(), "one result per input");
    out.sort_by_key(|r| r.index);
    out.into_iter().map(|r| r.result).collect()
}

fn one(filler: &Filler, input: &str) -> Result<Filled, FetchError> {
    fill(filler, &[input]).pop().unwrap()
}

#[test]
fn arxiv_ids_of_every_shape_go_in_one_request() {
    let server = Server::start(providers);
    let filler = Filler::new(config(&server), None).unwrap();
    let out = fill(
        &filler,
        &[
            "https://arxiv.org/abs/2101.00001v2",
            "http://arxiv.org/pdf/2102.00002.pdf",
            "2103.00003",
            "arXiv:2101.00001",
        ],
    );
    let arxiv_requests: Vec<_> = server.requests().into_iter().filter(|r| r.target.starts_with("/api/query")).collect();
    assert_eq!(arxiv_requests.len(), 1, "one batched request");
    assert!(
        arxiv_requests[0].target.contains("id_list=2101.00001v2,2102.00002,2103.00003,2101.00001"),
        "{}",
        arxiv_requests[0].target
    );

    let a = out[0].as_ref().unwrap();
    assert_eq!(a.origin, Origin::Network);
    assert_eq!(a.meta.kind, Some(Kind::Arxiv));
    assert_eq!(
        a.meta.markdown(),
        "- [CVPR2021] [2101.00001v2] [Folding Tiny Kernels: Sub-Byte Inference on Microcontrollers](https://arxiv.org/abs/2101.00001v2)  \n\
         作者：Lin Example、Kai Sample  \n\
         摘要：We fold 2-bit kernels into lookup tables & run them on a microcontroller with 256 KB of memory. On ‹b›three‹/b› boards the method is 1.8x faster than an 8-bit baseline at equal accuracy.  "
    );
    assert!(a.meta.facts.contains(&("category".into(), "cs.LG".into())));

    // The venue from the journal reference; a hostile title stays one title; many authors end in 等.
    let b = out[1].as_ref().unwrap();
    assert_eq!(b.meta.tags, vec!["ICLR2022", "2102.00002"]);
    assert_eq!(b.meta.title, "A Survey of )(javascript:alert(1)) Pruning ## Methods");
    assert_eq!(b.meta.fields[0], ("作者".into(), "A. One、B. Two、C. Three、D. Four、E. Five、F. Six 等".into()));

    assert_eq!(out[2], Err(FetchError::NotFound));
    assert_eq!(out[3].as_ref().unwrap().meta.tags, vec!["CVPR2021", "2101.00001"]);
}

#[test]
fn arxiv_requests_keep_their_interval() {
    let server = Server::start(providers);
    let mut cfg = config(&server);
    cfg.arxiv_interval = Duration::from_millis(400);
    let filler = Filler::new(cfg, None).unwrap();
    let started = Instant::now();
    one(&filler, "2101.00001").unwrap();
    one(&filler, "2102.00002").unwrap();
    // A lower bound: the second request waited for the interval.
    assert!(started.elapsed() >= Duration::from_millis(400));
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn github_repository_release_token_and_rate_limit() {
    let server = Server::start(providers);
    let mut cfg = config(&server);
    cfg.github_token = Some("t0ken".into());
    let filler = Filler::new(cfg, None).unwrap();
    let repo = one(&filler, "https://github.com/example-lab/tinyinfer").unwrap();
    assert_eq!(
        repo.meta.markdown(),
        "- [example-lab/tinyinfer: A small inference engine for / ARM (Cortex-M) boards](https://github.com/example-lab/tinyinfer)  \n\
         摘要：A small inference engine for / ARM (Cortex-M) boards  "
    );
    // Stars, language, licence and the last push are facts beside the entry, not text in it.
    for fact in [("stars", "1.2k"), ("language", "C++"), ("license", "MIT"), ("pushed", "2024-05-01")] {
        assert!(repo.meta.facts.contains(&(fact.0.into(), fact.1.into())), "{fact:?}");
    }
    assert!(repo.meta.facts.contains(&("topics".into(), "edge-ai, quantization, mcu".into())));
    let req = &server.requests()[0];
    assert_eq!(req.header("authorization"), Some("Bearer t0ken"));
    assert_eq!(req.header("accept"), Some("application/vnd.github+json"));

    let rel = one(&filler, "https://github.com/example-lab/tinyinfer/releases/tag/v2.0.0").unwrap();
    assert_eq!(rel.meta.kind, Some(Kind::GithubRelease));
    assert_eq!(
        rel.meta.markdown(),
        "- [example-lab/tinyinfer: TinyInfer 2.0 发布](https://github.com/example-lab/tinyinfer/releases/tag/v2.0.0)  \n\
         摘要：Highlights；INT4 kernels for Cortex-M55；conv2d is 30% faster  "
    );

    let limited = one(&filler, "https://github.com/limited/repo").unwrap_err();
    assert_eq!(limited, FetchError::RateLimited { until: Some(1_700_000_000) });
    assert_eq!(limited.to_string(), "rate-limited until 22:13 UTC");
    assert_eq!(one(&filler, "https://github.com/nobody/none").unwrap_err(), FetchError::NotFound);
}

#[test]
fn a_wechat_article_is_known_by_its_page() {
    let server = Server::start(providers);
    let filler = Filler::new(config(&server), None).unwrap();
    let w = one(&filler, &server.url("/s/wechat-like")).unwrap();
    assert_eq!(w.meta.kind, Some(Kind::Wechat));
    assert_eq!(w.meta.title, "端侧大模型推理，再快一倍");
    assert_eq!(w.meta.source.as_deref(), Some("示例芯片观察"));
    assert_eq!(w.meta.summary(), Some("我们把 4 比特权重和 KV 缓存放进手机 NPU，首字延迟降到 200 毫秒。"));
    assert!(w.meta.markdown().starts_with("- [端侧大模型推理，再快一倍 | 示例芯片观察]("));
}

#[test]
fn any_page_gives_opengraph_then_title_and_description() {
    let server = Server::start(providers);
    let filler = Filler::new(config(&server), None).unwrap();
    let og = one(&filler, &server.url("/blog/post")).unwrap();
    assert_eq!(og.meta.kind, Some(Kind::Page));
    assert_eq!(og.meta.title, "Shipping a 1-bit Vision Model to Doorbells");
    assert_eq!(og.meta.source.as_deref(), Some("Example Engineering"));
    assert!(og.meta.summary().unwrap().starts_with("How we trained, binarised"));

    // A GBK page that names its charset only in a <meta>; the site suffix leaves the title.
    let gbk = one(&filler, &server.url("/gbk")).unwrap();
    assert_eq!(gbk.meta.title, "国产芯片跑通大模型推理");
    assert_eq!(gbk.meta.summary(), Some("一块国产 NPU 上跑通了七十亿参数模型的推理，每秒生成十个词元。"));
    // No site name in the page: the title's suffix is the source, not the host.
    assert_eq!(gbk.meta.source.as_deref(), Some("示例科技网"));
    for (path, title, site) in [
        ("/suffix/pipe", "一款低功耗视觉芯片开始送样", "边缘计算周刊"),
        ("/suffix/dash", "端侧模型压缩的三种做法", "某某技术社区"),
        ("/suffix/underscore", "新一代开发板上市", "示例电子网"),
    ] {
        let page = one(&filler, &server.url(path)).unwrap();
        assert_eq!((page.meta.title.as_str(), page.meta.source.as_deref()), (title, Some(site)), "{path}");
    }
    // GB18030 named by the header, a character outside GBK included.
    assert_eq!(one(&filler, &server.url("/gb18030-header")).unwrap().meta.title, "端侧推理𠀀");

    // Redirects are followed to the page (the entry links what was given).
    let hopped = one(&filler, &server.url("/hop/1")).unwrap();
    assert_eq!(hopped.meta.title, "Shipping a 1-bit Vision Model to Doorbells");
    assert_eq!(hopped.meta.url, server.url("/hop/1"));
}

#[test]
fn hostile_servers_are_named_not_followed() {
    let server = Server::start(providers);
    let mut cfg = config(&server);
    cfg.total_timeout = Duration::from_secs(1);
    cfg.max_bytes = 1024 * 1024;
    let filler = Filler::new(cfg, None).unwrap();
    let out = fill(
        &filler,
        &[
            &server.url("/never"),
            &server.url("/huge"),
            &server.url("/huge-stream"),
            &server.url("/loop/a"),
            &server.url("/to-file"),
            &server.url("/chain/0"),
            &server.url("/paper.pdf"),
            &server.url("/missing"),
            "javascript:alert(1)",
            "file:///etc/passwd",
        ],
    );
    assert_eq!(out[0], Err(FetchError::TimedOut));
    assert_eq!(out[1], Err(FetchError::TooLarge(1024 * 1024)));
    assert_eq!(out[2], Err(FetchError::TooLarge(1024 * 1024)));
    assert!(matches!(&out[3], Err(FetchError::BadRedirect(m)) if m.contains("loop")), "{:?}", out[3]);
    assert!(matches!(&out[4], Err(FetchError::BadRedirect(m)) if m.contains("file:")), "{:?}", out[4]);
    assert!(matches!(&out[5], Err(FetchError::BadRedirect(m)) if m.contains("more than 5")), "{:?}", out[5]);
    assert_eq!(out[6], Err(FetchError::NotAPage("application/pdf".into())));
    assert_eq!(out[7], Err(FetchError::NotFound));
    assert!(matches!(out[8], Err(FetchError::BadUrl(_))));
    assert!(matches!(out[9], Err(FetchError::BadUrl(_))));
    // The redirect to file: was never requested from anywhere; the chain stopped at five hops.
    let chain = server.requests().iter().filter(|r| r.target.starts_with("/chain/")).count();
    assert_eq!(chain, 6);
}

#[test]
fn a_hostile_page_adds_no_line_link_or_section_to_the_issue() {
    let server = Server::start(providers);
    let filler = Filler::new(config(&server), None).unwrap();
    let url = server.url("/hostile");
    let meta = one(&filler, &url).unwrap().meta;
    let text = "# 嵌入式AI简报 (2026-01-02)\n\n## 博文\n\n- [已有](https://example.org/a)  \n摘要：一句。  \n\n## 开源项目\n\n";
    let mut doc = Document::from_text(text);
    let section = doc.issue().sections[0].id;
    let id = doc.new_entry_id();
    let entry = jianbao::core::Entry { id, body: jianbao::core::EntryBody::Typed(Box::new(meta.entry())) };
    doc.apply(Command::InsertEntry { section, index: 1, entry }).unwrap();
    let saved = doc.text();
    assert_eq!(saved.lines().count(), text.lines().count() + 2, "{saved}");
    let again = parse(&saved);
    assert_eq!(again.sections.len(), 2);
    assert_eq!(again.sections[0].entries().count(), 2);
    let added = again.sections[0].entries().nth(1).unwrap().typed().unwrap().clone();
    assert_eq!(added.head.url, url.as_str());
    assert!(added.head.extras.is_empty());
    let links: Vec<String> = pulldown_cmark::Parser::new(&saved)
        .filter_map(|e| match e {
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link { dest_url, .. }) => Some(dest_url.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(links, vec!["https://example.org/a".to_string(), url.clone()], "only the two entries' own links");
    let headings = pulldown_cmark::Parser::new(&saved)
        .filter(|e| matches!(e, pulldown_cmark::Event::Start(pulldown_cmark::Tag::Heading { .. })))
        .count();
    assert_eq!(headings, 3, "the title and the two sections, no more");
    assert_eq!(
        added.head.title,
        "Nice title)(javascript:alert(1)) ## Pwned section - (evil)(evil.example) / fake source"
    );
    assert_eq!(added.head.source.as_deref(), Some("Site ## Another"));
}

#[test]
fn the_cache_answers_offline_and_a_miss_touches_nothing() {
    let server = Server::start(providers);
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("data/jianbao/fetch-cache.ron");
    let mut cfg = config(&server);
    cfg.cache_path = Some(cache.clone());
    let first = Filler::new(cfg.clone(), None).unwrap();
    assert_eq!(one(&first, &server.url("/blog/post")).unwrap().origin, Origin::Network);
    assert!(std::fs::read_to_string(&cache).unwrap().contains("version: 1"));
    let requests = server.requests().len();

    let offline = Filler::new(FetchConfig { offline: true, ..cfg.clone() }, None).unwrap();
    let hit = one(&offline, &format!("{}?utm_source=feed", server.url("/blog/post"))).unwrap();
    assert_eq!(hit.origin, Origin::Cache);
    assert_eq!(hit.meta.title, "Shipping a 1-bit Vision Model to Doorbells");
    assert_eq!(one(&offline, "https://arxiv.org/abs/2101.00001").unwrap_err(), FetchError::OfflineMiss);
    assert_eq!(server.requests().len(), requests, "offline touched the network");

    // A cache file of another version is an empty cache, not an error.
    std::fs::write(&cache, "(version: 99, entries: [])").unwrap();
    let stale = Filler::new(FetchConfig { offline: true, ..cfg }, None).unwrap();
    assert_eq!(one(&stale, &server.url("/blog/post")).unwrap_err(), FetchError::OfflineMiss);
}

#[test]
fn the_archive_answers_first_and_offline() {
    let mut archive = ArchiveIndex::default();
    let text = "# 嵌入式AI简报 (2021-07-01)\n\n## 论文\n\n- [CVPR2021] [2101.00001] [Folding Tiny Kernels | 示例号](https://arxiv.org/abs/2101.00001)  \n摘要：一句话。  \n";
    archive.add_issue("2021-07-01", &parse(text));
    let filler = Filler::new(FetchConfig { offline: true, ..FetchConfig::default() }, Some(archive)).unwrap();
    let hit = one(&filler, "http://arxiv.org/pdf/2101.00001v3.pdf").unwrap();
    assert_eq!(hit.origin, Origin::Archive);
    assert_eq!(hit.already.as_ref().unwrap().to_string(), "already in 2021-07-01 · 论文");
    assert_eq!(hit.meta.source.as_deref(), Some("示例号"));
    assert_eq!(hit.meta.fields, vec![("摘要".to_string(), "一句话。".to_string())]);
}

#[test]
fn cancelled_fills_answer_every_input() {
    let server = Server::start(providers);
    let filler = Filler::new(config(&server), None).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let inputs = vec![server.url("/blog/post"), "2101.00001".to_string()];
    filler.fill_all(&inputs, &AtomicBool::new(true), &tx);
    drop(tx);
    let out: Vec<_> = rx.into_iter().collect();
    assert_eq!(out.len(), 2);
    assert!(out.iter().all(|r| r.result == Err(FetchError::Cancelled)));
    assert!(server.requests().is_empty());
}

#[test]
fn a_proxy_is_used_and_no_proxy_bypasses_it() {
    let proxy = Server::start(|req| {
        if req.target == "http://news.invalid/item" {
            Reply::ok("text/html", "<html><head><title>Through the proxy</title></head></html>")
        } else {
            Reply::status(502)
        }
    });
    let cfg = FetchConfig {
        proxy: Some(proxy.base.clone()),
        total_timeout: Duration::from_secs(5),
        ..FetchConfig::default()
    };
    let filler = Filler::new(cfg.clone(), None).unwrap();
    // ureq tunnels through the proxy with CONNECT; this proxy refuses, and says so.
    let err = one(&filler, "http://news.invalid/item").unwrap_err();
    assert!(matches!(&err, FetchError::Network(m) if m.contains("proxy server responded 502")), "{err:?}");
    assert!(proxy.requests()[0].line.starts_with("CONNECT news.invalid:80"), "{:?}", proxy.requests());
    let bypass = Filler::new(FetchConfig { no_proxy: vec!["news.invalid".into()], ..cfg }, None).unwrap();
    assert!(matches!(one(&bypass, "http://news.invalid/item"), Err(FetchError::Network(_))));
    assert_eq!(proxy.requests().len(), 1);
}

#[test]
fn a_fill_fills_only_what_is_empty_as_one_undoable_step() {
    let server = Server::start(providers);
    let filler = Filler::new(config(&server), None).unwrap();
    let meta = one(&filler, &server.url("/blog/post")).unwrap().meta;
    let text =
        format!("# 嵌入式AI简报 (2026-01-02)\n\n## 博文\n\n- [我的标题]({})  \n摘要：  \n", server.url("/blog/post"));
    let mut doc = Document::from_text(&text);
    let id = doc.issue().entries().next().unwrap().1.id;
    let cmd = fill_command(doc.issue(), id, &meta, false).unwrap().unwrap();
    doc.apply(cmd).unwrap();
    let entry = doc.issue().entry(id).unwrap().typed().unwrap().clone();
    assert_eq!(entry.head.title, "我的标题", "what the person typed stays");
    assert_eq!(entry.head.source.as_deref(), Some("Example Engineering"));
    assert!(doc.text().contains("[我的标题 | Example Engineering]("));
    assert!(entry.lines[0].text().starts_with("How we trained"));
    assert!(fill_command(doc.issue(), id, &meta, false).unwrap().is_none(), "nothing left to fill");
    // Refill replaces on request.
    let refill = fill_command(doc.issue(), id, &meta, true).unwrap().unwrap();
    doc.apply(refill).unwrap();
    assert_eq!(doc.issue().entry(id).unwrap().typed().unwrap().head.title, meta.title.as_str());
    doc.undo();
    doc.undo();
    assert_eq!(doc.text(), text);
}

#[test]
fn filled_entries_pass_the_apps_own_lint() {
    let server = Server::start(providers);
    let filler = Filler::new(config(&server), None).unwrap();
    let inputs = [
        "https://arxiv.org/abs/2101.00001v2".to_string(),
        "https://github.com/example-lab/tinyinfer".to_string(),
        "https://github.com/example-lab/tinyinfer/releases/tag/v2.0.0".to_string(),
        server.url("/s/wechat-like"),
        server.url("/blog/post"),
        server.url("/gbk"),
        server.url("/hostile"),
    ];
    let refs: Vec<&str> = inputs.iter().map(String::as_str).collect();
    let mut body = String::new();
    for r in fill(&filler, &refs) {
        body.push_str(&r.unwrap().meta.markdown());
        body.push('\n');
    }
    let text = format!("# 嵌入式AI简报 (2026-01-02)\n\n## 博文\n\n{body}");
    let ctx = jianbao::core::editorial::lint::CheckContext { date: Some("2026-01-02"), ..Default::default() };
    let diags = jianbao::core::editorial::lint::check_text(&text, &ctx);
    assert!(diags.is_empty(), "{diags:#?}\n{text}");
}

#[test]
fn the_cli_prints_entries_as_inserted() {
    let server = Server::start(providers);
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_jianbao"))
            .args(args)
            .env("JIANBAO_ARXIV_API", server.url("/api/query"))
            .env("JIANBAO_GITHUB_API", server.url("/gh"))
            .env("JIANBAO_FETCH_CACHE", "off")
            .env_remove("HTTPS_PROXY")
            .env_remove("https_proxy")
            .env_remove("ALL_PROXY")
            .env_remove("all_proxy")
            .env_remove("GITHUB_TOKEN")
            .output()
            .unwrap()
    };
    let out = run(&["fill", "2101.00001", "https://github.com/example-lab/tinyinfer"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.starts_with("- [CVPR2021] [2101.00001] [Folding Tiny Kernels"), "{stdout}");
    assert!(stdout.contains("\n- [example-lab/tinyinfer: A small inference engine"), "{stdout}");

    let out = run(&["fill", "--format", "json", &server.url("/blog/post"), &server.url("/never-there")]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["title"], "Shipping a 1-bit Vision Model to Doorbells");
    assert_eq!(v[0]["origin"], "network");
    assert_eq!(v[0]["suggested_section"], "博文");
    assert_eq!(v[1]["ok"], false);
    assert_eq!(v[1]["error"], "not found");

    let before = server.requests().len();
    let out = run(&["fill", "--offline", "2101.00001"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("2101.00001: offline"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(server.requests().len(), before);
}

fn links_and_headings(text: &str) -> (Vec<String>, usize) {
    let mut links = Vec::new();
    let mut headings = 0;
    for e in pulldown_cmark::Parser::new(text) {
        match e {
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::Link { dest_url, .. }) => {
                links.push(dest_url.to_string())
            }
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::Heading { .. }) => headings += 1,
            _ => {}
        }
    }
    (links, headings)
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(400))]

    /// Whatever a page says, sanitised into a title, a source and a 摘要, the
    /// entry adds exactly its own two lines and its own link to the issue:
    /// no line, no link, no section more.
    #[test]
    fn no_page_text_adds_a_line_a_link_or_a_section(
        s in "([\\[\\]()|#>*+=`\\\\<!:/. \\-\n\r\t\u{2028}\u{85}\u{202e}&;a-z0-9]|javascript:|https://|## |\\]\\(|&#10;|&lt;|&amp;|中|\u{3000}){0,40}"
    ) {
        use jianbao::core::fetch::{Meta, sanitize};
        let meta = Meta {
            url: "https://example.org/page".into(),
            title: sanitize::title(&s),
            source: Some(sanitize::clean(&s, 60)),
            fields: vec![("摘要".into(), sanitize::summary(&s))],
            ..Meta::default()
        };
        let text = "# 嵌入式AI简报 (2026-01-02)\n\n## 博文\n\n- [已有](https://example.org/a)  \n摘要：一句。  \n\n## 开源项目\n\n";
        let mut doc = Document::from_text(text);
        let section = doc.issue().sections[0].id;
        let id = doc.new_entry_id();
        let entry = jianbao::core::Entry { id, body: jianbao::core::EntryBody::Typed(Box::new(meta.entry())) };
        doc.apply(Command::InsertEntry { section, index: 1, entry }).unwrap();
        let saved = doc.text();
        proptest::prop_assert_eq!(saved.split('\n').count(), text.split('\n').count() + 2);
        let again = parse(&saved);
        proptest::prop_assert_eq!(again.sections.len(), 2);
        proptest::prop_assert_eq!(again.sections[0].entries().count(), 2);
        let added = again.sections[0].entries().nth(1).unwrap();
        let typed = added.typed();
        proptest::prop_assert!(typed.is_some(), "kept verbatim: {saved}");
        proptest::prop_assert_eq!(typed.unwrap().head.url.as_str(), "https://example.org/page");
        let (links, headings) = links_and_headings(&saved);
        proptest::prop_assert_eq!(links, vec!["https://example.org/a".to_string(), "https://example.org/page".to_string()]);
        proptest::prop_assert_eq!(headings, 3);
    }
}

#[test]
fn an_endpoint_says_where_it_comes_from() {
    let local = "http://127.0.0.1:8/api/query";
    let r = |setting, given, env| resolve_endpoint(setting, given, ARXIV_API_VAR, env, DEFAULT_ARXIV_API);
    assert_eq!(
        r(" http://127.0.0.1:9/a ", Some(local), Some(local)),
        ("http://127.0.0.1:9/a".into(), EndpointSource::Setting)
    );
    assert_eq!(r("", None, Some(local)), (local.into(), EndpointSource::Env("JIANBAO_ARXIV_API")));
    assert_eq!(r("", None, Some("  ")), (DEFAULT_ARXIV_API.into(), EndpointSource::Default));
    assert_eq!(r("", Some(local), None), (local.into(), EndpointSource::Given));
    assert_eq!(EndpointSource::Env(ARXIV_API_VAR).to_string(), "from JIANBAO_ARXIV_API");
}
