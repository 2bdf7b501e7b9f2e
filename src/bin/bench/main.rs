//! Benchmark: generates briefing-like documents of 1, 10, 100, 1000 and 5000 pages (text,
//! lists, tables, footnotes), exports each to PDF in a fresh process as `briefdesk export`
//! does (streamed) and reports wall time, peak memory, bytes per page and each stage, then
//! times re-laying out one edited section of the 100-page document.
//!
//! Then review at scale (see `review.rs`): 500 comments and 500 suggestions on 100 pages,
//! and the comparison of two 100-page versions.
//!
//! Then the window's figures: a keystroke to the preview showing it (through the preview
//! worker the window uses, for the sample and 10-, 100- and 1000-page briefings), and, when a
//! display is available (`DISPLAY`, e.g. under `xvfb-run`), start to first frame and idle CPU
//! of the real `briefdesk` binary built beside this one.
//!
//! Run with `cargo build --release && xvfb-run -a cargo run --release --bin bench`.

mod review;
mod typography;
mod typst;

use std::process::Command;
use std::time::Instant;

use briefdesk::model::{Briefing, Section, Source, Status};
use briefdesk::pipeline::{RenderOptions, Renderer};

const SENTENCES: &[&str] = &[
    "Albania severed diplomatic relations with Iran after investigators attributed the July cyberattack to actors working for the Iranian state.",
    "The attack took many government online services offline for days, including portals that citizens use to pay taxes and request documents.",
    "Allies in NATO and the European Union issued statements of support, while Tehran denied any involvement and called the decision baseless.",
    "Analysts note that no agreed threshold tells a state when a cyber operation justifies a diplomatic break, which leaves room for escalation.",
    "The exiled opposition group that Albania hosts near Durrës had planned a summit for the week the attack began, a timing that drew attention.",
    "Microsoft reported that the intruders had been inside the networks for more than a year before the destructive phase began.",
];

fn section(i: usize) -> Section {
    let mut body = String::new();
    for p in 0..5 {
        for s in 0..4 {
            body.push_str(SENTENCES[(i + p + s) % SENTENCES.len()]);
            body.push(' ');
        }
        if p == 1 {
            body.push_str(&format!("This is cited [@S{}].[^n{i}]", 1 + i % 3));
        }
        body.push_str("\n\n");
    }
    body.push_str("- First point to note about the case.\n- Second point, with **emphasis** and a [link](https://example.org).\n- Third point.\n\n");
    body.push_str("| Date | Event | Source |\n|---|---|---|\n");
    for r in 0..5 {
        body.push_str(&format!(
            "| {} Sep 2022 | Event {r} of section {i} | S{} |\n",
            r + 1,
            1 + r % 3
        ));
    }
    body.push_str(&format!(
        "\n[^n{i}]: A footnote for section {i}, on the page that cites it.\n"
    ));
    Section {
        id: format!("s{i}"),
        block: "incident@1".into(),
        title: format!("Section {i}: developments"),
        body,
        ..Section::default()
    }
}

/// A briefing of about `pages` body pages.
fn briefing(pages: usize) -> Briefing {
    let mut b = Briefing::new(format!("Benchmark briefing, {pages} pages"));
    b.meta.status = Status::Draft;
    b.meta.date = "2026-11-26".into();
    for id in 1..=3 {
        b.sources.push(Source {
            id: format!("S{id}"),
            title: format!("Source {id}"),
            publisher: "Publisher".into(),
            ..Source::default()
        });
    }
    // Measured: one generated section fills about 1.1 pages.
    let sections = ((pages as f32) / 1.1).ceil().max(1.0) as usize;
    b.sections = (0..sections).map(section).collect();
    b
}

fn peak_memory_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse().ok()))
        })
        .unwrap_or(0)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("--typography-text") => return typography::print_text(),
        Some("--typst") => {
            // --typst [FILE.briefing.json|sample|typography] [VARIANT]
            let briefing = match args.get(2).map(String::as_str) {
                None | Some("sample") => {
                    briefdesk::io::from_json(briefdesk::templates::sample_json())
                        .map(|(b, _)| b)
                        .ok()
                }
                Some("typography") => Some(typography::briefing(10)),
                Some(path) => briefdesk::io::load(std::path::Path::new(path))
                    .map(|l| l.briefing)
                    .ok(),
            };
            let variant = args.get(3).and_then(|v| v.parse().ok());
            match briefing {
                Some(b) => typst::print(&b, variant),
                None => eprintln!("--typst: the briefing could not be read"),
            }
            return;
        }
        Some("--typography") => return typography::print_report(),
        Some("--review") => return review::print_report(&briefing(100)),
        Some("--keystroke") => {
            // --keystroke PAGES: the keystroke-to-preview figure alone, for profiling.
            let pages = args.get(2).and_then(|p| p.parse().ok()).unwrap_or(1000);
            keystroke_to_preview(&format!("{pages} pages"), &briefing(pages));
            return;
        }
        Some("--save") => {
            // --save PAGES FILE: the generated briefing of that many pages, for profiling.
            let pages = args.get(2).and_then(|p| p.parse().ok()).unwrap_or(100);
            let path = args.get(3).map_or("bench.briefing.json", String::as_str);
            if let Err(error) = briefdesk::io::save(std::path::Path::new(path), &briefing(pages)) {
                eprintln!("cannot write {path}: {error}");
            }
            return;
        }
        Some("--typography-file") => {
            let path = args
                .get(2)
                .map_or("typography.briefing.json", String::as_str);
            if let Err(error) =
                briefdesk::io::save(std::path::Path::new(path), &typography::briefing(10))
            {
                eprintln!("cannot write {path}: {error}");
            }
            return;
        }
        _ => {}
    }
    // Child mode: export one generated file as `briefdesk export` does, stage by stage, and
    // report each stage's time and the peak memory.
    if args.get(1).map(String::as_str) == Some("--child") {
        child(&args[2], &args[3]);
        return;
    }
    let dir = std::env::temp_dir().join(format!("briefdesk-bench-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let exe = std::env::current_exe().unwrap_or_default();
    println!(
        "{:>6} {:>7} {:>9} {:>8} {:>8} | {:>6} {:>7} {:>7} {:>7} {:>6}",
        "target",
        "pages",
        "time ms",
        "peak MB",
        "KB/page",
        "read",
        "compose",
        "layout",
        "pdf",
        "write"
    );
    for pages in [1usize, 10, 100, 1000, 5000] {
        let file = dir.join(format!("bench-{pages}.briefing.json"));
        let pdf = dir.join(format!("bench-{pages}.pdf"));
        if briefdesk::io::save(&file, &briefing(pages)).is_err() {
            eprintln!("cannot write {}", file.display());
            return;
        }
        let runs = if pages >= 1000 { 1 } else { 3 };
        let mut best: Option<(f64, Vec<String>)> = None;
        // A refused or failed export is a failure row, never "0 pages" or an old file's count.
        let mut failure: Option<String> = None;
        let _ = std::fs::remove_file(&pdf);
        for _ in 0..runs {
            let start = Instant::now();
            let output = Command::new(&exe)
                .args(["--child", &file.to_string_lossy(), &pdf.to_string_lossy()])
                .output();
            let elapsed = start.elapsed().as_secs_f64() * 1000.0;
            match output {
                Ok(output) => {
                    let text = String::from_utf8_lossy(&output.stdout);
                    let fields: Vec<String> = text
                        .lines()
                        .next()
                        .unwrap_or("")
                        .split_whitespace()
                        .map(str::to_owned)
                        .collect();
                    if fields.first().map(String::as_str) != Some("0") {
                        let said = text.lines().nth(1).unwrap_or("no message").to_owned();
                        failure = Some(format!("{}: {said}", fields.join(" ")));
                    } else if best.as_ref().is_none_or(|(t, _)| elapsed < *t) {
                        best = Some((elapsed, fields));
                    }
                }
                Err(error) => failure = Some(format!("could not run: {error}")),
            }
        }
        let (Some((time, fields)), None) = (best, &failure) else {
            println!("{pages:>6}  FAILED  {}", failure.unwrap_or_default());
            continue;
        };
        let bytes = std::fs::read(&pdf).unwrap_or_default();
        let actual = lopdf_page_count(&bytes).unwrap_or(0);
        let field = |i: usize| fields.get(i).map_or("?", String::as_str).to_owned();
        let memory: f64 = field(1).parse().unwrap_or(0.0);
        println!(
            "{pages:>6} {actual:>7} {time:>9.1} {:>8.1} {:>8.1} | {:>6} {:>7} {:>7} {:>7} {:>6}",
            memory / 1024.0,
            bytes.len() as f64 / 1024.0 / actual.max(1) as f64,
            field(2),
            field(3),
            field(4),
            field(5),
            field(6)
        );
    }

    // Re-laying out one edited section of the 100-page document, with the cache warm.
    let mut b = briefing(100);
    let mut renderer = Renderer::new();
    let options = RenderOptions::default();
    let _ = renderer.render(&b, &options);
    let mut compose_times = Vec::new();
    let mut layout_times = Vec::new();
    for round in 0..20 {
        b.sections[40].body.push_str(&format!(" Edit {round}."));
        if let Ok(rendered) = renderer.render(&b, &options) {
            compose_times.push(rendered.timings.compose.as_secs_f64() * 1000.0);
            layout_times.push(rendered.timings.layout.as_secs_f64() * 1000.0);
            std::hint::black_box(rendered);
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    println!(
        "one edited section of the 100-page document: layout median {:.1} ms (compose, the edited section converted and the rest from the cache, {:.1} ms)",
        median(&mut layout_times),
        median(&mut compose_times)
    );
    let _ = std::fs::remove_dir_all(&dir);

    pdf_per_keystroke("the sample", &briefdesk::app::sample());
    pdf_per_keystroke("10 pages", &briefing(10));
    keystroke_to_preview("the sample", &briefdesk::app::sample());
    keystroke_to_preview("10 pages", &briefing(10));
    keystroke_to_preview("100 pages", &briefing(100));
    keystroke_to_preview("1000 pages", &briefing(1000));
    review::print_report(&briefing(100));
    window_figures(&exe);
    typography::print_report();
}

/// One export as `briefdesk export FILE --pdf OUT` runs it, each stage timed. Prints
/// `code peak-KB read compose layout pdf write` (ms), then any message.
fn child(file: &str, out: &str) {
    let lap = {
        let mut last = Instant::now();
        move || {
            let now = Instant::now();
            let ms = (now - last).as_secs_f64() * 1000.0;
            last = now;
            format!("{ms:.0}")
        }
    };
    let mut lap = lap;
    let briefing = match briefdesk::io::load(std::path::Path::new(file)) {
        Ok(loaded) => loaded.briefing,
        Err(error) => return println!("2 {}\n{error}", peak_memory_kb()),
    };
    let read = lap();
    // As `briefdesk export` does it: streamed, each page written as it is set.
    let (exported, timings) = match Renderer::new().pdf_timed(&briefing, &RenderOptions::default())
    {
        Ok(done) => done,
        Err(error) => return println!("2 {}\n{error}", peak_memory_kb()),
    };
    let _ = lap();
    let ms = |d: std::time::Duration| format!("{:.0}", d.as_secs_f64() * 1000.0);
    let compose = ms(timings.compose);
    let layout = ms(timings.pictures + timings.layout);
    let pdf = ms(timings.pdf);
    drop(briefing);
    let bytes = exported.output;
    if let Err(error) = std::fs::write(out, &bytes) {
        return println!("1 {}\n{error}", peak_memory_kb());
    }
    let write = lap();
    println!(
        "0 {} {read} {compose} {layout} {pdf} {write}",
        peak_memory_kb()
    );
}

/// The other preview design (rasterising the real PDF) would write the PDF on every
/// keystroke before drawing anything: this times that step alone, from laid-out pages.
fn pdf_per_keystroke(name: &str, briefing: &Briefing) {
    let mut renderer = Renderer::new();
    let mut times = Vec::new();
    for _ in 0..10 {
        let Ok(rendered) = renderer.render(briefing, &RenderOptions::default()) else {
            println!("writing the PDF, {name}: the briefing was refused");
            return;
        };
        let start = Instant::now();
        let bytes = briefdesk::pipeline::write_pdf(rendered, None);
        times.push(start.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(bytes.ok());
    }
    times.sort_by(f64::total_cmp);
    println!(
        "writing the PDF from laid-out pages, {name}: median {:.1} ms (the rasterise-the-PDF preview would pay this per keystroke)",
        times[times.len() / 2]
    );
}

/// Times a keystroke (a character appended to a section in the middle) until the preview
/// worker has painted the page that shows it, with the worker warm, over 40 keystrokes.
fn keystroke_to_preview(name: &str, briefing: &Briefing) {
    keystroke_to_preview_as(name, briefing, false);
}

/// [`keystroke_to_preview`], the preview showing review when `review` is set.
fn keystroke_to_preview_as(name: &str, briefing: &Briefing, review: bool) {
    use briefdesk::pipeline::preview::{Request, Update, Worker};
    use std::sync::Arc;
    use std::time::Duration;

    let worker = Worker::start(|| {});
    let mut b = briefing.clone();
    let target = b.sections.len() / 2;
    let focus = Some(b.sections[target].id.clone());
    let mut generation = 0;
    // The time to the first painted page (the focused one), then waits for the rest, as a
    // pause in typing would.
    let laid_times = std::cell::RefCell::new(Vec::new());
    let run = |b: &Briefing, generation: u64| -> Option<f64> {
        let start = Instant::now();
        worker.request(Request {
            generation,
            briefing: Arc::new(b.clone()),
            file: None,
            scale: 0.85,
            focus: focus.clone(),
            variant: None,
            review,
            content: generation,
            // Every page, the edited section's first: the first painted page is the one shown.
            visible: 0..usize::MAX,
        });
        let mut first_page = None;
        while let Some(update) = worker.wait(Duration::from_secs(60)) {
            match update {
                Update::Page { generation: g, .. } if g == generation && first_page.is_none() => {
                    first_page = Some(start.elapsed().as_secs_f64() * 1000.0);
                }
                Update::Laid {
                    generation: g,
                    elapsed,
                    ..
                } if g == generation => {
                    laid_times.borrow_mut().push(elapsed.as_secs_f64() * 1000.0);
                }
                Update::Done { generation: g } if g == generation => break,
                _ => {}
            }
        }
        first_page
    };
    generation += 1;
    let _ = run(&b, generation);
    let mut times = Vec::new();
    for round in 0..40 {
        b.sections[target]
            .body
            .push(if round % 6 == 5 { ' ' } else { 'x' });
        generation += 1;
        if let Some(ms) = run(&b, generation) {
            times.push(ms);
        }
    }
    times.sort_by(f64::total_cmp);
    if times.is_empty() {
        println!("keystroke to preview, {name}: no page was painted");
        return;
    }
    let mut laid = laid_times.into_inner();
    laid.sort_by(f64::total_cmp);
    println!(
        "keystroke to preview, {name}: median {:.1} ms, 90th percentile {:.1} ms (of which compose and layout {:.1} ms)",
        times[times.len() / 2],
        times[times.len() * 9 / 10],
        laid.get(laid.len() / 2).copied().unwrap_or(0.0)
    );
}

/// Start to first frame and idle CPU of the real window; needs a display.
fn window_figures(bench: &std::path::Path) {
    if std::env::var_os("DISPLAY").is_none() {
        println!("window figures skipped: no DISPLAY (run under xvfb-run)");
        return;
    }
    let app = bench.with_file_name("briefdesk");
    if !app.is_file() {
        println!(
            "window figures skipped: build the app first ({})",
            app.display()
        );
        return;
    }
    let data = std::env::temp_dir().join(format!("briefdesk-bench-data-{}", std::process::id()));
    let mut firsts = Vec::new();
    for _ in 0..5 {
        let out = Command::new(&app)
            .arg("--exit-after-first-frame")
            .env("BRIEFDESK_TIMING", "1")
            .env("XDG_DATA_HOME", &data)
            .env("XDG_CONFIG_HOME", &data)
            .output();
        let Ok(out) = out else { continue };
        let text = String::from_utf8_lossy(&out.stderr);
        if let Some(ms) = text
            .split("first frame after ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse::<u64>().ok())
        {
            firsts.push(ms);
        }
    }
    firsts.sort_unstable();
    if let Some(median) = firsts.get(firsts.len() / 2) {
        println!(
            "start to first frame with the sample: median {median} ms of {} runs {firsts:?}",
            firsts.len()
        );
    }
    let child = Command::new(&app)
        .env("XDG_DATA_HOME", &data)
        .env("XDG_CONFIG_HOME", &data)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    let Ok(mut child) = child else {
        println!("idle CPU skipped: the window did not start");
        return;
    };
    std::thread::sleep(std::time::Duration::from_secs(4));
    let ticks = |pid: u32| -> Option<u64> {
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        let fields: Vec<&str> = stat.rsplit(')').next()?.split_whitespace().collect();
        Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
    };
    let before = ticks(child.id());
    std::thread::sleep(std::time::Duration::from_secs(10));
    let after = ticks(child.id());
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&data);
    if let (Some(before), Some(after)) = (before, after) {
        // Clock ticks are 1/100 s on Linux: ticks over 10 s are per-mille of one core.
        println!(
            "idle CPU over 10 s with nothing changing: {} ticks = {:.1} % of one core",
            after - before,
            (after - before) as f64 / 10.0
        );
    }
}

/// Counts `/Type /Page` objects: a rough page count without a PDF library in the binary.
fn lopdf_page_count(bytes: &[u8]) -> Option<usize> {
    // Parsed, since page objects may sit compressed in object streams.
    lopdf::Document::load_mem(bytes)
        .ok()
        .map(|doc| doc.get_pages().len())
}
