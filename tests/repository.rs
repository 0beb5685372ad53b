//! End-to-end: the server indexes its workspace's repository in the
//! background (with progress), reports references that lead nowhere, and
//! follows files created and deleted on disk.

mod support;

use std::fs;
use std::path::Path;

use serde_json::{Value, json};
use support::{Client, file_uri, proposal};

const BIN: &str = env!("CARGO_BIN_EXE_proposal-ls");

fn caps() -> Value {
    json!({
        "window": {"workDoneProgress": true},
        "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}},
    })
}

/// A repository with one proposal, `enhancements/net/idea.md`, that
/// refers to `b.md` beside it, to `gone.md` (missing), to a proposal
/// written without its area directory, and to an image.
fn repository(root: &Path) -> String {
    fs::create_dir_all(root.join(".git")).unwrap();
    fs::create_dir_all(root.join("enhancements/net/images")).unwrap();
    fs::write(root.join("enhancements/net/b.md"), proposal()).unwrap();
    fs::write(root.join("enhancements/net/images/flow.png"), "png").unwrap();
    let text = proposal().replacen(
        "status: implementable\n",
        "status: implementable\nsee-also:\n  - \"/enhancements/net/b.md\"\n  - \"/enhancements/net/gone.md\"\n  - \"/enhancements/b.md\"\n",
        1,
    ) + "\n![flow](images/flow.png) and ![old](images/old.png)\n";
    fs::write(root.join("enhancements/net/idea.md"), &text).unwrap();
    text
}

/// The broken-reference messages of the next diagnostics for `uri` that
/// have `count` of them.
fn broken(client: &mut Client, uri: &str, count: usize) -> Vec<String> {
    let messages = |m: &Value| -> Vec<String> {
        m["params"]["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|d| d["code"] == "broken-reference")
            .map(|d| d["message"].as_str().unwrap_or("").to_string())
            .collect()
    };
    let published = client.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri
            && messages(m).len() == count
    });
    messages(&published)
}

fn file_event(client: &mut Client, path: &Path, kind: u32) {
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(path), "type": kind}]}),
    );
}

#[test]
fn references_follow_the_files_on_disk() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let text = repository(&root);
    let mut client = Client::spawn(BIN, &root, &[]);
    client.initialize(&root, caps(), Value::Null);

    // Progress: created, begun, ended with what was indexed.
    let token =
        client.wait_for(|m| m["method"] == "window/workDoneProgress/create")["params"]["token"]
            .clone();
    let begin =
        client.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "begin");
    assert_eq!(begin["params"]["token"], token);
    assert_eq!(begin["params"]["value"]["title"], "Indexing proposals");
    let end =
        client.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    assert_eq!(end["params"]["value"]["message"], "2 proposals, 3 files");

    let idea = root.join("enhancements/net/idea.md");
    let uri = file_uri(&idea);
    client.open(&uri, &text);
    let messages = broken(&mut client, &uri, 3);
    assert_eq!(
        messages,
        [
            "This `see-also` entry names `/enhancements/net/gone.md`, which is no file of this repository; point it at an existing proposal, or remove it",
            "This `see-also` entry names `/enhancements/b.md`, which is no file of this repository; did you mean `/enhancements/net/b.md`?",
            "This link names `images/old.png`, which is no file of this repository; point it at an existing file, or remove it",
        ]
    );

    // The missing proposal is written: its reference leads somewhere.
    let gone = root.join("enhancements/net/gone.md");
    fs::write(&gone, proposal()).unwrap();
    file_event(&mut client, &gone, 1);
    assert_eq!(broken(&mut client, &uri, 2).len(), 2);

    // The image is deleted: its link leads nowhere.
    let flow = root.join("enhancements/net/images/flow.png");
    fs::remove_file(&flow).unwrap();
    file_event(&mut client, &flow, 3);
    let messages = broken(&mut client, &uri, 3);
    assert!(
        messages.iter().any(|m| m.contains("`images/flow.png`")),
        "{messages:#?}"
    );
    client.shutdown_and_exit();
}

#[test]
fn a_file_opened_outside_the_folders_is_indexed_with_its_own_root() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let text = repository(&root);
    let elsewhere = tempfile::tempdir().unwrap();
    let mut client = Client::spawn(BIN, elsewhere.path(), &[]);
    client.initialize(elsewhere.path(), json!({}), Value::Null);
    let uri = file_uri(&root.join("enhancements/net/idea.md"));
    client.open(&uri, &text);
    assert_eq!(broken(&mut client, &uri, 3).len(), 3);
    client.shutdown_and_exit();
}
