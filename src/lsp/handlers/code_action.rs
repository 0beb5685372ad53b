//! Code actions. Quick fixes come with the findings, which the analysis has
//! usually computed already; "Insert all missing required sections" runs the
//! fix loop, so it is offered without its edit and computed only when the
//! user picks it (`codeAction/resolve`, or the command for clients without
//! resolve support). A light bulb request never runs the fix loop. Every
//! diagnostic can also be ignored on its line or in the file, by a
//! suppression comment the engine places.

use ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Command, Range,
    WorkspaceEdit,
};
use proposal_ls::actions::insert_missing_sections;
use proposal_ls::suppress::{Scope, ignore_edit};
use proposal_ls::{Edit, Finding, Rule};
use serde_json::json;

use super::Snap;
use crate::lsp::capabilities::{INSERT_MISSING_SECTIONS, SOURCE_INSERT_MISSING};
use crate::lsp::to_proto;

const INSERT_ALL_TITLE: &str = "Insert all missing required sections";

pub fn code_action(
    snap: &Snap,
    params: &CodeActionParams,
) -> Result<Option<Vec<CodeActionOrCommand>>, String> {
    let wanted = |kind: &CodeActionKind| {
        params.context.only.as_ref().is_none_or(|only| {
            only.iter().any(|o| {
                kind.as_str() == o.as_str()
                    || kind.as_str().starts_with(&format!("{}.", o.as_str()))
            })
        })
    };
    let findings = snap.doc.findings();
    let mut actions = Vec::new();
    if wanted(&CodeActionKind::QUICKFIX) {
        let under_cursor: Vec<(&Finding, ls_types::Diagnostic)> = findings
            .iter()
            .filter_map(|f| {
                let diagnostic = to_proto::diagnostic(f, snap.conv(), &snap.doc.uri, &snap.caps);
                let asked =
                    params.context.diagnostics.iter().any(|d| {
                        to_proto::rule_of(d) == Some(f.rule) && d.range == diagnostic.range
                    });
                (asked || overlaps(&diagnostic.range, &params.range)).then_some((f, diagnostic))
            })
            .collect();
        for (f, diagnostic) in &under_cursor {
            actions.extend(quick_fix(snap, f, diagnostic.clone()));
        }
        // Then the suppressions, once per rule and place.
        let mut offered: Vec<(String, usize)> = Vec::new();
        for (f, diagnostic) in &under_cursor {
            for scope in [Scope::Line, Scope::File] {
                let Some(edit) = ignore_edit(snap.doc.text(), snap.doc.tree(), f, scope) else {
                    continue;
                };
                let title = match scope {
                    Scope::Line => format!("Ignore `{}` on this line", f.rule),
                    Scope::File => format!("Ignore `{}` in this file", f.rule),
                };
                if offered.contains(&(title.clone(), edit.range.start)) {
                    continue;
                }
                offered.push((title.clone(), edit.range.start));
                actions.push(ignore_action(snap, title, edit, diagnostic.clone()));
            }
        }
    }
    let any_missing = findings.iter().any(|f| f.rule == Rule::MissingSection);
    if wanted(&CodeActionKind::new(SOURCE_INSERT_MISSING)) && any_missing {
        actions.push(CodeActionOrCommand::CodeAction(insert_all_action(snap)));
    }
    Ok((!actions.is_empty()).then_some(actions))
}

fn overlaps(a: &Range, b: &Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

fn quick_fix(
    snap: &Snap,
    finding: &Finding,
    diagnostic: ls_types::Diagnostic,
) -> Option<CodeActionOrCommand> {
    let fix = finding.fix.as_ref()?;
    let edits = to_proto::text_edits(&fix.edits, snap.conv());
    Some(CodeActionOrCommand::CodeAction(CodeAction {
        title: fix.title.clone(),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic]),
        edit: Some(to_proto::workspace_edit(
            &snap.doc.uri,
            snap.doc.version,
            edits,
            &snap.caps,
        )),
        is_preferred: Some(fix.safe),
        ..CodeAction::default()
    }))
}

/// A suppression comment: a quick fix, never the preferred one.
fn ignore_action(
    snap: &Snap,
    title: String,
    edit: Edit,
    diagnostic: ls_types::Diagnostic,
) -> CodeActionOrCommand {
    let edits = to_proto::text_edits(&[edit], snap.conv());
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic]),
        edit: Some(to_proto::workspace_edit(
            &snap.doc.uri,
            snap.doc.version,
            edits,
            &snap.caps,
        )),
        is_preferred: Some(false),
        ..CodeAction::default()
    })
}

/// The insert-all action without its edit: resolved later, or a command.
fn insert_all_action(snap: &Snap) -> CodeAction {
    let uri = snap.doc.uri.as_str();
    let mut action = CodeAction {
        title: INSERT_ALL_TITLE.into(),
        kind: Some(CodeActionKind::new(SOURCE_INSERT_MISSING)),
        ..CodeAction::default()
    };
    if snap.caps.code_action_resolve {
        action.data = Some(json!({"uri": uri, "insertMissingSections": true}));
    } else {
        action.command = Some(Command {
            title: INSERT_ALL_TITLE.into(),
            command: INSERT_MISSING_SECTIONS.into(),
            arguments: Some(vec![json!(uri)]),
        });
    }
    action
}

/// Fill in the insert-all action's edit.
pub fn code_action_resolve(snap: &Snap, mut action: CodeAction) -> Result<CodeAction, String> {
    if action.edit.is_none() {
        action.edit = insert_missing_edit(snap);
    }
    Ok(action)
}

/// The edit inserting every missing section, if any is missing.
pub fn insert_missing_edit(snap: &Snap) -> Option<WorkspaceEdit> {
    let doc = &snap.doc;
    if !doc
        .findings()
        .iter()
        .any(|f| f.rule == Rule::MissingSection)
    {
        return None;
    }
    let edits = insert_missing_sections(doc.text(), &doc.template, &doc.file_today());
    let edits = to_proto::text_edits(&edits, snap.conv());
    Some(to_proto::workspace_edit(
        &doc.uri,
        doc.version,
        edits,
        &snap.caps,
    ))
}
