//! WeChat export throughput over the corpus (input markdown bytes per second):
//! `cargo bench --no-default-features --bench wechat`. The whole-process
//! figure (start-up, reading and writing files included) comes from
//! `benches/wechat_process.sh`.
//!
//! The corpus is `$JIANBAO_CORPUS` or ../shared/corpus/awesome-embedded-ai;
//! without it the project's own fixtures stand in.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use jianbao::core::wechat::{self, Theme};

fn corpus() -> (String, Vec<String>) {
    let repo = std::env::var_os("JIANBAO_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/awesome-embedded-ai"));
    let dir = repo.join("embedded-ai-report");
    if let Ok(read) = std::fs::read_dir(&dir) {
        let mut files: Vec<String> = read
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".md"))
            .filter_map(|e| std::fs::read_to_string(e.path()).ok())
            .collect();
        files.sort();
        if !files.is_empty() {
            return (format!("wechat, corpus ({} issues)", files.len()), files);
        }
    }
    eprintln!("notice: corpus not found at {}; benchmarking the sample issue and fixtures", dir.display());
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut files = vec![jianbao::SAMPLE_ISSUE.to_string()];
    for name in ["irregular.md", "footer-in-section.md", "minimal.md", "hostile.md"] {
        files.push(std::fs::read_to_string(root.join("tests/fixtures").join(name)).expect("fixture"));
    }
    ("wechat, own fixtures".to_string(), files)
}

fn bench(c: &mut Criterion) {
    let (label, files) = corpus();
    let bytes: usize = files.iter().map(String::len).sum();
    let issues: Vec<_> = files.iter().map(|f| jianbao::core::parse(f)).collect();
    let theme = Theme::default();
    let mut group = c.benchmark_group(label);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("load+build+to_html", |b| {
        b.iter(|| {
            for f in &files {
                let issue = jianbao::core::parse(black_box(f));
                black_box(wechat::to_html(&wechat::build(&issue), &theme));
            }
        })
    });
    group.bench_function("build+to_html", |b| {
        b.iter(|| {
            for issue in &issues {
                black_box(wechat::to_html(&wechat::build(black_box(issue)), &theme));
            }
        })
    });
    group.bench_function("build+to_plain_text", |b| {
        b.iter(|| {
            for issue in &issues {
                black_box(wechat::to_plain_text(&wechat::build(black_box(issue))));
            }
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(4));
    targets = bench
}
criterion_main!(benches);
