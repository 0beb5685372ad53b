//! Engine results -> LSP types, and LSP positions -> byte offsets: the one
//! place where the two meet, through the engine's line index, in the
//! negotiated encoding.

use std::collections::HashMap;

use ls_types::{
    self as lsp, CompletionItemKind, CompletionTextEdit, Diagnostic, DiagnosticRelatedInformation,
    DiagnosticSeverity, DiagnosticTag, DocumentChanges, FoldingRangeKind, InsertTextFormat,
    Location, MarkupContent, MarkupKind, NumberOrString, OneOf,
    OptionalVersionedTextDocumentIdentifier, Position, TextDocumentEdit, TextEdit, Uri,
    WorkspaceEdit,
};
use proposal_ls::features::completion::{CompletionItem as Item, CompletionKind};
use proposal_ls::features::hover::Hover as EngineHover;
use proposal_ls::features::outline::{Fold, FoldKind, Symbol, SymbolKind as EngineSymbolKind};
use proposal_ls::fix::Edit;
use proposal_ls::line_index::{Encoding, LineCol, LineIndex};
use proposal_ls::rules::Severity;
use proposal_ls::{Finding, Rule};
use serde_json::json;

use super::capabilities::ClientCaps;

pub const SOURCE: &str = "proposal-ls";

/// Byte offsets <-> LSP positions for one text.
#[derive(Clone, Copy)]
pub struct Conv<'a> {
    pub text: &'a str,
    pub index: &'a LineIndex,
    pub encoding: Encoding,
}

impl Conv<'_> {
    pub fn position(&self, offset: usize) -> Position {
        let at = self.index.position(self.text, offset, self.encoding);
        Position::new(at.line, at.col)
    }

    pub fn range(&self, r: &std::ops::Range<usize>) -> lsp::Range {
        lsp::Range::new(self.position(r.start), self.position(r.end))
    }

    /// The byte offset of a client's position (clamped into the text).
    pub fn offset(&self, p: Position) -> usize {
        let at = LineCol {
            line: p.line,
            col: p.character,
        };
        self.index.offset(self.text, at, self.encoding)
    }
}

/// A finding as a diagnostic (the rule levels are already applied).
pub fn diagnostic(f: &Finding, conv: Conv, uri: &Uri, caps: &ClientCaps) -> Diagnostic {
    let severity = match f.severity {
        Severity::Hint => DiagnosticSeverity::HINT,
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    };
    let related = (caps.related_information && !f.related.is_empty()).then(|| {
        f.related
            .iter()
            .map(|r| DiagnosticRelatedInformation {
                location: Location::new(uri.clone(), conv.range(&r.range)),
                message: r.message.clone(),
            })
            .collect()
    });
    Diagnostic {
        range: conv.range(&f.range),
        severity: Some(severity),
        code: Some(NumberOrString::String(f.rule.id().to_string())),
        code_description: None,
        source: Some(SOURCE.to_string()),
        message: f.message.clone(),
        related_information: related,
        // Editors fade a leftover suppression, as they do unused code.
        tags: (f.rule == Rule::UnusedSuppression).then(|| vec![DiagnosticTag::UNNECESSARY]),
        // What the code action needs to find this finding's fix again.
        data: Some(json!({ "rule": f.rule.id(), "fix": f.fix.as_ref().map(|x| &x.title) })),
    }
}

pub fn diagnostics(
    findings: &[Finding],
    conv: Conv,
    uri: &Uri,
    caps: &ClientCaps,
) -> Vec<Diagnostic> {
    findings
        .iter()
        .map(|f| diagnostic(f, conv, uri, caps))
        .collect()
}

pub fn text_edits(edits: &[Edit], conv: Conv) -> Vec<TextEdit> {
    edits
        .iter()
        .map(|e| TextEdit::new(conv.range(&e.range), e.new_text.clone()))
        .collect()
}

/// A workspace edit for one document, versioned when the client allows.
pub fn workspace_edit(
    uri: &Uri,
    version: i32,
    edits: Vec<TextEdit>,
    caps: &ClientCaps,
) -> WorkspaceEdit {
    if caps.document_changes {
        WorkspaceEdit {
            document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier {
                    uri: uri.clone(),
                    version: Some(version),
                },
                edits: edits.into_iter().map(OneOf::Left).collect(),
            }])),
            ..WorkspaceEdit::default()
        }
    } else {
        WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }
    }
}

pub fn completion_item(item: Item, conv: Conv, caps: &ClientCaps) -> lsp::CompletionItem {
    let (text, format) = match (&item.snippet, caps.snippets) {
        (Some(snippet), true) => (snippet.clone(), InsertTextFormat::SNIPPET),
        _ => (item.insert_text.clone(), InsertTextFormat::PLAIN_TEXT),
    };
    lsp::CompletionItem {
        label: item.label,
        kind: Some(match item.kind {
            CompletionKind::Section => CompletionItemKind::KEYWORD,
            CompletionKind::Key => CompletionItemKind::PROPERTY,
            CompletionKind::Value => CompletionItemKind::VALUE,
            CompletionKind::File => CompletionItemKind::FILE,
        }),
        detail: item.detail,
        documentation: item.documentation.map(|d| {
            if caps.markdown_completion_docs {
                lsp::Documentation::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: d,
                })
            } else {
                lsp::Documentation::String(d)
            }
        }),
        sort_text: Some(item.sort_text),
        filter_text: None,
        insert_text_format: Some(format),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(
            conv.range(&item.replace),
            text,
        ))),
        ..lsp::CompletionItem::default()
    }
}

pub fn hover(h: EngineHover, conv: Conv, caps: &ClientCaps) -> lsp::Hover {
    lsp::Hover {
        contents: lsp::HoverContents::Markup(MarkupContent {
            kind: if caps.markdown_hover {
                MarkupKind::Markdown
            } else {
                MarkupKind::PlainText
            },
            value: h.markdown,
        }),
        range: Some(conv.range(&h.range)),
    }
}

fn symbol_kind(kind: &EngineSymbolKind) -> lsp::SymbolKind {
    match kind {
        EngineSymbolKind::FrontMatter => lsp::SymbolKind::OBJECT,
        EngineSymbolKind::Title => lsp::SymbolKind::FILE,
        EngineSymbolKind::Section => lsp::SymbolKind::NAMESPACE,
    }
}

#[allow(deprecated)] // `deprecated` is a required field of the struct.
pub fn document_symbol(s: Symbol, conv: Conv) -> lsp::DocumentSymbol {
    lsp::DocumentSymbol {
        name: s.name,
        detail: s.detail,
        kind: symbol_kind(&s.kind),
        tags: None,
        deprecated: None,
        range: conv.range(&s.range),
        selection_range: conv.range(&s.selection_range),
        children: Some(
            s.children
                .into_iter()
                .map(|c| document_symbol(c, conv))
                .collect(),
        ),
    }
}

/// Flat symbols for clients without hierarchy support.
#[allow(deprecated)]
pub fn symbol_information(
    symbols: Vec<Symbol>,
    container: Option<&str>,
    conv: Conv,
    uri: &Uri,
    out: &mut Vec<lsp::SymbolInformation>,
) {
    for s in symbols {
        out.push(lsp::SymbolInformation {
            name: s.name.clone(),
            kind: symbol_kind(&s.kind),
            tags: None,
            deprecated: None,
            location: Location::new(uri.clone(), conv.range(&s.range)),
            container_name: container.map(str::to_string),
        });
        symbol_information(s.children, Some(&s.name), conv, uri, out);
    }
}

pub fn folding_range(f: &Fold, conv: Conv) -> lsp::FoldingRange {
    let r = conv.range(&f.range);
    lsp::FoldingRange {
        start_line: r.start.line,
        start_character: None,
        end_line: r.end.line,
        end_character: None,
        kind: Some(match f.kind {
            FoldKind::Comment => FoldingRangeKind::Comment,
            FoldKind::FrontMatter => FoldingRangeKind::Imports,
            FoldKind::Section | FoldKind::CodeBlock => FoldingRangeKind::Region,
        }),
        collapsed_text: None,
    }
}

/// The rule a diagnostic of ours carries.
pub fn rule_of(d: &Diagnostic) -> Option<Rule> {
    match (&d.source, &d.code) {
        (Some(source), Some(NumberOrString::String(id))) if source == SOURCE => Rule::from_id(id),
        _ => None,
    }
}

/// The file a `file:` URI names; `None` for any other scheme (`untitled:`
/// buffers have no file, so no file name to advise on).
pub fn file_path(uri: &ls_types::Uri) -> Option<std::path::PathBuf> {
    uri.scheme()
        .as_str()
        .eq_ignore_ascii_case("file")
        .then(|| uri.to_file_path().map(|p| p.into_owned()))
        .flatten()
}
