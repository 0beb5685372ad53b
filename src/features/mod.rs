//! Editor features over the engine's parse: completion, hover, document
//! symbols and folding. Like the rest of the engine they take text, a
//! tree-sitter tree and the template, and return plain data with byte
//! offsets; the language server converts at the edge.

mod common;
pub mod completion;
pub mod hover;
pub mod outline;
pub mod people;
pub mod references;
pub mod workspace_symbols;

pub use completion::{CompletionItem, CompletionKind, complete};
pub use hover::{Hover, hover};
pub use outline::{Fold, FoldKind, Symbol, SymbolKind, document_symbols, folding_ranges};
