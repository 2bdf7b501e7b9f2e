//! The window as a screen reader and a keyboard user meet it, through its AccessKit tree:
//! every control has a name, Tab visits the controls in the order they are read, and every
//! control that takes focus is reached by Tab.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use egui::accesskit::{Action, Role};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};

use briefdesk::app::{App, Command};
use common::window::{harness, options};

/// Controls (anything that takes focus or a click, and scroll bars) without a name.
fn unnamed(harness: &Harness<'static, App>) -> Vec<String> {
    harness
        .query_all_by(|node| {
            let data = node.data();
            let control = data.supports_action(Action::Focus)
                || data.supports_action(Action::Click)
                || node.role() == Role::ScrollBar;
            // A label's name is its text.
            let name = match node.role() {
                Role::Label => node.value(),
                _ => node.label(),
            };
            control && name.is_none_or(|l| l.trim().is_empty())
        })
        .map(|node| {
            let node = node.accesskit_node();
            format!("{:?} at {:?}", node.role(), node.bounding_box())
        })
        .collect()
}

#[test]
fn every_control_has_a_name_in_every_part_of_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(options(dir.path(), vec![]));
    let mut missing = Vec::new();
    let mut check = |harness: &Harness<'static, App>, state: &str| {
        missing.extend(
            unnamed(harness)
                .into_iter()
                .map(|m| format!("{state}: {m}")),
        );
    };
    check(&harness, "the window");
    // The problems list and the preview's pages are named.
    assert!(harness.query_all_by_label_contains("Warning: ").count() > 0);
    harness.get_by_label_contains("Page 1 of ");
    for menu in ["File", "Edit", "Section", "View"] {
        harness.get_by_label(menu).click();
        harness.run_steps(2);
        check(&harness, &format!("the {menu} menu"));
        harness.key_press(egui::Key::Escape);
        harness.run_steps(2);
    }
    for part in ["Document settings", "Variables", "Sources"] {
        harness.get_by_label(part).click();
        harness.run_steps(2);
    }
    check(&harness, "the settings");
    harness.get_by_label("Add section…").click();
    harness.run_steps(2);
    check(&harness, "the block gallery");
    assert!(
        missing.is_empty(),
        "controls without a name:\n{}",
        missing.join("\n")
    );
}

/// Which part of the window a control is in, in reading order: the menu bar, the outline,
/// the editor, the preview, the problems list.
fn part(harness: &Harness<'static, App>, role: Role, rect: egui::Rect) -> usize {
    let editor = harness.get_by_label("Section title").rect();
    let preview = harness.get_by_label("Zoom out").rect();
    let problems = harness
        .query_all_by_label_contains("Warning: ")
        .next()
        .unwrap()
        .rect();
    if rect.bottom() <= editor.top() - 20.0 && rect.top() < 30.0 {
        0
    } else if rect.right() <= editor.left() {
        1
    } else if rect.right() <= preview.left() {
        2
    } else if role == Role::Image || rect.top() < problems.top() - 30.0 {
        // A page scrolled out of sight is still the preview's.
        3
    } else {
        4
    }
}

#[test]
fn tab_goes_through_the_window_in_reading_order_and_reaches_every_control() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(options(dir.path(), vec![]));
    let focusable: Vec<String> = harness
        // A greyed-out control is skipped by Tab, as on every desktop.
        .query_all_by(|node| node.data().supports_action(Action::Focus) && !node.is_disabled())
        .filter_map(|node| node.accesskit_node().label())
        .collect();
    assert!(focusable.len() > 20, "{focusable:?}");
    // Splitters sit between two parts and are left out of the order (not of the round).
    let mut visited: Vec<(String, Option<usize>)> = Vec::new();
    for _ in 0..400 {
        harness.key_press(egui::Key::Tab);
        harness.run_steps(1);
        let Some(focused) = harness.query_by(|node| node.is_focused_in_tree()) else {
            continue;
        };
        let label = focused.accesskit_node().label().unwrap_or_default();
        if visited.first().is_some_and(|(first, _)| *first == label) {
            break; // round once
        }
        let role = focused.accesskit_node().role();
        let rect = focused.rect();
        let part = (role != Role::Splitter).then(|| part(&harness, role, rect));
        visited.push((label, part));
    }
    let parts: Vec<usize> = visited.iter().filter_map(|(_, p)| *p).collect();
    assert!(
        parts.windows(2).all(|w| w[0] <= w[1]),
        "Tab left the reading order: {visited:?}"
    );
    for wanted in [0, 1, 2, 3, 4] {
        assert!(
            parts.contains(&wanted),
            "Tab never reached part {wanted}: {visited:?}"
        );
    }
    let reached: std::collections::HashSet<&str> =
        visited.iter().map(|(label, _)| label.as_str()).collect();
    let unreached: Vec<&String> = focusable
        .iter()
        .filter(|label| !reached.contains(label.as_str()))
        .collect();
    assert!(unreached.is_empty(), "not reached by Tab: {unreached:?}");
}

/// The window at a desktop text size of `scale`.
fn scaled(dir: &std::path::Path, scale: f32) -> Harness<'static, App> {
    let mut options = options(dir, vec![]);
    options.system_text_scale = scale;
    harness(options)
}

/// Named things that run past the window's sides or across a panel's edge, where they
/// would be cut off (below the window is a scroll area's business).
fn cut_off(harness: &Harness<'static, App>) -> Vec<String> {
    let width = 1400.0;
    // Vertical panel edges: where each is across, and from where to where down.
    let edges: Vec<(f64, f64, f64)> = harness
        .query_all_by(|node| node.role() == Role::Splitter)
        .filter_map(|node| node.accesskit_node().bounding_box())
        .filter(|b| b.height() > b.width())
        .map(|b| ((b.x0 + b.x1) / 2.0, b.y0, b.y1))
        .collect();
    harness
        .query_all_by(|node| {
            node.role() != Role::Splitter && (node.label().is_some() || node.value().is_some())
        })
        .filter_map(|node| {
            let node = node.accesskit_node();
            let b = node.bounding_box()?;
            let across = edges.iter().any(|&(x, top, bottom)| {
                b.x0 < x - 1.0 && b.x1 > x + 1.0 && b.y1 > top && b.y0 < bottom
            });
            (b.x0 < -0.5 || b.x1 > width + 0.5 || across).then(|| {
                format!(
                    "{:?} {:?} at x {:.0}..{:.0}",
                    node.role(),
                    node.label().or_else(|| node.value()),
                    b.x0,
                    b.x1
                )
            })
        })
        .collect()
}

fn height_of(harness: &Harness<'static, App>, label: &str) -> f64 {
    harness
        .query_all_by(|node| node.role() == Role::Label && node.value().as_deref() == Some(label))
        .next()
        .and_then(|node| node.accesskit_node().bounding_box())
        .unwrap()
        .height()
}

#[test]
fn the_desktops_text_size_scales_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let normal = scaled(dir.path(), 1.0);
    let larger = scaled(dir.path(), 1.5);
    assert!((larger.ctx.zoom_factor() - 1.5).abs() < 1e-3);
    let ratio = height_of(&larger, "Section title") / height_of(&normal, "Section title");
    assert!((ratio - 1.5).abs() < 0.1, "text grew {ratio:.2}×");
}

#[test]
fn at_double_text_size_nothing_is_cut_off_and_labels_keep_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let one_line = height_of(&scaled(dir.path(), 1.0), "Section title");
    let mut harness = scaled(dir.path(), 2.0);
    assert!((harness.ctx.zoom_factor() - 2.0).abs() < 1e-3);
    let mut problems = cut_off(&harness);
    // The editor keeps room for its labels: one line each, at twice the size.
    let title = height_of(&harness, "Section title");
    if title > 2.5 * one_line {
        problems.push(format!("'Section title' wraps: {title:.0} px tall"));
    }
    // Too narrow for both, the preview takes the editor's place on request; side by side
    // there is nothing to switch.
    assert!(harness.state().can(Command::SwitchPane));
    assert!(!scaled(dir.path(), 1.0).state().can(Command::SwitchPane));
    harness.get_by_label("Show the preview").click();
    harness.run_steps(3);
    harness.get_by_label_contains("Page 1 of ");
    assert!(harness.query_all_by_label_contains("Warning: ").count() > 0);
    problems.extend(
        cut_off(&harness)
            .into_iter()
            .map(|p| format!("preview: {p}")),
    );
    harness.get_by_label("Show the editor").click();
    harness.run_steps(3);
    harness.get_by_label("Section body (Markdown)");
    assert!(problems.is_empty(), "at 200 %:\n{}", problems.join("\n"));
}

/// Presses Tab until the control named `label` has focus.
fn tab_to(harness: &mut Harness<'static, App>, label: &str) {
    for _ in 0..200 {
        harness.key_press(egui::Key::Tab);
        harness.run_steps(1);
        let focused = harness
            .query_by(|node| node.is_focused_in_tree())
            .and_then(|node| node.accesskit_node().label());
        if focused.is_some_and(|l| l == label || l.starts_with(&format!("{label} "))) {
            return;
        }
    }
    panic!("Tab never reached {label}");
}

#[test]
fn a_menu_opens_and_its_items_work_from_the_keyboard() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness(options(dir.path(), vec![]));
    tab_to(&mut harness, "View");
    harness.key_press(egui::Key::Enter);
    harness.run_steps(2);
    tab_to(&mut harness, "Larger text");
    harness.key_press(egui::Key::Enter);
    harness.run_steps(3);
    assert!((harness.state().preferences().text_size - 1.1).abs() < 1e-3);
    assert!((harness.ctx.zoom_factor() - 1.1).abs() < 1e-3);
}
