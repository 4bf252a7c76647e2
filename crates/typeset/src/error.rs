//! What stops the typesetter: a font it cannot use, a sink that refuses
//! the bytes. The application turns each into its own message, naming the
//! file it was writing.

use std::path::PathBuf;

/// Everything that stops a document being typeset or written.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A font that cannot be used; the message says why, in Japanese
    /// (「日本語(ひらがな)の文字がないフォントです」).
    #[error("フォント「{path}」を使えません({message})")]
    Font {
        /// The font file, as named.
        path: PathBuf,
        /// Why, in Japanese.
        message: String,
    },
    /// A font file that the system would not read.
    #[error("フォント「{path}」を読み込めません({source})")]
    FontFile {
        /// The font file, as named.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The sink refused the document's bytes.
    #[error("PDF を書き込めません({0})")]
    Write(#[source] std::io::Error),
}

/// The typesetter's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
