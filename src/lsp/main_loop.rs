//! The main loop: one thread that owns the state and handles every message
//! in arrival order. Notifications change the state right here (a didChange
//! is a rope edit and one incremental reparse); requests run on the request
//! pool against a snapshot; diagnostics are computed on the analysis pool
//! once a document has been quiet for a moment, and published only if its
//! version is still current. Nothing slow runs on this thread, so the next
//! keystroke is never queued behind a request or another document.

use std::time::{Duration, Instant};

use crossbeam_channel::select;
use ls_types::notification::{
    DidChangeConfiguration, DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument,
    DidOpenTextDocument, DidSaveTextDocument, Notification as _,
};
use ls_types::request::{
    CodeActionRequest, CodeActionResolveRequest, CodeLensRequest, Completion,
    DocumentDiagnosticRequest, DocumentLinkRequest, DocumentSymbolRequest, ExecuteCommand,
    FoldingRangeRequest, GotoDefinition, HoverRequest, References, Request as _, WillRenameFiles,
    WorkspaceDiagnosticRequest, WorkspaceSymbolRequest,
};
use ls_types::{
    CodeAction, CodeActionParams, CodeLensParams, CompletionParams, DocumentDiagnosticParams,
    DocumentLinkParams, DocumentSymbolParams, ExecuteCommandParams, FoldingRangeParams,
    GotoDefinitionParams, HoverParams, MessageType, ReferenceParams, Uri,
};
use lsp_server::{ErrorCode, Message, Notification, Request};
use proposal_ls::document::TextChange;
use proposal_ls::line_index::LineCol;
use serde_json::{Value, json};

use super::dispatch::{self, Pool, error, ok};
use super::handlers::{self, CommandContext};
use super::lenient::repair_uris;
use super::state::{Event, GlobalState};
use super::to_proto::file_path;
use super::transport::{Incoming, PublishDiagnostics, Transport, error_without_id};
use super::{initialize, task_pool::catch_panic};

/// How the loop ended: the process's exit code.
pub fn run(transport: Transport) -> i32 {
    let (events_tx, events) = crossbeam_channel::unbounded();
    let mut state = match GlobalState::new(transport.outgoing.clone(), events_tx) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("proposal-ls: cannot start worker threads: {e}");
            return 2;
        }
    };
    loop {
        let timeout = state.next_due().unwrap_or(Duration::from_secs(3600));
        let step = select! {
            recv(transport.incoming) -> incoming => match incoming {
                Ok(Incoming::Message(message)) => {
                    let started = Instant::now();
                    let what = describe(&message);
                    let step = on_message(&mut state, message);
                    let took = started.elapsed();
                    if took > SLOW {
                        tracing::warn!(message = what, ?took, "slow on the main loop");
                    }
                    step
                }
                Ok(Incoming::Malformed { code, reason, id }) => {
                    tracing::warn!("malformed message: {reason}");
                    match id {
                        Some(id) => state.respond(error(id, code, reason)),
                        None => state.send(error_without_id(code, &reason)),
                    }
                    Step::Continue
                }
                Ok(Incoming::Ignored(reason)) => {
                    tracing::warn!("ignored a message: {reason}");
                    Step::Continue
                }
                Ok(Incoming::Closed) | Err(_) => Step::Exit(1),
            },
            recv(events) -> event => {
                if let Ok(event) = event {
                    on_event(&mut state, event);
                }
                Step::Continue
            },
            default(timeout) => Step::Continue,
        };
        if let Step::Exit(code) = step {
            return code;
        }
        state.start_due_analyses();
    }
}

/// Handling one message on the main loop longer than this is logged.
const SLOW: Duration = Duration::from_millis(100);

fn describe(message: &Message) -> String {
    match message {
        Message::Request(r) => r.method.clone(),
        Message::Notification(n) => n.method.clone(),
        Message::Response(r) => format!("response {}", r.id),
    }
}

enum Step {
    Continue,
    Exit(i32),
}

fn on_event(state: &mut GlobalState, event: Event) {
    match event {
        Event::Respond(response) => state.respond(response),
        Event::Analysed {
            uri,
            generation,
            took,
            outcome,
            entry,
        } => state.on_analysed(uri, generation, took, outcome, entry),
        Event::ClientRequest { method, params } => state.request_client(method, params),
        Event::Log(kind, message) => state.log(kind, message),
        Event::Indexed {
            root,
            repository,
            kind,
            affected,
        } => state.on_indexed(root, repository, kind, affected),
    }
}

fn on_message(state: &mut GlobalState, mut message: Message) -> Step {
    let params = match &mut message {
        Message::Request(r) => Some(&mut r.params),
        Message::Notification(n) => Some(&mut n.params),
        Message::Response(_) => None,
    };
    if let Some(params) = params {
        state.client_spellings.extend(repair_uris(params));
    }
    match message {
        Message::Request(request) if !state.initialized => {
            if request.method == "initialize" {
                let response = initialize::initialize(state, &request);
                state.initialized = response.response_result.is_ok();
                state.respond(response);
            } else {
                let message = "the server is not initialized yet".to_string();
                state.respond(error(request.id, ErrorCode::ServerNotInitialized, message));
            }
            Step::Continue
        }
        Message::Request(request) => {
            let id = request.id.clone();
            if let Err(panic) = catch_panic(|| on_request(state, request)) {
                let message = format!("internal error (the server keeps running): {panic}");
                state.log(MessageType::ERROR, message.clone());
                state.respond(error(id, ErrorCode::InternalError, message));
            }
            Step::Continue
        }
        Message::Notification(n) if n.method == "exit" => {
            Step::Exit(if state.shutdown_requested { 0 } else { 1 })
        }
        // Before `initialize`, notifications other than `exit` are dropped.
        Message::Notification(_) if !state.initialized => Step::Continue,
        Message::Notification(n) => {
            let method = n.method.clone();
            if let Err(panic) = catch_panic(|| on_notification(state, n)) {
                state.log(
                    MessageType::ERROR,
                    format!("internal error handling {method} (the server keeps running): {panic}"),
                );
            }
            Step::Continue
        }
        Message::Response(response) => {
            state.on_client_response(response);
            Step::Continue
        }
    }
}

fn on_request(state: &mut GlobalState, request: Request) {
    if state.shutdown_requested {
        let message = "the server is shutting down".to_string();
        return state.respond(error(request.id, ErrorCode::InvalidRequest, message));
    }
    match request.method.as_str() {
        "initialize" => {
            let message = "the server is already initialized".to_string();
            state.respond(error(request.id, ErrorCode::InvalidRequest, message));
        }
        "shutdown" => {
            state.shutdown_requested = true;
            state.respond(ok(request.id, Value::Null));
        }
        HoverRequest::METHOD => dispatch::on_document(
            state,
            request,
            Pool::Requests,
            (
                |p: &HoverParams| p.text_document_position_params.text_document.uri.clone(),
                Value::Null,
            ),
            |snap, p| handlers::hover(snap, p.text_document_position_params.position),
        ),
        Completion::METHOD => dispatch::on_document(
            state,
            request,
            Pool::Requests,
            (
                |p: &CompletionParams| p.text_document_position.text_document.uri.clone(),
                Value::Null,
            ),
            |snap, p| handlers::completion(snap, p.text_document_position.position),
        ),
        GotoDefinition::METHOD => dispatch::on_document(
            state,
            request,
            Pool::Requests,
            (
                |p: &GotoDefinitionParams| {
                    p.text_document_position_params.text_document.uri.clone()
                },
                Value::Null,
            ),
            |snap, p| handlers::definition(snap, p.text_document_position_params.position),
        ),
        DocumentLinkRequest::METHOD => dispatch::on_document(
            state,
            request,
            Pool::Requests,
            (
                |p: &DocumentLinkParams| p.text_document.uri.clone(),
                Value::Null,
            ),
            |snap, _| handlers::document_links(snap),
        ),
        References::METHOD => dispatch::on_document(
            state,
            request,
            Pool::Requests,
            (
                |p: &ReferenceParams| p.text_document_position.text_document.uri.clone(),
                Value::Null,
            ),
            handlers::references,
        ),
        WillRenameFiles::METHOD => handlers::will_rename_files(state, request),
        WorkspaceSymbolRequest::METHOD => handlers::workspace_symbols(state, request),
        WorkspaceDiagnosticRequest::METHOD => handlers::workspace_diagnostic(state, request),
        CodeLensRequest::METHOD => dispatch::on_document(
            state,
            request,
            Pool::Analyses,
            (
                |p: &CodeLensParams| p.text_document.uri.clone(),
                Value::Null,
            ),
            |snap, _| handlers::code_lens(snap),
        ),
        DocumentSymbolRequest::METHOD => dispatch::on_document(
            state,
            request,
            Pool::Requests,
            (
                |p: &DocumentSymbolParams| p.text_document.uri.clone(),
                Value::Null,
            ),
            |snap, _| handlers::document_symbols(snap),
        ),
        FoldingRangeRequest::METHOD => dispatch::on_document(
            state,
            request,
            Pool::Requests,
            (
                |p: &FoldingRangeParams| p.text_document.uri.clone(),
                Value::Null,
            ),
            |snap, _| handlers::folding_ranges(snap),
        ),
        DocumentDiagnosticRequest::METHOD => dispatch::on_document(
            state,
            request,
            Pool::Analyses,
            (
                |p: &DocumentDiagnosticParams| p.text_document.uri.clone(),
                json!({"kind": "full", "items": []}),
            ),
            |snap, _| handlers::document_diagnostic(snap),
        ),
        CodeActionRequest::METHOD => dispatch::on_document(
            state,
            request,
            Pool::Analyses,
            (
                |p: &CodeActionParams| p.text_document.uri.clone(),
                Value::Null,
            ),
            |snap, p| handlers::code_action(snap, &p),
        ),
        CodeActionResolveRequest::METHOD => resolve_code_action(state, request),
        ExecuteCommand::METHOD => execute_command(state, request),
        _ => {
            let message = format!("unknown method {}", request.method);
            state.respond(error(request.id, ErrorCode::MethodNotFound, message));
        }
    }
}

/// `codeAction/resolve`: an action of ours names its document in `data`;
/// any other action comes back as it was.
fn resolve_code_action(state: &mut GlobalState, request: Request) {
    let action: CodeAction = match dispatch::params(&request) {
        Ok(a) => a,
        Err(response) => return state.respond(response),
    };
    let uri = action
        .data
        .as_ref()
        .and_then(|d| d.get("uri"))
        .and_then(Value::as_str)
        .and_then(|u| u.parse::<Uri>().ok());
    match uri {
        Some(uri) => dispatch::with_snapshot(
            state,
            request,
            (&uri, serde_json::to_value(&action).unwrap_or_default()),
            action,
            Pool::Analyses,
            handlers::code_action_resolve,
        ),
        None => state.respond(ok(request.id, action)),
    }
}

fn execute_command(state: &mut GlobalState, request: Request) {
    let params: ExecuteCommandParams = match dispatch::params(&request) {
        Ok(p) => p,
        Err(response) => return state.respond(response),
    };
    let snap = handlers::uri_argument(&params).and_then(|uri| state.snap(&uri));
    // The settings of the file named (its configuration file's), open or not.
    let path = handlers::uri_argument(&params).and_then(|uri| file_path(&uri));
    let settings = state.settings_for(path.as_deref());
    let cx = CommandContext {
        snap,
        templates: state.templates.clone(),
        settings,
        root: state.roots.first().cloned(),
    };
    let events = state.events.clone();
    let apply_edit = state.caps.apply_edit;
    dispatch::spawn(state, request, Pool::Analyses, move || {
        let (value, edit) = handlers::execute_command(&cx, &params)?;
        match edit {
            // Applied by the client on our request.
            Some(edit) if apply_edit => {
                let params = json!({"edit": edit});
                let method = "workspace/applyEdit";
                let _ = events.send(Event::ClientRequest { method, params });
                Ok(value)
            }
            // A client that cannot be asked gets the edit as the result.
            Some(edit) => Ok(serde_json::to_value(edit).ok()),
            None => Ok(value),
        }
    });
}

fn on_notification(state: &mut GlobalState, n: Notification) {
    let (method, params) = (n.method.as_str(), n.params);
    match method {
        "initialized" => initialize::initialized(state),
        DidOpenTextDocument::METHOD => with_params(state, method, params, did_open),
        DidChangeTextDocument::METHOD => with_params(state, method, params, did_change),
        DidCloseTextDocument::METHOD => with_params(state, method, params, did_close),
        DidSaveTextDocument::METHOD => with_params(state, method, params, did_save),
        DidChangeConfiguration::METHOD => did_change_configuration(state, &params),
        DidChangeWatchedFiles::METHOD => with_params(state, method, params, did_change_watched),
        "$/cancelRequest" => {
            if let Some(id) = params.get("id").cloned()
                && let Ok(id) = serde_json::from_value(id)
            {
                state.cancel(&id);
            }
        }
        // `$/setTrace`, `$/progress` and the like: nothing to do.
        _ => {}
    }
}

/// Decode a notification's parameters and handle them; bad ones are logged.
fn with_params<P: serde::de::DeserializeOwned>(
    state: &mut GlobalState,
    method: &str,
    params: Value,
    handle: fn(&mut GlobalState, P),
) {
    match serde_json::from_value(params) {
        Ok(p) => handle(state, p),
        Err(e) => state.log(
            MessageType::ERROR,
            format!("invalid {method} notification: {e}"),
        ),
    }
}

fn did_open(state: &mut GlobalState, p: ls_types::DidOpenTextDocumentParams) {
    let doc = p.text_document;
    state.open(doc.uri, &doc.text, doc.version);
}

fn did_change(state: &mut GlobalState, p: ls_types::DidChangeTextDocumentParams) {
    let changes: Vec<TextChange> = p
        .content_changes
        .into_iter()
        .map(|c| TextChange {
            range: c.range.map(|r| (line_col(r.start), line_col(r.end))),
            text: c.text,
        })
        .collect();
    let doc = p.text_document;
    if let Err(e) = state.change(&doc.uri, doc.version, &changes) {
        state.log(MessageType::ERROR, e);
    }
}

fn did_close(state: &mut GlobalState, p: ls_types::DidCloseTextDocumentParams) {
    let uri = p.text_document.uri;
    state.close(&uri);
    if !state.caps.pull_diagnostics {
        // Clear what was published for it.
        state.publish(PublishDiagnostics::new(&uri, None, Vec::new()));
    }
}

fn did_save(state: &mut GlobalState, p: ls_types::DidSaveTextDocumentParams) {
    if is_template(state, &p.text_document.uri) {
        state.reload();
    }
}

fn did_change_watched(state: &mut GlobalState, p: ls_types::DidChangeWatchedFilesParams) {
    if p.changes.iter().any(|c| is_template(state, &c.uri)) {
        state.reload();
    }
    let changes: Vec<_> = p
        .changes
        .iter()
        .filter_map(|c| Some((file_path(&c.uri)?, c.typ)))
        .collect();
    let configs = state.settings.configs.clone();
    state
        .repositories
        .files_changed(changes, &configs, &state.templates);
}

fn did_change_configuration(state: &mut GlobalState, params: &Value) {
    // `null` is a pull-model client's "something changed": there is nothing
    // to apply, so the settings in force stay; so does another server's.
    let settings = params.get("settings").unwrap_or(&Value::Null);
    if settings.is_null() {
        return;
    }
    let Some((settings, problems)) = super::config::ServerSettings::from_json(settings) else {
        return;
    };
    for p in problems {
        state.log(MessageType::WARNING, p);
    }
    state.settings = settings;
    state.reload();
}

fn line_col(p: ls_types::Position) -> LineCol {
    LineCol {
        line: p.line,
        col: p.character,
    }
}

/// A template, a `.proposal-ls.toml`, a `hack/lint-ignores` or the
/// checked-out commit: what the settings and histories of documents are
/// made of.
fn is_template(state: &GlobalState, uri: &Uri) -> bool {
    file_path(uri).is_some_and(|path| {
        path.file_name()
            .is_some_and(|name| name == proposal_ls::workspace::CONFIG_FILE)
            || is_git_head(&path)
            || path.ends_with(proposal_ls::workspace::LINT_IGNORES)
            || state
                .templates
                .is_template_path(&path, &state.settings.engine)
    })
}

/// `.git/HEAD` or a branch under `.git/refs/heads/`.
fn is_git_head(path: &std::path::Path) -> bool {
    let path = path.to_string_lossy().replace('\\', "/");
    path.ends_with("/.git/HEAD") || path.contains("/.git/refs/heads/")
}
