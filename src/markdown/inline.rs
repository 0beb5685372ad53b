//! Inline markdown, parsed on demand with tree-sitter-md's inline grammar:
//! only for the few paragraphs a rule needs to read closely.

use std::cell::RefCell;
use std::ops::Range;

use tree_sitter::{Node, Parser};

thread_local! {
    static INLINE_PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

fn new_inline_parser() -> Parser {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_md::INLINE_LANGUAGE.into())
        .expect("tree-sitter-md inline grammar matches the tree-sitter runtime");
    parser
}

/// The spans of `text` (one paragraph's) that are literal rather than
/// prose: code spans, inline HTML (comments among it), autolinks and link
/// destinations. Relative to `text`, in order.
pub(crate) fn verbatim_spans(text: &str) -> Vec<Range<usize>> {
    let tree = INLINE_PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        slot.get_or_insert_with(new_inline_parser).parse(text, None)
    });
    let mut spans = Vec::new();
    if let Some(tree) = tree {
        collect(tree.root_node(), &mut spans);
    }
    spans
}

fn collect(node: Node, spans: &mut Vec<Range<usize>>) {
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        match child.kind() {
            "code_span" | "html_tag" | "uri_autolink" | "email_autolink" | "link_destination" => {
                spans.push(child.byte_range());
            }
            _ => collect(child, spans),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::verbatim_spans;

    #[test]
    fn code_html_and_links_are_verbatim() {
        let text = "a `TODO` b <!-- TBD --> c [x](https://x/TODO) <https://y/FIXME> d ``e ` TODO``";
        let spans: Vec<&str> = verbatim_spans(text)
            .into_iter()
            .filter_map(|r| text.get(r))
            .collect();
        assert_eq!(
            spans,
            [
                "`TODO`",
                "<!-- TBD -->",
                "https://x/TODO",
                "<https://y/FIXME>",
                "``e ` TODO``"
            ]
        );
    }
}
