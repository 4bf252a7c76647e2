//! Bounds what an .xls (BIFF records in an OLE compound file) declares about
//! its size before calamine allocates for it: the DIMENSIONS of each sheet,
//! the box its cell records span, and the count of shared strings.

use std::io::Read;

use super::extent::too_large;
use super::unreadable::Unreadable;

/// Records that place one cell: row at bytes 0–1, column at 2–3.
const CELL_RECORDS: &[u16] = &[
    0x0006, // FORMULA
    0x00D6, // RSTRING
    0x00FD, // LABELSST
    0x0201, // BLANK
    0x0203, // NUMBER
    0x0204, // LABEL
    0x0205, // BOOLERR
    0x027E, // RK
];
/// Records that place a run of cells: row, first column, …, last column.
const RUN_RECORDS: &[u16] = &[0x00BD, 0x00BE]; // MULRK, MULBLANK
const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const DIMENSIONS: u16 = 0x0200;
const SST: u16 = 0x00FC;

/// The workbook stream of an .xls: DIMENSIONS, cell and SST records.
pub fn check_xls(bytes: &[u8], max_cells: u64) -> Result<(), Unreadable> {
    let Ok(mut file) = cfb::CompoundFile::open(std::io::Cursor::new(bytes)) else {
        return Err(Unreadable::Compound);
    };
    let name = ["/Workbook", "/Book"]
        .into_iter()
        .find(|n| file.is_stream(n));
    let Some(name) = name else { return Ok(()) };
    let mut stream = Vec::new();
    let read = file
        .open_stream(name)
        .and_then(|mut s| s.read_to_end(&mut stream));
    if read.is_err() {
        return Err(Unreadable::NoStream);
    }
    check_records(&stream, max_cells)
}

fn u16_at(data: &[u8], i: usize) -> u64 {
    u16::from_le_bytes([data[i], data[i + 1]]) as u64
}

fn u32_at(data: &[u8], i: usize) -> u64 {
    u32::from_le_bytes([data[i], data[i + 1], data[i + 2], data[i + 3]]) as u64
}

/// Walks the records of a workbook stream.
fn check_records(stream: &[u8], max_cells: u64) -> Result<(), Unreadable> {
    // The box of the cells of the current sheet: (first row, first column),
    // (last row, last column).
    let mut span: Option<((u64, u64), (u64, u64))> = None;
    // Substreams nest (a chart inside a sheet): the box is the outer sheet's.
    let mut depth = 0u32;
    let mut at = 0usize;
    while at + 4 <= stream.len() {
        let kind = u16_at(stream, at) as u16;
        let len = u16_at(stream, at + 2) as usize;
        let data = &stream[at + 4..(at + 4 + len).min(stream.len())];
        let mut place = |row: u64, first: u64, last: u64| {
            span = Some(match span {
                None => ((row, first), (row, last)),
                Some(((r0, c0), (r1, c1))) => {
                    ((r0.min(row), c0.min(first)), (r1.max(row), c1.max(last)))
                }
            });
            let ((r0, c0), (r1, c1)) = span.unwrap_or_default();
            let cells = (r1 - r0 + 1).saturating_mul(c1.saturating_sub(c0) + 1);
            if cells > max_cells {
                return Err(too_large(cells, max_cells));
            }
            Ok(())
        };
        match kind {
            BOF => {
                if depth == 0 {
                    span = None;
                }
                depth += 1;
            }
            EOF => depth = depth.saturating_sub(1),
            DIMENSIONS => check_dimensions(data, max_cells)?,
            SST if data.len() >= 8 => {
                let unique = u32_at(data, 4);
                if unique > stream.len() as u64 / 3 + 1 {
                    return Err(Unreadable::StringCount(unique.to_string()));
                }
            }
            k if CELL_RECORDS.contains(&k) && data.len() >= 4 => {
                let col = u16_at(data, 2);
                place(u16_at(data, 0), col, col)?;
            }
            k if RUN_RECORDS.contains(&k) && data.len() >= 6 => {
                let (first, last) = (u16_at(data, 2), u16_at(data, data.len() - 2));
                place(u16_at(data, 0), first, last.max(first))?;
            }
            _ => {}
        }
        at += 4 + len;
    }
    Ok(())
}

/// DIMENSIONS as calamine reads it: it reserves (rows × columns) cells and
/// subtracts without checking the order.
fn check_dimensions(data: &[u8], max_cells: u64) -> Result<(), Unreadable> {
    let (rf, rl, cf, cl) = match data.len() {
        10 => (
            u16_at(data, 0),
            u16_at(data, 2),
            u16_at(data, 4),
            u16_at(data, 6),
        ),
        14 | 16 => (
            u32_at(data, 0),
            u32_at(data, 4),
            u16_at(data, 8),
            u16_at(data, 10),
        ),
        _ => return Ok(()),
    };
    if rl == 0 || cl == 0 {
        return Ok(());
    }
    let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
    if rf >= rl || cf >= cl {
        return Err(Unreadable::Dimensions { rf, rl, cf, cl });
    }
    let cells = (rl - rf).saturating_mul(cl - cf);
    if cells > max_cells {
        return Err(too_large(cells, max_cells));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut out = kind.to_le_bytes().to_vec();
        out.extend((data.len() as u16).to_le_bytes());
        out.extend(data);
        out
    }

    fn dimensions(rf: u32, rl: u32, cf: u16, cl: u16) -> Vec<u8> {
        let mut data = Vec::new();
        data.extend(rf.to_le_bytes());
        data.extend(rl.to_le_bytes());
        data.extend(cf.to_le_bytes());
        data.extend(cl.to_le_bytes());
        data.extend([0, 0]);
        record(DIMENSIONS, &data)
    }

    fn cell(kind: u16, row: u16, col: u16) -> Vec<u8> {
        let mut data = row.to_le_bytes().to_vec();
        data.extend(col.to_le_bytes());
        data.extend([0; 6]);
        record(kind, &data)
    }

    #[test]
    fn dimensions_must_be_ordered_and_bounded() {
        assert_eq!(check_records(&dimensions(0, 70, 0, 16), 5_000), Ok(()));
        assert!(
            check_records(&dimensions(100, 69, 0, 16), 5_000)
                .unwrap_err()
                .to_string()
                .contains("行 100〜69")
        );
        assert!(check_records(&dimensions(0, 0xFFFF_FFFE, 0, 16), 5_000_000).is_err());
        assert!(check_records(&dimensions(0, 70, 3, 3), 5_000).is_err());
    }

    #[test]
    fn cells_far_apart_are_refused() {
        let mut stream = cell(0x00FD, 0, 0);
        stream.extend(cell(0x0203, 69, 15));
        assert_eq!(check_records(&stream, 5_000), Ok(()));
        stream.extend(cell(0x00FD, 0xFFFF, 0xFFFF));
        assert!(
            check_records(&stream, 5_000_000)
                .unwrap_err()
                .to_string()
                .contains("セル分あり")
        );
        // A new sheet starts a new box.
        let mut two = cell(0x00FD, 0, 0);
        two.extend(record(EOF, &[]));
        two.extend(record(BOF, &[0; 16]));
        two.extend(cell(0x00FD, 60_000, 200));
        assert_eq!(check_records(&two, 5_000), Ok(()));
    }
}
