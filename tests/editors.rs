//! The editor configurations parse, and name only keys their editors
//! document.

use std::path::Path;

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

#[test]
fn helix_snippet_uses_only_documented_keys() {
    // Helix's book, "languages.md": keys of [language-server.<name>] and of
    // [[language]] (the ones a server configuration may need).
    const SERVER_KEYS: &[&str] = &[
        "command",
        "args",
        "config",
        "timeout",
        "environment",
        "required-root-patterns",
    ];
    const LANGUAGE_KEYS: &[&str] = &[
        "name",
        "language-id",
        "scope",
        "injection-regex",
        "file-types",
        "shebangs",
        "roots",
        "comment-tokens",
        "block-comment-tokens",
        "indent",
        "language-servers",
        "grammar",
        "formatter",
        "soft-wrap",
        "text-width",
        "workspace-lsp-roots",
        "persistent-diagnostic-sources",
        "auto-format",
        "diagnostic-severity",
        "auto-pairs",
        "rulers",
    ];
    let doc: toml::Table = read("editors/helix/languages.toml")
        .parse()
        .expect("valid TOML");
    let servers = doc["language-server"]
        .as_table()
        .expect("[language-server] table");
    let ours = servers["proposal-ls"]
        .as_table()
        .expect("[language-server.proposal-ls]");
    for key in ours.keys() {
        assert!(
            SERVER_KEYS.contains(&key.as_str()),
            "undocumented server key `{key}`"
        );
    }
    assert_eq!(ours["command"].as_str(), Some("proposal-ls"));
    let config = ours["config"].as_table().expect("config is a table");
    for key in config.keys() {
        assert!(
            ["include", "template", "severity", "disabled"].contains(&key.as_str()),
            "unknown setting `{key}`"
        );
    }
    let languages = doc["language"].as_array().expect("[[language]]");
    for lang in languages {
        for key in lang.as_table().unwrap().keys() {
            assert!(
                LANGUAGE_KEYS.contains(&key.as_str()),
                "undocumented language key `{key}`"
            );
        }
    }
    let markdown = languages
        .iter()
        .find(|l| l["name"].as_str() == Some("markdown"))
        .expect("markdown");
    let names: Vec<&str> = markdown["language-servers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(
        names,
        ["marksman", "markdown-oxide", "proposal-ls"],
        "beside Helix's default markdown servers"
    );
}
