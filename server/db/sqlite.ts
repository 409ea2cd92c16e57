import BetterSqlite3 from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import type { Database } from './schema.ts'
import { type AppDatabase, sqliteAtomic } from './database.ts'

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

/** The Node runtime's database: one SQLite file (or `:memory:` in tests). */
export function openSqliteDatabase(filename: string): AppDatabase {
  const conn = openSqliteConnection(filename)
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: conn }) })
  return {
    db,
    atomic: sqliteAtomic(db),
    runtime: 'sqlite',
    close: () => db.destroy(),
  }
}
