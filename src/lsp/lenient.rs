//! Leniency for clients that send capabilities in shapes the typed LSP
//! model rejects (Neovim 0.9.1 sends `textDocument.callHierarchy` as an
//! array). `initialize` parameters are parsed strictly, and one odd capability the server never reads would fail the
//! whole handshake; this layer repairs or drops such capabilities first.

use ls_types::InitializeParams;
use serde_json::Value;

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
}
