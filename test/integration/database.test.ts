import { afterEach, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { openSqliteConnection, openSqliteDatabase, SQLITE_PRAGMAS } from '../../server/db/sqlite.ts'
import { migrateToLatest, migrationsCurrent } from '../../server/db/database.ts'
import { migrations } from '../../server/db/migrations/index.ts'
import { makeHarness } from '../helpers/harness.ts'

const dirs: string[] = []
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'ys-db-'))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('SQLite connections', () => {
  it('set WAL, synchronous=FULL, foreign keys and busy timeout on every connection, including a reopened WAL file', async () => {
    const file = join(tmp(), 'ys.sqlite')
    for (let i = 0; i < 2; i++) {
      // The second open finds the file already in WAL mode, where SQLite would default to NORMAL.
      const conn = openSqliteConnection(file)
      expect(conn.pragma('journal_mode', { simple: true })).toBe('wal')
      expect(conn.pragma('synchronous', { simple: true })).toBe(SQLITE_PRAGMAS.synchronous)
      expect(conn.pragma('foreign_keys', { simple: true })).toBe(1)
      expect(conn.pragma('busy_timeout', { simple: true })).toBe(5000)
      conn.close()
    }
  })

  it('the app database enforces foreign keys', async () => {
    const database = openSqliteDatabase(join(tmp(), 'fk.sqlite'))
    await migrateToLatest(database)
    await expect(
      database.db.insertInto('location').values({ id: 'x', org_id: 'missing-org', name: 'n', code: '', kind: 'branch', address: '', archived_at: null, created_at: '', updated_at: '' }).execute(),
    ).rejects.toThrow(/FOREIGN KEY/)
    await database.close()
  })
})

describe('migrations', () => {
  it('run from the static index, record themselves, and are a no-op the second time', async () => {
    const database = openSqliteDatabase(':memory:')
    expect(await migrationsCurrent(database)).toBe(false)
    const first = await migrateToLatest(database)
    expect(first.results?.map((r) => r.status)).toEqual(Object.keys(migrations).map(() => 'Success'))
    expect(await migrationsCurrent(database)).toBe(true)
    const second = await migrateToLatest(database)
    expect(second.results).toEqual([])
  })

  it('/readyz reports pending migrations as not ready', async () => {
    const h = await makeHarness()
    expect((await h.app.request('/readyz')).status).toBe(200)
    await sql`delete from kysely_migration`.execute(h.deps.database.db)
    const r = await h.app.request('/readyz')
    expect(r.status).toBe(503)
    expect(await r.json()).toMatchObject({ ok: false, migrations: 'pending' })
  })
})

describe('atomic', () => {
  it('applies every statement or none', async () => {
    const { deps } = await makeHarness()
    const { db, atomic } = deps.database
    const org = { id: 'org1', name: 'A', created_at: '2026-01-01' }
    await expect(atomic([db.insertInto('organisation').values(org), db.insertInto('organisation').values(org)])).rejects.toThrow(/UNIQUE/)
    expect(await db.selectFrom('organisation').selectAll().execute()).toEqual([])
    const changed = await atomic([db.insertInto('organisation').values(org), db.updateTable('organisation').set({ name: 'B' }).where('id', '=', 'none')])
    expect(changed).toEqual([1, 0])
  })
})
