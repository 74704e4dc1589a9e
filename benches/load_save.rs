//! Load+save throughput over the corpus, beside pulldown-cmark's bare event
//! pass over the same bytes: `cargo bench --bench load_save`.
//!
//! The corpus is `$JIANBAO_CORPUS` or ../shared/corpus/awesome-embedded-ai;
//! without it the project's own fixtures stand in.

use std::hint::black_box;

mod common;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let (label, files) = common::texts(&["irregular.md", "footer-in-section.md", "minimal.md"]);
    let bytes: usize = files.iter().map(String::len).sum();
    let mut group = c.benchmark_group(label);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("jianbao load+save", |b| {
        b.iter(|| {
            for f in &files {
                let issue = jianbao::core::parse(black_box(f));
                black_box(jianbao::core::render(&issue));
            }
        })
    });
    group.bench_function("jianbao load", |b| {
        b.iter(|| {
            for f in &files {
                black_box(jianbao::core::parse(black_box(f)));
            }
        })
    });
    group.bench_function("pulldown-cmark events", |b| {
        b.iter(|| {
            for f in &files {
                black_box(pulldown_cmark::Parser::new(black_box(f)).count());
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
