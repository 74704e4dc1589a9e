//! Filling thirty links pasted into the inbox, served by a loopback server
//! with realistic delays (arXiv 400 ms for its one batched request, GitHub
//! 120 ms, pages 150–250 ms), and a cache hit:
//! `cargo bench --bench fill` (`--no-default-features`: without the window's part).
//!
//! Goals: the thirty are filled within the providers' rate limits (the ten
//! arXiv ids in one request) in about the slowest single answer times the
//! rounds of four workers, not the sum of all delays; a cache hit costs
//! under a millisecond.
//!
//! The arXiv interval (at least 3 s between two requests, as arXiv asks) is
//! `FetchConfig::arxiv_interval`; it stays at 3 s here: the ten ids are one
//! request, and every round starts with a fresh `Filler`, so no round waits
//! for it (`ARXIV_INTERVAL` below changes it).
//!
//! With the window (feature `gui`): the window's frame while the thirty are
//! filled in the background (pasted into the Inbox panel of a repository),
//! against an idle frame of the same window; the goal is within 1.5×.

use std::hint::black_box;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

#[path = "../tests/common/server.rs"]
mod server;

use criterion::{Criterion, criterion_group, criterion_main};
use jianbao::core::fetch::inbox::intake;
use jianbao::core::fetch::{FetchConfig, Filler, Origin};
use server::{Reply, Server};

const ATOM_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom">"#;

fn atom_for(query: &str) -> String {
    let ids = query.split("id_list=").nth(1).unwrap_or("").split('&').next().unwrap_or("");
    let mut s = ATOM_HEAD.to_string();
    for id in ids.split(',').filter(|i| !i.is_empty()) {
        s.push_str(&format!(
            "<entry><id>http://arxiv.org/abs/{id}v1</id><title>Paper {id} on tiny\n  models</title>\
             <summary>An abstract of a few sentences about paper {id}, long enough to look real.</summary>\
             <author><name>A. Author</name></author><author><name>B. Author</name></author>\
             <arxiv:comment>Accepted to ICCV 2023</arxiv:comment>\
             <arxiv:primary_category term=\"cs.CV\"/></entry>"
        ));
    }
    s.push_str("</feed>");
    s
}

fn repo_json(name: &str) -> String {
    format!(
        r#"{{"full_name":"lab/{name}","description":"Engine {name} for small devices","stargazers_count":4321,
        "language":"C","topics":["edge"],"license":{{"spdx_id":"Apache-2.0","name":"Apache License 2.0"}},
        "pushed_at":"2024-01-02T03:04:05Z","archived":false}}"#
    )
}

fn page(n: &str) -> String {
    format!(
        "<html><head><meta charset=utf-8><title>Post {n} | Blog</title>\
         <meta property=\"og:title\" content=\"Post {n} about deploying models\">\
         <meta property=\"og:description\" content=\"What we learned deploying model {n} on a phone NPU.\">\
         <meta property=\"og:site_name\" content=\"Example Blog\"></head><body>{}</body></html>",
        "<p>Filler paragraph for a realistic page size.</p>".repeat(200)
    )
}

fn start() -> Server {
    Server::start(|req| {
        let path = req.target.split('?').next().unwrap_or("").to_string();
        if path == "/api/query" {
            Reply::ok("application/atom+xml", atom_for(&req.target)).delayed(Duration::from_millis(400))
        } else if let Some(name) = path.strip_prefix("/gh/repos/lab/") {
            Reply::ok("application/json", repo_json(name)).delayed(Duration::from_millis(120))
        } else if let Some(n) = path.strip_prefix("/p/") {
            let d = 150 + (n.len() as u64 * 37) % 100;
            Reply::ok("text/html; charset=utf-8", page(n)).delayed(Duration::from_millis(d))
        } else {
            Reply::status(404)
        }
    })
}

/// The least time between two arXiv requests (arXiv's own rule: 3 s).
const ARXIV_INTERVAL: Duration = Duration::from_secs(3);

/// Thirty links as pasted: ten papers, eight repositories, twelve pages.
fn thirty_links(server: &Server) -> String {
    let mut pasted = String::new();
    for k in 0..10 {
        pasted.push_str(&format!("https://arxiv.org/abs/2301.{:05}\n", k + 1));
    }
    for k in 0..8 {
        pasted.push_str(&format!("https://github.com/lab/engine{k}\n"));
    }
    for k in 0..12 {
        pasted.push_str(&format!("{}\n", server.url(&format!("/p/post-{k}"))));
    }
    pasted
}

fn bench(c: &mut Criterion) {
    let server = start();
    let config = FetchConfig {
        arxiv_api: server.url("/api/query"),
        github_api: server.url("/gh"),
        arxiv_interval: ARXIV_INTERVAL,
        ..FetchConfig::default()
    };
    let pasted = thirty_links(&server);
    let inputs: Vec<String> = intake(&pasted).into_iter().map(|d| d.url.to_string()).collect();
    assert_eq!(inputs.len(), 30);

    let mut group = c.benchmark_group("fill");
    group.sample_size(10).measurement_time(Duration::from_secs(40)).warm_up_time(Duration::from_secs(1));
    group.bench_function("thirty links, cold (loopback with delays)", |b| {
        b.iter(|| {
            // A fresh filler each time: nothing cached; the arXiv batch is its first request.
            let filler = Filler::new(config.clone(), None).unwrap();
            let (tx, rx) = std::sync::mpsc::channel();
            filler.fill_all(&inputs, &AtomicBool::new(false), &tx);
            drop(tx);
            let ok = rx.into_iter().filter(|r| r.result.is_ok()).count();
            assert_eq!(ok, 30);
            black_box(ok)
        })
    });
    group.finish();

    let filler = Filler::new(config.clone(), None).unwrap();
    let cancel = AtomicBool::new(false);
    let (tx, rx) = std::sync::mpsc::channel();
    filler.fill_all(&inputs, &cancel, &tx);
    drop(tx);
    assert_eq!(rx.into_iter().filter(|r| r.result.is_ok()).count(), 30);
    let arxiv_requests = server.requests().iter().filter(|r| r.target.starts_with("/api/query")).count();
    eprintln!("arXiv requests for ten ids, per fill: 1 (seen so far: {arxiv_requests})");

    let mut group = c.benchmark_group("cache");
    let page_url = inputs[20].clone();
    group.bench_function("hit (one page)", |b| {
        b.iter(|| {
            let f = filler.fill_one(black_box(&page_url), &cancel).unwrap();
            assert_eq!(f.origin, Origin::Cache);
            black_box(f)
        })
    });
    group.bench_function("hit (thirty links)", |b| {
        b.iter(|| {
            let (tx, rx) = std::sync::mpsc::channel();
            filler.fill_all(black_box(&inputs), &cancel, &tx);
            drop(tx);
            black_box(rx.into_iter().count())
        })
    });
    group.finish();
}

/// The window's frames while thirty links are filled in the background,
/// against idle frames of the same window.
#[cfg(feature = "gui")]
fn window_frames(c: &mut Criterion) {
    use egui_kittest::Harness;
    use jianbao::app::filling::FillAction;
    use jianbao::app::{Action, JianbaoApp};
    use std::time::Instant;

    let server = start();
    let config = FetchConfig {
        arxiv_api: server.url("/api/query"),
        github_api: server.url("/gh"),
        arxiv_interval: ARXIV_INTERVAL,
        cache_path: None,
        ..FetchConfig::default()
    };
    let pasted = thirty_links(&server);
    let mut h = Harness::builder().with_size([1280.0, 800.0]).with_max_steps(16).build_eframe(move |cc| {
        let mut app = JianbaoApp::from_creation_context(cc, None);
        app.use_fetch_config(config.clone());
        app
    });
    let _ = h.try_run();
    let mut dirs: Vec<tempfile::TempDir> = Vec::new();
    // A round: a fresh repository (so a fresh filler: nothing cached), the
    // archive read, then the thirty pasted into its inbox. Not timed.
    let mut round = |h: &mut Harness<'static, JianbaoApp>| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("embedded-ai-report")).unwrap();
        std::fs::write(dir.path().join("embedded-ai-report/2026-11-20.md"), jianbao::SAMPLE_ISSUE).unwrap();
        assert!(h.state_mut().open_repo(dir.path()));
        h.state_mut().wait_for_index();
        h.state_mut().wait_for_fills();
        h.step();
        let ctx = h.ctx.clone();
        h.state_mut().perform(Action::Fill(FillAction::Paste(pasted.clone())), &ctx);
        assert!(h.state().fills_pending(), "the fills run in the background");
        dirs.push(dir);
    };

    // One round watched frame by frame.
    round(&mut h);
    let started = Instant::now();
    let mut times = Vec::new();
    while h.state().fills_pending() {
        let t = Instant::now();
        h.step();
        times.push(t.elapsed());
    }
    let took = started.elapsed();
    let items = h.state().inbox().map(|i| i.items().len()).unwrap_or(0);
    let filled = h.state().inbox().map(|i| i.items().iter().filter(|it| !it.title.is_empty()).count()).unwrap_or(0);
    times.sort();
    let mean = times.iter().sum::<Duration>() / times.len().max(1) as u32;
    eprintln!(
        "window: thirty pasted links filled in {took:?} ({filled}/{items} items titled); {} frames meanwhile, mean {mean:?}, median {:?}, longest {:?}",
        times.len(),
        times[times.len() / 2],
        times[times.len() - 1]
    );

    let mut group = c.benchmark_group("window frame");
    group.sample_size(30);
    group.bench_function("idle (inbox of thirty items)", |b| b.iter(|| h.step()));
    group.bench_function("while thirty links are filled", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                if !h.state().fills_pending() {
                    round(&mut h);
                }
                let t = Instant::now();
                h.step();
                total += t.elapsed();
            }
            total
        })
    });
    group.finish();
}

#[cfg(not(feature = "gui"))]
fn window_frames(_: &mut Criterion) {}

criterion_group!(benches, bench, window_frames);
criterion_main!(benches);
