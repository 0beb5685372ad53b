//! The fuzz targets' checks (fuzz/src/checks.rs) on every input kept in
//! fuzz/corpus: the seeds, and what fuzzing found (crashes once, fixed
//! since), so none comes back unnoticed. Fuzzing itself: fuzz/README.md.

#[path = "../fuzz/src/checks.rs"]
mod checks;
#[path = "../src/lsp/transport.rs"]
#[allow(dead_code)]
mod transport;

use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut inputs: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    inputs.sort();
    assert!(inputs.len() >= 2, "too few inputs in {}", dir.display());
    for input in inputs {
        let data = std::fs::read(&input).expect("read input");
        let outcome = std::panic::catch_unwind(|| check(&data));
        assert!(outcome.is_ok(), "{} fails its check", input.display());
    }
}

#[test]
fn engine_inputs_hold() {
    replay("engine", checks::engine);
}

#[test]
fn edit_sequences_hold() {
    replay("edits", checks::edits);
}

#[test]
fn frames_hold() {
    replay("framing", checks::framing);
}
