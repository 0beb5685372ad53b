//! The handshake: `initialize` (client capabilities, position encoding,
//! workspace roots, settings) and `initialized` (watching template files).

use std::sync::Arc;

use ls_types::{
    DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern, InitializeParams,
    InitializeResult, MessageType, Registration, RegistrationParams, ServerInfo, WatchKind,
};
use lsp_server::{ErrorCode, Request, Response};
use proposal_ls::workspace::workspace_root;
use serde_json::json;

use super::capabilities::{self, ClientCaps};
use super::config::ServerSettings;
use super::dispatch::{error, ok};
use super::lenient::repair_initialize;
use super::state::GlobalState;
use super::to_proto::file_path;

/// The files documents' settings are made of: templates, configuration
/// files, upstream's lint-ignores.
const WATCHED: [&str; 5] = [
    "**/guidelines/enhancement_template.md",
    "**/.proposal-ls.toml",
    "**/hack/lint-ignores",
    // A commit or checkout changes the template history and the days files
    // were added.
    "**/.git/HEAD",
    "**/.git/refs/heads/**",
];

pub fn initialize(state: &mut GlobalState, request: &Request) -> Response {
    let params = repair_initialize(request.params.clone());
    let params: InitializeParams = match serde_json::from_value(params) {
        Ok(p) => p,
        Err(e) => {
            let message = format!("invalid initialize parameters: {e}");
            return error(request.id.clone(), ErrorCode::InvalidParams, message);
        }
    };
    let caps = ClientCaps::from_params(&params);
    state.encoding = capabilities::negotiate_encoding(&params);
    #[allow(deprecated)] // root_uri: older clients send only this.
    let roots: Vec<_> = match &params.workspace_folders {
        Some(folders) if !folders.is_empty() => folders.iter().map(|f| f.uri.clone()).collect(),
        _ => params.root_uri.iter().cloned().collect(),
    };
    state.roots = roots.iter().filter_map(file_path).collect();
    if let Some(options) = &params.initialization_options
        && let Some((settings, problems)) = ServerSettings::from_json(options)
    {
        state.settings = settings;
        for p in problems {
            state.log(MessageType::WARNING, p);
        }
    }
    let result = InitializeResult {
        capabilities: capabilities::server_capabilities(&caps, state.encoding),
        server_info: Some(ServerInfo {
            name: "proposal-ls".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
        offset_encoding: None,
    };
    state.caps = Arc::new(caps);
    ok(request.id.clone(), result)
}

/// Index the workspace folders' repositories (in the background), and
/// watch template, configuration and repository files, for clients that
/// let servers register watchers.
pub fn initialized(state: &mut GlobalState) {
    let folders = state.roots.clone();
    for folder in folders {
        let root = workspace_root(&folder).unwrap_or(folder);
        state.index_root(&root);
    }
    if !state.caps.watched_files_dynamic {
        return;
    }
    let mut watchers: Vec<FileSystemWatcher> = WATCHED
        .iter()
        .map(|glob| FileSystemWatcher {
            glob_pattern: GlobPattern::String((*glob).into()),
            kind: None,
        })
        .collect();
    // Proposals change what they say of themselves; any file's coming and
    // going changes which references lead somewhere.
    watchers.push(FileSystemWatcher {
        glob_pattern: GlobPattern::String("**/*.md".into()),
        kind: None,
    });
    watchers.push(FileSystemWatcher {
        glob_pattern: GlobPattern::String("**/*".into()),
        kind: Some(WatchKind::Create | WatchKind::Delete),
    });
    let options = DidChangeWatchedFilesRegistrationOptions { watchers };
    let params = RegistrationParams {
        registrations: vec![Registration {
            id: "proposal-ls-templates".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(options).ok(),
        }],
    };
    let params = serde_json::to_value(params).unwrap_or(json!({"registrations": []}));
    state.request_client("client/registerCapability", params);
}
