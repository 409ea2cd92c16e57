import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { newToken } from '../../shared/ids.ts'
import { PHOTO_KEY, type PhotoStore } from './photo-store.ts'

/**
 * Photos as files under `dir` (DATA_DIR/photos on Node): `<dir>/<org>/<ab>/<photo id>` with the
 * content type in a `.type` file beside it. Sharded by two characters of the id so no folder grows
 * past a few thousand files. Written to a temporary file and renamed, so a crash never leaves half
 * a photo under its real name.
 */
export function diskPhotoStore(dir: string): PhotoStore {
  const pathOf = (key: string) => {
    if (!PHOTO_KEY.test(key)) throw new Error('invalid photo key')
    const [org, id] = key.split('/') as [string, string]
    // The id's last characters are random (the first ones are its time): an even spread.
    return join(dir, org, id.slice(-2).toLowerCase(), id)
  }
  const readType = async (path: string) => {
    try {
      return (await readFile(`${path}.type`, 'utf8')).trim()
    } catch {
      return 'application/octet-stream'
    }
  }
  return {
    async put(key, bytes, contentType) {
      const path = pathOf(key)
      await mkdir(join(path, '..'), { recursive: true })
      const tmp = `${path}.${newToken(6)}.tmp`
      await writeFile(`${tmp}.type`, contentType)
      await rename(`${tmp}.type`, `${path}.type`)
      await writeFile(tmp, bytes)
      await rename(tmp, path)
    },
    async get(key) {
      const path = pathOf(key)
      let bytes: Buffer
      try {
        bytes = await readFile(path)
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
        throw err
      }
      return { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), contentType: await readType(path) }
    },
    async delete(key) {
      const path = pathOf(key)
      await rm(path, { force: true })
      await rm(`${path}.type`, { force: true })
    },
  }
}
