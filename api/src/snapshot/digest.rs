//! Per-file MD5, the digest Azure Storage keeps with a blob (`Content-MD5`, base64) and returns
//! in List Blobs: computing it for the picked files lets the console see which files of a
//! previous snapshot are unchanged (`crate::jobs::incremental`). MD5 is used here only to
//! recognise identical bytes the way storage records them, not for security.

use md5::{Digest, Md5};

/// Streaming MD5 of one file.
#[derive(Clone, Default)]
pub struct FileMd5(Md5);

impl FileMd5 {
    pub fn new() -> FileMd5 {
        FileMd5(Md5::new())
    }

    pub fn update(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    /// Base64 (standard alphabet, padded), as in `Content-MD5`.
    pub fn finish(self) -> String {
        crate::base64::encode(&self.0.finalize())
    }
}

/// MD5 of in-memory bytes, base64.
pub fn md5_base64(bytes: &[u8]) -> String {
    let mut m = FileMd5::new();
    m.update(bytes);
    m.finish()
}
