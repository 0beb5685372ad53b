//! proposal-ls: a pure analysis engine for proposal markdown.
//!
//! Text and a [`template::Template`] go in; findings, completions, fixes
//! and edits come out as byte ranges. Nothing here knows about LSP, threads
//! or the terminal: the CLI and the language server (the binary's `cli` and
//! `lsp` modules) convert at the edge. `docs/architecture.md` has the map.

pub mod actions;
pub mod analysis;
mod context;
pub mod document;
pub mod era;
pub mod features;
mod finding;
pub mod fix;
pub mod front_matter;
pub mod git;
pub mod history;
#[cfg(test)]
mod invariants;
pub mod line_index;
pub mod markdown;
pub mod readiness;
pub mod repository;
pub mod restructure;
pub mod rules;
pub mod suppress;
pub mod template;
mod text;
mod values;
pub mod workspace;

pub use analysis::{FileContext, FixOutcome, analyze, analyze_in_era, analyze_text, fix_all};
pub use fix::{Edit, Fix, apply_edits};
pub use rules::{Finding, Related, Rule, Severity};
pub use template::Template;
pub use text::lone_cr_as_lf;
