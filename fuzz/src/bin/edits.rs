//! The `edits` target: see `checks::edits`.

#[path = "../checks.rs"]
#[allow(dead_code)]
mod checks;
#[path = "../../../src/lsp/transport.rs"]
#[allow(dead_code)]
mod transport;

fn main() {
    afl::fuzz!(|data: &[u8]| checks::edits(data));
}
