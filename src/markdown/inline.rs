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
    const VERBATIM: &[&str] = &[
        "code_span",
        "html_tag",
        "uri_autolink",
        "email_autolink",
        "link_destination",
    ];
    spans_of(text, VERBATIM)
}

/// `text` as a reader sees it: link destinations (and reference labels'
/// brackets) left out, so `[TBD](https://...)` reads `TBD`.
pub(crate) fn shown_text(text: &str) -> String {
    let hidden = spans_of(text, &["link_destination"]);
    let mut shown = String::with_capacity(text.len());
    let mut at = 0;
    for span in hidden {
        shown.push_str(text.get(at..span.start).unwrap_or(""));
        at = span.end.max(at);
    }
    shown.push_str(text.get(at..).unwrap_or(""));
    shown
}

/// The destinations of `text`'s inline links and images, in order.
pub(crate) fn link_destinations(text: &str) -> Vec<Range<usize>> {
    spans_of(text, &["link_destination"])
}

/// The spans of nodes of `kinds` (outermost), in order.
fn spans_of(text: &str, kinds: &[&str]) -> Vec<Range<usize>> {
    let tree = INLINE_PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        slot.get_or_insert_with(new_inline_parser).parse(text, None)
    });
    let mut spans = Vec::new();
    if let Some(tree) = tree {
        collect(tree.root_node(), kinds, &mut spans);
    }
    spans
}

fn collect(node: Node, kinds: &[&str], spans: &mut Vec<Range<usize>>) {
    let mut cursor = node.walk();
    for child in node.children(&mut cursor) {
        if kinds.contains(&child.kind()) {
            spans.push(child.byte_range());
        } else {
            collect(child, kinds, spans);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{shown_text, verbatim_spans};

    #[test]
    fn a_link_shows_its_text() {
        assert_eq!(
            shown_text("[TBD](https://example.com/x) and `c`"),
            "[TBD]() and `c`"
        );
    }

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
