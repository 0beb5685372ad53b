//! The yardstick for `proposal-ls check`'s cost: tree-sitter-md's block
//! parse of every proposal under `ROOT/enhancements`, and nothing else.
//! `scripts/peers.sh` counts its instructions beside `check`'s.
//!
//! `cargo run --release --example parse_corpus -- ROOT`

use std::path::Path;

fn main() {
    let Some(root) = std::env::args().nth(1) else {
        eprintln!("usage: parse_corpus ROOT");
        std::process::exit(2);
    };
    let walk = ignore::WalkBuilder::new(Path::new(&root).join("enhancements")).build();
    let mut parsed = 0;
    for entry in walk.filter_map(Result::ok) {
        if entry.path().extension().is_some_and(|x| x == "md")
            && let Ok(text) = std::fs::read_to_string(entry.path())
        {
            std::hint::black_box(proposal_ls::markdown::parse(&text));
            parsed += 1;
        }
    }
    eprintln!("{parsed} proposals parsed");
}
