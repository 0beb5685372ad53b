//! What each fuzz target asserts, on one input: shared by the AFL targets
//! (`src/bin/*`) and by `tests/fuzz_corpus.rs`, which replays the saved
//! inputs of `corpus/` on every `cargo test`. Each panics on a violation.
//! The includer declares `mod transport` (src/lsp/transport.rs, by path).

use proposal_ls::document::Document;
use proposal_ls::{FileContext, Template, analyze_text, fix_all, lone_cr_as_lf, markdown};

/// A document, then (after the first NUL byte, if any) a template: the
/// engine never panics, its ranges stay in the text, and `fix_all`
/// converges (fixing its result again changes nothing).
pub fn engine(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (document, template) = match text.split_once('\0') {
        Some((d, t)) => (d, Template::parse(t)),
        None => (text.as_ref(), Template::embedded()),
    };
    let file = FileContext {
        file_stem: Some("idea".into()),
        today: Some("2026-12-03".into()),
        ..FileContext::default()
    };
    for f in analyze_text(document, &template, &file) {
        assert!(f.range.start <= f.range.end && f.range.end <= document.len());
    }
    let fixed = fix_all(document, &template, &file);
    let again = fix_all(&fixed.text, &template, &file);
    assert_eq!(again.text, fixed.text, "fixes do not converge");
}

/// Edit sequences applied incrementally to a document equal a fresh parse
/// of the text they produce (its blocks: `block_shape`, which leaves out
/// the children of code fence content, which typing in a fence skips).
/// Input: the first byte times 4 is the starting text's length, taken
/// from the rest; then edits of 4 bytes each: start and end (as fractions
/// of the length), how many bytes of the remaining input to insert, and
/// whether to parse after it.
pub fn edits(data: &[u8]) {
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
}

fn boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Bytes on the server's stdin: the frame reader never panics, never
/// loops without consuming input, and ends at the end of input.
pub fn framing(data: &[u8]) {
    let mut input = std::io::BufReader::new(data);
    for _ in 0..=data.len() {
        if let crate::transport::Incoming::Closed = crate::transport::read_frame(&mut input) {
            return;
        }
    }
    panic!("more frames than bytes: the reader does not consume input");
}
