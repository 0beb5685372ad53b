//! Running a request off the main loop: parse its parameters, take the
//! document's snapshot, and hand the handler to the request pool with the
//! request's cancel flag. The answer comes back to the main loop as an
//! [`Event::Respond`].

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use ls_types::{MessageType, Uri};
use lsp_server::{ErrorCode, Request, RequestId, Response, ResponseError};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::handlers::Snap;
use super::state::{Event, GlobalState};
use super::task_pool::catch_panic;

/// Why a request produced no result.
pub enum Failure {
    /// The document changed before the work started.
    Modified,
    Error(String),
}

impl From<String> for Failure {
    fn from(message: String) -> Failure {
        Failure::Error(message)
    }
}

/// A handler slower than this is logged.
const SLOW: Duration = Duration::from_millis(100);

pub fn ok(id: RequestId, result: impl Serialize) -> Response {
    match serde_json::to_value(result) {
        Ok(value) => Response {
            id,
            response_result: Ok(value),
        },
        Err(e) => error(
            id,
            ErrorCode::InternalError,
            format!("cannot encode the result: {e}"),
        ),
    }
}

pub fn error(id: RequestId, code: ErrorCode, message: String) -> Response {
    Response {
        id,
        response_result: Err(ResponseError {
            code: code as i32,
            message,
            data: None,
        }),
    }
}

/// The request's parameters, or the InvalidParams response to send.
pub fn params<P: DeserializeOwned>(request: &Request) -> Result<P, Response> {
    serde_json::from_value(request.params.clone()).map_err(|e| {
        error(
            request.id.clone(),
            ErrorCode::InvalidParams,
            format!("invalid parameters for {}: {e}", request.method),
        )
    })
}

/// Which workers run a request.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Pool {
    /// Light requests: never wait behind an analysis.
    Requests,
    /// Requests that need the findings (or run the fix loop): they run with
    /// the analyses, and a document changed meanwhile answers
    /// `ContentModified` instead of analysing an old version.
    Analyses,
}

/// Parse the request, then run `handler` on `pool` against the snapshot of
/// the document the parameters name; a document that is not open (editors
/// ask around open and close) gets `not_open`, the empty answer.
pub fn on_document<P, R>(
    state: &mut GlobalState,
    request: Request,
    pool: Pool,
    (uri, not_open): (impl FnOnce(&P) -> Uri, Value),
    handler: fn(&Snap, P) -> Result<R, String>,
) where
    P: DeserializeOwned + Send + 'static,
    R: Serialize + 'static,
{
    let params: P = match params(&request) {
        Ok(p) => p,
        Err(response) => return state.respond(response),
    };
    let uri = uri(&params);
    with_snapshot(state, request, (&uri, not_open), params, pool, handler);
}

/// Run `handler` on the request pool against the snapshot of `uri`, with
/// parameters already parsed; `not_open` answers for a document not open.
pub fn with_snapshot<P, R>(
    state: &mut GlobalState,
    request: Request,
    (uri, not_open): (&Uri, Value),
    params: P,
    pool: Pool,
    handler: fn(&Snap, P) -> Result<R, String>,
) where
    P: Send + 'static,
    R: Serialize + 'static,
{
    let Some(snap) = state.snap(uri) else {
        tracing::debug!(
            "{} on a document not open: {}",
            request.method,
            uri.as_str()
        );
        return state.respond(ok(request.id, not_open));
    };
    let modified = pool == Pool::Analyses;
    let doc = snap.doc.clone();
    spawn(state, request, pool, move || {
        if modified && doc.is_stale() {
            return Err(Failure::Modified);
        }
        handler(&snap, params).map_err(Failure::Error)
    });
}

/// Run `job` on the request pool, unless the request is cancelled first;
/// a panic becomes an error response and an error log.
pub fn spawn<R: Serialize + 'static>(
    state: &mut GlobalState,
    request: Request,
    pool: Pool,
    job: impl FnOnce() -> Result<R, Failure> + Send + 'static,
) {
    let cancelled = state.track(&request.id);
    let events = state.events.clone();
    let workers = match pool {
        Pool::Requests => &state.requests,
        Pool::Analyses => &state.analyses,
    };
    workers.spawn(move || {
        let id = request.id;
        if cancelled.load(Ordering::Acquire) {
            let response = error(id, ErrorCode::RequestCanceled, "cancelled".into());
            let _ = events.send(Event::Respond(response));
            return;
        }
        let started = Instant::now();
        let result = catch_panic(job);
        let took = started.elapsed();
        if took > SLOW {
            tracing::warn!(method = request.method, ?took, "slow request");
        }
        let response = match result {
            Ok(Ok(value)) => ok(id, value),
            Ok(Err(Failure::Modified)) => {
                let message = "the document changed; ask again".to_string();
                error(id, ErrorCode::ContentModified, message)
            }
            Ok(Err(Failure::Error(failure))) => {
                let _ = events.send(Event::Log(MessageType::ERROR, failure.clone()));
                error(id, ErrorCode::InternalError, failure)
            }
            Err(panic) => {
                let message = format!("internal error (the server keeps running): {panic}");
                let _ = events.send(Event::Log(MessageType::ERROR, message.clone()));
                error(id, ErrorCode::InternalError, message)
            }
        };
        let _ = events.send(Event::Respond(response));
    });
}
