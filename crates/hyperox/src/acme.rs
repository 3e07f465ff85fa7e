//! Certificates obtained and renewed through ACME (RFC 8555; feature
//! `acme`): with `HYPEROX_DOMAINS` set, the app gets a certificate for
//! its names from Let's Encrypt (or the directory of
//! `HYPEROX_ACME_DIRECTORY`) and renews it itself.
//!
//! - **Challenges**: TLS-ALPN-01 (RFC 8737) on the HTTPS port by
//!   default; HTTP-01 on the plain port when `HYPEROX_HTTP_PORT` is set.
//! - **Kept on disk**: the account and the certificate live in
//!   `HYPEROX_DATA_DIR/acme` (key files mode 0600), so a restart serves the
//!   certificate it has and asks for nothing (the CA's rate limits).
//! - **Renewal** at two thirds of the certificate's validity; a failure
//!   is retried after 1 minute, then 2, 4, … up to 6 hours, and the
//!   certificate in use stays served meanwhile.
//! - **One log line a step**: account, order, challenge, issued, next
//!   renewal, failure.
//!
//! ```no_run
//! // HYPEROX_DOMAINS=example.com,www.example.com
//! // HYPEROX_ACME_EMAIL=ops@example.com
//! // PORT=443 HYPEROX_HTTP_PORT=80 HOST=0.0.0.0
//! # async fn run() -> std::io::Result<()> {
//! let app = hyperox::App::new(());
//! app.serve().await
//! # }
//! ```

use crate::config::Config;
use crate::tls::Http01;
use hyperox_router::server::Tls;
use instant_acme::{
    Account, AccountCredentials, AuthorizationStatus, ChallengeType, Identifier, NewAccount,
    NewOrder, OrderStatus, RetryPolicy,
};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Let's Encrypt's production directory, the default.
pub const LETS_ENCRYPT: &str = "https://acme-v02.api.letsencrypt.org/directory";
/// Let's Encrypt's staging directory (`HYPEROX_ACME_DIRECTORY=staging`):
/// certificates no browser trusts, generous rate limits.
pub const LETS_ENCRYPT_STAGING: &str = "https://acme-staging-v02.api.letsencrypt.org/directory";

/// The first retry after a failure; each further failure doubles it.
const FIRST_RETRY: Duration = Duration::from_secs(60);
/// The longest wait between two attempts after failures.
const LONGEST_RETRY: Duration = Duration::from_secs(6 * 3600);

/// Why a certificate was not obtained.
#[derive(Debug)]
pub struct AcmeError(String);

impl std::fmt::Display for AcmeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for AcmeError {}

fn fail(step: &str, e: impl std::fmt::Display) -> AcmeError {
    AcmeError(format!("{step}: {e}"))
}

/// The certificate files of an app with `HYPEROX_DOMAINS`: its chain and
/// its key in `HYPEROX_DATA_DIR/acme`.
pub(crate) fn cert_files(config: &Config) -> (PathBuf, PathBuf) {
    files_in(&config.data_dir.join("acme"))
}

/// The chain and key files in `dir`.
fn files_in(dir: &Path) -> (PathBuf, PathBuf) {
    (dir.join("cert.pem"), dir.join("key.pem"))
}

/// Obtains and renews the certificate of an app's domains, and answers
/// the challenges on the way.
pub(crate) struct Manager {
    domains: Vec<String>,
    email: Option<String>,
    directory: String,
    ca_root: Option<PathBuf>,
    dir: PathBuf,
    tls: Tls,
    /// Answers HTTP-01 challenges when set (the plain listener is on).
    http01: Option<Http01>,
}

impl Manager {
    pub(crate) fn new(config: &Config, tls: Tls, http01: Option<Http01>) -> Self {
        let directory = match config.acme_directory.as_str() {
            "" | "production" => LETS_ENCRYPT.to_owned(),
            "staging" => LETS_ENCRYPT_STAGING.to_owned(),
            url => url.to_owned(),
        };
        Self {
            domains: config.domains.clone(),
            email: config.acme_email.clone(),
            directory,
            ca_root: config.acme_ca_root.clone(),
            dir: config.data_dir.join("acme"),
            tls,
            http01,
        }
    }

    /// Keeps a certificate in place until `stopping` turns true: obtains
    /// one when there is none or it is due, then sleeps until the next
    /// renewal, retrying failures with a doubling wait.
    pub(crate) async fn run(self, mut stopping: tokio::sync::watch::Receiver<bool>) {
        let mut failures = 0u32;
        loop {
            let wait = match self.ensure().await {
                Ok(next) => {
                    failures = 0;
                    next
                }
                Err(e) => {
                    failures += 1;
                    let wait = retry_after(failures);
                    let serving = if self.tls.is_ready() {
                        "the certificate in use stays"
                    } else {
                        "no certificate yet: HTTPS handshakes fail"
                    };
                    tracing::error!(
                        "ACME: no certificate for {} ({e}); {serving}; trying again in {}s",
                        self.domains.join(","),
                        wait.as_secs()
                    );
                    wait
                }
            };
            tokio::select! {
                () = tokio::time::sleep(wait) => {}
                _ = stopping.wait_for(|stop| *stop) => return,
            }
        }
    }

    /// Obtains a certificate when the one on disk is missing, for other
    /// names, or due; how long until the next renewal.
    async fn ensure(&self) -> Result<Duration, AcmeError> {
        let (cert_path, _) = self.files();
        if let Some(validity) = std::fs::read(&cert_path)
            .ok()
            .and_then(|pem| Validity::of(&pem, &self.domains))
        {
            let now = SystemTime::now();
            let due = validity.renew_at();
            if now < due {
                let wait = due.duration_since(now).unwrap_or_default();
                tracing::info!(
                    "ACME: certificate for {} in {} is valid; renewal in {}s",
                    self.domains.join(","),
                    cert_path.display(),
                    wait.as_secs()
                );
                return Ok(wait);
            }
            tracing::info!(
                "ACME: certificate for {} is due for renewal",
                self.domains.join(",")
            );
        }
        self.obtain().await?;
        let pem = std::fs::read(&cert_path).map_err(|e| fail("reading the new certificate", e))?;
        let validity = Validity::of(&pem, &self.domains)
            .ok_or_else(|| AcmeError("the issued certificate does not cover the names".into()))?;
        // A certificate due at once (a CA issuing very short ones, a
        // clock far off) is not ordered again in a loop.
        let wait = validity
            .renew_at()
            .duration_since(SystemTime::now())
            .unwrap_or_default()
            .max(FIRST_RETRY);
        tracing::info!("ACME: next renewal in {}s", wait.as_secs());
        Ok(wait)
    }

    fn files(&self) -> (PathBuf, PathBuf) {
        files_in(&self.dir)
    }

    /// The account of this directory: the one kept on disk, or a new one
    /// (then kept).
    async fn account(&self) -> Result<Account, AcmeError> {
        let builder = || match &self.ca_root {
            Some(root) => Account::builder_with_root(root),
            None => Account::builder(),
        };
        // One account a directory (production, staging and a test CA
        // never share one).
        let directory: String = self
            .directory
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        let path = self.dir.join(format!("account-{directory}.json"));
        if let Ok(json) = std::fs::read(&path) {
            let credentials: AccountCredentials = serde_json::from_slice(&json)
                .map_err(|e| fail(&format!("reading {}", path.display()), e))?;
            let account = builder()
                .map_err(|e| fail("the ACME client", e))?
                .from_credentials(credentials)
                .await
                .map_err(|e| fail("the kept ACME account", e))?;
            return Ok(account);
        }
        let contact: Vec<String> = self.email.iter().map(|e| format!("mailto:{e}")).collect();
        let contact: Vec<&str> = contact.iter().map(String::as_str).collect();
        let (account, credentials) = builder()
            .map_err(|e| fail("the ACME client", e))?
            .create(
                &NewAccount {
                    contact: &contact,
                    terms_of_service_agreed: true,
                    only_return_existing: false,
                },
                self.directory.clone(),
                None,
            )
            .await
            .map_err(|e| fail(&format!("creating an account at {}", self.directory), e))?;
        let json = serde_json::to_vec(&credentials).map_err(|e| fail("the account", e))?;
        write_private(&path, &json).map_err(|e| fail(&format!("keeping {}", path.display()), e))?;
        tracing::info!(
            "ACME: account created at {} (kept in {})",
            self.directory,
            path.display()
        );
        Ok(account)
    }

    /// Orders a certificate, answers its challenges, and puts the chain
    /// and key in place (the server takes them for new handshakes).
    async fn obtain(&self) -> Result<(), AcmeError> {
        let account = self.account().await?;
        let identifiers: Vec<Identifier> = self
            .domains
            .iter()
            .map(|d| Identifier::Dns(d.clone()))
            .collect();
        let mut order = account
            .new_order(&NewOrder::new(&identifiers))
            .await
            .map_err(|e| fail("placing an order", e))?;
        tracing::info!(
            "ACME: order placed for {} at {}",
            self.domains.join(","),
            self.directory
        );
        let (kind, kind_name) = if self.http01.is_some() {
            (ChallengeType::Http01, "HTTP-01")
        } else {
            (ChallengeType::TlsAlpn01, "TLS-ALPN-01")
        };
        let mut answered: Vec<(String, String)> = Vec::new();
        let outcome = async {
            let mut authorizations = order.authorizations();
            while let Some(authz) = authorizations.next().await {
                let mut authz = authz.map_err(|e| fail("reading an authorization", e))?;
                match authz.status {
                    AuthorizationStatus::Pending => {}
                    AuthorizationStatus::Valid => continue,
                    other => {
                        return Err(AcmeError(format!("an authorization is {other:?}")));
                    }
                }
                let mut challenge = authz
                    .challenge(kind.clone())
                    .ok_or_else(|| AcmeError(format!("the CA offers no {kind_name} challenge")))?;
                let name = challenge.identifier().to_string();
                let key_auth = challenge.key_authorization();
                match &self.http01 {
                    Some(http01) => {
                        http01.set(&challenge.token, Some(key_auth.as_str()));
                        answered.push((challenge.token.clone(), String::new()));
                    }
                    None => {
                        let (cert, key) = alpn_certificate(&name, key_auth.digest().as_ref())?;
                        self.tls
                            .answer_alpn_challenge(&name, &cert, &key)
                            .map_err(|e| fail("the challenge certificate", e))?;
                        answered.push((String::new(), name.clone()));
                    }
                }
                challenge
                    .set_ready()
                    .await
                    .map_err(|e| fail("answering a challenge", e))?;
                tracing::info!("ACME: {kind_name} challenge for {name} answered");
            }
            let status = order
                .poll_ready(&RetryPolicy::default())
                .await
                .map_err(|e| fail("waiting for validation", e))?;
            if status != OrderStatus::Ready {
                return Err(AcmeError(format!(
                    "the order is {status:?} after validation"
                )));
            }
            let key = order
                .finalize()
                .await
                .map_err(|e| fail("finalizing the order", e))?;
            let chain = order
                .poll_certificate(&RetryPolicy::default())
                .await
                .map_err(|e| fail("downloading the certificate", e))?;
            Ok((chain, key))
        }
        .await;
        for (token, name) in &answered {
            match &self.http01 {
                Some(http01) => http01.set(token, None),
                None => self.tls.end_alpn_challenge(name),
            }
        }
        let (chain, key) = outcome?;
        let (cert_path, key_path) = self.files();
        // The key first: a reload between the two writes would otherwise
        // pair the new chain with the old key (refused, and retried on the
        // next change).
        write_private(&key_path, key.as_bytes())
            .map_err(|e| fail(&format!("keeping {}", key_path.display()), e))?;
        write_private(&cert_path, chain.as_bytes())
            .map_err(|e| fail(&format!("keeping {}", cert_path.display()), e))?;
        self.tls
            .reload()
            .map_err(|e| fail("loading the issued certificate", e))?;
        tracing::info!(
            "ACME: certificate issued for {} (kept in {})",
            self.domains.join(","),
            cert_path.display()
        );
        Ok(())
    }
}

/// The wait before attempt `failures + 1`: 1 minute, doubling, at most 6
/// hours.
fn retry_after(failures: u32) -> Duration {
    FIRST_RETRY
        .saturating_mul(2u32.saturating_pow(failures.saturating_sub(1)))
        .min(LONGEST_RETRY)
}

/// A self-signed certificate for `name` carrying the `acmeIdentifier`
/// extension with `digest` (RFC 8737 §3); its PEM chain and key.
fn alpn_certificate(name: &str, digest: &[u8]) -> Result<(String, String), AcmeError> {
    let mut params = rcgen::CertificateParams::new(vec![name.to_owned()])
        .map_err(|e| fail("the challenge certificate", e))?;
    params
        .custom_extensions
        .push(rcgen::CustomExtension::new_acme_identifier(digest));
    let key = rcgen::KeyPair::generate().map_err(|e| fail("the challenge key", e))?;
    let cert = params
        .self_signed(&key)
        .map_err(|e| fail("the challenge certificate", e))?;
    Ok((cert.pem(), key.serialize_pem()))
}

/// Writes `bytes` to `path` readable by the owner alone, through a
/// temporary file renamed into place (a reader sees the old or the new).
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let tmp = path.with_extension("tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    std::fs::rename(&tmp, path)
}

/// When a certificate took effect and when it ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Validity {
    not_before: SystemTime,
    not_after: SystemTime,
}

impl Validity {
    /// The validity of the first certificate of a PEM chain, if it names
    /// every one of `domains`.
    fn of(pem: &[u8], domains: &[String]) -> Option<Self> {
        let (_, pem) = x509_parser::pem::parse_x509_pem(pem).ok()?;
        let cert = pem.parse_x509().ok()?;
        let names: Vec<String> = cert
            .subject_alternative_name()
            .ok()??
            .value
            .general_names
            .iter()
            .filter_map(|n| match n {
                x509_parser::extensions::GeneralName::DNSName(d) => Some(d.to_ascii_lowercase()),
                _ => None,
            })
            .collect();
        if !domains
            .iter()
            .all(|d| names.contains(&d.to_ascii_lowercase()))
        {
            return None;
        }
        let time = |t: x509_parser::time::ASN1Time| {
            let secs = u64::try_from(t.timestamp()).ok()?;
            Some(SystemTime::UNIX_EPOCH + Duration::from_secs(secs))
        };
        Some(Self {
            not_before: time(cert.validity().not_before)?,
            not_after: time(cert.validity().not_after)?,
        })
    }

    /// Two thirds of the way from the start to the end.
    fn renew_at(&self) -> SystemTime {
        let span = self
            .not_after
            .duration_since(self.not_before)
            .unwrap_or_default();
        self.not_before + span * 2 / 3
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renewal_at_two_thirds_and_retries_doubling() {
        let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        let v = Validity {
            not_before: start,
            not_after: start + Duration::from_secs(90 * 86_400),
        };
        assert_eq!(v.renew_at(), start + Duration::from_secs(60 * 86_400));
        let waits: Vec<u64> = (1..=12).map(|n| retry_after(n).as_secs()).collect();
        assert_eq!(
            waits,
            [
                60, 120, 240, 480, 960, 1920, 3840, 7680, 15360, 21600, 21600, 21600
            ]
        );
        assert_eq!(retry_after(u32::MAX), LONGEST_RETRY);
    }

    #[test]
    fn validity_read_from_the_certificate_and_its_names() {
        let key = rcgen::KeyPair::generate().unwrap();
        let mut params =
            rcgen::CertificateParams::new(vec!["a.example".into(), "www.a.example".into()])
                .unwrap();
        params.not_before = rcgen::date_time_ymd(2030, 1, 1);
        params.not_after = rcgen::date_time_ymd(2030, 4, 1);
        let pem = params.self_signed(&key).unwrap().pem();
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let v = Validity::of(pem.as_bytes(), &names(&["a.example", "WWW.a.example"])).unwrap();
        // 2030-01-01 and 2030-04-01 (90 days), renewal 60 days in.
        assert_eq!(
            v.not_before,
            SystemTime::UNIX_EPOCH + Duration::from_secs(1_893_456_000)
        );
        assert_eq!(
            v.renew_at(),
            SystemTime::UNIX_EPOCH + Duration::from_secs(1_893_456_000 + 60 * 86_400)
        );
        assert_eq!(Validity::of(pem.as_bytes(), &names(&["b.example"])), None);
        assert_eq!(
            Validity::of(b"not a certificate", &names(&["a.example"])),
            None
        );
    }

    #[test]
    fn kept_files_are_private() {
        let dir = std::env::temp_dir().join(format!("hyperox-acme-{}", std::process::id()));
        let path = dir.join("key.pem");
        write_private(&path, b"one").unwrap();
        write_private(&path, b"two").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::remove_dir_all(dir).unwrap();
    }
}
