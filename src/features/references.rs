//! Following the references a proposal writes (`see-also` entries, links,
//! images) into its repository: go-to-definition, document links, hover
//! with the target's title, status and summary, and path completion.
//! Each needs the document's place in a repository (`FileContext`).

use std::ops::Range;
use std::path::{Path, PathBuf};

use tree_sitter::Tree;

use super::completion::{CompletionItem, CompletionKind};
use super::hover::Hover;
use crate::analysis::FileContext;
use crate::context::Context;
use crate::markdown::{self, Outline};
use crate::repository::reference::Resolution;
use crate::repository::written::{WrittenReference, written_references};
use crate::repository::{InRepository, file_name};
use crate::template::{SectionMap, Template};

/// A reference and the file or directory it leads to, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Followed {
    pub reference: WrittenReference,
    /// The target, absolute; `None` when it names nothing (or lies above
    /// the repository).
    pub target: Option<PathBuf>,
    /// The target relative to the repository root.
    pub relative: Option<String>,
}

/// Every reference the document writes, followed.
pub fn followed_references(
    text: &str,
    tree: &Tree,
    template: &Template,
    file: &FileContext,
) -> Vec<Followed> {
    let Some(place) = &file.repository else {
        return Vec::new();
    };
    let outline = Outline::new(text, tree);
    let cx = Context::new(text, &outline, template, file);
    written_references(&cx)
        .into_iter()
        .map(|reference| follow(place, reference))
        .collect()
}

fn follow(place: &InRepository, reference: WrittenReference) -> Followed {
    let relative = match place.repository.resolve(&place.path, &reference.path) {
        Resolution::Found(path) => Some(path),
        Resolution::Missing { .. } | Resolution::Outside => None,
    };
    Followed {
        target: relative.as_ref().map(|r| place.repository.root().join(r)),
        relative,
        reference,
    }
}

/// The reference at byte `offset`, if any.
pub fn reference_at(followed: &[Followed], offset: usize) -> Option<&Followed> {
    followed
        .iter()
        .find(|f| f.reference.range.start <= offset && offset <= f.reference.range.end)
}

/// What a hover on a reference shows: for a proposal, its title, status
/// and the first sentence of its summary (`read` gives a file's text);
/// for another file, its path.
pub fn reference_hover(
    followed: &Followed,
    template: &Template,
    read: impl Fn(&Path) -> Option<String>,
) -> Option<Hover> {
    let (target, relative) = (followed.target.as_ref()?, followed.relative.as_ref()?);
    let range = followed.reference.range.clone();
    let is_markdown = target.extension().is_some_and(|e| e == "md");
    let text = is_markdown.then(|| read(target)).flatten();
    let Some(text) = text else {
        return Some(Hover {
            range,
            markdown: format!("`{relative}`"),
        });
    };
    let about = describe(&text, template);
    let mut markdown = format!(
        "**{}**",
        about
            .title
            .unwrap_or_else(|| file_name(relative).to_string())
    );
    if let Some(status) = about.status {
        markdown.push_str(&format!(" · `{status}`"));
    }
    if let Some(summary) = about.summary {
        markdown.push_str(&format!("\n\n{summary}"));
    }
    markdown.push_str(&format!("\n\n`{relative}`"));
    Some(Hover { range, markdown })
}

/// What a hover says of a proposal.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct About {
    /// Its `# ` title.
    pub title: Option<String>,
    pub status: Option<String>,
    /// The first sentence of its summary (the template's first section).
    pub summary: Option<String>,
}

/// A proposal's title, status and first summary sentence, read from its
/// text by the same outline and section map the rules use.
pub fn describe(text: &str, template: &Template) -> About {
    let tree = markdown::parse(text);
    let outline = Outline::new(text, &tree);
    let file = FileContext::default();
    let cx = Context::new(text, &outline, template, &file);
    let status = cx
        .first_entry("status")
        .and_then(|e| e.value.as_str())
        .map(|s| s.trim().to_string());
    let headings = &outline.headings;
    let title = headings
        .iter()
        .find(|h| h.level == 1)
        .map(|h| h.text.trim().to_string());
    let sections = SectionMap::new(template, headings);
    // The template's first section below the title: `## Summary`.
    let summary_section = template
        .section_ids()
        .find(|&s| template.section(s).level == 2);
    let summary_heading = (0..headings.len()).find(|&h| {
        sections
            .of_heading(h)
            .is_some_and(|m| Some(m.section) == summary_section)
    });
    let summary = summary_heading.and_then(|h| {
        let body = cx.section_body(h);
        let paragraph = outline.paragraphs_in(body).first()?;
        let markdown = text.get(paragraph.range.clone())?;
        Some(first_sentence(&crate::text::normalize_ws(markdown)))
    });
    About {
        title,
        status,
        summary,
    }
}

/// Up to the first `. ` (or all of it), at most 300 characters.
fn first_sentence(text: &str) -> String {
    let end = text.find(". ").map_or(text.len(), |i| i + 1);
    let sentence = text.get(..end).unwrap_or(text);
    match sentence.char_indices().nth(300) {
        Some((cut, _)) => format!("{}…", sentence.get(..cut).unwrap_or(sentence)),
        None => sentence.to_string(),
    }
}

/// Path completions at `offset`: proposals for a path-list entry in the
/// front matter (written from the root, `/enhancements/...`), files for a
/// link's destination (written from the document's directory). `None`
/// when the cursor is in neither.
pub fn complete_path(
    text: &str,
    place: &InRepository,
    offset: usize,
    in_path_list: Option<Range<usize>>,
) -> Option<Vec<CompletionItem>> {
    let repository = &place.repository;
    if let Some(replace) = in_path_list {
        let items = repository
            .proposals()
            .filter(|(path, _)| *path != place.path)
            .map(|(path, entry)| CompletionItem {
                label: format!("/{path}"),
                kind: CompletionKind::File,
                detail: entry.title.clone(),
                documentation: None,
                replace: replace.clone(),
                insert_text: format!("/{path}"),
                snippet: None,
                sort_text: String::new(),
            })
            .collect();
        return Some(items);
    }
    let line_start = crate::text::line_start(text, offset);
    let before = text.get(line_start..offset)?;
    let open = before.rfind("](")? + 2;
    let typed = before.get(open..)?;
    if typed.contains([')', ' ']) {
        return None;
    }
    let dir = place.path.rsplit_once('/').map_or("", |(dir, _)| dir);
    let mut paths: Vec<String> = repository
        .files()
        .filter(|f| *f != place.path && f.starts_with(dir))
        .filter_map(|f| f.get(dir.len()..))
        .map(|f| f.trim_start_matches('/').to_string())
        .collect();
    paths.sort_by(|a, b| (a.matches('/').count(), a).cmp(&(b.matches('/').count(), b)));
    paths.truncate(LINK_COMPLETIONS);
    let replace = line_start + open..offset;
    Some(
        paths
            .into_iter()
            .map(|path| CompletionItem {
                label: path.clone(),
                kind: CompletionKind::File,
                detail: None,
                documentation: None,
                replace: replace.clone(),
                insert_text: path,
                snippet: None,
                sort_text: String::new(),
            })
            .collect(),
    )
}

/// At most this many files are offered for a link (those nearest the
/// document first).
const LINK_COMPLETIONS: usize = 500;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::fixture::{GOOD_META, file_in_repository, mini, with_body};

    #[test]
    fn references_lead_to_files_of_the_repository() {
        let text = with_body("[a](a.md), [gone](gone.md), ![d](images/diagram.png#x)\n");
        let tree = markdown::parse(&text);
        let followed = followed_references(&text, &tree, &mini(), &file_in_repository());
        let shown: Vec<(&str, Option<&str>)> = followed
            .iter()
            .map(|f| (&text[f.reference.range.clone()], f.relative.as_deref()))
            .collect();
        assert_eq!(
            shown,
            [
                ("a.md", Some("enhancements/network/a.md")),
                ("gone.md", None),
                (
                    "images/diagram.png",
                    Some("enhancements/network/images/diagram.png")
                ),
            ]
        );
        assert_eq!(
            followed[0].target.as_deref(),
            Some(Path::new("/repo/enhancements/network/a.md"))
        );
        let at = text.find("a.md").unwrap() + 2;
        assert_eq!(reference_at(&followed, at), Some(&followed[0]));
        assert_eq!(reference_at(&followed, 0), None);
    }

    #[test]
    fn a_hover_tells_the_title_status_and_summary() {
        let target = format!(
            "{GOOD_META}\n# Neat Idea\n\n## Summary\n\nIt does [one thing](x.md) well. And more.\n\n## Motivation\n"
        );
        let about = describe(&target, &mini());
        assert_eq!(
            about,
            About {
                title: Some("Neat Idea".into()),
                status: Some("implementable".into()),
                summary: Some("It does [one thing](x.md) well.".into()),
            }
        );
        let text = with_body("[a](a.md) and ![d](images/diagram.png)\n");
        let tree = markdown::parse(&text);
        let followed = followed_references(&text, &tree, &mini(), &file_in_repository());
        let hover = reference_hover(&followed[0], &mini(), |_| Some(target.clone())).unwrap();
        assert_eq!(
            hover.markdown,
            "**Neat Idea** · `implementable`\n\nIt does [one thing](x.md) well.\n\n`enhancements/network/a.md`"
        );
        let image = reference_hover(&followed[1], &mini(), |_| None).unwrap();
        assert_eq!(image.markdown, "`enhancements/network/images/diagram.png`");
    }

    #[test]
    fn links_complete_with_the_files_beside_the_document_first() {
        let place = file_in_repository();
        let place = place.repository.as_ref().unwrap();
        let text = "see [a](im";
        let items = complete_path(text, place, text.len(), None).unwrap();
        let labels: Vec<&str> = items.iter().map(|i| i.label.as_str()).collect();
        assert_eq!(labels, ["a.md", "images/diagram.png"]);
        assert_eq!(items[0].replace, 8..10);
        assert_eq!(complete_path("see [a](x) and", place, 14, None), None);
        let listed = complete_path("", place, 0, Some(0..0)).unwrap();
        let labels: Vec<&str> = listed.iter().map(|i| i.label.as_str()).collect();
        assert!(
            labels.is_empty(),
            "the fixture repository has no proposal entries: {labels:?}"
        );
    }
}
