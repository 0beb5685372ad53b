//! The engine's text layer: lines, line breaks and byte ranges. Every
//! function takes any offset and never panics: offsets past the end are
//! clamped, and ranges that do not fall on character boundaries read as
//! empty text. (Byte offset <-> line/column conversion for the front ends
//! is `line_index`.)

use std::ops::Range;

/// `offset` clamped to the text and moved back to a character boundary.
pub fn snap(text: &str, offset: usize) -> usize {
    let mut at = offset.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Each lone `\r` (a line break to LSP, CommonMark and editors) as `\n`,
/// the engine's line break. Byte for byte the same length, so offsets into
/// the result are offsets into the original.
pub fn lone_cr_as_lf(mut text: String) -> String {
    let lone: Vec<usize> = lone_crs(text.as_bytes(), None).collect();
    for at in lone {
        text.replace_range(at..at + 1, "\n");
    }
    text
}

/// The positions of lone `\r` in `bytes`; `next` is the byte after them
/// (for a chunk of a longer text), `None` at the end of the text.
pub fn lone_crs(bytes: &[u8], next: Option<u8>) -> impl Iterator<Item = usize> + '_ {
    bytes
        .iter()
        .enumerate()
        .filter(move |&(i, &b)| b == b'\r' && bytes.get(i + 1).copied().or(next) != Some(b'\n'))
        .map(|(i, _)| i)
}

/// Start of the line containing `offset`.
pub fn line_start(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |i| i + 1)
}

/// Offset just past the end of the line containing `offset` (after its
/// line break), or the end of the text.
pub fn end_of_line(text: &str, offset: usize) -> usize {
    text.get(offset..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |i| offset + i + 1)
}

/// End of the content of the line containing `offset`: before its line
/// break (`\n`, `\r\n`), or the end of the text; never before `offset`.
pub fn line_content_end(text: &str, offset: usize) -> usize {
    let end = text
        .get(offset..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |i| offset + i);
    let line = text.get(offset..end).unwrap_or("");
    offset + line.trim_end_matches('\r').len()
}

/// The line starting at `start`, without its line break.
pub fn line_range(text: &str, start: usize) -> Range<usize> {
    start..line_content_end(text, start).max(start)
}

/// The content ranges (no line breaks) of the lines starting in `range`.
pub fn lines(text: &str, range: Range<usize>) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = range.start;
    std::iter::from_fn(move || {
        if start >= range.end || start >= text.len() {
            return None;
        }
        let line = line_range(text, start);
        start = end_of_line(text, start);
        Some(line)
    })
}

/// The first line of `range`, without its line break.
pub fn first_line(text: &str, range: Range<usize>) -> Range<usize> {
    let s = text.get(range.clone()).unwrap_or("");
    match s.find(['\r', '\n']) {
        Some(i) => range.start..range.start + i,
        None => range,
    }
}

/// Shrink a range past trailing whitespace and line breaks.
pub fn trim_end_range(text: &str, r: Range<usize>) -> Range<usize> {
    let s = text.get(r.clone()).unwrap_or("");
    r.start..r.start + s.trim_end().len()
}

/// Shrink a range past whitespace at both ends.
pub fn trim_range(text: &str, r: Range<usize>) -> Range<usize> {
    let s = text.get(r.clone()).unwrap_or("");
    let start = r.start + (s.len() - s.trim_start().len());
    start..r.start + s.trim_end().len()
}

/// Collapse all runs of whitespace to one space and trim.
pub fn normalize_ws(s: &str) -> String {
    // Written straight into one string: every paragraph of every document
    // goes through here.
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The line break this text mostly uses, so inserted lines match it.
pub fn line_break(text: &str) -> &'static str {
    let crlf = text.matches("\r\n").count();
    let lf = text.matches('\n').count();
    if crlf * 2 > lf { "\r\n" } else { "\n" }
}

/// The line break that ends the first line ending at or after `offset`
/// (else the one before it), for text inserted there: unlike
/// [`line_break`], it reads one line, not the whole text.
pub fn line_break_at(text: &str, offset: usize) -> &'static str {
    let after = text
        .get(offset..)
        .and_then(|rest| rest.find('\n').map(|i| offset + i));
    let before = || text.get(..offset).and_then(|head| head.rfind('\n'));
    match after.or_else(before) {
        Some(i) if i > 0 && text.get(i - 1..i) == Some("\r") => "\r\n",
        _ => "\n",
    }
}

/// The offset of the first `\n` or `\r` at or after `from` (or the
/// length): eight bytes at a time, since scanning a large document's lines
/// one byte at a time is the most of what finding its headings costs.
pub fn next_line_break(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGHS: u64 = u64::from_ne_bytes([0x80; 8]);
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS != 0;
    let mut at = from;
    for chunk in bytes.get(from..).unwrap_or_default().chunks_exact(8) {
        let x = u64::from_ne_bytes(<[u8; 8]>::try_from(chunk).unwrap_or([0; 8]));
        if has_zero(x ^ (ONES * u64::from(b'\n'))) || has_zero(x ^ (ONES * u64::from(b'\r'))) {
            break;
        }
        at += 8;
    }
    bytes
        .get(at..)
        .and_then(|rest| rest.iter().position(|&b| b == b'\n' || b == b'\r'))
        .map_or(bytes.len().max(from), |i| at + i)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn lines_and_breaks() {
        let text = "漢字\r\nb\n\nc";
        assert_eq!(snap(text, 1), 0);
        assert_eq!(snap(text, 99), text.len());
        assert_eq!(line_content_end(text, 0), 6);
        assert_eq!(line_content_end(text, 3), 6);
        assert_eq!(line_start(text, 9), 8);
        assert_eq!(end_of_line(text, 0), 8);
        assert_eq!(end_of_line(text, 12), text.len());
        let all: Vec<_> = lines(text, 0..text.len()).map(|r| &text[r]).collect();
        assert_eq!(all, ["漢字", "b", "", "c"]);
        assert_eq!(&text[first_line(text, 0..text.len())], "漢字");
        assert_eq!(&text[trim_end_range(text, 7..11)], "\nb");
        assert_eq!(&text[trim_range(text, 7..11)], "b");
        assert_eq!(line_break(text), "\n");
        assert_eq!(line_break("a\r\nb\r\nc\n"), "\r\n");
        assert_eq!(line_break_at("a\r\nb\nc", 0), "\r\n");
        assert_eq!(line_break_at("a\r\nb\nc", 3), "\n");
        assert_eq!(line_break_at("a\r\nb", 4), "\r\n");
        assert_eq!(line_break_at("abc", 1), "\n");
        assert_eq!(normalize_ws("  a \r\n b\t"), "a b");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn line_breaks_found_eight_bytes_at_a_time(text in "[ab\r\n😀]{0,40}", from in 0usize..44) {
            let bytes = text.as_bytes();
            let naive = bytes
                .iter()
                .enumerate()
                .skip(from)
                .find(|(_, b)| **b == b'\n' || **b == b'\r')
                .map_or(bytes.len().max(from), |(i, _)| i);
            prop_assert_eq!(next_line_break(bytes, from), naive);
        }

        #[test]
        fn line_helpers_stay_in_bounds(text in "[a\r\n漢😀 ]{0,24}", offset in 0usize..40) {
            let at = snap(&text, offset);
            prop_assert!(text.is_char_boundary(at) && at <= offset.max(at));
            let start = line_start(&text, at);
            let end = line_content_end(&text, at);
            let next = end_of_line(&text, at);
            prop_assert!(start <= at && at <= end && end <= next && next <= text.len());
            prop_assert!(text.get(start..next).is_some());
            prop_assert!(!text[start..end].contains('\n'));
            // The lines, with their breaks, make up the text again.
            let mut rebuilt = String::new();
            let mut last = 0;
            for line in lines(&text, 0..text.len()) {
                rebuilt.push_str(&text[last..line.start]);
                rebuilt.push_str(&text[line.clone()]);
                last = line.end;
            }
            rebuilt.push_str(&text[last..]);
            prop_assert_eq!(rebuilt, text.clone());
        }
    }
}
