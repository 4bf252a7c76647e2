//! What the 受付 page knows of each file of 提出 between two visits: its
//! check, kept until the file, the configuration or the day changes. The
//! folder stays the state: each visit lists 提出 again, reads what is new
//! or changed, forgets what is gone, and weighs the years of all the files
//! together as a command does. A file dropped among 999 others is then
//! one file's read, not a thousand (docs/dev/benchmarks.md).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use rayon::prelude::*;

use crate::cli::settings::{Settings, read_each, year_checked};
use crate::domain::finding::Finding;
use crate::error::Result;
use crate::read::Submission;

/// What tells a file changed without reading it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
    /// The file's identity and its metadata's change time: a file
    /// replaced by another of the same size within the clock's tick.
    #[cfg(unix)]
    identity: (u64, i64, i64),
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        Some(Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
            #[cfg(unix)]
            identity: {
                use std::os::unix::fs::MetadataExt;
                (meta.ino(), meta.ctime(), meta.ctime_nsec())
            },
        })
    }
}

/// One file's check: its submissions (a mail or a zip has several) and
/// what taking it apart found.
#[derive(Clone)]
struct Entry {
    stamp: Stamp,
    submissions: Vec<Submission>,
    findings: Vec<Finding>,
}

/// The checks kept, and what they were made with.
#[derive(Default)]
pub(super) struct Checked {
    /// The configuration file's stamp and the day: a check depends on both.
    made_with: Option<(Option<Stamp>, chrono::NaiveDate)>,
    files: HashMap<PathBuf, Entry>,
}

impl Checked {
    /// Every file of `inbox` checked as `read_all` checks it, in the order
    /// the command reads them: the kept check of a file unchanged, a new
    /// one of the others.
    pub(super) fn read(
        &mut self,
        inbox: &Path,
        settings: &Settings,
    ) -> Result<(Vec<Submission>, Vec<Finding>)> {
        let made_with = (
            settings.config_path.as_deref().and_then(Stamp::of),
            chrono::Local::now().date_naive(),
        );
        if self.made_with.as_ref() != Some(&made_with) {
            self.files.clear();
            self.made_with = Some(made_with);
        }
        let found = crate::input::collect(&[inbox.to_path_buf()]);
        let stamps: Vec<(PathBuf, Option<Stamp>)> = found
            .files
            .iter()
            .map(|f| (f.clone(), Stamp::of(f)))
            .collect();
        self.files
            .retain(|path, _| stamps.iter().any(|(f, _)| f == path));
        let fresh: Vec<(PathBuf, Entry)> = stamps
            .par_iter()
            .filter_map(|(file, stamp)| {
                let stamp = stamp.clone()?;
                let kept = self.files.get(file).is_some_and(|e| e.stamp == stamp);
                (!kept).then(|| {
                    let (submissions, findings) = read_each(std::slice::from_ref(file), settings);
                    let entry = Entry {
                        stamp,
                        submissions,
                        findings,
                    };
                    (file.clone(), entry)
                })
            })
            .collect();
        self.files.extend(fresh);
        let mut submissions = Vec::new();
        let mut findings = found.findings;
        for (file, stamp) in &stamps {
            match (self.files.get(file), stamp) {
                (Some(entry), Some(_)) => {
                    submissions.extend(entry.submissions.iter().cloned());
                    findings.extend(entry.findings.iter().cloned());
                }
                // Gone between the listing and its stamp: read as the
                // command would (it says the file is missing).
                _ => {
                    let (s, f) = read_each(std::slice::from_ref(file), settings);
                    submissions.extend(s);
                    findings.extend(f);
                }
            }
        }
        Ok((year_checked(submissions, settings)?, findings))
    }
}
