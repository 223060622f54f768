//! The two digests Glance records, behind one small interface: md5 (the legacy `checksum`)
//! from AWS-LC's assembly implementation (about 25 % faster than the portable `md-5` crate
//! on x86-64, and md5 is the slower of the two on the import path), and sha512
//! (`os_hash_value`) from the `sha2` crate, whose AVX2 code is as fast as AWS-LC's.
//!
//! AWS-LC is already linked for TLS (reqwest → rustls → aws-lc-rs); its md5 is reached
//! through `aws-lc-sys` because aws-lc-rs exposes no md5.

use sha2::Digest as _;

/// A digest computed incrementally over a stream.
pub trait StreamDigest: Send {
    /// A fresh digest.
    fn new() -> Self;
    /// Feed more data.
    fn update(&mut self, data: &[u8]);
    /// The digest, lower-case hex.
    fn finish_hex(self) -> String;
}

/// md5 (AWS-LC, assembly on x86-64 and aarch64).
pub struct Md5 {
    ctx: aws_lc_sys::MD5_CTX,
}

// SAFETY: MD5_CTX is plain data (words and a byte buffer) with no pointers or thread
// affinity; it is only ever used through `&mut self`.
unsafe impl Send for Md5 {}

impl StreamDigest for Md5 {
    fn new() -> Self {
        let mut ctx = aws_lc_sys::MD5_CTX {
            h: [0; 4],
            Nl: 0,
            Nh: 0,
            data: [0; 64],
            num: 0,
        };
        // SAFETY: `ctx` is a valid, exclusively borrowed MD5_CTX; MD5_Init only writes it and
        // always succeeds (returns 1).
        unsafe { aws_lc_sys::MD5_Init(&mut ctx) };
        Md5 { ctx }
    }

    fn update(&mut self, data: &[u8]) {
        // SAFETY: `data` is a live slice of `data.len()` bytes that MD5_Update only reads;
        // `self.ctx` was initialised by MD5_Init. It always returns 1.
        unsafe { aws_lc_sys::MD5_Update(&mut self.ctx, data.as_ptr().cast(), data.len()) };
    }

    fn finish_hex(mut self) -> String {
        let mut out = [0u8; 16];
        // SAFETY: `out` has the 16 bytes (MD5_DIGEST_LENGTH) MD5_Final writes; the context
        // is initialised. It always returns 1.
        unsafe { aws_lc_sys::MD5_Final(out.as_mut_ptr(), &mut self.ctx) };
        hex::encode(out)
    }
}

/// sha512 (`sha2` crate).
pub struct Sha512(sha2::Sha512);

impl StreamDigest for Sha512 {
    fn new() -> Self {
        Sha512(sha2::Sha512::new())
    }

    fn update(&mut self, data: &[u8]) {
        self.0.update(data);
    }

    fn finish_hex(self) -> String {
        hex::encode(self.0.finalize())
    }
}

/// md5 of `data` in one call, lower-case hex.
pub fn md5_hex(data: &[u8]) -> String {
    let mut md5 = Md5::new();
    md5.update(data);
    md5.finish_hex()
}

/// sha512 of `data` in one call, lower-case hex.
pub fn sha512_hex(data: &[u8]) -> String {
    let mut sha = Sha512::new();
    sha.update(data);
    sha.finish_hex()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn md5_matches_rfc_1321_vectors() {
        assert_eq!(md5_hex(b""), "d41d8cd98f00b204e9800998ecf8427e");
        assert_eq!(md5_hex(b"abc"), "900150983cd24fb0d6963f7d28e17f72");
        assert_eq!(
            md5_hex(
                b"12345678901234567890123456789012345678901234567890123456789012345678901234567890"
            ),
            "57edf4a22be3c955ac49da2e2107b67a"
        );
    }

    #[test]
    fn split_updates_equal_one_update() {
        let data: Vec<u8> = (0..200_003u32).map(|i| (i * 31 % 251) as u8).collect();
        for split in [0, 1, 63, 64, 65, 4096, 100_000, data.len()] {
            let mut md5 = Md5::new();
            md5.update(&data[..split]);
            md5.update(&data[split..]);
            assert_eq!(md5.finish_hex(), md5_hex(&data), "md5 split at {split}");
            let mut sha = Sha512::new();
            sha.update(&data[..split]);
            sha.update(&data[split..]);
            assert_eq!(
                sha.finish_hex(),
                sha512_hex(&data),
                "sha512 split at {split}"
            );
        }
    }

    #[test]
    fn sha512_matches_fips_vector() {
        assert_eq!(
            sha512_hex(b"abc"),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a\
             2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"
        );
    }
}
