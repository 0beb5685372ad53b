//! The language server front end: LSP over stdio, on a synchronous main
//! loop (`main_loop`) that owns the state and hands requests and analyses
//! to worker pools. See `docs/architecture.md` for the path of a keystroke.

mod capabilities;
mod config;
mod dispatch;
mod handlers;
mod initialize;
mod lenient;
mod main_loop;
mod memory;
mod repositories;
mod snapshot;
mod state;
mod task_pool;
mod to_proto;
mod transport;

use std::process::ExitCode;

/// Serve LSP on stdin/stdout until the client says `exit` (or closes
/// stdin). The exit code is the protocol's: 0 after a `shutdown` request,
/// 1 otherwise.
pub fn run() -> ExitCode {
    init_tracing();
    let transport = match transport::stdio() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("proposal-ls: cannot start the stdio threads: {e}");
            return ExitCode::from(2);
        }
    };
    let code = main_loop::run(transport);
    // Exit now, without waiting for workers or the blocked stdin reader.
    std::process::exit(code)
}

/// Logs to stderr, which editors show as the server's log; the level comes
/// from `PROPOSAL_LS_LOG` (e.g. `info`, `proposal_ls=debug`), default `warn`.
fn init_tracing() {
    use tracing_subscriber::EnvFilter;
    let filter =
        EnvFilter::try_from_env("PROPOSAL_LS_LOG").unwrap_or_else(|_| EnvFilter::new("warn"));
    // Spans (an analysis) report their duration when they close.
    let _ = tracing_subscriber::fmt()
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}
