//! Requests about the workspace rather than one document, on the request
//! pool: `workspace/willRenameFiles` (before files or directories move,
//! the edits that keep every reference to them right, and the moved
//! files' own references written from their directory; read from disk)
//! and `workspace/symbol`.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use ls_types::{RenameFilesParams, TextEdit, Uri, WorkspaceEdit};
use lsp_server::Request;
use proposal_ls::Template;
use proposal_ls::features::references::rename_edits;
use proposal_ls::line_index::{Encoding, LineIndex};
use proposal_ls::repository::Repository;

use crate::lsp::dispatch::{self, Pool};
use crate::lsp::state::GlobalState;
use crate::lsp::to_proto::{self, Conv, file_path};

/// One repository's part of a rename.
struct Moves {
    repository: Arc<Repository>,
    template: Arc<Template>,
    renames: Vec<(String, String)>,
}

pub fn will_rename_files(state: &mut GlobalState, request: Request) {
    let params: RenameFilesParams = match dispatch::params(&request) {
        Ok(p) => p,
        Err(response) => return state.respond(response),
    };
    let mut by_root: HashMap<PathBuf, Moves> = HashMap::new();
    for file in &params.files {
        let (Some(old), Some(new)) = (
            file.old_uri
                .parse::<Uri>()
                .ok()
                .as_ref()
                .and_then(file_path),
            file.new_uri
                .parse::<Uri>()
                .ok()
                .as_ref()
                .and_then(file_path),
        ) else {
            continue;
        };
        let Some(place) = state.repositories.place_of(&old) else {
            continue;
        };
        let Some(new_relative) = place.repository.relative(&new) else {
            continue;
        };
        let settings = state.settings_for(Some(&old));
        let (template, _) = state.template_for(Some(&old), &settings);
        let root = place.repository.root().to_path_buf();
        by_root
            .entry(root)
            .or_insert_with(|| Moves {
                repository: place.repository.clone(),
                template,
                renames: Vec::new(),
            })
            .renames
            .push((place.path, new_relative));
    }
    let encoding = state.encoding;
    dispatch::spawn(state, request, Pool::Requests, move || {
        Ok(workspace_edit(by_root.into_values(), encoding))
    });
}

fn workspace_edit(moves: impl Iterator<Item = Moves>, encoding: Encoding) -> Option<WorkspaceEdit> {
    let mut changes: HashMap<Uri, Vec<TextEdit>> = HashMap::new();
    for m in moves {
        let root = m.repository.root().to_path_buf();
        let read = |relative: &str| std::fs::read_to_string(root.join(relative)).ok();
        for (relative, text, edits) in rename_edits(&m.repository, &m.template, &m.renames, read) {
            let Some(uri) = Uri::from_file_path(root.join(&relative)) else {
                continue;
            };
            let index = LineIndex::new(&text);
            let conv = Conv {
                text: &text,
                index: &index,
                encoding,
            };
            changes
                .entry(uri)
                .or_default()
                .extend(to_proto::text_edits(&edits, conv));
        }
    }
    (!changes.is_empty()).then(|| WorkspaceEdit {
        changes: Some(changes),
        ..WorkspaceEdit::default()
    })
}

/// `workspace/symbol`: proposals by title and heading, over every index
/// that is ready (headings once the index's second pass is done).
pub fn workspace_symbols(state: &mut GlobalState, request: Request) {
    let params: ls_types::WorkspaceSymbolParams = match dispatch::params(&request) {
        Ok(p) => p,
        Err(response) => return state.respond(response),
    };
    let repositories = state.repositories.ready();
    dispatch::spawn(state, request, Pool::Requests, move || {
        let found = proposal_ls::features::workspace_symbols::workspace_symbols(
            &repositories,
            &params.query,
        );
        #[allow(deprecated)] // `deprecated` is a field every client reads.
        let symbols: Vec<ls_types::SymbolInformation> = found
            .into_iter()
            .filter_map(|s| {
                let line = u32::try_from(s.line).ok()?;
                let at = ls_types::Position::new(line, 0);
                Some(ls_types::SymbolInformation {
                    name: s.name,
                    kind: if s.is_title {
                        ls_types::SymbolKind::FILE
                    } else {
                        ls_types::SymbolKind::STRING
                    },
                    tags: None,
                    deprecated: None,
                    location: ls_types::Location::new(
                        Uri::from_file_path(&s.path)?,
                        ls_types::Range::new(at, at),
                    ),
                    container_name: Some(s.container),
                })
            })
            .collect();
        Ok(symbols)
    });
}
