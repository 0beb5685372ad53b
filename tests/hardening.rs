//! End-to-end tests of what broken or unusual clients send: malformed
//! frames, odd line breaks, out-of-order versions, odd URIs, requests on
//! closed documents. The server answers what it can, says what it cannot,
//! and keeps serving.

mod support;

use std::fs;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::{Value, json};
use support::{Client, file_uri, proposal};

const BIN: &str = env!("CARGO_BIN_EXE_proposal-ls");

fn caps(encoding: &str) -> Value {
    json!({
        "general": {"positionEncodings": [encoding]},
        "textDocument": {"documentSymbol": {"hierarchicalDocumentSymbolSupport": true}},
    })
}

/// Published diagnostics: (rule, start line, start column, end line, end
/// column, message).
type Findings = Vec<(String, u64, u64, u64, u64, String)>;
/// What a malformed frame should get: the error's id and code, if any.
type Expected = Option<(Value, i64)>;

struct Server {
    _dir: tempfile::TempDir,
    root: PathBuf,
    client: Client,
}

impl Server {
    fn start(encoding: &str) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        fs::create_dir_all(root.join("enhancements")).unwrap();
        let mut client = Client::spawn(BIN, &root, &[]);
        client.initialize(&root, caps(encoding), Value::Null);
        Server {
            _dir: dir,
            root,
            client,
        }
    }

    fn uri(&self, name: &str) -> String {
        file_uri(&self.root.join("enhancements").join(name))
    }

    /// What the server publishes for `uri` at `version`: (rule, start line,
    /// start column, end line, end column, message).
    fn findings(&mut self, uri: &str, version: i64) -> Findings {
        let mut got: Vec<_> = self
            .client
            .diagnostics(uri, Some(version))
            .iter()
            .map(|d| {
                let r = &d["range"];
                let n = |v: &Value| v.as_u64().unwrap_or(u64::MAX);
                (
                    d["code"].as_str().unwrap_or("").to_string(),
                    n(&r["start"]["line"]),
                    n(&r["start"]["character"]),
                    n(&r["end"]["line"]),
                    n(&r["end"]["character"]),
                    d["message"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        got.sort();
        got
    }

    /// The document's outline as the server sees it: every symbol's name
    /// and range, depth first (what shows the text itself, not only what
    /// the rules say of it).
    fn outline(&mut self, uri: &str) -> Vec<String> {
        let symbols = self.client.request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        );
        let mut out = Vec::new();
        let mut stack: Vec<Value> = symbols.as_array().cloned().unwrap_or_default();
        stack.reverse();
        while let Some(symbol) = stack.pop() {
            out.push(format!("{} {}", symbol["name"], symbol["range"]));
            let mut children = symbol["children"].as_array().cloned().unwrap_or_default();
            children.reverse();
            stack.extend(children);
        }
        out
    }

    /// The findings and outline of `uri` at `version`.
    fn seen(&mut self, uri: &str, version: i64) -> (Findings, Vec<String>) {
        let findings = self.findings(uri, version);
        (findings, self.outline(uri))
    }

    /// The findings and outline of `text` opened fresh.
    fn fresh_seen(&mut self, text: &str) -> (Findings, Vec<String>) {
        let (findings, uri) = self.fresh_open(text);
        (findings, self.outline(&uri))
    }

    /// The findings of `text` opened fresh, under a new name whose title
    /// advice is the same (`idea.md` in another folder).
    fn fresh(&mut self, text: &str) -> Findings {
        self.fresh_open(text).0
    }

    fn fresh_open(&mut self, text: &str) -> (Findings, String) {
        static FRESH: AtomicUsize = AtomicUsize::new(0);
        let n = FRESH.fetch_add(1, Ordering::Relaxed);
        let dir = self.root.join(format!("enhancements/fresh{n}"));
        fs::create_dir_all(&dir).unwrap();
        let uri = file_uri(&dir.join("idea.md"));
        self.client.open(&uri, text);
        (self.findings(&uri, 1), uri)
    }

    fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.client.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
    }

    /// A request that must be answered with a result (the server is alive
    /// and in sync with its documents).
    fn still_serving(&mut self, uri: &str) {
        let response = self.client.request_raw(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        );
        assert!(
            response["result"].as_array().is_some_and(|a| !a.is_empty()),
            "{response}"
        );
    }
}

fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

fn range(l1: u64, c1: u64, l2: u64, c2: u64) -> Value {
    json!({"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}})
}

/// Every malformed frame gets the JSON-RPC error the spec names (with its
/// id when one can be read), is skipped, and the next request is answered.
#[test]
fn malformed_frames_get_errors_and_the_server_keeps_answering() {
    let mut s = Server::start("utf-16");
    let uri = s.uri("idea.md");
    s.client.open(&uri, &proposal());
    s.still_serving(&uri);
    let symbols = |id: i64| {
        format!(
            r#"{{"jsonrpc":"2.0","id":{id},"method":"textDocument/documentSymbol","params":{{"textDocument":{{"uri":"{uri}"}}}}}}"#
        )
    };
    let parse_error = Some((Value::Null, -32700));
    let invalid_request = Some((Value::Null, -32600));
    // What is sent, and the error it gets (None: nothing to answer).
    let cases: Vec<(&str, Vec<u8>, Expected)> = vec![
        ("invalid JSON", frame(b"{not json"), parse_error.clone()),
        (
            "JSON cut short",
            frame(br#"{"jsonrpc":"2.0","id":5,"method":"#),
            parse_error.clone(),
        ),
        (
            "an empty body",
            b"Content-Length: 0\r\n\r\n".to_vec(),
            parse_error.clone(),
        ),
        ("a JSON number", frame(b"42"), invalid_request.clone()),
        ("an empty batch", frame(b"[]"), invalid_request.clone()),
        (
            "a batch (LSP has none)",
            frame(format!("[{}]", symbols(40)).as_bytes()),
            invalid_request.clone(),
        ),
        (
            "neither request nor response",
            frame(br#"{"jsonrpc":"2.0","foo":1}"#),
            invalid_request.clone(),
        ),
        (
            "a request without a method",
            frame(br#"{"jsonrpc":"2.0","id":7,"params":{}}"#),
            Some((json!(7), -32600)),
        ),
        (
            "an id that is an object",
            frame(br#"{"jsonrpc":"2.0","id":{"a":1},"method":"shutdown"}"#),
            invalid_request.clone(),
        ),
        (
            "no Content-Length (the body is skipped, never run)",
            [
                b"Content-Type: application/json\r\n\r\n".as_slice(),
                symbols(41).as_bytes(),
            ]
            .concat(),
            parse_error.clone(),
        ),
        (
            "a Content-Length that is not a number",
            [
                b"Content-Length: ten\r\n\r\n".as_slice(),
                symbols(42).as_bytes(),
            ]
            .concat(),
            parse_error.clone(),
        ),
        (
            "a negative Content-Length",
            [
                b"Content-Length: -3\r\n\r\n".as_slice(),
                symbols(43).as_bytes(),
            ]
            .concat(),
            parse_error.clone(),
        ),
        (
            "a Content-Length shorter than the body",
            [
                b"Content-Length: 10\r\n\r\n".as_slice(),
                symbols(44).as_bytes(),
            ]
            .concat(),
            parse_error.clone(),
        ),
        (
            "a Content-Length over any real message",
            b"Content-Length: 99999999999\r\n\r\n".to_vec(),
            invalid_request.clone(),
        ),
        (
            "params of the wrong type",
            frame(br#"{"jsonrpc":"2.0","id":8,"method":"textDocument/hover","params":"x"}"#),
            Some((json!(8), -32602)),
        ),
        (
            "a notification with bad params (logged only)",
            frame(br#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":42}"#),
            None,
        ),
        (
            "an unknown notification",
            frame(br#"{"jsonrpc":"2.0","method":"$/somethingNew"}"#),
            None,
        ),
        (
            "a response to nothing",
            frame(br#"{"jsonrpc":"2.0","id":999,"result":1}"#),
            None,
        ),
        (
            "an unknown $/ request",
            frame(br#"{"jsonrpc":"2.0","id":9,"method":"$/somethingNew","params":{}}"#),
            Some((json!(9), -32601)),
        ),
    ];
    for (what, bytes, expected) in cases {
        s.client.send_raw(&bytes);
        if let Some((id, code)) = expected {
            let reply = s
                .client
                .wait_for(|m| m.get("error").is_some() && m["id"] == id);
            assert_eq!(reply["error"]["code"], code, "{what}: {reply}");
        }
        s.still_serving(&uri);
        let unexpected: Vec<&Value> = s
            .client
            .backlog
            .iter()
            .filter(|m| m.get("id").is_some() && m.get("method").is_none())
            .collect();
        assert!(unexpected.is_empty(), "{what}: {unexpected:?}");
    }
    // Header variants real clients send are frames like any other.
    let body = symbols(50);
    let variants = [
        format!("content-length: {}\r\n\r\n{body}", body.len()),
        format!(
            "Content-Length: {}\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{body}",
            body.len()
        ),
        format!("Content-Length: {}\n\n{body}", body.len()),
    ];
    for variant in variants {
        s.client.send_raw(variant.as_bytes());
        let reply = s.client.wait_for(|m| m["id"] == 50);
        assert!(reply["result"].is_array(), "{variant:?}: {reply}");
    }
    let (code, took) = s.client.shutdown_and_exit();
    assert_eq!(code, Some(0));
    assert!(took < Duration::from_secs(1), "{took:?}");
}

/// Text the client sends that is not valid Unicode (half an emoji as a
/// lone surrogate escape, as JavaScript clients emit; invalid UTF-8) is
/// applied as U+FFFD, one UTF-16 unit as the lone surrogate was: later
/// edits land where the client means them.
#[test]
fn a_lone_surrogate_or_invalid_utf8_in_an_edit_is_applied_and_sync_kept() {
    let mut s = Server::start("utf-16");
    let uri = s.uri("idea.md");
    let text = proposal();
    s.client.open(&uri, &text);
    s.findings(&uri, 1);
    let title = text.lines().position(|l| l == "# An Idea").unwrap() as u64;
    // Insert half an emoji after `# An`, then text after it.
    let change = format!(
        r#"{{"jsonrpc":"2.0","method":"textDocument/didChange","params":{{"textDocument":{{"uri":"{uri}","version":2}},"contentChanges":[{{"range":{},"text":"\ud83d"}}]}}}}"#,
        range(title, 4, title, 4)
    );
    s.client.send_raw(&frame(change.as_bytes()));
    s.change(
        &uri,
        3,
        json!([{"range": range(title, 5, title, 5), "text": "!"}]),
    );
    let mut invalid_utf8 = format!(
        r#"{{"jsonrpc":"2.0","method":"textDocument/didChange","params":{{"textDocument":{{"uri":"{uri}","version":4}},"contentChanges":[{{"range":{},"text":"#,
        range(title, 6, title, 6)
    )
    .into_bytes();
    invalid_utf8.extend_from_slice(b"\"\xff\"}]}}");
    s.client.send_raw(&frame(&invalid_utf8));
    s.change(
        &uri,
        5,
        json!([{"range": range(title, 7, title, 7), "text": "?"}]),
    );
    let got = s.seen(&uri, 5);
    let expected_text = text.replace("# An Idea", "# An\u{fffd}!\u{fffd}? Idea");
    assert!(
        got.1
            .iter()
            .any(|n| n.contains("An\u{fffd}!\u{fffd}? Idea")),
        "{:?}",
        got.1
    );
    assert_eq!(got, s.fresh_seen(&expected_text));
    s.still_serving(&uri);
}

/// LSP ends a line at `\n`, `\r\n` or a lone `\r`: positions count lines so
/// both ways (edits land on the right text, findings on the right line),
/// and the sections after a lone `\r` are still read as sections.
#[test]
fn a_lone_carriage_return_ends_a_line_for_positions_and_for_the_rules() {
    for encoding in ["utf-16", "utf-8"] {
        let mut s = Server::start(encoding);
        let uri = s.uri("idea.md");
        let text = proposal().replace("\n\n漢字 text.\n\n", "\r\r漢字 text.\r\r");
        assert!(text.contains("## motivation 😀\r"));
        s.client.open(&uri, &text);
        let opened = s.findings(&uri, 1);
        let motivation = text
            .split(['\n', '\r'])
            .position(|l| l == "## motivation 😀")
            .unwrap() as u64;
        assert!(
            opened
                .iter()
                .any(|f| f.0 == "misnamed-section" && f.1 == motivation),
            "{encoding}: {opened:?}"
        );
        assert_eq!(opened, s.fresh(&text), "{encoding}");
        // Rename the heading by its LSP line: it is recognised.
        let width = if encoding == "utf-8" { 4 } else { 2 };
        s.change(
            &uri,
            2,
            json!([{"range": range(motivation, 3, motivation, 14 + width), "text": "Motivation"}]),
        );
        let renamed = text.replace("## motivation 😀\r", "## Motivation\r");
        let got = s.findings(&uri, 2);
        assert!(
            !got.iter().any(|f| f.0 == "misnamed-section"),
            "{encoding}: {got:?}"
        );
        assert_eq!(got, s.fresh(&renamed), "{encoding}");
        // Joining a lone `\r` with a `\n` makes one line break of two.
        let cr = motivation + 1;
        s.change(
            &uri,
            3,
            json!([{"range": range(cr, 0, cr, 0), "text": "\n"}]),
        );
        let joined = renamed.replacen("## Motivation\r\r", "## Motivation\r\n\r", 1);
        assert_eq!(s.seen(&uri, 3), s.fresh_seen(&joined), "{encoding}");
    }
}

/// A `didChange` is applied whatever its version says (a version that goes
/// backwards is logged, never a reason to drop the edit).
#[test]
fn changes_apply_even_when_the_version_goes_backwards() {
    let mut s = Server::start("utf-16");
    let uri = s.uri("idea.md");
    let text = proposal();
    s.client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 10, "text": text}}),
    );
    s.findings(&uri, 10);
    let title = text.lines().position(|l| l == "# An Idea").unwrap() as u64;
    s.change(
        &uri,
        3,
        json!([{"range": range(title, 2, title, 4), "text": "One"}]),
    );
    s.change(
        &uri,
        4,
        json!([{"range": range(title, 6, title, 6), "text": "Big "}]),
    );
    let got = s.seen(&uri, 4);
    assert_eq!(
        got,
        s.fresh_seen(&text.replace("# An Idea", "# One Big Idea"))
    );
}

/// A range whose start is after its end covers the same text as the
/// range with its ends swapped (as reference clients read it).
#[test]
fn a_reversed_range_is_read_with_its_ends_swapped() {
    let mut s = Server::start("utf-16");
    let uri = s.uri("idea.md");
    let text = proposal();
    s.client.open(&uri, &text);
    s.findings(&uri, 1);
    let title = text.lines().position(|l| l == "# An Idea").unwrap() as u64;
    s.change(
        &uri,
        2,
        json!([{"range": range(title, 4, title, 2), "text": "A Good"}]),
    );
    let got = s.seen(&uri, 2);
    assert_eq!(
        got,
        s.fresh_seen(&text.replace("# An Idea", "# A Good Idea"))
    );
}

/// Requests on a document that is not open get empty results, and nothing
/// is logged as an error: editors send them around open and close.
#[test]
fn requests_on_a_closed_document_get_empty_results() {
    let mut s = Server::start("utf-16");
    let uri = s.uri("idea.md");
    s.client.open(&uri, &proposal());
    s.findings(&uri, 1);
    s.client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    let at = json!({"line": 0, "character": 0});
    let whole = range(0, 0, 0, 0);
    let requests = [
        (
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": at}),
        ),
        (
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": at}),
        ),
        (
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": uri}}),
        ),
        (
            "textDocument/foldingRange",
            json!({"textDocument": {"uri": uri}}),
        ),
        (
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": whole, "context": {"diagnostics": []}}),
        ),
    ];
    for (method, params) in requests {
        let response = s.client.request_raw(method, params);
        assert!(response.get("error").is_none(), "{method}: {response}");
        let result = &response["result"];
        assert!(
            result.is_null() || result.as_array().is_some_and(|a| a.is_empty()),
            "{method}: {result}"
        );
    }
    let response = s.client.request_raw(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(response["result"]["items"], json!([]), "{response}");
    let errors: Vec<&Value> = s
        .client
        .backlog
        .iter()
        .filter(|m| m["method"] == "window/logMessage" && m["params"]["type"] == 1)
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

/// After `shutdown` every request but `exit` is an invalid request
/// (-32600), known or not; a second `initialize`, even sent before the
/// first is answered, is refused.
#[test]
fn requests_after_shutdown_and_a_second_initialize_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut client = Client::spawn(BIN, dir.path(), &[]);
    let params = json!({"processId": null, "rootUri": file_uri(dir.path()), "capabilities": {}});
    let first = client.request_async("initialize", params.clone());
    let second = client.request_async("initialize", params);
    let first = client.wait_for(|m| m["id"] == first);
    assert!(first["result"]["capabilities"].is_object(), "{first}");
    let second = client.wait_for(|m| m["id"] == second);
    assert_eq!(second["error"]["code"], -32600, "{second}");
    client.notify("initialized", json!({}));
    client.request("shutdown", Value::Null);
    for method in ["textDocument/hover", "proposal-ls/unknown", "$/unknown"] {
        let response = client.request_raw(method, json!({}));
        assert_eq!(response["error"]["code"], -32600, "{method}: {response}");
    }
    let (code, _) = client.exit();
    assert_eq!(code, Some(0));
}

/// A root given with an unencoded space, or as a plain path, is the folder
/// it names; documents under it with an unencoded space or non-ASCII
/// letters in their URI are checked, and their diagnostics come back under
/// the URI the client sent.
#[test]
fn odd_root_and_document_uris_are_understood() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("my proposals");
    fs::create_dir_all(root.join("enhancements")).unwrap();
    let plain = root.display().to_string();
    let unencoded = format!("file://{plain}");
    for (root_uri, folders) in [
        (
            json!(unencoded),
            json!([{"uri": unencoded, "name": "root"}]),
        ),
        (json!(plain), Value::Null),
        (Value::Null, json!([{"uri": plain, "name": "root"}])),
    ] {
        let mut client = Client::spawn(BIN, dir.path(), &[]);
        let init = client.request_raw(
            "initialize",
            json!({"processId": null, "rootUri": root_uri, "workspaceFolders": folders, "capabilities": {}}),
        );
        assert!(
            init["result"]["capabilities"].is_object(),
            "{root_uri}: {init}"
        );
        client.notify("initialized", json!({}));
        for name in ["an idea.md", "idée.md"] {
            let uri = format!("{unencoded}/enhancements/{name}");
            client.open(&uri, &proposal());
            let diags = client.diagnostics(&uri, Some(1));
            let title = name.trim_end_matches(".md");
            assert!(
                diags.iter().any(|d| d["code"] == "title-mismatch"
                    && d["message"]
                        .as_str()
                        .unwrap_or("")
                        .contains(&format!("`{title}`"))),
                "{root_uri} {name}: {diags:?}"
            );
        }
        let (code, _) = client.shutdown_and_exit();
        assert_eq!(code, Some(0));
    }
}

/// An `untitled:` buffer has no file name: no advice about matching one.
#[test]
fn an_untitled_document_gets_no_file_name_advice() {
    let mut s = Server::start("utf-16");
    let uri = "untitled:Untitled-1";
    s.client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": proposal()}}),
    );
    let got = s.findings(uri, 1);
    assert!(
        got.iter().any(|f| f.0 == "invalid-date"),
        "still checked: {got:?}"
    );
    assert!(
        !got.iter()
            .any(|f| f.0 == "title-mismatch" || f.5.contains("Untitled")),
        "{got:?}"
    );
}

/// `exit`, or stdin closing, ends the process within a second even while
/// a big proposal is being analysed.
#[test]
fn exit_is_prompt_while_a_big_proposal_is_analysed() {
    let big: String = proposal() + &"## Extra\n\nSome words about the idea.\n\n".repeat(250_000);
    for close_stdin in [false, true] {
        let mut s = Server::start("utf-16");
        let uri = s.uri("idea.md");
        s.client.open(&uri, &big);
        s.change(&uri, 2, json!([{"range": range(0, 0, 0, 0), "text": ""}]));
        std::thread::sleep(Duration::from_millis(300));
        let Server { client, _dir, .. } = s;
        let (code, took) = if close_stdin {
            client.close_stdin()
        } else {
            client.exit()
        };
        assert!(code.is_some(), "killed after {took:?}");
        assert!(
            took < Duration::from_secs(1),
            "close_stdin: {close_stdin}: {took:?}"
        );
    }
}

/// Only the most recently used documents keep their parse trees; the
/// others are parsed again when used, with the same answers as before.
#[test]
fn documents_not_in_use_are_parsed_again_when_used() {
    let mut s = Server::start("utf-16");
    let text = proposal();
    let uris: Vec<String> = (0..20)
        .map(|i| {
            let dir = s.root.join(format!("enhancements/many{i}"));
            fs::create_dir_all(&dir).unwrap();
            file_uri(&dir.join("idea.md"))
        })
        .collect();
    for uri in &uris {
        s.client.open(uri, &text);
    }
    let first: Vec<_> = uris.iter().map(|u| s.seen(u, 1)).collect();
    // The first one has cooled down by now: ask and type as before.
    let uri = &uris[0];
    assert_eq!(s.outline(uri), first[0].1, "same text, same answers");
    assert_eq!(first[0], first[19]);
    let title = text.lines().position(|l| l == "# An Idea").unwrap() as u64;
    s.change(
        uri,
        2,
        json!([{"range": range(title, 2, title, 4), "text": "A"}]),
    );
    let got = s.seen(uri, 2);
    assert_eq!(got, s.fresh_seen(&text.replace("# An Idea", "# A Idea")));
}

/// A document over the parse limit (1 MiB) is checked up to a line start
/// before it, says so once, and answers nothing past it; typing past it
/// changes nothing, typing before it is checked.
#[test]
fn a_very_large_document_is_checked_up_to_the_limit_and_says_so() {
    let mut s = Server::start("utf-16");
    let uri = s.uri("idea.md");
    let text = proposal() + &"## Extra\n\nSome words about the idea.\n\n".repeat(60_000);
    let lines = text.lines().count() as u64;
    s.client.open(&uri, &text);
    let opened = s.findings(&uri, 1);
    let notice: Vec<_> = opened.iter().filter(|f| f.0 == "partial-check").collect();
    assert_eq!(notice.len(), 1, "{opened:?}");
    let says = "This file is 2.2 MiB: as you type, it is checked up to line ";
    assert!(notice[0].5.starts_with(says), "{notice:?}");
    assert!(
        !opened.iter().any(|f| f.0 == "missing-section"),
        "{opened:?}"
    );
    let past = json!({"line": lines - 2, "character": 1});
    let hover = s.client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": past}),
    );
    assert_eq!(hover, Value::Null);
    let past_the_limit =
        json!([{"range": range(lines - 3, 0, lines - 3, 0), "text": "## Sumary\n"}]);
    s.change(&uri, 2, past_the_limit);
    assert_eq!(s.findings(&uri, 2), opened, "past the limit: nothing new");
    let motivation = text.lines().position(|l| l == "## motivation 😀").unwrap() as u64;
    assert!(
        opened
            .iter()
            .any(|f| f.0 == "misnamed-section" && f.1 == motivation)
    );
    let rename = json!([{"range": range(motivation, 3, motivation, 16), "text": "Motivation"}]);
    s.change(&uri, 3, rename);
    let got = s.findings(&uri, 3);
    assert!(!got.iter().any(|f| f.0 == "misnamed-section"), "{got:?}");
    assert_eq!(got.len(), opened.len() - 1, "{got:?}");
}
