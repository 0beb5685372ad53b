//! Arbitrary bytes on the server's stdin: the frame reader never panics,
//! never loops without consuming input, and ends at the end of input.

#[path = "../../../src/lsp/transport.rs"]
#[allow(dead_code)]
mod transport;

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let mut input = std::io::BufReader::new(data);
        for _ in 0..=data.len() {
            if let transport::Incoming::Closed = transport::read_frame(&mut input) {
                return;
            }
        }
        panic!("more frames than bytes: the reader does not consume input");
    });
}
