//! What the features share: guidance cut to a readable length, and the
//! blocks (code, HTML) inside which no heading is offered.

use std::ops::Range;

use tree_sitter::Tree;

use crate::text::{lines, snap};

/// Markdown cut to about `limit` bytes at a blank line outside code
/// fences, so the rest still renders; an ellipsis marks the cut.
pub fn truncate_markdown(markdown: &str, limit: usize) -> String {
    if markdown.len() <= limit {
        return markdown.to_string();
    }
    let mut in_fence = false;
    let mut cut = None;
    for line in lines(markdown, 0..markdown.len()) {
        if line.start > limit {
            break;
        }
        let s = markdown.get(line.clone()).unwrap_or("");
        if s.trim_start().starts_with("```") {
            in_fence = !in_fence;
        } else if !in_fence && s.trim().is_empty() && line.start > 0 {
            cut = Some(line.start);
        }
    }
    match cut {
        Some(at) => format!("{}\n\n…", markdown.get(..at).unwrap_or("").trim_end()),
        None => {
            // One huge paragraph: cut inside it, closing a fence left open.
            let at = snap(markdown, limit);
            let head = markdown.get(..at).unwrap_or("");
            let fences = head
                .lines()
                .filter(|l| l.trim_start().starts_with("```"))
                .count();
            let close = if fences % 2 == 1 { "\n```" } else { "" };
            format!("{head}…{close}")
        }
    }
}

/// A block whose lines are not markdown structure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpaqueKind {
    CodeFence,
    HtmlComment,
    Html,
}

/// Fenced code and HTML blocks anywhere in the tree (lists, quotes),
/// walked without recursion so deep nesting cannot overflow the stack.
pub fn opaque_blocks(text: &str, tree: &Tree) -> Vec<(Range<usize>, OpaqueKind)> {
    let mut blocks = Vec::new();
    let mut cursor = tree.walk();
    loop {
        let node = cursor.node();
        let kind = match node.kind() {
            "fenced_code_block" => Some(OpaqueKind::CodeFence),
            "html_block" => {
                let html = text.get(node.byte_range()).unwrap_or("").trim_start();
                Some(if html.starts_with("<!--") {
                    OpaqueKind::HtmlComment
                } else {
                    OpaqueKind::Html
                })
            }
            _ => None,
        };
        if let Some(kind) = kind {
            blocks.push((node.byte_range(), kind));
        } else if cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                return blocks;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_cuts_at_a_blank_line_outside_fences() {
        let md = "one\n\n```\na\n\nb\n```\n\nthree three three";
        assert_eq!(truncate_markdown(md, 100), md);
        assert_eq!(truncate_markdown(md, 15), "one\n\n…");
        assert_eq!(truncate_markdown(md, 20), "one\n\n```\na\n\nb\n```\n\n…");
        assert_eq!(truncate_markdown("```\n漢字漢字", 8), "```\n漢…\n```");
    }
}
