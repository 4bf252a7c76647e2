//! What one input may cost ([`Limits`], `[limits]` in mokuhyo.toml), and
//! the one way an input file is read from disk: within those limits, with
//! the reason it cannot be read said in Japanese.

use std::path::Path;

use serde::{Deserialize, Serialize};

use mokuhyo_domain::os::OsReason;

/// Limits on what one input may cost. The defaults fit any real template
/// (a filled template is about 20 KB, inflating to under 1 MB) with a wide
/// margin; `[limits]` in mokuhyo.toml changes them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Limits {
    /// Largest file read, in megabytes.
    pub max_file_mb: u64,
    /// Largest total inflated size of a zip-based file (.xlsx, .ods), in megabytes.
    pub max_inflated_mb: u64,
    /// Most entries in a zip-based file.
    pub max_zip_entries: usize,
    /// Most cells a sheet may span (a template spans about 1,200).
    pub max_cells: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_file_mb: 50,
            max_inflated_mb: 200,
            max_zip_entries: 10_000,
            max_cells: 5_000_000,
        }
    }
}

/// A megabyte.
pub const MB: u64 = 1024 * 1024;

impl Limits {
    /// The file size limit in bytes.
    pub fn max_file_bytes(&self) -> u64 {
        self.max_file_mb.saturating_mul(MB)
    }

    /// The inflated size limit of one zip-based file, in bytes.
    pub fn max_inflated_bytes(&self) -> u64 {
        self.max_inflated_mb.saturating_mul(MB)
    }
}

/// What is being read, for the message about its size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A spreadsheet file.
    Spreadsheet,
    /// A mail, a mailbox or a zip.
    Container,
}

/// Why a file cannot be read from disk. Each message says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    /// The path names a folder.
    #[error("ファイルではなくフォルダです")]
    Folder,
    /// The file is larger than `[limits] max_file_mb`.
    #[error("{max_mb} MB を超える大きさです。{}か確かめてください", match .kind {
        Kind::Spreadsheet => "様式のファイル",
        Kind::Container => "提出のメール",
    })]
    TooLarge {
        /// The limit, in megabytes.
        max_mb: u64,
        /// What the file should be.
        kind: Kind,
    },
    /// Nothing at the path.
    #[error("ファイルが見つかりません。パスを確かめてください")]
    NotFound,
    /// Not allowed to read it.
    #[error("読み取りが許可されていません。ファイルのアクセス権を確かめてください")]
    PermissionDenied,
    /// Any other failure of the system, explained.
    #[error("{0}")]
    Other(OsReason),
}

impl From<&std::io::Error> for FileError {
    fn from(e: &std::io::Error) -> FileError {
        match e.kind() {
            std::io::ErrorKind::NotFound => FileError::NotFound,
            std::io::ErrorKind::PermissionDenied => FileError::PermissionDenied,
            _ => FileError::Other(OsReason::from(e)),
        }
    }
}

/// Reads a file whole, refusing a folder and a file over the size limit.
pub fn read_limited(path: &Path, limits: &Limits, kind: Kind) -> Result<Vec<u8>, FileError> {
    let meta = std::fs::metadata(path).map_err(|e| FileError::from(&e))?;
    if meta.is_dir() {
        return Err(FileError::Folder);
    }
    if meta.len() > limits.max_file_bytes() {
        return Err(FileError::TooLarge {
            max_mb: limits.max_file_mb,
            kind,
        });
    }
    std::fs::read(path).map_err(|e| FileError::from(&e))
}

/// Why a mail, a mailbox or a zip cannot be taken apart (or one of its
/// entries read). Each message says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContainerError {
    /// A zip whose directory cannot be read.
    #[error(
        "ZIP ファイルが壊れています(途中で切れている可能性があります)。作り直して再提出してください"
    )]
    ZipTruncated,
    /// More entries than `[limits] max_zip_entries`.
    #[error("ZIP の中のファイルが {max} 個を超えています。提出する様式だけをまとめてください")]
    TooManyEntries {
        /// The limit.
        max: usize,
    },
    /// A zip entry that cannot be opened, as the zip library said.
    #[error("ZIP の中身を読めません({0})。作り直して再提出してください")]
    ZipEntry(String),
    /// A zip entry encrypted with a password.
    #[error("ZIP のパスワードで保護されています。パスワードなしでまとめ直して再提出してください")]
    ZipPassword,
    /// A zip entry that fails while inflating.
    #[error("ZIP の中身が壊れています。作り直して再提出してください")]
    ZipCorrupt,
    /// A zip inflating beyond `[limits] max_inflated_mb`.
    #[error("ZIP を展開すると {max_mb} MB を超えます(圧縮爆弾の疑い)。読み込みません")]
    ZipBomb {
        /// The limit.
        max_mb: u64,
    },
    /// More mails in a mailbox than `[limits] max_zip_entries`.
    #[error("メールが {max} 通を超えています。提出のメールだけを選んでください")]
    TooManyMails {
        /// The limit.
        max: usize,
    },
    /// Not a mail or mailbox.
    #[error(
        "メールとして読めません(.eml / .mbox の形式ではありません)。メールソフトから保存し直してください"
    )]
    NotMail,
    /// Not an Outlook message.
    #[error("Outlook のメール(.msg)として読めません。Outlook から保存し直してください")]
    NotMsg,
}
