//! The default tool image, built locally (no registry): `FROM scratch` plus Debian's
//! static busybox and one symlink per applet, so a tool can be `["cat"]` or `["sh", "-c", ...]`.

use std::path::Path;

use bollard::query_parameters::BuildImageOptionsBuilder;
use bollard::Docker;
use futures::StreamExt;

use crate::SandboxError;

/// Where Debian's `busybox-static` package puts the static binary.
pub const HOST_BUSYBOX: &str = "/bin/busybox";

const DOCKERFILE: &str = "FROM scratch\nCOPY rootfs/ /\nLABEL lango.image=tools\n";

fn setup(why: impl Into<String>) -> SandboxError {
    SandboxError::Setup {
        kind: "container",
        why: why.into(),
    }
}

/// The applets of `busybox` as paths relative to `/` (`bin/sh`, `usr/bin/awk`, ...).
async fn applets(busybox: &Path) -> Result<Vec<String>, SandboxError> {
    let out = tokio::process::Command::new(busybox)
        .arg("--list-full")
        .env_clear()
        .output()
        .await
        .map_err(|source| SandboxError::Io {
            path: busybox.to_path_buf(),
            source,
        })?;
    if !out.status.success() {
        return Err(setup(format!(
            "{} --list-full failed: {}",
            busybox.display(),
            out.status
        )));
    }
    let list = String::from_utf8_lossy(&out.stdout);
    Ok(list
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.contains(".."))
        .map(|l| l.trim_start_matches('/').to_owned())
        .collect())
}

fn dir_header() -> tar::Header {
    let mut h = tar::Header::new_gnu();
    h.set_entry_type(tar::EntryType::Directory);
    h.set_mode(0o755);
    h.set_size(0);
    h.set_mtime(0);
    h
}

/// The build context: `Dockerfile` and `rootfs/` with busybox and its applet symlinks.
fn context(busybox: &[u8], applets: &[String]) -> Result<Vec<u8>, SandboxError> {
    let io = |e: std::io::Error| setup(format!("building the image context: {e}"));
    let mut b = tar::Builder::new(Vec::new());
    let mut h = tar::Header::new_gnu();
    h.set_size(DOCKERFILE.len() as u64);
    h.set_mode(0o644);
    h.set_mtime(0);
    b.append_data(&mut h, "Dockerfile", DOCKERFILE.as_bytes())
        .map_err(io)?;
    let mut dirs: Vec<String> = vec!["rootfs".into(), "rootfs/bin".into()];
    for a in applets {
        if let Some((parent, _)) = a.rsplit_once('/') {
            let mut acc = String::from("rootfs");
            for part in parent.split('/') {
                acc.push('/');
                acc.push_str(part);
                if !dirs.contains(&acc) {
                    dirs.push(acc.clone());
                }
            }
        }
    }
    for d in &dirs {
        b.append_data(&mut dir_header(), d, std::io::empty())
            .map_err(io)?;
    }
    let mut h = tar::Header::new_gnu();
    h.set_size(busybox.len() as u64);
    h.set_mode(0o755);
    h.set_mtime(0);
    b.append_data(&mut h, "rootfs/bin/busybox", busybox)
        .map_err(io)?;
    for a in applets {
        if a == "bin/busybox" {
            continue;
        }
        let mut h = tar::Header::new_gnu();
        h.set_entry_type(tar::EntryType::Symlink);
        h.set_size(0);
        h.set_mode(0o777);
        h.set_mtime(0);
        b.append_link(&mut h, format!("rootfs/{a}"), "/bin/busybox")
            .map_err(io)?;
    }
    b.into_inner().map_err(io)
}

/// Builds `tag` from the host's static busybox; returns the image id.
pub(crate) async fn build(docker: &Docker, tag: &str) -> Result<String, SandboxError> {
    let path = Path::new(HOST_BUSYBOX);
    let bin = tokio::fs::read(path)
        .await
        .map_err(|source| SandboxError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    let list = applets(path).await?;
    let tar = context(&bin, &list)?;
    let options = BuildImageOptionsBuilder::default()
        .dockerfile("Dockerfile")
        .t(tag)
        .rm(true)
        .forcerm(true)
        .networkmode("none")
        .q(true)
        .build();
    let mut stream = docker.build_image(
        options,
        None,
        Some(bollard::body_full(bytes::Bytes::from(tar))),
    );
    while let Some(item) = stream.next().await {
        let info = item.map_err(|e| setup(format!("building {tag}: {e}")))?;
        if let Some(err) = info.error_detail.and_then(|d| d.message) {
            return Err(setup(format!("building {tag}: {err}")));
        }
    }
    let inspect = docker
        .inspect_image(tag)
        .await
        .map_err(|e| setup(format!("{tag} missing after build: {e}")))?;
    Ok(inspect.id.unwrap_or_else(|| tag.to_owned()))
}
