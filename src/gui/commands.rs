//! The window's keyboard commands, each with its label and shortcut in one
//! place (rerun's `UICommand` is the model): the key handling, the hover
//! text of the buttons that do the same, and the README's shortcut table
//! all come from here (a test holds the README to it).

use egui::{Key, KeyboardShortcut, Modifiers};

use super::state::Tab;

/// A command the keyboard can give.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UiCommand {
    Open,
    Save,
    Copy,
    Clear,
    ToggleBatch,
    ShowTab(Tab),
    FoldPaste,
    CancelBatch,
    FrameProbe,
}

const fn sc(m: Modifiers, k: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(m, k)
}

impl UiCommand {
    /// Every command, in the order the README lists them.
    pub const ALL: [UiCommand; 13] = [
        UiCommand::Open,
        UiCommand::Save,
        UiCommand::Copy,
        UiCommand::Clear,
        UiCommand::ToggleBatch,
        UiCommand::ShowTab(Tab::Findings),
        UiCommand::ShowTab(Tab::Passports),
        UiCommand::ShowTab(Tab::CallPath),
        UiCommand::ShowTab(Tab::Webhook),
        UiCommand::ShowTab(Tab::Trust),
        UiCommand::FoldPaste,
        UiCommand::CancelBatch,
        UiCommand::FrameProbe,
    ];

    /// What it does, in the README's words.
    pub fn label(self) -> &'static str {
        match self {
            UiCommand::Open => "open a payload file",
            UiCommand::Save => "save the report (default format, see Settings)",
            UiCommand::Copy => "copy the report (default: Markdown)",
            UiCommand::Clear => "clear the paste box",
            UiCommand::ToggleBatch => "back to the batch table (and again to the call)",
            UiCommand::ShowTab(Tab::Findings) => "show Findings",
            UiCommand::ShowTab(Tab::Passports) => "show PASSporTs",
            UiCommand::ShowTab(Tab::CallPath) => "show Call path",
            UiCommand::ShowTab(Tab::Webhook) => "show Webhook signature",
            UiCommand::ShowTab(Tab::Trust) => "show Certificates & trust",
            UiCommand::FoldPaste => "fold or unfold the paste panel",
            UiCommand::CancelBatch => "cancel a running batch",
            UiCommand::FrameProbe => "frame-time overlay (CPU per frame; the budget is 16 ms)",
        }
    }

    pub fn shortcut(self) -> KeyboardShortcut {
        let cmd = Modifiers::COMMAND;
        let shift = Modifiers::COMMAND.plus(Modifiers::SHIFT);
        match self {
            UiCommand::Open => sc(cmd, Key::O),
            UiCommand::Save => sc(cmd, Key::S),
            UiCommand::Copy => sc(shift, Key::C),
            UiCommand::Clear => sc(cmd, Key::L),
            UiCommand::ToggleBatch => sc(cmd, Key::B),
            UiCommand::ShowTab(Tab::Findings) => sc(cmd, Key::Num1),
            UiCommand::ShowTab(Tab::Passports) => sc(cmd, Key::Num2),
            UiCommand::ShowTab(Tab::CallPath) => sc(cmd, Key::Num3),
            UiCommand::ShowTab(Tab::Webhook) => sc(cmd, Key::Num4),
            UiCommand::ShowTab(Tab::Trust) => sc(cmd, Key::Num5),
            UiCommand::FoldPaste => sc(shift, Key::P),
            UiCommand::CancelBatch => sc(Modifiers::NONE, Key::Escape),
            UiCommand::FrameProbe => sc(Modifiers::NONE, Key::F12),
        }
    }

    /// The keys as the README writes them on Linux and Windows ("Ctrl+Shift+C").
    pub fn keys(self) -> String {
        let s = self.shortcut();
        let mut out = String::new();
        if s.modifiers.command || s.modifiers.ctrl {
            out.push_str("Ctrl+");
        }
        if s.modifiers.shift {
            out.push_str("Shift+");
        }
        out.push_str(s.logical_key.name());
        out
    }

    /// The keys as this platform writes them, for hover texts.
    pub fn hint(self, ctx: &egui::Context) -> String {
        ctx.format_shortcut(&self.shortcut())
    }

    /// The README's table rows for the commands.
    pub fn readme_rows() -> String {
        UiCommand::ALL
            .iter()
            .map(|c| format!("| {} | {} |\n", c.keys(), c.label()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_readme_lists_every_command_with_its_keys() {
        let readme = include_str!("../../README.md");
        let rows = UiCommand::readme_rows();
        assert!(
            readme.contains(&rows),
            "README's shortcut table must hold these rows, in this order:\n{rows}"
        );
    }

    #[test]
    fn no_two_commands_share_keys() {
        for (i, a) in UiCommand::ALL.iter().enumerate() {
            for b in &UiCommand::ALL[..i] {
                assert_ne!(a.shortcut(), b.shortcut(), "{a:?} and {b:?}");
            }
        }
    }
}
