//! The headings of a document without walking its whole tree: what the
//! editor features need on every hover and completion.

use std::ops::Range;

use tree_sitter::{Node, Tree, TreeCursor};

use super::{Heading, Outline, atx_heading, front_matter_block, heading};
use crate::text::next_line_break;

impl Outline {
    /// The front matter and the headings alone, the same as [`Outline::new`]
    /// finds, for the editor features, without walking the whole tree
    /// (which costs tens of milliseconds on a large document): the lines
    /// are read for what can start a heading or hide one (a code fence, an
    /// HTML block, a table), and only what the text leaves open is looked
    /// up in the tree. A `#` line at column 0 outside those blocks is always
    /// a heading, and most headings are such lines.
    pub(crate) fn headings(text: &str, tree: &Tree) -> Self {
        let front_matter = front_matter_block(tree);
        let mut finder = Finder {
            text,
            lookup: Lookup::new(tree),
            hidden_until: front_matter.as_ref().map_or(0, |b| b.end),
            headings: Vec::new(),
        };
        let mut next = 0;
        while next < text.len() {
            next = finder.line(next);
        }
        Outline {
            front_matter,
            headings: finder.headings,
            ..Outline::default()
        }
    }
}

/// What a line can be, as far as headings go.
enum LineKind {
    /// A `#` line at column 0 (with a line break after it: the parser
    /// takes a last line without one for an error when it is all there is).
    Atx,
    /// The start of a code fence, HTML or a table's delimiter row.
    MayHide,
    /// A `#` after indentation or markers, or a setext underline: the tree
    /// says whether it is a heading.
    Ask,
    Other,
}

fn line_kind(line: &str, prefix: usize, terminated: bool) -> LineKind {
    let rest = line.get(prefix..).unwrap_or("").trim_end();
    if prefix == 0 && rest.starts_with('#') && terminated {
        LineKind::Atx
    } else if rest.starts_with("```")
        || rest.starts_with("~~~")
        || rest.starts_with('<')
        || is_delimiter_row(rest)
    {
        LineKind::MayHide
    } else if rest.starts_with('#')
        || is_underline(rest)
        // `-` alone under a paragraph underlines it, not a list item.
        || is_underline(line.trim_start_matches([' ', '\t', '>']).trim_end())
    {
        LineKind::Ask
    } else {
        LineKind::Other
    }
}

/// The line-by-line search for headings.
struct Finder<'a, 't> {
    text: &'a str,
    lookup: Lookup<'t>,
    /// Lines before this offset are inside a block found to hide them.
    hidden_until: usize,
    headings: Vec<Heading>,
}

impl Finder<'_, '_> {
    /// Nothing in `block` is a heading: drop those found in it (a table
    /// may start lines above its delimiter row) and skip its lines.
    fn hide(&mut self, block: Range<usize>) {
        while self
            .headings
            .last()
            .is_some_and(|h| h.range.start >= block.start)
        {
            self.headings.pop();
        }
        self.hidden_until = block.end;
    }

    /// Read the line at `start`; returns where the next one starts. Lines
    /// end at `\n`, `\r\n` or a lone `\r`.
    fn line(&mut self, start: usize) -> usize {
        let bytes = self.text.as_bytes();
        // Past a hiding block in one step, when it ends at a line start.
        if start < self.hidden_until
            && matches!(
                bytes.get(self.hidden_until.wrapping_sub(1)),
                Some(b'\n' | b'\r')
            )
        {
            return self.hidden_until;
        }
        let end = next_line_break(bytes, start);
        let next = match bytes.get(end..end + 2) {
            Some(b"\r\n") => end + 2,
            _ => (end + 1).min(bytes.len().max(end)),
        };
        let may_matter = bytes.get(start).is_some_and(|&b| may_start_block(b));
        if start < self.hidden_until || !may_matter {
            return next;
        }
        let line = self.text.get(start..end).unwrap_or("");
        let prefix = container_prefix(line);
        let found = match line_kind(line, prefix, end < bytes.len()) {
            LineKind::Atx => atx_heading(self.text, start..end),
            LineKind::MayHide => {
                if let Some(block) = self.lookup.hiding_block(start + prefix) {
                    self.hide(block);
                }
                None
            }
            LineKind::Ask => self
                .lookup
                .heading(start + prefix)
                .and_then(|node| heading(self.text, node)),
            LineKind::Other => None,
        };
        if let Some(found) = found
            && self
                .headings
                .last()
                .is_none_or(|h| h.range.start < found.range.start)
        {
            self.headings.push(found);
        }
        next
    }
}

/// A first byte that can start a heading, a list or quote, a code fence,
/// HTML or a table's delimiter row.
fn may_start_block(b: u8) -> bool {
    matches!(
        b,
        b'#' | b' ' | b'\t' | b'>' | b'-' | b'*' | b'+' | b'=' | b'<' | b'`' | b'~' | b'|' | b':'
    ) || b.is_ascii_digit()
}

/// A setext underline: only `=`, or only `-`.
fn is_underline(rest: &str) -> bool {
    !rest.is_empty() && (rest.bytes().all(|b| b == b'=') || rest.bytes().all(|b| b == b'-'))
}

/// A table's delimiter row: `|---|:--|`, `-- | --`.
fn is_delimiter_row(rest: &str) -> bool {
    rest.contains('|')
        && rest.contains('-')
        && rest
            .bytes()
            .all(|b| matches!(b, b'|' | b'-' | b':' | b' ' | b'\t'))
}

/// Finds the deepest block at an offset, offsets given in increasing
/// order, with one tree cursor that climbs only as far as it must.
struct Lookup<'t> {
    /// The root's children, found once: a document of many `# ` sections
    /// has hundreds, which a cursor climbing to the root would scan from
    /// the first again on every lookup.
    tops: Vec<Node<'t>>,
    /// Which of them the cursor walks (it never climbs above it).
    top: Option<usize>,
    cursor: TreeCursor<'t>,
    headings: [u16; 2],
    /// Blocks whose lines hold no heading: code fences, HTML, tables.
    hiding: [u16; 3],
    leaves: [u16; 3],
}

impl<'t> Lookup<'t> {
    fn new(tree: &'t Tree) -> Self {
        let language = tree.language();
        let id = |kind: &str| language.id_for_node_kind(kind, true);
        let root = tree.root_node();
        let mut cursor = root.walk();
        let tops = root.children(&mut cursor).collect();
        Lookup {
            tops,
            top: None,
            cursor,
            headings: [id("atx_heading"), id("setext_heading")],
            hiding: [id("fenced_code_block"), id("html_block"), id("pipe_table")],
            leaves: [
                id("paragraph"),
                id("indented_code_block"),
                id("minus_metadata"),
            ],
        }
    }

    /// The deepest heading, paragraph, code, HTML or table block holding
    /// `at`.
    fn block_at(&mut self, at: usize) -> Option<Node<'t>> {
        let top = self.tops.partition_point(|n| n.end_byte() <= at);
        let top_node = self.tops.get(top).filter(|n| n.start_byte() <= at)?;
        if self.top == Some(top) {
            while self.cursor.node().end_byte() <= at && self.cursor.goto_parent() {}
        } else {
            self.cursor = top_node.walk();
            self.top = Some(top);
        }
        let cursor = &mut self.cursor;
        loop {
            let kind = cursor.node().kind_id();
            if self.headings.contains(&kind)
                || self.hiding.contains(&kind)
                || self.leaves.contains(&kind)
            {
                return Some(cursor.node());
            }
            cursor.goto_first_child_for_byte(at)?;
            if cursor.node().start_byte() > at {
                cursor.goto_parent();
                return None;
            }
        }
    }

    /// The heading holding `at`, if any.
    fn heading(&mut self, at: usize) -> Option<Node<'t>> {
        self.block_at(at)
            .filter(|n| self.headings.contains(&n.kind_id()))
    }

    /// The range of the code fence, HTML block or table holding `at`.
    fn hiding_block(&mut self, at: usize) -> Option<Range<usize>> {
        self.block_at(at)
            .filter(|n| self.hiding.contains(&n.kind_id()))
            .map(|n| n.byte_range())
    }
}

/// The length of a line's indentation, quote markers and list markers.
fn container_prefix(line: &str) -> usize {
    let bytes = line.as_bytes();
    let mut i = 0;
    loop {
        while bytes
            .get(i)
            .is_some_and(|b| matches!(b, b' ' | b'\t' | b'>'))
        {
            i += 1;
        }
        // A list marker: `-`, `*`, `+`, or digits and `.` or `)`, then a space.
        let digits = bytes.get(i..).map_or(0, |rest| {
            rest.iter().take_while(|b| b.is_ascii_digit()).count()
        });
        let marker = match bytes.get(i + digits) {
            Some(b'.' | b')') if digits > 0 => digits + 1,
            Some(b'-' | b'*' | b'+') if digits == 0 => 1,
            _ => return i,
        };
        if !bytes
            .get(i + marker)
            .is_some_and(|b| matches!(b, b' ' | b'\t'))
        {
            return i;
        }
        i += marker;
    }
}
