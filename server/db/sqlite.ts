import BetterSqlite3 from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import type { Database } from './schema.ts'
import { type AppDatabase, sqliteAtomic } from './database.ts'
import { createGroupCommitter, inThreadWriter, workerWriter } from './group-commit.ts'
import { withStatementCache } from './sqlite-batch.mjs'

export { withStatementCache }

/**
 * Pragmas set on every connection we open. synchronous=FULL: a response acknowledged to a
 * customer survives a power cut, at a small write cost (WAL keeps readers unblocked).
 */
export const SQLITE_PRAGMAS = {
  journal_mode: 'wal',
  synchronous: 2, // FULL
  foreign_keys: 1,
  busy_timeout: 5000,
} as const

export function openSqliteConnection(filename: string): BetterSqlite3.Database {
  const conn = new BetterSqlite3(filename)
  conn.pragma(`journal_mode = ${SQLITE_PRAGMAS.journal_mode}`)
  conn.pragma(`synchronous = ${SQLITE_PRAGMAS.synchronous}`)
  conn.pragma(`foreign_keys = ${SQLITE_PRAGMAS.foreign_keys}`)
  conn.pragma(`busy_timeout = ${SQLITE_PRAGMAS.busy_timeout}`)
  return conn
}

const isMemory = (filename: string) => filename === '' || filename === ':memory:' || filename.startsWith('file::memory:')

/**
 * The Node runtime's database: one SQLite file (or `:memory:` in tests). Grouped writes (survey
 * submissions) go through a writer thread with its own connection to the file; an in-memory
 * database has only the one connection, so they are written on it.
 */
export function openSqliteDatabase(filename: string): AppDatabase {
  const conn = withStatementCache(openSqliteConnection(filename))
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: conn }) })
  const grouped = createGroupCommitter(isMemory(filename) ? inThreadWriter(db, conn) : workerWriter(filename, SQLITE_PRAGMAS))
  return {
    db,
    atomic: sqliteAtomic(db),
    atomicGrouped: grouped.atomic,
    runtime: 'sqlite',
    // Queued submissions are written (and their callers answered) before the connections close.
    close: async () => {
      await grouped.close()
      await db.destroy()
    },
  }
}
