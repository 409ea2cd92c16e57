import { encode } from 'uqr'

/**
 * QR codes for links, drawn on the server so Node and Workers produce the same bytes: a module
 * matrix from `uqr`, then our own SVG and PNG writers (the PNG's deflate is the platform's
 * CompressionStream, present in both runtimes; no Buffer, no node:zlib).
 */

/** White border the scanners need around the code, in modules (the QR standard asks for 4). */
export const QUIET_ZONE = 4
export const PNG_MIN_PX = 128
export const PNG_MAX_PX = 2048
export const PNG_DEFAULT_PX = 1024

export interface QrMatrix {
  /** Modules per side, without the quiet zone. */
  size: number
  /** `dark[y][x]`: true for a dark module. */
  dark: boolean[][]
}

/**
 * The module matrix for `text`. Error correction Q (25 % of the code may be lost): a printed code
 * survives a scuffed table card, a fold or a coffee ring, at the cost of a slightly denser code.
 */
export function qrMatrix(text: string): QrMatrix {
  const qr = encode(text, { ecc: 'Q', border: 0 })
  return { size: qr.size, dark: qr.data }
}

/**
 * The code as SVG: one path of dark modules (runs on a row merged) on a white square, the quiet
 * zone included, `crispEdges` so no renderer anti-aliases the module edges into grey.
 */
export function renderQrSvg(m: QrMatrix, title = ''): string {
  const side = m.size + 2 * QUIET_ZONE
  let d = ''
  for (let y = 0; y < m.size; y++) {
    const row = m.dark[y]!
    for (let x = 0; x < m.size; ) {
      if (!row[x]) {
        x++
        continue
      }
      let run = 1
      while (x + run < m.size && row[x + run]) run++
      d += `M${x + QUIET_ZONE} ${y + QUIET_ZONE}h${run}v1h-${run}z`
      x += run
    }
  }
  const label = title ? `<title>${escapeXml(title)}</title>` : ''
  // Width and height give a sensible default size on screen; the viewBox lets print scale it.
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" width="${side * 8}" height="${side * 8}" shape-rendering="crispEdges" role="img">` +
    `${label}<rect width="${side}" height="${side}" fill="#fff"/><path fill="#000" d="${d}"/></svg>`
  )
}

/**
 * The code as a black-on-white PNG exactly `px` pixels square. Every module is the same whole
 * number of pixels (no resampling blur); what is left over widens the white border evenly, so the
 * quiet zone is never less than 4 modules.
 */
export async function renderQrPng(m: QrMatrix, px: number): Promise<Uint8Array> {
  const modules = m.size + 2 * QUIET_ZONE
  const scale = Math.max(1, Math.floor(px / modules))
  const width = Math.max(px, scale * modules)
  const offset = Math.floor((width - scale * m.size) / 2)
  // 1-bit greyscale: 1 is white. Each row starts with its filter byte (0, none).
  const stride = 1 + Math.ceil(width / 8)
  const raw = new Uint8Array(stride * width)
  const blank = new Uint8Array(stride - 1).fill(0xff)
  const line = new Uint8Array(stride - 1)
  for (let y = 0; y < width; y++) {
    const my = Math.floor((y - offset) / scale)
    const row = y >= offset && my < m.size ? m.dark[my]! : null
    if (!row) {
      raw.set(blank, y * stride + 1)
      continue
    }
    line.fill(0xff)
    for (let mx = 0; mx < m.size; mx++) {
      if (!row[mx]) continue
      for (let x = offset + mx * scale, end = x + scale; x < end; x++) line[x >> 3]! &= ~(0x80 >> (x & 7))
    }
    raw.set(line, y * stride + 1)
  }
  const header = new Uint8Array(13)
  const hv = new DataView(header.buffer)
  hv.setUint32(0, width)
  hv.setUint32(4, width)
  header[8] = 1 // bit depth
  header[9] = 0 // greyscale
  const idat = await deflate(raw)
  return concat([PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))])
}

const PNG_SIGNATURE = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])

/** zlib-wrapped deflate, which is what PNG's IDAT holds ('deflate' in CompressionStream terms). */
async function deflate(data: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const stream = new Blob([data]).stream().pipeThrough(new CompressionStream('deflate'))
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length)
  const v = new DataView(out.buffer)
  v.setUint32(0, data.length)
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i)
  out.set(data, 8)
  v.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)))
  return out
}

let CRC_TABLE: Uint32Array | undefined
function crc32(bytes: Uint8Array): number {
  if (!CRC_TABLE) {
    CRC_TABLE = new Uint32Array(256)
    for (let n = 0; n < 256; n++) {
      let c = n
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
      CRC_TABLE[n] = c >>> 0
    }
  }
  let c = 0xffffffff
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

function escapeXml(s: string): string {
  return s.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
}
