import type { Compilable, CompiledQuery } from 'kysely'
import type { Atomic, Db } from './database.ts'

/** The part of a better-sqlite3 connection the committer uses (so tests can watch it). */
export interface SqliteConnectionLike {
  prepare(sql: string): { reader: boolean; run(params: readonly unknown[]): { changes: number | bigint }; all(params: readonly unknown[]): unknown[] }
  readonly inTransaction: boolean
}

export interface GroupCommitStats {
  /** Transactions committed (each one fsync with synchronous=FULL). */
  commits: number
  /** Submissions acknowledged as stored. */
  committed: number
  /** Submissions rolled back on their own error. */
  failed: number
  largestBatch: number
}

export interface GroupCommitter {
  atomic: Atomic
  /** Resolves once everything queued so far is committed or has failed. */
  drain(): Promise<void>
  /** Refuses new work; resolves after the queue drains. */
  close(): Promise<void>
  stats(): GroupCommitStats
}

interface Pending {
  queries: CompiledQuery[]
  resolve(changes: number[]): void
  reject(error: unknown): void
}

/** Submissions per transaction: bounds how long one flush holds the event loop. */
export const GROUP_COMMIT_MAX_BATCH = 256

/**
 * Group commit for SQLite. With synchronous=FULL every COMMIT waits for the disk, and that wait,
 * not the SQL, limits how many submissions a second we can store. Calls that arrive while the
 * event loop is busy are queued; at the next turn of the loop one flush writes all of them in a
 * single transaction, each inside its own SAVEPOINT so one failing submission rolls back alone and
 * gets its own error. Every caller is answered only after COMMIT has returned: acknowledged means
 * on disk. Each call keeps the contract of `Atomic`: all-or-nothing, and the rows changed per
 * statement, in order.
 *
 * The flush holds Kysely's connection lock, so it never lands inside someone else's transaction,
 * and runs synchronously (better-sqlite3), so nothing else touches the connection meanwhile.
 */
export function createGroupCommitter(db: Db, conn: SqliteConnectionLike, opts: { maxBatch?: number } = {}): GroupCommitter {
  const maxBatch = opts.maxBatch ?? GROUP_COMMIT_MAX_BATCH
  const queue: Pending[] = []
  const stats: GroupCommitStats = { commits: 0, committed: 0, failed: 0, largestBatch: 0 }
  let scheduled = false
  let flushing: Promise<void> | undefined
  let closed = false
  const idle: (() => void)[] = []

  const run = (q: CompiledQuery): number => {
    const stmt = conn.prepare(q.sql)
    if (stmt.reader) {
      stmt.all(q.parameters)
      return 0
    }
    return Number(stmt.run(q.parameters).changes)
  }
  const exec = (sql: string) => void conn.prepare(sql).run([])

  /** Writes one batch; returns each submission's outcome. Synchronous from BEGIN to COMMIT. */
  const writeBatch = (batch: Pending[]): Map<Pending, { changes: number[] } | { error: unknown }> => {
    const outcome = new Map<Pending, { changes: number[] } | { error: unknown }>()
    let todo = batch
    while (todo.length > 0) {
      let lost = false
      exec('BEGIN IMMEDIATE')
      for (const p of todo) {
        exec('SAVEPOINT submission')
        try {
          outcome.set(p, { changes: p.queries.map(run) })
          exec('RELEASE submission')
        } catch (error) {
          outcome.set(p, { error })
          // Some errors (disk full, I/O) end the whole transaction: the others' work is gone too,
          // so the batch is written again without the submission that failed.
          if (!conn.inTransaction) {
            lost = true
            break
          }
          exec('ROLLBACK TO submission')
          exec('RELEASE submission')
        }
      }
      if (lost) {
        todo = todo.filter((p) => !outcome.has(p) || 'changes' in outcome.get(p)!)
        for (const p of todo) outcome.delete(p)
        continue
      }
      try {
        exec('COMMIT')
        stats.commits++
      } catch (error) {
        if (conn.inTransaction) exec('ROLLBACK')
        for (const p of todo) outcome.set(p, { error })
      }
      break
    }
    return outcome
  }

  const flush = async () => {
    scheduled = false
    const batch = queue.splice(0, maxBatch)
    stats.largestBatch = Math.max(stats.largestBatch, batch.length)
    let outcome: Map<Pending, { changes: number[] } | { error: unknown }>
    try {
      outcome = await db.connection().execute(async () => {
        try {
          return writeBatch(batch)
        } catch (error) {
          // BEGIN refused (busy) or a rollback failed: leave no transaction open behind us.
          if (conn.inTransaction) exec('ROLLBACK')
          throw error
        }
      })
    } catch (error) {
      outcome = new Map(batch.map((p) => [p, { error }]))
    }
    for (const p of batch) {
      const o = outcome.get(p) ?? { error: new Error('submission was not written') }
      if ('changes' in o) {
        stats.committed++
        p.resolve(o.changes)
      } else {
        stats.failed++
        p.reject(o.error)
      }
    }
  }

  const schedule = () => {
    if (scheduled || flushing || queue.length === 0) return
    scheduled = true
    setImmediate(() => {
      flushing = flush().finally(() => {
        flushing = undefined
        // Submissions that arrived during the flush form the next batch.
        if (queue.length > 0) schedule()
        else for (const done of idle.splice(0)) done()
      })
    })
  }

  const drain = () => (queue.length === 0 && !flushing && !scheduled ? Promise.resolve() : new Promise<void>((r) => idle.push(r)))

  return {
    atomic: (statements: Compilable[]) => {
      if (closed) return Promise.reject(new Error('the database is closed'))
      if (statements.length === 0) return Promise.resolve([])
      let queries: CompiledQuery[]
      try {
        queries = statements.map((s) => s.compile())
      } catch (error) {
        return Promise.reject(error)
      }
      return new Promise<number[]>((resolve, reject) => {
        queue.push({ queries, resolve, reject })
        schedule()
      })
    },
    drain,
    close: () => {
      closed = true
      return drain()
    },
    stats: () => ({ ...stats }),
  }
}
