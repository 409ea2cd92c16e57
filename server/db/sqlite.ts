import BetterSqlite3 from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import type { Database } from './schema.ts'
import { type AppDatabase, sqliteAtomic } from './database.ts'
import { createGroupCommitter } from './group-commit.ts'

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

/** Prepared statements kept per connection: the app has a few dozen distinct ones. */
export const STATEMENT_CACHE_SIZE = 500

/**
 * The connection as Kysely and the group committer see it, with prepared statements reused.
 * Kysely's driver prepares every query anew, and preparing (parsing and planning the SQL) costs
 * more than running a small insert. Least recently used statements go first when the cache is
 * full; a statement still being iterated (a streamed select) is never handed out twice.
 */
export function withStatementCache(conn: BetterSqlite3.Database, size = STATEMENT_CACHE_SIZE) {
  const cache = new Map<string, BetterSqlite3.Statement>()
  return {
    prepare(sql: string): BetterSqlite3.Statement {
      const hit = cache.get(sql)
      if (hit && !hit.busy) {
        cache.delete(sql)
        cache.set(sql, hit)
        return hit
      }
      const stmt = conn.prepare(sql)
      if (!hit) {
        if (cache.size >= size) cache.delete(cache.keys().next().value!)
        cache.set(sql, stmt)
      }
      return stmt
    },
    get inTransaction() {
      return conn.inTransaction
    },
    close() {
      cache.clear()
      conn.close()
    },
  }
}

/** The Node runtime's database: one SQLite file (or `:memory:` in tests). */
export function openSqliteDatabase(filename: string): AppDatabase {
  const conn = withStatementCache(openSqliteConnection(filename))
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: conn }) })
  const grouped = createGroupCommitter(db, conn)
  return {
    db,
    atomic: sqliteAtomic(db),
    atomicGrouped: grouped.atomic,
    runtime: 'sqlite',
    // Queued submissions are written (and their callers answered) before the connection closes.
    close: async () => {
      await grouped.close()
      await db.destroy()
    },
  }
}
