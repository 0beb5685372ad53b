//! Typing inside a fenced code block without reparsing it.
//!
//! tree-sitter-md relexes a changed code block's whole content, so every
//! keystroke inside a 1,000-line YAML listing costs a parse of all of it
//! (about 10 ms for the largest corpus proposal's 80 KB blocks). Yet the
//! content of a fence that sits directly in a section is opaque to the
//! block structure: only a line that closes the fence can change anything,
//! and nothing here reads inside the content. So when every change a tree
//! was told of since its parse lies inside such content, and no line of
//! that content could close its fence, the edited tree already stands for
//! the new text: its node ranges are shifted by the edits, and its blocks
//! are those a fresh parse finds (only the content's own children, one
//! per line, may differ; [`block_shape`] leaves them out).

use std::borrow::Cow;
use std::ops::Range;

use tree_sitter::{Node, Tree};

/// Whether `tree`, told of edits since it was parsed, still describes the
/// text's blocks: every changed node is a section on the way to a fenced
/// code block whose only changed part is its content, and that content
/// (read with `text_at`, up to the closing fence or the end of the text)
/// holds no line that could close the fence. `false` when nothing changed
/// inside a fence: then there is nothing to skip.
pub fn changes_only_inside_fences<'a>(
    tree: &Tree,
    text_len: usize,
    text_at: impl Fn(Range<usize>) -> Cow<'a, str>,
) -> bool {
    let mut pending = vec![tree.root_node()];
    let mut fences = 0;
    while let Some(node) = pending.pop() {
        let mut cursor = node.walk();
        for child in node.children(&mut cursor).filter(Node::has_changes) {
            match child.kind() {
                "section" => pending.push(child),
                "fenced_code_block" if content_alone_changed(child, text_len, &text_at) => {
                    fences += 1;
                }
                _ => return false,
            }
        }
    }
    fences > 0
}

/// The fence's changes are all in its content, which cannot close it.
fn content_alone_changed<'a>(
    fence: Node,
    text_len: usize,
    text_at: &impl Fn(Range<usize>) -> Cow<'a, str>,
) -> bool {
    let mut cursor = fence.walk();
    let children: Vec<Node> = fence.children(&mut cursor).collect();
    let mut changed = children.iter().filter(|c| c.has_changes());
    let (Some(content), None) = (changed.next(), changed.next()) else {
        return false;
    };
    if content.kind() != "code_fence_content" {
        return false;
    }
    // To the closing fence, or for an unclosed one to the end of the text:
    // inserted text that no node took is read too.
    let closing = children
        .iter()
        .skip(1)
        .rfind(|c| c.kind() == "fenced_code_block_delimiter");
    let end = closing.map_or(text_len, Node::start_byte);
    let Some(range) = (content.start_byte() <= end).then(|| content.start_byte()..end) else {
        return false;
    };
    !text_at(range).split(['\n', '\r']).any(could_close_a_fence)
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
/// parse (with [`changes_only_inside_fences`]) must find as a fresh one
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
