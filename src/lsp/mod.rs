//! The language server front end: LSP over stdio on tower-lsp-server.

mod config;
mod convert;
mod lenient;
mod server;
mod session;
mod to_proto;

use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tower_lsp_server::{LspService, Server};

/// Serve LSP on stdin/stdout until the client says `exit`. The exit code is
/// the protocol's: 0 after a `shutdown` request, 1 otherwise.
pub fn run() -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("proposal-ls: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    let shutdown = Arc::new(AtomicBool::new(false));
    let flag = shutdown.clone();
    runtime.block_on(async move {
        let (service, socket) = LspService::new(move |client| server::Backend::new(client, flag));
        Server::new(tokio::io::stdin(), tokio::io::stdout(), socket)
            .serve(lenient::Lenient(service))
            .await;
    });
    let code = if shutdown.load(Ordering::SeqCst) {
        0
    } else {
        1
    };
    // Exit now: a blocking stdin read would otherwise hold the runtime up.
    std::process::exit(code)
}
