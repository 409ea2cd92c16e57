import { afterEach, describe, expect, it } from 'vitest'
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Kysely, SqliteDialect, sql } from 'kysely'
import { createApp } from '../../server/app.ts'
import type { Database } from '../../server/db/schema.ts'
import { migrateToLatest, type Db } from '../../server/db/database.ts'
import { createGroupCommitter, inThreadWriter, workerWriter } from '../../server/db/group-commit.ts'
import { openSqliteConnection, openSqliteDatabase, SQLITE_PRAGMAS, withStatementCache } from '../../server/db/sqlite.ts'
import { DEFAULT_MIN_SAMPLE } from '../../shared/metrics/index.ts'
import { diskPhotoStore } from '../../server/lib/photo-store-disk.ts'
import { answersFor, seedSubmitFixture } from '../../bench/submit-fixture.ts'

const dirs: string[] = []
function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ys-group-'))
  dirs.push(dir)
  return join(dir, 'ys.sqlite')
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

type WriterKind = 'worker thread' | 'serving thread'

/** A migrated file database, a group committer over it, and a second connection to look from. */
async function committerOn(kind: WriterKind, opts: { maxBatch?: number } = {}) {
  const file = tempFile()
  const migrated = openSqliteDatabase(file)
  await migrateToLatest(migrated)
  await migrated.close()
  const conn = withStatementCache(openSqliteConnection(file))
  const db: Db = new Kysely<Database>({ dialect: new SqliteDialect({ database: conn }) })
  const writer = kind === 'worker thread' ? workerWriter(file, SQLITE_PRAGMAS) : inThreadWriter(db, conn)
  const committer = createGroupCommitter(writer, opts)
  // Another connection sees only what is committed.
  const reader = openSqliteConnection(file)
  const committed = (id: string) => reader.prepare('select 1 from organisation where id = ?').get(id) !== undefined
  const org = (id: string) => db.insertInto('organisation').values({ id, name: `Org ${id}`, created_at: '2026-01-01T00:00:00Z' })
  return {
    db,
    committer,
    committed,
    org,
    close: async () => {
      reader.close()
      await committer.close()
      await db.destroy()
    },
  }
}

describe.each<WriterKind>(['worker thread', 'serving thread'])('group commit on the %s', (kind) => {
  it('writes concurrent calls in one transaction and answers each only once it is committed', async () => {
    const t = await committerOn(kind)
    try {
      const acknowledged: { id: string; visible: boolean }[] = []
      const ids = Array.from({ length: 40 }, (_, i) => `org-${i}`)
      const results = await Promise.all(
        ids.map((id) =>
          t.committer.atomic([t.org(id), t.org(`${id}-b`)]).then((changes) => {
            // At the moment a caller hears back, another connection can already read its rows.
            acknowledged.push({ id, visible: t.committed(id) && t.committed(`${id}-b`) })
            return changes
          }),
        ),
      )
      expect(results).toEqual(ids.map(() => [1, 1]))
      expect(t.committer.stats()).toMatchObject({ batches: 1, committed: 40, failed: 0, largestBatch: 40 })
      expect(acknowledged).toHaveLength(40)
      for (const a of acknowledged) expect(a.visible, a.id).toBe(true)
    } finally {
      await t.close()
    }
  })

  it('rolls back a failing call alone: it gets its own error, the others are stored', async () => {
    const t = await committerOn(kind)
    try {
      await t.committer.atomic([t.org('taken')])
      const outcomes = await Promise.allSettled([
        t.committer.atomic([t.org('a1'), t.org('a2')]),
        // The second statement fails (primary key taken), so the first must not stay either.
        t.committer.atomic([t.org('b1'), t.org('taken')]),
        t.committer.atomic([t.org('c1')]),
      ])
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
      const reason = (outcomes[1] as PromiseRejectedResult).reason
      expect(reason).toBeInstanceOf(Error)
      expect(String(reason.message)).toMatch(/UNIQUE constraint failed: organisation.id/)
      expect(reason.code).toBe('SQLITE_CONSTRAINT_PRIMARYKEY')
      expect(['a1', 'a2', 'c1'].map(t.committed)).toEqual([true, true, true])
      expect(t.committed('b1')).toBe(false)
      expect(t.committer.stats()).toMatchObject({ batches: 2, committed: 3, failed: 1 })
    } finally {
      await t.close()
    }
  })

  it('writes the others again when one call ends the whole transaction', async () => {
    const t = await committerOn(kind)
    try {
      const outcomes = await Promise.allSettled([
        t.committer.atomic([t.org('x1')]),
        // A rollback inside a call throws away everything before it in the transaction.
        t.committer.atomic([t.org('x2'), { compile: () => sql`rollback`.compile(t.db) }]),
        t.committer.atomic([t.org('x3')]),
      ])
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
      expect(['x1', 'x2', 'x3'].map(t.committed)).toEqual([true, false, true])
    } finally {
      await t.close()
    }
  })

  it('caps batches, and closing answers everything queued before it returns', async () => {
    const t = await committerOn(kind, { maxBatch: 8 })
    const pending = Array.from({ length: 20 }, (_, i) => t.committer.atomic([t.org(`o${i}`)]))
    let answered = 0
    for (const p of pending) void p.then(() => answered++)
    await t.committer.close()
    expect(answered).toBe(20)
    expect(t.committer.stats()).toMatchObject({ batches: 3, committed: 20, largestBatch: 8 })
    await expect(t.committer.atomic([t.org('late')])).rejects.toThrow(/closed/)
    const { n } = await t.db.selectFrom('organisation').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    expect(Number(n)).toBe(20)
    await t.close()
  })

  it('waits while another write holds the database, then commits', async () => {
    const t = await committerOn(kind)
    try {
      let grouped: Promise<number[]> | undefined
      await t.db.transaction().execute(async (trx) => {
        await trx.insertInto('organisation').values({ id: 'in-trx', name: 'x', created_at: 'x' }).execute()
        grouped = t.committer.atomic([t.org('grouped')])
        // Turns of the event loop pass while the transaction is still open: nothing is written.
        await new Promise((r) => setTimeout(r, 30))
        expect(t.committed('grouped')).toBe(false)
      })
      expect(await grouped).toEqual([1])
      expect(t.committed('in-trx') && t.committed('grouped')).toBe(true)
    } finally {
      await t.close()
    }
  })
})

describe('closing', () => {
  it('keeps a process alive until the writer thread has closed', { timeout: 30_000 }, async () => {
    const file = tempFile()
    const sqliteModule = new URL('../../server/db/sqlite.ts', import.meta.url).href
    // Nothing but the close keeps this process going once the write is done.
    const script = `
      const { openSqliteDatabase } = await import(${JSON.stringify(sqliteModule)})
      const { migrateToLatest } = await import(${JSON.stringify(new URL('../../server/db/database.ts', import.meta.url).href)})
      const database = openSqliteDatabase(${JSON.stringify(file)})
      await migrateToLatest(database)
      await database.atomicGrouped([database.db.insertInto('organisation').values({ id: 'o1', name: 'x', created_at: 'x' })])
      await database.close()
      console.log('closed')`
    const { stdout, code } = await new Promise<{ stdout: string; code: number | null }>((done) => {
      const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
      let out = ''
      child.stdout.on('data', (c) => (out += c))
      child.on('exit', (exitCode) => done({ stdout: out, code: exitCode }))
    })
    expect({ stdout: stdout.trim(), code }).toEqual({ stdout: 'closed', code: 0 })
  })
})

describe('submissions through the route', () => {
  it('stores concurrent submissions once each; retries in the same burst get the first response', async () => {
    const file = tempFile()
    const { token, versionId } = await seedSubmitFixture(file)
    const database = openSqliteDatabase(file)
    const app = createApp({ database, clientAddress: () => '203.0.113.5', now: () => new Date(), log: () => {}, minSample: DEFAULT_MIN_SAMPLE, photos: diskPhotoStore(join(file, '..', 'photos')) })
    try {
      const post = (clientId: string, i: number) =>
        app.request(`/api/public/s/${token}/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ clientId, versionId, answers: answersFor(i) }) })
      const fresh = Array.from({ length: 30 }, (_, i) => post(`fresh-client-${i}`, i))
      const retries = Array.from({ length: 5 }, () => post('retried-client', 99))
      const bad = app.request(`/api/public/s/${token}/responses`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ clientId: 'bad-answers-client', versionId, answers: { ...answersFor(2), nps: 11 } }),
      })
      const [freshR, retryR, badR] = await Promise.all([Promise.all(fresh), Promise.all(retries), bad])
      expect(freshR.map((r) => r.status)).toEqual(freshR.map(() => 201))
      expect(badR.status).toBe(400)
      const retryBodies = await Promise.all(retryR.map(async (r) => ({ status: r.status, body: await r.json() })))
      expect(retryBodies.filter((r) => r.status === 201)).toHaveLength(1)
      const first = retryBodies.find((r) => r.status === 201)!.body.id
      for (const r of retryBodies.filter((x) => x.status !== 201)) expect(r).toEqual({ status: 200, body: { id: first, duplicate: true } })

      const db = database.db
      const responses = await db.selectFrom('response').select(['id', 'client_id']).execute()
      // 30 fresh customers and the retried one; the refused submission left nothing behind.
      expect(responses).toHaveLength(31)
      expect(new Set(responses.map((r) => r.client_id)).size).toBe(31)
      const { n } = await db.selectFrom('answer').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
      expect(Number(n)).toBe(310)
      // Each stored response counted once in the daily rollup of the headline question.
      const { c } = await db.selectFrom('answer_daily').select((e) => e.fn.sum<number>('count').as('c')).where('question_id', '=', 'nps').executeTakeFirstOrThrow()
      expect(Number(c)).toBe(31)
    } finally {
      await database.close()
    }
  })
})
