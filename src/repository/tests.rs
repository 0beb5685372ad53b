use std::path::Path;
use std::sync::Arc;

use super::*;
use crate::rules::fixture::MINI_TEMPLATE;

fn template() -> Arc<Template> {
    Arc::new(Template::parse(MINI_TEMPLATE))
}

#[test]
fn an_entry_is_the_metadata_the_repository_needs() {
    let text = "---\ntitle: a\nauthors:\n  - \"@alice\"\n  - bob\nstatus: implementable\nsee-also:\n  - \"/enhancements/b.md\"\n  - ../c.md\n---\n# A\n";
    let entry = ProposalEntry::read(text, &template());
    assert_eq!(entry.title.as_deref(), Some("a"));
    assert_eq!(entry.status.as_deref(), Some("implementable"));
    let pairs = |v: &[(String, String)]| {
        v.iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        pairs(&entry.references),
        ["see-also=/enhancements/b.md", "see-also=../c.md"]
    );
    assert_eq!(pairs(&entry.people), ["authors=@alice", "authors=bob"]);
    assert_eq!(
        ProposalEntry::read("# no front matter\n", &template()),
        ProposalEntry::default()
    );
    assert_eq!(
        ProposalEntry::read("---\ntitle: [unclosed\n---\n", &template()),
        ProposalEntry::default()
    );
}

#[test]
fn a_scan_sees_every_file_and_reads_the_proposals() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let write = |path: &str, text: &str| {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };
    write(".gitignore", "build/\n");
    write("build/out.md", "---\ntitle: out\n---\n");
    write(
        "enhancements/net/a.md",
        "---\ntitle: a\nstatus: implemented\n---\n",
    );
    write("enhancements/net/images/x.png", "png");
    write("README.md", "# readme\n");
    std::fs::create_dir(root.join(".git")).expect(".git");
    let is_proposal = |p: &Path| {
        p.extension().is_some_and(|e| e == "md")
            && p.components().any(|c| c.as_os_str() == "enhancements")
    };
    let repo = Repository::scan(root, is_proposal, |_| template());
    assert!(repo.is_file("enhancements/net/a.md"));
    assert!(repo.exists("enhancements/net/images"));
    assert!(repo.exists("README.md"));
    assert!(!repo.exists("build/out.md"), ".gitignore is honoured");
    let proposals: Vec<&str> = repo.proposals().map(|(p, _)| p).collect();
    assert_eq!(proposals, ["enhancements/net/a.md"]);
    assert_eq!(
        repo.relative(&root.join("enhancements/net/../net/a.md"))
            .as_deref(),
        Some("enhancements/net/a.md")
    );
    assert_eq!(repo.relative(Path::new("/elsewhere/a.md")), None);

    let mut changed = repo.clone();
    changed.remove("enhancements/net");
    assert!(!changed.exists("enhancements/net/a.md"));
    assert!(!changed.exists("enhancements/net"));
    assert_eq!(changed.proposals().count(), 0);
    assert!(changed.files_named("a.md").is_empty());
    changed.insert("enhancements/b.md".into(), Some(ProposalEntry::default()));
    assert!(changed.exists("enhancements"));
    assert_eq!(changed.files_named("b.md"), ["enhancements/b.md"]);
}
