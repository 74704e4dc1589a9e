//! One frame of the whole app, headless (egui_kittest, no GPU): with the
//! largest real issue open, and with a synthetic issue of 1000 entries.
//! `cargo bench --bench frame`. The goal: the 1000-entry frame costs at most
//! 1.5× the real issue's, because only what is in view is laid out and the
//! preview is rebuilt only when the document changes.
//!
//! And frames while the repository's index is built on its thread (the real
//! repository, and a generated one of 1,000 issues): the window keeps
//! drawing, each frame close to an idle one. Before measuring, one whole
//! build is watched frame by frame and the longest frame printed.

use std::path::PathBuf;
use std::time::{Duration, Instant};

mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;
use jianbao::app::JianbaoApp;
use jianbao::core::Command;

fn largest_issue() -> Option<PathBuf> {
    common::issue_paths().into_iter().max_by_key(|p| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0))
}

/// An issue of `n` entries spread over the four usual sections, in our own words.
pub fn synthetic_issue(n: usize) -> String {
    let mut s = String::from(
        "# 嵌入式AI简报 (2030-01-01)：合成的大期刊\n\n**用于基准测试的合成期刊**  \n\n> 导读：本期为合成数据。\n\n",
    );
    let sections = ["业界新闻", "论文", "开源项目", "博文"];
    for (k, title) in sections.iter().enumerate() {
        s.push_str(&format!("## {title}\n\n"));
        let count = n / sections.len() + usize::from(k < n % sections.len());
        for i in 0..count {
            s.push_str(&format!(
                "- [第{k}-{i}条：端侧推理框架新增低比特算子与量化校准流程 | 示例来源](https://example.org/{k}/{i})  \n\
                 摘要：这是一段合成的摘要，用来测量界面在大量条目下的绘制开销。它描述一个虚构的端侧部署案例，包括模型压缩、量化与算子融合的若干细节，长度与真实条目相近。  \n"
            ));
        }
        s.push_str("\n\n");
    }
    s
}

fn harness_for(file: PathBuf) -> Harness<'static, JianbaoApp> {
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_max_steps(16)
        .build_eframe(move |cc| JianbaoApp::from_creation_context(cc, Some(file.clone())));
    let _ = h.try_run();
    h
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let synthetic = dir.path().join("synthetic-1000.md");
    std::fs::write(&synthetic, synthetic_issue(1000)).unwrap();
    let mut cases = vec![("synthetic 1000 entries", synthetic)];
    match largest_issue() {
        Some(p) => cases.insert(0, ("largest corpus issue", p)),
        None => eprintln!("notice: corpus not found; benchmarking the synthetic issue only"),
    }
    let mut group = c.benchmark_group("frame");
    for (name, path) in cases {
        let mut h = harness_for(path);
        group.bench_function(format!("{name}: idle frame"), |b| b.iter(|| h.step()));
        // A frame after one keystroke's edit: one preview unit is laid out again.
        let id = h.state().issue().entries().nth(2).map(|(_, e)| e.id).expect("an entry");
        let mut n = 0u64;
        group.bench_function(format!("{name}: frame after an edit"), |b| {
            b.iter(|| {
                n += 1;
                let mut head = h.state().issue().entry(id).unwrap().typed().unwrap().head.clone();
                head.source = Some(format!("来源{}", n % 7).into());
                let ctx = h.ctx.clone();
                h.state_mut().perform(
                    jianbao::app::Action::Edit { cmd: Box::new(Command::SetHead { entry: id, head }), merge: None },
                    &ctx,
                );
                h.step();
            })
        });
    }
    group.finish();
}

fn harness_for_repo(root: &std::path::Path) -> Harness<'static, JianbaoApp> {
    let mut h = Harness::builder()
        .with_size([1280.0, 800.0])
        .with_max_steps(16)
        .build_eframe(move |cc| JianbaoApp::from_creation_context(cc, None));
    let _ = h.try_run();
    assert!(h.state_mut().open_repo(root));
    assert!(h.state_mut().wait_for_index());
    let _ = h.try_run();
    h
}

fn while_indexing(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    common::synthetic_repo(dir.path(), 1000, 25);
    let mut repos = vec![("synthetic 1000 issues", dir.path().to_path_buf())];
    if let Some(root) = common::corpus_root() {
        repos.insert(0, ("corpus", root));
    }
    let mut group = c.benchmark_group("frame while indexing");
    group.sample_size(20);
    for (name, root) in repos {
        let mut h = harness_for_repo(&root);
        // One whole build, watched frame by frame.
        h.state_mut().start_indexing();
        let started = Instant::now();
        let (mut frames, mut longest) = (0u32, Duration::ZERO);
        while h.state().is_indexing() {
            let t = Instant::now();
            h.step();
            longest = longest.max(t.elapsed());
            frames += 1;
        }
        eprintln!(
            "{name}: the build took {:?}; {frames} frames drawn meanwhile, the longest {longest:?}",
            started.elapsed()
        );
        group.bench_function(format!("{name}: idle frame"), |b| b.iter(|| h.step()));
        group.bench_function(format!("{name}: frame while the index is built"), |b| {
            b.iter_custom(|iters| {
                let mut total = Duration::ZERO;
                for _ in 0..iters {
                    if !h.state().is_indexing() {
                        h.state_mut().start_indexing();
                    }
                    let t = Instant::now();
                    h.step();
                    total += t.elapsed();
                }
                total
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench, while_indexing);
criterion_main!(benches);
