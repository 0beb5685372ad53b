//! The one place where engine byte offsets meet LSP positions, in the
//! negotiated encoding (UTF-8 when the client offers it, else UTF-16).

use std::ops::Range;

use ropey::Rope;
use tower_lsp_server::ls_types::{Position, PositionEncodingKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

impl Encoding {
    /// UTF-8 if the client lists it, else UTF-16 (which every client
    /// supports).
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }
}

/// Snap a byte offset down to a character boundary within the rope.
fn snap(rope: &Rope, byte: usize) -> usize {
    let byte = byte.min(rope.len_bytes());
    rope.char_to_byte(rope.byte_to_char(byte))
}

pub fn position(rope: &Rope, byte: usize, encoding: Encoding) -> Position {
    let byte = snap(rope, byte);
    let line = rope.byte_to_line(byte);
    let line_start = rope.line_to_byte(line);
    let character = match encoding {
        Encoding::Utf8 => byte - line_start,
        Encoding::Utf16 => {
            rope.char_to_utf16_cu(rope.byte_to_char(byte))
                - rope.char_to_utf16_cu(rope.byte_to_char(line_start))
        }
    };
    let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Position::new(clamp(line), clamp(character))
}

pub fn range(
    rope: &Rope,
    r: &Range<usize>,
    encoding: Encoding,
) -> tower_lsp_server::ls_types::Range {
    tower_lsp_server::ls_types::Range::new(
        position(rope, r.start, encoding),
        position(rope, r.end, encoding),
    )
}

/// Byte offset of a position. A line past the end clamps to the end of the
/// text; a character past the end of its line clamps to the line's end
/// (before its line break), as the protocol asks.
pub fn offset(rope: &Rope, pos: Position, encoding: Encoding) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let line_start = rope.line_to_byte(line);
    let slice = rope.line(line);
    let mut content_len = slice.len_bytes();
    // Exclude "\n" or "\r\n".
    if slice.len_chars() > 0 && slice.char(slice.len_chars() - 1) == '\n' {
        content_len -= 1;
        if slice.len_chars() > 1 && slice.char(slice.len_chars() - 2) == '\r' {
            content_len -= 1;
        }
    }
    let wanted = pos.character as usize;
    let within = match encoding {
        Encoding::Utf8 => wanted.min(content_len),
        Encoding::Utf16 => {
            let mut units = 0;
            let mut bytes = 0;
            for ch in slice.chars() {
                if units >= wanted || bytes >= content_len {
                    break;
                }
                units += ch.len_utf16();
                bytes += ch.len_utf8();
            }
            bytes.min(content_len)
        }
    };
    snap(rope, line_start + within)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_in_both_encodings() {
        let rope = Rope::from_str("a😀b\r\n漢字x\n");
        let x = "a😀b\r\n漢字".len();
        assert_eq!(position(&rope, x, Encoding::Utf16), Position::new(1, 2));
        assert_eq!(position(&rope, x, Encoding::Utf8), Position::new(1, 6));
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            assert_eq!(offset(&rope, position(&rope, x, enc), enc), x);
        }
        // Past the line's end: before "\r\n". Inside a surrogate pair: snapped.
        assert_eq!(
            offset(&rope, Position::new(0, 99), Encoding::Utf16),
            "a😀b".len()
        );
        assert_eq!(
            offset(&rope, Position::new(0, 2), Encoding::Utf16),
            "a😀".len()
        );
        assert_eq!(offset(&rope, Position::new(0, 3), Encoding::Utf8), 1);
        assert_eq!(
            offset(&rope, Position::new(9, 0), Encoding::Utf16),
            rope.len_bytes()
        );
    }

    #[test]
    fn negotiation_prefers_utf8() {
        let both = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(Encoding::negotiate(Some(&both)), Encoding::Utf8);
        assert_eq!(Encoding::negotiate(Some(&both[..1])), Encoding::Utf16);
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
    }
}
