//! Why a snapshot cannot be taken: the cases where the SDK itself refuses.

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SnapshotError {
    /// Nothing left to upload (the SDK's `EmptyDirectoryError`).
    EmptySelection,
    /// A pattern the SDK itself fails on (e.g. `!`, a trailing `\`, `[z-a]`); the SDK raises
    /// instead of skipping the line, so we refuse too rather than upload something else.
    InvalidPattern { file: String, line: usize, reason: String },
    /// The SDK reads ignore files as `utf-8-sig` and fails on anything else.
    IgnoreFileNotUtf8 { file: String, detail: String },
}

impl std::fmt::Display for SnapshotError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SnapshotError::EmptySelection => {
                f.write_str(crate::msg_str!("nothing to upload: every file is excluded (or the folder is empty)"))
            }
            SnapshotError::InvalidPattern { file, line, reason } => {
                write!(f, "{file} line {line}: {reason}")
            }
            SnapshotError::IgnoreFileNotUtf8 { file, detail } => {
                f.write_str(&crate::msg!("{file} is not valid UTF-8: {detail}"))
            }
        }
    }
}

impl std::error::Error for SnapshotError {}
