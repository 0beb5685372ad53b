//! The `proposal-ls` binary: two thin front ends over the engine, the CLI
//! (`check`, `explain`) and the language server (no arguments, or `serve`).

mod cli;
mod lsp;

fn main() -> std::process::ExitCode {
    cli::run()
}
