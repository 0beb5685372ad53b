//! `proposal-ls config [FILE]`: the settings in force, each with where it
//! came from, and what they make of FILE.

use std::path::Path;
use std::process::ExitCode;

use proposal_ls::workspace::{Configs, SettingLine, Templates, describe_file, describe_settings};
use serde_json::json;

use super::check::{config_error, overrides};
use super::{ConfigArgs, ConfigFormat};

pub fn run(args: &ConfigArgs) -> ExitCode {
    let overrides = match overrides(&args.settings) {
        Ok(layer) => layer,
        Err(problems) => {
            for p in problems {
                eprintln!("proposal-ls: {p}");
            }
            return ExitCode::from(2);
        }
    };
    let configs = Configs::new(overrides);
    let here = Path::new(".");
    let target = args.file.as_deref().unwrap_or(here);
    let resolved = configs.for_path(Some(target));
    if !resolved.errors.is_empty() {
        for e in resolved.errors.iter() {
            eprintln!("proposal-ls: {}", config_error(e));
        }
        return ExitCode::from(2);
    }
    let config_file = resolved
        .config
        .as_deref()
        .map_or_else(|| "(none)".to_string(), |p| p.display().to_string());
    let settings = describe_settings(&resolved.settings);
    let file = args
        .file
        .as_deref()
        .map(|f| describe_file(f, &resolved.settings, &Templates::new(), None));
    match args.format {
        ConfigFormat::Text => {
            let mut out = format!(
                "configuration file: {}\n\nsettings:\n",
                shorten(&config_file)
            );
            out.push_str(&table(&settings));
            if let (Some(path), Some(lines)) = (&args.file, &file) {
                out.push_str(&format!("\n{}:\n", path.display()));
                out.push_str(&table(lines));
            }
            super::output::stdout(&out);
        }
        ConfigFormat::Json => {
            let value = json!({
                "config_file": resolved.config,
                "settings": settings,
                "file": args.file.as_ref().map(|path| json!({"path": path, "lines": file})),
            });
            match serde_json::to_string_pretty(&value) {
                Ok(s) => super::output::stdout(&format!("{s}\n")),
                Err(e) => {
                    eprintln!("proposal-ls: cannot write JSON: {e}");
                    return ExitCode::from(2);
                }
            }
        }
    }
    ExitCode::SUCCESS
}

/// `  label  value  (origin)`, labels and values padded into columns.
fn table(lines: &[SettingLine]) -> String {
    let label_width = lines.iter().map(|l| l.label.len()).max().unwrap_or(0);
    let value_width = lines
        .iter()
        .map(|l| shorten(&l.value).chars().count())
        .max()
        .unwrap_or(0);
    lines
        .iter()
        .map(|l| {
            let value = shorten(&l.value);
            format!(
                "  {:<label_width$}  {value:<value_width$}  ({})\n",
                l.label,
                shorten(&l.origin)
            )
        })
        .collect()
}

/// Absolute paths under the current directory, shown relative to it.
fn shorten(text: &str) -> String {
    match std::env::current_dir() {
        Ok(cwd) => {
            let prefix = format!("{}/", cwd.display());
            text.replace(&prefix, "")
        }
        Err(_) => text.to_string(),
    }
}
