//! Writing outputs: atomically (temporary file and rename in the same
//! folder), never over an input, with timestamps that make reruns identical.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::error::{Error, OsReason, Result};

/// The time written into outputs: `SOURCE_DATE_EPOCH` when set, else the
/// given fallback (a fixed date derived from the inputs, so that two runs on
/// the same inputs give the same bytes).
pub fn timestamp(fallback: chrono::NaiveDateTime) -> chrono::NaiveDateTime {
    std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .map(|t| t.naive_utc())
        .unwrap_or(fallback)
}

/// Refuses an output path that is one of the inputs.
pub fn ensure_not_input(output: &Path, inputs: &[PathBuf]) -> Result<()> {
    let out = std::fs::canonicalize(output).ok();
    for input in inputs {
        let same = match (&out, std::fs::canonicalize(input).ok()) {
            (Some(a), Some(b)) => *a == b,
            _ => output == input,
        };
        if same {
            return Err(Error::OutputIsInput(output.to_path_buf()));
        }
    }
    Ok(())
}

/// Writes bytes atomically: a temporary file in the same folder, then a
/// rename. A run killed midway leaves the previous file intact.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let err = |e: std::io::Error| Error::Write {
        path: path.to_path_buf(),
        reason: OsReason::from(&e),
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Some(file) = dir.ancestors().find(|a| a.is_file()) {
        return Err(Error::OutputNotFolder(file.to_path_buf()));
    }
    std::fs::create_dir_all(dir).map_err(err)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".mokuhyo-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(err)?;
    tmp.write_all(bytes).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .map(|m| m.permissions().mode())
            .unwrap_or(0o644);
        std::fs::set_permissions(tmp.path(), std::fs::Permissions::from_mode(mode)).map_err(err)?;
    }
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}
