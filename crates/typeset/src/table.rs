//! Tables: columns sized to their content within the page, wrapped cell
//! text, borders, and rows split across pages with the header repeated (a
//! row taller than a page is split too); tagged as rows of header and data
//! cells, the repeated header and the borders as artifacts.

use super::blocks::{Cell, Color, Table, Widths};
use super::font::Metrics;
use super::layout::{Item, Layout, SetLine, set_para};
use super::linebreak::pieces;
use super::structure::{Artifact, Kind, Role, Scope};

/// The width inside a cell that takes `fraction` of the page's body.
pub fn cell_width(fraction: f32) -> f32 {
    super::layout::Geometry::A4.body_width() * fraction - 2.0 * PAD_X
}

/// Padding inside a cell, in points.
pub(super) const PAD_X: f32 = 4.0;
const PAD_Y: f32 = 3.5;
/// Border thickness.
const RULE: f32 = 0.6;

/// The roles of a row's cells' paragraphs (one role for a whole cell when
/// it has one paragraph).
type CellRoles = Vec<Vec<Role>>;

/// A cell set to its column: its box and its lines.
#[derive(Debug, Clone)]
struct SetCell {
    x: f32,
    w: f32,
    fill: Option<Color>,
    lines: Vec<SetLine>,
}

/// A row set to the columns.
#[derive(Debug, Clone)]
struct SetRow {
    cells: Vec<SetCell>,
}

impl SetRow {
    fn height(&self) -> f32 {
        self.cells
            .iter()
            .map(|c| c.lines.iter().map(SetLine::height).sum::<f32>())
            .fold(0.0, f32::max)
            + 2.0 * PAD_Y
    }

    /// Splits off the lines that fit in `h`; `None` when no line fits.
    fn split(&self, h: f32) -> Option<(SetRow, SetRow)> {
        let inner = h - 2.0 * PAD_Y;
        let mut head = self.clone();
        let mut tail = self.clone();
        let mut any = false;
        for (i, cell) in self.cells.iter().enumerate() {
            let mut used = 0.0;
            let mut n = 0;
            for line in &cell.lines {
                if used + line.height() > inner {
                    break;
                }
                used += line.height();
                n += 1;
            }
            any |= n > 0 || cell.lines.is_empty();
            head.cells[i].lines = cell.lines[..n].to_vec();
            tail.cells[i].lines = cell.lines[n..].to_vec();
            if let Some(first) = tail.cells[i].lines.first_mut() {
                first.space = 0.0;
            }
        }
        let progress = head.cells.iter().any(|c| !c.lines.is_empty());
        (any && progress).then_some((head, tail))
    }

    fn is_empty(&self) -> bool {
        self.cells.iter().all(|c| c.lines.is_empty())
    }
}

/// The natural (unbroken) and smallest (longest unbreakable piece) widths
/// of a cell's content.
fn content_widths(m: &Metrics, cell: &Cell) -> (f32, f32) {
    let mut natural: f32 = 0.0;
    let mut least: f32 = 0.0;
    for para in &cell.paras {
        for line in para.text.split('\n') {
            natural = natural.max(m.width(line, para.size, para.bold) + para.indent);
            for piece in pieces(line) {
                least = least.max(m.width(&piece, para.size, para.bold) + para.indent);
            }
        }
    }
    (natural + 2.0 * PAD_X, least + 2.0 * PAD_X)
}

/// Column widths filling `available`: each column gets at least its
/// smallest width (if the page allows), the rest shared by how much more
/// its content would use.
fn column_widths(m: &Metrics, table: &Table, available: f32) -> Vec<f32> {
    let columns = table
        .header
        .iter()
        .chain(&table.rows)
        .map(Vec::len)
        .max()
        .unwrap_or(1);
    if let Widths::Fractions(f) = &table.widths {
        let total: f32 = f.iter().sum();
        return (0..columns)
            .map(|i| available * f.get(i).copied().unwrap_or(1.0) / total)
            .collect();
    }
    let mut natural = vec![0.0f32; columns];
    let mut least = vec![0.0f32; columns];
    for row in table.header.iter().chain(&table.rows) {
        for (i, cell) in row.iter().enumerate() {
            if row.len() < columns && i == row.len() - 1 {
                continue; // a spanning cell says nothing about one column
            }
            let (n, l) = content_widths(m, cell);
            natural[i] = natural[i].max(n);
            least[i] = least[i].max(l);
        }
    }
    let least_total: f32 = least.iter().sum();
    if least_total > available {
        return least.iter().map(|l| l * available / least_total).collect();
    }
    let natural_total: f32 = natural.iter().sum();
    if natural_total <= available {
        let extra = available - natural_total;
        return natural
            .iter()
            .map(|n| n + extra * n / natural_total.max(1.0))
            .collect();
    }
    // Columns narrower than a fair share keep their natural width; the
    // others share the rest by their natural width, never below their least.
    let mut widths: Vec<Option<f32>> = vec![None; columns];
    let mut remaining = available;
    loop {
        let open: Vec<usize> = (0..columns).filter(|&i| widths[i].is_none()).collect();
        if open.is_empty() {
            break;
        }
        let share = remaining / open.len() as f32;
        let fits: Vec<usize> = open
            .iter()
            .copied()
            .filter(|&i| natural[i] <= share)
            .collect();
        if fits.is_empty() {
            let open_natural: f32 = open.iter().map(|&i| natural[i]).sum();
            for &i in &open {
                widths[i] = Some((remaining * natural[i] / open_natural).max(least[i]));
            }
            break;
        }
        for i in fits {
            widths[i] = Some(natural[i]);
            remaining -= natural[i];
        }
    }
    let widths: Vec<f32> = widths.into_iter().map(Option::unwrap_or_default).collect();
    let total: f32 = widths.iter().sum();
    widths.iter().map(|w| w * available / total).collect()
}

fn set_row(m: &Metrics, row: &[Cell], widths: &[f32], left: f32) -> SetRow {
    let mut x = left;
    let mut cells = Vec::new();
    for (i, cell) in row.iter().enumerate() {
        let w = if i + 1 == row.len() {
            widths[i..].iter().sum()
        } else {
            widths[i]
        };
        let lines = cell
            .paras
            .iter()
            .enumerate()
            .flat_map(|(k, p)| {
                set_para(m, p, w - 2.0 * PAD_X)
                    .into_iter()
                    .map(move |line| SetLine { para: k, ..line })
            })
            .collect();
        cells.push(SetCell {
            x,
            w,
            fill: cell.fill,
            lines,
        });
        x += w;
    }
    SetRow { cells }
}

impl Layout<'_> {
    /// Places a table, splitting rows across pages and repeating the header.
    pub(super) fn table(&mut self, table: &Table) {
        let left = self.geo.side;
        let widths = column_widths(self.m, table, self.geo.body_width());
        let header: Vec<SetRow> = table
            .header
            .iter()
            .map(|r| set_row(self.m, r, &widths, left))
            .collect();
        let header_height: f32 = header.iter().map(SetRow::height).sum();
        let fresh = self.geo.body_bottom() - self.geo.top - header_height;
        let mut header_due = true;
        let mut header_tags: Option<Vec<CellRoles>> = None;
        let columns = widths.len();
        for cells in &table.rows {
            let mut row = set_row(self.m, cells, &widths, left);
            let mut tags: Option<CellRoles> = None;
            loop {
                let h = row.height();
                let room = self.room() - if header_due { header_height } else { 0.0 };
                if h <= room {
                    self.place_header(table, &header, &mut header_due, &mut header_tags, columns);
                    let tags = tags.get_or_insert_with(|| self.row_tags(cells, false, columns));
                    self.place_row(&row, tags);
                    break;
                }
                // Whole on the next page when it fits there and little is
                // left here; else split at a line.
                let split = if h <= fresh && room < fresh * 0.4 {
                    None
                } else {
                    row.split(room)
                };
                if let Some((head, tail)) = split {
                    self.place_header(table, &header, &mut header_due, &mut header_tags, columns);
                    let tags = tags.get_or_insert_with(|| self.row_tags(cells, false, columns));
                    self.place_row(&head, tags);
                    row = tail;
                    if row.is_empty() {
                        break;
                    }
                }
                self.new_page();
                header_due = true;
            }
        }
        if table.rows.is_empty() {
            self.need(header_height);
            self.place_header(table, &header, &mut header_due, &mut header_tags, columns);
        }
        self.y += 6.0;
    }

    /// Places the header rows when due: tagged the first time, an artifact
    /// when repeated on a later page.
    fn place_header(
        &mut self,
        table: &Table,
        header: &[SetRow],
        due: &mut bool,
        tags: &mut Option<Vec<CellRoles>>,
        columns: usize,
    ) {
        if !*due {
            return;
        }
        *due = false;
        let repeated = tags.is_some();
        let tags = tags.get_or_insert_with(|| {
            table
                .header
                .iter()
                .map(|cells| self.row_tags(cells, true, columns))
                .collect()
        });
        for (row, row_tags) in header.iter().zip(tags.clone()) {
            if repeated {
                let artifact = vec![vec![Role::Artifact(Artifact::Layout)]; row.cells.len()];
                self.place_row(row, &artifact);
            } else {
                self.place_row(row, &row_tags);
            }
        }
    }

    /// The elements of a row: a TR in the table, a TH or TD per cell, and
    /// in a cell of several paragraphs a P or list item for each. The role
    /// of each cell's paragraphs.
    fn row_tags(&mut self, cells: &[Cell], header: bool, columns: usize) -> CellRoles {
        let structure = &mut self.laid.structure;
        let row = structure.add(Kind::Row, structure.container());
        let mut out = Vec::new();
        for (i, cell) in cells.iter().enumerate() {
            let kind = match (header, cell.header) {
                (true, _) => Kind::Header(Scope::Column),
                (false, true) => Kind::Header(Scope::Row),
                (false, false) => Kind::Data,
            };
            let e = structure.add(kind, row);
            if i + 1 == cells.len() {
                structure.elements[e].span = columns.saturating_sub(i).max(1) as u32;
            }
            structure.list = None;
            let roles = match cell.paras.as_slice() {
                [one] if !one.bullet => vec![Role::Element(e)],
                paras => paras
                    .iter()
                    .map(|p| {
                        if p.bullet {
                            Role::Element(structure.list_item(e))
                        } else {
                            structure.list = None;
                            Role::Element(structure.add(Kind::Paragraph, e))
                        }
                    })
                    .collect(),
            };
            structure.list = None;
            out.push(roles);
        }
        out
    }

    /// Places a row; `tags` holds the role of each cell's paragraphs (one
    /// role for the whole cell when it has one).
    fn place_row(&mut self, row: &SetRow, tags: &[Vec<Role>]) {
        let top = self.y;
        let h = row.height();
        let before = self.role();
        for (cell, roles) in row.cells.iter().zip(tags) {
            if let Some(color) = cell.fill {
                self.page().items.push(Item::Rect {
                    x: cell.x,
                    y: top,
                    w: cell.w,
                    h,
                    color,
                    role: Role::Artifact(Artifact::Layout),
                });
            }
            let mut y = top + PAD_Y;
            for line in &cell.lines {
                let role = roles.get(line.para).or(roles.last());
                self.set_role(role.copied().unwrap_or(before));
                y = self.draw_lines(std::slice::from_ref(line), cell.x + PAD_X, y);
            }
        }
        self.set_role(before);
        let right = row.cells.last().map_or(self.geo.side, |c| c.x + c.w);
        let left = row.cells.first().map_or(self.geo.side, |c| c.x);
        let mut rules = vec![
            ((left, top), (right, top)),
            ((left, top + h), (right, top + h)),
            ((right, top), (right, top + h)),
        ];
        for cell in &row.cells {
            rules.push(((cell.x, top), (cell.x, top + h)));
        }
        for (from, to) in rules {
            self.page().items.push(Item::Line {
                from,
                to,
                width: RULE,
                dotted: false,
                role: Role::Artifact(Artifact::Layout),
            });
        }
        self.y = top + h;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::{Block, Para};
    use crate::font::FontSet;
    use crate::layout::{Geometry, paginate};

    fn texts(page: &crate::layout::Page) -> Vec<String> {
        page.items
            .iter()
            .filter_map(|i| match i {
                Item::Text { text, .. } => Some(text.clone()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_row_taller_than_a_page_is_split_and_the_header_repeats() {
        let fonts = FontSet::embedded();
        let m = Metrics::new(&fonts);
        let long = "長い文章です。".repeat(1500);
        let table = Table {
            widths: Widths::Auto,
            header: vec![vec![Cell::label("見出しA"), Cell::label("見出しB")]],
            rows: vec![vec![
                Cell::text(Para::new("短い")),
                Cell::text(Para::new(&long)),
            ]],
        };
        let laid = paginate(
            &[Block::Table(table)],
            &m,
            Geometry::A4,
            &Default::default(),
        );
        assert!(laid.pages.len() >= 3, "{} pages", laid.pages.len());
        for page in &laid.pages {
            assert_eq!(texts(page)[0], "見出しA", "header repeated");
            for item in &page.items {
                if let Item::Text { y, x, .. } = item {
                    assert!(*y < Geometry::A4.body_bottom() && *x >= Geometry::A4.side);
                }
            }
        }
        let all: String = laid.pages.iter().flat_map(texts).collect();
        assert_eq!(all.matches('長').count(), 1500);
    }

    #[test]
    fn columns_fit_their_content_within_the_page() {
        let fonts = FontSet::embedded();
        let m = Metrics::new(&fonts);
        let table = Table {
            widths: Widths::Auto,
            header: vec![vec![Cell::label("No"), Cell::label("内容")]],
            rows: vec![vec![
                Cell::text(Para::new("1")),
                Cell::text(Para::new("とても長い内容".repeat(30))),
            ]],
        };
        let w = column_widths(&m, &table, 500.0);
        assert!((w.iter().sum::<f32>() - 500.0).abs() < 0.1);
        assert!(w[0] < 40.0 && w[0] >= 9.5 + 2.0 * PAD_X, "{w:?}");
    }
}
