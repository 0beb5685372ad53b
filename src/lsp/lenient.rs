//! Leniency for what clients send in shapes the typed LSP model rejects.
//! Capabilities: Neovim 0.9.1 sends `textDocument.callHierarchy` as an
//! array, and one odd capability the server never reads would fail the
//! whole handshake; they are repaired or dropped first. URIs: a space or a
//! non-ASCII letter left unencoded, or a plain path, would fail the whole
//! message; they are encoded first.

use ls_types::{InitializeParams, Uri};
use serde_json::Value;

/// A URI the client wrote that the URI type refuses, as a valid URI: a
/// plain absolute path as a `file:` URI; otherwise with the characters a
/// URI cannot hold percent-encoded. `None` when it is valid already (or
/// beyond repair).
pub fn repair_uri(written: &str) -> Option<String> {
    if written.parse::<Uri>().is_ok() {
        return None;
    }
    let path = std::path::Path::new(written);
    let url = if path.is_absolute() {
        url::Url::from_file_path(path).ok()?
    } else {
        url::Url::parse(written).ok()?
    };
    let repaired = url.to_string();
    repaired.parse::<Uri>().is_ok().then_some(repaired)
}

/// Repair every URI in a message's parameters (the string members named
/// `uri` or `...Uri`); returns each repaired URI with the client's
/// spelling, to answer in its own words.
pub fn repair_uris(params: &mut Value) -> Vec<(String, String)> {
    let mut repaired = Vec::new();
    let mut stack = vec![params];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(members) => {
                for (key, member) in members.iter_mut() {
                    let is_uri = key == "uri" || key.ends_with("Uri");
                    if let (true, Value::String(written)) = (is_uri, &mut *member) {
                        if let Some(fixed) = repair_uri(written) {
                            let original = std::mem::replace(written, fixed.clone());
                            repaired.push((fixed, original));
                        }
                    } else {
                        stack.push(member);
                    }
                }
            }
            Value::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
    repaired
}

/// The objects of `ClientCapabilities` whose members are capabilities.
const CAPABILITY_GROUPS: [&str; 5] = [
    "textDocument",
    "workspace",
    "window",
    "general",
    "notebookDocument",
];

fn parses(params: &Value) -> bool {
    serde_json::from_value::<InitializeParams>(params.clone()).is_ok()
}

/// Make `initialize` params parse: a capability written as an array of
/// objects becomes its first object; a capability that still fails is
/// dropped (the client then gets what a client without it gets).
pub fn repair_initialize(mut params: Value) -> Value {
    if parses(&params) {
        return params;
    }
    for group in CAPABILITY_GROUPS {
        let Some(Value::Object(caps)) = params.pointer_mut(&format!("/capabilities/{group}"))
        else {
            continue;
        };
        for value in caps.values_mut() {
            if let Value::Array(items) = value
                && let Some(first) = items.first().filter(|v| v.is_object()).cloned()
            {
                *value = first;
            }
        }
    }
    if parses(&params) {
        return params;
    }
    // Still failing: drop each capability that does not parse on its own.
    for group in CAPABILITY_GROUPS {
        let pointer = format!("/capabilities/{group}");
        if let Some(Value::Object(caps)) = params.pointer_mut(&pointer) {
            caps.retain(|key, value| {
                let alone =
                    serde_json::json!({"capabilities": {group: {key.as_str(): value.clone()}}});
                parses(&alone)
            });
        }
    }
    params
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn neovim_0_9_call_hierarchy_array_is_repaired() {
        let params = json!({"capabilities": {"textDocument": {
            "callHierarchy": [{"dynamicRegistration": false}],
            "completion": {"completionItem": {"snippetSupport": true}},
        }}});
        assert!(!parses(&params));
        let fixed = repair_initialize(params);
        assert!(parses(&fixed));
        assert_eq!(
            fixed["capabilities"]["textDocument"]["callHierarchy"],
            json!({"dynamicRegistration": false})
        );
        assert_eq!(
            fixed["capabilities"]["textDocument"]["completion"]["completionItem"]["snippetSupport"],
            true
        );
    }

    #[test]
    fn a_capability_beyond_repair_is_dropped_and_the_rest_kept() {
        let params = json!({"capabilities": {"textDocument": {
            "hover": {"dynamicRegistration": "yes"},
            "completion": {"completionItem": {"snippetSupport": true}},
        }}});
        let fixed = repair_initialize(params);
        assert!(parses(&fixed));
        assert!(fixed["capabilities"]["textDocument"].get("hover").is_none());
        assert_eq!(
            fixed["capabilities"]["textDocument"]["completion"]["completionItem"]["snippetSupport"],
            true
        );
    }

    #[test]
    fn uris_with_unencoded_characters_or_plain_paths_are_encoded() {
        assert_eq!(repair_uri("file:///tmp/a.md"), None);
        assert_eq!(
            repair_uri("file:///tmp/my proposals/idée.md").as_deref(),
            Some("file:///tmp/my%20proposals/id%C3%A9e.md")
        );
        assert_eq!(
            repair_uri("/tmp/my proposals").as_deref(),
            Some("file:///tmp/my%20proposals")
        );
        let mut params = json!({
            "rootUri": "/tmp/a b",
            "workspaceFolders": [{"uri": "file:///tmp/a b", "name": "a b"}],
            "textDocument": {"uri": "file:///tmp/ok.md"},
        });
        let repaired = repair_uris(&mut params);
        assert_eq!(params["rootUri"], "file:///tmp/a%20b");
        assert_eq!(params["workspaceFolders"][0]["uri"], "file:///tmp/a%20b");
        assert_eq!(params["workspaceFolders"][0]["name"], "a b");
        assert_eq!(params["textDocument"]["uri"], "file:///tmp/ok.md");
        assert_eq!(repaired.len(), 2);
    }
}
