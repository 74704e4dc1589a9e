//! Profiling aid: builds the link and search indexes of the corpus many times.
//! `cargo run --release --no-default-features --example prof_index -- [links|search|parse] [N]`
use std::time::Instant;
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let what = args.get(1).cloned().unwrap_or_else(|| "all".into());
    let n: u32 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(200);
    let dir = std::env::var("JIANBAO_CORPUS").unwrap_or_else(|_| "../shared/corpus/awesome-embedded-ai".into());
    let mut files: Vec<(String, String)> = std::fs::read_dir(format!("{dir}/embedded-ai-report"))
        .expect("corpus")
        .map(|e| e.unwrap())
        .map(|e| (e.file_name().to_string_lossy().replace(".md", ""), std::fs::read_to_string(e.path()).unwrap()))
        .collect();
    files.sort();
    let issues: Vec<_> = files.iter().map(|(_, t)| jianbao::core::parse(t)).collect();
    let input: Vec<(&str, &str, &jianbao::core::Issue)> =
        files.iter().zip(&issues).map(|((d, t), i)| (d.as_str(), t.as_str(), i)).collect();
    if what == "query" {
        let index = jianbao::core::editorial::search::SearchIndex::build_with_texts(&input);
        let q = args.get(3).cloned().unwrap_or_else(|| "量化".into());
        let t = Instant::now();
        let mut hits = 0;
        for _ in 0..n {
            hits = std::hint::black_box(index.query(&q, 50)).len();
        }
        println!("query {q:?}: {hits} hits in {:?}", t.elapsed() / n);
        return;
    }
    if what == "min" {
        // Interleaved rounds, the fastest of each: robust on a busy machine.
        let (mut p, mut l, mut q) = (f64::MAX, f64::MAX, f64::MAX);
        for _ in 0..n {
            let t = Instant::now();
            for (_, text) in &files {
                std::hint::black_box(jianbao::core::parse(text));
            }
            p = p.min(t.elapsed().as_secs_f64());
            let t = Instant::now();
            std::hint::black_box(jianbao::core::editorial::links::LinkIndex::build(&input));
            l = l.min(t.elapsed().as_secs_f64());
            let t = Instant::now();
            std::hint::black_box(jianbao::core::editorial::search::SearchIndex::build_with_texts(&input));
            q = q.min(t.elapsed().as_secs_f64());
        }
        println!("min: parse {:.0}µs links {:.0}µs search {:.0}µs ratio {:.2}", p * 1e6, l * 1e6, q * 1e6, (l + q) / p);
        return;
    }
    if what == "all" || what == "parse" {
        let t = Instant::now();
        for _ in 0..n {
            for (_, text) in &files {
                std::hint::black_box(jianbao::core::parse(text));
            }
        }
        println!("parse {:?}", t.elapsed() / n);
    }
    if what == "all" || what == "links" {
        let t = Instant::now();
        for _ in 0..n {
            std::hint::black_box(jianbao::core::editorial::links::LinkIndex::build(&input));
        }
        println!("link index {:?}", t.elapsed() / n);
    }
    if what == "all" || what == "search" {
        let t = Instant::now();
        for _ in 0..n {
            std::hint::black_box(jianbao::core::editorial::search::SearchIndex::build_with_texts(&input));
        }
        println!("search index {:?}", t.elapsed() / n);
    }
}
