//! The protocol layer: routes LSP messages to the session and the engine.
//! Each handler does its work synchronously under the session lock, with
//! no `.await` while holding it (tower-lsp-server runs handlers
//! concurrently, and a didChange must apply before anything else runs),
//! then awaits only to talk to the client. A panic in a handler becomes a
//! JSON-RPC error and a log message; the server keeps serving.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use proposal_ls::actions::{insert_missing_sections, new_proposal};
use proposal_ls::features::{completion, hover, outline};
use proposal_ls::{Finding, Rule};
use serde_json::Value;
use tower_lsp_server::jsonrpc::{Error, ErrorCode, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use super::config::Settings;
use super::convert::{self, Encoding};
use super::session::{Failure, Session, today};
use super::to_proto;

pub const INSERT_MISSING_SECTIONS: &str = "proposal-ls.insertMissingSections";
/// Returns the text of a new proposal for the file URI given, from the
/// template that file would be checked against.
pub const NEW_PROPOSAL: &str = "proposal-ls.newProposal";
/// Kind of the source action that inserts every missing section.
pub const SOURCE_INSERT_MISSING: &str = "source.insertMissingSections";
/// Debug commands, offered only with `PROPOSAL_LS_DEBUG` set, for the
/// end-to-end tests: one panics (to prove a panicking handler does not take
/// the server down), one returns a document's text as the server holds it.
const DEBUG_PANIC: &str = "proposal-ls.debug.panic";
const DEBUG_TEXT: &str = "proposal-ls.debug.text";

fn debug_enabled() -> bool {
    std::env::var_os("PROPOSAL_LS_DEBUG").is_some()
}
const TEMPLATE_WATCH: &str = "**/guidelines/enhancement_template.md";

pub struct Backend {
    client: Client,
    session: Mutex<Session>,
    shutdown_requested: Arc<AtomicBool>,
}

/// Diagnostics ready to publish for one document version.
struct Publish {
    uri: Uri,
    version: i32,
    diagnostics: Vec<Diagnostic>,
}

impl Backend {
    pub fn new(client: Client, shutdown_requested: Arc<AtomicBool>) -> Backend {
        Backend {
            client,
            session: Mutex::new(Session::new()),
            shutdown_requested,
        }
    }

    /// Log the session's pending warnings (e.g. an unreadable template).
    async fn log_warnings(&self) {
        let warnings = self
            .with_session(|s| Ok(s.take_warnings()))
            .unwrap_or_default();
        for w in warnings {
            self.client.log_message(MessageType::WARNING, w).await;
        }
    }

    /// Run `f` on the session, turning a panic into a failure.
    fn with_session<T>(
        &self,
        f: impl FnOnce(&mut Session) -> std::result::Result<T, Failure>,
    ) -> std::result::Result<T, Failure> {
        let mut session = self.session.lock().unwrap_or_else(PoisonError::into_inner);
        match catch_unwind(AssertUnwindSafe(|| f(&mut session))) {
            Ok(result) => result,
            Err(panic) => {
                let what = panic
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| panic.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "unknown panic".into());
                Err(format!("internal error (the server keeps running): {what}"))
            }
        }
    }

    async fn log_failure(&self, failure: &Failure) {
        self.client.log_message(MessageType::ERROR, failure).await;
    }

    /// A request's result, or its failure as a JSON-RPC error (also logged).
    async fn respond<T>(&self, result: std::result::Result<T, Failure>) -> Result<T> {
        match result {
            Ok(v) => Ok(v),
            Err(failure) => {
                self.log_failure(&failure).await;
                Err(Error {
                    code: ErrorCode::InternalError,
                    message: failure.into(),
                    data: None,
                })
            }
        }
    }

    /// Diagnostics of one open document, when this client takes pushes.
    fn pending_publish(
        session: &mut Session,
        uri: &Uri,
    ) -> std::result::Result<Option<Publish>, Failure> {
        if session.caps.pull_diagnostics {
            return Ok(None);
        }
        let findings = session.findings(uri)?;
        let open = session.doc(uri)?;
        Ok(Some(Publish {
            uri: uri.clone(),
            version: open.version,
            diagnostics: to_proto::diagnostics(
                &findings,
                open.doc.rope(),
                uri,
                session.encoding,
                &session.settings,
                &session.caps,
            ),
        }))
    }

    async fn publish(&self, publish: Vec<Publish>) {
        for p in publish {
            self.client
                .publish_diagnostics(p.uri, p.diagnostics, Some(p.version))
                .await;
        }
    }

    /// After the templates or settings changed: re-derive and re-diagnose
    /// every open document.
    async fn refresh_all(&self, reload_templates: bool) {
        let result = self.with_session(|s| {
            if reload_templates {
                s.reload_templates();
            }
            let mut out = Vec::new();
            for uri in s.open_uris() {
                out.extend(Self::pending_publish(s, &uri)?);
            }
            Ok((out, s.caps.pull_diagnostics && s.caps.diagnostic_refresh))
        });
        self.log_warnings().await;
        match result {
            Ok((publish, refresh)) => {
                self.publish(publish).await;
                if refresh {
                    let client = self.client.clone();
                    tokio::spawn(async move {
                        let _ = client.workspace_diagnostic_refresh().await;
                    });
                }
            }
            Err(f) => self.log_failure(&f).await,
        }
    }

    async fn notify_done(&self, result: std::result::Result<Option<Publish>, Failure>) {
        self.log_warnings().await;
        match result {
            Ok(publish) => self.publish(publish.into_iter().collect()).await,
            Err(f) => self.log_failure(&f).await,
        }
    }
}

fn code_action_for(
    session: &Session,
    uri: &Uri,
    finding: &Finding,
    diagnostic: Diagnostic,
) -> std::result::Result<Option<CodeActionOrCommand>, Failure> {
    let Some(fix) = &finding.fix else {
        return Ok(None);
    };
    let open = session.doc(uri)?;
    let edits = to_proto::text_edits(&fix.edits, open.doc.rope(), session.encoding);
    Ok(Some(CodeActionOrCommand::CodeAction(CodeAction {
        title: fix.title.clone(),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic]),
        edit: Some(to_proto::workspace_edit(
            uri,
            open.version,
            edits,
            &session.caps,
        )),
        is_preferred: Some(fix.safe),
        ..CodeAction::default()
    })))
}

/// The edit inserting every missing section, if any is missing.
fn insert_missing_edit(
    session: &mut Session,
    uri: &Uri,
) -> std::result::Result<Option<WorkspaceEdit>, Failure> {
    let findings = session.findings(uri)?;
    if !findings.iter().any(|f| f.rule == Rule::MissingSection) {
        return Ok(None);
    }
    let open = session.doc(uri)?;
    let mut file = open.file.clone();
    file.today = Some(today());
    let edits = insert_missing_sections(&open.text(), &open.template, &file);
    let edits = to_proto::text_edits(&edits, open.doc.rope(), session.encoding);
    Ok(Some(to_proto::workspace_edit(
        uri,
        open.version,
        edits,
        &session.caps,
    )))
}

fn overlaps(a: &Range, b: &Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let result = self.with_session(|s| {
            s.caps = super::session::ClientCaps::from_params(&params);
            s.encoding = Encoding::negotiate(
                params
                    .capabilities
                    .general
                    .as_ref()
                    .and_then(|g| g.position_encodings.as_deref()),
            );
            #[allow(deprecated)] // root_uri: older clients send only this.
            let roots: Vec<_> = match &params.workspace_folders {
                Some(folders) => folders.iter().map(|f| f.uri.clone()).collect(),
                None => params.root_uri.iter().cloned().collect(),
            };
            s.roots = roots
                .iter()
                .filter_map(|u| u.to_file_path().map(|p| p.into_owned()))
                .collect();
            let problems = match &params.initialization_options {
                Some(options) => {
                    let (settings, problems) = Settings::from_json(options);
                    s.settings = settings;
                    problems
                }
                None => Vec::new(),
            };
            let mut commands = vec![
                INSERT_MISSING_SECTIONS.to_string(),
                NEW_PROPOSAL.to_string(),
            ];
            if debug_enabled() {
                commands.extend([DEBUG_PANIC.to_string(), DEBUG_TEXT.to_string()]);
            }
            let capabilities = ServerCapabilities {
                position_encoding: Some(s.encoding.kind()),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec!["#".into(), ":".into(), "-".into()]),
                    ..CompletionOptions::default()
                }),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::new(SOURCE_INSERT_MISSING),
                        ]),
                        ..CodeActionOptions::default()
                    },
                )),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands,
                    ..ExecuteCommandOptions::default()
                }),
                document_symbol_provider: Some(OneOf::Left(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                diagnostic_provider: s.caps.pull_diagnostics.then(|| {
                    DiagnosticServerCapabilities::Options(DiagnosticOptions {
                        identifier: Some(to_proto::SOURCE.into()),
                        inter_file_dependencies: false,
                        workspace_diagnostics: false,
                        ..DiagnosticOptions::default()
                    })
                }),
                ..ServerCapabilities::default()
            };
            Ok((capabilities, problems))
        });
        let (capabilities, problems) = self.respond(result).await?;
        for p in problems {
            self.client.log_message(MessageType::WARNING, p).await;
        }
        Ok(InitializeResult {
            capabilities,
            server_info: Some(ServerInfo {
                name: "proposal-ls".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            offset_encoding: None,
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let watch = self
            .with_session(|s| Ok(s.caps.watched_files_dynamic))
            .unwrap_or(false);
        if watch {
            let options = DidChangeWatchedFilesRegistrationOptions {
                watchers: vec![FileSystemWatcher {
                    glob_pattern: GlobPattern::String(TEMPLATE_WATCH.into()),
                    kind: None,
                }],
            };
            let registration = Registration {
                id: "proposal-ls-templates".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(options).ok(),
            };
            // Not awaited here: a client that never answers (or exits
            // first) must not keep this handler, and so the server, alive.
            let client = self.client.clone();
            tokio::spawn(async move {
                if let Err(e) = client.register_capability(vec![registration]).await {
                    client
                        .log_message(MessageType::WARNING, format!("cannot watch templates: {e}"))
                        .await;
                }
            });
        }
    }

    async fn shutdown(&self) -> Result<()> {
        self.shutdown_requested.store(true, Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let result = self.with_session(|s| {
            s.open(doc.uri.clone(), &doc.text, doc.version);
            Self::pending_publish(s, &doc.uri)
        });
        self.notify_done(result).await;
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        let result = self.with_session(|s| {
            s.change(&uri, version, params.content_changes)?;
            Self::pending_publish(s, &uri)
        });
        self.notify_done(result).await;
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        let is_template = params.text_document.uri.to_file_path().is_some_and(|p| {
            self.with_session(|s| Ok(s.is_template_path(&p)))
                .unwrap_or(false)
        });
        if is_template {
            self.refresh_all(true).await;
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let push = self.with_session(|s| {
            s.close(&uri);
            Ok(!s.caps.pull_diagnostics)
        });
        if push.unwrap_or(false) {
            // Clear what was published for it.
            self.client.publish_diagnostics(uri, Vec::new(), None).await;
        }
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        // `null` is a pull-model client's "something changed": there is
        // nothing to apply, so the settings in force stay.
        if params.settings.is_null() {
            return;
        }
        let problems = self.with_session(|s| {
            let (settings, problems) = Settings::from_json(&params.settings);
            s.settings = settings;
            Ok(problems)
        });
        match problems {
            Ok(problems) => {
                for p in problems {
                    self.client.log_message(MessageType::WARNING, p).await;
                }
            }
            Err(f) => self.log_failure(&f).await,
        }
        self.refresh_all(true).await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        let any_template = params.changes.iter().any(|c| {
            c.uri.to_file_path().is_some_and(|p| {
                self.with_session(|s| Ok(s.is_template_path(&p)))
                    .unwrap_or(false)
            })
        });
        if any_template {
            self.refresh_all(true).await;
        }
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let uri = params.text_document.uri;
        let result = self.with_session(|s| {
            let findings = s.findings(&uri)?;
            let open = s.doc(&uri)?;
            Ok(to_proto::diagnostics(
                &findings,
                open.doc.rope(),
                &uri,
                s.encoding,
                &s.settings,
                &s.caps,
            ))
        });
        let items = self.respond(result).await?;
        Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: None,
                    items,
                },
            }),
        ))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let at = params.text_document_position;
        let result = self.with_session(|s| {
            let Some(open) = s.proposal(&at.text_document.uri)? else {
                return Ok(None);
            };
            let rope = open.doc.rope();
            let offset = convert::offset(rope, at.position, s.encoding);
            let items = completion::complete(
                &open.text(),
                open.doc.tree(),
                &open.template,
                offset,
                &today(),
            );
            let items: Vec<_> = items
                .into_iter()
                .map(|i| to_proto::completion_item(i, rope, s.encoding, &s.caps))
                .collect();
            Ok((!items.is_empty()).then_some(CompletionResponse::Array(items)))
        });
        self.respond(result).await
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let at = params.text_document_position_params;
        let result = self.with_session(|s| {
            let Some(open) = s.proposal(&at.text_document.uri)? else {
                return Ok(None);
            };
            let rope = open.doc.rope();
            let offset = convert::offset(rope, at.position, s.encoding);
            Ok(
                hover::hover(&open.text(), open.doc.tree(), &open.template, offset)
                    .map(|h| to_proto::hover(h, rope, s.encoding, &s.caps)),
            )
        });
        self.respond(result).await
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let wanted = |kind: &CodeActionKind| {
            params.context.only.as_ref().is_none_or(|only| {
                only.iter().any(|o| {
                    kind.as_str() == o.as_str()
                        || kind.as_str().starts_with(&format!("{}.", o.as_str()))
                })
            })
        };
        let want_quickfix = wanted(&CodeActionKind::QUICKFIX);
        let want_source = wanted(&CodeActionKind::new(SOURCE_INSERT_MISSING));
        let result = self.with_session(|s| {
            let findings = s.findings(&uri)?;
            let mut actions = Vec::new();
            if want_quickfix {
                let open = s.doc(&uri)?;
                let rope = open.doc.rope();
                for f in findings.iter().filter(|f| f.fix.is_some()) {
                    let Some(diagnostic) =
                        to_proto::diagnostic(f, rope, &uri, s.encoding, &s.settings, &s.caps)
                    else {
                        continue;
                    };
                    let asked = params.context.diagnostics.iter().any(|d| {
                        to_proto::rule_of(d) == Some(f.rule) && d.range == diagnostic.range
                    });
                    if asked || overlaps(&diagnostic.range, &params.range) {
                        actions.extend(code_action_for(s, &uri, f, diagnostic)?);
                    }
                }
            }
            if want_source && let Some(edit) = insert_missing_edit(s, &uri)? {
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: "Insert all missing required sections".into(),
                    kind: Some(CodeActionKind::new(SOURCE_INSERT_MISSING)),
                    edit: Some(edit),
                    ..CodeAction::default()
                }));
            }
            Ok((!actions.is_empty()).then_some(actions))
        });
        self.respond(result).await
    }

    async fn execute_command(&self, params: ExecuteCommandParams) -> Result<Option<LSPAny>> {
        let uri_arg = || {
            params
                .arguments
                .first()
                .and_then(|v| v.as_str().or_else(|| v.get("uri").and_then(Value::as_str)))
                .and_then(|u| u.parse::<Uri>().ok())
                .ok_or_else(|| format!("{} needs a document URI argument", params.command))
        };
        let result = self.with_session(|s| match params.command.as_str() {
            INSERT_MISSING_SECTIONS => Ok((insert_missing_edit(s, &uri_arg()?)?, None)),
            NEW_PROPOSAL => {
                let uri = uri_arg()?;
                let path = uri.to_file_path().map(|p| p.into_owned());
                let stem = path
                    .as_deref()
                    .and_then(|p| p.file_stem())
                    .and_then(|s| s.to_str())
                    .unwrap_or("new-proposal")
                    .to_string();
                let template = s.template_for(path.as_deref());
                let text = new_proposal(&template, &stem, &today());
                Ok((None, Some(Value::String(text))))
            }
            DEBUG_PANIC if debug_enabled() => panic!("debug panic requested"),
            DEBUG_TEXT if debug_enabled() => {
                let text = s.doc(&uri_arg()?)?.text();
                Ok((None, Some(Value::String(text))))
            }
            other => Err(format!("unknown command `{other}`")),
        });
        let (edit, value) = self.respond(result).await?;
        if let Some(edit) = edit {
            let client = self.client.clone();
            tokio::spawn(async move {
                if let Err(e) = client.apply_edit(edit).await {
                    client
                        .log_message(
                            MessageType::ERROR,
                            format!("the client did not apply the edit: {e}"),
                        )
                        .await;
                }
            });
        }
        Ok(value)
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let uri = params.text_document.uri;
        let result = self.with_session(|s| {
            let Some(open) = s.proposal(&uri)? else {
                return Ok(None);
            };
            let rope = open.doc.rope();
            let symbols = outline::document_symbols(&open.text(), open.doc.tree());
            Ok(Some(if s.caps.hierarchical_symbols {
                DocumentSymbolResponse::Nested(
                    symbols
                        .into_iter()
                        .map(|x| to_proto::document_symbol(x, rope, s.encoding))
                        .collect(),
                )
            } else {
                let mut flat = Vec::new();
                to_proto::symbol_information(symbols, None, rope, &uri, s.encoding, &mut flat);
                DocumentSymbolResponse::Flat(flat)
            }))
        });
        self.respond(result).await
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let uri = params.text_document.uri;
        let result = self.with_session(|s| {
            let Some(open) = s.proposal(&uri)? else {
                return Ok(None);
            };
            let rope = open.doc.rope();
            Ok(Some(
                outline::folding_ranges(&open.text(), open.doc.tree())
                    .iter()
                    .map(|f| to_proto::folding_range(f, rope, s.encoding))
                    .collect(),
            ))
        });
        self.respond(result).await
    }
}
