//! The inspector window (placeholder until the GUI issue).
pub fn run(_open: Option<std::path::PathBuf>) -> Result<(), String> {
    Err("the window is not built yet".into())
}
