//! Pathological Markdown, timed: every shape in `tests/shapes` at the reference suite's size
//! through compose, the checks, layout, both exports and the editor's colouring (which runs
//! whatever the size, since the limit is on setting text, not editing it), each in a fresh
//! process (so one
//! shape's memory does not count against the next, and a runaway can be stopped), then each
//! at N, 2N and 4N to show how time grows with the input.
//!
//! Run with `cargo bench --bench pathological` (add `-- --quick` for a quarter of the sizes).
//! It exits non-zero when a shape takes more than 5 s, or time grows clearly faster than the
//! input does.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/shapes/mod.rs"]
mod shapes;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use briefdesk::pipeline::{RenderOptions, Renderer};

/// The budget for one shape, start to both exports, beside [`PER_PAGE_MS`] for each page set.
const BUDGET: Duration = Duration::from_secs(5);
/// What each page set may add to the budget: the 1 000-page target (2.5 s) per page.
const PER_PAGE_MS: f64 = 2.5;
/// A child still running after this is stopped and counted as a failure.
const STOP_AFTER: Duration = Duration::from_secs(60);

fn peak_memory_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1).and_then(|n| n.parse().ok()))
        })
        .unwrap_or(0)
}

/// Child: one shape at one size. Prints `ms compose check layout pdf markdown editor total`, the
/// page count, peak memory, and the first error (a refusal), tab-separated.
fn child(name: &str, n: usize) {
    let shape = shapes::SHAPES.iter().find(|s| s.name == name).unwrap();
    let body = shape.at(n);
    let mut briefing = briefdesk::model::Briefing::new("Pathological input");
    for (i, body) in shapes::sections(&body).into_iter().enumerate() {
        briefing.sections.push(briefdesk::model::Section {
            id: format!("s{i}"),
            title: format!("Section {i}"),
            body,
            ..Default::default()
        });
    }
    let library = briefdesk::templates::Library::builtin();
    let start = Instant::now();
    let mut lap = {
        let mut last = Instant::now();
        move || {
            let now = Instant::now();
            let ms = (now - last).as_secs_f64() * 1000.0;
            last = now;
            ms
        }
    };
    // Each stage in turn, as an export runs them (the checks as `briefdesk check` runs them).
    let rendered = match Renderer::new().render(&briefing, &RenderOptions::default()) {
        Ok(rendered) => rendered,
        Err(refused) => {
            println!("0 0 0 0 0 0 0\t0 0 0 0\trefused: {refused}");
            return;
        }
    };
    let _ = lap();
    let t_compose = rendered.timings.compose.as_secs_f64() * 1000.0;
    let t_layout = (rendered.timings.pictures + rendered.timings.layout).as_secs_f64() * 1000.0;
    let pages = rendered.pages.pages.len();
    Renderer::new().check(&briefing, None, &library);
    let t_check = lap();
    let markdown = briefdesk::export::markdown::to_markdown(&rendered.document);
    let t_markdown = lap();
    let pdf = briefdesk::pipeline::write_pdf(rendered, None)
        .map(|exported| exported.output)
        .unwrap_or_default();
    let t_pdf = lap();
    // The editor colours the body each time it changes, whatever its size.
    let job =
        briefdesk::ui::highlight::markdown(&egui::Style::default(), &briefing.sections[0].body);
    assert_eq!(job.text.len(), briefing.sections[0].body.len());
    for section in &briefing.sections[1..] {
        briefdesk::ui::highlight::markdown(&egui::Style::default(), &section.body);
    }
    let t_editor = lap();
    let total = start.elapsed().as_secs_f64() * 1000.0;
    println!(
        "{t_compose:.0} {t_check:.0} {t_layout:.0} {t_pdf:.0} {t_markdown:.0} {t_editor:.0} {total:.0}\t{pages} {} {} {}\t",
        pdf.len(),
        markdown.len(),
        peak_memory_kb() / 1024,
    );
}

struct Run {
    /// compose, check, layout, pdf, markdown, editor, total (ms)
    times: Vec<f64>,
    pages: usize,
    pdf_bytes: usize,
    peak_mb: u64,
    refusal: String,
}

fn run(name: &str, n: usize) -> Result<Run, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut process = Command::new(exe)
        .args(["--child", name, &n.to_string()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let start = Instant::now();
    loop {
        if process.try_wait().map_err(|e| e.to_string())?.is_some() {
            break;
        }
        if start.elapsed() > STOP_AFTER {
            let _ = process.kill();
            let _ = process.wait();
            return Err(format!("stopped after {} s", STOP_AFTER.as_secs()));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let output = process.wait_with_output().map_err(|e| e.to_string())?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(format!(
            "failed ({}): {}",
            output.status,
            stderr.lines().last().unwrap_or_default()
        ));
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut fields = stdout.trim_end_matches('\n').splitn(3, '\t');
    let times = fields
        .next()
        .unwrap_or_default()
        .split(' ')
        .filter_map(|t| t.parse().ok())
        .collect();
    let counts: Vec<usize> = fields
        .next()
        .unwrap_or_default()
        .split(' ')
        .filter_map(|t| t.parse().ok())
        .collect();
    Ok(Run {
        times,
        pages: counts.first().copied().unwrap_or(0),
        pdf_bytes: counts.get(1).copied().unwrap_or(0),
        peak_mb: counts.get(3).copied().unwrap_or(0) as u64,
        refusal: fields.next().unwrap_or_default().to_owned(),
    })
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--child") {
        child(&args[i + 1], args[i + 2].parse().unwrap());
        return;
    }
    let divisor = if args.iter().any(|a| a == "--quick") {
        4
    } else {
        1
    };
    let only: Option<&String> = args
        .iter()
        .position(|a| a == "--shape")
        .and_then(|i| args.get(i + 1));
    let mut failures = Vec::new();

    println!("Full size (each in a fresh process; ms per stage):");
    println!(
        "{:<36} {:>9} {:>8} {:>7} {:>7} {:>7} {:>7} {:>7} {:>7} {:>6} {:>7} {:>5}  refused with",
        "shape",
        "bytes",
        "compose",
        "check",
        "layout",
        "pdf",
        "md",
        "editor",
        "total",
        "pages",
        "pdf KB",
        "MB"
    );
    for shape in shapes::SHAPES {
        if only.is_some_and(|o| o != shape.name) {
            continue;
        }
        let n = (shape.full / divisor).max(1);
        let bytes = shape.at(n).len();
        match run(shape.name, n) {
            Ok(r) => {
                let t = |i: usize| r.times.get(i).copied().unwrap_or(f64::NAN);
                println!(
                    "{:<36} {bytes:>9} {:>8.0} {:>7.0} {:>7.0} {:>7.0} {:>7.0} {:>7.0} {:>7.0} {:>6} {:>7} {:>5}  {}",
                    shape.name,
                    t(0),
                    t(1),
                    t(2),
                    t(3),
                    t(4),
                    t(5),
                    t(6),
                    r.pages,
                    r.pdf_bytes / 1024,
                    r.peak_mb,
                    r.refusal
                );
                // The budget grows with the pages set, never with anything else.
                let budget = BUDGET.as_secs_f64() * 1000.0 + PER_PAGE_MS * r.pages as f64;
                if t(6) > budget {
                    failures.push(format!(
                        "{}: {:.1} s for {} pages",
                        shape.name,
                        t(6) / 1000.0,
                        r.pages
                    ));
                }
                if !r.refusal.is_empty() {
                    failures.push(format!("{}: {}", shape.name, r.refusal));
                }
            }
            Err(e) => {
                println!("{:<36} {bytes:>9} {e}", shape.name);
                failures.push(format!("{}: {e}", shape.name));
            }
        }
    }

    println!("\nScaling: total ms at N, 2N, 4N (N = a quarter of the full size), and k where time");
    println!("grows as size^k from N to 4N (1 = linear, 2 = quadratic):");
    for shape in shapes::SHAPES {
        if only.is_some_and(|o| o != shape.name) {
            continue;
        }
        // N is a quarter of the full size, so 4N is the full size.
        let base = (shape.full / 4 / divisor).max(1);
        let mut points = Vec::new();
        for k in [1, 2, 4] {
            let n = base * k;
            let bytes = shape.at(n).len() as f64;
            // The best of five, so a scheduling hiccup does not read as growth.
            let best = (0..5)
                .filter_map(|_| run(shape.name, n).ok())
                .filter_map(|r| r.times.get(6).copied())
                .fold(f64::INFINITY, f64::min);
            points.push((bytes, best));
        }
        let (b1, t1) = points[0];
        let (b4, t4) = points[2];
        // time ∝ size^k: k = 1 is linear, 2 quadratic. Times under 1 ms are fixed cost.
        let k = (t4.max(1.0) / t1.max(1.0)).ln() / (b4 / b1).ln();
        println!(
            "{:<36} {:>9} bytes: {:>7.0} {:>7.0} {:>7.0}   k = {k:.2}",
            shape.name, b1, points[0].1, points[1].1, points[2].1
        );
        // Allow n log n, allocator growth and noise; quadratic would read as 2.
        if k > 1.4 && t4 > 200.0 {
            failures.push(format!("{}: time grows as size^{k:.2}", shape.name));
        }
    }

    if failures.is_empty() {
        println!("\nAll shapes within {} s and linear-ish.", BUDGET.as_secs());
    } else {
        println!("\nFailed:");
        for f in &failures {
            println!("  {f}");
        }
        std::process::exit(1);
    }
}
