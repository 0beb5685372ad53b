//! The server's state, owned by the main loop and changed only there, in
//! the order messages arrive: open documents (rope, tree, version), client
//! capabilities, settings and templates, requests in flight, and when each
//! document's diagnostics are due.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use crossbeam_channel::Sender;
use ls_types::{Diagnostic, MessageType, Uri};
use lsp_server::{Message, Notification, Request, RequestId, Response};
use proposal_ls::document::{Document, TextChange};
use proposal_ls::history::Histories;
use proposal_ls::line_index::Encoding;
use proposal_ls::workspace::{Settings, TemplateSource, Templates};
use proposal_ls::{FileContext, Template};
use serde_json::{Value, json};

use super::capabilities::ClientCaps;
use super::config::ServerSettings;
use super::repositories::Repositories;
use super::snapshot::{DocSnapshot, SnapshotParts};
use super::task_pool::{TaskPool, catch_panic};
use super::to_proto::file_path;
use super::transport::{Outgoing, PublishDiagnostics};

/// What workers hand back to the main loop.
pub enum Event {
    Respond(Response),
    /// An analysis of one document generation ended; with what the
    /// document says of itself, for its repository's index.
    Analysed {
        uri: Uri,
        generation: u64,
        took: Duration,
        outcome: Analysis,
        entry: Option<Box<(PathBuf, proposal_ls::repository::ProposalEntry)>>,
    },
    /// A request to the client (e.g. `workspace/applyEdit`).
    ClientRequest {
        method: &'static str,
        params: Value,
    },
    Log(MessageType, String),
    /// A workspace root's repository index is ready, or changed; the
    /// documents whose findings that can change (`None`: any under the
    /// root).
    Indexed {
        root: PathBuf,
        repository: Arc<proposal_ls::repository::Repository>,
        kind: super::repositories::IndexKind,
        affected: Option<Vec<PathBuf>>,
    },
}

/// What an analysis produced.
pub enum Analysis {
    /// The `publishDiagnostics` parameters, built on the worker.
    Publish(PublishDiagnostics),
    /// The document changed meanwhile; nothing to publish.
    Stale,
    /// The analysis panicked (the message says where).
    Failed(String),
}

/// A document's state on the server. Each open, change and reload gives it
/// a new generation, unique for the server's lifetime: the client's version
/// numbers repeat when a document is reopened, generations never do.
pub struct OpenDoc {
    doc: Document,
    version: i32,
    generation: u64,
    /// The current generation, shared with snapshots so that work for an
    /// older one can tell (a closed or replaced document's is `GONE`).
    current: Arc<AtomicU64>,
    path: Option<PathBuf>,
    file: FileContext,
    /// Its nearest `.proposal-ls.toml` under the editor's settings.
    settings: Arc<Settings>,
    template: Arc<Template>,
    /// Where the template came from, which says whose history applies.
    template_source: TemplateSource,
    /// The snapshot of `version`, shared by every request on it.
    snapshot: Option<Arc<DocSnapshot>>,
    /// When its diagnostics should be computed (push clients).
    due: Option<Instant>,
    /// The generation an analysis is running for.
    analysing: Option<u64>,
    /// How long its last analysis took: a document slower to analyse than
    /// the diagnostics delay is never analysed on a keystroke's leading edge.
    last_analysis: Duration,
    last_change: Instant,
    /// The version and fingerprint of what was last published, so that an
    /// analysis that changes nothing the client sees (the repository index
    /// arriving, say) publishes nothing.
    published: Option<(Option<i32>, u64)>,
    /// The index took what its text says of itself, which the file on disk
    /// may not say: read the file again when it is closed.
    index_differs: bool,
    /// When it was last opened, changed or asked about: the warm documents
    /// ([`WARM_DOCUMENTS`]) are the most recent.
    last_used: Instant,
}

/// How many documents keep their parse tree and snapshot between uses:
/// the ones most recently opened, changed or asked about. A tree-sitter-md
/// tree is some 35 times its text; the others keep only their text, and
/// are parsed again (from scratch) at their next use.
const WARM_DOCUMENTS: usize = 8;

/// How long after the last close freed memory is given back to the system.
const TRIM_AFTER_CLOSE: Duration = Duration::from_millis(500);

/// The generation of a closed or replaced document.
pub const GONE: u64 = 0;

pub struct GlobalState {
    sender: Sender<Outgoing>,
    pub events: Sender<Event>,
    pub caps: Arc<ClientCaps>,
    pub encoding: Encoding,
    pub settings: ServerSettings,
    pub roots: Vec<PathBuf>,
    pub templates: Arc<Templates>,
    /// Template histories and repositories, read on first need by a worker.
    pub histories: Arc<Histories>,
    /// The repository index of each workspace root.
    pub repositories: Repositories,
    /// Changes when anything but a file's own text can change its findings
    /// (settings, templates, a repository index): part of workspace
    /// diagnostics' result ids.
    pub workspace_generation: u64,
    docs: HashMap<Uri, OpenDoc>,
    /// Requests in flight, with the flag `$/cancelRequest` sets.
    in_flight: HashMap<RequestId, Arc<AtomicBool>>,
    /// Requests we sent the client, by id: their method.
    sent: HashMap<RequestId, &'static str>,
    next_id: i32,
    next_generation: u64,
    /// Warnings already shown, so each is shown once.
    warned: HashSet<String>,
    /// Configuration files with errors published, until the next reload.
    broken_configs: HashSet<Uri>,
    /// URIs the client wrote invalidly (`lenient::repair_uris`), repaired
    /// to how the client spelt them: diagnostics go back under its words.
    pub client_spellings: HashMap<String, String>,
    /// When to give freed memory back (after documents were closed).
    trim_due: Option<Instant>,
    pub initialized: bool,
    pub shutdown_requested: bool,
    /// Light requests (hover, completion, outline).
    pub requests: TaskPool,
    /// Analyses, and the requests that need one (code actions, pulls).
    pub analyses: TaskPool,
}

impl GlobalState {
    pub fn new(sender: Sender<Outgoing>, events: Sender<Event>) -> std::io::Result<GlobalState> {
        let settings = ServerSettings::default();
        let repositories = Repositories::start(events.clone())?;
        Ok(GlobalState {
            sender,
            events,
            caps: Arc::new(ClientCaps::default()),
            encoding: Encoding::Utf16,
            settings,
            roots: Vec::new(),
            templates: Arc::new(Templates::new()),
            histories: Arc::new(Histories::new()),
            repositories,
            workspace_generation: 0,
            docs: HashMap::new(),
            in_flight: HashMap::new(),
            sent: HashMap::new(),
            next_id: 1,
            next_generation: GONE + 1,
            warned: HashSet::new(),
            broken_configs: HashSet::new(),
            client_spellings: HashMap::new(),
            trim_due: None,
            initialized: false,
            shutdown_requested: false,
            // Two of each, so one long analysis or request never holds up
            // another document's.
            requests: TaskPool::new("requests", 2)?,
            analyses: TaskPool::new("analysis", 2)?,
        })
    }

    pub fn send(&self, message: impl Into<Outgoing>) {
        // Fails only once the writer is gone, i.e. at exit.
        let _ = self.sender.send(message.into());
    }

    /// Publish diagnostics, under the client's spelling of the URI.
    pub fn publish(&self, mut params: PublishDiagnostics) {
        if let Some(spelt) = self.client_spellings.get(&params.uri) {
            params.uri = spelt.clone();
        }
        self.send(Outgoing::Diagnostics(params));
    }

    pub fn notify(&self, method: &str, mut params: Value) {
        if let Some(uri) = params.get_mut("uri")
            && let Some(spelt) = uri.as_str().and_then(|u| self.client_spellings.get(u))
        {
            *uri = Value::String(spelt.clone());
        }
        // Built directly: `Notification::new` would copy the value again.
        let method = method.to_string();
        self.send(Message::Notification(Notification { method, params }));
    }

    pub fn log(&self, kind: MessageType, message: impl Into<String>) {
        let message = message.into();
        match kind {
            MessageType::ERROR => tracing::error!("{message}"),
            MessageType::WARNING => tracing::warn!("{message}"),
            _ => tracing::info!("{message}"),
        }
        self.notify(
            "window/logMessage",
            json!({"type": kind, "message": message}),
        );
    }

    /// Log a warning once until the templates or settings change.
    pub fn warn_once(&mut self, message: String) {
        if self.warned.insert(message.clone()) {
            self.log(MessageType::WARNING, message);
        }
    }

    /// Send the client a request; its answer is only logged if it fails.
    pub fn request_client(&mut self, method: &'static str, params: Value) {
        let id = RequestId::from(self.next_id);
        self.next_id = self.next_id.wrapping_add(1);
        self.sent.insert(id.clone(), method);
        self.send(Message::Request(Request {
            id,
            method: method.to_string(),
            params,
        }));
    }

    /// The client answered one of our requests.
    pub fn on_client_response(&mut self, response: Response) {
        let method = self.sent.remove(&response.id).unwrap_or("a request");
        if let Err(e) = response.response_result {
            self.log(
                MessageType::WARNING,
                format!("the client refused {method}: {}", e.message),
            );
        }
    }

    /// Track a request until it is answered; returns its cancel flag.
    pub fn track(&mut self, id: &RequestId) -> Arc<AtomicBool> {
        let flag = Arc::new(AtomicBool::new(false));
        self.in_flight.insert(id.clone(), flag.clone());
        flag
    }

    pub fn cancel(&mut self, id: &RequestId) {
        if let Some(flag) = self.in_flight.get(id) {
            flag.store(true, Ordering::Release);
        }
    }

    pub fn respond(&mut self, response: Response) {
        self.in_flight.remove(&response.id);
        self.send(Message::Response(response));
    }

    // --- Documents ------------------------------------------------------

    fn new_generation(&mut self) -> u64 {
        let generation = self.next_generation;
        self.next_generation += 1;
        generation
    }

    pub fn open(&mut self, uri: Uri, text: &str, version: i32) {
        let path = file_path(&uri);
        let settings = self.settings_for(path.as_deref());
        let (template, template_source) = self.template_for(path.as_deref(), &settings);
        let mut file = path
            .as_deref()
            .map(FileContext::for_path)
            .unwrap_or_default();
        if let Some(path) = &path {
            // A file outside the client's folders is indexed with its own
            // root (an editor opened on one file).
            if let Some(root) = proposal_ls::workspace::workspace_root(path) {
                self.index_root(&root);
            }
            file.repository = self.repositories.place_of(path);
        }
        let now = Instant::now();
        // Pull clients ask for diagnostics; push clients get them now.
        let due = (!self.caps.pull_diagnostics).then_some(now);
        let generation = self.new_generation();
        let open = OpenDoc {
            doc: Document::new(text),
            version,
            generation,
            current: Arc::new(AtomicU64::new(generation)),
            path,
            file,
            settings,
            template,
            template_source,
            snapshot: None,
            due,
            analysing: None,
            last_analysis: Duration::ZERO,
            last_change: now,
            last_used: now,
            published: None,
            index_differs: false,
        };
        // Opened again without a close: work for the old text is stale.
        if let Some(old) = self.docs.insert(uri, open) {
            old.current.store(GONE, Ordering::Release);
        }
    }

    /// Apply a didChange: every change in order, one reparse. The content is
    /// always applied; an unexpected version is only logged.
    pub fn change(
        &mut self,
        uri: &Uri,
        version: i32,
        changes: &[TextChange],
    ) -> Result<(), String> {
        let encoding = self.encoding;
        let delay = self.settings.diagnostics_delay;
        let push = !self.caps.pull_diagnostics;
        let open = self
            .docs
            .get_mut(uri)
            .ok_or_else(|| format!("change to a document that is not open: {}", uri.as_str()))?;
        let odd_version = version <= open.version;
        let applied = open.doc.apply_changes(changes, encoding);
        let old_version = open.version;
        open.version = version;
        open.snapshot = None;
        let now = Instant::now();
        if push {
            // Right away after a pause (when the analysis is quick); after
            // a quiet period while typing.
            let quiet = now.duration_since(open.last_change) >= delay;
            let quick = open.last_analysis <= delay;
            open.due = Some(if quiet && quick { now } else { now + delay });
        }
        open.last_change = now;
        open.last_used = now;
        let generation = self.new_generation();
        if let Some(open) = self.docs.get_mut(uri) {
            open.generation = generation;
            open.current.store(generation, Ordering::Release);
        }
        if odd_version {
            self.log(
                MessageType::WARNING,
                format!(
                    "version {version} of {} follows version {old_version}; applied anyway",
                    uri.as_str()
                ),
            );
        }
        applied.map_err(|e| format!("cannot apply a change to {}: {e}", uri.as_str()))
    }

    pub fn close(&mut self, uri: &Uri) {
        if let Some(open) = self.docs.remove(uri) {
            // Work still running for it is now stale.
            open.current.store(GONE, Ordering::Release);
            // Give the freed memory back once the closing is over.
            self.trim_due = Some(Instant::now() + TRIM_AFTER_CLOSE);
            // The index goes back to what the file on disk says.
            if open.index_differs
                && let Some(path) = open.path
            {
                let configs = self.settings.configs.clone();
                let changed = vec![(path, ls_types::FileChangeType::CHANGED)];
                self.repositories
                    .files_changed(changed, &configs, &self.templates);
            }
        }
    }

    /// The snapshot of a document's current version (made once per version).
    pub fn snapshot(&mut self, uri: &Uri) -> Option<Arc<DocSnapshot>> {
        let encoding = self.encoding;
        let open = self.docs.get_mut(uri)?;
        let settings = open.settings.clone();
        let snapshot = open.snapshot.get_or_insert_with(|| {
            Arc::new(DocSnapshot::new(SnapshotParts {
                uri: uri.clone(),
                version: open.version,
                generation: open.generation,
                path: open.path.clone(),
                template: open.template.clone(),
                template_source: open.template_source.clone(),
                histories: self.histories.clone(),
                file: open.file.clone(),
                settings,
                encoding,
                revision: open.doc.revision(),
                current: open.current.clone(),
            }))
        });
        Some(snapshot.clone())
    }

    /// The paths of the open documents.
    pub fn open_paths(&self) -> std::collections::HashSet<PathBuf> {
        self.docs.values().filter_map(|d| d.path.clone()).collect()
    }

    /// What a request handler reads for `uri`, if it is open.
    pub fn snap(&mut self, uri: &Uri) -> Option<super::handlers::Snap> {
        if let Some(open) = self.docs.get_mut(uri) {
            open.last_used = Instant::now();
        }
        let doc = self.snapshot(uri)?;
        self.cool_down();
        Some(super::handlers::Snap {
            doc,
            caps: self.caps.clone(),
        })
    }

    /// Let the documents beyond the [`WARM_DOCUMENTS`] most recently used
    /// drop their trees and snapshots (not while being analysed: the
    /// analysis publishes from its snapshot and leaves it here).
    fn cool_down(&mut self) {
        let mut warm: Vec<(Instant, &mut OpenDoc)> = self
            .docs
            .values_mut()
            .filter(|d| d.snapshot.is_some() || d.doc.has_tree())
            .map(|d| (d.last_used, d))
            .collect();
        if warm.len() <= WARM_DOCUMENTS {
            return;
        }
        warm.sort_by_key(|w| std::cmp::Reverse(w.0));
        for (_, open) in warm.into_iter().skip(WARM_DOCUMENTS) {
            if open.analysing.is_none() {
                open.snapshot = None;
                open.doc.forget_tree();
            }
        }
    }

    /// The settings for a file: its nearest `.proposal-ls.toml` under the
    /// editor's settings. A broken configuration file is left out, logged
    /// once and published as diagnostics on its own URI.
    pub fn settings_for(&mut self, path: Option<&std::path::Path>) -> Arc<Settings> {
        let resolved = self.settings.configs.for_path(path);
        if let Some(config) = &resolved.config
            && !resolved.errors.is_empty()
            && let Some(uri) = Uri::from_file_path(config)
            && self.broken_configs.insert(uri.clone())
        {
            for e in resolved.errors.iter() {
                self.warn_once(format!(
                    "{e}; this configuration file is ignored until fixed"
                ));
            }
            self.publish(super::config::config_diagnostics(
                &uri,
                &resolved.errors,
                self.encoding,
            ));
        }
        resolved.settings
    }

    /// The template for a file and where it came from, logging (once) a
    /// template that cannot be read.
    pub fn template_for(
        &mut self,
        path: Option<&std::path::Path>,
        settings: &Settings,
    ) -> (Arc<Template>, TemplateSource) {
        let resolved =
            self.templates
                .resolve(path, settings, self.roots.first().map(PathBuf::as_path));
        if let Some(warning) = resolved.warning {
            self.warn_once(warning);
        }
        (resolved.template, resolved.source)
    }

    /// Index a workspace root in the background, unless it was already,
    /// with progress shown where the client can show it.
    pub fn index_root(&mut self, root: &std::path::Path) {
        let configs = self.settings.configs.clone();
        if !self.repositories.request(root, &configs, &self.templates) {
            return;
        }
        if self.caps.work_done_progress {
            let token = progress_token(root);
            self.request_client("window/workDoneProgress/create", json!({"token": token}));
            let title = "Indexing proposals";
            let message = root.display().to_string();
            let value = json!({"kind": "begin", "title": title, "message": message});
            self.notify("$/progress", json!({"token": token, "value": value}));
        }
    }

    /// A repository index is ready or changed: its open documents are
    /// analysed again with it.
    pub fn on_indexed(
        &mut self,
        root: PathBuf,
        repository: Arc<proposal_ls::repository::Repository>,
        kind: super::repositories::IndexKind,
        affected: Option<Vec<PathBuf>>,
    ) {
        use super::repositories::IndexKind;
        if kind == IndexKind::Headings {
            // Nothing the rules read changed. Reading them parsed every
            // proposal: give that memory back.
            self.repositories.set_ready(root, repository);
            self.trim_due = Some(Instant::now() + TRIM_AFTER_CLOSE);
            return;
        }
        if kind == IndexKind::Scanned && self.caps.work_done_progress {
            let message = format!(
                "{} proposals, {} files",
                repository.proposals().count(),
                repository.file_count()
            );
            let value = json!({"kind": "end", "message": message});
            self.notify(
                "$/progress",
                json!({"token": progress_token(&root), "value": value}),
            );
        }
        self.repositories.set_ready(root.clone(), repository);
        self.workspace_generation += 1;
        let under_root: Vec<(Uri, bool)> = self
            .docs
            .iter()
            .filter_map(|(uri, d)| {
                let path = d.path.as_ref().filter(|p| p.starts_with(&root))?;
                let affected = affected.as_ref().is_none_or(|a| a.contains(path));
                Some((uri.clone(), affected))
            })
            .collect();
        let push = !self.caps.pull_diagnostics;
        let mut any_affected = false;
        for (uri, affected) in &under_root {
            let place = self
                .docs
                .get(uri)
                .and_then(|d| d.path.as_deref())
                .and_then(|p| self.repositories.place_of(p));
            // Every document gets the new index with its next snapshot; the
            // text is the same version, so work on it is not stale (a pull
            // answered meanwhile still counts). Those whose findings can
            // change are analysed again.
            if let Some(open) = self.docs.get_mut(uri) {
                open.file.repository = place;
                open.snapshot = None;
                if push && *affected {
                    open.due = Some(Instant::now());
                }
            }
            any_affected |= *affected;
        }
        if any_affected && self.caps.pull_diagnostics && self.caps.diagnostic_refresh {
            self.request_client("workspace/diagnostic/refresh", Value::Null);
        }
    }

    /// Drop what was derived from a document's inputs and analyse it again.
    fn rediagnose(&mut self, uri: &Uri) {
        let generation = self.new_generation();
        let push = !self.caps.pull_diagnostics;
        if let Some(open) = self.docs.get_mut(uri) {
            open.snapshot = None;
            open.generation = generation;
            open.current.store(generation, Ordering::Release);
            if push {
                open.due = Some(Instant::now());
            }
        }
    }

    /// Templates, configuration files or settings changed: re-resolve every
    /// document's settings and template and re-diagnose them all.
    pub fn reload(&mut self) {
        self.workspace_generation += 1;
        self.templates.forget();
        self.histories.forget();
        self.settings.configs.forget();
        self.warned.clear();
        let was_broken = std::mem::take(&mut self.broken_configs);
        let configs = self.settings.configs.clone();
        self.repositories.reindex(&configs, &self.templates);
        let uris: Vec<Uri> = self.docs.keys().cloned().collect();
        for uri in uris {
            let path = self.docs.get(&uri).and_then(|d| d.path.clone());
            let settings = self.settings_for(path.as_deref());
            let (template, template_source) = self.template_for(path.as_deref(), &settings);
            if let Some(open) = self.docs.get_mut(&uri) {
                open.settings = settings;
                open.template = template;
                open.template_source = template_source;
            }
            self.rediagnose(&uri);
        }
        for fixed in was_broken.difference(&self.broken_configs) {
            self.publish(super::config::config_diagnostics(fixed, &[], self.encoding));
        }
        if self.caps.pull_diagnostics && self.caps.diagnostic_refresh {
            self.request_client("workspace/diagnostic/refresh", Value::Null);
        }
    }

    // --- Diagnostics ------------------------------------------------------

    /// How long until the next document's diagnostics (or the memory
    /// trim) are due.
    pub fn next_due(&self) -> Option<Duration> {
        let now = Instant::now();
        self.docs
            .values()
            .filter(|d| d.analysing.is_none())
            .filter_map(|d| d.due)
            .chain(self.trim_due)
            .min()
            .map(|due| due.saturating_duration_since(now))
    }

    /// Start the analyses that are due, one per document at a time (and
    /// give memory back when that is due).
    pub fn start_due_analyses(&mut self) {
        let now = Instant::now();
        if self.trim_due.is_some_and(|t| t <= now) {
            self.trim_due = None;
            super::memory::give_back();
        }
        let due: Vec<Uri> = self
            .docs
            .iter()
            .filter(|(_, d)| d.analysing.is_none() && d.due.is_some_and(|t| t <= now))
            .map(|(uri, _)| uri.clone())
            .collect();
        for uri in due {
            let Some(snapshot) = self.snapshot(&uri) else {
                continue;
            };
            if let Some(open) = self.docs.get_mut(&uri) {
                open.due = None;
                open.analysing = Some(snapshot.generation);
            }
            let caps = self.caps.clone();
            let events = self.events.clone();
            self.analyses.spawn(move || {
                let started = Instant::now();
                let outcome = match catch_panic(|| publish_params(&snapshot, &caps)) {
                    Ok(Some(params)) => Analysis::Publish(params),
                    Ok(None) => Analysis::Stale,
                    Err(panic) => Analysis::Failed(format!(
                        "internal error analysing {}: {panic}",
                        snapshot.uri.as_str()
                    )),
                };
                let took = started.elapsed();
                if took > Duration::from_millis(100) {
                    tracing::warn!(uri = snapshot.uri.as_str(), ?took, "slow analysis");
                }
                let entry = catch_panic(|| snapshot.index_entry())
                    .ok()
                    .flatten()
                    .map(Box::new);
                let _ = events.send(Event::Analysed {
                    uri: snapshot.uri.clone(),
                    generation: snapshot.generation,
                    took,
                    outcome,
                    entry,
                });
            });
        }
    }

    /// An analysis ended: publish it if its generation is still current.
    pub fn on_analysed(
        &mut self,
        uri: Uri,
        generation: u64,
        took: Duration,
        outcome: Analysis,
        entry: Option<Box<(PathBuf, proposal_ls::repository::ProposalEntry)>>,
    ) {
        if let Some((path, entry)) = entry.map(|e| *e)
            && self.docs.contains_key(&uri)
            // What the open text says of itself, as the other proposals see it.
            && self.repositories.open_entry(path, entry)
            && let Some(open) = self.docs.get_mut(&uri)
        {
            open.index_differs = true;
        }
        let Some(open) = self.docs.get_mut(&uri) else {
            return;
        };
        if open.analysing == Some(generation) {
            open.analysing = None;
            open.last_analysis = took;
        }
        if open.generation != generation {
            return;
        }
        let version = open.version;
        match outcome {
            Analysis::Publish(params) => {
                let seen = Some((params.version, params.fingerprint));
                if open.published == seen {
                    return;
                }
                open.published = seen;
                self.publish(params);
                self.cool_down();
            }
            Analysis::Stale => {}
            Analysis::Failed(message) => {
                open.published = None;
                self.log(MessageType::ERROR, message);
                // The last diagnostics point into older text: clear them.
                self.publish(PublishDiagnostics::new(&uri, Some(version), Vec::new()));
            }
        }
    }
}

/// The progress token of a root's indexing.
fn progress_token(root: &std::path::Path) -> String {
    format!("proposal-ls/index/{}", root.display())
}

/// The `publishDiagnostics` parameters for a snapshot, or `None` when the
/// document changed meanwhile (checked before and after the analysis).
fn publish_params(doc: &DocSnapshot, caps: &ClientCaps) -> Option<PublishDiagnostics> {
    let _span = tracing::info_span!("diagnostics", version = doc.version).entered();
    if doc.is_stale() {
        return None;
    }
    let findings = doc.findings();
    if doc.is_stale() {
        return None;
    }
    let diagnostics: Vec<Diagnostic> =
        super::to_proto::diagnostics(&findings, doc.conv(), &doc.uri, caps);
    Some(PublishDiagnostics::new(
        &doc.uri,
        Some(doc.version),
        diagnostics,
    ))
}
