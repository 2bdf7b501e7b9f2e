//! The window's colours, light and dark: egui's themes with every colour text is drawn in
//! raised to WCAG AA contrast (4.5:1) against what it is drawn on, and the list of those
//! pairs, so a test reads the visuals the window really uses and measures each one.

use egui::{Color32, Theme, Visuals};

/// WCAG AA's least contrast for body text.
pub const AA: f32 = 4.5;

/// Sets both themes' visuals.
pub fn apply(ctx: &egui::Context) {
    for theme in [Theme::Light, Theme::Dark] {
        ctx.style_mut_of(theme, |style| adjust(&mut style.visuals));
    }
}

fn adjust(visuals: &mut Visuals) {
    let dark = visuals.dark_mode;
    let pick = |dark_colour: Color32, light_colour: Color32| {
        if dark { dark_colour } else { light_colour }
    };
    // Secondary text, warnings, errors and links, readable on panels and in text fields.
    visuals.weak_text_color = Some(pick(Color32::from_gray(170), Color32::from_gray(95)));
    visuals.warn_fg_color = pick(
        Color32::from_rgb(255, 175, 70),
        Color32::from_rgb(150, 80, 0),
    );
    visuals.error_fg_color = pick(
        Color32::from_rgb(255, 120, 110),
        Color32::from_rgb(180, 20, 20),
    );
    visuals.hyperlink_color = pick(
        Color32::from_rgb(120, 190, 255),
        Color32::from_rgb(0, 85, 170),
    );
    // Text on controls in every state, at full strength.
    let text = pick(Color32::from_gray(225), Color32::from_gray(20));
    for widget in [
        &mut visuals.widgets.noninteractive,
        &mut visuals.widgets.inactive,
        &mut visuals.widgets.hovered,
        &mut visuals.widgets.active,
        &mut visuals.widgets.open,
    ] {
        widget.fg_stroke.color = text;
    }
    visuals.override_text_color = None;
}

/// Colours of the Markdown editor's highlighting: headings, code, citations, links.
pub fn syntax(dark: bool) -> [Color32; 4] {
    if dark {
        [
            Color32::from_rgb(140, 190, 255),
            Color32::from_rgb(230, 180, 120),
            Color32::from_rgb(150, 220, 150),
            Color32::from_rgb(120, 200, 230),
        ]
    } else {
        [
            Color32::from_rgb(20, 70, 150),
            Color32::from_rgb(150, 70, 10),
            Color32::from_rgb(20, 110, 40),
            Color32::from_rgb(0, 100, 140),
        ]
    }
}

/// The background of the private-notes field.
pub fn notes_fill(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgb(58, 50, 28)
    } else {
        Color32::from_rgb(255, 246, 214)
    }
}

/// Every colour the window draws text in, with what it is drawn on, by name.
pub fn text_pairs(visuals: &Visuals) -> Vec<(&'static str, Color32, Color32)> {
    let panel = visuals.panel_fill;
    let field = visuals.text_edit_bg_color();
    let w = &visuals.widgets;
    let mut pairs = vec![
        ("text on a panel", visuals.text_color(), panel),
        (
            "text on a window",
            visuals.text_color(),
            visuals.window_fill,
        ),
        ("text in a field", visuals.text_color(), field),
        (
            "secondary text on a panel",
            visuals.weak_text_color(),
            panel,
        ),
        (
            "secondary text in a field",
            visuals.weak_text_color(),
            field,
        ),
        ("a warning on a panel", visuals.warn_fg_color, panel),
        ("an error on a panel", visuals.error_fg_color, panel),
        ("a link on a panel", visuals.hyperlink_color, panel),
        ("a label", w.noninteractive.fg_stroke.color, panel),
        (
            "a button",
            w.inactive.fg_stroke.color,
            w.inactive.weak_bg_fill,
        ),
        (
            "a hovered button",
            w.hovered.fg_stroke.color,
            w.hovered.weak_bg_fill,
        ),
        (
            "a pressed button",
            w.active.fg_stroke.color,
            w.active.weak_bg_fill,
        ),
        (
            "an open menu button",
            w.open.fg_stroke.color,
            w.open.weak_bg_fill,
        ),
        (
            "selected text",
            visuals.text_color(),
            over(visuals.selection.bg_fill, field),
        ),
        (
            "a selected item",
            visuals.selection.stroke.color,
            over(visuals.selection.bg_fill, panel),
        ),
        (
            "text in the notes field",
            visuals.text_color(),
            notes_fill(visuals.dark_mode),
        ),
    ];
    let names = ["a heading", "code", "a citation", "a link"];
    for (name, colour) in names.into_iter().zip(syntax(visuals.dark_mode)) {
        pairs.push((name, colour, field));
    }
    // A translucent text colour is measured as it shows, over its background.
    pairs
        .into_iter()
        .map(|(name, fg, bg)| (name, over(fg, bg), bg))
        .collect()
}

/// `top` painted over `under` (egui's colours are premultiplied).
fn over(top: Color32, under: Color32) -> Color32 {
    let a = f32::from(top.a()) / 255.0;
    let mix = |t: u8, u: u8| (f32::from(t) + f32::from(u) * (1.0 - a)).round().min(255.0) as u8;
    Color32::from_rgb(
        mix(top.r(), under.r()),
        mix(top.g(), under.g()),
        mix(top.b(), under.b()),
    )
}

/// WCAG 2 contrast ratio of two opaque colours, 1 to 21.
pub fn contrast(a: Color32, b: Color32) -> f32 {
    fn luminance(c: Color32) -> f32 {
        let channel = |v: u8| {
            let v = f32::from(v) / 255.0;
            if v <= 0.04045 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(c.r()) + 0.7152 * channel(c.g()) + 0.0722 * channel(c.b())
    }
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}
