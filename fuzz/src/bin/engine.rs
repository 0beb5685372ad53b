//! The `engine` target: see `checks::engine`.

#[path = "../../../src/lsp/transport.rs"]
#[allow(dead_code)]
mod transport;
#[path = "../checks.rs"]
#[allow(dead_code)]
mod checks;

fn main() {
    afl::fuzz!(|data: &[u8]| checks::engine(data));
}
