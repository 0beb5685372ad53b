//! `workspace/executeCommand`.

use std::path::PathBuf;
use std::sync::Arc;

use ls_types::{ExecuteCommandParams, Uri, WorkspaceEdit};
use proposal_ls::actions::new_proposal;
use proposal_ls::workspace::{Settings, Templates, today};
use serde_json::Value;

use super::Snap;
use super::code_action::DocumentAction;
use crate::lsp::capabilities::{
    DEBUG_MEMORY, DEBUG_PANIC, DEBUG_SLEEP, DEBUG_TEXT, INSERT_MISSING_SECTIONS, NEW_PROPOSAL,
    READINESS, UPDATE_TO_CURRENT_TEMPLATE, debug_enabled,
};
use crate::lsp::to_proto::file_path;

/// What a command may need besides a document.
pub struct CommandContext {
    /// The snapshot of the document named by the first argument, if open.
    pub snap: Option<Snap>,
    pub templates: Arc<Templates>,
    pub settings: Arc<Settings>,
    pub root: Option<PathBuf>,
}

/// The document URI a command takes as its first argument (a string, or
/// an object with `uri`).
pub fn uri_argument(params: &ExecuteCommandParams) -> Option<Uri> {
    params
        .arguments
        .first()
        .and_then(|v| v.as_str().or_else(|| v.get("uri").and_then(Value::as_str)))
        .and_then(|u| u.parse::<Uri>().ok())
}

/// Run a command: its result, and an edit to ask the client to apply.
pub fn execute_command(
    cx: &CommandContext,
    params: &ExecuteCommandParams,
) -> Result<(Option<Value>, Option<WorkspaceEdit>), String> {
    let needs_uri = || format!("{} needs a document URI argument", params.command);
    let open = || {
        cx.snap.as_ref().ok_or_else(|| match uri_argument(params) {
            Some(uri) => format!("document not open: {}", uri.as_str()),
            None => needs_uri(),
        })
    };
    match params.command.as_str() {
        INSERT_MISSING_SECTIONS => {
            let snap = open()?;
            Ok((None, DocumentAction::InsertMissingSections.edit(snap)))
        }
        UPDATE_TO_CURRENT_TEMPLATE => {
            let snap = open()?;
            Ok((None, DocumentAction::UpdateToCurrentTemplate.edit(snap)))
        }
        READINESS => {
            let snap = open()?;
            let doc = &snap.doc;
            let findings = doc.findings();
            let readiness =
                proposal_ls::readiness::Readiness::of(doc.text(), &doc.template, &findings);
            Ok((serde_json::to_value(readiness).ok(), None))
        }
        NEW_PROPOSAL => {
            let uri = uri_argument(params).ok_or_else(needs_uri)?;
            let path = file_path(&uri);
            let stem = path
                .as_deref()
                .and_then(|p| p.file_stem())
                .and_then(|s| s.to_str())
                .unwrap_or("new-proposal")
                .to_string();
            let resolved = cx
                .templates
                .resolve(path.as_deref(), &cx.settings, cx.root.as_deref());
            let text = new_proposal(&resolved.template, &stem, &today());
            Ok((Some(Value::String(text)), None))
        }
        DEBUG_PANIC if debug_enabled() => panic!("debug panic requested"),
        DEBUG_TEXT if debug_enabled() => {
            let text = open()?.doc.full_text();
            Ok((Some(Value::String(text)), None))
        }
        DEBUG_SLEEP if debug_enabled() => {
            let ms = params
                .arguments
                .first()
                .and_then(Value::as_u64)
                .unwrap_or(0);
            std::thread::sleep(std::time::Duration::from_millis(ms.min(10_000)));
            Ok((None, None))
        }
        DEBUG_MEMORY if debug_enabled() => {
            crate::lsp::memory::give_back();
            let usage = crate::lsp::memory::usage();
            Ok((serde_json::to_value(usage).ok(), None))
        }
        other => Err(format!("unknown command `{other}`")),
    }
}
