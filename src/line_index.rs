//! Byte offset <-> (line, column) conversion in any of the encodings a
//! client may negotiate. Engine positions are byte offsets; this is used
//! only at the edges (CLI output, LSP conversion).

/// The unit a column is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    /// Unicode scalar values; what terminals and `path:line:col` show.
    Chars,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    /// 0-based line.
    pub line: u32,
    /// 0-based column in the chosen encoding.
    pub col: u32,
}

#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i + 1),
        );
        LineIndex {
            line_starts,
            len: text.len(),
        }
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset where 0-based `line` starts, if it exists.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts.get(line).copied()
    }

    /// Position of a byte offset. Offsets past the end clamp to the end;
    /// offsets inside a multi-byte character count up to that character.
    pub fn position(&self, text: &str, offset: usize, encoding: Encoding) -> LineCol {
        let offset = offset.min(self.len);
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let prefix = text.get(start..offset).unwrap_or_else(|| {
            // Offset inside a character: back up to its boundary.
            let mut end = offset;
            while end > start && !text.is_char_boundary(end) {
                end -= 1;
            }
            &text[start..end]
        });
        let col = width(prefix, encoding);
        // LSP and terminals count in u32; a longer line saturates.
        LineCol {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            col: u32::try_from(col).unwrap_or(u32::MAX),
        }
    }

    /// Byte offset of a position; a column past the line's end clamps to
    /// the end of the line (before its line break), as LSP requires.
    pub fn offset(&self, text: &str, pos: LineCol, encoding: Encoding) -> usize {
        let Some(&start) = self.line_starts.get(pos.line as usize) else {
            return self.len;
        };
        let end = self
            .line_starts
            .get(pos.line as usize + 1)
            .map_or(self.len, |&next| next - 1);
        let line = text.get(start..end).unwrap_or("");
        let line = line.strip_suffix('\r').unwrap_or(line);
        start + byte_in_line(line, pos.col as usize, encoding)
    }
}

/// How many units of `encoding` the text `prefix` spans.
pub fn width(prefix: &str, encoding: Encoding) -> usize {
    match encoding {
        Encoding::Utf8 => prefix.len(),
        Encoding::Utf16 => prefix.chars().map(char::len_utf16).sum(),
        Encoding::Chars => prefix.chars().count(),
    }
}

/// The byte offset in `line` (its content, without the line break) where
/// column `col` falls: a column inside a character snaps back to its start,
/// one past the end clamps to the end (as LSP requires).
pub fn byte_in_line(line: &str, col: usize, encoding: Encoding) -> usize {
    let mut units = 0usize;
    for (i, ch) in line.char_indices() {
        if units >= col {
            return i;
        }
        units += match encoding {
            Encoding::Utf8 => ch.len_utf8(),
            Encoding::Utf16 => ch.len_utf16(),
            Encoding::Chars => 1,
        };
        if units > col {
            return i;
        }
    }
    line.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_in_each_encoding() {
        let text = "ab\r\n😀x 漢\n";
        let idx = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(
            idx.position(text, x, Encoding::Utf8),
            LineCol { line: 1, col: 4 }
        );
        assert_eq!(
            idx.position(text, x, Encoding::Utf16),
            LineCol { line: 1, col: 2 }
        );
        assert_eq!(
            idx.position(text, x, Encoding::Chars),
            LineCol { line: 1, col: 1 }
        );
        for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Chars] {
            let kanji = text.find('漢').unwrap();
            assert_eq!(idx.offset(text, idx.position(text, kanji, enc), enc), kanji);
        }
        // Past the end of a CRLF line clamps before the "\r".
        assert_eq!(
            idx.offset(text, LineCol { line: 0, col: 99 }, Encoding::Utf16),
            2
        );
        assert_eq!(
            idx.offset(text, LineCol { line: 9, col: 0 }, Encoding::Utf16),
            text.len()
        );
    }
}
