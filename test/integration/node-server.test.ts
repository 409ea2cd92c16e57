import { describe, expect, it } from 'vitest'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { request } from 'node:http'
import { openSqliteDatabase } from '../../server/db/sqlite.ts'
import { startNodeServer } from '../../server/entry.node.ts'
import { diskPhotoStore } from '../../server/lib/photo-store-disk.ts'

function get(port: number, path: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
      let body = ''
      res.on('data', (c) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('the Node server', () => {
  it('serves the API, the manager app and the respondent page, then shuts down gracefully', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ys-node-'))
    const dist = join(dir, 'dist')
    mkdirSync(join(dist, 'assets'), { recursive: true })
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>manager</title>')
    writeFileSync(join(dist, 'respondent.html'), '<!doctype html><title>respondent</title>')
    writeFileSync(join(dist, 'assets', 'app.js'), 'console.log(1)')
    const database = openSqliteDatabase(join(dir, 'ys.sqlite'))
    const running = await startNodeServer({ database, webDist: dist, photos: diskPhotoStore(join(dir, 'photos')), port: 0, log: () => {} })
    try {
      expect((await get(running.port, '/readyz')).status).toBe(200)
      expect((await get(running.port, '/')).body).toContain('manager')
      expect((await get(running.port, '/standards/anything')).body).toContain('manager')
      expect((await get(running.port, '/s/SomeToken123')).body).toContain('respondent')
      const asset = await get(running.port, '/assets/app.js')
      expect(asset.status).toBe(200)
      expect(String(asset.headers['cache-control'])).toContain('immutable')
      expect((await get(running.port, '/api/nowhere')).status).toBe(404)
      // An in-flight request finishes; afterwards nothing is accepted and the database is closed.
      const inFlight = get(running.port, '/api/setup')
      await new Promise((r) => setTimeout(r, 5))
      const closed = running.close()
      expect((await inFlight).status).toBe(200)
      await closed
      await expect(get(running.port, '/healthz')).rejects.toThrow()
      await expect(database.db.selectFrom('organisation').selectAll().execute()).rejects.toThrow()
    } finally {
      await running.close()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
