//! HTTPS (feature `tls`): rustls with the `ring` provider (see
//! `server_config` for why), a certificate
//! chain and key from PEM files, taken again when the files change (new
//! handshakes get the new certificate; open connections go on), and
//! HTTP/2 or HTTP/1.1 through ALPN; and the certificates that answer
//! ACME's TLS-ALPN-01 challenges (RFC 8737), for an app that obtains its
//! certificates itself.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};
use tokio_rustls::rustls;
use tokio_rustls::rustls::server::{ClientHello, ResolvesServerCert};
use tokio_rustls::rustls::sign::CertifiedKey;

/// TLS settings for [`Server::tls`](super::Server::tls): a certificate
/// chain and its key, from PEM files that are watched.
///
/// # Example
///
/// ```no_run
/// use hyperox_router::server::Tls;
/// let tls = Tls::from_pem_files("/etc/app/cert.pem", "/etc/app/key.pem").unwrap();
/// let server = hyperox_router::Server::new().tls(tls);
/// # let _ = server;
/// ```
#[derive(Clone)]
pub struct Tls {
    resolver: Arc<Reloading>,
}

impl std::fmt::Debug for Tls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tls")
            .field("cert", &self.resolver.cert_path)
            .field("key", &self.resolver.key_path)
            .finish_non_exhaustive()
    }
}

/// The ALPN protocol of ACME's TLS-ALPN-01 validation (RFC 8737).
pub(crate) const ACME_TLS_ALPN: &[u8] = b"acme-tls/1";

/// The certificate in use (none while one is being obtained), the files
/// it came from, and the TLS-ALPN-01 challenge certificates by name.
struct Reloading {
    cert_path: PathBuf,
    key_path: PathBuf,
    current: RwLock<(Option<Arc<CertifiedKey>>, Option<SystemTime>)>,
    challenges: RwLock<HashMap<String, Arc<CertifiedKey>>>,
}

impl std::fmt::Debug for Reloading {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Reloading").finish_non_exhaustive()
    }
}

impl ResolvesServerCert for Reloading {
    fn resolve(&self, hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        let acme = hello
            .alpn()
            .is_some_and(|mut offered| offered.any(|p| p == ACME_TLS_ALPN));
        if acme {
            // Only the challenge certificate, and only to the validator.
            let name = hello.server_name()?.to_ascii_lowercase();
            let challenges = self.challenges.read().unwrap_or_else(|e| e.into_inner());
            return challenges.get(&name).cloned();
        }
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .0
            .clone()
    }
}

/// The later of two files' modification times.
fn modified(a: &Path, b: &Path) -> Option<SystemTime> {
    let time = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    match (time(a), time(b)) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}

/// Reads a chain and key from PEM files into a signing key rustls uses.
fn load(cert: &Path, key: &Path) -> io::Result<CertifiedKey> {
    let read = |p: &Path| {
        std::fs::read(p).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", p.display())))
    };
    let certified = certified(
        &read(cert)?,
        &read(key)?,
        &cert.display().to_string(),
        &key.display().to_string(),
    )?;
    certified.keys_match().map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{}: the key is not the certificate's: {e}", key.display()),
        )
    })?;
    Ok(certified)
}

/// A signing key rustls uses from a PEM chain and key, named `cert_name`
/// and `key_name` in errors. Whether they match is left to the caller: a
/// TLS-ALPN-01 certificate's critical `acmeIdentifier` extension is one
/// the check refuses to read.
fn certified(
    cert_pem: &[u8],
    key_pem: &[u8],
    cert_name: &str,
    key_name: &str,
) -> io::Result<CertifiedKey> {
    use rustls_pki_types::pem::PemObject;
    use rustls_pki_types::{CertificateDer, PrivateKeyDer};
    let bad = |what: &str, e: &dyn std::fmt::Display| {
        io::Error::new(io::ErrorKind::InvalidData, format!("{what}: {e}"))
    };
    let (cert, key) = (cert_name, key_name);
    let chain: Vec<CertificateDer<'static>> = CertificateDer::pem_slice_iter(cert_pem)
        .collect::<Result<_, _>>()
        .map_err(|e| bad(cert, &e))?;
    if chain.is_empty() {
        return Err(bad(cert, &"no certificate in the file"));
    }
    let key_der = PrivateKeyDer::from_pem_slice(key_pem).map_err(|e| bad(key, &e))?;
    let signing =
        rustls::crypto::ring::sign::any_supported_type(&key_der).map_err(|e| bad(key, &e))?;
    Ok(CertifiedKey::new(chain, signing))
}

impl Tls {
    /// The certificate chain in `cert` and its private key in `key`
    /// (PEM; PKCS#8, PKCS#1 or SEC1 keys).
    ///
    /// # Errors
    ///
    /// A file that cannot be read, holds no certificate, or a key that is
    /// not the certificate's.
    pub fn from_pem_files(cert: impl AsRef<Path>, key: impl AsRef<Path>) -> io::Result<Self> {
        let (cert, key) = (cert.as_ref().to_owned(), key.as_ref().to_owned());
        let loaded = load(&cert, &key)?;
        let stamp = modified(&cert, &key);
        Ok(Self::with(cert, key, Some(Arc::new(loaded)), stamp))
    }

    /// Like [`from_pem_files`](Self::from_pem_files), for files that may
    /// not exist yet (a certificate being obtained through ACME): until a
    /// pair loads, handshakes other than TLS-ALPN-01 challenges fail.
    /// Files that exist but do not load are an error here too.
    ///
    /// # Errors
    ///
    /// Files that exist and do not load.
    pub fn from_pem_files_when_ready(
        cert: impl AsRef<Path>,
        key: impl AsRef<Path>,
    ) -> io::Result<Self> {
        let (cert, key) = (cert.as_ref(), key.as_ref());
        if cert.exists() || key.exists() {
            return Self::from_pem_files(cert, key);
        }
        Ok(Self::with(cert.to_owned(), key.to_owned(), None, None))
    }

    fn with(
        cert_path: PathBuf,
        key_path: PathBuf,
        current: Option<Arc<CertifiedKey>>,
        stamp: Option<SystemTime>,
    ) -> Self {
        Self {
            resolver: Arc::new(Reloading {
                cert_path,
                key_path,
                current: RwLock::new((current, stamp)),
                challenges: RwLock::default(),
            }),
        }
    }

    /// Whether a certificate is loaded.
    pub fn is_ready(&self) -> bool {
        let current = self.resolver.current.read();
        current.unwrap_or_else(|e| e.into_inner()).0.is_some()
    }

    /// Answers ACME's TLS-ALPN-01 challenge for `name` with this
    /// certificate (PEM) and key until
    /// [`end_alpn_challenge`](Self::end_alpn_challenge): handshakes that
    /// offer the `acme-tls/1` protocol for `name` get it, and no HTTP.
    ///
    /// # Errors
    ///
    /// A certificate or key that does not load.
    pub fn answer_alpn_challenge(
        &self,
        name: &str,
        cert_pem: &str,
        key_pem: &str,
    ) -> io::Result<()> {
        let key = certified(
            cert_pem.as_bytes(),
            key_pem.as_bytes(),
            "challenge certificate",
            "challenge key",
        )?;
        let mut challenges = self
            .resolver
            .challenges
            .write()
            .unwrap_or_else(|e| e.into_inner());
        challenges.insert(name.to_ascii_lowercase(), Arc::new(key));
        Ok(())
    }

    /// Stops answering the TLS-ALPN-01 challenge for `name`.
    pub fn end_alpn_challenge(&self, name: &str) {
        let mut challenges = self
            .resolver
            .challenges
            .write()
            .unwrap_or_else(|e| e.into_inner());
        challenges.remove(&name.to_ascii_lowercase());
    }

    /// Reads the files again if they changed since; a pair that does not
    /// load leaves the certificate in use (and says why).
    ///
    /// # Errors
    ///
    /// The new files' error; the old certificate stays.
    pub fn reload(&self) -> io::Result<bool> {
        let r = &self.resolver;
        let stamp = modified(&r.cert_path, &r.key_path);
        if stamp == r.current.read().unwrap_or_else(|e| e.into_inner()).1 {
            return Ok(false);
        }
        let mut current = r.current.write().unwrap_or_else(|e| e.into_inner());
        // Tried once a change: a pair that does not load is not tried
        // again (nor said again) until the files change once more.
        current.1 = stamp;
        current.0 = Some(Arc::new(load(&r.cert_path, &r.key_path)?));
        Ok(true)
    }

    /// The rustls settings: this certificate, HTTP/2 (with the `http2`
    /// feature) and HTTP/1.1 offered through ALPN.
    pub(crate) fn server_config(&self) -> Arc<rustls::ServerConfig> {
        // ring, not aws-lc-rs: a tenth of the build (aws-lc-rs compiles
        // AWS-LC's C with CMake, over a minute on 2 cores), at the cost of
        // the post-quantum key exchange (X25519MLKEM768) that rustls now
        // flags the ring provider for lacking; X25519 and the NIST curves
        // remain.
        #[allow(deprecated)]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let mut config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("ring supports the default protocol versions")
            .with_no_client_auth()
            .with_cert_resolver(self.resolver.clone());
        if cfg!(feature = "http2") {
            config.alpn_protocols.push(b"h2".to_vec());
        }
        config.alpn_protocols.push(b"http/1.1".to_vec());
        // Chosen only by a client that offers it (an ACME validator),
        // which then gets the challenge certificate and no HTTP.
        config.alpn_protocols.push(ACME_TLS_ALPN.to_vec());
        Arc::new(config)
    }

    /// Watches the files every `every`, taking a changed pair in, until
    /// `stop` turns true.
    pub(crate) async fn watch(self, every: Duration, mut stop: tokio::sync::watch::Receiver<bool>) {
        loop {
            tokio::select! {
                () = tokio::time::sleep(every) => {}
                _ = stop.changed() => return,
            }
            match self.reload() {
                Ok(true) => tracing::info!(
                    cert = %self.resolver.cert_path.display(),
                    "TLS certificate reloaded"
                ),
                Ok(false) => {}
                Err(e) => {
                    tracing::error!("TLS certificate not reloaded (the one in use stays): {e}")
                }
            }
        }
    }
}
