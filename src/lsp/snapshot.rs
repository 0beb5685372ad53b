//! An immutable view of one document version, cheap to clone into a worker:
//! the rope is shared, and what is derived from it (the tree, the text as
//! one string, the line index, the findings) is computed at most once, by
//! whichever request or analysis needs it first, on that worker.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};

use ls_types::Uri;

use super::to_proto::Conv;
use proposal_ls::document::Revision;
use proposal_ls::era::{Era, needs_added_on};
use proposal_ls::history::{Histories, TemplateHistory};
use proposal_ls::line_index::{Encoding, LineIndex};
use proposal_ls::lone_cr_as_lf;
use proposal_ls::workspace::{Settings, TemplateSource, today_date};
use proposal_ls::{FileContext, Finding, Template, analyze_in_era};
use tree_sitter::Tree;

/// How much of a document's top proposal detection reads.
const HEAD_LINES: usize = 200;

pub struct DocSnapshot {
    pub uri: Uri,
    /// The client's version number, for what is sent back.
    pub version: i32,
    /// The server's generation of the document (see `state::OpenDoc`).
    pub generation: u64,
    pub path: Option<PathBuf>,
    pub template: Arc<Template>,
    template_source: TemplateSource,
    histories: Arc<Histories>,
    pub file: FileContext,
    pub settings: Arc<Settings>,
    pub encoding: Encoding,
    revision: Revision,
    /// The document's current generation, to notice superseded work.
    current: Arc<AtomicU64>,
    text: OnceLock<String>,
    index: OnceLock<LineIndex>,
    proposal: OnceLock<bool>,
    findings: OnceLock<Arc<Vec<Finding>>>,
}

/// What a snapshot is made of.
pub struct SnapshotParts {
    pub uri: Uri,
    pub version: i32,
    pub generation: u64,
    pub path: Option<PathBuf>,
    pub template: Arc<Template>,
    pub template_source: TemplateSource,
    pub histories: Arc<Histories>,
    pub file: FileContext,
    pub settings: Arc<Settings>,
    pub encoding: Encoding,
    pub revision: Revision,
    pub current: Arc<AtomicU64>,
}

impl DocSnapshot {
    pub fn new(parts: SnapshotParts) -> DocSnapshot {
        DocSnapshot {
            uri: parts.uri,
            version: parts.version,
            generation: parts.generation,
            path: parts.path,
            template: parts.template,
            template_source: parts.template_source,
            histories: parts.histories,
            file: parts.file,
            settings: parts.settings,
            encoding: parts.encoding,
            revision: parts.revision,
            current: parts.current,
            text: OnceLock::new(),
            index: OnceLock::new(),
            proposal: OnceLock::new(),
            findings: OnceLock::new(),
        }
    }

    /// Whether the document changed (or closed) since this snapshot.
    pub fn is_stale(&self) -> bool {
        self.current.load(Ordering::Acquire) != self.generation
    }

    /// The parse tree (parsed here, incrementally, on first use).
    pub fn tree(&self) -> &Tree {
        self.revision.tree()
    }

    /// The text as one string (the engine reads contiguous text): all of
    /// it, or the part that is parsed and checked of a very large file
    /// ([`proposal_ls::document::PARSE_LIMIT`]).
    pub fn text(&self) -> &str {
        self.text.get_or_init(|| {
            let checked = self
                .revision
                .rope()
                .byte_slice(..self.revision.parsed_len());
            lone_cr_as_lf(checked.to_string())
        })
    }

    /// The whole text, as the client has it.
    pub fn full_text(&self) -> String {
        self.revision.rope().to_string()
    }

    /// Whether only the first part of the document is checked.
    pub fn is_partial(&self) -> bool {
        self.revision.parsed_len() < self.revision.rope().len_bytes()
    }

    /// The byte offset of a position, if it is in the checked part.
    pub fn checked_offset(&self, position: ls_types::Position) -> Option<usize> {
        let offset = self.conv().offset(position);
        let beyond = self.is_partial()
            && (offset >= self.text().len()
                || position.line as usize + 1 >= self.line_index().line_count());
        (!beyond).then_some(offset)
    }

    pub fn line_index(&self) -> &LineIndex {
        self.index.get_or_init(|| LineIndex::new(self.text()))
    }

    /// Byte offsets <-> LSP positions for this text.
    pub fn conv(&self) -> Conv<'_> {
        Conv {
            text: self.text(),
            index: self.line_index(),
            encoding: self.encoding,
        }
    }

    /// Whether the document is a proposal (features stay off otherwise):
    /// judged by path and by the first lines of its front matter.
    pub fn is_proposal(&self) -> bool {
        *self.proposal.get_or_init(|| {
            let rope = self.revision.rope();
            let head_end = rope.len_lines().min(HEAD_LINES);
            let head = rope.slice(..rope.line_to_char(head_end)).to_string();
            self.settings
                .is_proposal(self.path.as_deref(), &head, &self.template)
        })
    }

    /// The findings of this version at the configured rule levels (none for
    /// a document that is not a proposal), computed once.
    pub fn findings(&self) -> Arc<Vec<Finding>> {
        self.findings
            .get_or_init(|| {
                if !self.is_proposal() {
                    return Arc::new(Vec::new());
                }
                let _span = tracing::info_span!(
                    "analysis",
                    uri = self.uri.as_str(),
                    version = self.version
                )
                .entered();
                let history = self.history();
                let era = self.settings.era;
                let mut file = self.file_today();
                if era == Era::Window
                    && needs_added_on(self.text())
                    && let Some(path) = &self.path
                {
                    file.added_on = self.histories.added_on(path);
                }
                let findings = analyze_in_era(self.text(), self.tree(), &history, era, &file);
                Arc::new(self.settings.levels.apply(findings))
            })
            .clone()
    }

    /// The template history this document is judged by: read on the first
    /// analysis that needs it, on its worker, and cached for every document
    /// on the same template.
    pub fn history(&self) -> Arc<TemplateHistory> {
        let loaded = self
            .histories
            .of_source(&self.template_source, &self.template, today_date());
        if let Some(warning) = loaded.warning {
            tracing::warn!("{warning}");
        }
        loaded.history
    }

    /// What this version says of itself in its front matter, for its
    /// repository's index (a proposal in an indexed repository only).
    pub fn index_entry(&self) -> Option<(PathBuf, proposal_ls::repository::ProposalEntry)> {
        self.file.repository.as_ref()?;
        if !self.is_proposal() {
            return None;
        }
        let entry = proposal_ls::repository::ProposalEntry::read(self.text(), &self.template);
        Some((self.path.clone()?, entry))
    }

    /// The file context with today's date, for fixes that fill one in.
    pub fn file_today(&self) -> FileContext {
        let mut file = self.file.clone();
        file.today = Some(proposal_ls::workspace::today());
        file.whole_len = self.is_partial().then(|| self.revision.rope().len_bytes());
        file
    }
}
