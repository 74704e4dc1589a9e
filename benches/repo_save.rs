//! What a save and an autosave cost on disk: `cargo bench --bench repo_save`.
//! An issue-sized text (the sample issue repeated to about 40 KB, the size of
//! the largest real issue) saved atomically into a repository, the same text
//! written as a draft, the external-change check before a save, and the
//! README archive regeneration. Runs in a temporary folder (its file system
//! decides the flush cost).

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use jianbao::core::files::archive;
use jianbao::core::files::draft::{Draft, DraftStore};
use jianbao::core::files::io::{self, FileStamp};
use jianbao::core::files::repo::Repo;

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::create_dir(dir.path().join("embedded-ai-report")).unwrap();
    let text = jianbao::SAMPLE_ISSUE.repeat(40 * 1024 / jianbao::SAMPLE_ISSUE.len() + 1);
    let repo = Repo::open(dir.path()).unwrap();
    let stamp = repo.save_issue("2026-01-02", &text).unwrap();
    let path = repo.issue_path("2026-01-02").unwrap();

    let mut group = c.benchmark_group(format!("{} KB issue", text.len() / 1024));
    group.bench_function("save_issue (atomic: temp, fsync, rename)", |b| {
        b.iter(|| black_box(repo.save_issue("2026-01-02", black_box(&text)).unwrap()))
    });
    group.bench_function("check_unchanged", |b| b.iter(|| io::check_unchanged(&path, black_box(&stamp)).unwrap()));
    group.bench_function("FileStamp hash", |b| b.iter(|| FileStamp::hash_bytes(black_box(text.as_bytes()))));
    let store = DraftStore::at(dir.path().join("drafts"));
    let draft = Draft::for_file(&path, text.clone(), Some(stamp.clone()));
    group.bench_function("draft save (RON, atomic)", |b| b.iter(|| store.save(black_box(&draft)).unwrap()));
    group.finish();

    let dates: Vec<String> = (0..45).map(|i| archive::add_days("2019-03-31", i * 14).unwrap()).collect();
    let readme = format!(
        "# Archive\n\n{}\n\nMore text.\n",
        archive::table(&dates[..40], archive::README_LINK_PREFIX).join("\n")
    );
    c.bench_function("regenerate_readme (45 issues)", |b| {
        b.iter(|| archive::regenerate_readme(black_box(&readme), black_box(&dates)).unwrap())
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
