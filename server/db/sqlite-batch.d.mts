/** Types for sqlite-batch.mjs (plain JavaScript so a worker thread can run it without a TypeScript loader). */
import type BetterSqlite3 from 'better-sqlite3'

export interface StatementLike {
  readonly reader: boolean
  run(parameters: readonly unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint }
  all(parameters: readonly unknown[]): unknown[]
}

/** The part of a SQLite connection the batch writer uses (so tests can watch it). */
export interface ConnectionLike {
  prepare(sql: string): StatementLike
  readonly inTransaction: boolean
}

export interface CachingConnection {
  prepare(sql: string): BetterSqlite3.Statement
  readonly inTransaction: boolean
  close(): void
}

export function withStatementCache(conn: BetterSqlite3.Database, size?: number): CachingConnection

export interface BatchQuery {
  sql: string
  parameters: readonly unknown[]
}

export type WriteOutcome = { changes: number[] } | { error: unknown }

export function writeBatch(conn: ConnectionLike, batch: readonly (readonly BatchQuery[])[]): WriteOutcome[]
