//! The floor of the benchmark harness (scripts/bench.py): the bare calamine
//! read of every cell of every sheet of every workbook in a folder, on one
//! thread, doing nothing with them. `floor DIR` prints the cells read.

fn main() {
    use calamine::{Reader, open_workbook_auto};
    let dir = std::env::args().nth(1).expect("floor DIR");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("a folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    paths.sort();
    let mut cells = 0usize;
    for path in &paths {
        let Ok(mut book) = open_workbook_auto(path) else {
            continue;
        };
        for name in book.sheet_names() {
            if let Ok(range) = book.worksheet_range(&name) {
                cells += range.used_cells().count();
            }
        }
    }
    println!("{} files, {cells} cells", paths.len());
}
