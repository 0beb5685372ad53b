//! Document symbols (the front matter and the heading tree) and folding
//! ranges. Every range ends at the end of a line's content, before its
//! line break, so clients fold the right lines.

use std::ops::Range;

use tree_sitter::Tree;

use super::common::{OpaqueKind, opaque_blocks};
use crate::markdown::{Heading, Outline};
use crate::text::{first_line, trim_end_range};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SymbolKind {
    FrontMatter,
    Title,
    Section,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    /// The whole section (or block), trailing blank lines excluded.
    pub range: Range<usize>,
    /// The heading line (the opening `---` for the front matter).
    pub selection_range: Range<usize>,
    pub children: Vec<Symbol>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FoldKind {
    FrontMatter,
    Section,
    CodeBlock,
    Comment,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fold {
    pub range: Range<usize>,
    pub kind: FoldKind,
}

pub fn document_symbols(text: &str, tree: &Tree) -> Vec<Symbol> {
    let outline = Outline::new(text, tree);
    let mut roots = Vec::new();
    if let Some(block) = &outline.front_matter {
        let range = trim_end_range(text, block.clone());
        let first_line = first_line(text, range.clone());
        roots.push(Symbol {
            name: "front matter".into(),
            detail: None,
            kind: SymbolKind::FrontMatter,
            range,
            selection_range: first_line,
            children: Vec::new(),
        });
    }
    // Open headings, shallowest first; a heading closes those at its level
    // or deeper, whatever levels were skipped.
    let mut open: Vec<(u8, Symbol)> = Vec::new();
    for (heading, range) in outline
        .headings
        .iter()
        .zip(section_ranges(text, &outline.headings))
    {
        while open
            .last()
            .is_some_and(|(level, _)| *level >= heading.level)
        {
            close_last(&mut open, &mut roots);
        }
        open.push((heading.level, heading_symbol(text, heading, range)));
    }
    while !open.is_empty() {
        close_last(&mut open, &mut roots);
    }
    roots
}

fn close_last(open: &mut Vec<(u8, Symbol)>, roots: &mut Vec<Symbol>) {
    if let Some((_, symbol)) = open.pop() {
        match open.last_mut() {
            Some((_, parent)) => parent.children.push(symbol),
            None => roots.push(symbol),
        }
    }
}

fn heading_symbol(text: &str, heading: &Heading, range: Range<usize>) -> Symbol {
    // Clients reject empty names; an empty `##` is named by its markers.
    let name = match heading.text.as_str() {
        "" => text
            .get(heading.range.clone())
            .unwrap_or("")
            .trim()
            .to_string(),
        name => name.to_string(),
    };
    Symbol {
        name: if name.is_empty() {
            "(empty heading)".into()
        } else {
            name
        },
        detail: None,
        kind: if heading.level == 1 {
            SymbolKind::Title
        } else {
            SymbolKind::Section
        },
        range,
        selection_range: heading.range.clone(),
        children: Vec::new(),
    }
}

/// Each heading's section: from the heading to the next heading of the
/// same or a higher level, trailing blank lines excluded.
fn section_ranges(text: &str, headings: &[Heading]) -> Vec<Range<usize>> {
    let mut ends = vec![text.len(); headings.len()];
    let mut open: Vec<usize> = Vec::new();
    for (i, heading) in headings.iter().enumerate() {
        while let Some(&top) = open.last() {
            match headings.get(top) {
                Some(h) if h.level >= heading.level => {
                    if let Some(end) = ends.get_mut(top) {
                        *end = heading.range.start;
                    }
                    open.pop();
                }
                _ => break,
            }
        }
        open.push(i);
    }
    headings
        .iter()
        .zip(ends)
        .map(|(h, end)| {
            let trimmed = trim_end_range(text, h.range.start..end.max(h.range.end));
            h.range.start..trimmed.end.max(h.range.end)
        })
        .collect()
}

pub fn folding_ranges(text: &str, tree: &Tree) -> Vec<Fold> {
    let outline = Outline::new(text, tree);
    let mut folds = Vec::new();
    if let Some(block) = &outline.front_matter {
        folds.push(fold(text, block.clone(), FoldKind::FrontMatter));
    }
    for range in section_ranges(text, &outline.headings) {
        folds.push(fold(text, range, FoldKind::Section));
    }
    for (range, kind) in opaque_blocks(text, tree) {
        let kind = match kind {
            OpaqueKind::CodeFence => FoldKind::CodeBlock,
            OpaqueKind::HtmlComment => FoldKind::Comment,
            OpaqueKind::Html => continue,
        };
        folds.push(fold(text, range, kind));
    }
    // A one-line range has nothing to fold.
    folds.retain(|f| text.get(f.range.clone()).is_some_and(|s| s.contains('\n')));
    folds.sort_by_key(|f| (f.range.start, f.range.end));
    folds
}

fn fold(text: &str, range: Range<usize>, kind: FoldKind) -> Fold {
    Fold {
        range: trim_end_range(text, range),
        kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::parse;

    const DOC: &str = "---\ntitle: 漢字\nauthors:\n  - \"@a\"\n---\n\n# 漢字 Idea 😀\n\nIntro.\n\n## Summary\n\nOne.\n\n#### Skipped 😀\n\nDeep.\n\n\n### Mid\n\n```sh\n# not a heading\n```\n\n## Empty\n## \n\n<!--\ncomment\n-->\n\nSetext\n------\nBody.\n";

    /// The text a range covers, line breaks shown as `⏎` whatever they are.
    fn covered(text: &str, range: &Range<usize>) -> String {
        // Ranges stop on a line, before its break (trailing blanks aside).
        let rest = text[range.end..].trim_start_matches([' ', '\t']);
        assert!(
            rest.is_empty() || rest.starts_with(['\r', '\n']),
            "{rest:?}"
        );
        text[range.clone()].replace("\r\n", "⏎").replace('\n', "⏎")
    }

    /// Each symbol as `depth kind name: range text | selection text`.
    fn render(text: &str, symbols: &[Symbol], depth: usize, out: &mut Vec<String>) {
        for s in symbols {
            assert!(s.range.start <= s.selection_range.start);
            assert!(s.selection_range.end <= s.range.end);
            for child in &s.children {
                assert!(s.range.start <= child.range.start && child.range.end <= s.range.end);
            }
            out.push(format!(
                "{depth} {:?} {}: {} | {}",
                s.kind,
                s.name,
                covered(text, &s.range),
                covered(text, &s.selection_range)
            ));
            render(text, &s.children, depth + 1, out);
        }
    }

    fn symbols(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        render(text, &document_symbols(text, &parse(text)), 0, &mut out);
        out
    }

    fn folds(text: &str) -> Vec<String> {
        folding_ranges(text, &parse(text))
            .into_iter()
            .map(|f| format!("{:?} {}", f.kind, covered(text, &f.range)))
            .collect()
    }

    #[test]
    fn symbols_nest_by_level_and_span_their_sections() {
        let got = symbols(DOC);
        assert_eq!(
            got,
            [
                "0 FrontMatter front matter: ---⏎title: 漢字⏎authors:⏎  - \"@a\"⏎--- | ---",
                "0 Title 漢字 Idea 😀: # 漢字 Idea 😀⏎⏎Intro.⏎⏎## Summary⏎⏎One.⏎⏎#### Skipped 😀⏎⏎Deep.⏎⏎⏎### Mid⏎⏎```sh⏎# not a heading⏎```⏎⏎## Empty⏎## ⏎⏎<!--⏎comment⏎-->⏎⏎Setext⏎------⏎Body. | # 漢字 Idea 😀",
                "1 Section Summary: ## Summary⏎⏎One.⏎⏎#### Skipped 😀⏎⏎Deep.⏎⏎⏎### Mid⏎⏎```sh⏎# not a heading⏎``` | ## Summary",
                "2 Section Skipped 😀: #### Skipped 😀⏎⏎Deep. | #### Skipped 😀",
                "2 Section Mid: ### Mid⏎⏎```sh⏎# not a heading⏎``` | ### Mid",
                "1 Section Empty: ## Empty | ## Empty",
                "1 Section ##: ## ⏎⏎<!--⏎comment⏎--> | ##",
                "1 Section Setext: Setext⏎------⏎Body. | Setext⏎------",
            ]
        );
        assert_eq!(symbols(&DOC.replace('\n', "\r\n")), got);
        assert!(symbols("").is_empty());
    }

    #[test]
    fn folds_sections_code_comments_and_front_matter() {
        let got = folds(DOC);
        assert_eq!(
            got,
            [
                "FrontMatter ---⏎title: 漢字⏎authors:⏎  - \"@a\"⏎---",
                "Section # 漢字 Idea 😀⏎⏎Intro.⏎⏎## Summary⏎⏎One.⏎⏎#### Skipped 😀⏎⏎Deep.⏎⏎⏎### Mid⏎⏎```sh⏎# not a heading⏎```⏎⏎## Empty⏎## ⏎⏎<!--⏎comment⏎-->⏎⏎Setext⏎------⏎Body.",
                "Section ## Summary⏎⏎One.⏎⏎#### Skipped 😀⏎⏎Deep.⏎⏎⏎### Mid⏎⏎```sh⏎# not a heading⏎```",
                "Section #### Skipped 😀⏎⏎Deep.",
                "Section ### Mid⏎⏎```sh⏎# not a heading⏎```",
                "CodeBlock ```sh⏎# not a heading⏎```",
                "Section ## ⏎⏎<!--⏎comment⏎-->",
                "Comment <!--⏎comment⏎-->",
                "Section Setext⏎------⏎Body.",
            ]
        );
        assert_eq!(folds(&DOC.replace('\n', "\r\n")), got);
        // Nested in a list, and an unclosed fence running to the end.
        assert_eq!(
            folds("- item\n\n  ```\n  x\n  ```\n\n```\n漢\n"),
            ["CodeBlock ```⏎  x⏎  ```", "CodeBlock ```⏎漢"]
        );
    }

    #[test]
    fn embedded_template_outline() {
        let text = crate::template::EMBEDDED;
        let roots = document_symbols(text, &parse(text));
        let names = |s: &[Symbol]| s.iter().map(|s| s.name.clone()).collect::<Vec<_>>();
        assert_eq!(names(&roots), ["front matter", "Neat Enhancement Idea"]);
        let title = &roots[1];
        assert_eq!(title.kind, SymbolKind::Title);
        assert_eq!(title.children.len(), 12);
        let proposal = &title.children[2];
        assert_eq!(
            names(&proposal.children),
            [
                "Workflow Description",
                "API Extensions",
                "Topology Considerations",
                "Implementation Details/Notes/Constraints",
                "Risks and Mitigations",
                "Drawbacks",
            ]
        );
        assert_eq!(proposal.children[2].children.len(), 4);
        let folds = folding_ranges(text, &parse(text));
        assert_eq!(folds[0].kind, FoldKind::FrontMatter);
        let sections = folds.iter().filter(|f| f.kind == FoldKind::Section);
        // Every section spans lines: the title and each template section.
        let template = crate::template::Template::embedded();
        assert_eq!(sections.count(), 1 + template.sections.len());
    }
}
