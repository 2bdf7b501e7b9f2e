//! What the desktop says about how the window should look, read once at start; and handing
//! a file to the desktop: open it in its application, show it in its folder, print it.

use std::path::Path;
use std::process::{Command, Stdio};

/// What the desktop is asked to do with a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HandOff {
    /// Open it in the application the desktop uses for it.
    Open,
    /// Show the folder it is in.
    ShowInFolder,
    /// Print it: to the default printer with `lp` where CUPS is installed, else open it in
    /// the viewer to print from there.
    Print,
}

/// Whether a program is on the `PATH`.
fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
}

/// Starts `program` on `arg` without waiting for it (a viewer stays open after we return).
fn start(program: &str, args: &[&std::ffi::OsStr]) -> Result<(), String> {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map(|_| ())
        .map_err(|e| format!("{program} could not be started: {e}"))
}

/// The system's opener for a file or folder.
fn open_with_system(path: &Path) -> Result<(), String> {
    if cfg!(target_os = "macos") {
        start("open", &[path.as_os_str()])
    } else if cfg!(target_os = "windows") {
        start("explorer", &[path.as_os_str()])
    } else if on_path("xdg-open") {
        start("xdg-open", &[path.as_os_str()])
    } else {
        Err("no program to open files with was found (xdg-open is not installed)".to_owned())
    }
}

/// Hands `path` to the desktop; says what was done.
pub fn hand_off(what: HandOff, path: &Path) -> Result<String, String> {
    match what {
        HandOff::Open => open_with_system(path).map(|()| format!("Opened {}", path.display())),
        HandOff::ShowInFolder => {
            let folder = path.parent().unwrap_or(Path::new("."));
            open_with_system(folder).map(|()| format!("Showing {}", folder.display()))
        }
        HandOff::Print => {
            if on_path("lp") {
                let status = Command::new("lp")
                    .arg("--")
                    .arg(path)
                    .stdin(Stdio::null())
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .output()
                    .map_err(|e| format!("lp could not be started: {e}"))?;
                if status.status.success() {
                    return Ok("Sent to the default printer".to_owned());
                }
                let why = String::from_utf8_lossy(&status.stderr).trim().to_owned();
                return Err(format!("the printer refused it: {why}"));
            }
            open_with_system(path)
                .map(|()| "Opened the PDF in your viewer: print it from there".to_owned())
                .map_err(|_| {
                    "no printer command (lp) and no program to open the PDF with (xdg-open) \
                     is installed; export the PDF (Ctrl+E) and print it from your PDF viewer"
                        .to_owned()
                })
        }
    }
}

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
