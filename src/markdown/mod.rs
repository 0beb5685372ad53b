//! The markdown layer: a tree-sitter-md parse (block grammar only: the rules
//! need headings, paragraphs, fences and the front matter, never inline
//! structure) and the outline the rules read from it.

use std::cell::RefCell;
use std::ops::Range;

use tree_sitter::{Node, Parser, Tree};

mod fence_edits;
pub(crate) mod inline;
mod lookup;

pub use fence_edits::{block_shape, keeps_blocks};

use crate::text::{first_line, normalize_ws, trim_end_range, trim_range};

thread_local! {
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

/// A parser for the block grammar. Fails only if the grammar's ABI does not
/// match the tree-sitter runtime, which is a build defect, not user input.
pub fn new_parser() -> Parser {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_md::LANGUAGE.into())
        .expect("tree-sitter-md block grammar matches the tree-sitter runtime");
    parser
}

/// Parse `text` from scratch with this thread's parser.
pub fn parse(text: &str) -> Tree {
    PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        let parser = slot.get_or_insert_with(new_parser);
        // `parse` returns None only on cancellation or timeout, neither of
        // which is set on this parser.
        parser
            .parse(text, None)
            .expect("parse without timeout or cancellation")
    })
}

/// An ATX (`## Name`) or setext heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    /// The heading's text: trimmed, closing `#`s removed.
    pub text: String,
    /// The heading's line, without its line break.
    pub range: Range<usize>,
}

/// A leaf block of prose (a paragraph), with its whitespace-normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Paragraph {
    pub range: Range<usize>,
    pub normalized: String,
    /// Inside a list item or block quote rather than directly in a section.
    pub nested: bool,
    /// Inside a block quote (`> `): text the author quotes.
    pub quoted: bool,
}

/// Where a block sits: directly in a section, or inside containers.
#[derive(Debug, Clone, Copy, Default)]
struct Nesting {
    nested: bool,
    quoted: bool,
}

/// What the rules read from a markdown parse.
#[derive(Debug, Default, Clone)]
pub struct Outline {
    /// The `---` front matter block, fences included, when tree-sitter-md
    /// recognised one at the top of the file.
    pub front_matter: Option<Range<usize>>,
    pub headings: Vec<Heading>,
    pub(crate) paragraphs: Vec<Paragraph>,
    /// Fenced code blocks (an unclosed fence runs to the end).
    pub(crate) code_fences: Vec<Range<usize>>,
    /// Where an HTML comment that is never closed starts: it runs to the
    /// end, and nothing after it is a heading.
    pub(crate) unclosed_comment: Option<usize>,
    /// Every block of content that is not a heading (paragraphs, lists,
    /// tables, code, quotes, HTML other than comments), in order; nested
    /// blocks may appear too.
    pub(crate) content: Vec<Range<usize>>,
    /// The content blocks that are not prose (code, tables, HTML other
    /// than comments): what the author wrote, whatever it says.
    pub(crate) non_prose: Vec<Range<usize>>,
    /// HTML blocks (comments among them), where suppressions are read;
    /// never inside code or inline code.
    pub(crate) html_blocks: Vec<Range<usize>>,
}

impl Outline {
    pub fn new(text: &str, tree: &Tree) -> Self {
        let mut outline = Outline::default();
        // One cursor walks the whole tree (a cursor per node costs more
        // than the walk on a large document).
        let mut cursor = tree.walk();
        let mut nesting = vec![Nesting::default()];
        if !cursor.goto_first_child() {
            return outline;
        }
        loop {
            let here = nesting.last().copied().unwrap_or_default();
            let inner = outline.visit(text, cursor.node(), here);
            if let Some(inner) = inner
                && cursor.goto_first_child()
            {
                nesting.push(inner);
                continue;
            }
            while !cursor.goto_next_sibling() {
                if !cursor.goto_parent() || nesting.len() <= 1 {
                    return outline;
                }
                nesting.pop();
            }
        }
    }

    /// Take in one block; the nesting to read its children with, if they
    /// hold blocks of the document.
    fn visit(&mut self, text: &str, child: Node, nesting: Nesting) -> Option<Nesting> {
        match child.kind() {
            "minus_metadata" => self.front_matter = Some(child.byte_range()),
            "atx_heading" | "setext_heading" => {
                if let Some(heading) = heading(text, child) {
                    self.headings.push(heading);
                }
            }
            "section" => return Some(nesting),
            "paragraph" => {
                self.content.push(child.byte_range());
                self.paragraphs.push(Paragraph {
                    range: trim_end_range(text, child.byte_range()),
                    normalized: normalize_ws(text.get(child.byte_range()).unwrap_or("")),
                    nested: nesting.nested,
                    quoted: nesting.quoted,
                });
            }
            "fenced_code_block" => {
                self.content.push(child.byte_range());
                self.non_prose.push(child.byte_range());
                self.code_fences.push(child.byte_range());
            }
            // Nothing inside these is a heading or prose of the document;
            // a comment is not content either.
            "html_block" => {
                self.html_blocks.push(child.byte_range());
                let html = text.get(child.byte_range()).unwrap_or("").trim_start();
                let comment = html.starts_with("<!--");
                let to_the_end = text
                    .get(child.end_byte()..)
                    .is_some_and(|rest| rest.trim().is_empty());
                if comment && !html.contains("-->") && to_the_end {
                    self.unclosed_comment.get_or_insert(child.start_byte());
                } else if !comment {
                    self.content.push(child.byte_range());
                    self.non_prose.push(child.byte_range());
                }
            }
            "indented_code_block" => {
                self.content.push(child.byte_range());
                self.non_prose.push(child.byte_range());
            }
            kind => {
                self.content.push(child.byte_range());
                if kind == "pipe_table" {
                    self.non_prose.push(child.byte_range());
                }
                return Some(Nesting {
                    nested: true,
                    quoted: nesting.quoted || kind == "block_quote",
                });
            }
        }
        None
    }

    /// Whether any content block starts inside `range`.
    pub(crate) fn has_content(&self, range: Range<usize>) -> bool {
        let first = self.content.partition_point(|c| c.start < range.start);
        self.content.get(first).is_some_and(|c| c.start < range.end)
    }

    /// The content blocks that start inside `range`, in order.
    pub(crate) fn content_in(&self, range: Range<usize>) -> &[Range<usize>] {
        let first = self.content.partition_point(|c| c.start < range.start);
        let end = self.content.partition_point(|c| c.start < range.end);
        self.content.get(first..end.max(first)).unwrap_or(&[])
    }

    /// Whether code, a table or HTML starts inside `range`.
    pub(crate) fn has_non_prose(&self, range: Range<usize>) -> bool {
        let first = self.non_prose.partition_point(|c| c.start < range.start);
        self.non_prose
            .get(first)
            .is_some_and(|c| c.start < range.end)
    }

    /// The paragraphs that start inside `range`, in order.
    pub(crate) fn paragraphs_in(&self, range: Range<usize>) -> &[Paragraph] {
        let first = self
            .paragraphs
            .partition_point(|p| p.range.start < range.start);
        let end = self
            .paragraphs
            .partition_point(|p| p.range.start < range.end);
        self.paragraphs.get(first..end.max(first)).unwrap_or(&[])
    }
}

/// The `---` block the parser recognised at the top, if any.
pub(crate) fn front_matter_block(tree: &Tree) -> Option<Range<usize>> {
    let mut cursor = tree.walk();
    cursor.goto_first_child();
    let node = cursor.node();
    (node.kind() == "minus_metadata").then(|| node.byte_range())
}

fn heading(text: &str, node: Node) -> Option<Heading> {
    if node.kind() == "atx_heading"
        && let Some(heading) = atx_heading(text, node.byte_range())
    {
        return Some(heading);
    }
    heading_from_children(text, node)
}

/// A heading as its marker and content children say.
fn heading_from_children(text: &str, node: Node) -> Option<Heading> {
    let mut level = 0u8;
    let mut content: Option<Range<usize>> = None;
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        match child.kind() {
            "atx_h1_marker" | "setext_h1_underline" => level = 1,
            "atx_h2_marker" | "setext_h2_underline" => level = 2,
            "atx_h3_marker" => level = 3,
            "atx_h4_marker" => level = 4,
            "atx_h5_marker" => level = 5,
            "atx_h6_marker" => level = 6,
            "inline" | "paragraph" => content = Some(child.byte_range()),
            _ => {}
        }
    }
    if level == 0 {
        return None;
    }
    let range = trim_end_range(text, node.byte_range());
    let text_range = match content {
        Some(r) => strip_closing_hashes(text, trim_range(text, r)),
        None => range.end..range.end,
    };
    Some(Heading {
        level,
        text: heading_text(text.get(text_range.clone()).unwrap_or("")),
        range: if node.kind() == "atx_heading" {
            first_line(text, range)
        } else {
            range
        },
    })
}

/// An ATX heading read from its line (as its marker and inline children
/// say, without visiting them): `## Title ##`.
fn atx_heading(text: &str, node: Range<usize>) -> Option<Heading> {
    let range = first_line(text, trim_end_range(text, node));
    let line = text.get(range.clone())?;
    let indent = line.len() - line.trim_start().len();
    let hashes = line
        .get(indent..)?
        .bytes()
        .take_while(|&b| b == b'#')
        .count();
    let level = u8::try_from(hashes).ok().filter(|l| (1..=6).contains(l))?;
    // `#5` is no heading: the marker ends the line or a space follows it.
    let after = line.get(indent + hashes..)?;
    if !(after.is_empty() || after.starts_with([' ', '\t'])) {
        return None;
    }
    let content = trim_range(text, range.start + indent + hashes..range.end);
    let content = strip_closing_hashes(text, content);
    Some(Heading {
        level,
        text: heading_text(text.get(content).unwrap_or("")),
        range,
    })
}

/// A heading's text as one line: a setext heading's lines joined as an
/// ATX heading would write them, control characters (which no heading a
/// fix writes could hold) left out.
fn heading_text(content: &str) -> String {
    if !content.contains(|c: char| c.is_control() && c != '\t') {
        return content.to_string();
    }
    let lines = content.split(['\n', '\r']).map(|line| {
        let line: String = line
            .chars()
            .filter(|c| !c.is_control() || *c == '\t')
            .collect();
        line.trim().to_string()
    });
    lines
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `## Title ##` has closing hashes that are not part of the title.
fn strip_closing_hashes(text: &str, r: Range<usize>) -> Range<usize> {
    let s = text.get(r.clone()).unwrap_or("");
    let without = s.trim_end_matches('#');
    if without.len() < s.len() && (without.is_empty() || without.ends_with([' ', '\t'])) {
        let kept = without.trim_end();
        r.start..r.start + kept.len()
    } else {
        r
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn outline(text: &str) -> Outline {
        Outline::new(text, &parse(text))
    }

    /// A heading reads as one line: a setext heading's lines joined, and
    /// control characters left out, as a heading written by a fix would
    /// read (found by fuzzing: such template headings were inserted again
    /// and again).
    #[test]
    fn heading_text_is_one_line_without_control_characters() {
        let text = "To be written.\n  1\n--\n\n## Support\u{1}Proced\u{0}ures\n";
        let headings: Vec<String> = outline(text).headings.into_iter().map(|h| h.text).collect();
        assert_eq!(headings, ["To be written. 1", "SupportProcedures"]);
    }

    #[test]
    fn headings_skip_fences_and_html_comments() {
        let text = "---\ntitle: x\n---\n# T\n\n```\n## Not a heading\n```\n\n<!--\n## Hidden\n-->\n\n## Real ##\n\nSetext\n------\n";
        let o = outline(text);
        assert_eq!(o.front_matter, Some(0..17));
        let names: Vec<_> = o
            .headings
            .iter()
            .map(|h| (h.level, h.text.as_str()))
            .collect();
        assert_eq!(names, [(1, "T"), (2, "Real"), (2, "Setext")]);
        let real = &o.headings[1];
        assert_eq!(&text[real.range.clone()], "## Real ##");
        assert_eq!(o.code_fences.len(), 1);
    }

    /// `Outline::headings` finds exactly the headings `Outline::new` does,
    /// and an ATX heading read from its line is what its children say.
    #[track_caller]
    pub(crate) fn assert_same_headings(text: &str) {
        let tree = parse(text);
        let mut cursor = tree.walk();
        loop {
            let node = cursor.node();
            if node.kind() == "atx_heading" {
                let from_line = atx_heading(text, node.byte_range());
                assert_eq!(from_line, heading_from_children(text, node), "{text:?}");
            }
            if cursor.goto_first_child() {
                continue;
            }
            while !cursor.goto_next_sibling() {
                if !cursor.goto_parent() {
                    break;
                }
            }
            if cursor.node() == tree.root_node() {
                break;
            }
        }
        let (full, light) = (Outline::new(text, &tree), Outline::headings(text, &tree));
        assert_eq!(light.headings, full.headings, "{text:?}");
        assert_eq!(light.front_matter, full.front_matter);
    }

    #[test]
    fn the_headings_lookup_finds_what_the_walk_does() {
        assert_same_headings(crate::template::EMBEDDED);
        assert_same_headings(
            "Setext\n===\n\n- item\n\n  ## In a list\n\n  Under\n  ---\n\n> # Quoted\n> Also\n> ===\n\n1. ## Numbered\n   - # Nested\n\n```\n# not a heading\n```\n\n<!--\n## hidden\n-->\n\n    # indented code\n\nPara\n#not a heading\n\n---\n\n- - -\n\n## Closing ##\n#\n",
        );
        assert_same_headings("---\ntitle: x\n---\n# T\r\n\r\nA\r\n-\r\n");
        assert_same_headings("");
    }

    /// Every corpus proposal, when the corpus is beside the repository.
    #[test]
    fn the_headings_lookup_agrees_on_the_corpus() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/corpus/openshift-enhancements/enhancements");
        let Ok(dirs) = std::fs::read_dir(&root) else {
            assert!(
                std::env::var_os("PROPOSAL_LS_REQUIRE_SHARED").is_none(),
                "{} is missing",
                root.display()
            );
            return;
        };
        let mut checked = 0;
        for dir in dirs.flatten() {
            for file in std::fs::read_dir(dir.path())
                .into_iter()
                .flatten()
                .flatten()
            {
                if let Ok(text) = std::fs::read_to_string(file.path()) {
                    assert_same_headings(&text);
                    checked += 1;
                }
            }
        }
        assert!(checked > 100, "{checked} files");
    }

    #[test]
    fn crlf_ranges_exclude_line_breaks() {
        let text = "# Title 漢\r\n\r\nPara one\r\ntwo\r\n";
        let o = outline(text);
        assert_eq!(&text[o.headings[0].range.clone()], "# Title 漢");
        assert_eq!(o.paragraphs[0].normalized, "Para one two");
    }
}
