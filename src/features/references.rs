//! Following the references a proposal writes (`see-also` entries, links,
//! images) into its repository: go-to-definition, document links, hover
//! with the target's title, status and summary, and path completion.
//! Each needs the document's place in a repository (`FileContext`).

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use tree_sitter::Tree;

use super::completion::{CompletionItem, CompletionKind};
use super::hover::Hover;
use crate::analysis::FileContext;
use crate::context::Context;
use crate::fix::Edit;
use crate::front_matter::scan::YamlRegion;
use crate::markdown::{self, Outline};
use crate::repository::reference::{Form, Resolution, write_path};
use crate::repository::written::{WrittenReference, written_references};
use crate::repository::{InRepository, Repository, file_name};
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
        Resolution::Found { path, .. } => Some(path),
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

/// The document's title at `offset`, if the offset is on it: its `# `
/// heading, or the front matter's `title:` line (where a search for the
/// proposals that refer to it starts).
pub fn title_at(text: &str, tree: &Tree, offset: usize) -> Option<Range<usize>> {
    let line = crate::text::line_range(text, crate::text::line_start(text, offset));
    let region = YamlRegion::find(text, markdown::front_matter_block(tree).as_ref());
    let in_title_key = text.get(line.clone())?.starts_with("title:")
        && region.is_some_and(|r| r.has_line(text, line.start));
    if in_title_key {
        return Some(line);
    }
    Outline::headings(text, tree)
        .headings
        .into_iter()
        .find(|h| h.level == 1 && h.range.start <= offset && offset <= h.range.end)
        .map(|h| h.range)
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

/// The references of one markdown file of the repository that lead
/// where asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReferences {
    /// The file, relative to the root.
    pub relative: String,
    pub text: String,
    /// Each reference, the file it leads to (relative) and how it is
    /// written.
    pub references: Vec<(WrittenReference, String, Form)>,
}

/// The references in the repository's markdown files that lead to a path
/// `leads_to` accepts. `read` gives a file's text (by relative path); only
/// files whose text holds one of `names` are parsed, in parallel.
pub fn references_into(
    repository: &Arc<Repository>,
    template: &Template,
    names: &[&str],
    leads_to: impl Fn(&str) -> bool + Sync,
    read: impl Fn(&str) -> Option<String> + Sync,
) -> Vec<FileReferences> {
    let markdown: Vec<&str> = repository.files().filter(|f| f.ends_with(".md")).collect();
    let mut found: Vec<FileReferences> = markdown
        .into_par_iter()
        .filter_map(|relative| {
            let text = read(relative)?;
            if !names.iter().any(|name| text.contains(name)) {
                return None;
            }
            let references = references_of(repository, template, relative, &text)
                .into_iter()
                .filter(|(_, target, _)| leads_to(target))
                .collect::<Vec<_>>();
            (!references.is_empty()).then(|| FileReferences {
                relative: relative.to_string(),
                text,
                references,
            })
        })
        .collect();
    found.sort_by(|a, b| a.relative.cmp(&b.relative));
    found
}

/// Every reference of the file at `relative` that leads to a file, with
/// that file and how the reference is written.
fn references_of(
    repository: &Arc<Repository>,
    template: &Template,
    relative: &str,
    text: &str,
) -> Vec<(WrittenReference, String, Form)> {
    let file = FileContext {
        repository: Some(InRepository {
            repository: repository.clone(),
            path: relative.to_string(),
        }),
        ..FileContext::default()
    };
    let tree = markdown::parse(text);
    let outline = Outline::new(text, &tree);
    let cx = Context::new(text, &outline, template, &file);
    written_references(&cx)
        .into_iter()
        .filter_map(
            |reference| match repository.resolve(relative, &reference.path) {
                Resolution::Found { path, form } => Some((reference, path, form)),
                _ => None,
            },
        )
        .collect()
}

/// The edits that keep every reference right when files or directories
/// move (`renames`: old and new paths, relative to the root): references
/// to them anywhere in the repository, and the moved files' own references
/// written from their directory. Each reference keeps its form and its
/// `#fragment`. By file: its path (relative, before the move), the text
/// the edits apply to, the edits.
pub fn rename_edits(
    repository: &Arc<Repository>,
    template: &Template,
    renames: &[(String, String)],
    read: impl Fn(&str) -> Option<String> + Sync,
) -> Vec<(String, String, Vec<Edit>)> {
    let moved = |path: &str| -> Option<String> {
        renames.iter().find_map(|(old, new)| {
            if path == old {
                return Some(new.clone());
            }
            let rest = path.strip_prefix(old.as_str())?.strip_prefix('/')?;
            Some(format!("{new}/{rest}"))
        })
    };
    let names: Vec<&str> = renames.iter().map(|(old, _)| file_name(old)).collect();
    let mut by_file: Vec<(String, String, Vec<Edit>)> = Vec::new();
    let into = references_into(repository, template, &names, |t| moved(t).is_some(), &read);
    let moving: Vec<&str> = repository
        .files()
        .filter(|f| f.ends_with(".md") && moved(f).is_some())
        .collect();
    let mut files: Vec<FileReferences> = into;
    for relative in moving {
        if files.iter().any(|f| f.relative == relative) {
            continue;
        }
        let Some(text) = read(relative) else { continue };
        let references = references_of(repository, template, relative, &text);
        files.push(FileReferences {
            relative: relative.to_string(),
            text,
            references,
        });
    }
    for file in files {
        let from = moved(&file.relative).unwrap_or_else(|| file.relative.clone());
        let mut edits = Vec::new();
        for (reference, target, form) in &file.references {
            let target_after = moved(target).unwrap_or_else(|| target.clone());
            let after = write_path(*form, &from, &target_after);
            if file.text.get(reference.range.clone()) != Some(after.as_str()) {
                edits.push(Edit::replace(reference.range.clone(), after));
            }
        }
        if !edits.is_empty() {
            by_file.push((file.relative, file.text, edits));
        }
    }
    by_file.sort_by(|a, b| a.0.cmp(&b.0));
    by_file
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

    /// A repository of markdown files, read from `files`.
    fn repository_of(files: &[(&str, &str)]) -> Arc<Repository> {
        let mut repository = Repository::empty(Path::new("/repo"));
        for (path, _) in files {
            repository.insert(path.to_string(), None);
        }
        Arc::new(repository)
    }

    #[test]
    fn a_rename_updates_every_reference_in_its_form() {
        let files = [
            (
                "enhancements/net/a.md",
                "---\nsee-also:\n  - \"/enhancements/net/b.md\"\n---\n[b](b.md#goals), [c](../c.md)\n",
            ),
            (
                "enhancements/net/b.md",
                "[a](a.md) and [img](images/x.png)\n",
            ),
            ("enhancements/net/images/x.png", ""),
            (
                "enhancements/c.md",
                "[b](net/b.md) and [b again](enhancements/net/b.md)\n",
            ),
        ];
        let repository = repository_of(&files);
        let read = |p: &str| {
            files
                .iter()
                .find(|(f, _)| *f == p)
                .map(|(_, t)| t.to_string())
        };
        let renames = [(
            "enhancements/net/b.md".to_string(),
            "enhancements/other/b2.md".to_string(),
        )];
        let edits = rename_edits(&repository, &mini(), &renames, read);
        let shown: Vec<(String, Vec<String>)> = edits
            .into_iter()
            .map(|(file, _, edits)| (file, edits.into_iter().map(|e| e.new_text).collect()))
            .collect();
        let expected = [
            (
                "enhancements/c.md",
                vec!["other/b2.md", "enhancements/other/b2.md"],
            ),
            (
                "enhancements/net/a.md",
                vec!["/enhancements/other/b2.md", "../other/b2.md"],
            ),
            (
                "enhancements/net/b.md",
                vec!["../net/a.md", "../net/images/x.png"],
            ),
        ];
        let expected: Vec<(String, Vec<String>)> = expected
            .iter()
            .map(|(f, e)| (f.to_string(), e.iter().map(|s| s.to_string()).collect()))
            .collect();
        assert_eq!(shown, expected);

        let into = references_into(
            &repository,
            &mini(),
            &["a.md"],
            |t| t == "enhancements/net/a.md",
            read,
        );
        let referrers: Vec<&str> = into.iter().map(|f| f.relative.as_str()).collect();
        assert_eq!(referrers, ["enhancements/net/b.md"]);
    }

    #[test]
    fn the_title_is_its_heading_or_its_key() {
        let text = with_body("# Idea\n\ntext\n");
        let tree = markdown::parse(&text);
        let heading = text.find("# Idea").unwrap();
        assert_eq!(
            title_at(&text, &tree, heading + 3),
            Some(heading..heading + 6)
        );
        let key = text.find("title:").unwrap();
        assert_eq!(
            title_at(&text, &tree, key + 8),
            Some(key..key + "title: idea".len())
        );
        assert_eq!(title_at(&text, &tree, text.find("text").unwrap()), None);
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
