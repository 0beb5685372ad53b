//! The `edits` target: see `checks::edits`.

#[path = "../../../src/lsp/transport.rs"]
#[allow(dead_code)]
mod transport;
#[path = "../checks.rs"]
#[allow(dead_code)]
mod checks;

fn main() {
    afl::fuzz!(|data: &[u8]| checks::edits(data));
}
