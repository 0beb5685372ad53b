//! `proposal-ls status [PATH]`: review readiness over a repository, by
//! area (a proposal's directory) and by `status`: what reviewers check by
//! hand before they read a proposal.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::ExitCode;

use proposal_ls::readiness::Readiness;
use proposal_ls::workspace::{relative_to_root, workspace_root};
use serde::Serialize;

use super::check::{Checked, check_paths};
use super::output::stdout;
use super::{StatusArgs, StatusFormat};

/// One proposal's line of the report.
#[derive(Serialize)]
struct Row {
    path: String,
    area: String,
    ready: bool,
    summary: String,
    #[serde(flatten)]
    readiness: Readiness,
}

/// The proposals of one area, or of one status.
#[derive(Serialize, Default)]
struct Group {
    name: String,
    proposals: usize,
    ready: usize,
    missing_sections: usize,
    empty_sections: usize,
    placeholders: usize,
    metadata_problems: usize,
    no_approvers: usize,
    broken_references: usize,
}

impl Group {
    /// Count a proposal in: each column is how many proposals have that
    /// problem.
    fn add(&mut self, r: &Readiness) {
        self.proposals += 1;
        self.ready += usize::from(r.is_ready());
        self.missing_sections += usize::from(r.missing_sections > 0);
        self.empty_sections += usize::from(r.empty_sections > 0);
        self.placeholders += usize::from(r.placeholders > 0);
        self.metadata_problems += usize::from(r.metadata_problems > 0);
        self.no_approvers += usize::from(r.approvers == Some(0));
        self.broken_references += usize::from(r.broken_references > 0);
    }
}

#[derive(Serialize)]
struct Report {
    proposals: Vec<Row>,
    areas: Vec<Group>,
    statuses: Vec<Group>,
}

pub fn run(args: &StatusArgs) -> ExitCode {
    let Checked {
        reports, failures, ..
    } = match check_paths(&args.paths, &args.settings, false, None) {
        Ok(checked) => checked,
        Err(code) => return code,
    };
    let rows: Vec<Row> = reports
        .iter()
        .map(|(report, history)| {
            let template = &history.current().template;
            let readiness = Readiness::of(&report.text, template, &report.findings);
            Row {
                path: report.path.display().to_string(),
                area: area(&report.path),
                ready: readiness.is_ready(),
                summary: readiness.summary(),
                readiness,
            }
        })
        .collect();
    let group = |key: &dyn Fn(&Row) -> String| {
        let mut groups: BTreeMap<String, Group> = BTreeMap::new();
        for row in &rows {
            let name = key(row);
            let group = groups.entry(name.clone()).or_insert_with(|| Group {
                name,
                ..Group::default()
            });
            group.add(&row.readiness);
        }
        groups.into_values().collect::<Vec<_>>()
    };
    let areas = group(&|row| row.area.clone());
    let statuses = group(&|row| {
        row.readiness
            .status
            .clone()
            .unwrap_or_else(|| "(none)".into())
    });
    let report = Report {
        proposals: rows,
        areas,
        statuses,
    };
    match args.format {
        StatusFormat::Human => stdout(&human(&report)),
        StatusFormat::Json => match serde_json::to_string_pretty(&report) {
            Ok(s) => stdout(&format!("{s}\n")),
            Err(e) => eprintln!("proposal-ls: cannot write JSON: {e}"),
        },
    }
    for f in &failures {
        eprintln!("proposal-ls: {f}");
    }
    if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(2)
    }
}

/// A proposal's area: its directory, from its workspace root.
fn area(path: &Path) -> String {
    let relative = workspace_root(path)
        .and_then(|root| relative_to_root(path, &root))
        .unwrap_or_else(|| path.to_path_buf());
    relative
        .parent()
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .filter(|p| !p.is_empty())
        .unwrap_or_else(|| ".".into())
}

fn human(report: &Report) -> String {
    let ready = report.proposals.iter().filter(|r| r.ready).count();
    let mut out = format!(
        "Review readiness of {} proposals: {ready} ready.\n\nEach column counts the proposals with that problem.\n\n",
        report.proposals.len()
    );
    table(&mut out, "area", &report.areas);
    out.push('\n');
    table(&mut out, "status", &report.statuses);
    out
}

fn table(out: &mut String, what: &str, groups: &[Group]) {
    out.push_str(&format!(
        "| {what} | proposals | ready | sections missing | sections empty | placeholders | metadata | no approvers | broken references |\n|---|---|---|---|---|---|---|---|---|\n"
    ));
    let mut total = Group {
        name: "all".into(),
        ..Group::default()
    };
    for g in groups {
        out.push_str(&row(g));
        total.proposals += g.proposals;
        total.ready += g.ready;
        total.missing_sections += g.missing_sections;
        total.empty_sections += g.empty_sections;
        total.placeholders += g.placeholders;
        total.metadata_problems += g.metadata_problems;
        total.no_approvers += g.no_approvers;
        total.broken_references += g.broken_references;
    }
    out.push_str(&row(&total));
}

fn row(g: &Group) -> String {
    format!(
        "| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n",
        // A status written as the template's option list holds `|`.
        g.name.replace('|', "\\|"),
        g.proposals,
        g.ready,
        g.missing_sections,
        g.empty_sections,
        g.placeholders,
        g.metadata_problems,
        g.no_approvers,
        g.broken_references
    )
}
