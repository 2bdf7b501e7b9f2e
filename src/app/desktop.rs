//! What the desktop says about how the window should look, read once at start.

use std::process::{Command, Stdio};

/// The desktop's text size setting as a factor (1.25 when the user asked for text a quarter
/// larger), 1.0 where there is none to read.
///
/// `BRIEFDESK_TEXT_SCALE` sets it by hand on any desktop. Under X11 the setting already
/// reaches the window: GNOME and KDE fold it into `Xft.dpi`, which winit turns into the
/// window's scale, so it is not applied twice. Under Wayland the compositor gives only the
/// display's scale, so GNOME's `text-scaling-factor` is read with `gsettings`.
pub fn text_scale() -> f32 {
    if let Some(scale) = std::env::var("BRIEFDESK_TEXT_SCALE")
        .ok()
        .and_then(|v| parse_scale(&v))
    {
        return scale;
    }
    if std::env::var_os("WAYLAND_DISPLAY").is_none() {
        return 1.0;
    }
    Command::new("gsettings")
        .args(["get", "org.gnome.desktop.interface", "text-scaling-factor"])
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()
        .filter(|out| out.status.success())
        .and_then(|out| parse_scale(&String::from_utf8_lossy(&out.stdout)))
        .unwrap_or(1.0)
}

/// A scale as `gsettings` prints it ("1.25", or "uint32 2"), if it is a sensible one.
pub fn parse_scale(text: &str) -> Option<f32> {
    let number = text.split_whitespace().last()?;
    let scale: f32 = number.parse().ok()?;
    (0.5..=4.0).contains(&scale).then_some(scale)
}

#[cfg(test)]
mod tests {
    use super::parse_scale;

    #[test]
    fn reads_what_gsettings_prints_and_refuses_nonsense() {
        assert_eq!(parse_scale("1.25\n"), Some(1.25));
        assert_eq!(parse_scale("uint32 2"), Some(2.0));
        assert_eq!(parse_scale("0"), None);
        assert_eq!(parse_scale("NaN"), None);
        assert_eq!(parse_scale(""), None);
        assert_eq!(parse_scale("40"), None);
    }
}
