//! WeChat export throughput over the corpus (input markdown bytes per second):
//! `cargo bench --no-default-features --bench wechat`. The whole-process
//! figure (start-up, reading and writing files included) comes from
//! `benches/wechat_process.sh`.
//!
//! The corpus is `$JIANBAO_CORPUS` or ../shared/corpus/awesome-embedded-ai;
//! without it the project's own fixtures stand in.

use std::hint::black_box;

mod common;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use jianbao::core::export::wechat::{self, Theme};

fn bench(c: &mut Criterion) {
    let (label, files) = common::texts(&["irregular.md", "footer-in-section.md", "minimal.md", "hostile.md"]);
    let label = format!("wechat, {label}");
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
