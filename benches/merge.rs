//! The merge driver on the largest issue (of the corpus, or our sample
//! without it) with changes on both sides: in process (`merge_path`), and as
//! a whole process (`jianbao merge-driver BASE OURS THEIRS PATH`, what git
//! runs). Target: under 10 ms as a whole process.
//! `cargo bench --no-default-features --bench merge`.

use std::hint::black_box;
use std::process::Command;

mod common;
#[path = "../tests/merge_support/mod.rs"]
mod merge_support;

use criterion::{Criterion, criterion_group, criterion_main};
use jianbao::core::vcs::merge::{MergeOutcome, merge_path};
use merge_support::{Op, apply_ops};

fn bench(c: &mut Criterion) {
    let (label, files) = common::issues(&["irregular.md"]);
    let (date, base) = files.into_iter().max_by_key(|(_, t)| t.len()).expect("an issue");
    let (ours, _) = apply_ops(
        &base,
        &[
            Op::Field { entry: 0, value: "一处修改".into() },
            Op::Reorder { entry: 4, pos: 0 },
            Op::Insert { section: 1, pos: 1, title: "新条目".into() },
        ],
        |k| k % 2 == 0,
        "a",
    );
    let (theirs, _) = apply_ops(
        &base,
        &[
            Op::Title { entry: 1, title: "改过的标题".into() },
            Op::Delete { entry: 3 },
            Op::Insert { section: 2, pos: 0, title: "另一条".into() },
        ],
        |k| k % 2 == 1,
        "b",
    );
    let path = format!("embedded-ai-report/{date}.md");
    let outcome = merge_path(&path, base.as_bytes(), ours.as_bytes(), theirs.as_bytes());
    assert!(matches!(outcome, MergeOutcome::Clean(_)), "the bench case should merge cleanly: {outcome:?}");
    eprintln!("merging {path} ({} bytes) of {label}", base.len());

    let mut group = c.benchmark_group("merge");
    group.bench_function("in process", |b| {
        b.iter(|| black_box(merge_path(&path, black_box(base.as_bytes()), ours.as_bytes(), theirs.as_bytes())))
    });
    let dir = tempfile::tempdir().unwrap();
    let (pb, po, pt) = (dir.path().join("base"), dir.path().join("ours"), dir.path().join("theirs"));
    std::fs::write(&pb, &base).unwrap();
    std::fs::write(&pt, &theirs).unwrap();
    group.bench_function("whole process", |b| {
        b.iter(|| {
            std::fs::write(&po, &ours).unwrap();
            let status = Command::new(env!("CARGO_BIN_EXE_jianbao"))
                .arg("merge-driver")
                .args([&pb, &po, &pt])
                .arg(&path)
                .status()
                .unwrap();
            assert!(status.success());
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
