//! Line-level helpers the features share. They read the text line by line
//! rather than through the YAML parse, so they keep working while the front
//! matter is half typed.

use std::ops::Range;

use tree_sitter::Tree;

use crate::markdown::Outline;
use crate::template::{Template, strip_optional};
use crate::text::{end_of_line, line_content_end, lines, snap, trim_end_range};

/// Where the front matter's YAML lines are, found from the markdown
/// parser's block or, when it saw none (unclosed `---`), from the lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlRegion {
    /// From the line after the opening `---` to the start of the closing
    /// `---` line (or where an unclosed block stops).
    pub lines: Range<usize>,
    /// Where the markdown body starts.
    pub body_start: usize,
}

impl YamlRegion {
    pub fn find(text: &str, outline: &Outline) -> Option<YamlRegion> {
        match &outline.front_matter {
            Some(block) => Some(Self::closed(text, block.clone())),
            None => Self::scan(text),
        }
    }

    /// Whether the line starting at `line_start` is a YAML line. An
    /// unclosed block that reaches the end of the text takes in its last,
    /// empty line too (where the next key gets typed).
    pub fn has_line(&self, text: &str, line_start: usize) -> bool {
        let at_open_end = line_start == self.lines.end
            && self.lines.end == self.body_start
            && line_start == text.len();
        self.lines.start <= line_start && (line_start < self.lines.end || at_open_end)
    }

    fn closed(text: &str, block: Range<usize>) -> YamlRegion {
        let start = end_of_line(text, block.start).min(block.end);
        let content = trim_end_range(text, block.clone());
        let closing = text
            .get(block.start..content.end)
            .and_then(|s| s.rfind('\n'))
            .map_or(start, |i| block.start + i + 1);
        YamlRegion {
            lines: start..closing.max(start),
            body_start: block.end,
        }
    }

    /// A document opening with `---` that the parser did not take as front
    /// matter: it runs to a `---` line, or, unclosed, up to a `#` line or
    /// through the first blank line (the author is still typing it).
    fn scan(text: &str) -> Option<YamlRegion> {
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let first = bom..line_content_end(text, bom);
        if text.get(first.clone())?.trim_end() != "---" {
            return None;
        }
        let start = end_of_line(text, first.start);
        for line in lines(text, start..text.len()) {
            let s = text.get(line.clone()).unwrap_or("");
            if s.trim_end() == "---" {
                return Some(YamlRegion {
                    lines: start..line.start,
                    body_start: end_of_line(text, line.start),
                });
            }
            let end = if s.starts_with('#') {
                line.start
            } else if s.trim().is_empty() {
                end_of_line(text, line.start)
            } else {
                continue;
            };
            return Some(YamlRegion {
                lines: start..end,
                body_start: end,
            });
        }
        Some(YamlRegion {
            lines: start..text.len(),
            body_start: text.len(),
        })
    }
}

/// A character a front-matter key may contain.
pub fn is_key_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '.')
}

/// The key of a `key:` line at column 0.
pub fn key_of_line(line: &str) -> Option<&str> {
    let colon = line.find(':')?;
    let key = line.get(..colon)?;
    (!key.is_empty() && key.chars().all(is_key_char)).then_some(key)
}

/// A heading or section name compared ignoring case, spacing and the
/// `[optional]` marker.
pub fn section_key(name: &str) -> String {
    strip_optional(name)
        .0
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The index of the template section a heading names, preferring one at
/// the heading's level.
pub fn section_for(template: &Template, name: &str, level: u8) -> Option<usize> {
    let key = section_key(name);
    let same_name: Vec<usize> = (0..template.sections.len())
        .filter(|&i| section_key(&template.sections[i].name) == key)
        .collect();
    same_name
        .iter()
        .copied()
        .find(|&i| template.sections[i].level == level)
        .or(same_name.first().copied())
}

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
    use crate::markdown::parse;

    fn region(text: &str) -> Option<(&str, usize)> {
        let outline = Outline::new(text, &parse(text));
        YamlRegion::find(text, &outline).map(|r| (&text[r.lines], r.body_start))
    }

    #[test]
    fn yaml_region_closed_unclosed_and_absent() {
        assert_eq!(
            region("---\r\ntitle: x\r\n---\r\n# T\r\n"),
            Some(("title: x\r\n", 20))
        );
        assert_eq!(
            region("---\ntitle: x\nauth\n\n# T\n"),
            Some(("title: x\nauth\n\n", 19))
        );
        assert_eq!(region("---\ntitle: x\n# T\n"), Some(("title: x\n", 13)));
        assert_eq!(region("---\nti"), Some(("ti", 6)));
        assert_eq!(region("# T\n---\n"), None);
    }

    #[test]
    fn truncation_cuts_at_a_blank_line_outside_fences() {
        let md = "one\n\n```\na\n\nb\n```\n\nthree three three";
        assert_eq!(truncate_markdown(md, 100), md);
        assert_eq!(truncate_markdown(md, 15), "one\n\n…");
        assert_eq!(truncate_markdown(md, 20), "one\n\n```\na\n\nb\n```\n\n…");
        assert_eq!(truncate_markdown("```\n漢字漢字", 8), "```\n漢…\n```");
    }

    #[test]
    fn section_names_ignore_case_spacing_and_marker() {
        let t = Template::embedded();
        let open = section_for(&t, "open  questions [optional]", 2).unwrap();
        assert_eq!(t.sections[open].name, "Open Questions");
        assert!(section_for(&t, "Nope", 2).is_none());
    }
}
