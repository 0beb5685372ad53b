//! The `framing` target: see `checks::framing`.

#[path = "../../../src/lsp/transport.rs"]
#[allow(dead_code)]
mod transport;
#[path = "../checks.rs"]
#[allow(dead_code)]
mod checks;

fn main() {
    afl::fuzz!(|data: &[u8]| checks::framing(data));
}
