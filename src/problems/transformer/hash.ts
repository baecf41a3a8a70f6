// A 64-bit FNV-1a hash (two 32-bit lanes with different offsets) as 16 hex digits: the
// checkpoint's checksum against damage or truncation, and the fingerprint of a vocabulary.
// Not cryptographic; browser-safe and synchronous.

export function fnv64(bytes: Uint8Array): string {
  let a = 0x811c9dc5,
    b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < bytes.length; i++) {
    a = Math.imul(a ^ bytes[i], 0x01000193) >>> 0;
    b = Math.imul(b ^ bytes[i] ^ (i & 0xff), 0x01000193) >>> 0;
  }
  return a.toString(16).padStart(8, "0") + b.toString(16).padStart(8, "0");
}
