//! Hover, completion, outline, folding and pull diagnostics. Features stay
//! off (an empty answer) for documents that are not proposals.

use ls_types::{CodeLens, DocumentLink, GotoDefinitionResponse, Location, ReferenceParams, Uri};
use ls_types::{
    CompletionResponse, DocumentDiagnosticReport, DocumentDiagnosticReportResult,
    DocumentSymbolResponse, FoldingRange, FullDocumentDiagnosticReport, Hover,
    RelatedFullDocumentDiagnosticReport,
};
use proposal_ls::readiness::Readiness;

use crate::lsp::capabilities::READINESS;
use proposal_ls::features::{
    completion as engine_completion, hover as engine_hover, outline, people, references,
};
use proposal_ls::line_index::LineIndex;
use proposal_ls::repository::file_name;
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
    let followed = followed(snap);
    let on_reference = references::reference_at(&followed, offset).and_then(|f| {
        references::reference_hover(f, &doc.template, |p| std::fs::read_to_string(p).ok())
    });
    let on_person = || {
        let place = doc.file.repository.as_ref()?;
        people::person_hover(doc.text(), doc.tree(), &doc.template, place, offset)
    };
    Ok(on_reference
        .or_else(on_person)
        .or_else(|| engine_hover::hover(doc.text(), doc.tree(), &doc.template, offset))
        .map(|h| to_proto::hover(h, conv, &snap.caps)))
}

/// The document's references, followed into its repository (none before
/// the repository is indexed).
fn followed(snap: &Snap) -> Vec<references::Followed> {
    let doc = &snap.doc;
    references::followed_references(doc.text(), doc.tree(), &doc.template, &doc.file)
}

/// Go to the file a reference names.
pub fn definition(
    snap: &Snap,
    position: ls_types::Position,
) -> Result<Option<GotoDefinitionResponse>, String> {
    let doc = &snap.doc;
    if !doc.is_proposal() {
        return Ok(None);
    }
    let Some(offset) = doc.checked_offset(position) else {
        return Ok(None);
    };
    let followed = followed(snap);
    let target = references::reference_at(&followed, offset)
        .and_then(|f| f.target.as_ref())
        .filter(|t| t.is_file())
        .and_then(Uri::from_file_path);
    Ok(target.map(|uri| {
        let start = ls_types::Position::new(0, 0);
        GotoDefinitionResponse::Scalar(Location::new(uri, ls_types::Range::new(start, start)))
    }))
}

/// Every reference that leads to a file, as a link.
pub fn document_links(snap: &Snap) -> Result<Option<Vec<DocumentLink>>, String> {
    let doc = &snap.doc;
    if !doc.is_proposal() {
        return Ok(None);
    }
    let conv = snap.conv();
    let links: Vec<DocumentLink> = followed(snap)
        .into_iter()
        .filter_map(|f| {
            let target = f.target.as_ref().filter(|t| t.is_file())?;
            Some(DocumentLink {
                range: conv.range(&f.reference.range),
                target: Some(Uri::from_file_path(target)?),
                tooltip: f.relative.clone(),
                data: None,
            })
        })
        .collect();
    Ok(Some(links))
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
    let items: Vec<_> = engine_completion::complete(
        doc.text(),
        doc.tree(),
        &doc.template,
        offset,
        &today(),
        doc.file.repository.as_ref(),
    )
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

/// The proposals that refer to this one, asked on its title (its `# `
/// heading or `title:` line); read from disk, in parallel.
pub fn references(snap: &Snap, params: ReferenceParams) -> Result<Option<Vec<Location>>, String> {
    let doc = &snap.doc;
    if !doc.is_proposal() {
        return Ok(None);
    }
    let position = params.text_document_position.position;
    let Some(offset) = doc.checked_offset(position) else {
        return Ok(None);
    };
    let Some(place) = &doc.file.repository else {
        return Ok(None);
    };
    let Some(title) = references::title_at(doc.text(), doc.tree(), offset) else {
        return Ok(None);
    };
    let repository = &place.repository;
    let root = repository.root().to_path_buf();
    let into = references::references_into(
        repository,
        &doc.template,
        &[file_name(&place.path)],
        |target| target == place.path,
        |relative| std::fs::read_to_string(root.join(relative)).ok(),
    );
    let mut locations = Vec::new();
    if params.context.include_declaration
        && let Some(uri) = doc.path.as_deref().and_then(Uri::from_file_path)
    {
        locations.push(Location::new(uri, snap.conv().range(&title)));
    }
    for file in into {
        let Some(uri) = Uri::from_file_path(root.join(&file.relative)) else {
            continue;
        };
        let index = LineIndex::new(&file.text);
        let conv = to_proto::Conv {
            text: &file.text,
            index: &index,
            encoding: doc.encoding,
        };
        for (reference, _, _) in &file.references {
            locations.push(Location::new(uri.clone(), conv.range(&reference.range)));
        }
    }
    Ok(Some(locations))
}

/// The readiness code lens on the title (it needs the findings, so it runs
/// with the analyses and shares theirs).
pub fn code_lens(snap: &Snap) -> Result<Option<Vec<CodeLens>>, String> {
    let doc = &snap.doc;
    if !doc.is_proposal() {
        return Ok(None);
    }
    let findings = doc.findings();
    let readiness = Readiness::of(doc.text(), &doc.template, &findings);
    let range = proposal_ls::readiness::title_range(doc.text(), doc.tree());
    let lens = CodeLens {
        range: snap.conv().range(&range),
        command: Some(ls_types::Command {
            title: readiness.summary(),
            command: READINESS.into(),
            arguments: Some(vec![serde_json::Value::String(
                doc.uri.as_str().to_string(),
            )]),
        }),
        data: None,
    };
    Ok(Some(vec![lens]))
}
