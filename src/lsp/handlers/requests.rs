//! Hover, completion, outline, folding and pull diagnostics. Features stay
//! off (an empty answer) for documents that are not proposals.

use ls_types::{
    CompletionResponse, DocumentDiagnosticReport, DocumentDiagnosticReportResult,
    DocumentSymbolResponse, FoldingRange, FullDocumentDiagnosticReport, Hover,
    RelatedFullDocumentDiagnosticReport,
};
use proposal_ls::features::{completion as engine_completion, hover as engine_hover, outline};
use proposal_ls::workspace::today;

use super::Snap;
use crate::lsp::to_proto;

pub fn hover(snap: &Snap, position: ls_types::Position) -> Result<Option<Hover>, String> {
    let doc = &snap.doc;
    if !doc.is_proposal() {
        return Ok(None);
    }
    let conv = snap.conv();
    let Some(offset) = doc.checked_offset(position) else {
        return Ok(None);
    };
    Ok(
        engine_hover::hover(doc.text(), doc.tree(), &doc.template, offset)
            .map(|h| to_proto::hover(h, conv, &snap.caps)),
    )
}

pub fn completion(
    snap: &Snap,
    position: ls_types::Position,
) -> Result<Option<CompletionResponse>, String> {
    let doc = &snap.doc;
    if !doc.is_proposal() {
        return Ok(None);
    }
    let conv = snap.conv();
    let Some(offset) = doc.checked_offset(position) else {
        return Ok(None);
    };
    let items: Vec<_> =
        engine_completion::complete(doc.text(), doc.tree(), &doc.template, offset, &today())
            .into_iter()
            .map(|i| to_proto::completion_item(i, conv, &snap.caps))
            .collect();
    Ok((!items.is_empty()).then_some(CompletionResponse::Array(items)))
}

pub fn document_symbols(snap: &Snap) -> Result<Option<DocumentSymbolResponse>, String> {
    let doc = &snap.doc;
    if !doc.is_proposal() {
        return Ok(None);
    }
    let conv = snap.conv();
    let symbols = outline::document_symbols(doc.text(), doc.tree());
    Ok(Some(if snap.caps.hierarchical_symbols {
        DocumentSymbolResponse::Nested(
            symbols
                .into_iter()
                .map(|s| to_proto::document_symbol(s, conv))
                .collect(),
        )
    } else {
        let mut flat = Vec::new();
        to_proto::symbol_information(symbols, None, conv, &doc.uri, &mut flat);
        DocumentSymbolResponse::Flat(flat)
    }))
}

pub fn folding_ranges(snap: &Snap) -> Result<Option<Vec<FoldingRange>>, String> {
    let doc = &snap.doc;
    if !doc.is_proposal() {
        return Ok(None);
    }
    let conv = snap.conv();
    Ok(Some(
        outline::folding_ranges(doc.text(), doc.tree())
            .iter()
            .map(|f| to_proto::folding_range(f, conv))
            .collect(),
    ))
}

pub fn document_diagnostic(snap: &Snap) -> Result<DocumentDiagnosticReportResult, String> {
    let findings = snap.doc.findings();
    let items = to_proto::diagnostics(&findings, snap.conv(), &snap.doc.uri, &snap.caps);
    Ok(DocumentDiagnosticReportResult::Report(
        DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id: None,
                items,
            },
        }),
    ))
}
