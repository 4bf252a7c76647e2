//! Writing outputs: atomically (temporary file and rename in the same
//! folder), never over an input, with timestamps that make reruns identical.
//! The temporary files being written are known to the process, for an
//! interruption to remove them ([`abandon_staged`]); one that an earlier
//! run left behind, killed, is removed when a run next writes in its folder.

use std::ffi::OsStr;
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

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
    stage(path, bytes).commit()
}

/// An output written to its temporary file beside `path`, waiting for its
/// rename; dropped uncommitted, it is removed. A large run stages each
/// output as soon as it is made, and holds its file instead of its bytes
/// while the next is made.
pub struct Staged {
    path: PathBuf,
    tmp: Result<Temporary>,
}

/// Writes `bytes` to a temporary file beside `path`. What goes wrong is
/// kept for [`Staged::commit`], to be reported with the other outputs.
pub fn stage(path: &Path, bytes: &[u8]) -> Staged {
    Staged {
        path: path.to_path_buf(),
        tmp: stage_file(path, bytes),
    }
}

/// Stages an output written piece by piece: `write` is given the temporary
/// file and never needs the whole output in memory; it may seek (a zip is
/// written so). What goes wrong writing the file is kept for
/// [`Staged::commit`], as [`stage`] does; an error of `write` itself is
/// returned (and nothing is left).
pub fn stage_with<T>(
    path: &Path,
    write: impl FnOnce(&mut Sink<'_>) -> Result<T>,
) -> Result<(Staged, T)> {
    stage_through(path, |file| Box::new(file), write)
}

/// [`stage_with`], the temporary file written through `disk` (a test's
/// disk that fills up; the file itself otherwise).
fn stage_through<T>(
    path: &Path,
    disk: impl for<'f> FnOnce(&'f mut std::fs::File) -> Box<dyn Out + 'f>,
    write: impl FnOnce(&mut Sink<'_>) -> Result<T>,
) -> Result<(Staged, T)> {
    let staged = |tmp| Staged {
        path: path.to_path_buf(),
        tmp,
    };
    let mut tmp = match open_temporary(path) {
        Ok(tmp) => tmp,
        Err(e) => {
            let mut nowhere = Discard::default();
            let mut sink = Sink {
                out: &mut nowhere,
                error: None,
            };
            return Ok((staged(Err(e)), write(&mut sink)?));
        }
    };
    let mut out = disk(tmp.file());
    let mut sink = Sink {
        out: &mut *out,
        error: None,
    };
    let made = write(&mut sink)?;
    let error = sink.error;
    drop(out);
    // Dropped on an error, the temporary file is removed: the output as it
    // was stays, and nothing cut short is ever renamed onto it.
    let tmp = match error {
        Some(e) => Err(write_error(path, &e)),
        None => seal(path, tmp),
    };
    Ok((staged(tmp), made))
}

/// Where [`stage_with`] writes: a file (or nowhere) that keeps its first
/// error instead of returning it; the writer goes on, and the error is
/// reported at commit.
pub struct Sink<'a> {
    out: &'a mut (dyn Out + 'a),
    error: Option<std::io::Error>,
}

/// What a [`Sink`] writes to.
trait Out: Write + Seek + Send {}

impl<T: Write + Seek + Send> Out for T {}

impl Write for Sink<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.error.is_none()
            && let Err(e) = self.out.write_all(buf)
        {
            self.error = Some(e);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.error.is_none()
            && let Err(e) = self.out.flush()
        {
            self.error = Some(e);
        }
        Ok(())
    }
}

impl Seek for Sink<'_> {
    /// After a failure the position is meaningless: the file is not kept.
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        if self.error.is_none() {
            match self.out.seek(pos) {
                Ok(at) => return Ok(at),
                Err(e) => self.error = Some(e),
            }
        }
        Ok(0)
    }
}

/// Bytes written nowhere, as a file of that length would take them (an
/// output whose temporary file could not be made is made all the same).
#[derive(Default)]
struct Discard {
    at: u64,
    len: u64,
}

impl Write for Discard {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.at += buf.len() as u64;
        self.len = self.len.max(self.at);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Seek for Discard {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        let at = match pos {
            SeekFrom::Start(at) => Some(at),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
            SeekFrom::Current(d) => self.at.checked_add_signed(d),
        };
        self.at = at.ok_or(std::io::ErrorKind::InvalidInput)?;
        Ok(self.at)
    }
}

fn write_error(path: &Path, e: &std::io::Error) -> Error {
    Error::Write {
        path: path.to_path_buf(),
        reason: OsReason::from(e),
    }
}

fn stage_file(path: &Path, bytes: &[u8]) -> Result<Temporary> {
    let mut tmp = open_temporary(path)?;
    tmp.file()
        .write_all(bytes)
        .map_err(|e| write_error(path, &e))?;
    seal(path, tmp)
}

/// How a temporary file is named: this, letters and digits, and
/// [`TEMPORARY_END`]. Nobody names a file so; a file so named in an output
/// folder is mokuhyo's, and one that no run holds open was left by a run
/// that was killed.
const TEMPORARY_START: &str = ".mokuhyo-partial-";
const TEMPORARY_END: &str = ".tmp";
/// The letters and digits of a temporary file's name.
const TEMPORARY_RANDOM: usize = 12;

/// Whether a file's name is one that [`open_temporary`] gives.
fn is_temporary_name(name: &OsStr) -> bool {
    name.to_str()
        .and_then(|n| n.strip_prefix(TEMPORARY_START))
        .and_then(|n| n.strip_suffix(TEMPORARY_END))
        .is_some_and(|r| {
            r.len() == TEMPORARY_RANDOM && r.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

/// The temporary files of this process's outputs not yet renamed into
/// place nor removed, and the folders rid of an earlier run's leftovers.
struct Staging {
    files: Vec<PathBuf>,
    swept: Vec<PathBuf>,
}

static STAGING: Mutex<Staging> = Mutex::new(Staging {
    files: Vec::new(),
    swept: Vec::new(),
});

fn staging() -> MutexGuard<'static, Staging> {
    STAGING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Removes the temporary files of the outputs being written, for a run
/// that is interrupted (Ctrl-C, its console window closed): the outputs
/// stay as the last run left them, and nothing else is left. No file is
/// made or renamed after this: the process is ending.
pub fn abandon_staged() {
    let staging = staging();
    for file in &staging.files {
        // Written by this process, held open by it, gone when it ends if
        // the system allows no sooner: nothing to report to anyone.
        let _ = std::fs::remove_file(file);
    }
    // Kept locked until the process has ended.
    std::mem::forget(staging);
}

/// A temporary file of this process's, listed for [`abandon_staged`] until
/// it is renamed into place or removed.
struct Temporary {
    file: Option<tempfile::NamedTempFile>,
    path: PathBuf,
}

impl Temporary {
    fn file(&mut self) -> &mut std::fs::File {
        self.named().as_file_mut()
    }

    fn named(&mut self) -> &mut tempfile::NamedTempFile {
        self.file
            .as_mut()
            .expect("a temporary file not yet renamed")
    }

    /// Renames the file onto `path`.
    fn persist(mut self, path: &Path) -> std::io::Result<()> {
        let file = self.file.take().expect("a temporary file not yet renamed");
        // Failing, the file is dropped with the error: removed.
        file.persist(path).map(drop).map_err(|e| e.error)
    }
}

impl Drop for Temporary {
    fn drop(&mut self) {
        // Removed (unless renamed), then no longer listed.
        drop(self.file.take());
        let mut staging = staging();
        if let Some(at) = staging.files.iter().position(|f| *f == self.path) {
            staging.files.swap_remove(at);
        }
    }
}

/// A temporary file beside `path` (its folder made if need be), the
/// folder first rid of what an earlier run, killed, left there.
fn open_temporary(path: &Path) -> Result<Temporary> {
    let err = |e: std::io::Error| write_error(path, &e);
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Some(file) = dir.ancestors().find(|a| a.is_file()) {
        return Err(Error::OutputNotFolder(file.to_path_buf()));
    }
    std::fs::create_dir_all(dir).map_err(err)?;
    // Made and listed at once: an interruption finds every file there is.
    let mut staging = staging();
    if !staging.swept.iter().any(|d| d == dir) {
        sweep(dir);
        staging.swept.push(dir.to_path_buf());
    }
    let file = tempfile::Builder::new()
        .prefix(TEMPORARY_START)
        .rand_bytes(TEMPORARY_RANDOM)
        .suffix(TEMPORARY_END)
        .tempfile_in(dir)
        .map_err(err)?;
    hold(file.as_file());
    let tmp = file.path().to_path_buf();
    staging.files.push(tmp.clone());
    Ok(Temporary {
        file: Some(file),
        path: tmp,
    })
}

/// Removes from `dir` the temporary files that earlier runs left behind,
/// killed before they could: those named as mokuhyo names them that no
/// run holds open (a run writing into the same folder at the same time
/// keeps its own). Nothing else is touched.
fn sweep(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if is_temporary_name(&entry.file_name()) && entry.file_type().is_ok_and(|t| t.is_file()) {
            remove_unheld(&entry.path());
        }
    }
}

/// Marks a temporary file as held by this run: on Unix a lock, which
/// [`remove_unheld`] in another run sees (Windows sees the open file
/// itself). On a file system without locks neither run can lock, and its
/// leftovers are kept rather than risk another run's file.
#[cfg(unix)]
fn hold(file: &std::fs::File) {
    use std::os::fd::AsRawFd;
    // SAFETY: a lock on a descriptor that `file` owns.
    unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
}

#[cfg(not(unix))]
fn hold(_: &std::fs::File) {}

/// Removes a leftover temporary file unless a run holds it (locked).
#[cfg(unix)]
fn remove_unheld(path: &Path) {
    use std::os::fd::AsRawFd;
    use std::os::unix::fs::OpenOptionsExt;
    let Ok(file) = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
    else {
        return;
    };
    // SAFETY: a lock on a descriptor that `file` owns.
    if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
        // Best effort: a leftover that cannot be removed harms nothing.
        let _ = std::fs::remove_file(path);
    }
}

/// Removes a leftover temporary file unless a run holds it open: opened
/// without sharing, which fails while another handle is open, and
/// deleted when closed.
#[cfg(windows)]
fn remove_unheld(path: &Path) {
    use std::os::windows::fs::OpenOptionsExt;
    const DELETE: u32 = 0x0001_0000;
    const FILE_FLAG_OPEN_REPARSE_POINT: u32 = 0x0020_0000;
    const FILE_FLAG_DELETE_ON_CLOSE: u32 = 0x0400_0000;
    // Best effort: a leftover that cannot be removed harms nothing.
    let _ = std::fs::OpenOptions::new()
        .access_mode(DELETE)
        .share_mode(0)
        .custom_flags(FILE_FLAG_DELETE_ON_CLOSE | FILE_FLAG_OPEN_REPARSE_POINT)
        .open(path);
}

#[cfg(not(any(unix, windows)))]
fn remove_unheld(_: &Path) {}

/// A temporary file written in full: on the disk, with the permissions of
/// the file it replaces.
fn seal(path: &Path, mut tmp: Temporary) -> Result<Temporary> {
    let err = |e: std::io::Error| write_error(path, &e);
    tmp.file().sync_all().map_err(err)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path)
            .map(|m| m.permissions().mode())
            .unwrap_or(0o644);
        std::fs::set_permissions(tmp.named().path(), std::fs::Permissions::from_mode(mode))
            .map_err(err)?;
    }
    Ok(tmp)
}

impl Staged {
    /// Renames the temporary file onto the output (or reports why it could
    /// not be written).
    pub fn commit(self) -> Result<()> {
        let path = self.path;
        // Dropping the temporary file on failure removes it: nothing is left.
        self.tmp?.persist(&path).map_err(|e| Error::Write {
            // Windows refuses a rename onto a folder as "access denied".
            reason: if path.is_dir() {
                OsReason::IsFolder
            } else if held_open(&path) {
                OsReason::Locked
            } else {
                OsReason::from(&e)
            },
            path,
        })?;
        Ok(())
    }
}

/// Whether another program holds the file open without sharing it (Excel
/// does so with every workbook it has open): Windows then refuses the
/// rename onto it as "access denied", which would say the wrong thing.
#[cfg(windows)]
fn held_open(path: &Path) -> bool {
    match std::fs::OpenOptions::new().append(true).open(path) {
        Ok(_) => false,
        Err(e) => OsReason::from(&e) == OsReason::Locked,
    }
}

#[cfg(not(windows))]
fn held_open(_: &Path) -> bool {
    false
}

/// What writing several outputs did: the files written, and for each one
/// that could not be, why.
#[derive(Debug, Default)]
pub struct Outcome {
    /// The files written, in order.
    pub written: Vec<PathBuf>,
    /// The files not written (an `Error` naming each).
    pub failed: Vec<Error>,
}

impl Outcome {
    /// `path`, if it was written.
    pub fn wrote(&self, path: &Path) -> Option<PathBuf> {
        self.written.iter().find(|p| *p == path).cloned()
    }
}

/// Writes each file atomically; one that cannot be written (open in Excel,
/// say) keeps none of the others from being written.
pub fn write_each<'a>(files: impl IntoIterator<Item = (&'a Path, &'a [u8])>) -> Outcome {
    commit_each(files.into_iter().map(|(path, bytes)| stage(path, bytes)))
}

/// Commits each staged output, in order; one that cannot be written keeps
/// none of the others from being written.
pub fn commit_each(files: impl IntoIterator<Item = Staged>) -> Outcome {
    let mut outcome = Outcome::default();
    for file in files {
        let path = file.path.clone();
        match file.commit() {
            Ok(()) => outcome.written.push(path),
            Err(e) => outcome.failed.push(e),
        }
    }
    outcome
}

/// The file, in a folder written as a set, that lists what the last run
/// wrote there and each file's fingerprint.
pub const SET_LIST: &str = ".mokuhyo-written.txt";

/// What replacing a set of files left behind: the last run's files this run
/// did not write again, removed because nobody had changed them, or kept
/// because somebody had.
#[derive(Debug, Default, PartialEq)]
pub struct Replaced {
    /// Removed: written by the last run, unchanged, not needed any more.
    pub removed: Vec<PathBuf>,
    /// Kept: written by the last run but changed since (someone worked on it).
    pub kept: Vec<PathBuf>,
}

/// Finishes a folder written as a set (the correction files of `check
/// --feedback`): the last run's files that this run did not write again are
/// removed when they are as the last run wrote them (so no stale file is
/// left beside this run's), kept when they were changed; the list of this
/// run's files replaces the last one. Only files the list names are ever
/// removed, and only by their bytes' fingerprint.
pub fn replace_set(dir: &Path, written: &[(PathBuf, &[u8])]) -> Result<Replaced> {
    let list = dir.join(SET_LIST);
    let previous = std::fs::read_to_string(&list).unwrap_or_default();
    // Each file by its path in `dir`, with `/` between folders.
    let name = |path: &Path| -> Option<String> {
        let rel = path.strip_prefix(dir).ok()?;
        let parts: Vec<String> = rel
            .components()
            .map(|c| match c {
                std::path::Component::Normal(p) => Some(p.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect::<Option<_>>()?;
        (!parts.is_empty()).then(|| parts.join("/"))
    };
    let names: Vec<String> = written.iter().filter_map(|(p, _)| name(p)).collect();
    let mut replaced = Replaced::default();
    for line in previous.lines() {
        let Some((print, listed)) = line.split_once('\t') else {
            continue;
        };
        // A name from the list stays inside `dir`.
        let inside = !listed.is_empty()
            && !listed.contains('\\')
            && listed
                .split('/')
                .all(|p| !p.is_empty() && p != "." && p != "..");
        if !inside || names.iter().any(|n| n == listed) {
            continue;
        }
        let path = listed.split('/').fold(dir.to_path_buf(), |p, c| p.join(c));
        match std::fs::read(&path) {
            Ok(bytes) if format!("{:016x}", fingerprint(&bytes)) == print => {
                if std::fs::remove_file(&path).is_ok() {
                    replaced.removed.push(path);
                }
            }
            Ok(_) => replaced.kept.push(path),
            Err(_) => {}
        }
    }
    let mut text = String::new();
    for (path, bytes) in written {
        if let Some(name) = name(path) {
            text.push_str(&format!("{:016x}\t{name}\n", fingerprint(bytes)));
        }
    }
    if text.is_empty() {
        let _ = std::fs::remove_file(&list);
    } else {
        write_atomic(&list, text.as_bytes())?;
    }
    Ok(replaced)
}

/// The fingerprint of a file's bytes.
fn fingerprint(bytes: &[u8]) -> u64 {
    crate::domain::mark::fnv(bytes.iter().copied(), crate::domain::mark::FNV_START)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder with a file named `out` in it, where a folder is wanted.
    fn file_for_a_folder() -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("out");
        std::fs::write(&file, b"").unwrap();
        (dir, file)
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_staged_output_appears_only_when_committed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("集約.pdf");
        std::fs::write(&path, b"last run").unwrap();
        let staged = stage(&path, b"this run");
        assert_eq!(std::fs::read(&path).unwrap(), b"last run");
        staged.commit().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"this run");
        assert_eq!(names(dir.path()), ["集約.pdf"]);
    }

    #[test]
    fn a_staged_output_dropped_leaves_nothing_and_the_old_file_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("集約.pdf");
        std::fs::write(&path, b"last run").unwrap();
        drop(stage(&path, b"this run"));
        assert_eq!(std::fs::read(&path).unwrap(), b"last run");
        assert_eq!(names(dir.path()), ["集約.pdf"]);
    }

    #[test]
    fn a_staging_failure_is_reported_at_commit_and_the_others_are_written() {
        let (dir, file) = file_for_a_folder();
        let good = dir.path().join("集約.xlsx");
        let outcome = commit_each([stage(&file.join("集約.pdf"), b"pdf"), stage(&good, b"xlsx")]);
        assert_eq!(outcome.written, [good]);
        assert!(
            matches!(&outcome.failed[..], [Error::OutputNotFolder(p)] if *p == file),
            "{:?}",
            outcome.failed
        );
    }

    #[test]
    fn an_output_written_piece_by_piece_is_staged_like_one_given_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("議会資料.pdf");
        let (staged, pieces) = stage_with(&path, |file| {
            for piece in [&b"%PDF"[..], b"-1.7\n", b"%%EOF\n"] {
                file.write_all(piece).unwrap();
            }
            Ok(3)
        })
        .unwrap();
        assert_eq!(pieces, 3);
        assert!(!path.exists(), "written before the commit");
        staged.commit().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"%PDF-1.7\n%%EOF\n");
        assert_eq!(names(dir.path()), ["議会資料.pdf"]);
    }

    #[test]
    fn an_output_written_piece_by_piece_into_no_folder_is_reported_at_commit() {
        let (_dir, file) = file_for_a_folder();
        let (staged, made) = stage_with(&file.join("議会資料.pdf"), |w| {
            w.write_all(b"%PDF").unwrap();
            Ok("made all the same")
        })
        .unwrap();
        assert_eq!(made, "made all the same");
        let e = staged.commit().unwrap_err();
        assert!(
            matches!(&e, Error::OutputNotFolder(p) if *p == file),
            "{e:?}"
        );
    }

    #[test]
    fn an_output_that_seeks_back_is_staged_as_written() {
        // A zip (a workbook) goes back to fill in what it learns later.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("集約.xlsx");
        let (staged, ()) = stage_with(&path, |file| {
            file.write_all(b"PK..rest").unwrap();
            assert_eq!(file.seek(SeekFrom::Start(2)).unwrap(), 2);
            file.write_all(b"34").unwrap();
            assert_eq!(file.seek(SeekFrom::End(0)).unwrap(), 8);
            Ok(())
        })
        .unwrap();
        staged.commit().unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"PK34rest");
    }

    #[test]
    fn an_output_that_seeks_into_no_folder_is_made_and_reported_at_commit() {
        let (_dir, file) = file_for_a_folder();
        let (staged, at) = stage_with(&file.join("集約.xlsx"), |w| {
            w.write_all(b"PK..rest").unwrap();
            w.seek(SeekFrom::Current(-6)).unwrap();
            Ok(w.stream_position().unwrap())
        })
        .unwrap();
        assert_eq!(at, 2, "positions as in a file");
        let e = staged.commit().unwrap_err();
        assert!(
            matches!(&e, Error::OutputNotFolder(p) if *p == file),
            "{e:?}"
        );
    }

    /// A disk with room for `left` more bytes.
    struct FillsUp<'f> {
        file: &'f mut std::fs::File,
        left: usize,
    }

    impl Write for FillsUp<'_> {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if self.left == 0 {
                return Err(std::io::ErrorKind::StorageFull.into());
            }
            let n = self.file.write(&buf[..buf.len().min(self.left)])?;
            self.left -= n;
            Ok(n)
        }

        fn flush(&mut self) -> std::io::Result<()> {
            self.file.flush()
        }
    }

    impl Seek for FillsUp<'_> {
        fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
            self.file.seek(pos)
        }
    }

    #[test]
    fn an_output_cut_short_by_a_full_disk_is_reported_and_the_last_one_stays() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("集約.xlsx");
        std::fs::write(&path, b"last run").unwrap();
        for left in [0, 3, 7] {
            let (staged, made) = stage_through(
                &path,
                |file| Box::new(FillsUp { file, left }),
                |w| {
                    w.write_all(b"PK..rest").unwrap();
                    w.seek(SeekFrom::Start(2)).unwrap();
                    w.write_all(b"34").unwrap();
                    w.flush().unwrap();
                    Ok("made all the same")
                },
            )
            .unwrap();
            assert_eq!(made, "made all the same");
            assert_eq!(names(dir.path()), ["集約.xlsx"], "{left} bytes");
            let e = staged.commit().unwrap_err();
            assert!(
                matches!(&e, Error::Write { path: p, reason: OsReason::DiskFull } if *p == path),
                "{e:?}"
            );
            assert_eq!(std::fs::read(&path).unwrap(), b"last run");
            assert_eq!(names(dir.path()), ["集約.xlsx"]);
        }
    }

    /// This process's temporary files listed in `dir`.
    fn listed_in(dir: &Path) -> Vec<PathBuf> {
        staging()
            .files
            .iter()
            .filter(|f| f.parent() == Some(dir))
            .cloned()
            .collect()
    }

    #[test]
    fn a_temporary_file_is_listed_until_it_is_renamed_or_removed() {
        let dir = tempfile::tempdir().unwrap();
        let a = stage(&dir.path().join("a.pdf"), b"a");
        let (b, ()) = stage_with(&dir.path().join("b.xlsx"), |_| Ok(())).unwrap();
        let listed = listed_in(dir.path());
        assert_eq!(listed.len(), 2, "{listed:?}");
        for file in &listed {
            let name = file.file_name().unwrap();
            assert!(is_temporary_name(name), "{name:?}");
            assert!(file.is_file());
        }
        a.commit().unwrap();
        assert_eq!(listed_in(dir.path()).len(), 1);
        drop(b);
        assert_eq!(listed_in(dir.path()), Vec::<PathBuf>::new());
        assert_eq!(names(dir.path()), ["a.pdf"]);
        // A staging that fails is listed no more either.
        let (_other, file) = file_for_a_folder();
        drop(stage(&file.join("c.pdf"), b"c"));
        let c = stage(&dir.path().join("ディレクトリ").join("c.pdf"), b"c");
        assert_eq!(listed_in(&dir.path().join("ディレクトリ")).len(), 1);
        drop(c);
        assert!(listed_in(&dir.path().join("ディレクトリ")).is_empty());
    }

    #[test]
    fn only_names_mokuhyo_gives_its_temporary_files_are_taken_for_them() {
        for name in [
            ".mokuhyo-partial-a1B2c3D4e5F6.tmp",
            ".mokuhyo-partial-000000000000.tmp",
        ] {
            assert!(is_temporary_name(OsStr::new(name)), "{name}");
        }
        for name in [
            ".mokuhyo-partial-a1B2c3D4e5F.tmp",
            ".mokuhyo-partial-a1B2c3D4e5F6a.tmp",
            ".mokuhyo-partial-a1B2c3D4e5F-.tmp",
            ".mokuhyo-partial-ａ1B2c3D4e5F.tmp",
            ".mokuhyo-partial-a1B2c3D4e5F6.tmp.pdf",
            ".mokuhyo-partial-a1B2c3D4e5F6.TMP",
            "mokuhyo-partial-a1B2c3D4e5F6.tmp",
            ".mokuhyo-a1B2c3.tmp",
            ".mokuhyo-notes.txt",
            ".mokuhyo-written.txt",
            "x.tmp",
        ] {
            assert!(!is_temporary_name(OsStr::new(name)), "{name}");
        }
    }

    #[test]
    fn a_sweep_removes_leftovers_but_not_a_running_runs_files() {
        let dir = tempfile::tempdir().unwrap();
        let leftover = |name: &str| {
            let path = dir.path().join(format!(".mokuhyo-partial-{name}.tmp"));
            std::fs::write(&path, b"%PDF-1.7 cut short").unwrap();
            path
        };
        let user = dir.path().join(".mokuhyo-partial-notes.tmp");
        std::fs::write(&user, b"notes").unwrap();
        // The first file staged in a folder sweeps it.
        let first = leftover("a1B2c3D4e5F6");
        let running = stage(&dir.path().join("集約.pdf"), b"this run");
        assert!(!first.exists());
        // Being written by a run: held open (and locked), as another run's
        // would be when this one sweeps.
        let held = listed_in(dir.path());
        let second = leftover("000000000000");
        sweep(dir.path());
        assert!(!second.exists());
        assert!(held[0].is_file(), "a running run's file was removed");
        assert_eq!(std::fs::read(&user).unwrap(), b"notes");
        running.commit().unwrap();
        assert_eq!(
            names(dir.path()),
            [".mokuhyo-partial-notes.tmp", "集約.pdf"]
        );
    }

    #[test]
    fn a_failure_of_the_writer_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("議会資料.pdf");
        let failed = stage_with(&path, |w| {
            w.write_all(b"%PDF").unwrap();
            Err::<(), _>(Error::OutputNotFolder(PathBuf::from("x")))
        });
        assert!(failed.is_err());
        assert!(names(dir.path()).is_empty(), "{:?}", names(dir.path()));
    }
}
