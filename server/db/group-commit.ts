import { Worker } from 'node:worker_threads'
import type { Compilable } from 'kysely'
import type { Atomic, Db } from './database.ts'
import { writeBatch, type BatchQuery, type ConnectionLike, type WriteOutcome } from './sqlite-batch.mjs'

export type { ConnectionLike, WriteOutcome }

/** Writes one batch in one transaction (see writeBatch in sqlite-batch.mjs). */
export interface BatchWriter {
  write(batch: BatchQuery[][]): Promise<WriteOutcome[]>
  close(): Promise<void>
}

export interface GroupCommitStats {
  /** Batches written, each one transaction (one disk flush with synchronous=FULL). */
  batches: number
  /** Writes acknowledged as stored. */
  committed: number
  /** Writes that failed (each rolled back alone). */
  failed: number
  largestBatch: number
}

export interface GroupCommitter {
  atomic: Atomic
  /** Resolves once everything queued so far is committed or has failed. */
  drain(): Promise<void>
  /** Refuses new work, drains the queue, then closes the writer. */
  close(): Promise<void>
  stats(): GroupCommitStats
}

/** Writes per transaction: bounds one batch's time and memory. */
export const GROUP_COMMIT_MAX_BATCH = 256

/**
 * Group commit. With synchronous=FULL every COMMIT waits for the disk, and that wait, not the SQL,
 * limits how many submissions a second can be stored one transaction each. Calls are queued; at
 * the next turn of the event loop (or as soon as the previous batch is done) one batch writes
 * all of them in a single transaction, each inside its own SAVEPOINT so one failing write rolls
 * back alone and gets its own error. Every caller is answered only after COMMIT has returned:
 * acknowledged means on disk. Each call keeps the contract of `Atomic`: all-or-nothing, and the
 * rows changed per statement, in order. While a batch is being written the next one forms.
 */
export function createGroupCommitter(writer: BatchWriter, opts: { maxBatch?: number } = {}): GroupCommitter {
  const maxBatch = opts.maxBatch ?? GROUP_COMMIT_MAX_BATCH
  type Pending = { queries: BatchQuery[]; resolve(changes: number[]): void; reject(error: unknown): void }
  const queue: Pending[] = []
  const stats: GroupCommitStats = { batches: 0, committed: 0, failed: 0, largestBatch: 0 }
  let scheduled = false
  let writing = false
  let closed = false
  const idle: (() => void)[] = []

  const flush = async () => {
    scheduled = false
    writing = true
    const batch = queue.splice(0, maxBatch)
    stats.batches++
    stats.largestBatch = Math.max(stats.largestBatch, batch.length)
    let outcomes: WriteOutcome[]
    try {
      outcomes = await writer.write(batch.map((p) => p.queries))
    } catch (error) {
      outcomes = batch.map(() => ({ error }))
    }
    batch.forEach((p, i) => {
      const o = outcomes[i] ?? { error: new Error('the write was not attempted') }
      if ('changes' in o) {
        stats.committed++
        p.resolve(o.changes)
      } else {
        stats.failed++
        p.reject(o.error)
      }
    })
    writing = false
    if (queue.length > 0) schedule()
    else for (const done of idle.splice(0)) done()
  }

  function schedule() {
    if (scheduled || writing || queue.length === 0) return
    scheduled = true
    // Requests read in this turn of the event loop join the batch before it starts.
    setImmediate(() => void flush())
  }

  const drain = () => (queue.length === 0 && !writing && !scheduled ? Promise.resolve() : new Promise<void>((r) => idle.push(r)))

  return {
    atomic: (statements: Compilable[]) => {
      if (closed) return Promise.reject(new Error('the database is closed'))
      if (statements.length === 0) return Promise.resolve([])
      let queries: BatchQuery[]
      try {
        queries = statements.map((s) => {
          const { sql, parameters } = s.compile()
          return { sql, parameters }
        })
      } catch (error) {
        return Promise.reject(error)
      }
      return new Promise<number[]>((resolve, reject) => {
        queue.push({ queries, resolve, reject })
        schedule()
      })
    },
    drain,
    close: async () => {
      closed = true
      await drain()
      await writer.close()
    },
    stats: () => ({ ...stats }),
  }
}

/**
 * Writes batches on the connection that serves requests. For databases a second connection cannot
 * open (`:memory:`). It holds Kysely's connection lock, so a batch never lands inside someone
 * else's transaction, and it blocks the event loop for the whole batch, COMMIT's disk wait included.
 */
export function inThreadWriter(db: Db, conn: ConnectionLike): BatchWriter {
  return {
    write: (batch) => db.connection().execute(async () => writeBatch(conn, batch)),
    close: async () => {},
  }
}

/**
 * Writes batches on a worker thread with its own connection to the file, so the thread serving
 * requests keeps validating the next batch while this one waits for the disk. Writes from the
 * serving connection still work: SQLite lets one writer at a time in, the other waits (busy_timeout).
 */
export function workerWriter(filename: string, pragmas: Record<string, string | number>): BatchWriter {
  let worker: Worker | undefined
  let nextId = 0
  const inFlight = new Map<number, { resolve(o: WriteOutcome[]): void; reject(e: unknown): void }>()

  const start = (): Worker => {
    // No inherited loader flags: the writer is plain JavaScript. It allocates little (a batch's
    // SQL and parameters), so a small young generation keeps its memory small.
    const w = new Worker(new URL('./sqlite-writer.mjs', import.meta.url), { workerData: { filename, pragmas }, execArgv: [], resourceLimits: { maxYoungGenerationSizeMb: 4 } })
    w.unref()
    w.on('message', (m: { id?: number; outcomes?: WriteOutcome[] }) => {
      if (m.id === undefined || !m.outcomes) return
      const call = inFlight.get(m.id)
      inFlight.delete(m.id)
      if (inFlight.size === 0) w.unref()
      call?.resolve(m.outcomes.map((o) => ('error' in o ? { error: Object.assign(new Error((o.error as Error).message), o.error) } : o)))
    })
    const fail = (error: unknown) => {
      if (worker === w) worker = undefined
      for (const call of inFlight.values()) call.reject(error)
      inFlight.clear()
    }
    w.on('error', fail)
    w.on('exit', (code) => fail(new Error(`the database writer stopped (exit code ${code})`)))
    return w
  }

  return {
    write: (batch) =>
      new Promise((resolve, reject) => {
        worker ??= start()
        const id = nextId++
        inFlight.set(id, { resolve, reject })
        // Keeps the process alive while a write is on its way to disk.
        worker.ref()
        worker.postMessage({ id, batch })
      }),
    close: async () => {
      const w = worker
      worker = undefined
      if (!w) return
      const exited = new Promise((r) => w.once('exit', r))
      // Referenced until it has exited: awaiting an idle (unreferenced) thread would not keep the
      // process alive long enough to see it go.
      w.ref()
      w.postMessage({ type: 'close' })
      await exited
    },
  }
}
