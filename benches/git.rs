//! The repository's git state as the window reads it (off its thread):
//! `core::vcs::status::status` on a generated repository of 45 issues of 25
//! entries, committed, with one issue and the README edited and an
//! untracked inbox. Target: under 20 ms. `cargo bench --no-default-features --bench git`.

use std::hint::black_box;
use std::path::Path;
use std::process::Command;

mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use jianbao::core::vcs::status;

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git").arg("-C").arg(dir).args(args).output().expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

fn bench(c: &mut Criterion) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("repo");
    std::fs::create_dir(&dir).unwrap();
    git(&dir, &["init", "-q", "-b", "main"]);
    for (k, v) in [("user.name", "Bench"), ("user.email", "bench@example.org"), ("commit.gpgsign", "false")] {
        git(&dir, &["config", k, v]);
    }
    let paths = common::synthetic_repo(&dir, 45, 25);
    git(&dir, &["add", "-A"]);
    git(&dir, &["commit", "-q", "-m", "45 issues"]);
    let last = paths.last().unwrap();
    let text = std::fs::read_to_string(last).unwrap();
    std::fs::write(last, text.replacen("摘要", "摘要（改）", 1)).unwrap();
    std::fs::write(dir.join("README.md"), "# edited\n").unwrap();
    std::fs::write(dir.join("inbox.md"), "- https://example.org/x\n").unwrap();
    let s = status::status(&dir).unwrap();
    assert_eq!(s.files.len(), 3, "{:?}", s.files);

    let mut group = c.benchmark_group("git");
    group.bench_function("status of 45 issues", |b| b.iter(|| black_box(status::status(black_box(&dir)).unwrap())));
    group.bench_function("recent subjects (50)", |b| {
        b.iter(|| black_box(status::recent_subjects(black_box(&dir), 50).unwrap()))
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(4));
    targets = bench
}
criterion_main!(benches);
