//! End-to-end: the server indexes its workspace's repository in the
//! background (with progress), reports references that lead nowhere, and
//! follows files created and deleted on disk.

mod shared;
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

/// The fixture repository (after `prepare` has added to it), a server on
/// it initialized with `caps`, its index ready: the directory (removed
/// when dropped), its root, idea.md's text and the client.
fn started(
    caps: Value,
    prepare: impl FnOnce(&Path),
) -> (tempfile::TempDir, std::path::PathBuf, String, Client) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let text = repository(&root);
    prepare(&root);
    let mut client = Client::spawn(BIN, &root, &[]);
    client.initialize(&root, caps, Value::Null);
    client.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    (dir, root, text, client)
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

/// The position (line, UTF-16 column) of the first `needle` in `text`.
fn position_of(text: &str, needle: &str) -> Value {
    let at = text.find(needle).expect("needle in text");
    let before = &text[..at];
    let line = before.matches('\n').count();
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .encode_utf16()
        .count();
    json!({"line": line, "character": column})
}

/// The labels completion offers `chars` characters (UTF-16) after the
/// first `needle` in `text`, the document's text.
fn labels_after(
    client: &mut Client,
    uri: &str,
    text: &str,
    needle: &str,
    chars: u64,
) -> Vec<String> {
    let at = position_of(text, needle);
    let at = json!({"line": at["line"], "character": at["character"].as_u64().unwrap() + chars});
    let items = client.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": uri}, "position": at}),
    );
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap().to_string())
        .collect()
}

/// The editor replaces the whole text of `uri` (at `version`).
fn replace_text(client: &mut Client, uri: &str, version: i64, text: &str) {
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
    );
}

#[test]
fn references_lead_to_their_files() {
    let (_dir, root, text, mut client) = started(caps(), |_| {});
    let idea = root.join("enhancements/net/idea.md");
    let uri = file_uri(&idea);
    client.open(&uri, &text);
    let doc = json!({"uri": uri});
    let b = file_uri(&root.join("enhancements/net/b.md"));

    let at_b = position_of(&text, "net/b.md");
    let definition = client.request(
        "textDocument/definition",
        json!({"textDocument": doc, "position": at_b}),
    );
    assert_eq!(definition["uri"], b, "{definition}");
    let nowhere = position_of(&text, "gone.md");
    let none = client.request(
        "textDocument/definition",
        json!({"textDocument": doc, "position": nowhere}),
    );
    assert_eq!(none, Value::Null);

    let links = client.request("textDocument/documentLink", json!({"textDocument": doc}));
    let targets: Vec<&str> = links
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["tooltip"].as_str().unwrap())
        .collect();
    assert_eq!(
        targets,
        ["enhancements/net/b.md", "enhancements/net/images/flow.png"]
    );

    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": doc, "position": at_b}),
    );
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(
        shown.starts_with("**")
            && shown.contains("`implementable`")
            && shown.ends_with("`enhancements/net/b.md`"),
        "{shown}"
    );

    // Typing a new `see-also` entry, then a link.
    let typed = text.replacen("  - \"/enhancements/b.md\"\n", "  - \"/enh\n", 1) + "See [it](ima";
    replace_text(&mut client, &uri, 2, &typed);
    let labels = labels_after(&mut client, &uri, &typed, "/enh\n", 4);
    assert_eq!(labels, ["/enhancements/net/b.md"]);
    let labels = labels_after(&mut client, &uri, &typed, "See [it](ima", 12);
    assert_eq!(labels, ["b.md", "images/flow.png"]);
    client.shutdown_and_exit();
}

#[test]
fn who_refers_to_a_proposal_and_renaming_it() {
    let (_dir, root, text, mut client) = started(caps(), |_| {});
    let b_path = root.join("enhancements/net/b.md");
    let b_text = fs::read_to_string(&b_path).unwrap();
    let b = file_uri(&b_path);
    client.open(&b, &b_text);
    let idea = file_uri(&root.join("enhancements/net/idea.md"));

    // On b's title: idea.md refers to it in its `see-also`.
    let title = position_of(&b_text, "# ");
    let found = client.request(
        "textDocument/references",
        json!({"textDocument": {"uri": b}, "position": title, "context": {"includeDeclaration": false}}),
    );
    let found = found.as_array().unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["uri"], idea);
    assert_eq!(
        found[0]["range"]["start"],
        position_of(&text, "/enhancements/net/b.md")
    );
    // Elsewhere in the text: no search.
    let body = position_of(&b_text, "漢字 text");
    let none = client.request(
        "textDocument/references",
        json!({"textDocument": {"uri": b}, "position": body, "context": {"includeDeclaration": false}}),
    );
    assert_eq!(none, Value::Null);

    // b moves to another area: idea.md's entry follows it.
    let moved = file_uri(&root.join("enhancements/other/b.md"));
    let edit = client.request(
        "workspace/willRenameFiles",
        json!({"files": [{"oldUri": b, "newUri": moved}]}),
    );
    let edits = edit["changes"][&idea].as_array().unwrap();
    assert_eq!(edits.len(), 1, "{edit}");
    assert_eq!(edits[0]["newText"], "/enhancements/other/b.md");
    assert_eq!(
        edits[0]["range"]["start"],
        position_of(&text, "/enhancements/net/b.md")
    );
    client.shutdown_and_exit();
}

#[test]
fn replaces_and_superseded_by_answer_each_other() {
    // b.md says idea.md supersedes it; idea.md does not say it replaces b.
    let (_dir, root, text, mut client) = started(caps(), |root| {
        let b = proposal().replacen(
            "status: implementable\n",
            "status: implementable\nsuperseded-by:\n  - \"/enhancements/net/idea.md\"\n",
            1,
        );
        fs::write(root.join("enhancements/net/b.md"), b).unwrap();
    });
    let uri = file_uri(&root.join("enhancements/net/idea.md"));
    client.open(&uri, &text);
    let published = client.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
    });
    let lineage: Vec<&Value> = published["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "lineage")
        .collect();
    assert_eq!(lineage.len(), 1, "{published}");
    assert_eq!(
        lineage[0]["message"],
        "`/enhancements/net/b.md` lists this proposal under `superseded-by`; list it under `replaces` here too"
    );
    assert_eq!(lineage[0]["severity"], 4, "a hint");
    client.shutdown_and_exit();
}

/// Handle completion in a reviewers entry of a corpus proposal: its
/// area's frequent people come first. Prints the lists.
#[test]
fn people_of_the_area_come_first_in_the_corpus() {
    let Some(root) = shared::corpus() else { return };
    let root = root.canonicalize().unwrap();
    let mut client = Client::spawn(BIN, &root, &[]);
    client.initialize(&root, caps(), Value::Null);
    client.wait_for(|m| m["method"] == "$/progress" && m["params"]["value"]["kind"] == "end");
    for (area, owner) in [("network", "danwinship"), ("monitoring", "simonpasquier")] {
        let dir = root.join("enhancements").join(area);
        let path = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "md"))
            .min()
            .unwrap();
        let text = fs::read_to_string(&path).unwrap();
        let Some(at) = text.find("reviewers:\n") else {
            panic!("{} has no reviewers list", path.display());
        };
        // A new entry typed at the top of the list.
        let typed = format!("{}  - \n{}", &text[..at + 11], &text[at + 11..]);
        let uri = file_uri(&path);
        client.open(&uri, &typed);
        let line = typed[..at + 11].matches('\n').count();
        let items = client.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": 4}}),
        );
        let items = items.as_array().unwrap();
        let shown: Vec<String> = items
            .iter()
            .take(8)
            .map(|i| {
                format!(
                    "{} ({})",
                    i["label"].as_str().unwrap(),
                    i["detail"].as_str().unwrap()
                )
            })
            .collect();
        eprintln!("{area}: {}", shown.join(", "));
        let in_area = |i: &Value| -> usize {
            i["detail"]
                .as_str()
                .unwrap()
                .split(' ')
                .next()
                .unwrap()
                .parse()
                .unwrap()
        };
        let counts: Vec<usize> = items.iter().map(in_area).collect();
        assert!(counts[0] > 0, "{shown:?}");
        assert!(
            counts.windows(2).all(|w| w[0] >= w[1]),
            "in-area counts fall: {counts:?}"
        );
        assert!(
            items
                .iter()
                .take(30)
                .any(|i| i["label"] == format!("@{owner}")),
            "{area}'s OWNERS approver {owner} is among the first: {shown:?}"
        );
        let inserted = items[0]["textEdit"]["newText"].as_str().unwrap();
        assert!(inserted.starts_with("\"@"), "{inserted}");
        client.notify(
            "textDocument/didClose",
            json!({"textDocument": {"uri": uri}}),
        );
    }
    client.shutdown_and_exit();
}

#[test]
fn people_complete_and_tell_where_else_they_appear() {
    let (_dir, root, text, mut client) = started(caps(), |root| {
        fs::write(
            root.join("enhancements/net/OWNERS"),
            "approvers:\n  - dana\n",
        )
        .unwrap();
    });
    let uri = file_uri(&root.join("enhancements/net/idea.md"));
    client.open(&uri, &text);
    let doc = json!({"uri": uri});

    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": doc, "position": position_of(&text, "alice")}),
    );
    assert_eq!(
        hover["contents"]["value"],
        "**@alice**\n\n- `authors` of `enhancements/net/b.md` (wrong-name)"
    );

    // A new reviewer: the area's people, `@bob` (b.md) and `@dana` (OWNERS).
    let typed = text.replacen("reviewers:\n", "reviewers:\n  - \"@\n", 1);
    replace_text(&mut client, &uri, 2, &typed);
    let labels = labels_after(&mut client, &uri, &typed, "\"@\n", 2);
    assert_eq!(labels, ["@alice", "@bob", "@carol", "@dana"]);
    client.shutdown_and_exit();
}

#[test]
fn proposals_are_found_by_title_and_heading() {
    let (_dir, root, _, mut client) = started(caps(), |_| {});
    // The headings come in a second pass, just after.
    let mut found = Value::Null;
    for _ in 0..100 {
        found = client.request("workspace/symbol", json!({"query": "topology consid"}));
        if found.as_array().is_some_and(|f| !f.is_empty()) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let found = found.as_array().unwrap();
    let containers: Vec<&str> = found
        .iter()
        .map(|s| s["containerName"].as_str().unwrap())
        .collect();
    assert_eq!(
        containers,
        ["enhancements/net/b.md", "enhancements/net/idea.md"],
        "{found:?}"
    );
    assert_eq!(found[0]["name"], "Topology Considerations");
    assert_eq!(
        found[0]["location"]["uri"],
        file_uri(&root.join("enhancements/net/b.md"))
    );
    let line = fs::read_to_string(root.join("enhancements/net/b.md"))
        .unwrap()
        .lines()
        .position(|l| l == "### Topology Considerations")
        .unwrap();
    assert_eq!(found[0]["location"]["range"]["start"]["line"], line);
    client.shutdown_and_exit();
}

#[test]
fn the_title_tells_whether_the_proposal_is_ready_for_review() {
    let (_dir, root, text, mut client) = started(caps(), |_| {});
    let uri = file_uri(&root.join("enhancements/net/idea.md"));
    client.open(&uri, &text);
    let lenses = client.request(
        "textDocument/codeLens",
        json!({"textDocument": {"uri": uri}}),
    );
    let lens = &lenses.as_array().unwrap()[0];
    let title_line = text.lines().position(|l| l.starts_with("# ")).unwrap();
    assert_eq!(lens["range"]["start"]["line"], title_line);
    assert_eq!(
        lens["command"]["title"],
        "Not ready: 2 metadata problems · 3 broken references"
    );
    assert_eq!(lens["command"]["command"], "proposal-ls.readiness");
    let readiness = client.request(
        "workspace/executeCommand",
        json!({"command": "proposal-ls.readiness", "arguments": [uri]}),
    );
    assert_eq!(readiness["broken_references"], 3, "{readiness}");
    assert_eq!(readiness["approvers"], 1);
    assert_eq!(readiness["status"], "implementable");
    client.shutdown_and_exit();
}

#[test]
fn workspace_diagnostics_cost_nothing_for_unchanged_files() {
    let mut pull = caps();
    pull["textDocument"] = json!({"diagnostic": {}});
    let (_dir, root, _, mut client) = started(pull, |_| {});
    let ask = |client: &mut Client, previous: &Value| {
        client.request(
            "workspace/diagnostic",
            json!({"previousResultIds": previous}),
        )["items"]
            .as_array()
            .unwrap()
            .clone()
    };
    let first = ask(&mut client, &json!([]));
    let idea = file_uri(&root.join("enhancements/net/idea.md"));
    let b = file_uri(&root.join("enhancements/net/b.md"));
    let kinds = |items: &[Value]| -> Vec<(String, String)> {
        let mut kinds: Vec<(String, String)> = items
            .iter()
            .map(|i| {
                (
                    i["uri"].as_str().unwrap().to_string(),
                    i["kind"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        kinds.sort();
        kinds
    };
    assert_eq!(
        kinds(&first),
        [(b.clone(), "full".into()), (idea.clone(), "full".into())]
    );
    let of_idea = first.iter().find(|i| i["uri"] == idea).unwrap();
    let broken = of_idea["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "broken-reference")
        .count();
    assert_eq!(broken, 3);

    let previous: Vec<Value> = first
        .iter()
        .map(|i| json!({"uri": i["uri"], "value": i["resultId"]}))
        .collect();
    let again = ask(&mut client, &json!(previous));
    assert_eq!(
        kinds(&again),
        [
            (b.clone(), "unchanged".into()),
            (idea.clone(), "unchanged".into())
        ]
    );

    // b.md changes on disk: only it is checked again.
    let b_path = root.join("enhancements/net/b.md");
    let changed = fs::read_to_string(&b_path).unwrap() + "\nMore.\n";
    fs::write(&b_path, changed).unwrap();
    let after = ask(&mut client, &json!(previous));
    assert_eq!(
        kinds(&after),
        [(b, "full".into()), (idea, "unchanged".into())]
    );
    client.shutdown_and_exit();
}

/// What an open document says of itself counts before it is saved, and
/// stops counting when it is closed unsaved.
#[test]
fn the_index_follows_open_documents() {
    let (_dir, root, text, mut client) = started(caps(), |_| {});
    let idea = file_uri(&root.join("enhancements/net/idea.md"));
    client.open(&idea, &text);
    let b_path = root.join("enhancements/net/b.md");
    let b = file_uri(&b_path);
    let b_text = fs::read_to_string(&b_path).unwrap();
    client.open(&b, &b_text);
    let lineage = |m: &Value| {
        m["params"]["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|d| d["code"] == "lineage")
            .count()
    };
    client.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == idea
    });

    // b now says idea.md supersedes it, unsaved.
    let said = b_text.replacen(
        "status: implementable\n",
        "status: implementable\nsuperseded-by:\n  - \"/enhancements/net/idea.md\"\n",
        1,
    );
    replace_text(&mut client, &b, 2, &said);
    client.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == idea
            && lineage(m) == 1
    });

    // Closed without saving: the file on disk never said so.
    client.notify("textDocument/didClose", json!({"textDocument": {"uri": b}}));
    client.wait_for(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == idea
            && lineage(m) == 0
    });
    client.shutdown_and_exit();
}
