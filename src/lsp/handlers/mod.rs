//! Request handlers: pure functions of a document snapshot and the
//! request's parameters, run on a worker thread. Each returns the result or
//! a failure message; the dispatcher turns that into the response.

mod code_action;
mod command;
mod requests;

use std::sync::Arc;

use ls_types::Diagnostic;

pub use code_action::{code_action, code_action_resolve};
pub use command::{CommandContext, execute_command, uri_argument};
pub use requests::{completion, document_diagnostic, document_symbols, folding_ranges, hover};

use super::capabilities::ClientCaps;
use super::snapshot::DocSnapshot;
use super::to_proto::{self, Conv};

/// What a request handler reads: one document version and the client.
pub struct Snap {
    pub doc: Arc<DocSnapshot>,
    pub caps: Arc<ClientCaps>,
}

impl Snap {
    pub fn conv(&self) -> Conv<'_> {
        conv(&self.doc)
    }
}

pub fn conv(doc: &DocSnapshot) -> Conv<'_> {
    Conv {
        text: doc.text(),
        index: doc.line_index(),
        encoding: doc.encoding,
    }
}

/// The diagnostics to publish for a snapshot, or `None` when a newer
/// version arrived meanwhile (checked before and after the analysis).
pub fn publishable_diagnostics(doc: &DocSnapshot, caps: &ClientCaps) -> Option<Vec<Diagnostic>> {
    if doc.is_stale() {
        return None;
    }
    let findings = doc.findings();
    if doc.is_stale() {
        return None;
    }
    Some(to_proto::diagnostics(&findings, conv(doc), &doc.uri, caps))
}
