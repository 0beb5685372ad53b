//! `proposal-ls check` and the server say the same thing about every
//! corpus proposal, the repository index included: the same findings
//! (rule, severity, start and end, message) for each of the 606 files.

mod shared;
mod support;

use std::collections::BTreeMap;
use std::process::Command;

use serde_json::{Value, json};
use support::{Client, file_uri};

const BIN: &str = env!("CARGO_BIN_EXE_proposal-ls");

/// (rule, severity, start line, start byte column, end line, end byte
/// column, message)
type Seen = (String, String, u64, u64, u64, u64, String);

/// Line and byte column of a byte offset.
fn position(text: &str, offset: usize) -> (u64, u64) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count();
    let column = before.len() - before.rfind('\n').map_or(0, |i| i + 1);
    (line as u64, column as u64)
}

fn severity(lsp: &Value) -> &'static str {
    match lsp.as_u64() {
        Some(1) => "error",
        Some(2) => "warning",
        Some(3) => "info",
        _ => "hint",
    }
}

#[test]
fn check_and_the_server_agree_on_every_corpus_proposal() {
    let Some(root) = shared::corpus() else { return };
    let root = root.canonicalize().unwrap();
    let out = Command::new(BIN)
        .current_dir(&root)
        .args(["check", "--format", "json", "enhancements"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    let mut by_check: BTreeMap<String, Vec<Seen>> = BTreeMap::new();
    for f in report["findings"].as_array().unwrap() {
        let path = f["path"].as_str().unwrap().to_string();
        let text = texts
            .entry(path.clone())
            .or_insert_with(|| std::fs::read_to_string(root.join(&path)).unwrap());
        let start = position(
            text,
            usize::try_from(f["start_byte"].as_u64().unwrap()).unwrap(),
        );
        let end = position(
            text,
            usize::try_from(f["end_byte"].as_u64().unwrap()).unwrap(),
        );
        by_check.entry(path).or_default().push((
            f["rule"].as_str().unwrap().into(),
            f["severity"].as_str().unwrap().into(),
            start.0,
            start.1,
            end.0,
            end.1,
            f["message"].as_str().unwrap().into(),
        ));
    }
    let files: Vec<String> = ignore::WalkBuilder::new(root.join("enhancements"))
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| {
            let relative = e.path().strip_prefix(&root).unwrap();
            relative.to_string_lossy().into_owned()
        })
        .collect();
    assert_eq!(files.len(), 606, "the corpus has 606 proposals");
    assert_eq!(report["files_checked"], 606);

    let mut client = Client::spawn(BIN, &root, &[]);
    client.initialize(
        &root,
        json!({
            "general": {"positionEncodings": ["utf-8"]},
            "window": {"workDoneProgress": true},
        }),
        Value::Null,
    );
    // The index first, so that every analysis has it.
    client.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    let mut disagreements = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(root.join(path)).unwrap();
        let uri = file_uri(&root.join(path));
        client.open(&uri, &text);
        let mut by_server: Vec<Seen> = client
            .diagnostics(&uri, Some(1))
            .iter()
            .map(|d| {
                let r = &d["range"];
                (
                    d["code"].as_str().unwrap_or("").into(),
                    severity(&d["severity"]).into(),
                    r["start"]["line"].as_u64().unwrap(),
                    r["start"]["character"].as_u64().unwrap(),
                    r["end"]["line"].as_u64().unwrap(),
                    r["end"]["character"].as_u64().unwrap(),
                    d["message"].as_str().unwrap_or("").into(),
                )
            })
            .collect();
        client.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        );
        client.clear_backlog();
        let mut by_check = by_check.remove(path).unwrap_or_default();
        by_check.sort();
        by_server.sort();
        if by_check != by_server {
            disagreements.push(format!(
                "{path}:\n  check:  {by_check:?}\n  server: {by_server:?}"
            ));
        }
    }
    client.shutdown_and_exit();
    assert!(
        disagreements.is_empty(),
        "{} of {} files disagree:\n{}",
        disagreements.len(),
        files.len(),
        disagreements.join("\n")
    );
}
