//! Indexing a repository for the editorial checks and the archive search,
//! beside loading (parsing) the same files: `cargo bench --bench index`.
//!
//! Goals: building the link index and the search index costs no more than
//! loading the files (ratio ≤ 1.0), and a query less than 1% of the build.
//! The corpus is `$JIANBAO_CORPUS` or ../shared/corpus/awesome-embedded-ai;
//! without it the project's own fixtures stand in.

use std::hint::black_box;
use std::sync::Arc;

mod common;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use jianbao::core::editorial::links::LinkIndex;
use jianbao::core::editorial::search::SearchIndex;
use jianbao::core::{Issue, parse};

fn bench(c: &mut Criterion) {
    let (label, files) = common::issues(&["irregular.md", "footer-in-section.md", "minimal.md"]);
    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
    let issues: Vec<Issue> = files.iter().map(|(_, t)| parse(t)).collect();
    let with_text: Vec<(&str, &str, &Issue)> =
        files.iter().zip(&issues).map(|((d, t), i)| (d.as_str(), t.as_str(), i)).collect();
    // The texts as the window keeps them once loaded: shared, not copied.
    let shared: Vec<(&str, Arc<str>, &Issue)> =
        files.iter().zip(&issues).map(|((d, t), i)| (d.as_str(), Arc::from(t.as_str()), i)).collect();
    let by_date: Vec<(&str, &Issue)> = files.iter().zip(&issues).map(|((d, _), i)| (d.as_str(), i)).collect();

    let mut group = c.benchmark_group(label);
    group.throughput(Throughput::Bytes(bytes as u64));
    let paths = common::issue_paths();
    if !paths.is_empty() {
        // As the window opens a repository: every issue read and parsed,
        // and kept (the indexes are built from them).
        group.bench_function("load (read + parse every file, keeping them)", |b| {
            b.iter(|| {
                let loaded: Vec<_> =
                    paths.iter().map(|p| jianbao::core::files::io::load_issue(black_box(p)).unwrap()).collect();
                black_box(loaded)
            })
        });
        group.bench_function("load (read + parse every file)", |b| {
            b.iter(|| {
                for p in &paths {
                    black_box(jianbao::core::files::io::load_issue(black_box(p)).unwrap());
                }
            })
        });
    }
    group.bench_function("load (parse every issue)", |b| {
        b.iter(|| {
            for (_, t) in &files {
                black_box(parse(black_box(t)));
            }
        })
    });
    group.bench_function("index build (links + search)", |b| {
        b.iter(|| {
            black_box(LinkIndex::build(black_box(&with_text)));
            black_box(SearchIndex::build_shared(black_box(&shared)));
        })
    });
    group.bench_function("link index build", |b| b.iter(|| black_box(LinkIndex::build(black_box(&with_text)))));
    group.bench_function("search index build", |b| b.iter(|| black_box(SearchIndex::build_shared(black_box(&shared)))));
    group.bench_function("search index build (copying the texts)", |b| {
        b.iter(|| black_box(SearchIndex::build_with_texts(black_box(&with_text))))
    });
    group.bench_function("search index build (rendering the issues)", |b| {
        b.iter(|| black_box(SearchIndex::build(black_box(&by_date))))
    });
    group.finish();

    synthetic(c);

    let search = SearchIndex::build_shared(&shared);
    let links = LinkIndex::build(&with_text);
    let mut group = c.benchmark_group("query");
    // A representative mix, as typed into the archive search: CJK words of
    // two to four characters (common and rare), English words, URL
    // fragments, two-word queries, and one that matches nothing. Reported
    // one by one and as the whole mix (the mean per query is the mix's time
    // divided by its length).
    const MIX: [&str; 12] = [
        "量化",
        "神经网络",
        "推理框架",
        "芯片",
        "arm",
        "tensorflow",
        "github.com",
        "arxiv.org/abs",
        "arm npu",
        "高通 骁龙",
        "模型 压缩",
        "zzzzqqq",
    ];
    for q in MIX {
        group
            .bench_function(format!("search {q:?} (top 50)"), |b| b.iter(|| black_box(search.query(black_box(q), 50))));
    }
    group.bench_function(format!("search the mix of {} queries (top 50)", MIX.len()), |b| {
        b.iter(|| {
            for q in MIX {
                black_box(search.query(black_box(q), 50));
            }
        })
    });
    group.bench_function("link lookup", |b| {
        b.iter(|| black_box(links.lookup(black_box("https://github.com/JDAI-CV/dabnn/"))))
    });
    group.finish();
}

/// A generated repository of 1,000 issues (about 25,000 entries, twenty
/// years of a weekly): reading and parsing every file, against building both
/// indexes from what was read. Goal: the build within 1x the load.
fn synthetic(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let paths = common::synthetic_repo(dir.path(), 1000, 25);
    let loaded: Vec<(String, Arc<str>, Issue)> = paths
        .iter()
        .map(|p| {
            let text: Arc<str> = std::fs::read_to_string(p).unwrap().into();
            let date = p.file_stem().unwrap().to_string_lossy().into_owned();
            let issue = parse(&text);
            (date, text, issue)
        })
        .collect();
    let with_text: Vec<(&str, &str, &Issue)> = loaded.iter().map(|(d, t, i)| (d.as_str(), &**t, i)).collect();
    let shared: Vec<(&str, Arc<str>, &Issue)> = loaded.iter().map(|(d, t, i)| (d.as_str(), t.clone(), i)).collect();
    let bytes: u64 = loaded.iter().map(|(_, t, _)| t.len() as u64).sum();
    let mut group = c.benchmark_group("synthetic (1000 issues)");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("load (read + parse every file, keeping them)", |b| {
        b.iter(|| {
            let loaded: Vec<_> =
                paths.iter().map(|p| jianbao::core::files::io::load_issue(black_box(p)).unwrap()).collect();
            black_box(loaded)
        })
    });
    group.bench_function("index build (links + search)", |b| {
        b.iter(|| {
            black_box(LinkIndex::build(black_box(&with_text)));
            black_box(SearchIndex::build_shared(black_box(&shared)));
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
