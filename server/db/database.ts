import {
  type CompiledQuery,
  type DatabaseIntrospector,
  type Dialect,
  Kysely,
  Migrator,
  type Compilable,
  type MigrationResultSet,
  type SchemaMetadata,
  type TableMetadata,
  sql,
} from 'kysely'
import type { Database } from './schema.ts'
import { migrations } from './migrations/index.ts'

export type Db = Kysely<Database>

/**
 * Runs multi-statement writes all-or-nothing: a transaction on SQLite, `batch()` on D1 (which has
 * no interactive transactions). Statements are built up front, so a batch never needs the result
 * of an earlier statement: ids are generated in the app and conditions live in the SQL itself.
 * Returns the rows changed by each statement, in order.
 */
export type Atomic = (statements: Compilable[]) => Promise<number[]>

export interface AppDatabase {
  db: Db
  atomic: Atomic
  /**
   * Same contract as `atomic`, for small independent writes that arrive in bursts (survey
   * submissions): on SQLite, calls made at about the same time share one transaction and so one
   * disk flush, each in its own savepoint, and each is answered only after the commit. On D1 it is
   * `atomic`: every batch is already its own round trip.
   */
  atomicGrouped: Atomic
  runtime: 'sqlite' | 'd1'
  close(): Promise<void>
}

export function migrator(db: Kysely<any>, runtime: AppDatabase['runtime']): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    // D1 refuses BEGIN; each D1 statement is atomic on its own and migrations run once per deploy.
    disableTransactions: runtime === 'd1',
  })
}

/** Brings the schema up to date; throws with the failing migration's name. */
export async function migrateToLatest(app: AppDatabase): Promise<MigrationResultSet> {
  const result = await migrator(app.db, app.runtime).migrateToLatest()
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')
    throw new Error(`migration ${failed?.migrationName ?? '?'} failed: ${String(result.error)}`)
  }
  return result
}

/** True when every migration in the static index has been applied. */
export async function migrationsCurrent(app: AppDatabase): Promise<boolean> {
  const list = await migrator(app.db, app.runtime).getMigrations()
  return list.every((m) => m.executedAt !== undefined)
}

export function sqliteAtomic(db: Db): Atomic {
  // BEGIN IMMEDIATE takes the write lock up front: the group commit's writer thread has its own
  // connection, and a transaction that read first could otherwise fail (SQLITE_BUSY) on its first
  // write after the other connection committed, instead of waiting its turn.
  return async (statements) =>
    db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn)
      try {
        const changed: number[] = []
        for (const s of statements) {
          const r = await conn.executeQuery(s.compile())
          changed.push(Number(r.numAffectedRows ?? 0n))
        }
        await sql`commit`.execute(conn)
        return changed
      } catch (error) {
        // Some errors end the transaction themselves; the original error is the one to report.
        await sql`rollback`.execute(conn).catch(() => {})
        throw error
      }
    })
}

/** Minimal D1 surface we use; matches @cloudflare/workers-types' D1Database. */
export interface D1Like {
  prepare(query: string): { bind(...values: unknown[]): unknown }
  batch(statements: unknown[]): Promise<{ meta: { changes?: number } }[]>
}

export function d1Atomic(d1: D1Like): Atomic {
  return async (statements) => {
    if (statements.length === 0) return []
    const compiled: CompiledQuery[] = statements.map((s) => s.compile())
    const results = await d1.batch(compiled.map((c) => d1.prepare(c.sql).bind(...c.parameters)))
    return results.map((r) => r.meta.changes ?? 0)
  }
}

/**
 * D1 lists its internal `_cf_*` tables in sqlite_master and refuses to describe them, which breaks
 * Kysely's default introspection (and so the Migrator). This one lists our tables only.
 */
export class D1Introspector implements DatabaseIntrospector {
  constructor(private readonly db: Kysely<any>) {}
  async getSchemas(): Promise<SchemaMetadata[]> {
    return []
  }
  async getTables(): Promise<TableMetadata[]> {
    const rows = await sql<{ name: string; type: string }>`
      select name, type from sqlite_master
      where type in ('table', 'view') and name not like 'sqlite_%' and name not like '\_cf\_%' escape '\\'`.execute(this.db)
    return rows.rows.map((r) => ({ name: r.name, isView: r.type === 'view', columns: [] }))
  }
  async getMetadata(): Promise<{ tables: TableMetadata[] }> {
    return { tables: await this.getTables() }
  }
}

export function withIntrospector(dialect: Dialect, make: (db: Kysely<any>) => DatabaseIntrospector): Dialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createDriver: () => dialect.createDriver(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: make,
  }
}
