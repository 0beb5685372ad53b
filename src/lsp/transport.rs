//! JSON-RPC framing over stdio, on two threads: one reads `Content-Length`
//! frames from stdin and hands each decoded message to the main loop, one
//! writes the main loop's messages to stdout. A frame that cannot be read
//! or decoded does not end the stream: it is reported as [`Incoming::Malformed`]
//! and reading resumes at the next header.

use std::io::{self, BufRead, Read, Write};

use crossbeam_channel::{Receiver, Sender};
use lsp_server::{ErrorCode, Message, RequestId};
use serde_json::{Value, json};

/// What the reader hands the main loop.
#[derive(Debug)]
pub enum Incoming {
    Message(Message),
    /// A frame that is not a JSON-RPC message: the error to answer with and
    /// the request id, when one could be read.
    Malformed {
        code: ErrorCode,
        reason: String,
        id: Option<RequestId>,
    },
    /// A frame to log, never to answer (a malformed response of the client
    /// to one of our requests: an answer would land in its own id space).
    Ignored(String),
    /// End of input (or an I/O error reading it).
    Closed,
}

/// A frame claiming a body larger than this is refused unread.
const MAX_BODY: usize = 256 << 20;

/// What the writer sends: a message, or a raw error response whose id is
/// `null` (a frame whose id could not be read).
#[derive(Debug)]
pub enum Outgoing {
    Message(Message),
    Raw(Value),
    /// Diagnostics, serialized here straight from their types: a large
    /// document's (thousands of findings, a megabyte of JSON) would cost
    /// more again as a `Value` to build, encode and free.
    Diagnostics(PublishDiagnostics),
}

/// `publishDiagnostics` parameters, with the URI as the client spelt it
/// (which may not be a valid URI: see `lenient`).
#[derive(Debug, serde::Serialize)]
pub struct PublishDiagnostics {
    pub uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<i32>,
    pub diagnostics: Vec<ls_types::Diagnostic>,
    /// See [`fingerprint`]: the same version with the same fingerprint
    /// need not be published again.
    #[serde(skip)]
    pub fingerprint: u64,
}

impl PublishDiagnostics {
    pub fn new(
        uri: &ls_types::Uri,
        version: Option<i32>,
        diagnostics: Vec<ls_types::Diagnostic>,
    ) -> Self {
        PublishDiagnostics {
            uri: uri.as_str().to_string(),
            version,
            fingerprint: fingerprint(&diagnostics),
            diagnostics,
        }
    }
}

/// What the client would see of `diagnostics`, as one number (computed
/// where they are built, on the analysis worker).
fn fingerprint(diagnostics: &[ls_types::Diagnostic]) -> u64 {
    use ls_types::{DiagnosticSeverity, NumberOrString};
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for d in diagnostics {
        let r = d.range;
        (r.start.line, r.start.character, r.end.line, r.end.character).hash(&mut hasher);
        d.message.hash(&mut hasher);
        match &d.code {
            Some(NumberOrString::String(code)) => code.hash(&mut hasher),
            Some(NumberOrString::Number(code)) => code.hash(&mut hasher),
            None => {}
        }
        let severity = [
            DiagnosticSeverity::ERROR,
            DiagnosticSeverity::WARNING,
            DiagnosticSeverity::INFORMATION,
            DiagnosticSeverity::HINT,
        ]
        .iter()
        .position(|s| d.severity == Some(*s));
        severity.hash(&mut hasher);
    }
    hasher.finish()
}

impl From<Message> for Outgoing {
    fn from(message: Message) -> Outgoing {
        Outgoing::Message(message)
    }
}

pub struct Transport {
    pub incoming: Receiver<Incoming>,
    pub outgoing: Sender<Outgoing>,
}

/// Start the reader and writer threads on stdin and stdout. Neither is
/// joined: the process exits from the main loop.
pub fn stdio() -> io::Result<Transport> {
    let (incoming_tx, incoming) = crossbeam_channel::unbounded();
    let (outgoing, outgoing_rx) = crossbeam_channel::unbounded::<Outgoing>();
    std::thread::Builder::new()
        .name("lsp-reader".into())
        .spawn(move || {
            let stdin = io::stdin();
            let mut input = stdin.lock();
            loop {
                let item = read_frame(&mut input);
                let closed = matches!(item, Incoming::Closed);
                if incoming_tx.send(item).is_err() || closed {
                    break;
                }
            }
        })?;
    std::thread::Builder::new()
        .name("lsp-writer".into())
        .spawn(move || {
            let stdout = io::stdout();
            let mut output = stdout.lock();
            for message in outgoing_rx {
                if write_frame(&mut output, &message).is_err() {
                    break;
                }
            }
        })?;
    Ok(Transport { incoming, outgoing })
}

/// Read one frame: headers up to a blank line (header names in any case,
/// `\r\n` or `\n` line ends), then `Content-Length` bytes of JSON. After a
/// malformed frame, leftover body bytes may run into the next header line;
/// a `Content-Length:` anywhere in a line still counts, so reading picks up
/// again at the next frame.
pub fn read_frame(input: &mut impl BufRead) -> Incoming {
    let mut length: Option<Result<usize, String>> = None;
    let mut saw_header = false;
    let mut line = Vec::new();
    loop {
        line.clear();
        match input.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return Incoming::Closed,
            Ok(_) => {}
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if saw_header {
                break;
            }
            // Blank lines between frames are noise, not a frame.
            continue;
        }
        saw_header = true;
        if let Some(value) = content_length(text) {
            length = Some(
                value
                    .parse::<usize>()
                    .map_err(|_| format!("bad Content-Length `{value}`")),
            );
        }
    }
    let length = match length {
        Some(Ok(n)) => n,
        Some(Err(reason)) => return malformed(ErrorCode::ParseError, reason, None),
        None => {
            let reason = "a frame without Content-Length".into();
            return malformed(ErrorCode::ParseError, reason, None);
        }
    };
    if length > MAX_BODY {
        // No client sends this much: take the header for garbage and read
        // on, so the next frame's header is found again.
        return malformed(
            ErrorCode::InvalidRequest,
            format!("a {length}-byte message is over the {MAX_BODY}-byte limit"),
            None,
        );
    }
    let mut body = Vec::new();
    match input
        .take(u64::try_from(length).unwrap_or(u64::MAX))
        .read_to_end(&mut body)
    {
        Ok(n) if n == length => decode(&body),
        _ => Incoming::Closed,
    }
}

/// The value of a `Content-Length` header in `line`, wherever it starts.
fn content_length(line: &str) -> Option<&str> {
    const NAME: &str = "content-length:";
    let lower = line.to_ascii_lowercase();
    let at = lower.rfind(NAME)?;
    line.get(at + NAME.len()..).map(str::trim)
}

fn malformed(code: ErrorCode, reason: String, id: Option<RequestId>) -> Incoming {
    Incoming::Malformed { code, reason, id }
}

/// A frame's body as a message, or why it is not one.
fn decode(body: &[u8]) -> Incoming {
    let value: Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(e) => match repair_text(body).and_then(|b| serde_json::from_slice(&b).ok()) {
            Some(v) => v,
            None => return malformed(ErrorCode::ParseError, format!("invalid JSON: {e}"), None),
        },
    };
    let has_method = value.get("method").is_some();
    let id = value.get("id");
    let request_id = id.and_then(|id| serde_json::from_value::<RequestId>(id.clone()).ok());
    if let Some(id) = request_id.clone().filter(|_| !has_method)
        && value.get("params").is_none()
    {
        // The client's answer to one of ours: never answered back. No
        // result at all is taken as `null`.
        if value.get("result").is_none() && value.get("error").is_none() {
            let response = lsp_server::Response {
                id,
                response_result: Ok(Value::Null),
            };
            return Incoming::Message(Message::Response(response));
        }
        return match serde_json::from_value::<Message>(value) {
            Ok(message) => Incoming::Message(message),
            Err(e) => Incoming::Ignored(format!("a malformed response: {e}")),
        };
    }
    if id.is_some() && request_id.is_none() {
        // Untagged parsing would take it for a notification and drop it.
        let reason = "a request id must be an integer or a string".to_string();
        return malformed(ErrorCode::InvalidRequest, reason, None);
    }
    match serde_json::from_value::<Message>(value) {
        Ok(message) => Incoming::Message(message),
        Err(e) => malformed(
            ErrorCode::InvalidRequest,
            format!("not a JSON-RPC message: {e}"),
            request_id,
        ),
    }
}

/// A body whose text is not Unicode made readable: invalid UTF-8 and lone
/// surrogate escapes (`"\ud83d"`, half an emoji as JavaScript clients
/// send it) become U+FFFD. In UTF-16, U+FFFD is one unit as a lone
/// surrogate is, so the client's later positions still land right. `None`
/// when there is nothing to repair.
fn repair_text(body: &[u8]) -> Option<Vec<u8>> {
    let text = String::from_utf8_lossy(body);
    let mut changed = matches!(text, std::borrow::Cow::Owned(_));
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    // Backslashes occur only inside JSON strings, so escapes can be read
    // without tracking where strings begin.
    while let Some(&byte) = bytes.get(at) {
        if byte != b'\\' {
            out.push(byte);
            at += 1;
            continue;
        }
        let unit = |from: usize| -> Option<u16> {
            let hex = bytes.get(from..from + 6)?;
            if !hex.starts_with(b"\\u") {
                return None;
            }
            u16::from_str_radix(std::str::from_utf8(hex.get(2..)?).ok()?, 16).ok()
        };
        match unit(at) {
            Some(0xD800..=0xDBFF)
                if unit(at + 6).is_some_and(|low| (0xDC00..=0xDFFF).contains(&low)) =>
            {
                out.extend_from_slice(bytes.get(at..at + 12).unwrap_or_default());
                at += 12;
            }
            Some(0xD800..=0xDFFF) => {
                out.extend_from_slice(b"\\ufffd");
                changed = true;
                at += 6;
            }
            // Any other escape: copied whole, so the `u` of `\\u` is
            // never read as starting one.
            _ => {
                let end = (at + 2).min(bytes.len());
                out.extend_from_slice(bytes.get(at..end).unwrap_or_default());
                at += 2;
            }
        }
    }
    changed.then_some(out)
}

fn write_frame(output: &mut impl Write, message: &Outgoing) -> io::Result<()> {
    match message {
        Outgoing::Message(m) => m.write(output),
        Outgoing::Raw(value) => write_body(output, &serde_json::to_string(value)?),
        Outgoing::Diagnostics(params) => {
            #[derive(serde::Serialize)]
            struct Publish<'a> {
                jsonrpc: &'static str,
                method: &'static str,
                params: &'a PublishDiagnostics,
            }
            let body = serde_json::to_string(&Publish {
                jsonrpc: "2.0",
                method: "textDocument/publishDiagnostics",
                params,
            })?;
            write_body(output, &body)
        }
    }
}

fn write_body(output: &mut impl Write, body: &str) -> io::Result<()> {
    write!(output, "Content-Length: {}\r\n\r\n{body}", body.len())?;
    output.flush()
}

/// An error response to a frame whose id could not be read.
pub fn error_without_id(code: ErrorCode, message: &str) -> Outgoing {
    Outgoing::Raw(json!({
        "jsonrpc": "2.0",
        "id": null,
        "error": {"code": code as i32, "message": message},
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &str) -> Vec<String> {
        let mut reader = io::BufReader::new(input.as_bytes());
        let mut out = Vec::new();
        loop {
            match read_frame(&mut reader) {
                Incoming::Closed => return out,
                Incoming::Message(Message::Request(r)) => out.push(format!("request {}", r.method)),
                Incoming::Message(Message::Notification(n)) => {
                    out.push(format!("notification {}", n.method))
                }
                Incoming::Message(Message::Response(r)) => out.push(format!("response {}", r.id)),
                Incoming::Malformed { code, id, .. } => {
                    out.push(format!("malformed {} {id:?}", code as i32))
                }
                Incoming::Ignored(_) => out.push("ignored".into()),
            }
        }
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn reading_picks_up_again_after_a_frame_whose_body_runs_into_the_next() {
        let shutdown = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let input = [
            format!("Content-Length: 1x\r\n\r\n{shutdown}"),
            frame(shutdown),
            format!("Content-Length: {}\r\n\r\n{shutdown}", shutdown.len() - 5),
            frame(r#"{"jsonrpc":"2.0","method":"next"}"#),
            frame(r#"{"jsonrpc":"2.0","method":"initialized"}"#),
            "Content-Length: 18446744073709551615\r\n\r\n".to_string(),
            frame(r#"{"jsonrpc":"2.0","method":"after"}"#),
        ]
        .concat();
        assert_eq!(
            frames(&input),
            [
                "malformed -32700 None",
                "request shutdown",
                "malformed -32700 None",
                "notification next",
                "notification initialized",
                "malformed -32600 None",
                "notification after",
            ]
        );
    }

    #[test]
    fn responses_are_never_answered_and_odd_ids_are_not_dropped() {
        let input = [
            frame(r#"{"jsonrpc":"2.0","id":1}"#),
            frame(r#"{"jsonrpc":"2.0","id":2,"error":{"code":"x"}}"#),
            frame(r#"{"jsonrpc":"2.0","id":3000000000,"method":"shutdown"}"#),
            frame(r#"{"jsonrpc":"2.0","id":null,"method":"shutdown"}"#),
        ]
        .concat();
        assert_eq!(
            frames(&input),
            [
                "response 1",
                "ignored",
                "malformed -32600 None",
                "malformed -32600 None"
            ]
        );
    }

    #[test]
    fn bad_frames_are_reported_and_reading_goes_on() {
        let ok = frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#);
        let input = [
            frame("{not json"),
            frame(r#"{"jsonrpc":"2.0","id":7,"params":{}}"#),
            "X-Other: 1\r\n\r\n".to_string(),
            "content-length: 2\ncontent-type: x\n\n{}".to_string(),
            frame(r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#),
            ok,
        ]
        .concat();
        assert_eq!(
            frames(&input),
            [
                "malformed -32700 None",
                "malformed -32600 Some(RequestId(I32(7)))",
                "malformed -32700 None",
                "malformed -32600 None",
                "request shutdown",
                "notification initialized",
            ]
        );
    }

    #[test]
    fn text_that_is_not_unicode_is_repaired_to_replacement_characters() {
        let repaired = |body: &[u8]| repair_text(body).map(|b| String::from_utf8(b).unwrap());
        assert_eq!(repaired(br#"{"a":"\ud83d\ude00"}"#), None, "a pair is kept");
        assert_eq!(
            repaired(br#"{"a":"x\ud83dy"}"#).as_deref(),
            Some(r#"{"a":"x\ufffdy"}"#)
        );
        assert_eq!(
            repaired(br#"{"a":"\ude00\ud83d"}"#).as_deref(),
            Some(r#"{"a":"\ufffd\ufffd"}"#)
        );
        assert_eq!(
            repaired(br#"{"a":"\\ud83d"}"#),
            None,
            "an escaped backslash, then text"
        );
        assert_eq!(
            repaired(b"{\"a\":\"\xff\"}").as_deref(),
            Some("{\"a\":\"\u{fffd}\"}")
        );
        assert_eq!(repaired(br#"{"a":"\"#), None);
        let input = frame(r#"{"jsonrpc":"2.0","method":"x","params":{"t":"\ud83d"}}"#);
        assert_eq!(frames(&input), ["notification x"]);
    }
}
