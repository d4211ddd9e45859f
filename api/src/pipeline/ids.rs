//! Randomness the pipeline needs without depending on `getrandom` (which would drag a JS shim
//! into the wasm build): the caller hands over 16 random bytes per call (the console takes them
//! from `crypto.getRandomValues`). They become the client request id (UUID v4) and seed the
//! jitter generator, so native tests are deterministic by construction.

/// A UUID v4 string (lower-case, hyphenated) made from 16 random bytes: the version and
/// variant bits are forced, the other 122 bits come from `bytes`.
pub fn uuid_v4_from_bytes(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

/// SplitMix64: tiny, fast, and good enough for spreading retries apart (jitter only has to
/// keep many clients from retrying in lock-step; it is not a secret).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    /// Seeds from the call's random bytes (both halves, so ids that differ anywhere give
    /// different jitter).
    pub fn from_bytes(bytes: &[u8; 16]) -> Self {
        let lo = u64::from_le_bytes(bytes[0..8].try_into().unwrap_or([0; 8]));
        let hi = u64::from_le_bytes(bytes[8..16].try_into().unwrap_or([0; 8]));
        // Mix one half before combining: a plain XOR cancels out when both halves are equal
        // (e.g. seeds like `[n; 16]`), which would give all such calls the same jitter.
        let mixed = SplitMix64::new(lo).next_u64() ^ hi;
        SplitMix64::new(mixed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    pub fn next_f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

// Hand-written so a `{:?}` of a run never prints generator state (harmless, but noise).
impl std::fmt::Debug for SplitMix64 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SplitMix64")
    }
}
