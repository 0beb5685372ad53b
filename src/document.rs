//! An open document: a ropey rope, and the tree-sitter tree kept in step
//! with it incrementally. Edits are cheap (a rope edit and an `InputEdit`
//! for the tree); parsing is deferred to the first reader of a
//! [`Revision`], which parses incrementally from the newest earlier parse.
//! So a burst of keystrokes costs one reparse, and whoever owns the
//! document (the server's main loop) never parses at all: the worker that
//! first needs the tree does.

use std::borrow::Cow;
use std::cell::RefCell;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

use ropey::Rope;
use tree_sitter::{InputEdit, Parser, Point, Tree};

use crate::line_index::{Encoding, LineCol, byte_in_line};
use crate::markdown;
use crate::text::lone_crs;

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
    /// The newest parse known here, told of every edit since; `None`
    /// before the first parse or after the whole text was replaced.
    base: Option<Tree>,
    /// The last revision handed out, whose parse (once done) is a newer
    /// base, and the edits made since it.
    last: Option<Arc<OnceLock<Tree>>>,
    /// The edits since, each with whether it keeps the blocks
    /// ([`markdown::keeps_blocks`]: typing inside a code block).
    edits_since_last: Vec<(InputEdit, bool)>,
    /// `base`, with the edits it was told of, still has the blocks a fresh
    /// parse would find: it stands for the text without a parse.
    base_holds: bool,
    /// How much of the text the trees above stand for, with the edits
    /// since (all of it, unless it is over [`PARSE_LIMIT`]).
    tree_len: usize,
}

/// A document longer than this is parsed, and so checked, only up to the
/// line break before this many bytes: every keystroke then costs at most a
/// parse of this much (the largest real proposal is well under half of it).
pub const PARSE_LIMIT: usize = 1 << 20;

/// Where the parsed part of `rope` ends: all of it, or the start of the
/// line holding byte [`PARSE_LIMIT`] (that byte, for one long line).
fn parse_end(rope: &Rope) -> usize {
    let len = rope.len_bytes();
    if len <= PARSE_LIMIT {
        return len;
    }
    match rope.line_to_byte(rope.byte_to_line(PARSE_LIMIT)) {
        0 => {
            // One line that long: cut at a character boundary.
            let (chunk, start, _, _) = rope.chunk_at_byte(PARSE_LIMIT);
            let mut at = PARSE_LIMIT;
            while at > start && !chunk.is_char_boundary(at - start) {
                at -= 1;
            }
            at
        }
        line_start => line_start,
    }
}

impl Document {
    pub fn new(text: &str) -> Document {
        Document {
            rope: Rope::from_str(text),
            base: None,
            last: None,
            edits_since_last: Vec::new(),
            base_holds: false,
            tree_len: 0,
        }
    }

    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    pub fn text(&self) -> String {
        self.rope.to_string()
    }

    /// Whether a parse tree is kept for the next revision.
    pub fn has_tree(&self) -> bool {
        self.base.is_some() || self.last.as_ref().is_some_and(|l| l.get().is_some())
    }

    /// Drop the parse trees kept (the next revision parses from scratch):
    /// memory for a document not in use.
    pub fn forget_tree(&mut self) {
        self.base = None;
        self.last = None;
        self.edits_since_last.clear();
        self.tree_len = 0;
    }

    fn tree_edit(&mut self, edit: InputEdit, keeps_blocks: bool) {
        if let Some(tree) = &mut self.base {
            tree.edit(&edit);
        }
        self.base_holds &= keeps_blocks;
        self.edits_since_last.push((edit, keeps_blocks));
    }

    /// Take the last revision's parse, once done, brought up to date, as
    /// the base: it is newer than the base, which has seen more edits.
    fn catch_up(&mut self) {
        if let Some(parsed) = self.last.as_ref().and_then(|l| l.get()) {
            let mut tree = parsed.clone();
            for (edit, _) in &self.edits_since_last {
                tree.edit(edit);
            }
            self.base = Some(tree);
            self.base_holds = self.edits_since_last.iter().all(|&(_, keeps)| keeps);
            self.last = None;
            self.edits_since_last.clear();
        }
    }

    /// The document as it is now, parsed on first use.
    pub fn revision(&mut self) -> Revision {
        self.catch_up();
        self.edits_since_last.clear();
        // The parsed part ends elsewhere now: tell the tree its tail grew
        // or shrank (its text is the rope's up to `tree_len`).
        let end = parse_end(&self.rope);
        if self.base.is_some() && end != self.tree_len {
            let (from, to) = (self.tree_len.min(end), self.tree_len);
            let edit = InputEdit {
                start_byte: from,
                old_end_byte: to,
                new_end_byte: end,
                start_position: self.point(from),
                old_end_position: self.point(to),
                new_end_position: self.point(end),
            };
            if let Some(tree) = &mut self.base {
                tree.edit(&edit);
            }
            self.base_holds = false;
        }
        self.tree_len = end;
        let parsed = Arc::new(OnceLock::new());
        self.last = Some(parsed.clone());
        Revision {
            rope: self.rope.clone(),
            end,
            base: self.base.clone(),
            base_holds: self.base.is_some() && self.base_holds,
            parsed,
        }
    }

    /// Apply an editor's changes in order. A change that cannot apply (a
    /// range inside a character) stops there; the changes before it stay.
    pub fn apply_changes(
        &mut self,
        changes: &[TextChange],
        encoding: Encoding,
    ) -> Result<(), EditError> {
        for change in changes {
            match change.range {
                Some((start, end)) => {
                    // A reversed range covers the same text, as reference
                    // clients read it.
                    let (start, end) = (start.min(end), start.max(end));
                    let start = self.offset(start, encoding);
                    let end = self.offset(end, encoding).max(start);
                    self.edit(start..end, &change.text)?;
                }
                None => self.replace_all(&change.text),
            }
        }
        Ok(())
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

    /// Replace the bytes in `range` with `new_text`.
    pub fn edit(&mut self, range: Range<usize>, new_text: &str) -> Result<(), EditError> {
        let len = self.rope.len_bytes();
        if range.start > range.end || range.end > len {
            return Err(EditError::OutOfBounds { range, len });
        }
        for at in [range.start, range.end] {
            if !self.is_char_boundary(at) {
                return Err(EditError::NotCharBoundary(at));
            }
        }
        self.catch_up();
        let start_position = self.point(range.start);
        let keeps_blocks = range.start < self.tree_len
            && self.base.as_ref().is_some_and(|tree| {
                markdown::keeps_blocks(tree, range.clone(), &self.new_lines(&range, new_text))
            });
        // Where the edit ends within what the trees stand for.
        let old_end_position = self.point(range.end.min(self.tree_len.max(range.start)));
        let start_char = self.rope.byte_to_char(range.start);
        let end_char = self.rope.byte_to_char(range.end);
        self.rope.remove(start_char..end_char);
        self.rope.insert(start_char, new_text);
        let new_end = range.start + new_text.len();
        // The trees stand for the text up to `tree_len`: an edit past it
        // is none of theirs; one running past it ends there for them.
        if range.start < self.tree_len || self.tree_len == len {
            let old_end = range.end.min(self.tree_len.max(range.start));
            let edit = InputEdit {
                start_byte: range.start,
                old_end_byte: old_end,
                new_end_byte: new_end,
                start_position,
                old_end_position,
                new_end_position: self.point(new_end),
            };
            self.tree_edit(edit, keeps_blocks && range.end <= self.tree_len);
            self.tree_len = self.tree_len - (old_end - range.start) + new_text.len();
        }
        Ok(())
    }

    fn replace_all(&mut self, text: &str) {
        self.rope = Rope::from_str(text);
        self.base = None;
        self.last = None;
        self.edits_since_last.clear();
        self.tree_len = 0;
    }

    /// The whole lines that replacing `range` with `new_text` leaves.
    fn new_lines(&self, range: &Range<usize>, new_text: &str) -> String {
        let line_start = self.rope.line_to_byte(self.rope.byte_to_line(range.start));
        let next_line = self.rope.byte_to_line(range.end) + 1;
        let line_end = if next_line < self.rope.len_lines() {
            self.rope.line_to_byte(next_line)
        } else {
            self.rope.len_bytes()
        };
        let mut lines = String::from(self.rope.byte_slice(line_start..range.start));
        lines.push_str(new_text);
        lines.extend(self.rope.byte_slice(range.end..line_end).chunks());
        lines
    }

    fn is_char_boundary(&self, byte: usize) -> bool {
        let (chunk, chunk_start, _, _) = self.rope.chunk_at_byte(byte);
        chunk.is_char_boundary(byte - chunk_start)
    }

    /// tree-sitter's point: row counted in line breaks (the parse reads a
    /// lone `\r` as `\n`, and the rope counts it as one), column in bytes.
    fn point(&self, byte: usize) -> Point {
        let row = self.rope.byte_to_line(byte);
        Point {
            row,
            column: byte - self.rope.line_to_byte(row),
        }
    }
}

/// One state of a document: immutable, cheap to clone and to send to
/// another thread. Its tree is parsed by the first caller of
/// [`Revision::tree`], incrementally from the newest earlier parse.
#[derive(Clone)]
pub struct Revision {
    rope: Rope,
    /// Where the parsed (and checked) part ends: the rope's length, unless
    /// it is over [`PARSE_LIMIT`].
    end: usize,
    base: Option<Tree>,
    /// `base` needs no parse (see `Document::base_holds`).
    base_holds: bool,
    parsed: Arc<OnceLock<Tree>>,
}

impl Revision {
    pub fn rope(&self) -> &Rope {
        &self.rope
    }

    /// Where the parsed part ends (see [`PARSE_LIMIT`]).
    pub fn parsed_len(&self) -> usize {
        self.end
    }

    pub fn tree(&self) -> &Tree {
        self.parsed.get_or_init(|| match &self.base {
            // Typing inside a code block: the edited tree stands as it is.
            Some(base) if self.base_holds => base.clone(),
            base => parse_rope(&self.rope, self.end, base.as_ref()),
        })
    }
}

thread_local! {
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

/// Parse the rope with this thread's parser (one per worker thread, not
/// one per document).
fn parse_rope(rope: &Rope, end: usize, old: Option<&Tree>) -> Tree {
    PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        let parser = slot.get_or_insert_with(markdown::new_parser);
        let len = end.min(rope.len_bytes());
        parser
            .parse_with_options(
                &mut |byte: usize, _: Point| -> Cow<[u8]> {
                    if byte >= len {
                        return Cow::Borrowed(&[]);
                    }
                    let (chunk, chunk_start, _, _) = rope.chunk_at_byte(byte);
                    let bytes = chunk
                        .as_bytes()
                        .get(byte - chunk_start..(len - chunk_start).min(chunk.len()))
                        .unwrap_or_default();
                    // The parse reads lone `\r` as `\n`, as the rules do.
                    let next = (byte + bytes.len() < len).then(|| rope.byte(byte + bytes.len()));
                    let lone: Vec<usize> = lone_crs(bytes, next).collect();
                    if lone.is_empty() {
                        return Cow::Borrowed(bytes);
                    }
                    let mut owned = bytes.to_vec();
                    for at in lone {
                        if let Some(b) = owned.get_mut(at) {
                            *b = b'\n';
                        }
                    }
                    Cow::Owned(owned)
                },
                old,
                None,
            )
            // None only on cancellation or timeout, which are never set.
            .expect("parse without timeout or cancellation")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Snap to character boundaries, as the server's conversion does.
    fn snap(text: &str, mut at: usize) -> usize {
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    }

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
        // Revisions taken after some edits, parsed or not, in any order:
        // each one's tree equals a fresh parse of its text.
        let mut unparsed = Vec::new();
        for (i, &(start, end, insert)) in edits.iter().enumerate() {
            let (start, end) = (snap(&text, start), snap(&text, end.max(start)));
            doc.edit(start..end, insert).unwrap();
            text.replace_range(start..end, insert);
            assert_eq!(doc.text(), text);
            let revision = doc.revision();
            if i % 2 == 0 {
                let fresh = markdown::parse(&text);
                assert_eq!(shape(revision.tree()), shape(&fresh));
            } else {
                unparsed.push((revision, text.clone()));
            }
        }
        for (revision, text) in unparsed {
            let fresh = markdown::parse(&text);
            assert_eq!(shape(revision.tree()), shape(&fresh));
        }
    }

    fn shape(tree: &Tree) -> Vec<(&str, Range<usize>)> {
        markdown::block_shape(tree)
    }

    /// A document over the parse limit is parsed up to a line start before
    /// it; edits before, across and after the cut, and ones that take the
    /// document under the limit and back over, keep the tree equal to a
    /// fresh parse of that part.
    #[test]
    fn a_large_document_is_parsed_up_to_the_limit_incrementally() {
        let mut text = String::new();
        while text.len() < PARSE_LIMIT + 100_000 {
            text.push_str(crate::template::EMBEDDED);
        }
        let mut doc = Document::new(&text);
        let first = doc.revision();
        let end = first.parsed_len();
        assert!(end <= PARSE_LIMIT && end > PARSE_LIMIT - 1000, "{end}");
        assert_eq!(text.as_bytes().get(end - 1), Some(&b'\n'));
        assert_eq!(shape(first.tree()), shape(&markdown::parse(&text[..end])));
        let cut = end;
        let edits: Vec<(usize, usize, String)> = vec![
            (10, 10, "## Inserted\n\n".into()),
            (cut - 5, cut + 5, "x\n# Across the cut\n".into()),
            (cut + 5000, cut + 5000, "## After the cut\n".into()),
            (1000, 200_000, String::new()),
            (500, 500, "more text\n".repeat(30_000)),
            (cut - 100, cut - 100, "`".into()),
        ];
        for (start, end, insert) in edits {
            let (start, end) = (snap(&text, start), snap(&text, end.max(start)));
            doc.edit(start..end, &insert).unwrap();
            text.replace_range(start..end, &insert);
            let revision = doc.revision();
            let parsed = revision.parsed_len();
            assert!(parsed <= PARSE_LIMIT.min(text.len()));
            assert_eq!(
                shape(revision.tree()),
                shape(&markdown::parse(&text[..parsed])),
                "after replacing {start}..{end}"
            );
        }
        assert_eq!(doc.text(), text);
    }

    #[test]
    fn changes_apply_in_order_in_any_encoding() {
        let mut doc = Document::new("a😀b\r\n漢字x\n");
        let at = |line, col| LineCol { line, col };
        let change = |from, to, text: &str| TextChange {
            range: Some((from, to)),
            text: text.into(),
        };
        // UTF-16: the emoji is two units; the second change sees the first.
        doc.apply_changes(
            &[
                change(at(0, 3), at(0, 4), "B"),
                change(at(1, 0), at(1, 2), ""),
            ],
            Encoding::Utf16,
        )
        .unwrap();
        assert_eq!(doc.text(), "a😀B\r\nx\n");
        // UTF-8 columns; a column past the line's end stops before "\r\n".
        doc.apply_changes(&[change(at(0, 99), at(0, 99), "!")], Encoding::Utf8)
            .unwrap();
        assert_eq!(doc.text(), "a😀B!\r\nx\n");
        doc.apply_changes(
            &[TextChange {
                range: None,
                text: "# New\n".into(),
            }],
            Encoding::Utf16,
        )
        .unwrap();
        let revision = doc.revision();
        assert_eq!(revision.rope().to_string(), "# New\n");
        assert_eq!(
            revision.tree().root_node().to_sexp(),
            markdown::parse("# New\n").root_node().to_sexp()
        );
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

    /// Typing inside a code block that sits in a section keeps the edited
    /// tree without a parse (it still carries the edits); its blocks are a
    /// fresh parse's. A line that could close the fence, or an edit to the
    /// fence's own lines, is parsed.
    #[test]
    fn typing_inside_a_code_block_is_not_reparsed() {
        let mut text = String::from("# T\n\n## A\n\n```yaml\na: b\nc: d\n```\n\nAfter.\n");
        let mut doc = Document::new(&text);
        doc.revision().tree();
        let inside = text.find("c: d").unwrap();
        let closing = text.rfind("```").unwrap();
        let cases: &[(usize, usize, &str, bool)] = &[
            (inside, inside, "x", true),
            (inside, inside + 1, "\n\n## not a heading\n", true),
            (inside, inside, "~~~\n", false),
            (inside, inside, "  ```\n", false),
            (closing, closing + 1, "", false),
            (
                text.find("yaml").unwrap(),
                text.find("yaml").unwrap(),
                "x",
                false,
            ),
            (inside, inside, "\r", true),
        ];
        for &(start, end, insert, skipped) in cases {
            let mut doc = Document::new(&text);
            doc.revision().tree();
            doc.edit(start..end, insert).unwrap();
            let mut edited = text.clone();
            edited.replace_range(start..end, insert);
            let revision = doc.revision();
            let tree = revision.tree();
            assert_eq!(tree.root_node().has_changes(), skipped, "{insert:?}");
            let fresh = markdown::parse(&crate::text::lone_cr_as_lf(edited));
            assert_eq!(shape(tree), shape(&fresh), "{insert:?}");
        }
        // Found by fuzzing: an insertion that a hidden node takes (a
        // paragraph's leading space), then typing in a fence; a NUL byte
        // elsewhere (the tree has errors).
        for (before, insert) in [
            ("\n##vation\n\n```\ncode\n```\n", " Ab"),
            ("\0## S\n\n```\ncode\n```\n", ""),
        ] {
            let mut doc = Document::new(before);
            doc.revision().tree();
            let mut edited = before.to_string();
            doc.edit(1..1, insert).unwrap();
            edited.insert_str(1, insert);
            let inside = edited.find("ode").unwrap();
            doc.edit(inside..inside, "x").unwrap();
            edited.insert(inside, 'x');
            let revision = doc.revision();
            assert!(!revision.tree().root_node().has_changes());
            assert_eq!(shape(revision.tree()), shape(&markdown::parse(&edited)));
        }
        // Edits kept without a parse are parsed with the next one outside.
        doc.edit(inside..inside, "x").unwrap();
        doc.revision().tree();
        text.insert(inside, 'x');
        doc.edit(0..0, "\n").unwrap();
        text.insert(0, '\n');
        let revision = doc.revision();
        assert!(!revision.tree().root_node().has_changes());
        assert_eq!(shape(revision.tree()), shape(&markdown::parse(&text)));
    }
}
