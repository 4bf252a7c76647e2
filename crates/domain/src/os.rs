//! Why the system refused to read or write a file, in Japanese: the words
//! every message about a file uses.

/// What the system said when a file could not be read or written, in
/// Japanese with what to do, never its English text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum OsReason {
    /// Nothing at the path.
    #[error("見つかりません。パスを確かめてください")]
    NotFound,
    /// Not allowed, or held open by another program (Excel locks what it has open).
    #[error(
        "アクセスが許可されていないか、ほかのプログラム(Excel など)で開かれています。ファイルを閉じるか、アクセス権を確かめてください"
    )]
    Denied,
    /// Held open by another program without sharing: Excel locks the
    /// workbooks it has open, and a PDF viewer may lock a PDF.
    #[error(
        "ほかのプログラム(Excel など)で開かれています。そのファイルを閉じてから、もう一度実行してください"
    )]
    Locked,
    /// The disk is full.
    #[error("ディスクの空きが足りません。空きを作ってから実行し直してください")]
    DiskFull,
    /// A folder of that name is in the way.
    #[error("同じ名前のフォルダがあります。別の名前か場所を指定してください")]
    IsFolder,
    /// A part of the path is a file, not a folder.
    #[error("途中のパスがフォルダではありません。パスを確かめてください")]
    NotFolder,
    /// The place cannot be written to.
    #[error("読み取り専用の場所です。書き込める場所を指定してください")]
    ReadOnly,
    /// Anything else, with the system's error number.
    #[error("システムがエラーを返しました(エラー番号 {0})。パスと空き容量を確かめてください")]
    Other(i32),
}

impl From<&std::io::Error> for OsReason {
    fn from(e: &std::io::Error) -> OsReason {
        use std::io::ErrorKind;
        // ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION.
        if cfg!(windows) && matches!(e.raw_os_error(), Some(32 | 33)) {
            return OsReason::Locked;
        }
        match e.kind() {
            ErrorKind::NotFound => OsReason::NotFound,
            ErrorKind::PermissionDenied => OsReason::Denied,
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded => OsReason::DiskFull,
            ErrorKind::IsADirectory | ErrorKind::DirectoryNotEmpty => OsReason::IsFolder,
            ErrorKind::NotADirectory => OsReason::NotFolder,
            ErrorKind::ReadOnlyFilesystem => OsReason::ReadOnly,
            _ => OsReason::Other(e.raw_os_error().unwrap_or(0)),
        }
    }
}
