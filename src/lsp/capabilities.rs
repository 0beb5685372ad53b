//! What the client can do (read once from `initialize`) and what the
//! server offers in return.

use ls_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CodeLensOptions,
    CompletionOptions, DiagnosticOptions, DiagnosticServerCapabilities, DocumentLinkOptions,
    ExecuteCommandOptions, FileOperationFilter, FileOperationPattern,
    FileOperationRegistrationOptions, FoldingRangeProviderCapability, HoverProviderCapability,
    InitializeParams, MarkupKind, OneOf, PositionEncodingKind, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, WorkspaceFileOperationsServerCapabilities,
    WorkspaceServerCapabilities,
};

use super::to_proto;

pub const INSERT_MISSING_SECTIONS: &str = "proposal-ls.insertMissingSections";
/// Returns the text of a new proposal for the file URI given, from the
/// template that file would be checked against.
pub const NEW_PROPOSAL: &str = "proposal-ls.newProposal";
/// The command behind the readiness code lens: answers the document's
/// readiness, counts and all.
pub const READINESS: &str = "proposal-ls.readiness";
/// Kind of the source action that inserts every missing section.
pub const SOURCE_INSERT_MISSING: &str = "source.insertMissingSections";
/// Command and source action kind that bring an older proposal to today's
/// template.
pub const UPDATE_TO_CURRENT_TEMPLATE: &str = "proposal-ls.updateToCurrentTemplate";
pub const SOURCE_UPDATE_TEMPLATE: &str = "source.updateToCurrentTemplate";
/// Debug commands, offered only with `PROPOSAL_LS_DEBUG` set, for the
/// end-to-end tests: one panics (to prove a panicking handler does not take
/// the server down), one returns a document's text as the server holds it,
/// one keeps a request worker busy for the milliseconds given, one reports
/// the allocator's memory (after giving freed memory back).
pub const DEBUG_PANIC: &str = "proposal-ls.debug.panic";
pub const DEBUG_TEXT: &str = "proposal-ls.debug.text";
pub const DEBUG_SLEEP: &str = "proposal-ls.debug.sleep";
pub const DEBUG_MEMORY: &str = "proposal-ls.debug.memory";

pub fn debug_enabled() -> bool {
    std::env::var_os("PROPOSAL_LS_DEBUG").is_some()
}

/// Positions are counted in UTF-8 bytes when the client offers it, else in
/// UTF-16 code units (which every client supports).
pub fn negotiate_encoding(params: &InitializeParams) -> proposal_ls::line_index::Encoding {
    use proposal_ls::line_index::Encoding;
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_deref());
    match offered {
        Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
        _ => Encoding::Utf16,
    }
}

/// What the client told us it can do.
#[derive(Debug, Clone, Default)]
pub struct ClientCaps {
    pub snippets: bool,
    pub pull_diagnostics: bool,
    pub diagnostic_refresh: bool,
    pub hierarchical_symbols: bool,
    pub related_information: bool,
    pub watched_files_dynamic: bool,
    pub document_changes: bool,
    pub markdown_hover: bool,
    pub markdown_completion_docs: bool,
    /// `codeAction/resolve` can fill in an action's edit later.
    pub code_action_resolve: bool,
    /// The client applies edits the server sends (`workspace/applyEdit`).
    pub apply_edit: bool,
    /// The client shows progress the server starts (`$/progress`).
    pub work_done_progress: bool,
}

impl ClientCaps {
    pub fn from_params(params: &InitializeParams) -> ClientCaps {
        let caps = &params.capabilities;
        let text = caps.text_document.as_ref();
        let workspace = caps.workspace.as_ref();
        ClientCaps {
            snippets: text
                .and_then(|t| t.completion.as_ref())
                .and_then(|c| c.completion_item.as_ref())
                .and_then(|i| i.snippet_support)
                .unwrap_or(false),
            pull_diagnostics: text.and_then(|t| t.diagnostic.as_ref()).is_some(),
            diagnostic_refresh: workspace
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            hierarchical_symbols: text
                .and_then(|t| t.document_symbol.as_ref())
                .and_then(|s| s.hierarchical_document_symbol_support)
                .unwrap_or(false),
            related_information: text
                .and_then(|t| t.publish_diagnostics.as_ref())
                .and_then(|p| p.related_information)
                .unwrap_or(false),
            watched_files_dynamic: workspace
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false),
            document_changes: workspace
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                .unwrap_or(false),
            // Markdown only where the client declares it.
            markdown_hover: text
                .and_then(|t| t.hover.as_ref())
                .and_then(|h| h.content_format.as_ref())
                .is_some_and(|formats| formats.contains(&MarkupKind::Markdown)),
            markdown_completion_docs: text
                .and_then(|t| t.completion.as_ref())
                .and_then(|c| c.completion_item.as_ref())
                .and_then(|i| i.documentation_format.as_ref())
                .is_some_and(|formats| formats.contains(&MarkupKind::Markdown)),
            code_action_resolve: text
                .and_then(|t| t.code_action.as_ref())
                .and_then(|c| c.resolve_support.as_ref())
                .is_some_and(|r| r.properties.iter().any(|p| p == "edit")),
            apply_edit: workspace.and_then(|w| w.apply_edit).unwrap_or(false),
            work_done_progress: caps
                .window
                .as_ref()
                .and_then(|w| w.work_done_progress)
                .unwrap_or(false),
        }
    }
}

pub fn server_capabilities(
    caps: &ClientCaps,
    encoding: proposal_ls::line_index::Encoding,
) -> ServerCapabilities {
    let mut commands = vec![
        INSERT_MISSING_SECTIONS.to_string(),
        UPDATE_TO_CURRENT_TEMPLATE.to_string(),
        NEW_PROPOSAL.to_string(),
        READINESS.to_string(),
    ];
    if debug_enabled() {
        commands.extend([DEBUG_PANIC, DEBUG_TEXT, DEBUG_SLEEP, DEBUG_MEMORY].map(String::from));
    }
    ServerCapabilities {
        position_encoding: Some(match encoding {
            proposal_ls::line_index::Encoding::Utf8 => PositionEncodingKind::UTF8,
            _ => PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                ..TextDocumentSyncOptions::default()
            },
        )),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![
                "#".into(),
                ":".into(),
                "-".into(),
                "(".into(),
                "/".into(),
            ]),
            ..CompletionOptions::default()
        }),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        code_lens_provider: Some(CodeLensOptions {
            resolve_provider: Some(false),
        }),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: None,
            file_operations: Some(WorkspaceFileOperationsServerCapabilities {
                will_rename: Some(FileOperationRegistrationOptions {
                    filters: vec![FileOperationFilter {
                        scheme: Some("file".into()),
                        pattern: FileOperationPattern {
                            glob: "**/*".into(),
                            matches: None,
                            options: None,
                        },
                    }],
                }),
                ..WorkspaceFileOperationsServerCapabilities::default()
            }),
        }),
        document_link_provider: Some(DocumentLinkOptions {
            resolve_provider: Some(false),
            work_done_progress_options: Default::default(),
        }),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::new(SOURCE_INSERT_MISSING),
                CodeActionKind::new(SOURCE_UPDATE_TEMPLATE),
            ]),
            resolve_provider: Some(caps.code_action_resolve),
            ..CodeActionOptions::default()
        })),
        execute_command_provider: Some(ExecuteCommandOptions {
            commands,
            ..ExecuteCommandOptions::default()
        }),
        document_symbol_provider: Some(OneOf::Left(true)),
        folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
        diagnostic_provider: caps.pull_diagnostics.then(|| {
            DiagnosticServerCapabilities::Options(DiagnosticOptions {
                identifier: Some(to_proto::SOURCE.into()),
                inter_file_dependencies: true,
                workspace_diagnostics: true,
                ..DiagnosticOptions::default()
            })
        }),
        ..ServerCapabilities::default()
    }
}
