//! Code actions. Quick fixes come with the findings, which the analysis has
//! usually computed already; "Insert all missing required sections" and
//! "Update to the current template" run the fix loop, so they are offered
//! without their edit and computed only when the user picks one
//! (`codeAction/resolve`, or the command for clients without resolve
//! support). A light bulb request never runs the fix loop. Every
//! diagnostic can also be ignored on its line or in the file, by a
//! suppression comment the engine places.

use ls_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, Command, Range,
    WorkspaceEdit,
};
use proposal_ls::actions::{insert_missing_sections_in_era, update_to_current_template};
use proposal_ls::suppress::{Scope, ignore_edit};
use proposal_ls::{Edit, Finding, Rule};
use serde_json::json;

use super::Snap;
use crate::lsp::capabilities::{
    INSERT_MISSING_SECTIONS, SOURCE_INSERT_MISSING, SOURCE_UPDATE_TEMPLATE,
    UPDATE_TO_CURRENT_TEMPLATE,
};
use crate::lsp::to_proto;

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
    for action in DocumentAction::ALL {
        if wanted(&CodeActionKind::new(action.kind())) && action.applies(&findings) {
            actions.push(CodeActionOrCommand::CodeAction(lazy_action(snap, action)));
        }
    }
    Ok((!actions.is_empty()).then_some(actions))
}

/// An action on the whole document whose edit runs the fix loop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocumentAction {
    InsertMissingSections,
    UpdateToCurrentTemplate,
}

impl DocumentAction {
    const ALL: [DocumentAction; 2] = [
        DocumentAction::InsertMissingSections,
        DocumentAction::UpdateToCurrentTemplate,
    ];

    fn title(self) -> &'static str {
        match self {
            DocumentAction::InsertMissingSections => "Insert all missing required sections",
            DocumentAction::UpdateToCurrentTemplate => "Update to the current template",
        }
    }

    fn kind(self) -> &'static str {
        match self {
            DocumentAction::InsertMissingSections => SOURCE_INSERT_MISSING,
            DocumentAction::UpdateToCurrentTemplate => SOURCE_UPDATE_TEMPLATE,
        }
    }

    pub fn command(self) -> &'static str {
        match self {
            DocumentAction::InsertMissingSections => INSERT_MISSING_SECTIONS,
            DocumentAction::UpdateToCurrentTemplate => UPDATE_TO_CURRENT_TEMPLATE,
        }
    }

    /// The key of the action's `data` for `codeAction/resolve`.
    fn data_key(self) -> &'static str {
        match self {
            DocumentAction::InsertMissingSections => "insertMissingSections",
            DocumentAction::UpdateToCurrentTemplate => "updateToCurrentTemplate",
        }
    }

    /// Whether the findings call for it: a missing section, or what an
    /// older template excuses.
    fn applies(self, findings: &[Finding]) -> bool {
        let rule = match self {
            DocumentAction::InsertMissingSections => Rule::MissingSection,
            DocumentAction::UpdateToCurrentTemplate => Rule::OlderTemplate,
        };
        findings.iter().any(|f| f.rule == rule)
    }

    /// The edit, computed now.
    pub fn edit(self, snap: &Snap) -> Option<WorkspaceEdit> {
        let doc = &snap.doc;
        if !self.applies(&doc.findings()) {
            return None;
        }
        let history = doc.history();
        let file = doc.file_today();
        let edits = match self {
            DocumentAction::InsertMissingSections => {
                insert_missing_sections_in_era(doc.text(), &history, doc.settings.era, &file)
            }
            DocumentAction::UpdateToCurrentTemplate => {
                update_to_current_template(doc.text(), &history, &file)
            }
        };
        let edits = to_proto::text_edits(&edits, snap.conv());
        Some(to_proto::workspace_edit(
            &doc.uri,
            doc.version,
            edits,
            &snap.caps,
        ))
    }
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

/// A document action without its edit: resolved later, or a command.
fn lazy_action(snap: &Snap, action: DocumentAction) -> CodeAction {
    let uri = snap.doc.uri.as_str();
    let mut code_action = CodeAction {
        title: action.title().into(),
        kind: Some(CodeActionKind::new(action.kind())),
        ..CodeAction::default()
    };
    if snap.caps.code_action_resolve {
        code_action.data = Some(json!({"uri": uri, action.data_key(): true}));
    } else {
        code_action.command = Some(Command {
            title: action.title().into(),
            command: action.command().into(),
            arguments: Some(vec![json!(uri)]),
        });
    }
    code_action
}

/// Fill in a document action's edit.
pub fn code_action_resolve(snap: &Snap, mut action: CodeAction) -> Result<CodeAction, String> {
    if action.edit.is_none() {
        let wanted = DocumentAction::ALL.into_iter().find(|a| {
            action
                .data
                .as_ref()
                .and_then(|d| d.get(a.data_key()))
                .is_some()
        });
        // Older clients' data held only the insert-all key.
        let wanted = wanted.unwrap_or(DocumentAction::InsertMissingSections);
        action.edit = wanted.edit(snap);
    }
    Ok(action)
}
