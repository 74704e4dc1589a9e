//! Prints, per file, how much of it the loader typed:
//! `cargo run --example coverage -- FILE...`
use jianbao::core::{EntryBody, SectionItem, export::json, parse, render};

fn main() {
    let mut total = json::Coverage::default();
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).expect("readable UTF-8");
        let issue = parse(&text);
        assert_eq!(render(&issue), text, "round trip of {path}");
        let c = json::coverage(&issue);
        let unnamed = issue.unnamed_group().map(|g| format!(" unnamed group of {} entries", g.entry_count()));
        println!(
            "{path}: typed {} verbatim {} bytes {} verbatim bytes {}{}",
            c.entries_typed,
            c.entries_verbatim,
            c.bytes_total,
            c.bytes_verbatim,
            unnamed.unwrap_or_default()
        );
        if std::env::var_os("SHOW").is_some() {
            for s in &issue.sections {
                for item in &s.items {
                    match item {
                        SectionItem::Entry(e) => {
                            if let EntryBody::Verbatim(l) = &e.body {
                                println!("  VERBATIM: {:?}", l)
                            }
                        }
                        SectionItem::Raw(l) => println!("  RAW: {l:?}"),
                        _ => {}
                    }
                }
            }
            for b in &issue.preamble {
                if let jianbao::core::PreambleBlock::Raw(l) = b {
                    println!("  PRE-RAW: {l:?}")
                }
            }
        }
        total.entries_typed += c.entries_typed;
        total.entries_verbatim += c.entries_verbatim;
        total.bytes_total += c.bytes_total;
        total.bytes_verbatim += c.bytes_verbatim;
    }
    println!(
        "TOTAL: typed {} verbatim {} ({:.2}% typed), bytes {} verbatim {} ({:.3}%)",
        total.entries_typed,
        total.entries_verbatim,
        100.0 * total.entries_typed as f64 / (total.entries_typed + total.entries_verbatim).max(1) as f64,
        total.bytes_total,
        total.bytes_verbatim,
        100.0 * total.bytes_verbatim as f64 / total.bytes_total.max(1) as f64
    );
}
