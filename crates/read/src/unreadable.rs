//! Why a file cannot be read as a workbook: every reason the byte checks,
//! the size checks and calamine can give, with its Japanese message (the
//! cause, then what to do). Each becomes [`Problem::Unreadable`] on the file.
//!
//! [`Problem::Unreadable`]: mokuhyo_domain::finding::Problem::Unreadable

use mokuhyo_domain::finding::excerpt;
use mokuhyo_input::FileError;

/// Why a file cannot be read. The messages are pinned by the corpus of
/// broken files (`tests/fixtures/broken/corpus.toml`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unreadable {
    /// Reading it from disk failed.
    #[error(transparent)]
    File(#[from] FileError),
    /// Zero bytes.
    #[error("空のファイル(0 バイト)です。保存し直して再提出してください")]
    Empty,
    /// Bigger than `[limits] max_file_mb`.
    #[error("{max_mb} MB を超える大きさです。様式のファイルか確かめてください")]
    TooLarge {
        /// The limit.
        max_mb: u64,
    },
    /// An HTML page saved with a spreadsheet's name (a Web system's export).
    #[error(
        "HTML のファイルです(Web システムの出力など)。Excel で開いて .xlsx 形式で保存し直してください"
    )]
    Html,
    /// A PDF.
    #[error("PDF のファイルです。Excel の様式に記入して提出してください")]
    Pdf,
    /// Text: CSV, tab-separated.
    #[error(
        "テキスト(CSV など)のファイルです。Excel の様式に記入し、.xlsx で保存して提出してください"
    )]
    Text,
    /// Neither a zip nor an Office compound file.
    #[error(
        "Excel・LibreOffice のファイル形式ではありません。配布した様式に記入して提出してください"
    )]
    NotSpreadsheet,
    /// A Word document.
    #[error("Word の文書です。Excel の様式に記入して提出してください")]
    Word,
    /// A PowerPoint file.
    #[error("PowerPoint のファイルです。Excel の様式に記入して提出してください")]
    PowerPoint,
    /// Another kind of Office compound file.
    #[error("Excel のブックではない Office ファイルです。Excel の様式に記入して提出してください")]
    OtherOffice,
    /// Encrypted with a password.
    #[error("パスワードで保護されています。パスワードを解除して再提出してください")]
    Password,
    /// A zip whose directory cannot be read (cut short, most often).
    #[error(
        "ファイルが壊れています(途中で切れている可能性があります)。保存し直して再提出してください"
    )]
    Truncated,
    /// A zip without a workbook part.
    #[error(
        "ブックの本体(xl/workbook.xml)がありません。Excel で開けるか確かめ、.xlsx で保存し直して再提出してください"
    )]
    NoWorkbook,
    /// More zip entries than `[limits] max_zip_entries`.
    #[error("ZIP の中のファイルが {max} 個を超えています。様式のファイルか確かめてください")]
    TooManyEntries {
        /// The limit.
        max: usize,
    },
    /// Inflates beyond `[limits] max_inflated_mb`.
    #[error(
        "展開すると {max_mb} MB を超えます(圧縮爆弾の疑い)。様式ではありえない大きさのため読み込みません"
    )]
    Bomb {
        /// The limit.
        max_mb: u64,
    },
    /// A zip entry that cannot be opened, as the zip library said.
    #[error("ファイルの中身を読めません({0})。保存し直して再提出してください")]
    Entry(String),
    /// A zip entry that fails while inflating.
    #[error("ファイルの中身が壊れています。保存し直して再提出してください")]
    Corrupt,
    /// An XML part that does not parse.
    #[error("ファイルの中身({part})が壊れています")]
    Xml {
        /// The part, in Japanese (シート, テーブル, content.xml …).
        part: String,
    },
    /// An XML part that stops before its end.
    #[error("ファイルの中身({part})が途中で切れています。保存し直して再提出してください")]
    Unfinished {
        /// The part.
        part: String,
    },
    /// A sheet spanning more cells than `[limits] max_cells`.
    #[error(
        "シートの大きさが {cells} セル分あり、上限({max} セル)を超えます。様式ではありえない大きさのため読み込みません"
    )]
    TooManyCells {
        /// The cells the sheet spans.
        cells: u64,
        /// The limit.
        max: u64,
    },
    /// A cell reference that is malformed or beyond XFD1048576.
    #[error(
        "セル番地「{0}」が正しくないか Excel の範囲(XFD1048576 まで)を超えています。ファイルが壊れているか、改変されています"
    )]
    BadReference(String),
    /// An Excel table whose definition does not hold.
    #[error("テーブルの定義({0})が壊れています。配布した様式に記入し直して再提出してください")]
    BadTable(String),
    /// A sheet or relationship listed twice in the workbook's structure.
    #[error(
        "ブックの構成(「{0}」)が重複しています。ファイルが壊れているか、改変されています。Excel で開いて保存し直してください"
    )]
    Duplicate(String),
    /// A count of shared strings the file cannot hold.
    #[error(
        "文字列の数({0})がファイルの中身と合いません。ファイルが壊れているか、改変されています"
    )]
    StringCount(String),
    /// An .ods run of spaces longer than a cell may hold.
    #[error(
        "セルの空白の繰り返し({spaces} 文字)が Excel のセルの上限({max} 文字)を超えます。ファイルが壊れているか、改変されています"
    )]
    SpaceRun {
        /// The spaces.
        spaces: u64,
        /// Excel's limit.
        max: u64,
    },
    /// An Office compound file that cannot be opened.
    #[error("ファイルが壊れています(Office の複合ファイルとして読めません)")]
    Compound,
    /// An .xls without a readable workbook stream.
    #[error("ファイルが壊れています(ブックの本体を読めません)")]
    NoStream,
    /// An .xls DIMENSIONS record that does not hold.
    #[error(
        "シートの範囲の記録(行 {rf}〜{rl}、列 {cf}〜{cl})が壊れています。Excel で開いて保存し直して再提出してください"
    )]
    Dimensions {
        /// First row.
        rf: u64,
        /// Last row.
        rl: u64,
        /// First column.
        cf: u64,
        /// Last column.
        cl: u64,
    },
    /// XML entity definitions, which are never expanded.
    #[error(
        "ファイルの中に許可されていない XML の定義(エンティティ)があります。配布した様式に記入し直して再提出してください"
    )]
    Entities,
    /// XML that calamine cannot parse.
    #[error(
        "ファイルの中身(XML)が壊れています。Excel で開けるか確かめ、.xlsx で保存し直して再提出してください"
    )]
    BrokenXml,
    /// Anything else calamine refuses.
    #[error(
        "壊れているか、対応していない形式です。Excel で開けるか確かめ、.xlsx で保存し直して再提出してください"
    )]
    Broken,
    /// calamine panicked on the file.
    #[error(
        "ファイルの内部構造が壊れていて読み取れません。Excel で開けるか確かめ、.xlsx で保存し直して再提出してください"
    )]
    Panicked,
    /// mokuhyo's own code panicked on the file: a bug.
    #[error("読み込み中に内部エラーが起きました。このファイルを mokuhyo の開発者に送ってください")]
    Internal,
}

impl Unreadable {
    /// A duplicate, quoted shortened.
    pub(crate) fn duplicate(value: &str) -> Unreadable {
        Unreadable::Duplicate(excerpt(value))
    }

    /// A bad cell reference, quoted shortened.
    pub(crate) fn bad_reference(text: &str) -> Unreadable {
        Unreadable::BadReference(text.chars().take(30).collect())
    }

    /// What calamine's error means for the user, by its variant.
    pub(crate) fn from_calamine(e: &calamine::Error) -> Unreadable {
        use calamine::{Error, OdsError, XlsxError};
        let xml = |entity: bool| {
            if entity {
                Unreadable::Entities
            } else {
                Unreadable::BrokenXml
            }
        };
        match e {
            Error::Xlsx(XlsxError::Xml(x)) | Error::Ods(OdsError::Xml(x)) => xml(is_entity(x)),
            Error::Xlsx(
                XlsxError::XmlAttr(_) | XlsxError::XmlEof(_) | XlsxError::UnexpectedNode(_),
            )
            | Error::Ods(OdsError::XmlAttr(_) | OdsError::AttrError(_) | OdsError::Eof(_)) => {
                Unreadable::BrokenXml
            }
            _ => Unreadable::Broken,
        }
    }
}

/// Whether a quick-xml error is about an entity (calamine refuses DTDs).
fn is_entity(e: &quick_xml::Error) -> bool {
    matches!(e, quick_xml::Error::Escape(_))
}
