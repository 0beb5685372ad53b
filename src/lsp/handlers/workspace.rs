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
use proposal_ls::repository::{InRepository, Repository};

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

/// `workspace/diagnostic` (pull): the findings of every proposal of every
/// ready index that is not open (open ones answer
/// `textDocument/diagnostic`), read from disk and checked as `check` checks
/// them, in parallel. A file whose result id (its text, and the settings
/// and indexes in force) the client already has is reported unchanged,
/// without analysis.
pub fn workspace_diagnostic(state: &mut GlobalState, request: Request) {
    let params: ls_types::WorkspaceDiagnosticParams = match dispatch::params(&request) {
        Ok(p) => p,
        Err(response) => return state.respond(response),
    };
    let previous: HashMap<String, String> = params
        .previous_result_ids
        .into_iter()
        .map(|p| (p.uri.as_str().to_string(), p.value))
        .collect();
    let job = WorkspaceCheck {
        repositories: state.repositories.ready(),
        open: state.open_paths(),
        configs: state.settings.configs.clone(),
        templates: state.templates.clone(),
        histories: state.histories.clone(),
        encoding: state.encoding,
        caps: state.caps.clone(),
        generation: state.workspace_generation,
    };
    dispatch::spawn(state, request, Pool::Requests, move || {
        Ok(ls_types::WorkspaceDiagnosticReportResult::Report(
            ls_types::WorkspaceDiagnosticReport {
                items: job.reports(&previous),
            },
        ))
    });
}

/// What a workspace diagnostic pull reads.
struct WorkspaceCheck {
    repositories: Vec<Arc<Repository>>,
    open: std::collections::HashSet<PathBuf>,
    configs: Arc<proposal_ls::workspace::Configs>,
    templates: Arc<proposal_ls::workspace::Templates>,
    histories: Arc<proposal_ls::history::Histories>,
    encoding: Encoding,
    caps: Arc<crate::lsp::capabilities::ClientCaps>,
    generation: u64,
}

impl WorkspaceCheck {
    fn reports(
        &self,
        previous: &HashMap<String, String>,
    ) -> Vec<ls_types::WorkspaceDocumentDiagnosticReport> {
        use rayon::prelude::*;
        let files: Vec<(&Arc<Repository>, PathBuf)> = self
            .repositories
            .iter()
            .flat_map(|r| r.proposals().map(move |(p, _)| (r, r.root().join(p))))
            .filter(|(_, path)| !self.open.contains(path))
            .collect();
        files
            .into_par_iter()
            .filter_map(|(repository, path)| self.report(repository, &path, previous))
            .collect()
    }

    fn report(
        &self,
        repository: &Arc<Repository>,
        path: &std::path::Path,
        previous: &HashMap<String, String>,
    ) -> Option<ls_types::WorkspaceDocumentDiagnosticReport> {
        use ls_types::{
            FullDocumentDiagnosticReport, UnchangedDocumentDiagnosticReport,
            WorkspaceDocumentDiagnosticReport, WorkspaceFullDocumentDiagnosticReport,
            WorkspaceUnchangedDocumentDiagnosticReport,
        };
        use std::hash::{Hash, Hasher};
        let uri = Uri::from_file_path(path)?;
        let text = proposal_ls::lone_cr_as_lf(std::fs::read_to_string(path).ok()?);
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        text.hash(&mut hasher);
        let result_id = format!("{:x}-{:x}", self.generation, hasher.finish());
        if previous.get(uri.as_str()) == Some(&result_id) {
            return Some(WorkspaceDocumentDiagnosticReport::Unchanged(
                WorkspaceUnchangedDocumentDiagnosticReport {
                    uri,
                    version: None,
                    unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                        result_id,
                    },
                },
            ));
        }
        let settings = self.configs.for_path(Some(path)).settings;
        let resolved = self
            .templates
            .resolve(Some(path), &settings, Some(repository.root()));
        let history = self
            .histories
            .of_resolved(&resolved, proposal_ls::workspace::today_date())
            .history;
        let place = InRepository::of(repository.clone(), path);
        let file =
            proposal_ls::workspace::file_context(path, &text, &settings, place, &self.histories);
        let tree = proposal_ls::markdown::parse(&text);
        let findings = settings.levels.apply(proposal_ls::analyze_in_era(
            &text,
            &tree,
            &history,
            settings.era,
            &file,
        ));
        let index = LineIndex::new(&text);
        let conv = Conv {
            text: &text,
            index: &index,
            encoding: self.encoding,
        };
        let items = to_proto::diagnostics(&findings, conv, &uri, &self.caps);
        Some(WorkspaceDocumentDiagnosticReport::Full(
            WorkspaceFullDocumentDiagnosticReport {
                uri,
                version: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: Some(result_id),
                    items,
                },
            },
        ))
    }
}
