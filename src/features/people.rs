//! Hover on a person in a people list (`authors`, `reviewers`, ...): the
//! proposals that name them and the `OWNERS` files that list them.

use tree_sitter::Tree;

use super::hover::Hover;
use crate::front_matter::scan::{YamlRegion, key_of_line, list_key_above};
use crate::markdown::front_matter_block;
use crate::repository::InRepository;
use crate::repository::people::{Role, handle_of};
use crate::template::{Template, ValueShape};
use crate::text::{line_range, line_start};

/// At most this many places are listed.
const LISTED: usize = 12;

/// The hover on the handle at `offset`, if it is one in a people list.
pub fn person_hover(
    text: &str,
    tree: &Tree,
    template: &Template,
    place: &InRepository,
    offset: usize,
) -> Option<Hover> {
    let region = YamlRegion::find(text, front_matter_block(tree).as_ref())?;
    let line = line_range(text, line_start(text, offset));
    if !region.has_line(text, line.start) {
        return None;
    }
    let content = text.get(line.clone())?;
    // `- "@alice"` under a people key, or `authors: "@alice"`.
    let (key, value_at) = match content.trim_start().strip_prefix('-') {
        Some(rest) => (
            list_key_above(text, &region, line.start)?,
            line.end - rest.len(),
        ),
        None => {
            let key = key_of_line(content)?;
            (key, line.start + key.len() + 1)
        }
    };
    if template.key(key).map(|k| &k.shape) != Some(&ValueShape::Handles) {
        return None;
    }
    let value = text.get(value_at..line.end)?;
    let unquoted = value.trim().trim_matches(['"', '\'']);
    let handle = handle_of(unquoted)?;
    let start = value_at + value.find(handle)?;
    let range = start.saturating_sub(1)..start + handle.len();
    if offset < range.start || offset > range.end {
        return None;
    }
    Some(Hover {
        range,
        markdown: describe(place, handle),
    })
}

/// What the repository says of `handle`.
fn describe(place: &InRepository, handle: &str) -> String {
    let repository = &place.repository;
    // Where else: not this proposal itself.
    let roles: Vec<Role> = repository
        .roles_of(handle)
        .into_iter()
        .filter(|r| !matches!(r, Role::InProposal { proposal, .. } if *proposal == place.path))
        .collect();
    let mut out = format!("**@{handle}**");
    if roles.is_empty() {
        out.push_str("\n\nNamed nowhere else in this repository.");
        return out;
    }
    out.push('\n');
    for role in roles.iter().take(LISTED) {
        out.push('\n');
        match role {
            Role::InProposal { key, proposal } => {
                let title = repository
                    .proposal(proposal)
                    .and_then(|e| e.title.clone())
                    .unwrap_or_default();
                out.push_str(&format!("- `{key}` of `{proposal}`"));
                if !title.is_empty() {
                    out.push_str(&format!(" ({title})"));
                }
            }
            Role::Owner { role, dir } => {
                let owners = if dir.is_empty() {
                    "OWNERS".to_string()
                } else {
                    format!("{dir}/OWNERS")
                };
                out.push_str(&format!("- `{role}` in `{owners}`"));
            }
        }
    }
    if roles.len() > LISTED {
        out.push_str(&format!("\n- and {} more", roles.len() - LISTED));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::parse;
    use crate::repository::{ProposalEntry, Repository};
    use crate::rules::fixture::{GOOD_META, mini};
    use std::sync::Arc;

    #[test]
    fn a_handle_tells_where_else_it_appears() {
        let mut repository = Repository::empty(std::path::Path::new("/repo"));
        repository.insert(
            "enhancements/net/a.md".into(),
            Some(ProposalEntry {
                title: Some("a".into()),
                people: vec![("reviewers".into(), "@alice".into())],
                ..ProposalEntry::default()
            }),
        );
        repository.set_owners_file("enhancements/net/OWNERS", Some("approvers:\n  - alice\n"));
        let place = InRepository {
            repository: Arc::new(repository),
            path: "enhancements/net/idea.md".into(),
        };
        let text = format!("{GOOD_META}\n# Idea\n");
        let tree = parse(&text);
        let at = text.find("alice").unwrap();
        let hover = person_hover(&text, &tree, &mini(), &place, at + 2).unwrap();
        assert_eq!(&text[hover.range.clone()], "@alice");
        assert_eq!(
            hover.markdown,
            "**@alice**\n\n- `reviewers` of `enhancements/net/a.md` (a)\n- `approvers` in `enhancements/net/OWNERS`"
        );
        let title = text.find("idea").unwrap();
        assert_eq!(person_hover(&text, &tree, &mini(), &place, title), None);
    }
}
