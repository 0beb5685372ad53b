//! The server's state: open documents with their version, the negotiated
//! client capabilities, settings and templates. Everything here is
//! synchronous; the protocol layer (`server.rs`) holds it under a mutex and
//! never awaits while it does, so changes apply strictly in arrival order.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use proposal_ls::document::Document;
use proposal_ls::template::{self, Template, WORKSPACE_TEMPLATE};
use proposal_ls::{FileContext, Finding};
use tower_lsp_server::ls_types::{
    InitializeParams, MarkupKind, TextDocumentContentChangeEvent, Uri,
};

use super::config::Settings;
use super::convert::{self, Encoding};

/// What the client told us it can do.
#[derive(Debug, Clone, Default)]
pub struct ClientCaps {
    pub snippets: bool,
    pub pull_diagnostics: bool,
    pub diagnostic_refresh: bool,
    pub hierarchical_symbols: bool,
    pub related_information: bool,
    pub watched_files_dynamic: bool,
    pub document_changes: bool,
    pub markdown_hover: bool,
    pub markdown_completion_docs: bool,
}

impl ClientCaps {
    pub fn from_params(params: &InitializeParams) -> ClientCaps {
        let caps = &params.capabilities;
        let text = caps.text_document.as_ref();
        let workspace = caps.workspace.as_ref();
        ClientCaps {
            snippets: text
                .and_then(|t| t.completion.as_ref())
                .and_then(|c| c.completion_item.as_ref())
                .and_then(|i| i.snippet_support)
                .unwrap_or(false),
            pull_diagnostics: text.and_then(|t| t.diagnostic.as_ref()).is_some(),
            diagnostic_refresh: workspace
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            hierarchical_symbols: text
                .and_then(|t| t.document_symbol.as_ref())
                .and_then(|s| s.hierarchical_document_symbol_support)
                .unwrap_or(false),
            related_information: text
                .and_then(|t| t.publish_diagnostics.as_ref())
                .and_then(|p| p.related_information)
                .unwrap_or(false),
            watched_files_dynamic: workspace
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false),
            document_changes: workspace
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                .unwrap_or(false),
            // Markdown only where the client declares it.
            markdown_hover: text
                .and_then(|t| t.hover.as_ref())
                .and_then(|h| h.content_format.as_ref())
                .is_some_and(|formats| formats.contains(&MarkupKind::Markdown)),
            markdown_completion_docs: text
                .and_then(|t| t.completion.as_ref())
                .and_then(|c| c.completion_item.as_ref())
                .and_then(|i| i.documentation_format.as_ref())
                .is_some_and(|formats| formats.contains(&MarkupKind::Markdown)),
        }
    }
}

pub struct OpenDoc {
    pub doc: Document,
    pub version: i32,
    pub path: Option<PathBuf>,
    pub template: Arc<Template>,
    pub file: FileContext,
    /// Findings for `version`, computed on demand.
    findings: Option<Arc<Vec<Finding>>>,
}

impl OpenDoc {
    /// The document's text; the engine reads a contiguous string.
    pub fn text(&self) -> String {
        self.doc.text()
    }
}

pub struct Session {
    pub encoding: Encoding,
    pub caps: ClientCaps,
    pub settings: Settings,
    pub roots: Vec<PathBuf>,
    embedded: Arc<Template>,
    /// Templates read from disk, by path (None: unreadable).
    templates: HashMap<PathBuf, Option<Arc<Template>>>,
    docs: HashMap<Uri, OpenDoc>,
    /// Warnings for the user that the protocol layer logs after the work.
    warnings: Vec<String>,
}

/// Why a notification or request could not be served.
pub type Failure = String;

impl Session {
    pub fn new() -> Session {
        Session {
            encoding: Encoding::Utf16,
            caps: ClientCaps::default(),
            settings: Settings::default(),
            roots: Vec::new(),
            embedded: Arc::new(Template::embedded()),
            templates: HashMap::new(),
            docs: HashMap::new(),
            warnings: Vec::new(),
        }
    }

    pub fn doc(&self, uri: &Uri) -> Result<&OpenDoc, Failure> {
        self.docs
            .get(uri)
            .ok_or_else(|| format!("document not open: {}", uri.as_str()))
    }

    pub fn open_uris(&self) -> Vec<Uri> {
        self.docs.keys().cloned().collect()
    }

    pub fn open(&mut self, uri: Uri, text: &str, version: i32) {
        let path = uri.to_file_path().map(|p| p.into_owned());
        let template = self.template_for(path.as_deref());
        let file = match &path {
            Some(p) => FileContext::for_path(p),
            None => FileContext::default(),
        };
        self.docs.insert(
            uri,
            OpenDoc {
                doc: Document::new(text),
                version,
                path,
                template,
                file,
                findings: None,
            },
        );
    }

    pub fn close(&mut self, uri: &Uri) {
        self.docs.remove(uri);
    }

    /// Apply a didChange: every change in order, each a rope edit plus an
    /// incremental reparse. A stale version is refused.
    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
    ) -> Result<(), Failure> {
        let encoding = self.encoding;
        let open = self
            .docs
            .get_mut(uri)
            .ok_or_else(|| format!("change to a document that is not open: {}", uri.as_str()))?;
        // An older version means changes arrived out of order: applying it
        // would corrupt the text.
        if version < open.version {
            return Err(format!(
                "ignoring change to version {version} of {}: already at version {}",
                uri.as_str(),
                open.version
            ));
        }
        for change in changes {
            match change.range {
                Some(range) => {
                    let rope = open.doc.rope();
                    let start = convert::offset(rope, range.start, encoding);
                    let end = convert::offset(rope, range.end, encoding).max(start);
                    open.doc
                        .edit(start..end, &change.text)
                        .map_err(|e| format!("cannot apply change to {}: {e}", uri.as_str()))?;
                }
                None => open.doc = Document::new(&change.text),
            }
        }
        open.version = version;
        open.findings = None;
        Ok(())
    }

    /// Whether a document is a proposal: its path matches the include
    /// globs, or its front matter has the template's keys.
    pub fn is_proposal(&self, open: &OpenDoc) -> bool {
        if let Some(path) = &open.path
            && self.settings.include.is_match(path)
        {
            return true;
        }
        front_matter_has_template_keys(open.doc.rope(), &open.template)
    }

    /// The open document, if it is a proposal (`None`: features stay off).
    pub fn proposal(&self, uri: &Uri) -> Result<Option<&OpenDoc>, Failure> {
        let open = self.doc(uri)?;
        Ok(self.is_proposal(open).then_some(open))
    }

    /// The findings of an open proposal (empty for other files), cached
    /// per version.
    pub fn findings(&mut self, uri: &Uri) -> Result<Arc<Vec<Finding>>, Failure> {
        let open = self.doc(uri)?;
        if let Some(f) = &open.findings {
            return Ok(f.clone());
        }
        let findings = if self.is_proposal(open) {
            let mut file = open.file.clone();
            file.today = Some(today());
            Arc::new(open.doc.analyze(&open.template, &file))
        } else {
            Arc::new(Vec::new())
        };
        if let Some(open) = self.docs.get_mut(uri) {
            open.findings = Some(findings.clone());
        }
        Ok(findings)
    }

    /// The template for a file: the configured one, else the nearest
    /// `guidelines/enhancement_template.md` above it, else the embedded.
    pub fn template_for(&mut self, file: Option<&Path>) -> Arc<Template> {
        let configured = self.settings.template.as_ref().map(|t| {
            let p = PathBuf::from(t);
            match (p.is_absolute(), self.roots.first()) {
                (false, Some(root)) => root.join(p),
                _ => p,
            }
        });
        let path = configured.or_else(|| file.and_then(template::discover));
        let Some(path) = path else {
            return self.embedded.clone();
        };
        let warnings = &mut self.warnings;
        let entry = self.templates.entry(path.clone()).or_insert_with(|| {
            match std::fs::read_to_string(&path) {
                Ok(text) => Some(Arc::new(Template::parse(&text))),
                Err(e) => {
                    warnings.push(format!(
                        "cannot read the template {}: {e}; using the embedded default",
                        path.display()
                    ));
                    None
                }
            }
        });
        entry.clone().unwrap_or_else(|| self.embedded.clone())
    }

    /// Forget cached templates and re-resolve every open document's (after
    /// a template file or the settings changed).
    pub fn reload_templates(&mut self) {
        self.templates.clear();
        let uris: Vec<Uri> = self.docs.keys().cloned().collect();
        for uri in uris {
            let path = self.docs.get(&uri).and_then(|d| d.path.clone());
            let template = self.template_for(path.as_deref());
            if let Some(open) = self.docs.get_mut(&uri) {
                open.template = template;
                open.findings = None;
            }
        }
    }

    /// Warnings gathered since the last call, for the user.
    pub fn take_warnings(&mut self) -> Vec<String> {
        std::mem::take(&mut self.warnings)
    }

    /// Whether a path is a template this session reads.
    pub fn is_template_path(&self, path: &Path) -> bool {
        path.ends_with(WORKSPACE_TEMPLATE)
            || self.templates.contains_key(path)
            || self
                .settings
                .template
                .as_ref()
                .is_some_and(|t| path.ends_with(t))
    }
}

/// The front matter (first `---` block) names `title` and at least one
/// other template key. Line-based, so it works while the YAML is broken,
/// and reads only the top of the rope.
fn front_matter_has_template_keys(rope: &ropey::Rope, template: &Template) -> bool {
    let mut lines = rope.lines().map(|l| l.to_string());
    if lines.next().as_deref().map(str::trim_end) != Some("---") {
        return false;
    }
    let keys: Vec<String> = lines
        .take_while(|l| l.trim_end() != "---")
        .filter_map(|l| l.split_once(':').map(|(k, _)| k.to_string()))
        .filter(|k| template.key(k).is_some())
        .collect();
    keys.iter().any(|k| k == "title") && keys.len() >= 2
}

pub fn today() -> String {
    jiff::ZonedDateTime::now().date().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range};

    fn uri(path: &str) -> Uri {
        Uri::from_file_path(path).unwrap()
    }

    #[test]
    fn changes_apply_in_order_and_stale_versions_are_refused() {
        let mut s = Session::new();
        let u = uri("/w/enhancements/x.md");
        s.open(u.clone(), "ab\n", 1);
        let edit = |line, from, to, text: &str| TextDocumentContentChangeEvent {
            range: Some(Range::new(
                Position::new(line, from),
                Position::new(line, to),
            )),
            range_length: None,
            text: text.into(),
        };
        s.change(&u, 2, vec![edit(0, 1, 1, "😀"), edit(0, 3, 4, "c")])
            .unwrap();
        assert_eq!(s.doc(&u).unwrap().text(), "a😀c\n");
        assert!(s.change(&u, 1, vec![edit(0, 0, 0, "z")]).is_err());
        assert_eq!(s.doc(&u).unwrap().version, 2);
    }

    #[test]
    fn proposals_by_path_or_front_matter() {
        let mut s = Session::new();
        let inside = uri("/w/enhancements/a/x.md");
        let readme = uri("/w/README.md");
        let elsewhere = uri("/w/docs/y.md");
        s.open(inside.clone(), "# X\n", 1);
        s.open(readme.clone(), "# Readme\n", 1);
        s.open(elsewhere.clone(), "---\ntitle: y\nauthors:\n---\n", 1);
        assert!(s.is_proposal(s.doc(&inside).unwrap()));
        assert!(!s.is_proposal(s.doc(&readme).unwrap()));
        assert!(s.is_proposal(s.doc(&elsewhere).unwrap()));
        assert!(s.findings(&readme).unwrap().is_empty());
        assert!(!s.findings(&inside).unwrap().is_empty());
    }
}
