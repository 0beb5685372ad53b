//! An open document: a ropey rope and an incrementally maintained
//! tree-sitter tree. The language server keeps one per open file; an edit
//! becomes a rope edit plus a tree-sitter `InputEdit` and a reparse that
//! reuses the old tree.

use std::ops::Range;

use ropey::Rope;
use tree_sitter::{InputEdit, Parser, Point, Tree};

use crate::analysis::{FileContext, analyze};
use crate::line_index::{Encoding, LineCol, byte_in_line};
use crate::markdown;
use crate::rules::Finding;
use crate::template::Template;

/// One change as an editor sends it: a range in line/column (in the
/// negotiated encoding) of the text as the changes before it left it, or
/// no range to replace the whole text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextChange {
    pub range: Option<(LineCol, LineCol)>,
    pub text: String,
}

/// Why an edit was refused (the document is left unchanged).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditError {
    /// The range is reversed or past the end of the text.
    OutOfBounds { range: Range<usize>, len: usize },
    /// An end of the range falls inside a multi-byte character.
    NotCharBoundary(usize),
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::OutOfBounds { range, len } => {
                write!(
                    f,
                    "edit range {range:?} is outside the document (length {len})"
                )
            }
            EditError::NotCharBoundary(at) => write!(f, "byte {at} is inside a character"),
        }
    }
}

impl std::error::Error for EditError {}

pub struct Document {
    rope: Rope,
    tree: Tree,
    parser: Parser,
}

impl Document {
    pub fn new(text: &str) -> Document {
        let mut parser = markdown::new_parser();
        let rope = Rope::from_str(text);
        let tree = parse_rope(&mut parser, &rope, None);
        Document { rope, tree, parser }
    }

    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    pub fn tree(&self) -> &Tree {
        &self.tree
    }

    pub fn text(&self) -> String {
        self.rope.to_string()
    }

    /// Apply an editor's changes in order, then reparse once. A change that
    /// cannot apply (a range inside a character) stops there; the changes
    /// before it are kept and the tree matches the text either way.
    pub fn apply_changes(
        &mut self,
        changes: &[TextChange],
        encoding: Encoding,
    ) -> Result<(), EditError> {
        let mut result = Ok(());
        let mut fresh = false;
        for change in changes {
            match change.range {
                Some((start, end)) => {
                    let start = self.offset(start, encoding);
                    let end = self.offset(end, encoding).max(start);
                    if let Err(e) = self.splice(start..end, &change.text) {
                        result = Err(e);
                        break;
                    }
                }
                None => {
                    self.rope = Rope::from_str(&change.text);
                    fresh = true;
                }
            }
        }
        let old = (!fresh).then_some(&self.tree);
        self.tree = parse_rope(&mut self.parser, &self.rope, old);
        result
    }

    /// The byte offset of a line/column position: a line past the end is
    /// the end of the text; a column past the end of its line, the end of
    /// the line's content.
    pub fn offset(&self, pos: LineCol, encoding: Encoding) -> usize {
        let line = pos.line as usize;
        if line >= self.rope.len_lines() {
            return self.rope.len_bytes();
        }
        let start = self.rope.line_to_byte(line);
        let content: std::borrow::Cow<str> = self.rope.line(line).into();
        let content = content.strip_suffix('\n').unwrap_or(&content);
        let content = content.strip_suffix('\r').unwrap_or(content);
        start + byte_in_line(content, pos.col as usize, encoding)
    }

    /// Replace the bytes in `range` with `new_text` and reparse
    /// incrementally.
    pub fn edit(&mut self, range: Range<usize>, new_text: &str) -> Result<(), EditError> {
        self.splice(range, new_text)?;
        self.tree = parse_rope(&mut self.parser, &self.rope, Some(&self.tree));
        Ok(())
    }

    /// Edit the rope and tell the tree, without reparsing.
    fn splice(&mut self, range: Range<usize>, new_text: &str) -> Result<(), EditError> {
        let len = self.rope.len_bytes();
        if range.start > range.end || range.end > len {
            return Err(EditError::OutOfBounds { range, len });
        }
        for at in [range.start, range.end] {
            if !self.is_char_boundary(at) {
                return Err(EditError::NotCharBoundary(at));
            }
        }
        let start_position = self.point(range.start);
        let old_end_position = self.point(range.end);
        let start_char = self.rope.byte_to_char(range.start);
        let end_char = self.rope.byte_to_char(range.end);
        self.rope.remove(start_char..end_char);
        self.rope.insert(start_char, new_text);
        let new_end = range.start + new_text.len();
        self.tree.edit(&InputEdit {
            start_byte: range.start,
            old_end_byte: range.end,
            new_end_byte: new_end,
            start_position,
            old_end_position,
            new_end_position: self.point(new_end),
        });
        Ok(())
    }

    /// The findings for this document.
    pub fn analyze(&self, template: &Template, file: &FileContext) -> Vec<Finding> {
        analyze(&self.text(), &self.tree, template, file)
    }

    fn is_char_boundary(&self, byte: usize) -> bool {
        let (chunk, chunk_start, _, _) = self.rope.chunk_at_byte(byte);
        chunk.is_char_boundary(byte - chunk_start)
    }

    /// tree-sitter's point: row counted in `\n`, column in bytes.
    fn point(&self, byte: usize) -> Point {
        let row = self.rope.byte_to_line(byte);
        Point {
            row,
            column: byte - self.rope.line_to_byte(row),
        }
    }
}

fn parse_rope(parser: &mut Parser, rope: &Rope, old: Option<&Tree>) -> Tree {
    let len = rope.len_bytes();
    parser
        .parse_with_options(
            &mut |byte: usize, _: Point| -> &[u8] {
                if byte >= len {
                    return &[];
                }
                let (chunk, chunk_start, _, _) = rope.chunk_at_byte(byte);
                &chunk.as_bytes()[byte - chunk_start..]
            },
            old,
            None,
        )
        // None only on cancellation or timeout, which are never set.
        .expect("parse without timeout or cancellation")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn incremental_edits_match_a_fresh_parse() {
        let mut text = crate::template::EMBEDDED.replace('\n', "\r\n");
        let mut doc = Document::new(&text);
        let edits: &[(usize, usize, &str)] = &[
            (0, 0, "😀"),
            (100, 120, ""),
            (2000, 2000, "\n## 漢字 Heading\n\n```\n# in a fence\n"),
            (5000, 5003, "x"),
            (40, 44, "---\n"),
        ];
        for &(start, end, insert) in edits {
            // Snap to character boundaries, as the server's conversion does.
            let snap = |mut at: usize| {
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                at
            };
            let (start, end) = (snap(start), snap(end.max(start)));
            doc.edit(start..end, insert).unwrap();
            text.replace_range(start..end, insert);
            assert_eq!(doc.text(), text);
            let fresh = markdown::parse(&text);
            assert_eq!(
                doc.tree().root_node().to_sexp(),
                fresh.root_node().to_sexp()
            );
        }
    }

    #[test]
    fn bad_edits_are_refused_and_change_nothing() {
        let mut doc = Document::new("漢字\n");
        assert_eq!(doc.edit(1..2, "x"), Err(EditError::NotCharBoundary(1)));
        assert!(matches!(
            doc.edit(3..99, ""),
            Err(EditError::OutOfBounds { .. })
        ));
        assert_eq!(doc.text(), "漢字\n");
    }
}
