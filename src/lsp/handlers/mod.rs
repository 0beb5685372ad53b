//! Request handlers: pure functions of a document snapshot and the
//! request's parameters, run on a worker thread. Each returns the result or
//! a failure message; the dispatcher turns that into the response.

mod code_action;
mod command;
mod requests;
mod workspace;

use std::sync::Arc;

pub use code_action::{code_action, code_action_resolve};
pub use command::{CommandContext, execute_command, uri_argument};
pub use requests::{
    code_lens, completion, definition, document_diagnostic, document_links, document_symbols,
    folding_ranges, hover, references,
};
pub use workspace::{will_rename_files, workspace_diagnostic, workspace_symbols};

use super::capabilities::ClientCaps;
use super::snapshot::DocSnapshot;
use super::to_proto::Conv;

/// What a request handler reads: one document version and the client.
pub struct Snap {
    pub doc: Arc<DocSnapshot>,
    pub caps: Arc<ClientCaps>,
}

impl Snap {
    pub fn conv(&self) -> Conv<'_> {
        self.doc.conv()
    }
}
