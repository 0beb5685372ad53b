//! A minimal LSP client for end-to-end tests and benchmarks: spawns the
//! real `proposal-ls` binary and speaks JSON-RPC over its stdio. Server
//! requests (registerCapability, applyEdit, diagnostic refresh) are answered
//! automatically; edits the server asks to apply are recorded.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use proposal_ls::line_index::{Encoding, LineCol, LineIndex};
use serde_json::{Value, json};

/// The embedded default template.
pub const EMBEDDED_TEMPLATE: &str = include_str!("../../assets/enhancement_template.md");

pub const TIMEOUT: Duration = Duration::from_secs(20);

pub struct Client {
    child: Child,
    stdin: Option<ChildStdin>,
    inbox: Receiver<Value>,
    next_id: i64,
    /// Notifications (and server requests) seen while waiting for others.
    pub backlog: Vec<Value>,
    /// `workspace/applyEdit` edits the server sent.
    pub applied_edits: Vec<Value>,
}

fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            length = v.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

impl Client {
    pub fn spawn(bin: &str, cwd: &Path, envs: &[(&str, &str)]) -> Client {
        Client::spawn_with_args(bin, &[], cwd, envs)
    }

    /// Another server, started as `bin args...` (a peer, in benchmarks).
    pub fn spawn_with_args(bin: &str, args: &[&str], cwd: &Path, envs: &[(&str, &str)]) -> Client {
        let mut child = Command::new(bin)
            .args(args)
            .current_dir(cwd)
            .envs(envs.iter().copied())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("spawn {bin}: {e}"));
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(msg) = read_message(&mut reader) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        Client {
            stdin: child.stdin.take(),
            child,
            inbox: rx,
            next_id: 1,
            backlog: Vec::new(),
            applied_edits: Vec::new(),
        }
    }

    pub fn send(&mut self, msg: &Value) {
        let body = serde_json::to_string(msg).expect("json");
        let stdin = self.stdin.as_mut().expect("stdin open");
        write!(stdin, "Content-Length: {}\r\n\r\n{}", body.len(), body).expect("write");
        stdin.flush().expect("flush");
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Write bytes to the server's stdin as they are (for broken frames).
    pub fn send_raw(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(bytes).expect("write");
        stdin.flush().expect("flush");
    }

    /// Close the server's stdin; returns its exit code and how long it
    /// took to end after that.
    pub fn close_stdin(mut self) -> (Option<i32>, Duration) {
        self.stdin = None;
        self.wait_for_exit()
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Send a request; returns its id.
    pub fn request_async(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        id
    }

    /// Send a request and wait for its response (the whole message).
    pub fn request_raw(&mut self, method: &str, params: Value) -> Value {
        let id = self.request_async(method, params);
        self.wait_for(|m| m.get("id") == Some(&json!(id)) && m.get("method").is_none())
    }

    /// Send a request and return its result, panicking on an error.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params);
        if let Some(err) = response.get("error") {
            panic!("{method} failed: {err}");
        }
        response["result"].clone()
    }

    fn next_message(&mut self, deadline: Instant) -> Option<Value> {
        let left = deadline.saturating_duration_since(Instant::now());
        match self.inbox.recv_timeout(left) {
            Ok(msg) => {
                self.answer_server_request(&msg);
                Some(msg)
            }
            Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => None,
        }
    }

    fn answer_server_request(&mut self, msg: &Value) {
        let (Some(id), Some(method)) = (msg.get("id"), msg.get("method").and_then(Value::as_str))
        else {
            return;
        };
        let result = match method {
            "workspace/applyEdit" => {
                self.applied_edits.push(msg["params"]["edit"].clone());
                json!({"applied": true})
            }
            _ => Value::Null,
        };
        let id = id.clone();
        self.send(&json!({"jsonrpc": "2.0", "id": id, "result": result}));
    }

    /// Take in every message until none has come for `quiet` (or `limit`
    /// has passed); they go to the backlog.
    pub fn settle(&mut self, quiet: Duration, limit: Duration) {
        let end = Instant::now() + limit;
        while let Some(msg) = self.next_message((Instant::now() + quiet).min(end)) {
            self.backlog.push(msg);
        }
    }

    /// Wait for a message matching `pred` (looking at the backlog first).
    pub fn wait_for(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&pred) {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + TIMEOUT;
        while let Some(msg) = self.next_message(deadline) {
            if pred(&msg) {
                return msg;
            }
            self.backlog.push(msg);
        }
        panic!(
            "timed out waiting for a message; backlog: {:#?}",
            self.backlog
        );
    }

    /// The next publishDiagnostics for `uri` (at `version`, if given).
    pub fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let msg = self.wait_for(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && version.is_none_or(|v| m["params"]["version"] == v)
        });
        msg["params"]["diagnostics"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// Drop every publishDiagnostics seen so far.
    pub fn clear_backlog(&mut self) {
        self.backlog.clear();
    }

    pub fn initialize(&mut self, root: &Path, capabilities: Value, options: Value) -> Value {
        let root_uri = file_uri(root);
        let result = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root_uri,
                "workspaceFolders": [{"uri": root_uri, "name": "root"}],
                "capabilities": capabilities,
                "initializationOptions": options,
            }),
        );
        self.notify("initialized", json!({}));
        result
    }

    pub fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}}),
        );
    }

    /// Shut down and exit; returns the exit code and how long the process
    /// took to end after `exit`.
    pub fn shutdown_and_exit(mut self) -> (Option<i32>, Duration) {
        self.request("shutdown", Value::Null);
        self.exit()
    }

    pub fn exit(mut self) -> (Option<i32>, Duration) {
        self.notify("exit", Value::Null);
        self.wait_for_exit()
    }

    fn wait_for_exit(&mut self) -> (Option<i32>, Duration) {
        let start = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return (status.code(), start.elapsed());
            }
            if start.elapsed() > Duration::from_secs(5) {
                let _ = self.child.kill();
                return (None, start.elapsed());
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn file_uri(path: &Path) -> String {
    format!("file://{}", path.display())
}

/// Byte offset of an LSP position in `text`, counting columns in UTF-16
/// code units or UTF-8 bytes: the engine's own line index, as the server
/// and the CLI use it.
pub fn offset(text: &str, pos: &Value, utf8: bool) -> usize {
    let number = |v: &Value| u32::try_from(v.as_u64().unwrap_or(0)).unwrap_or(u32::MAX);
    let at = LineCol {
        line: number(&pos["line"]),
        col: number(&pos["character"]),
    };
    let encoding = if utf8 {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    };
    LineIndex::new(text).offset(text, at, encoding)
}

/// Apply LSP `TextEdit`s (all relative to the original text) to `text`.
pub fn apply_text_edits(text: &str, edits: &[Value], utf8: bool) -> String {
    let mut ranged: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(text, &e["range"]["start"], utf8),
                offset(text, &e["range"]["end"], utf8),
                e["newText"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    ranged.sort_by_key(|(s, e, _)| (*s, *e));
    let mut out = String::new();
    let mut cursor = 0;
    for (s, e, new) in ranged {
        assert!(s >= cursor, "overlapping edits");
        out.push_str(&text[cursor..s]);
        out.push_str(&new);
        cursor = e;
    }
    out.push_str(&text[cursor..]);
    out
}

/// The text edits for `uri` in a WorkspaceEdit (changes or documentChanges).
pub fn edits_for(edit: &Value, uri: &str) -> Vec<Value> {
    if let Some(edits) = edit["changes"][uri].as_array() {
        return edits.clone();
    }
    edit["documentChanges"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|d| d["textDocument"]["uri"] == uri)
        .flat_map(|d| d["edits"].as_array().cloned().unwrap_or_default())
        .collect()
}

/// A proposal complete for the embedded template, with three mistakes:
/// a wrong title, an impossible date, and a misnamed heading with an emoji.
pub fn proposal() -> String {
    let sections: String = EMBEDDED_TEMPLATE
        .lines()
        .filter(|l| l.starts_with("##") && !l.contains("[optional]"))
        .map(|l| {
            let l = if l == "## Motivation" {
                "## motivation 😀"
            } else {
                l
            };
            format!("{l}\n\n漢字 text.\n\n")
        })
        .collect();
    format!(
        "---
title: wrong-name
authors:
  - \"@alice\"
reviewers:
  - \"@bob\"
approvers:
  - \"@carol\"
api-approvers:
  - None
creation-date: 2024-13-01
last-updated: 2024-02-01
status: implementable
tracking-link:
  - https://issues.redhat.com/browse/X-1
---

# An Idea

{sections}"
    )
}
