//! The key that signs CSRF tokens when `HYPEROX_SECRET` is not set: made
//! once and kept in the app's data directory, so a restart keeps the pages
//! already open working.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// The file, under the data directory, that keeps the key.
const FILE: &str = "secret";

/// The key kept in `dir`, made (64 hex characters from the operating
/// system's random source, in a file of mode 0600) when there is none;
/// with the file's path and whether it was made now.
///
/// # Errors
///
/// The directory or file cannot be made or read, or the file holds
/// something shorter than 32 characters.
pub(crate) fn load_or_create(dir: &Path) -> io::Result<(String, PathBuf, bool)> {
    let path = dir.join(FILE);
    std::fs::create_dir_all(dir)?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(&path) {
        Ok(mut file) => {
            let key = crate::csrf::hex(&crate::csrf::random_bytes::<32>());
            file.write_all(key.as_bytes())?;
            file.sync_all()?;
            Ok((key, path, true))
        }
        // Made before (by an earlier start, or another instance starting
        // at the same time): read it.
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            let mut key = String::new();
            std::fs::File::open(&path)?.read_to_string(&mut key)?;
            let key = key.trim().to_owned();
            if key.len() < 32 {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!(
                        "{} holds {} characters, not a key of 32 or more",
                        path.display(),
                        key.len()
                    ),
                ));
            }
            Ok((key, path, false))
        }
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_made_once_kept_private_and_read_again() {
        let data = std::env::temp_dir()
            .join(format!("hyperox-secret-{}", crate::csrf::random_id()))
            .join("data");
        let (key, path, made) = load_or_create(&data).unwrap();
        assert!(made);
        assert_eq!(key.len(), 64);
        assert_eq!(path, data.join("secret"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let (again, _, made) = load_or_create(&data).unwrap();
        assert_eq!((again.as_str(), made), (key.as_str(), false));
        std::fs::write(&path, "short").unwrap();
        let err = load_or_create(&data).unwrap_err();
        assert!(err.to_string().contains("not a key"), "{err}");
        std::fs::remove_dir_all(data.parent().unwrap()).unwrap();
    }
}
