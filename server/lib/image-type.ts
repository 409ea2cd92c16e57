/**
 * The image type of an upload, from its first bytes: never from the file name or the declared
 * type, which the sender controls. Only the photo formats phones produce are accepted; anything
 * else (text, SVG with its scripts, GIF, PDF) is null.
 */
export type PhotoContentType = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/heic'

const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'heim', 'heis', 'mif1', 'msf1'])

const ascii = (b: Uint8Array, from: number, to: number) => String.fromCharCode(...b.subarray(from, to))
const startsWith = (b: Uint8Array, sig: number[]) => b.length >= sig.length && sig.every((v, i) => b[i] === v)

export function detectImageType(b: Uint8Array): PhotoContentType | null {
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png'
  if (b.length >= 12 && ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP') return 'image/webp'
  // ISO BMFF: a `ftyp` box first, its major brand at 8..12 (HEIC from iPhones; HEIF images).
  if (b.length >= 12 && ascii(b, 4, 8) === 'ftyp' && HEIF_BRANDS.has(ascii(b, 8, 12))) return 'image/heic'
  return null
}
