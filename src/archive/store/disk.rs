//! The store's files on disk: where they go, how they are opened (never following a link,
//! never blocking on a FIFO, never trusting a folder another user owns), what says a file is
//! unchanged, and which build wrote a store.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// What says a file is unchanged: size, modification and change times, inode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FileKey {
    pub size: u64,
    /// Nanoseconds since the epoch.
    pub mtime: i64,
    pub ctime: i64,
    pub ino: u64,
}

impl FileKey {
    pub fn of(m: &std::fs::Metadata) -> FileKey {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let ns = |s: i64, n: i64| s.saturating_mul(1_000_000_000).saturating_add(n);
            FileKey {
                size: m.len(),
                mtime: ns(m.mtime(), m.mtime_nsec()),
                ctime: ns(m.ctime(), m.ctime_nsec()),
                ino: m.ino(),
            }
        }
        #[cfg(not(unix))]
        {
            FileKey {
                size: m.len(),
                mtime: m.modified().map_or(0, ns_since_epoch),
                ctime: 0,
                ino: 0,
            }
        }
    }

    /// Whether the file changed within `settle` of `now`: a second write in the same clock
    /// tick would not show in its times (git's "racily clean" files), so it is not kept.
    pub fn settled(&self, now: i64, settle: std::time::Duration) -> bool {
        let limit = now.saturating_sub(i64::try_from(settle.as_nanos()).unwrap_or(i64::MAX));
        self.mtime < limit && self.ctime < limit
    }
}

pub fn ns_since_epoch(t: SystemTime) -> i64 {
    match t.duration_since(SystemTime::UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_nanos()).unwrap_or(i64::MAX),
        Err(e) => -i64::try_from(e.duration().as_nanos()).unwrap_or(i64::MAX),
    }
}

/// FNV-1a: stable across builds and platforms, which the names of store files must be.
pub fn fnv(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for &b in *p {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        h = (h ^ 0xff).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A path as bytes (a path that is not Unicode on a system whose paths are Unicode strings
/// has none, and is not stored).
pub fn path_bytes(p: &Path) -> Option<&[u8]> {
    #[cfg(unix)]
    {
        Some(std::os::unix::ffi::OsStrExt::as_bytes(p.as_os_str()))
    }
    #[cfg(not(unix))]
    {
        p.to_str().map(str::as_bytes)
    }
}

/// The path of stored bytes.
pub fn path_of_bytes(b: &[u8]) -> Option<PathBuf> {
    #[cfg(unix)]
    {
        Some(PathBuf::from(
            <std::ffi::OsStr as std::os::unix::ffi::OsStrExt>::from_bytes(b),
        ))
    }
    #[cfg(not(unix))]
    {
        std::str::from_utf8(b).ok().map(PathBuf::from)
    }
}

/// The key of this build of wxr: a store written by another is not used (it may parse
/// differently).
pub fn build_key(magic: &[u8]) -> u64 {
    let exe = std::env::current_exe()
        .ok()
        .and_then(|e| std::fs::metadata(e).ok())
        .map(|m| FileKey::of(&m))
        .unwrap_or_default();
    fnv(&[
        magic,
        env!("CARGO_PKG_VERSION").as_bytes(),
        &exe.size.to_le_bytes(),
        &exe.mtime.to_le_bytes(),
    ])
}

/// Makes `dir` (and its parents) a folder only its owner can read: the store holds copies
/// of articles. A folder that exists is made 0700; one owned by another user is refused.
pub fn private_dir(dir: &Path) -> io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let m = std::fs::symlink_metadata(dir)?;
        if !m.is_dir() {
            return Err(io::Error::other(format!(
                "{} is not a folder",
                crate::sanitize::path(dir)
            )));
        }
        // `geteuid` would need `unsafe`, which the project forbids: the owner is compared
        // with that of a file created here instead.
        let mine = owner_of_new_file(dir)?;
        if m.uid() != mine {
            return Err(io::Error::other(format!(
                "{} belongs to another user: not used",
                crate::sanitize::path(dir)
            )));
        }
        if m.mode() & 0o777 != 0o700 {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))?;
        }
    }
    Ok(())
}

/// The user id that owns files this process creates (its effective uid).
#[cfg(unix)]
fn owner_of_new_file(dir: &Path) -> io::Result<u32> {
    use std::os::unix::fs::MetadataExt;
    let probe = tempfile::Builder::new().prefix(".owner").tempfile_in(dir)?;
    Ok(probe.as_file().metadata()?.uid())
}

/// Opens an existing store file for reading: not through a symlink, not blocking if it is a
/// FIFO, and only if it is a regular file.
pub fn open_regular(path: &Path) -> io::Result<File> {
    let mut o = File::options();
    o.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut o, libc::O_NOFOLLOW | libc::O_NONBLOCK);
    let f = o.open(path)?;
    if !f.metadata()?.is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    Ok(f)
}

/// Reads `buf.len()` bytes at `at`.
pub fn read_at(f: &File, buf: &mut [u8], at: u64) -> io::Result<()> {
    #[cfg(unix)]
    {
        std::os::unix::fs::FileExt::read_exact_at(f, buf, at)
    }
    #[cfg(windows)]
    {
        use std::os::windows::fs::FileExt;
        let (mut buf, mut at) = (buf, at);
        while !buf.is_empty() {
            match f.seek_read(buf, at) {
                Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
                Ok(n) => {
                    buf = &mut buf[n..];
                    at += n as u64;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
    #[cfg(not(any(unix, windows)))]
    {
        let _ = (f, buf, at);
        Err(io::ErrorKind::Unsupported.into())
    }
}
