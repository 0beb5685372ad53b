//! `workspace/symbol`: proposals found by their title or a heading,
//! across the indexed repositories.

use std::path::PathBuf;

use crate::repository::Repository;

/// One match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkspaceSymbol {
    pub name: String,
    /// A proposal's title (its `# ` heading), or another heading.
    pub is_title: bool,
    pub path: PathBuf,
    /// The heading's line (0-based).
    pub line: usize,
    /// Where it is: the proposal's path (relative to its repository).
    pub container: String,
}

/// At most this many symbols are returned.
pub const LIMIT: usize = 256;

/// The titles and headings matching `query` (every word of it, in any
/// case): titles first, then exact, prefix and other matches, shorter
/// names first.
pub fn workspace_symbols(
    repositories: &[std::sync::Arc<Repository>],
    query: &str,
) -> Vec<WorkspaceSymbol> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let query = words.join(" ");
    let mut found: Vec<(u8, WorkspaceSymbol)> = Vec::new();
    for repository in repositories {
        for (path, entry) in repository.proposals() {
            let titled = entry.headings.iter().any(|h| h.level == 1);
            let fallback = entry
                .title
                .as_ref()
                .filter(|_| !titled)
                .map(|title| (1, title, 0));
            let headings = entry.headings.iter().map(|h| (h.level, &h.text, h.line));
            for (level, text, line) in headings.chain(fallback) {
                let lower = text.to_lowercase();
                if !words.iter().all(|w| lower.contains(w.as_str())) {
                    continue;
                }
                let closeness = if lower == query {
                    0
                } else if lower.starts_with(&query) {
                    1
                } else {
                    2
                };
                let is_title = level == 1;
                let rank = u8::from(!is_title) * 3 + closeness;
                found.push((
                    rank,
                    WorkspaceSymbol {
                        name: text.clone(),
                        is_title,
                        path: repository.root().join(path),
                        line,
                        container: path.to_string(),
                    },
                ));
            }
        }
    }
    found.sort_by(|a, b| {
        (a.0, a.1.name.len(), &a.1.container).cmp(&(b.0, b.1.name.len(), &b.1.container))
    });
    found.truncate(LIMIT);
    found.into_iter().map(|(_, s)| s).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::repository::{IndexedHeading, ProposalEntry};

    #[test]
    fn titles_first_then_closer_matches() {
        let heading = |level, text: &str, line| IndexedHeading {
            level,
            text: text.into(),
            line,
        };
        let mut repository = Repository::empty(std::path::Path::new("/repo"));
        repository.insert(
            "enhancements/net/a.md".into(),
            Some(ProposalEntry {
                headings: vec![heading(1, "Dual-Stack VIPs", 10), heading(2, "Summary", 12)],
                ..ProposalEntry::default()
            }),
        );
        repository.insert(
            "enhancements/net/b.md".into(),
            Some(ProposalEntry {
                title: Some("stack-less".into()),
                headings: vec![heading(3, "Stack upgrades", 40)],
                ..ProposalEntry::default()
            }),
        );
        let repositories = [std::sync::Arc::new(repository)];
        let found: Vec<(String, bool, usize)> = workspace_symbols(&repositories, "STACK")
            .into_iter()
            .map(|s| (s.name, s.is_title, s.line))
            .collect();
        assert_eq!(
            found,
            [
                ("stack-less".to_string(), true, 0),
                ("Dual-Stack VIPs".to_string(), true, 10),
                ("Stack upgrades".to_string(), false, 40),
            ]
        );
        assert_eq!(workspace_symbols(&repositories, "dual vips").len(), 1);
        assert!(workspace_symbols(&repositories, "nothing").is_empty());
    }
}
