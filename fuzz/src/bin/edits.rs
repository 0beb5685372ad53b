//! Edit sequences applied incrementally to a document equal a fresh parse
//! of the text they produce (its blocks: `block_shape`, which leaves out
//! the children of code fence content that typing in a fence skips). Input: the first line is the starting text's
//! length in bytes taken from the rest; then edits of 4 bytes each: start
//! and end (as fractions of the length), and how many bytes of the
//! remaining input to insert.

use proposal_ls::document::Document;
use proposal_ls::{lone_cr_as_lf, markdown};


fn boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Some((&first, rest)) = data.split_first() else {
            return;
        };
        let split = (usize::from(first) * 4).min(rest.len());
        let (start_text, mut ops) = rest.split_at(split);
        let mut text = String::from_utf8_lossy(start_text).into_owned();
        let mut doc = Document::new(&text);
        while let [a, b, n, keep, tail @ ..] = ops {
            let len = text.len();
            let start = boundary(&text, usize::from(*a) * len / 255);
            let end = boundary(&text, usize::from(*b) * len / 255).max(start);
            let n = usize::from(*n % 32).min(tail.len());
            let (insert, tail) = tail.split_at(n);
            let insert = String::from_utf8_lossy(insert).into_owned();
            doc.edit(start..end, &insert).expect("boundaries are valid");
            text.replace_range(start..end, &insert);
            ops = tail;
            // Parse only some revisions, as the server does.
            if keep % 2 == 0 {
                let revision = doc.revision();
                // The parse reads a lone `\r` as `\n`, as the engine does.
                let checked = text.get(..revision.parsed_len()).unwrap_or_default();
                let fresh = markdown::parse(&lone_cr_as_lf(checked.to_string()));
                assert_eq!(
                    markdown::block_shape(revision.tree()),
                    markdown::block_shape(&fresh)
                );
            }
        }
        assert_eq!(doc.text(), text);
    });
}
