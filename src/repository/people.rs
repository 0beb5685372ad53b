//! The people of a repository: the handles its proposals name in their
//! people lists (`authors`, `reviewers`, `approvers`, `api-approvers`) and
//! those its `OWNERS` files list (aliases from `OWNERS_ALIASES` expanded),
//! ranked for a proposal by how often each appears in its area.

use std::collections::HashMap;

use super::{Repository, file_name};
use crate::front_matter::{YamlNode, parse_yaml};
use crate::values::handle::{leading_handle, means_none};

/// An `OWNERS` file: the handles it lists under each role.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Owners {
    /// (role, handle without `@`), in order.
    pub people: Vec<(String, String)>,
}

impl Owners {
    /// Read an `OWNERS` file (YAML: role keys with lists of handles), its
    /// aliases expanded. Not YAML: nobody.
    pub fn read(text: &str, aliases: &HashMap<String, Vec<String>>) -> Owners {
        let Ok(Some(YamlNode::Mapping { entries, .. })) = parse_yaml(text, 0) else {
            return Owners::default();
        };
        let mut people = Vec::new();
        for entry in &entries {
            let YamlNode::Sequence { items, .. } = &entry.value else {
                continue;
            };
            for name in items.iter().filter_map(YamlNode::as_str) {
                let name = name.trim().trim_start_matches('@');
                match aliases.get(name) {
                    Some(members) => {
                        people.extend(members.iter().map(|m| (entry.key.clone(), m.clone())))
                    }
                    None if !name.is_empty() => people.push((entry.key.clone(), name.to_string())),
                    None => {}
                }
            }
        }
        Owners { people }
    }
}

/// `OWNERS_ALIASES`: `aliases:` mapping names to lists of handles.
pub fn read_aliases(text: &str) -> HashMap<String, Vec<String>> {
    let mut aliases = HashMap::new();
    let Ok(Some(YamlNode::Mapping { entries, .. })) = parse_yaml(text, 0) else {
        return aliases;
    };
    let Some(YamlNode::Mapping { entries, .. }) = entries
        .iter()
        .find(|e| e.key == "aliases")
        .map(|e| &e.value)
    else {
        return aliases;
    };
    for entry in entries {
        if let YamlNode::Sequence { items, .. } = &entry.value {
            let members = items
                .iter()
                .filter_map(YamlNode::as_str)
                .map(|m| m.trim().trim_start_matches('@').to_string())
                .collect();
            aliases.insert(entry.key.clone(), members);
        }
    }
    aliases
}

/// The handle an entry of a people list names, without `@`; `None` for
/// placeholders and spellings of nobody.
pub fn handle_of(value: &str) -> Option<&str> {
    if means_none(value.trim()) {
        return None;
    }
    let (handle, _) = leading_handle(value.trim())?;
    let handle = handle.trim_start_matches('@');
    let nobody = handle.is_empty() || means_none(handle) || handle.eq_ignore_ascii_case("tbd");
    (!nobody).then_some(handle)
}

/// One person, as ranked for a proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    /// As first written, without `@`.
    pub handle: String,
    /// How often they appear in the proposal's area: its directory's
    /// proposals (and those below it) and its `OWNERS`.
    pub in_area: usize,
    /// How often they appear in the whole repository.
    pub overall: usize,
}

/// Where a person appears.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// Named under `key` in a proposal (relative path).
    InProposal { key: String, proposal: String },
    /// Listed under `role` in the `OWNERS` of a directory (relative).
    Owner { role: String, dir: String },
}

impl Repository {
    /// Everyone the repository names, ranked for the proposal at `from`:
    /// most often in its area first, then most often overall.
    pub fn people_for(&self, from: &str) -> Vec<Ranked> {
        let area = parent(from);
        let in_area = |path: &str| {
            path.strip_prefix(area)
                .is_some_and(|rest| area.is_empty() || rest.starts_with('/'))
        };
        let mut ranked: HashMap<String, Ranked> = HashMap::new();
        let mut count = |handle: &str, here: bool| {
            let person = ranked
                .entry(handle.to_lowercase())
                .or_insert_with(|| Ranked {
                    handle: handle.to_string(),
                    in_area: 0,
                    overall: 0,
                });
            person.overall += 1;
            person.in_area += usize::from(here);
        };
        for (path, entry) in self.proposals() {
            if path == from {
                continue;
            }
            for (_, value) in &entry.people {
                if let Some(handle) = handle_of(value) {
                    count(handle, in_area(path));
                }
            }
        }
        for (dir, owners) in &self.owners {
            for (_, handle) in &owners.people {
                count(handle, dir == area);
            }
        }
        let mut people: Vec<Ranked> = ranked.into_values().collect();
        people.sort_by(|a, b| {
            (b.in_area, b.overall, &a.handle).cmp(&(a.in_area, a.overall, &b.handle))
        });
        people
    }

    /// Where `handle` (with or without `@`) appears: the proposals that
    /// name it, by path, and the `OWNERS` files that list it.
    pub fn roles_of(&self, handle: &str) -> Vec<Role> {
        let wanted = handle.trim_start_matches('@');
        let mut roles = Vec::new();
        for (path, entry) in self.proposals() {
            for (key, value) in &entry.people {
                if handle_of(value).is_some_and(|h| h.eq_ignore_ascii_case(wanted)) {
                    roles.push(Role::InProposal {
                        key: key.clone(),
                        proposal: path.to_string(),
                    });
                }
            }
        }
        let mut owned: Vec<(&String, &Owners)> = self.owners.iter().collect();
        owned.sort_by(|a, b| a.0.cmp(b.0));
        for (dir, owners) in owned {
            for (role, h) in &owners.people {
                if h.eq_ignore_ascii_case(wanted) {
                    roles.push(Role::Owner {
                        role: role.clone(),
                        dir: dir.clone(),
                    });
                }
            }
        }
        roles
    }

    /// Take in an `OWNERS` or `OWNERS_ALIASES` file (relative path) and its
    /// text, or forget it (`None`).
    pub fn set_owners_file(&mut self, relative: &str, text: Option<&str>) {
        match file_name(relative) {
            "OWNERS" => {
                let dir = parent(relative).to_string();
                match text {
                    Some(text) => {
                        let owners = Owners::read(text, &self.aliases);
                        self.owners.insert(dir, owners);
                    }
                    None => {
                        self.owners.remove(&dir);
                    }
                }
            }
            "OWNERS_ALIASES" if parent(relative).is_empty() => {
                self.aliases = text.map(read_aliases).unwrap_or_default();
            }
            _ => {}
        }
    }
}

/// Whether a relative path is an `OWNERS` or `OWNERS_ALIASES` file.
pub fn is_owners_file(relative: &str) -> bool {
    matches!(file_name(relative), "OWNERS" | "OWNERS_ALIASES")
}

fn parent(path: &str) -> &str {
    path.rfind('/').and_then(|i| path.get(..i)).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repository::ProposalEntry;

    fn proposal(people: &[(&str, &str)]) -> ProposalEntry {
        ProposalEntry {
            people: people
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..ProposalEntry::default()
        }
    }

    fn repository() -> Repository {
        let mut r = Repository::empty(std::path::Path::new("/repo"));
        r.set_owners_file(
            "OWNERS_ALIASES",
            Some("aliases:\n  net-team:\n    - dana\n    - erin\n"),
        );
        r.set_owners_file(
            "enhancements/net/OWNERS",
            Some("approvers:\n  - net-team\nreviewers:\n  - '@frank'\n"),
        );
        r.set_owners_file("OWNERS", Some("approvers:\n  - root-approver\n"));
        r.insert(
            "enhancements/net/a.md".into(),
            Some(proposal(&[("reviewers", "@carol"), ("authors", "@bob")])),
        );
        r.insert(
            "enhancements/net/b.md".into(),
            Some(proposal(&[
                ("reviewers", "carol, networking"),
                ("approvers", "TBD"),
            ])),
        );
        r.insert(
            "enhancements/db/c.md".into(),
            Some(proposal(&[
                ("reviewers", "@alice"),
                ("approvers", "@alice"),
                ("authors", "@Alice"),
            ])),
        );
        r
    }

    #[test]
    fn the_area_comes_first() {
        let repo = repository();
        let ranked: Vec<(String, usize, usize)> = repo
            .people_for("enhancements/net/new.md")
            .into_iter()
            .map(|p| (p.handle, p.in_area, p.overall))
            .collect();
        assert_eq!(
            ranked,
            [
                ("carol".to_string(), 2, 2),
                ("bob".to_string(), 1, 1),
                ("dana".to_string(), 1, 1),
                ("erin".to_string(), 1, 1),
                ("frank".to_string(), 1, 1),
                ("alice".to_string(), 0, 3),
                ("root-approver".to_string(), 0, 1),
            ]
        );
        let elsewhere = repo.people_for("enhancements/db/new.md");
        assert_eq!(elsewhere[0].handle, "alice");
    }

    #[test]
    fn roles_in_proposals_and_owners() {
        let repo = repository();
        assert_eq!(
            repo.roles_of("@Dana"),
            [Role::Owner {
                role: "approvers".into(),
                dir: "enhancements/net".into()
            }]
        );
        assert_eq!(repo.roles_of("carol").len(), 2);
        assert_eq!(handle_of("TBD"), None);
        assert_eq!(handle_of("N/A"), None);
        assert_eq!(
            handle_of("\"@alice\""),
            None,
            "quotes are YAML's, gone by now"
        );
        assert_eq!(handle_of("@alice, PM"), Some("alice"));
    }
}
