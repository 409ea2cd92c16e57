import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import jsQR from 'jsqr'

/** Real QR decoders for tests: jsqr in-process (over pngjs) and zbarimg, the command-line scanner. */

interface Png {
  width: number
  height: number
  /** RGBA, 4 bytes a pixel. */
  data: Uint8Array
}
// pngjs ships no types; these are the two calls the tests use.
const { PNG } = createRequire(import.meta.url)('pngjs') as {
  PNG: { sync: { read(b: Uint8Array): Png; write(p: Png & object): Uint8Array } } & (new (o: { width: number; height: number }) => Png)
}

export function readPng(bytes: Uint8Array): Png {
  return PNG.sync.read(Buffer.from(bytes))
}

/** A PNG from a grey-level function (0 black, 255 white). */
export function writePng(width: number, height: number, grey: (x: number, y: number) => number): Uint8Array {
  const png = new PNG({ width, height })
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4
      const g = grey(x, y)
      png.data[i] = png.data[i + 1] = png.data[i + 2] = g
      png.data[i + 3] = 255
    }
  return PNG.sync.write(png)
}

export function decodeWithJsqr(bytes: Uint8Array): string | null {
  const png = readPng(bytes)
  const found = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.byteLength), png.width, png.height)
  return found ? found.data : null
}

export const ZBARIMG = '/usr/bin/zbarimg'

/** zbarimg on a temporary file; `-Sbinary` keeps the text byte for byte. */
export function decodeWithZbar(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'qr-'))
  try {
    const file = join(dir, 'code.png')
    writeFileSync(file, bytes)
    return execFileSync(ZBARIMG, ['--nodbus', '--quiet', '--raw', '-Sbinary', file], { encoding: 'utf8' }).replace(/\r?\n$/, '')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
