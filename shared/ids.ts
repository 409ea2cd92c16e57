const ENCODING = '0123456789ABCDEFGHJKMNPQRSTVWXYZ' // Crockford base32, as ULID

/**
 * A time-sortable id (ULID layout: 48-bit milliseconds + 80 random bits, 26 characters).
 * Generated in the app so a D1 batch never needs the id of a row it has just inserted.
 */
export function newId(now: number = Date.now()): string {
  let time = ''
  let t = now
  for (let i = 0; i < 10; i++) {
    time = ENCODING[t % 32] + time
    t = Math.floor(t / 32)
  }
  const bytes = new Uint8Array(16)
  crypto.getRandomValues(bytes)
  let rand = ''
  for (let i = 0; i < 16; i++) rand += ENCODING[bytes[i]! % 32]
  return time + rand
}

/** An unguessable token: `bytes` random bytes (default 16 = 128 bits) as base64url. */
export function newToken(bytes = 16): string {
  const buf = new Uint8Array(bytes)
  crypto.getRandomValues(buf)
  let s = ''
  for (const b of buf) s += String.fromCharCode(b)
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}
