//! Typing inside a fenced code block without reparsing it.
//!
//! tree-sitter-md relexes a changed code block's whole content, so every
//! keystroke inside a 1,000-line YAML listing costs a parse of all of it
//! (about 10 ms for the largest corpus proposal's 80 KB blocks). Yet the
//! content of a fence that sits directly in a section is opaque to the
//! block structure: only a line that closes the fence can change anything,
//! and nothing here reads inside the content. So an edit strictly inside
//! such content, whose lines could not close a fence, leaves the edited
//! tree standing for the new text: its node ranges are shifted by the
//! edit, and its blocks are those a fresh parse finds (only the content's
//! own children, one per line, may differ; [`block_shape`] leaves them
//! out). The document decides this edit by edit ([`keeps_blocks`]).

use std::ops::Range;

use tree_sitter::{Node, Tree};

/// Whether replacing `range` of the text `tree` stands for (told of every
/// earlier edit) with text whose whole lines, in the new text, are
/// `new_lines`, keeps the tree's blocks as they are: the range lies
/// strictly inside the content of a fenced code block that sits directly
/// in sections, the new lines could not close a fence nor hold a NUL byte
/// (which tree-sitter reads as an error), and the tree has no errors
/// (their recovery is not local).
pub fn keeps_blocks(tree: &Tree, range: Range<usize>, new_lines: &str) -> bool {
    let root = tree.root_node();
    if root.has_error() || new_lines.contains('\0') {
        return false;
    }
    if new_lines.split(['\n', '\r']).any(could_close_a_fence) {
        return false;
    }
    let Some(mut node) = root.descendant_for_byte_range(range.start, range.end) else {
        return false;
    };
    while node.kind() != "code_fence_content" {
        match node.parent() {
            Some(parent) => node = parent,
            None => return false,
        }
    }
    let strictly_inside = node.start_byte() < range.start && range.end < node.end_byte();
    strictly_inside && node.parent().is_some_and(directly_in_sections)
}

/// A node whose ancestors are all sections (not a list or a quote, whose
/// continuation lines a content line could end).
fn directly_in_sections(fence: Node) -> bool {
    let mut ancestor = fence.parent();
    while let Some(node) = ancestor {
        if !matches!(node.kind(), "section" | "document") {
            return false;
        }
        ancestor = node.parent();
    }
    true
}

/// A line that might close a fence, read generously: backticks or tildes
/// after any indentation (a line of three or more of them ends a fence
/// opened with as many or fewer).
fn could_close_a_fence(line: &str) -> bool {
    let line = line.trim_start_matches([' ', '\t']);
    line.starts_with("```") || line.starts_with("~~~")
}

/// Every node's kind and byte range, depth first, but for the children of
/// fenced code content: the blocks a parse found, which an incremental
/// parse (skipping edits that [`keeps_blocks`]) must find as a fresh one
/// does.
pub fn block_shape(tree: &Tree) -> Vec<(&str, Range<usize>)> {
    let mut out = Vec::new();
    let mut cursor = tree.walk();
    'walk: loop {
        let node = cursor.node();
        out.push((node.kind(), node.byte_range()));
        if node.kind() != "code_fence_content" && cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                break 'walk;
            }
        }
    }
    out
}
