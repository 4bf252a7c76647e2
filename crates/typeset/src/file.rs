//! The PDF file format, written as it is made: object numbers reserved
//! ahead, objects serialized straight to bytes (names, numbers, text
//! strings), small objects packed into compressed object streams, and the
//! cross-reference stream and trailer at the end. No document is kept in
//! memory beyond the bytes written, and with a sink not even those: they
//! go to it a megabyte at a time.

use std::io::Write;

use flate2::Compression;
use flate2::write::ZlibEncoder;
use rayon::prelude::*;

/// An indirect object's number (generation 0).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Ref(pub u32);

/// Small objects per object stream.
const PER_STREAM: usize = 200;

/// Object streams compressed at once, in parallel.
const BATCH: usize = 8;

/// Bytes kept before they go to the sink.
const FLUSH: usize = 1 << 20;

/// Where an object is: at an offset in the file, or the n-th of an object
/// stream.
#[derive(Debug, Clone, Copy)]
enum Place {
    Unwritten,
    At(usize),
    Packed(u32, u16),
}

/// A PDF file being written, to memory or to a sink.
pub struct File<'a> {
    /// The bytes not yet given to the sink (all of them without one).
    out: Vec<u8>,
    /// The bytes given to the sink so far.
    flushed: usize,
    /// Where the bytes go.
    sink: Option<&'a mut dyn Write>,
    /// The sink's first error: nothing more is given to it, and
    /// [`File::finish`] returns it.
    error: Option<std::io::Error>,
    places: Vec<Place>,
    /// Small objects waiting for their object stream: number, bytes.
    packed: Vec<(u32, Vec<u8>)>,
    /// Object streams made, not yet compressed: number, entries, data.
    /// A batch is compressed in parallel and written in the order made,
    /// before anything else is written (the same bytes as one by one; the
    /// structure tree of a large packet is thousands of them).
    pending: Vec<(Ref, Vec<u8>, Vec<u8>)>,
}

impl Default for File<'_> {
    fn default() -> Self {
        File::new(None)
    }
}

impl<'a> File<'a> {
    /// A file with its header, written to `sink` if given, else kept in
    /// memory; object 0 is the free list's head.
    pub fn new(sink: Option<&'a mut dyn Write>) -> File<'a> {
        let mut out = Vec::with_capacity(FLUSH + FLUSH / 4);
        out.extend_from_slice(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
        File {
            out,
            flushed: 0,
            sink,
            error: None,
            places: vec![Place::Unwritten],
            packed: Vec::new(),
            pending: Vec::new(),
        }
    }

    /// The offset of the next byte written.
    fn offset(&self) -> usize {
        self.flushed + self.out.len()
    }

    /// Gives the bytes kept to the sink, once there are enough of them.
    /// After the sink's first error, they are dropped: the file is lost,
    /// and [`File::finish`] says so.
    fn flush(&mut self, at_least: usize) {
        if let Some(sink) = &mut self.sink
            && self.out.len() >= at_least
        {
            if self.error.is_none()
                && let Err(e) = sink.write_all(&self.out)
            {
                self.error = Some(e);
            }
            self.flushed += self.out.len();
            self.out.clear();
        }
    }

    /// Reserves the number of an object written later.
    pub fn reserve(&mut self) -> Ref {
        self.places.push(Place::Unwritten);
        Ref(self.places.len() as u32 - 1)
    }

    /// Writes an object (a dictionary, array, …) in the open, uncompressed.
    pub fn object(&mut self, id: Ref, body: &[u8]) {
        self.write_pending();
        self.places[id.0 as usize] = Place::At(self.offset());
        let _ = writeln!(self.out, "{} 0 obj", id.0);
        self.out.extend_from_slice(body);
        self.out.extend_from_slice(b"\nendobj\n");
        self.flush(FLUSH);
    }

    /// Writes a stream, compressed: its dictionary's entries besides
    /// /Length and /Filter, and its data.
    pub fn stream(&mut self, id: Ref, entries: &[u8], data: &[u8]) {
        self.deflated(id, entries, &deflate(data));
    }

    /// Writes a stream uncompressed: its dictionary's entries besides
    /// /Length, and its data (the XMP metadata, readable as it is).
    pub fn uncompressed(&mut self, id: Ref, entries: &[u8], data: &[u8]) {
        self.write_pending();
        self.places[id.0 as usize] = Place::At(self.offset());
        let _ = write!(self.out, "{} 0 obj\n<<", id.0);
        self.out.extend_from_slice(entries);
        let _ = write!(self.out, "/Length {}>>\nstream\n", data.len());
        self.out.extend_from_slice(data);
        self.out.extend_from_slice(b"\nendstream\nendobj\n");
        self.flush(FLUSH);
    }

    /// Writes a stream whose data is already compressed.
    pub fn deflated(&mut self, id: Ref, entries: &[u8], data: &[u8]) {
        self.write_pending();
        self.put_deflated(id, entries, data);
    }

    fn put_deflated(&mut self, id: Ref, entries: &[u8], data: &[u8]) {
        self.places[id.0 as usize] = Place::At(self.offset());
        let _ = write!(self.out, "{} 0 obj\n<<", id.0);
        self.out.extend_from_slice(entries);
        let _ = write!(
            self.out,
            "/Filter/FlateDecode/Length {}>>\nstream\n",
            data.len()
        );
        self.out.extend_from_slice(data);
        self.out.extend_from_slice(b"\nendstream\nendobj\n");
        self.flush(FLUSH);
    }

    /// Adds a small object (not a stream) to the next object stream.
    pub fn packed(&mut self, id: Ref, body: Vec<u8>) {
        self.packed.push((id.0, body));
        if self.packed.len() == PER_STREAM {
            self.flush_packed();
        }
    }

    fn flush_packed(&mut self) {
        if self.packed.is_empty() {
            return;
        }
        let stream = self.reserve();
        let mut header = Vec::new();
        let mut body = Vec::new();
        for (n, (id, bytes)) in self.packed.iter().enumerate() {
            let _ = write!(header, "{} {} ", id, body.len());
            body.extend_from_slice(bytes);
            body.push(b'\n');
            self.places[*id as usize] = Place::Packed(stream.0, n as u16);
        }
        let entries = format!(
            "/Type/ObjStm/N {}/First {}",
            self.packed.len(),
            header.len()
        );
        header.extend_from_slice(&body);
        self.packed.clear();
        self.pending.push((stream, entries.into_bytes(), header));
        if self.pending.len() == BATCH {
            self.write_pending();
        }
    }

    /// Compresses and writes the object streams made so far.
    fn write_pending(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let pending = std::mem::take(&mut self.pending);
        let data: Vec<Vec<u8>> = pending.par_iter().map(|(_, _, d)| deflate(d)).collect();
        for ((id, entries, _), data) in pending.iter().zip(&data) {
            self.put_deflated(*id, entries, data);
        }
    }

    /// Ends the file: the remaining object streams, the cross-reference
    /// stream with the trailer's entries (`/Root`, `/Info`, `/ID`), and
    /// the pointer to it. Every reserved object must have been written.
    /// Returns the bytes not given to the sink (all of them without one),
    /// or the sink's first error.
    pub fn finish(mut self, root: Ref, info: Ref, id: &str) -> std::io::Result<Vec<u8>> {
        self.flush_packed();
        self.write_pending();
        let xref = self.reserve();
        self.places[xref.0 as usize] = Place::At(self.offset());
        let mut rows = Vec::with_capacity(self.places.len() * 7);
        for place in &self.places {
            let (kind, a, b) = match *place {
                Place::Unwritten => (0u8, 0u32, 0xFFFFu16),
                Place::At(offset) => (1, offset as u32, 0),
                Place::Packed(stream, n) => (2, stream, n),
            };
            rows.push(kind);
            rows.extend_from_slice(&a.to_be_bytes());
            rows.extend_from_slice(&b.to_be_bytes());
        }
        let offset = self.offset();
        let entries = format!(
            "/Type/XRef/Size {}/W[1 4 2]/Root {} 0 R/Info {} 0 R/ID[<{id}><{id}>]",
            self.places.len(),
            root.0,
            info.0
        );
        self.stream(xref, entries.as_bytes(), &rows);
        let _ = write!(self.out, "startxref\n{offset}\n%%EOF\n");
        self.flush(0);
        if let Some(sink) = &mut self.sink
            && self.error.is_none()
            && let Err(e) = sink.flush()
        {
            self.error = Some(e);
        }
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.out),
        }
    }
}

/// Compresses with zlib (the PDF's FlateDecode).
pub fn deflate(data: &[u8]) -> Vec<u8> {
    deflate_at(data, 6)
}

/// Compresses a page's content stream: a lighter level, for most of the
/// file's bytes (a sixth less time for the whole build, a tenth more
/// bytes, measured on 1,000 departments).
pub fn deflate_content(data: &[u8]) -> Vec<u8> {
    deflate_at(data, 3)
}

fn deflate_at(data: &[u8], level: u32) -> Vec<u8> {
    let mut encoder = ZlibEncoder::new(Vec::with_capacity(data.len() / 3), Compression::new(level));
    let _ = encoder.write_all(data);
    encoder.finish().unwrap_or_default()
}

/// Appends a number with at most two decimals, without trailing zeros.
pub fn real(out: &mut Vec<u8>, v: f32) {
    decimal(out, v, 2);
}

/// Appends a number with at most `places` decimals (1 to 4), without
/// trailing zeros.
pub fn decimal(out: &mut Vec<u8>, v: f32, places: u32) {
    let unit = 10i64.pow(places);
    let scaled = (f64::from(v) * unit as f64).round() as i64;
    if scaled < 0 {
        out.push(b'-');
    }
    let abs = scaled.unsigned_abs();
    integer(out, abs / unit as u64);
    let mut frac = abs % unit as u64;
    if frac != 0 {
        let mut digits = places as usize;
        while frac.is_multiple_of(10) {
            frac /= 10;
            digits -= 1;
        }
        out.push(b'.');
        // `digits` digits, the leading ones zeros.
        let at = out.len();
        out.resize(at + digits, b'0');
        for slot in out[at..].iter_mut().rev() {
            *slot = b'0' + (frac % 10) as u8;
            frac /= 10;
        }
    }
}

/// Appends a whole number (not through `fmt`: a packet writes millions).
pub fn integer(out: &mut Vec<u8>, n: u64) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// Appends a 16-bit value as four upper-case hexadecimal digits.
pub fn hex4(out: &mut Vec<u8>, v: u16) {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    out.extend_from_slice(&[
        DIGITS[usize::from(v >> 12)],
        DIGITS[usize::from((v >> 8) & 0xF)],
        DIGITS[usize::from((v >> 4) & 0xF)],
        DIGITS[usize::from(v & 0xF)],
    ]);
}

/// Appends a text string: UTF-16BE with its byte order mark, in hex.
pub fn text(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(b"<FEFF");
    for unit in s.encode_utf16() {
        hex4(out, unit);
    }
    out.push(b'>');
}

/// Appends an indirect reference.
pub fn reference(out: &mut Vec<u8>, r: Ref) {
    integer(out, u64::from(r.0));
    out.extend_from_slice(b" 0 R");
}

/// Appends numbers (two decimals at most) separated by spaces.
pub fn reals(out: &mut Vec<u8>, values: &[f32]) {
    for (n, v) in values.iter().enumerate() {
        if n > 0 {
            out.push(b' ');
        }
        real(out, *v);
    }
}

/// Appends indirect references separated by spaces.
pub fn references(out: &mut Vec<u8>, refs: impl IntoIterator<Item = Ref>) {
    for (n, r) in refs.into_iter().enumerate() {
        if n > 0 {
            out.push(b' ');
        }
        reference(out, r);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(v: f32) -> String {
        let mut out = Vec::new();
        real(&mut out, v);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(r(595.28), "595.28");
        assert_eq!(r(841.89 - 38.0), "803.89");
        assert_eq!(r(0.5), "0.5");
        assert_eq!(r(-0.05), "-0.05");
        assert_eq!(r(12.0), "12");
        assert_eq!(r(-0.001), "0");
        let mut out = Vec::new();
        decimal(&mut out, 0.2, 3);
        decimal(&mut out, 0.125, 3);
        assert_eq!(out, b"0.20.125");
        let mut out = Vec::new();
        decimal(&mut out, 1.0005, 4);
        out.push(b' ');
        decimal(&mut out, 1234567.0, 1);
        out.push(b' ');
        hex4(&mut out, 0x0A1F);
        out.push(b' ');
        reference(&mut out, Ref(42));
        assert_eq!(out, b"1.0005 1234567 0A1F 42 0 R");
    }

    #[test]
    fn text_strings_are_utf16() {
        let mut out = Vec::new();
        text(&mut out, "mo真");
        assert_eq!(out, b"<FEFF006D006F771F>");
    }

    /// Objects of every kind, enough for several megabytes.
    fn fill(file: &mut File<'_>) -> Vec<u8> {
        let root = file.reserve();
        let info = file.reserve();
        for i in 0..6_000u32 {
            let id = file.reserve();
            match i % 3 {
                0 => file.packed(id, format!("<</N {i}>>").into_bytes()),
                // Incompressible, so that the file passes the flush size.
                1 => file.deflated(id, b"", &i.to_le_bytes().repeat(400)),
                _ => file.object(id, b"<</Kind/Open>>"),
            }
        }
        file.object(root, b"<</Type/Catalog>>");
        file.object(info, b"<<>>");
        std::mem::take(file)
            .finish(root, info, "0123456789ABCDEF")
            .unwrap()
    }

    /// A sink with room for `left` bytes, then full as a disk is.
    struct FillsUp {
        taken: Vec<u8>,
        left: usize,
        tries: usize,
    }

    impl Write for FillsUp {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.tries += 1;
            if self.left == 0 {
                return Err(std::io::ErrorKind::StorageFull.into());
            }
            let n = buf.len().min(self.left);
            self.taken.extend_from_slice(&buf[..n]);
            self.left -= n;
            Ok(n)
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_sink_that_fails_is_an_error_of_the_file_and_is_given_nothing_more() {
        let mut room = FillsUp {
            taken: Vec::new(),
            left: FLUSH + FLUSH / 2,
            tries: 0,
        };
        let file = {
            let mut file = File::new(Some(&mut room));
            let root = file.reserve();
            let info = file.reserve();
            for i in 0..6_000u32 {
                let id = file.reserve();
                file.deflated(id, b"", &i.to_le_bytes().repeat(400));
            }
            file.object(root, b"<</Type/Catalog>>");
            file.object(info, b"<<>>");
            file.finish(root, info, "0123456789ABCDEF")
        };
        let e = file.unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::StorageFull);
        assert_eq!(room.taken.len(), FLUSH + FLUSH / 2);
        // The first megabyte, the half that fitted of the second, and the
        // try that failed: nothing more was given to the sink.
        assert_eq!(room.tries, 3);
    }

    #[test]
    fn a_file_written_to_a_sink_has_the_bytes_it_has_in_memory() {
        let whole = fill(&mut File::new(None));
        assert!(whole.len() > 3 * FLUSH, "{} bytes", whole.len());
        let mut sunk = Vec::new();
        let left = fill(&mut File::new(Some(&mut sunk)));
        assert!(left.is_empty(), "{} bytes kept", left.len());
        assert!(sunk == whole, "the bytes differ");
    }
}
