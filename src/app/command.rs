//! Every action of the window as a value: menus, toolbar buttons, keyboard shortcuts and tests
//! all go through [`Command`], so each has one label, one tooltip and one set of shortcuts.

use egui::{Key, KeyboardShortcut, Modifiers};

/// An action the author can take.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Command {
    /// Choose a briefing template and start a new document.
    New,
    /// Open a briefing (or a Markdown file).
    Open,
    /// Make a new briefing from an article (Markdown or plain text).
    Import,
    /// Open the built-in sample briefing.
    OpenSample,
    /// Save to the current file.
    Save,
    /// Save under a new name.
    SaveAs,
    /// Write the PDF.
    ExportPdf,
    /// Write Markdown.
    ExportMarkdown,
    /// Write a Word document.
    ExportDocx,
    /// Undo the last change.
    Undo,
    /// Redo the last undone change.
    Redo,
    /// Cut the selected text of the field being edited.
    Cut,
    /// Copy the selected text of the field being edited.
    Copy,
    /// Paste at the cursor of the field being edited.
    Paste,
    /// Select the whole text of the field being edited.
    SelectAll,
    /// Find words across the whole briefing.
    Find,
    /// Find words and replace them.
    Replace,
    /// Go to the next match.
    FindNext,
    /// Go to the previous match.
    FindPrevious,
    /// Make the selection bold (or plain again).
    Bold,
    /// Make the selection italic (or plain again).
    Italic,
    /// Make the selection code (or plain again).
    Code,
    /// Make the selection a link.
    Link,
    /// Make the selected lines a heading.
    Heading2,
    /// Make the selected lines a subheading.
    Heading3,
    /// Make the selected lines a bulleted list.
    BulletList,
    /// Make the selected lines a numbered list.
    NumberedList,
    /// Make the selected lines a quote.
    Quote,
    /// Add a section from the block gallery.
    AddSection,
    /// Move the selected section up.
    MoveUp,
    /// Move the selected section down.
    MoveDown,
    /// Duplicate the selected section.
    Duplicate,
    /// Delete the selected section.
    Delete,
    /// Enlarge the preview.
    ZoomIn,
    /// Shrink the preview.
    ZoomOut,
    /// Fit the page width to the preview.
    ZoomFit,
    /// Make the window's text (and everything with it) larger.
    TextLarger,
    /// Make the window's text smaller.
    TextSmaller,
    /// The desktop's text size again.
    TextNormal,
    /// In a narrow window, show the preview in place of the editor, or the editor again.
    SwitchPane,
    /// Move the keyboard to the next part of the window: outline, editor, preview.
    NextPane,
    /// Close the window.
    Quit,
    /// Print the briefing as the preview shows it.
    Print,
    /// Open the file last exported.
    OpenExport,
    /// Show the folder of the file last exported.
    ShowExport,
    /// Insert a picture from a file.
    InsertPicture,
    /// Insert a table.
    InsertTable,
    /// Insert a citation from the source ledger.
    InsertCitation,
    /// The keyboard reference.
    Shortcuts,
    /// The version and the licences.
    About,
    /// Suggest mode on or off: typing records suggestions instead of changing the text.
    SuggestChanges,
    /// Comment on the selected text (or the whole section).
    NewComment,
    /// Accept every suggestion.
    AcceptAll,
    /// Reject every suggestion.
    RejectAll,
    /// Show comments and suggestions in the preview, or the pages as exported.
    ShowReview,
    /// Write the review copy.
    ExportReview,
    /// Compare with a snapshot or another version, and keep or restore snapshots.
    CompareWith,
}

const CTRL: Modifiers = Modifiers::COMMAND;
const CTRL_SHIFT: Modifiers = Modifiers {
    shift: true,
    ..Modifiers::COMMAND
};
const ALT: Modifiers = Modifiers::ALT;
const CTRL_ALT: Modifiers = Modifiers {
    alt: true,
    ..Modifiers::COMMAND
};

impl Command {
    /// Every command, in menu order.
    pub const ALL: [Command; 57] = [
        Command::New,
        Command::Open,
        Command::Import,
        Command::OpenSample,
        Command::Save,
        Command::SaveAs,
        Command::ExportPdf,
        Command::ExportMarkdown,
        Command::ExportDocx,
        Command::ExportReview,
        Command::OpenExport,
        Command::ShowExport,
        Command::Print,
        Command::Quit,
        Command::Undo,
        Command::Redo,
        Command::Cut,
        Command::Copy,
        Command::Paste,
        Command::SelectAll,
        Command::Find,
        Command::Replace,
        Command::FindNext,
        Command::FindPrevious,
        Command::Bold,
        Command::Italic,
        Command::Code,
        Command::Link,
        Command::Heading2,
        Command::Heading3,
        Command::BulletList,
        Command::NumberedList,
        Command::Quote,
        Command::InsertPicture,
        Command::InsertTable,
        Command::InsertCitation,
        Command::AddSection,
        Command::MoveUp,
        Command::MoveDown,
        Command::Duplicate,
        Command::Delete,
        Command::ZoomIn,
        Command::ZoomOut,
        Command::ZoomFit,
        Command::TextLarger,
        Command::TextSmaller,
        Command::TextNormal,
        Command::SwitchPane,
        Command::NextPane,
        Command::SuggestChanges,
        Command::NewComment,
        Command::AcceptAll,
        Command::RejectAll,
        Command::ShowReview,
        Command::CompareWith,
        Command::Shortcuts,
        Command::About,
    ];

    /// The menu and button text (also the name screen readers announce).
    pub fn label(self) -> &'static str {
        match self {
            Command::New => "New from template…",
            Command::Open => "Open…",
            Command::Import => "Import article…",
            Command::OpenSample => "Open sample briefing",
            Command::Save => "Save",
            Command::SaveAs => "Save as…",
            Command::ExportPdf => "Export PDF…",
            Command::ExportMarkdown => "Export Markdown…",
            Command::ExportDocx => "Export Word document…",
            Command::Undo => "Undo",
            Command::Redo => "Redo",
            Command::Cut => "Cut",
            Command::Copy => "Copy",
            Command::Paste => "Paste",
            Command::SelectAll => "Select all",
            Command::Find => "Find…",
            Command::Replace => "Replace…",
            Command::FindNext => "Find next",
            Command::FindPrevious => "Find previous",
            Command::Bold => "Bold",
            Command::Italic => "Italic",
            Command::Code => "Code",
            Command::Link => "Link",
            Command::Heading2 => "Heading",
            Command::Heading3 => "Subheading",
            Command::BulletList => "Bulleted list",
            Command::NumberedList => "Numbered list",
            Command::Quote => "Quote",
            Command::AddSection => "Add section…",
            Command::MoveUp => "Move section up",
            Command::MoveDown => "Move section down",
            Command::Duplicate => "Duplicate section",
            Command::Delete => "Delete section",
            Command::ZoomIn => "Zoom in",
            Command::ZoomOut => "Zoom out",
            Command::ZoomFit => "Fit page width",
            Command::TextLarger => "Larger text",
            Command::TextSmaller => "Smaller text",
            Command::TextNormal => "Normal text size",
            Command::SwitchPane => "Switch editor and preview",
            Command::NextPane => "Next pane",
            Command::Quit => "Quit",
            Command::Print => "Print…",
            Command::OpenExport => "Open exported file",
            Command::ShowExport => "Show exported file in folder",
            Command::Shortcuts => "Keyboard shortcuts",
            Command::InsertPicture => "Picture…",
            Command::InsertTable => "Table…",
            Command::InsertCitation => "Citation…",
            Command::About => "About briefdesk",
            Command::SuggestChanges => "Suggest changes",
            Command::NewComment => "New comment",
            Command::AcceptAll => "Accept all suggestions",
            Command::RejectAll => "Reject all suggestions",
            Command::ShowReview => "Show review in preview",
            Command::ExportReview => "Export review copy…",
            Command::CompareWith => "Compare and snapshots…",
        }
    }

    /// One sentence on what it does.
    pub fn tooltip(self) -> &'static str {
        match self {
            Command::New => "Start a new briefing from one of the briefing templates",
            Command::Open => "Open a .briefing.json file, or a Markdown file as a new briefing",
            Command::Import => {
                "Make a new briefing from an article: split at its headings, each part matched \
                 to a block, boilerplate left out"
            }
            Command::OpenSample => {
                "Open the built-in sample briefing on the 2022 cyberattack on Albania"
            }
            Command::Save => "Save the briefing to its file",
            Command::SaveAs => "Save the briefing to a new file",
            Command::ExportPdf => "Write the formatted PDF shown in the preview",
            Command::ExportMarkdown => "Write the briefing as Markdown (private notes left out)",
            Command::ExportDocx => {
                "Write the briefing as a Word document (.docx) with Word's own styles and \
                 footnotes (private notes left out)"
            }
            Command::Undo => "Undo the last change to the briefing",
            Command::Redo => "Redo the change just undone",
            Command::Cut => "Move the selected text to the clipboard",
            Command::Copy => "Copy the selected text to the clipboard",
            Command::Paste => "Put the clipboard's text at the cursor",
            Command::SelectAll => "Select all the text of the field being edited",
            Command::Find => {
                "Find words in the whole briefing: titles, bodies, private notes and sources"
            }
            Command::Replace => "Find words in the whole briefing and replace them",
            Command::FindNext => "Go to the next match of the search",
            Command::FindPrevious => "Go to the previous match of the search",
            Command::Bold => "Make the selected text bold (**text**), or plain again",
            Command::Italic => "Make the selected text italic (*text*), or plain again",
            Command::Code => "Set the selected text as code (`text`), or plain again",
            Command::Link => "Make the selected text a link and select its address to type",
            Command::Heading2 => "Make the selected lines a heading in the section (##)",
            Command::Heading3 => "Make the selected lines a subheading (###)",
            Command::BulletList => "Make the selected lines a bulleted list, or plain again",
            Command::NumberedList => "Make the selected lines a numbered list, or plain again",
            Command::Quote => "Make the selected lines a quote, or plain again",
            Command::AddSection => "Add a section from the block gallery after the selected one",
            Command::MoveUp => "Move the selected section one place earlier",
            Command::MoveDown => "Move the selected section one place later",
            Command::Duplicate => "Copy the selected section, notes included, below it",
            Command::Delete => "Delete the selected section (Undo brings it back)",
            Command::ZoomIn => "Show the preview pages larger",
            Command::ZoomOut => "Show the preview pages smaller",
            Command::ZoomFit => "Fit the page width to the preview panel",
            Command::TextLarger => "Make the window's text and controls larger",
            Command::TextSmaller => "Make the window's text and controls smaller",
            Command::TextNormal => "Show the window's text at the desktop's text size",
            Command::NextPane => {
                "Move the keyboard to the next part of the window: the outline, the editor, the \
                 preview"
            }
            Command::SwitchPane => {
                "When the window is too narrow for both, show the preview in place of the \
                 editor, or the editor again"
            }
            Command::Quit => "Close briefdesk (asks first when there are unsaved changes)",
            Command::Print => {
                "Print the briefing as the preview shows it (to the default printer, or through \
                 your PDF viewer)"
            }
            Command::OpenExport => "Open the file last exported in its application",
            Command::ShowExport => "Show the folder of the file last exported",
            Command::Shortcuts => "Every command and its keys",
            Command::InsertPicture => {
                "Insert a PNG or JPEG picture: it is copied beside the briefing and its alt \
                 text asked for"
            }
            Command::InsertTable => "Insert a table of the rows and columns you choose",
            Command::InsertCitation => "Cite a source from the ledger (or add a new one)",
            Command::About => "The version, and the licences of what briefdesk bundles",
            Command::SuggestChanges => {
                "While on, typing in a section's text records suggestions (inserted text \
                 underlined, deleted text struck through) instead of changing it"
            }
            Command::NewComment => {
                "Comment on the selected text, or on the whole section when nothing is selected"
            }
            Command::AcceptAll => "Accept every suggestion in the briefing (one undo step)",
            Command::RejectAll => "Reject every suggestion in the briefing (one undo step)",
            Command::ShowReview => {
                "Show comments and suggestions in the preview as the review copy sets them, or \
                 the pages exactly as exported"
            }
            Command::ExportReview => {
                "Write a PDF with the comments numbered and their threads at the end, and the \
                 suggestions as redline: the only export that carries review"
            }
            Command::CompareWith => {
                "Compare the briefing with a snapshot or another version (a redline PDF), keep \
                 a snapshot, or restore one"
            }
        }
    }

    /// Its keyboard shortcuts, the first shown in menus.
    pub fn shortcuts(self) -> &'static [KeyboardShortcut] {
        macro_rules! keys {
            ($(($m:expr, $k:expr)),*) => {{
                const KEYS: &[KeyboardShortcut] = &[$(KeyboardShortcut::new($m, $k)),*];
                KEYS
            }};
        }
        match self {
            Command::New => keys!((CTRL, Key::N)),
            Command::Open => keys!((CTRL, Key::O)),
            Command::Import => keys!((CTRL_SHIFT, Key::I)),
            Command::Save => keys!((CTRL, Key::S)),
            Command::SaveAs => keys!((CTRL_SHIFT, Key::S)),
            Command::ExportPdf => keys!((CTRL, Key::E)),
            Command::ExportMarkdown => keys!((CTRL_SHIFT, Key::E)),
            Command::ExportDocx => keys!(),
            Command::Undo => keys!((CTRL, Key::Z)),
            Command::Redo => keys!((CTRL_SHIFT, Key::Z), (CTRL, Key::Y)),
            Command::Cut => keys!((CTRL, Key::X)),
            Command::Copy => keys!((CTRL, Key::C)),
            Command::Paste => keys!((CTRL, Key::V)),
            Command::SelectAll => keys!((CTRL, Key::A)),
            Command::Find => keys!((CTRL, Key::F)),
            Command::Replace => keys!((CTRL, Key::H)),
            Command::FindNext => keys!((Modifiers::NONE, Key::F3)),
            Command::FindPrevious => keys!((Modifiers::SHIFT, Key::F3)),
            Command::Bold => keys!((CTRL, Key::B)),
            Command::Italic => keys!((CTRL, Key::I)),
            Command::Code => keys!((CTRL_SHIFT, Key::C)),
            Command::Link => keys!((CTRL, Key::K)),
            Command::Heading2 => keys!((CTRL_ALT, Key::Num2)),
            Command::Heading3 => keys!((CTRL_ALT, Key::Num3)),
            // Word's List Bullet; numbered lists and quotes have no shortcut there either.
            Command::BulletList => keys!((CTRL_SHIFT, Key::L)),
            Command::NumberedList | Command::Quote => keys!(),
            Command::AddSection => keys!((CTRL_SHIFT, Key::N)),
            Command::MoveUp => keys!((ALT, Key::ArrowUp)),
            Command::MoveDown => keys!((ALT, Key::ArrowDown)),
            Command::Duplicate => keys!((CTRL, Key::D)),
            Command::Delete => keys!(),
            Command::ZoomIn => keys!((CTRL, Key::Plus), (CTRL, Key::Equals)),
            Command::ZoomOut => keys!((CTRL, Key::Minus)),
            Command::ZoomFit => keys!((CTRL, Key::Num0)),
            Command::TextLarger => keys!((CTRL_SHIFT, Key::Plus), (CTRL_SHIFT, Key::Equals)),
            Command::TextSmaller => keys!((CTRL_SHIFT, Key::Minus)),
            Command::TextNormal => keys!((CTRL_SHIFT, Key::Num0)),
            Command::SwitchPane => keys!(),
            Command::NextPane => keys!((Modifiers::NONE, Key::F6)),
            Command::Quit => keys!((CTRL, Key::Q)),
            Command::Print => keys!((CTRL, Key::P)),
            Command::OpenExport
            | Command::OpenSample
            | Command::ShowExport
            | Command::About
            | Command::InsertPicture
            | Command::InsertTable => keys!(),
            Command::InsertCitation => keys!((CTRL_SHIFT, Key::K)),
            // Word's New Comment; Ctrl+Shift+E (Word's Track Changes) exports Markdown here.
            Command::NewComment => keys!((CTRL_ALT, Key::M)),
            Command::SuggestChanges => keys!((CTRL_SHIFT, Key::T)),
            Command::AcceptAll
            | Command::RejectAll
            | Command::ShowReview
            | Command::ExportReview
            | Command::CompareWith => keys!(),
            Command::Shortcuts => keys!((Modifiers::NONE, Key::F1)),
        }
    }

    /// The first shortcut as text for menus ("Ctrl+Shift+S"), or empty.
    pub fn shortcut_text(self, ctx: &egui::Context) -> String {
        self.shortcuts()
            .first()
            .map(|s| ctx.format_shortcut(s))
            .unwrap_or_default()
    }

    /// Whether the text field itself answers the shortcut (Cut, Copy, Paste and Select all
    /// reach the field as the platform's own events); the menu item still runs the command.
    pub fn answered_by_text_field(self) -> bool {
        matches!(
            self,
            Command::Cut | Command::Copy | Command::Paste | Command::SelectAll
        )
    }

    /// Whether the command works on the text being edited (and so needs the editor's
    /// selection).
    pub fn edits_text(self) -> bool {
        self.format().is_some() || self.answered_by_text_field()
    }

    /// The Markdown formatting a command applies, if it is one.
    pub fn format(self) -> Option<crate::model::markup::Format> {
        use crate::model::markup::Format;
        Some(match self {
            Command::Bold => Format::Bold,
            Command::Italic => Format::Italic,
            Command::Code => Format::Code,
            Command::Link => Format::Link,
            Command::Heading2 => Format::Heading(2),
            Command::Heading3 => Format::Heading(3),
            Command::BulletList => Format::Bullets,
            Command::NumberedList => Format::Numbers,
            Command::Quote => Format::Quote,
            _ => return None,
        })
    }

    /// Commands whose shortcuts are checked first: more modifiers before fewer, so that
    /// Ctrl+Shift+Z is not taken for Ctrl+Z. Shortcuts the text field answers itself are left
    /// to it.
    pub fn by_shortcut_specificity() -> Vec<(Command, KeyboardShortcut)> {
        let mut all: Vec<(Command, KeyboardShortcut)> = Command::ALL
            .iter()
            .filter(|c| !c.answered_by_text_field())
            .flat_map(|&c| c.shortcuts().iter().map(move |&s| (c, s)))
            .collect();
        let weight = |m: Modifiers| {
            u8::from(m.shift) + u8::from(m.alt) + u8::from(m.ctrl) + u8::from(m.command)
        };
        all.sort_by_key(|(_, s)| std::cmp::Reverse(weight(s.modifiers)));
        all
    }
}
