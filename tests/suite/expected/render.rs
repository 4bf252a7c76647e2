//! Each output as text a reviewer reads: a workbook's cells (sheet, cell,
//! value, number format, bold, fill) and merged ranges, a PDF's text page by
//! page and its structure tree in order, the site's and the open data's
//! files as they are (Shift_JIS decoded), anything else by its hash only.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};

use crate::common::structure::{Element, tagged};

/// The file's hash, as `sha256sum` prints it.
pub fn hash(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The text of an output, or `None` when it is read by its hash only.
pub fn render(name: &str, bytes: &[u8]) -> Option<String> {
    let extension = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match extension.as_str() {
        "xlsx" => Some(workbook(bytes)),
        "pdf" => Some(pdf(bytes)),
        "html" | "css" | "svg" | "json" | "txt" | "csv" | "md" | "js" => Some(text(bytes)),
        _ => None,
    }
}

fn text(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => {
            let (text, _, _) = encoding_rs::SHIFT_JIS.decode(bytes);
            format!("(Shift_JIS)\n{text}")
        }
    }
}

fn attribute(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.0 == name || a.key.local_name().as_ref() == name)
        .map(|a| {
            quick_xml::escape::unescape(&a.value)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| a.value.clone().into_owned())
        })
}

fn part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<String> {
    let mut file = zip.by_name(name).ok()?;
    let mut text = String::new();
    file.read_to_string(&mut text).ok()?;
    Some(text)
}

/// Every start or empty element of a part, and the text inside each, as
/// (path of element names, attributes, text) in document order.
fn walk(xml: &str, mut visit: impl FnMut(&[String], Option<&BytesStart>, Option<&str>)) {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut path: Vec<String> = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                path.push(e.local_name().as_ref().to_string());
                visit(&path, Some(&e), None);
            }
            Ok(Event::Empty(e)) => {
                path.push(e.local_name().as_ref().to_string());
                visit(&path, Some(&e), None);
                path.pop();
            }
            Ok(Event::Text(t)) => visit(&path, None, Some(&t)),
            Ok(Event::GeneralRef(r)) => {
                let text = match &*r {
                    "lt" => "<".to_string(),
                    "gt" => ">".to_string(),
                    "amp" => "&".to_string(),
                    "quot" => "\"".to_string(),
                    "apos" => "'".to_string(),
                    _ => r
                        .resolve_char_ref()
                        .ok()
                        .flatten()
                        .map(String::from)
                        .unwrap_or_default(),
                };
                visit(&path, None, Some(&text));
            }
            Ok(Event::End(_)) => {
                path.pop();
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
}

/// A cell format as shown: its number format (when not General), bold, fill,
/// and `quote` for Excel's quote prefix (the cell stays text when edited).
fn styles(xml: &str) -> Vec<String> {
    let builtin = |id: &str| match id {
        "0" => None,
        "1" => Some("0"),
        "2" => Some("0.00"),
        "3" => Some("#,##0"),
        "4" => Some("#,##0.00"),
        "9" => Some("0%"),
        "10" => Some("0.00%"),
        "14" => Some("m/d/yyyy"),
        "49" => Some("@"),
        _ => Some("(builtin)"),
    };
    let mut formats: BTreeMap<String, String> = BTreeMap::new();
    let mut bold: Vec<bool> = Vec::new();
    let mut fills: Vec<Option<String>> = Vec::new();
    let mut xfs: Vec<(String, usize, usize, bool)> = Vec::new();
    walk(xml, |path, e, _| {
        let Some(e) = e else { return };
        let at = |name: &str| path.len() >= 2 && path[path.len() - 2] == name;
        match path.last().map(String::as_str) {
            Some("numFmt") => {
                if let (Some(id), Some(code)) =
                    (attribute(e, "numFmtId"), attribute(e, "formatCode"))
                {
                    formats.insert(id, code);
                }
            }
            Some("font") if at("fonts") => bold.push(false),
            Some("b") if at("font") => {
                if let Some(last) = bold.last_mut() {
                    *last = attribute(e, "val").is_none_or(|v| v != "0");
                }
            }
            Some("fill") if at("fills") => fills.push(None),
            Some("fgColor") if at("patternFill") => {
                if let Some(last) = fills.last_mut() {
                    *last = attribute(e, "rgb");
                }
            }
            Some("xf") if at("cellXfs") => {
                let number = |name: &str| {
                    attribute(e, name)
                        .and_then(|v| v.parse::<usize>().ok())
                        .unwrap_or(0)
                };
                let id = attribute(e, "numFmtId").unwrap_or_else(|| "0".to_string());
                let quote = attribute(e, "quotePrefix").is_some_and(|v| v == "1");
                xfs.push((id, number("fontId"), number("fillId"), quote));
            }
            _ => {}
        }
    });
    xfs.iter()
        .map(|(id, font, fill, quote)| {
            let mut shown = Vec::new();
            if let Some(code) = formats.get(id).map(String::as_str).or_else(|| builtin(id)) {
                shown.push(format!("fmt={code}"));
            }
            if bold.get(*font).copied().unwrap_or(false) {
                shown.push("bold".to_string());
            }
            if let Some(Some(rgb)) = fills.get(*fill) {
                shown.push(format!("fill={rgb}"));
            }
            if *quote {
                shown.push("quote".to_string());
            }
            shown.join(" ")
        })
        .collect()
}

/// A workbook's cells, sheet by sheet in the workbook's order: one line a
/// cell with a value (`A1 "text"`, `B2 12.5`, `C3 =FORMULA → value`), then
/// its format in brackets; then the merged ranges.
pub fn workbook(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut strings: Vec<String> = Vec::new();
    if let Some(xml) = part(&mut zip, "xl/sharedStrings.xml") {
        walk(&xml, |path, e, text| {
            match (path.last().map(String::as_str), e, text) {
                (Some("si"), Some(_), _) => strings.push(String::new()),
                // Phonetic runs (rPh) are not the cell's text.
                (Some("t"), None, Some(t)) if !path.iter().any(|p| p == "rPh") => {
                    if let Some(last) = strings.last_mut() {
                        last.push_str(t);
                    }
                }
                _ => {}
            }
        });
    }
    let styles = part(&mut zip, "xl/styles.xml")
        .map(|xml| styles(&xml))
        .unwrap_or_default();
    let mut targets: BTreeMap<String, String> = BTreeMap::new();
    if let Some(xml) = part(&mut zip, "xl/_rels/workbook.xml.rels") {
        walk(&xml, |_, e, _| {
            if let Some(e) = e
                && let (Some(id), Some(target)) = (attribute(e, "Id"), attribute(e, "Target"))
            {
                targets.insert(id, target.trim_start_matches("/xl/").to_string());
            }
        });
    }
    let mut sheets: Vec<(String, String)> = Vec::new();
    walk(&part(&mut zip, "xl/workbook.xml").unwrap(), |path, e, _| {
        if let (Some("sheet"), Some(e)) = (path.last().map(String::as_str), e) {
            let name = attribute(e, "name").unwrap_or_default();
            let id = attribute(e, "id").unwrap_or_default();
            sheets.push((name, targets.get(&id).cloned().unwrap_or_default()));
        }
    });
    let mut out = String::new();
    for (name, target) in sheets {
        out.push_str(&format!("== {name}\n"));
        let Some(xml) = part(&mut zip, &format!("xl/{target}")) else {
            continue;
        };
        out.push_str(&sheet(&xml, &strings, &styles));
    }
    out
}

fn sheet(xml: &str, strings: &[String], styles: &[String]) -> String {
    #[derive(Default)]
    struct Cell {
        at: String,
        kind: String,
        style: usize,
        value: String,
        formula: String,
        inline: String,
    }
    let mut out = String::new();
    let mut merges = Vec::new();
    let mut cell: Option<Cell> = None;
    let flush = |cell: Option<Cell>, out: &mut String| {
        let Some(c) = cell else { return };
        let value = match c.kind.as_str() {
            "s" => c
                .value
                .parse::<usize>()
                .ok()
                .and_then(|i| strings.get(i))
                .map(|s| format!("{s:?}"))
                .unwrap_or_else(|| format!("(string {})", c.value)),
            "inlineStr" => format!("{:?}", c.inline),
            "str" => format!("{:?}", c.value),
            "b" => format!("bool {}", c.value),
            "e" => format!("error {}", c.value),
            _ => c.value.clone(),
        };
        if value.is_empty() && c.formula.is_empty() {
            return;
        }
        let formula = if c.formula.is_empty() {
            String::new()
        } else {
            format!("={} → ", c.formula)
        };
        let style = styles.get(c.style).map(String::as_str).unwrap_or("");
        let style = if style.is_empty() {
            String::new()
        } else {
            format!("  [{style}]")
        };
        out.push_str(&format!("{} {formula}{value}{style}\n", c.at));
    };
    walk(xml, |path, e, text| {
        let name = path.last().map(String::as_str);
        match (name, e, text) {
            (Some("c"), Some(e), _) => {
                flush(cell.take(), &mut out);
                cell = Some(Cell {
                    at: attribute(e, "r").unwrap_or_default(),
                    kind: attribute(e, "t").unwrap_or_default(),
                    style: attribute(e, "s").and_then(|s| s.parse().ok()).unwrap_or(0),
                    ..Cell::default()
                });
            }
            (Some("mergeCell"), Some(e), _) => merges.push(attribute(e, "ref").unwrap_or_default()),
            (Some("v"), None, Some(t)) => {
                if let Some(c) = cell.as_mut() {
                    c.value.push_str(t);
                }
            }
            (Some("f"), None, Some(t)) => {
                if let Some(c) = cell.as_mut() {
                    c.formula.push_str(t);
                }
            }
            (Some("t"), None, Some(t)) if path.iter().any(|p| p == "is") => {
                if let Some(c) = cell.as_mut() {
                    c.inline.push_str(t);
                }
            }
            _ => {}
        }
    });
    flush(cell.take(), &mut out);
    if !merges.is_empty() {
        out.push_str(&format!("merged {}\n", merges.join(" ")));
    }
    out
}

/// A PDF's text page by page, then its structure tree: one line an
/// element, indented by depth, with its type, alternative text and own text.
pub fn pdf(bytes: &[u8]) -> String {
    let t = tagged(bytes);
    let mut out = String::new();
    let pages = t.pdf.get_pages().len() as u32;
    for page in 1..=pages {
        out.push_str(&format!("== page {page}\n"));
        let text = t.pdf.extract_text(&[page]).unwrap_or_default();
        for line in text.lines().map(str::trim_end).filter(|l| !l.is_empty()) {
            out.push_str(line);
            out.push('\n');
        }
    }
    out.push_str("== structure\n");
    fn element(e: &Element, depth: usize, out: &mut String) {
        out.push_str(&"  ".repeat(depth));
        out.push_str(&e.tag);
        if let Some(alt) = &e.alt {
            out.push_str(&format!(" alt={alt:?}"));
        }
        if !e.text.is_empty() {
            out.push_str(&format!(" {:?}", e.text));
        }
        out.push('\n');
        for kid in &e.kids {
            element(kid, depth + 1, out);
        }
    }
    element(&t.root, 0, &mut out);
    out
}
