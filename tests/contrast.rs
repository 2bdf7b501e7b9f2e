//! The window's colours, read from egui's visuals as the window sets them up: every colour
//! text is drawn in meets WCAG AA contrast (4.5:1) against what it is drawn on, in the light
//! and the dark theme.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use briefdesk::ui::theme::{AA, contrast, text_pairs};

#[test]
fn all_text_meets_wcag_aa_contrast_in_both_themes() {
    let ctx = egui::Context::default();
    briefdesk::ui::setup(&ctx);
    let mut failures = Vec::new();
    for theme in [egui::Theme::Light, egui::Theme::Dark] {
        let visuals = ctx.style_of(theme).visuals.clone();
        let pairs = text_pairs(&visuals);
        assert!(pairs.len() >= 16, "every kind of text is measured");
        for (name, fg, bg) in pairs {
            let ratio = contrast(fg, bg);
            eprintln!("{theme:?}: {name}: {ratio:.2}");
            if ratio < AA {
                failures.push(format!(
                    "{theme:?}: {name}: {ratio:.2}:1 ({fg:?} on {bg:?})"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "below 4.5:1:\n{}", failures.join("\n"));
}

#[test]
fn contrast_is_measured_as_wcag_defines_it() {
    use egui::Color32;
    assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 0.01);
    assert!((contrast(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 0.01);
    // #767676 on white is the well-known smallest grey that passes AA: 4.54:1.
    let grey = contrast(Color32::from_gray(0x76), Color32::WHITE);
    assert!((grey - 4.54).abs() < 0.01, "{grey}");
}
