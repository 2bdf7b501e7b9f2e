//! The headless commands: export, check, new, templates. Each returns an exit code: 0 ok,
//! 1 error-level diagnostics, 2 usage or input error.

use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};

use std::io::IsTerminal;

use crate::diagnostic::{Diagnostic, Severity, has_errors, kind_of, printable};
use crate::model::{Briefing, Variant};
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
        /// The .briefing.json (or .md) file; without one, the sample (as a desktop launcher
        /// starts it).
        file: Option<PathBuf>,
    },
    /// Export a briefing (the built-in sample when no file is given) as the full brief, or as
    /// the variant named.
    Export {
        /// The .briefing.json file.
        file: Option<PathBuf>,
        /// Write a formatted PDF here.
        #[arg(long, value_name = "OUT.pdf")]
        pdf: Option<PathBuf>,
        /// Write Markdown here ('-' for standard output).
        #[arg(long, value_name = "OUT.md")]
        md: Option<PathBuf>,
        /// Write a Word document here (Word's own styles, footnotes as Word footnotes).
        #[arg(long, value_name = "OUT.docx")]
        docx: Option<PathBuf>,
        /// The variant to export: full (the default), memo, handout or public.
        #[arg(long, value_name = "NAME")]
        variant: Option<crate::model::Variant>,
        /// For the handout and public variants, the highest marking level kept (default:
        /// the scheme's lowest, such as OFFICIAL or UNCLASSIFIED).
        #[arg(long, value_name = "LEVEL")]
        max_marking: Option<String>,
        /// The review copy: comments highlighted and numbered with their threads at the
        /// end, suggestions set as redline. Every other export leaves review out.
        #[arg(long)]
        review: bool,
    },
    /// Compare two versions of a briefing: the changed words, section by section, as a
    /// redline PDF (inserted text underlined, deleted struck through, change bars, a summary
    /// first) and as Markdown with CriticMarkup.
    Compare {
        /// The older version (.briefing.json).
        old: PathBuf,
        /// The newer version.
        new: PathBuf,
        /// Write the redline PDF here.
        #[arg(long, value_name = "OUT.pdf")]
        pdf: Option<PathBuf>,
        /// Write the changes as Markdown (CriticMarkup) here ('-' for standard output).
        #[arg(long, value_name = "OUT.md")]
        md: Option<PathBuf>,
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
    /// Make a briefing from an article (Markdown, plain text, a saved web page or a Word
    /// document): split at its headings, each part matched to the closest block,
    /// boilerplate (contents, link lists, share prompts, repeated headlines, page furniture)
    /// left out and reported.
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
    /// Add the sources of a BibTeX/BibLaTeX or CSL-JSON file (as Zotero exports) to a
    /// briefing's source ledger; an id the ledger has already keeps the ledger's entry.
    ImportSources {
        /// The bibliography: .bib, or CSL-JSON (.json).
        file: PathBuf,
        /// The briefing whose ledger receives them (written back in place).
        #[arg(long, value_name = "FILE.briefing.json")]
        into: PathBuf,
    },
    /// List the briefing templates and blocks.
    Templates,
}

/// Runs a parsed command line, writing reports to `out` and `err`. Returns the exit code.
pub fn run(cli: Cli, out: &mut dyn std::io::Write, err: &mut dyn std::io::Write) -> u8 {
    let library = library(cli.templates.as_deref(), err);
    let result = match cli.command {
        None => window(None, cli.exit_after_first_frame, library, err),
        Some(Command::Open { file }) => window(file, cli.exit_after_first_frame, library, err),
        Some(Command::Export {
            file,
            pdf,
            md,
            docx,
            variant,
            max_marking,
            review,
        }) => export_command(
            file.as_deref(),
            [pdf.as_deref(), md.as_deref(), docx.as_deref()],
            RenderOptions {
                variant,
                ceiling: max_marking,
                review,
                ..RenderOptions::default()
            },
            out,
            err,
        ),
        Some(Command::Compare { old, new, pdf, md }) => {
            compare_command(&old, &new, pdf.as_deref(), md.as_deref(), out, err)
        }
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
        Some(Command::ImportSources { file, into }) => {
            import_sources_command(&file, &into, out, err)
        }
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
        system_text_scale: crate::app::desktop::text_scale(),
        words: crate::lint::spelling::personal_file(),
    };
    match crate::app::run(options) {
        Ok(()) => Ok(EXIT_OK),
        Err(message) => {
            say(
                err,
                &format!(
                    "briefdesk: {message}. Without a display, use a command such as 'briefdesk export --pdf out.pdf' (see 'briefdesk --help')"
                ),
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
            say(err, &format!("warning: {error}"));
        }
    }
    for diagnostic in &library.diagnostics {
        say(err, &format!("{diagnostic}"));
    }
    library
}

/// Loads the file, or the embedded sample when there is none.
fn load_or_sample(file: Option<&Path>, err: &mut dyn std::io::Write) -> Result<Briefing, u8> {
    match file {
        Some(path) => match io::load(path) {
            Ok(loaded) => {
                for note in loaded.migrations {
                    say(err, &format!("info: {note}: {}", path.display()));
                }
                Ok(loaded.briefing)
            }
            Err(error) => {
                say(err, &format!("briefdesk: {error}"));
                Err(EXIT_USAGE)
            }
        },
        None => match io::from_json(crate::templates::sample_json()) {
            Ok((briefing, _)) => Ok(briefing),
            Err(error) => {
                say(
                    err,
                    &format!("briefdesk: the built-in sample is damaged: {error}"),
                );
                Err(EXIT_USAGE)
            }
        },
    }
}

/// How many findings of one kind are listed before the rest are counted.
const SHOWN_PER_KIND: usize = 20;

/// Lists diagnostics, one line each, at most [`SHOWN_PER_KIND`] of each kind (the same
/// mistake in a thousand sections is one line per section up to there, then a count).
fn report(diagnostics: &[Diagnostic], name: &str, to: &mut dyn std::io::Write) {
    // Per kind: how many, and the first message, to name the kind by.
    let mut seen: std::collections::HashMap<(Severity, String), (usize, &str)> =
        std::collections::HashMap::new();
    let mut order = Vec::new();
    for d in diagnostics {
        let kind = (d.severity, kind_of(&d.message));
        let entry = seen.entry(kind.clone()).or_insert((0, d.message.as_str()));
        entry.0 += 1;
        if entry.0 == 1 {
            order.push(kind);
        }
        if entry.0 <= SHOWN_PER_KIND {
            say(to, &format!("{name}: {d}"));
        }
    }
    for kind in order {
        let (count, first) = seen[&kind];
        if count > SHOWN_PER_KIND {
            let sample: String = first.chars().take(60).collect();
            let cut = if sample.len() < first.len() {
                "…"
            } else {
                ""
            };
            say(
                to,
                &format!(
                    "{name}: … and {} more {} like “{sample}{cut}”",
                    group_digits(count - SHOWN_PER_KIND),
                    match kind.0 {
                        Severity::Error => "errors",
                        Severity::Warning => "warnings",
                        Severity::Info => "notes",
                    }
                ),
            );
        }
    }
}

/// 99995 as "99 995", as the messages write counts.
fn group_digits(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

fn export_command(
    file: Option<&Path>,
    targets: [Option<&Path>; 3],
    options: RenderOptions,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> Result<u8, u8> {
    let [pdf, md, docx] = targets;
    const FLAGS: [&str; 3] = ["--pdf", "--md", "--docx"];
    if targets.iter().all(Option::is_none) {
        return Err(usage(
            err,
            "nothing to export; name an output such as --pdf briefing.pdf, --md briefing.md or --docx briefing.docx",
        ));
    }
    // The whole command is checked before anything is read, laid out or written.
    check_outputs(
        &[(FLAGS[0], pdf), (FLAGS[1], md), (FLAGS[2], docx)],
        file.into_iter().collect::<Vec<_>>().as_slice(),
        "the briefing itself",
        err,
    )?;
    clock::source_date_epoch().map_err(|message| usage(err, &message))?;
    let briefing = load_or_sample(file, err)?;
    check_ceiling(&briefing, options.ceiling.as_deref()).map_err(|m| usage(err, &m))?;
    let name = file.map_or("sample".to_owned(), |f| f.display().to_string());
    let options = RenderOptions {
        // Without a variant named, the export is the full brief.
        variant: options.variant.or(Some(Variant::Full)),
        folder: pipeline::document_folder(file).map(Path::to_path_buf),
        ..options
    }
    .dated_now();
    let mut diagnostics = Vec::new();
    let mut pdf_bytes = None;
    if pdf.is_some() {
        let exported = Renderer::new()
            .pdf(&briefing, &options)
            .map_err(|error| usage(err, &error.to_string()))?;
        pdf_bytes = Some(exported.output);
        diagnostics = exported.diagnostics;
    }
    let mut markdown = None;
    if md.is_some() {
        let exported = pipeline::markdown(&briefing, &options)
            .map_err(|error| usage(err, &error.to_string()))?;
        if pdf.is_none() {
            diagnostics = exported.diagnostics;
        }
        markdown = Some(exported.output);
    }
    let mut word = None;
    if docx.is_some() {
        let exported =
            pipeline::docx(&briefing, &options).map_err(|error| usage(err, &error.to_string()))?;
        if pdf.is_none() && md.is_none() {
            diagnostics = exported.diagnostics;
        }
        word = Some(exported.output);
    }
    if !options.review
        && let Some(left_out) = crate::lint::review_left_out(&briefing)
    {
        diagnostics.push(Diagnostic::warning(left_out));
    }
    report(&diagnostics, &name, err);
    write_outputs(
        &[
            (pdf, pdf_bytes.as_deref()),
            (md, markdown.as_ref().map(String::as_bytes)),
            (docx, word.as_deref()),
        ],
        out,
        err,
    )?;
    Ok(exit_for(&diagnostics))
}

/// Standard output, as an output's name.
const STDOUT: &str = "-";

/// Checks the outputs `(flag, path)` before any work: no two name one file, a binary one
/// (`--pdf`, `--docx`) is not written into a terminal, none overwrites an input (`inputs`,
/// called `what` in the message), and each can be written.
fn check_outputs(
    outputs: &[(&str, Option<&Path>)],
    inputs: &[&Path],
    what: &str,
    err: &mut dyn std::io::Write,
) -> Result<(), u8> {
    let stdout = Path::new(STDOUT);
    for (i, (flag_a, a)) in outputs.iter().enumerate() {
        for (flag_b, b) in outputs.iter().skip(i + 1) {
            if let (Some(a), Some(b)) = (a, b)
                && (a == b || same_file(a, b))
            {
                return Err(usage(
                    err,
                    &format!(
                        "{flag_a} and {flag_b} name the same file; give each its own: {}",
                        a.display()
                    ),
                ));
            }
        }
    }
    for (flag, kind) in [("--pdf", "PDF"), ("--docx", "DOCX")] {
        let binary_to_terminal = outputs
            .iter()
            .any(|(f, path)| *f == flag && *path == Some(stdout));
        if binary_to_terminal && std::io::stdout().is_terminal() {
            let extension = kind.to_lowercase();
            return Err(usage(
                err,
                &format!(
                    "a {kind} is binary and is not written to a terminal; redirect it ({flag} - > out.{extension}) or name a file"
                ),
            ));
        }
    }
    for target in outputs
        .iter()
        .filter_map(|(_, path)| *path)
        .filter(|t| *t != stdout)
    {
        if inputs.iter().any(|input| same_file(input, target)) {
            return Err(usage(
                err,
                &format!(
                    "the output would overwrite {what}; choose another name: {}",
                    target.display()
                ),
            ));
        }
        io::check_writable(target).map_err(|error| usage(err, &error.to_string()))?;
    }
    Ok(())
}

/// Writes every output that has bytes: every file or none (each is written beside its
/// target first, then all are renamed), then what goes to standard output.
fn write_outputs(
    outputs: &[(Option<&Path>, Option<&[u8]>)],
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> Result<(), u8> {
    let stdout = Path::new(STDOUT);
    let files: Vec<(&Path, &[u8])> = outputs
        .iter()
        .filter_map(|(path, bytes)| Some(((*path)?, (*bytes)?)))
        .filter(|(path, _)| *path != stdout)
        .collect();
    io::write_all_atomic(&files, io::Readers::Umask)
        .map_err(|error| usage(err, &error.to_string()))?;
    for (path, bytes) in outputs {
        if let (Some(path), Some(bytes)) = (path, bytes)
            && *path == stdout
        {
            out.write_all(bytes).map_err(|_| EXIT_USAGE)?;
        }
    }
    Ok(())
}

fn compare_command(
    old_file: &Path,
    new_file: &Path,
    pdf: Option<&Path>,
    md: Option<&Path>,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> Result<u8, u8> {
    check_outputs(
        &[("--pdf", pdf), ("--md", md)],
        &[old_file, new_file],
        "a version being compared",
        err,
    )?;
    let old = load_or_sample(Some(old_file), err)?;
    let new = load_or_sample(Some(new_file), err)?;
    let comparison = crate::compare::compare(&old, &new);
    let label = |path: &Path, b: &Briefing| {
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        match (b.meta.version.trim(), b.meta.date.trim()) {
            ("", "") => name,
            (v, "") => format!("{name} (version {v})"),
            ("", d) => format!("{name} ({d})"),
            (v, d) => format!("{name} (version {v}, {d})"),
        }
    };
    let labels = (label(old_file, &old), label(new_file, &new));
    let redline = comparison.redline(&old, &new, (&labels.0, &labels.1));
    let s = &comparison.summary;
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let summary = format!(
        "{} changed, {} added, {} removed, {} moved; {} added, {} removed; {} opened, {} resolved",
        count(s.changed, "section", "sections"),
        s.added,
        s.removed,
        s.moved,
        count(s.words_added, "word", "words"),
        s.words_removed,
        count(s.comments_opened, "comment", "comments"),
        s.comments_resolved
    );
    let options = RenderOptions {
        review: true,
        compact: true,
        folder: pipeline::document_folder(Some(new_file)).map(Path::to_path_buf),
        ..RenderOptions::default()
    }
    .dated_now();
    let pdf_bytes = match pdf {
        Some(_) => Some(
            Renderer::new()
                .pdf(&redline, &options)
                .map_err(|error| usage(err, &error.to_string()))?
                .output,
        ),
        None => None,
    };
    let markdown = match md {
        Some(_) => Some(
            pipeline::markdown(&redline, &options)
                .map_err(|error| usage(err, &error.to_string()))?
                .output,
        ),
        None => None,
    };
    write_outputs(
        &[
            (pdf, pdf_bytes.as_deref()),
            (md, markdown.as_ref().map(String::as_bytes)),
        ],
        out,
        err,
    )?;
    // The summary goes to standard output unless a file is written there.
    let stdout = Path::new(STDOUT);
    let summary_to: &mut dyn std::io::Write = if [pdf, md].contains(&Some(stdout)) {
        err
    } else {
        out
    };
    say(summary_to, &summary);
    for change in comparison
        .sections
        .iter()
        .filter(|c| c.fate != crate::compare::Fate::Unchanged || c.moved)
    {
        let what = match change.fate {
            crate::compare::Fate::Added => "added".to_owned(),
            crate::compare::Fate::Removed => "removed".to_owned(),
            _ if change.hunks.is_empty() => "moved".to_owned(),
            _ if change.hunks.len() == 1 => "1 change".to_owned(),
            _ => format!("{} changes", change.hunks.len()),
        };
        say(summary_to, &format!("  {}: {what}", change.title.trim()));
    }
    Ok(EXIT_OK)
}

/// Checks a `--max-marking` level against the briefing's marking scheme.
fn check_ceiling(briefing: &Briefing, ceiling: Option<&str>) -> Result<(), String> {
    let Some(level) = ceiling else {
        return Ok(());
    };
    let scheme = briefing.meta.marking.scheme;
    if scheme.rank(level).is_some() {
        return Ok(());
    }
    let levels: Vec<&str> = scheme.levels().iter().map(|l| l.0).collect();
    Err(if levels.is_empty() {
        format!(
            "--max-marking '{level}': this briefing has no marking scheme, so there is no level to keep below"
        )
    } else {
        format!(
            "--max-marking '{level}' is not a level of this briefing's marking scheme; choose one of {}",
            levels.join(", ")
        )
    })
}

/// Says what is wrong with the command (one line, after `briefdesk: `) and gives the exit
/// status for it.
fn usage(err: &mut dyn std::io::Write, message: &str) -> u8 {
    say(err, &format!("briefdesk: {message}"));
    EXIT_USAGE
}

/// Prints one line, with any control character from a file shown as `\u{..}`.
fn say(to: &mut dyn std::io::Write, line: &str) {
    let _ = writeln!(to, "{}", printable(line));
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
    say(
        out,
        &format!(
            "{name}: {}, {}, {}",
            count(Severity::Error, "error"),
            count(Severity::Warning, "warning"),
            count(Severity::Info, "note")
        ),
    );
    Ok(exit_for(&diagnostics))
}

/// The date given (checked) or today's.
fn date_or_today(date: Option<String>, err: &mut dyn std::io::Write) -> Result<String, u8> {
    let date = date.unwrap_or_else(clock::today);
    if crate::model::is_date(&date) {
        Ok(date)
    } else {
        say(
            err,
            &format!("briefdesk: '{date}' is not a date; write it as YYYY-MM-DD"),
        );
        Err(EXIT_USAGE)
    }
}

/// Refuses to write over an existing file unless `--force` was given.
fn refuse_existing(output: &Path, force: bool, err: &mut dyn std::io::Write) -> Result<(), u8> {
    if output.exists() && !force {
        say(
            err,
            &format!(
                "briefdesk: a file is already there; choose another name or add --force: {}",
                output.display()
            ),
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
        say(
            err,
            &format!(
                "briefdesk: there is no briefing template '{template}'; choose one of {}",
                names.join(", ")
            ),
        );
        return Err(EXIT_USAGE);
    };
    refuse_existing(output, force, err)?;
    if let Err(error) = io::save(output, &briefing) {
        say(err, &format!("briefdesk: {error}"));
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
        say(
            err,
            &format!(
                "briefdesk: the briefing would overwrite the article; choose another name: {}",
                output.display()
            ),
        );
        return Err(EXIT_USAGE);
    }
    refuse_existing(output, force, err)?;
    let bytes = io::read_limited_bytes(article, io::MAX_FILE_BYTES).map_err(|error| {
        say(err, &format!("briefdesk: {error}"));
        EXIT_USAGE
    })?;
    let imported = crate::templates::import::import_bytes(article, &bytes, library, &date)
        .map_err(|error| usage(err, &format!("{error}: {}", article.display())))?;
    let name = article.display().to_string();
    report(&imported.report, &name, err);
    if let Err(error) = io::save(output, &imported.briefing) {
        say(err, &format!("briefdesk: {error}"));
        return Err(EXIT_USAGE);
    }
    say(
        out,
        &format!(
            "{}: \"{}\", {} sections:",
            output.display(),
            imported.briefing.meta.title,
            imported.briefing.sections.len()
        ),
    );
    for section in &imported.briefing.sections {
        let block = match section.block_id() {
            "" => "no block".to_owned(),
            id => id.to_owned(),
        };
        say(out, &format!("  {:<40} {block}", section.title));
    }
    Ok(EXIT_OK)
}

fn import_sources_command(
    file: &Path,
    into: &Path,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
) -> Result<u8, u8> {
    let text = io::read_limited(file, io::MAX_FILE_BYTES).map_err(|error| {
        say(err, &format!("briefdesk: {error}"));
        EXIT_USAGE
    })?;
    let imported = io::bibliography::read(&text)
        .map_err(|message| usage(err, &format!("{message}: {}", file.display())))?;
    let mut briefing = match io::load(into) {
        Ok(loaded) => loaded.briefing,
        Err(error) => return Err(usage(err, &error.to_string())),
    };
    for skipped in &imported.skipped {
        say(err, &format!("{}: {skipped}", file.display()));
    }
    let read = imported.sources.len();
    let kept = io::bibliography::merge(&mut briefing.sources, imported.sources);
    if let Err(error) = io::save(into, &briefing) {
        say(err, &format!("briefdesk: {error}"));
        return Err(EXIT_USAGE);
    }
    say(
        out,
        &format!(
            "{}: {} of {read} sources added to the ledger",
            into.display(),
            read - kept.len()
        ),
    );
    if !kept.is_empty() {
        say(
            out,
            &format!(
                "  already in the ledger, kept as they were: {}",
                kept.join(", ")
            ),
        );
    }
    Ok(EXIT_OK)
}

fn templates_command(library: &Library, out: &mut dyn std::io::Write) {
    say(out, "Briefing templates:");
    for t in library.briefings() {
        say(out, &format!("  {:<22} {}", t.id, t.title));
        say(
            out,
            &format!("  {:<22} blocks: {}", "", t.blocks.join(", ")),
        );
    }
    say(out, "");
    say(out, "Blocks:");
    for b in library.blocks() {
        say(
            out,
            &format!("  {:<22} {} ({})", b.id, b.title, b.kind.name()),
        );
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
