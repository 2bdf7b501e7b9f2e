//! The headless commands: export, check, new, templates. Each returns an exit code: 0 ok,
//! 1 error-level diagnostics, 2 usage or input error.

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use crate::diagnostic::{Diagnostic, Severity, has_errors};
use crate::model::Briefing;
use crate::pipeline::{RenderOptions, Renderer};
use crate::templates::{DEFAULT_BRIEFING, Library};
use crate::{clock, io, pipeline};

/// Exit status: everything went well.
pub const EXIT_OK: u8 = 0;
/// Exit status: the briefing has error-level diagnostics.
pub const EXIT_DIAGNOSTICS: u8 = 1;
/// Exit status: the command line or an input file is wrong.
pub const EXIT_USAGE: u8 = 2;

/// Write briefings from template blocks; export a typeset PDF or Markdown.
#[derive(Debug, Parser)]
#[command(name = "briefdesk", version, about)]
pub struct Cli {
    /// Close the window as soon as the first frame is drawn (start-up timing, smoke tests).
    #[arg(long, global = true, hide = true)]
    pub exit_after_first_frame: bool,
    /// A folder of your own templates (blocks/*.md, briefings/*.md); defaults to
    /// $BRIEFDESK_TEMPLATES or ~/.local/share/briefdesk/templates.
    #[arg(long, global = true, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// What to do.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open the window on a briefing or a Markdown file (what `briefdesk` alone does with
    /// the sample).
    Open {
        /// The .briefing.json (or .md) file.
        file: PathBuf,
    },
    /// Export a briefing (the built-in sample when no file is given).
    Export {
        /// The .briefing.json file.
        file: Option<PathBuf>,
        /// Write a formatted PDF here.
        #[arg(long, value_name = "OUT.pdf")]
        pdf: Option<PathBuf>,
        /// Write Markdown here ('-' for standard output).
        #[arg(long, value_name = "OUT.md")]
        md: Option<PathBuf>,
        /// Export one variant: full, memo, handout or public.
        #[arg(long, value_name = "NAME")]
        variant: Option<crate::model::Variant>,
        /// For the handout and public variants, the highest marking level kept (default:
        /// the scheme's lowest, such as OFFICIAL or UNCLASSIFIED).
        #[arg(long, value_name = "LEVEL")]
        max_marking: Option<String>,
    },
    /// Check a briefing and list its problems.
    Check {
        /// The .briefing.json file (default: the built-in sample).
        file: Option<PathBuf>,
    },
    /// Start a new briefing from a template.
    New {
        /// The briefing template (see `briefdesk templates`).
        #[arg(long, default_value = DEFAULT_BRIEFING)]
        template: String,
        /// Where to write it.
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// The briefing's date, YYYY-MM-DD (default: today).
        #[arg(long)]
        date: Option<String>,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Make a briefing from an article (Markdown or plain text): split at its headings, each
    /// part matched to the closest block, boilerplate (contents, link lists, share prompts,
    /// repeated headlines) left out and reported.
    Import {
        /// The article.
        article: PathBuf,
        /// Where to write the briefing.
        #[arg(short, long, value_name = "FILE.briefing.json")]
        output: PathBuf,
        /// The briefing's date, YYYY-MM-DD (default: today).
        #[arg(long)]
        date: Option<String>,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
    /// List the briefing templates and blocks.
    Templates,
}

/// Runs a parsed command line, writing reports to `out` and `err`. Returns the exit code.
pub fn run(cli: Cli, out: &mut dyn std::io::Write, err: &mut dyn std::io::Write) -> u8 {
    let library = library(cli.templates.as_deref(), err);
    let result = match cli.command {
        None => window(None, cli.exit_after_first_frame, library, err),
        Some(Command::Open { file }) => {
            window(Some(file), cli.exit_after_first_frame, library, err)
        }
        Some(Command::Export {
            file,
            pdf,
            md,
            variant,
            max_marking,
        }) => export_command(
            file.as_deref(),
            pdf.as_deref(),
            md.as_deref(),
            RenderOptions {
                variant,
                ceiling: max_marking,
                ..RenderOptions::default()
            },
            out,
            err,
        ),
        Some(Command::Check { file }) => check_command(file.as_deref(), &library, out, err),
        Some(Command::New {
            template,
            output,
            date,
            force,
        }) => new_command(&library, &template, &output, date, force, err),
        Some(Command::Import {
            article,
            output,
            date,
            force,
        }) => import_command(&library, &article, &output, date, force, out, err),
        Some(Command::Templates) => {
            templates_command(&library, out);
            Ok(EXIT_OK)
        }
    };
    result.unwrap_or_else(|code| code)
}

/// Opens the window; started without a display it says so and suggests the commands.
fn window(
    file: Option<PathBuf>,
    exit_after_first_frame: bool,
    library: Library,
    err: &mut dyn std::io::Write,
) -> Result<u8, u8> {
    let options = crate::app::Options {
        file,
        journal: io::journal::Journal::in_user_data(),
        journal_delay: crate::app::JOURNAL_DELAY,
        dialogs: Box::new(crate::app::dialogs::Native),
        library,
        started: crate::clock::process_start(),
        exit_after_first_frame,
    };
    match crate::app::run(options) {
        Ok(()) => Ok(EXIT_OK),
        Err(message) => {
            let _ = writeln!(
                err,
                "briefdesk: {message}. Without a display, use a command such as 'briefdesk export --pdf out.pdf' (see 'briefdesk --help')"
            );
            Err(EXIT_USAGE)
        }
    }
}

fn library(folder: Option<&Path>, err: &mut dyn std::io::Write) -> Library {
    let mut library = Library::builtin();
    let folder = folder
        .map(Path::to_path_buf)
        .or_else(io::user_template_folder);
    if let Some(folder) = folder {
        let (files, errors) = io::read_template_folder(&folder);
        library.add_user_files(files);
        for error in errors {
            let _ = writeln!(err, "warning: {error}");
        }
    }
    for diagnostic in &library.diagnostics {
        let _ = writeln!(err, "{diagnostic}");
    }
    library
}

/// Loads the file, or the embedded sample when there is none.
fn load_or_sample(file: Option<&Path>, err: &mut dyn std::io::Write) -> Result<Briefing, u8> {
    match file {
        Some(path) => match io::load(path) {
            Ok(loaded) => {
                for note in loaded.migrations {
                    let _ = writeln!(err, "info: {note}: {}", path.display());
                }
                Ok(loaded.briefing)
            }
            Err(error) => {
                let _ = writeln!(err, "briefdesk: {error}");
                Err(EXIT_USAGE)
            }
        },
        None => match io::from_json(crate::templates::sample_json()) {
            Ok((briefing, _)) => Ok(briefing),
            Err(error) => {
                let _ = writeln!(err, "briefdesk: the built-in sample is damaged: {error}");
                Err(EXIT_USAGE)
            }
        },
    }
}

fn report(diagnostics: &[Diagnostic], name: &str, err: &mut dyn std::io::Write) {
    for d in diagnostics {
        let _ = writeln!(err, "{name}: {d}");
    }
}

fn export_command(
    file: Option<&Path>,
    pdf: Option<&Path>,
    md: Option<&Path>,
    options: RenderOptions,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> Result<u8, u8> {
    if pdf.is_none() && md.is_none() {
        let _ = writeln!(
            err,
            "briefdesk: nothing to export; name an output such as --pdf briefing.pdf or --md briefing.md"
        );
        return Err(EXIT_USAGE);
    }
    for target in [pdf, md].into_iter().flatten() {
        if let Some(input) = file
            && same_file(input, target)
        {
            let _ = writeln!(
                err,
                "briefdesk: the output would overwrite the briefing itself; choose another name: {}",
                target.display()
            );
            return Err(EXIT_USAGE);
        }
    }
    let briefing = load_or_sample(file, err)?;
    let name = file.map_or("sample".to_owned(), |f| f.display().to_string());
    let options = RenderOptions {
        folder: pipeline::document_folder(file).map(Path::to_path_buf),
        ..options
    }
    .dated_now();
    let mut diagnostics = Vec::new();
    let mut pdf_bytes = None;
    if pdf.is_some() {
        match Renderer::new().pdf(&briefing, &options) {
            Ok(exported) => {
                pdf_bytes = Some(exported.output);
                diagnostics = exported.diagnostics;
            }
            Err(error) => {
                let _ = writeln!(err, "briefdesk: {error}");
                return Err(EXIT_USAGE);
            }
        }
    }
    let markdown = match md.map(|_| pipeline::markdown(&briefing, &options)) {
        Some(Ok(exported)) => {
            if pdf.is_none() {
                diagnostics = exported.diagnostics;
            }
            Some(exported.output)
        }
        Some(Err(error)) => {
            let _ = writeln!(err, "briefdesk: {error}");
            return Err(EXIT_USAGE);
        }
        None => None,
    };
    report(&diagnostics, &name, err);
    if let (Some(path), Some(bytes)) = (pdf, &pdf_bytes) {
        write_output(path, bytes, out, err)?;
    }
    if let (Some(path), Some(text)) = (md, &markdown) {
        write_output(path, text.as_bytes(), out, err)?;
    }
    Ok(exit_for(&diagnostics))
}

/// Writes an export atomically, or to standard output for '-'.
fn write_output(
    path: &Path,
    bytes: &[u8],
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> Result<(), u8> {
    if path == Path::new("-") {
        return out.write_all(bytes).map_err(|_| EXIT_USAGE);
    }
    io::write_atomic(path, bytes).map_err(|error| {
        let _ = writeln!(err, "briefdesk: {error}");
        EXIT_USAGE
    })
}

fn check_command(
    file: Option<&Path>,
    library: &Library,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> Result<u8, u8> {
    let briefing = load_or_sample(file, err)?;
    let folder = pipeline::document_folder(file);
    let diagnostics = Renderer::new().check(&briefing, folder, library);
    let name = file.map_or("sample".to_owned(), |f| f.display().to_string());
    report(&diagnostics, &name, out);
    let count = |s: Severity, word: &str| {
        let n = diagnostics.iter().filter(|d| d.severity == s).count();
        format!("{n} {word}{}", if n == 1 { "" } else { "s" })
    };
    let _ = writeln!(
        out,
        "{name}: {}, {}, {}",
        count(Severity::Error, "error"),
        count(Severity::Warning, "warning"),
        count(Severity::Info, "note")
    );
    Ok(exit_for(&diagnostics))
}

/// The date given (checked) or today's.
fn date_or_today(date: Option<String>, err: &mut dyn std::io::Write) -> Result<String, u8> {
    let date = date.unwrap_or_else(clock::today);
    if crate::model::is_date(&date) {
        Ok(date)
    } else {
        let _ = writeln!(
            err,
            "briefdesk: '{date}' is not a date; write it as YYYY-MM-DD"
        );
        Err(EXIT_USAGE)
    }
}

/// Refuses to write over an existing file unless `--force` was given.
fn refuse_existing(output: &Path, force: bool, err: &mut dyn std::io::Write) -> Result<(), u8> {
    if output.exists() && !force {
        let _ = writeln!(
            err,
            "briefdesk: a file is already there; choose another name or add --force: {}",
            output.display()
        );
        return Err(EXIT_USAGE);
    }
    Ok(())
}

fn new_command(
    library: &Library,
    template: &str,
    output: &Path,
    date: Option<String>,
    force: bool,
    err: &mut dyn std::io::Write,
) -> Result<u8, u8> {
    let date = date_or_today(date, err)?;
    let Some(briefing) = library.new_briefing(template, &date) else {
        let names: Vec<String> = library.briefings().map(|t| t.id.clone()).collect();
        let _ = writeln!(
            err,
            "briefdesk: there is no briefing template '{template}'; choose one of {}",
            names.join(", ")
        );
        return Err(EXIT_USAGE);
    };
    refuse_existing(output, force, err)?;
    if let Err(error) = io::save(output, &briefing) {
        let _ = writeln!(err, "briefdesk: {error}");
        return Err(EXIT_USAGE);
    }
    Ok(EXIT_OK)
}

fn import_command(
    library: &Library,
    article: &Path,
    output: &Path,
    date: Option<String>,
    force: bool,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> Result<u8, u8> {
    let date = date_or_today(date, err)?;
    if same_file(article, output) {
        let _ = writeln!(
            err,
            "briefdesk: the briefing would overwrite the article; choose another name: {}",
            output.display()
        );
        return Err(EXIT_USAGE);
    }
    refuse_existing(output, force, err)?;
    let text = io::read_limited(article, io::MAX_FILE_BYTES).map_err(|error| {
        let _ = writeln!(err, "briefdesk: {error}");
        EXIT_USAGE
    })?;
    let imported = crate::templates::import::import(&text, library, &date);
    let name = article.display().to_string();
    report(&imported.report, &name, err);
    if let Err(error) = io::save(output, &imported.briefing) {
        let _ = writeln!(err, "briefdesk: {error}");
        return Err(EXIT_USAGE);
    }
    let _ = writeln!(
        out,
        "{}: \"{}\", {} sections:",
        output.display(),
        imported.briefing.meta.title,
        imported.briefing.sections.len()
    );
    for section in &imported.briefing.sections {
        let block = match section.block_id() {
            "" => "no block".to_owned(),
            id => id.to_owned(),
        };
        let _ = writeln!(out, "  {:<40} {block}", section.title);
    }
    Ok(EXIT_OK)
}

fn templates_command(library: &Library, out: &mut dyn std::io::Write) {
    let _ = writeln!(out, "Briefing templates:");
    for t in library.briefings() {
        let _ = writeln!(out, "  {:<22} {}", t.id, t.title);
        let _ = writeln!(out, "  {:<22} blocks: {}", "", t.blocks.join(", "));
    }
    let _ = writeln!(out, "\nBlocks:");
    for b in library.blocks() {
        let _ = writeln!(out, "  {:<22} {} ({})", b.id, b.title, b.kind.name());
    }
}

fn exit_for(diagnostics: &[Diagnostic]) -> u8 {
    if has_errors(diagnostics) {
        EXIT_DIAGNOSTICS
    } else {
        EXIT_OK
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
