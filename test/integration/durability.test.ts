import { describe, expect, it } from 'vitest'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openSqliteConnection } from '../../server/db/sqlite.ts'
import { answersFor, seedSubmitFixture } from '../../bench/submit-fixture.ts'
import { runLoad, startServerChild } from '../../bench/submit-load.ts'

/**
 * The promise behind a 201: a submission the server acknowledged is on disk. The real server runs
 * as a child process over a SQLite file, takes concurrent submissions, and is killed with SIGKILL
 * (no shutdown, no flush) in the middle of the load; after a restart every acknowledged response
 * is there, complete.
 */
describe('durability of acknowledged submissions', () => {
  it('keeps every acknowledged response when the server is killed mid-load', { timeout: 60_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ys-durability-'))
    const dist = join(dir, 'web')
    mkdirSync(dist)
    const file = join(dir, 'ys.sqlite')
    try {
      const { token, versionId, surveyId } = await seedSubmitFixture(file)
      const server = await startServerChild(file, dist, 'stored')
      const acknowledged = new Map<string, string>() // clientId → response id
      const clientId = (i: number) => `durable-${i.toString().padStart(7, '0')}`
      const stop = new AbortController()
      let killedAt = 0
      const killer = setTimeout(() => {
        killedAt = acknowledged.size
        server.child.kill('SIGKILL')
        stop.abort()
      }, 1_500)
      const load = await runLoad({
        port: server.port,
        path: `/api/public/s/${token}/responses`,
        concurrency: 32,
        durationMs: 10_000,
        signal: stop.signal,
        body: (i) => JSON.stringify({ clientId: clientId(i), versionId, answers: answersFor(i) }),
        onResponse: (status, body, i) => {
          if (status === 201) acknowledged.set(clientId(i), (JSON.parse(body) as { id: string }).id)
        },
      })
      clearTimeout(killer)
      await server.stop()
      // The kill landed mid-load: requests were acknowledged before it and cut off by it.
      expect(killedAt).toBeGreaterThan(100)
      expect(load.errors).toBeGreaterThan(0)
      expect(Object.keys(load.statuses)).toEqual(['201'])

      const restarted = await startServerChild(file, dist, 'stored')
      try {
        const conn = openSqliteConnection(file)
        const stored = new Map((conn.prepare('select client_id, id from response where survey_id = ?').all(surveyId) as { client_id: string; id: string }[]).map((r) => [r.client_id, r.id]))
        const incomplete = conn.prepare('select count(*) as n from response r where r.survey_id = ? and (select count(*) from answer a where a.response_id = r.id) <> 10').get(surveyId) as { n: number }
        conn.close()
        expect(stored.size).toBeGreaterThanOrEqual(acknowledged.size)
        const missing = [...acknowledged].filter(([c, id]) => stored.get(c) !== id)
        expect(missing, `${missing.length} of ${acknowledged.size} acknowledged responses lost`).toEqual([])
        // All-or-nothing: no response without its ten answers.
        expect(incomplete.n).toBe(0)

        // Through the API too: a retry of an acknowledged submission gets the first response back.
        const sample = [...acknowledged].filter((_, k) => k % Math.ceil(acknowledged.size / 50) === 0)
        for (const [c, id] of sample) {
          const r = await fetch(`http://127.0.0.1:${restarted.port}/api/public/s/${token}/responses`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ clientId: c, versionId, answers: answersFor(0) }),
          })
          expect(r.status).toBe(200)
          expect(await r.json()).toEqual({ id, duplicate: true })
        }
      } finally {
        await restarted.stop()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
