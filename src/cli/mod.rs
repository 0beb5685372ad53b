//! Command line: `check`, `config`, `explain`, `serve`.

mod check;
mod config;
mod output;
mod status;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use proposal_ls::fix::FixSafety;
use proposal_ls::rules::Rule;

#[derive(Parser)]
#[command(
    name = "proposal-ls",
    version,
    about = "Checks proposal markdown against its template"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Check proposals (files, or directories searched for proposals).
    Check(CheckArgs),
    /// Print the settings in force (and where each comes from) and, for a
    /// file, whether it is a proposal, its workspace root and template.
    Config(ConfigArgs),
    /// Review readiness over a repository, by area and by status: required
    /// sections present and written, placeholders left, metadata valid,
    /// approvers named, references that lead somewhere.
    Status(StatusArgs),
    /// Speak LSP over stdio (also what running with no arguments does).
    Serve,
    /// Print a rule's documentation (all rules when none is named).
    Explain {
        /// A rule id, e.g. missing-section.
        rule: Option<String>,
        /// Print the rules as the README's markdown table.
        #[arg(long, conflicts_with = "rule")]
        markdown: bool,
    },
}

#[derive(clap::Args)]
pub struct CheckArgs {
    /// Files and directories. A directory is searched (honouring
    /// .gitignore) for proposal files; a file named here is always checked,
    /// even when excluded.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub settings: SettingsArgs,
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Apply the fixes marked safe, then report what remains.
    #[arg(long)]
    pub fix: bool,
    /// Check only the proposals that HEAD adds since it forked from the git
    /// revision REV (upstream's policy: new files only), e.g. a pull
    /// request's base.
    #[arg(long, value_name = "REV", conflicts_with = "changed_since")]
    pub new_since: Option<String>,
    /// Check only the proposals that HEAD adds or modifies since it forked
    /// from the git revision REV.
    #[arg(long, value_name = "REV")]
    pub changed_since: Option<String>,
}

#[derive(clap::Args)]
pub struct StatusArgs {
    /// Files and directories, as `check` takes them.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub settings: SettingsArgs,
    #[arg(long, value_enum, default_value_t = StatusFormat::Human)]
    pub format: StatusFormat,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum StatusFormat {
    /// Tables by area and by status (markdown).
    Human,
    /// Every proposal's readiness, and the tables' groups.
    Json,
}

/// Settings flags, shared by `check` and `config`: each replaces the
/// nearest .proposal-ls.toml's value.
#[derive(clap::Args)]
pub struct SettingsArgs {
    /// Template to check against, instead of the nearest
    /// guidelines/enhancement_template.md or the embedded default.
    #[arg(long, value_name = "PATH")]
    pub template: Option<PathBuf>,
    /// Which files in a directory are proposals (repeatable glob, matched
    /// against the path from the workspace root) [default:
    /// **/enhancements/**/*.md].
    #[arg(long, value_name = "GLOB")]
    pub include: Vec<String>,
    /// Skip these files when searching directories (repeatable glob, from
    /// the workspace root).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Run only these rules (comma-separated ids; repeatable).
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub select: Vec<String>,
    /// Turn these rules off (comma-separated ids; repeatable), as the
    /// editor setting `disabled` does.
    #[arg(long, value_name = "RULE", value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Which templates a proposal is checked against: those of its time
    /// (window) or only the current one [default: window].
    #[arg(long, value_name = "ERA", value_parser = ["window", "current"])]
    pub era: Option<String>,
}

#[derive(clap::Args)]
pub struct ConfigArgs {
    /// A file to describe: is it a proposal, its workspace root, its
    /// template. Without it, the settings for the current directory.
    pub file: Option<PathBuf>,
    #[command(flatten)]
    pub settings: SettingsArgs,
    #[arg(long, value_enum, default_value_t = ConfigFormat::Text)]
    pub format: ConfigFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConfigFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// `path:line:col: severity[rule]: message`
    Human,
    Json,
    /// GitHub Actions workflow annotations.
    Github,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
}

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let _ = err.print();
            return if err.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match cli.command {
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Config(args)) => config::run(&args),
        Some(Command::Status(args)) => status::run(&args),
        Some(Command::Explain { markdown: true, .. }) => {
            output::stdout(&rules_table());
            ExitCode::SUCCESS
        }
        Some(Command::Explain { rule, .. }) => explain(rule.as_deref()),
        Some(Command::Serve) | None => crate::lsp::run(),
    }
}

/// The rules as a markdown table (the README embeds it; a test keeps the
/// two in sync).
fn rules_table() -> String {
    let mut out = String::from(
        "| Rule | Severity | What it checks | Fix | Applied by `check --fix` |\n|---|---|---|---|---|\n",
    );
    for &r in Rule::ALL {
        let d = r.doc();
        let applied = match r.fix_safety() {
            FixSafety::NoFix => "-".to_string(),
            safety => safety.describe(),
        };
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {applied} |\n",
            d.id,
            d.severity,
            d.summary,
            d.fix.unwrap_or("none")
        ));
    }
    out
}

fn explain(rule: Option<&str>) -> ExitCode {
    match rule {
        None => {
            let mut out = String::new();
            for &r in Rule::ALL {
                let d = r.doc();
                out.push_str(&format!(
                    "{:<26} {:<8} {}\n",
                    d.id,
                    d.severity.as_str(),
                    d.summary
                ));
            }
            output::stdout(&out);
            ExitCode::SUCCESS
        }
        Some(id) => match Rule::from_id(id) {
            Some(r) => {
                let d = r.doc();
                let mut out = format!(
                    "{} ({})\n\n{}\n\n{}\n",
                    d.id, d.severity, d.summary, d.explanation
                );
                if proposal_ls::era::judged_by_window(r) {
                    out.push_str("\nJudged by every template version in force since the proposal was created (`proposal-ls explain older-template`).\n");
                }
                match d.fix {
                    Some(fix) => out.push_str(&format!(
                        "\nFix: {fix}\nApplied by `check --fix`: {}.\n",
                        r.fix_safety().describe()
                    )),
                    None => out.push_str("\nFix: none; edit by hand.\n"),
                }
                output::stdout(&out);
                ExitCode::SUCCESS
            }
            None => {
                let ids = Rule::ALL.iter().map(|r| r.id());
                let hint = proposal_ls::rules::closest(id, ids)
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                eprintln!(
                    "proposal-ls: unknown rule `{id}`{hint} (`proposal-ls explain` lists them)"
                );
                ExitCode::from(2)
            }
        },
    }
}
