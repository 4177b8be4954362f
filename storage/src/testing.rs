//! Test helpers shared by this crate's unit tests.

use std::collections::BTreeMap;

use crate::crypto::{open, seal, Key32};
use crate::error::{Error, Result};
use crate::provider::{Capabilities, KeyProvider};

/// A provider with fixed KEKs per version. It gives no security; it exists so these
/// tests do not pay for PBKDF2. Its blobs are our envelope with key id `fixed/vN`.
pub(crate) struct Fixed {
    pub(crate) keks: BTreeMap<u32, Key32>,
    pub(crate) current: u32,
    pub(crate) wrap: bool,
}

pub(crate) fn fixed(b: u8) -> Fixed {
    Fixed {
        keks: BTreeMap::from([(1, Key32::from_bytes([b; 32]))]),
        current: 1,
        wrap: true,
    }
}

impl KeyProvider for Fixed {
    fn id(&self) -> &str {
        "fixed"
    }
    fn capabilities(&self) -> Capabilities {
        Capabilities {
            wrap: self.wrap,
            sign: false,
        }
    }
    fn kek_version(&self) -> u32 {
        self.current
    }
    fn wrap(&self, dek: &Key32, aad: &[u8]) -> Result<Vec<u8>> {
        let kid = format!("fixed/v{}", self.current);
        seal(&self.keks[&self.current], &kid, aad, dek.as_bytes())
    }
    fn unwrap(&self, wrapped: &[u8], aad: &[u8]) -> Result<Key32> {
        let kid = crate::crypto::envelope_key_id(wrapped)?.to_owned();
        let v: u32 = kid
            .strip_prefix("fixed/v")
            .and_then(|v| v.parse().ok())
            .ok_or(Error::UnwrapFailed {
                provider: "fixed".into(),
            })?;
        let kek = self.keks.get(&v).ok_or(Error::UnwrapFailed {
            provider: "fixed".into(),
        })?;
        let pt = open(kek, &kid, aad, wrapped)?;
        Ok(Key32::from_bytes(pt.as_slice().try_into().unwrap()))
    }
    fn health(&self) -> Result<()> {
        Ok(())
    }
    fn rotate(&mut self) -> Result<u32> {
        self.current += 1;
        self.keks
            .insert(self.current, Key32::from_bytes([self.current as u8; 32]));
        Ok(self.current)
    }
    fn retire(&mut self, keep_from: u32) -> Result<()> {
        self.keks.retain(|v, _| *v >= keep_from);
        Ok(())
    }
}
