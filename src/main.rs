//! The `proposal-ls` binary: a thin front end over the engine.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
