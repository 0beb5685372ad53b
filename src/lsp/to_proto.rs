//! Engine results -> LSP types. Byte ranges become positions here, through
//! `convert`, in the negotiated encoding.

use std::collections::HashMap;

use proposal_ls::features::completion::{CompletionItem as Item, CompletionKind};
use proposal_ls::features::hover::Hover as EngineHover;
use proposal_ls::features::outline::{Fold, FoldKind, Symbol, SymbolKind as EngineSymbolKind};
use proposal_ls::fix::Edit;
use proposal_ls::rules::Severity;
use proposal_ls::{Finding, Rule};
use ropey::Rope;
use serde_json::json;
use tower_lsp_server::ls_types::{
    self as lsp, CompletionItemKind, CompletionTextEdit, Diagnostic, DiagnosticRelatedInformation,
    DiagnosticSeverity, DocumentChanges, FoldingRangeKind, InsertTextFormat, Location,
    MarkupContent, MarkupKind, NumberOrString, OneOf, OptionalVersionedTextDocumentIdentifier,
    TextDocumentEdit, TextEdit, Uri, WorkspaceEdit,
};

use super::config::{Level, Settings};
use super::convert::{self, Encoding};
use super::session::ClientCaps;

pub const SOURCE: &str = "proposal-ls";

/// A finding as a diagnostic, or `None` when its rule is turned off.
pub fn diagnostic(
    f: &Finding,
    rope: &Rope,
    uri: &Uri,
    enc: Encoding,
    settings: &Settings,
    caps: &ClientCaps,
) -> Option<Diagnostic> {
    let severity = match settings.level(f.rule) {
        Level::Off => return None,
        Level::Hint | Level::Is(Severity::Hint) => DiagnosticSeverity::HINT,
        Level::Is(Severity::Error) => DiagnosticSeverity::ERROR,
        Level::Is(Severity::Warning) => DiagnosticSeverity::WARNING,
        Level::Is(Severity::Info) => DiagnosticSeverity::INFORMATION,
    };
    let related = (caps.related_information && !f.related.is_empty()).then(|| {
        f.related
            .iter()
            .map(|r| DiagnosticRelatedInformation {
                location: Location::new(uri.clone(), convert::range(rope, &r.range, enc)),
                message: r.message.clone(),
            })
            .collect()
    });
    Some(Diagnostic {
        range: convert::range(rope, &f.range, enc),
        severity: Some(severity),
        code: Some(NumberOrString::String(f.rule.id().to_string())),
        code_description: None,
        source: Some(SOURCE.to_string()),
        message: f.message.clone(),
        related_information: related,
        tags: None,
        // What the code action needs to find this finding's fix again.
        data: Some(json!({ "rule": f.rule.id(), "fix": f.fix.as_ref().map(|x| &x.title) })),
    })
}

pub fn diagnostics(
    findings: &[Finding],
    rope: &Rope,
    uri: &Uri,
    enc: Encoding,
    settings: &Settings,
    caps: &ClientCaps,
) -> Vec<Diagnostic> {
    findings
        .iter()
        .filter_map(|f| diagnostic(f, rope, uri, enc, settings, caps))
        .collect()
}

pub fn text_edits(edits: &[Edit], rope: &Rope, enc: Encoding) -> Vec<TextEdit> {
    edits
        .iter()
        .map(|e| TextEdit::new(convert::range(rope, &e.range, enc), e.new_text.clone()))
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

pub fn completion_item(
    item: Item,
    rope: &Rope,
    enc: Encoding,
    caps: &ClientCaps,
) -> lsp::CompletionItem {
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
            convert::range(rope, &item.replace, enc),
            text,
        ))),
        ..lsp::CompletionItem::default()
    }
}

pub fn hover(h: EngineHover, rope: &Rope, enc: Encoding, caps: &ClientCaps) -> lsp::Hover {
    lsp::Hover {
        contents: lsp::HoverContents::Markup(MarkupContent {
            kind: if caps.markdown_hover {
                MarkupKind::Markdown
            } else {
                MarkupKind::PlainText
            },
            value: h.markdown,
        }),
        range: Some(convert::range(rope, &h.range, enc)),
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
pub fn document_symbol(s: Symbol, rope: &Rope, enc: Encoding) -> lsp::DocumentSymbol {
    lsp::DocumentSymbol {
        name: s.name,
        detail: s.detail,
        kind: symbol_kind(&s.kind),
        tags: None,
        deprecated: None,
        range: convert::range(rope, &s.range, enc),
        selection_range: convert::range(rope, &s.selection_range, enc),
        children: Some(
            s.children
                .into_iter()
                .map(|c| document_symbol(c, rope, enc))
                .collect(),
        ),
    }
}

/// Flat symbols for clients without hierarchy support.
#[allow(deprecated)]
pub fn symbol_information(
    symbols: Vec<Symbol>,
    container: Option<&str>,
    rope: &Rope,
    uri: &Uri,
    enc: Encoding,
    out: &mut Vec<lsp::SymbolInformation>,
) {
    for s in symbols {
        out.push(lsp::SymbolInformation {
            name: s.name.clone(),
            kind: symbol_kind(&s.kind),
            tags: None,
            deprecated: None,
            location: Location::new(uri.clone(), convert::range(rope, &s.range, enc)),
            container_name: container.map(str::to_string),
        });
        symbol_information(s.children, Some(&s.name), rope, uri, enc, out);
    }
}

pub fn folding_range(f: &Fold, rope: &Rope, enc: Encoding) -> lsp::FoldingRange {
    let r = convert::range(rope, &f.range, enc);
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
