import { TAGGER_VERSION } from '../../shared/sentiment/index.ts'
import { newId } from '../../shared/ids.ts'
import type { AppDatabase, Db } from '../db/database.ts'
import type { Deps } from '../env.ts'
import type { JobTable } from '../db/schema.ts'
import {
  countStaleComments,
  failJob,
  findJob,
  hasStaleComments,
  insertJob,
  listStaleComments,
  restartJob,
  retagBatchStatements,
  RETAG_JOB,
  retagStillAt,
} from '../db/repositories/comments.ts'
import { commentMoveStatements } from '../db/repositories/rollups.ts'
import { taggedColumns } from './comments.ts'

/**
 * Re-tagging after a tagger upgrade: comments tagged by another TAGGER_VERSION are tagged again in
 * batches, by id, the cursor and progress kept in the job row so a restart continues where the last
 * batch ended. A manager's correction is never overwritten: the tagger's own columns change, the
 * final label and themes stay the correction. The job covers the whole installation (the tagger
 * version is the installation's, not an organisation's).
 */

/** Comments per batch: one write, a few tens of milliseconds of tagging. */
export const RETAG_BATCH = 500

export interface RetagProgress {
  status: JobTable['status']
  total: number
  done: number
  target: string
  startedAt: string
  finishedAt: string | null
}

function progressOf(job: Awaited<ReturnType<typeof findJob>>): RetagProgress | null {
  if (!job) return null
  return { status: job.status, total: job.total, done: job.done, target: job.target, startedAt: job.started_at, finishedAt: job.finished_at }
}

/** The current version's job, or null when nothing has needed re-tagging. */
export async function retagProgress(db: Db): Promise<RetagProgress | null> {
  return progressOf(await findJob(db, RETAG_JOB, TAGGER_VERSION))
}

/**
 * The running job for the current version: started when comments of another version exist, started
 * over when some appeared after it finished, resumed from its cursor after a failure. Undefined when
 * there is nothing to do.
 */
async function runningJob(db: Db, at: string) {
  const job = await findJob(db, RETAG_JOB, TAGGER_VERSION)
  if (job?.status === 'running') return job
  if (job?.status === 'failed') {
    await restartJob(db, job.id, { at })
  } else {
    if (!(await hasStaleComments(db, TAGGER_VERSION))) return undefined
    const total = await countStaleComments(db, TAGGER_VERSION)
    if (job) await restartJob(db, job.id, { total, cursor: '', done: 0, at })
    else await insertJob(db, { id: newId(), kind: RETAG_JOB, target: TAGGER_VERSION, total, at })
  }
  const started = await findJob(db, RETAG_JOB, TAGGER_VERSION)
  return started?.status === 'running' ? started : undefined
}

/**
 * Re-tags one batch (one write) and returns the progress: null when no comment ever needed it.
 * Safe to call from several places at once: a batch that lost the race changes nothing.
 */
export async function runRetagBatch(database: AppDatabase, now: Date, batchSize = RETAG_BATCH): Promise<RetagProgress | null> {
  const db = database.db
  const at = now.toISOString()
  const job = await runningJob(db, at)
  if (!job) return retagProgress(db)
  const rows = await listStaleComments(db, TAGGER_VERSION, job.cursor, batchSize)
  const tagged = rows.map((r) => ({ id: r.id, ...taggedColumns(r.text) }))
  const done = job.done + rows.length
  // The rollups move with the final label, themes and score, before the rows change, in the same write.
  const byOrg = new Map<string, Parameters<typeof commentMoveStatements>[2][number][]>()
  rows.forEach((r, i) => {
    const t = tagged[i]!
    const after = r.corrected_label === null ? { final_label: t.label, final_themes: t.themes, score: t.score } : { final_label: r.final_label, final_themes: r.final_themes, score: t.score }
    const moves = byOrg.get(r.org_id) ?? []
    moves.push({ before: r, after })
    byOrg.set(r.org_id, moves)
  })
  const stillAt = retagStillAt({ id: job.id, cursor: job.cursor })
  const rollups = []
  for (const [orgId, moves] of byOrg) rollups.push(...(await commentMoveStatements(db, orgId, moves, stillAt)))
  await database.atomic([
    ...rollups,
    ...retagBatchStatements(db, { id: job.id, cursor: job.cursor, target: TAGGER_VERSION }, tagged, {
      cursor: rows.length ? rows[rows.length - 1]!.id : job.cursor,
      done,
      finished: rows.length < batchSize,
      at,
    }),
  ])
  return retagProgress(db)
}

/** Marks the current job failed (it resumes from its cursor when run again). */
export async function failRetag(db: Db, error: unknown, now: Date): Promise<void> {
  const job = await findJob(db, RETAG_JOB, TAGGER_VERSION)
  if (job) await failJob(db, job.id, error instanceof Error ? error.message : String(error), now.toISOString())
}

/** Workers: a few batches per scheduled run, so one invocation stays short. */
export async function runRetagBatches(database: AppDatabase, now: () => Date, maxBatches: number, log: Deps['log']): Promise<RetagProgress | null> {
  let progress: RetagProgress | null = null
  try {
    for (let i = 0; i < maxBatches; i++) {
      progress = await runRetagBatch(database, now())
      if (progress?.status !== 'running') break
    }
  } catch (error) {
    log({ level: 'error', msg: 'retag failed', error: error instanceof Error ? error.message : String(error) })
    await failRetag(database.db, error, now()).catch(() => {})
  }
  return progress
}

export interface RetagLoop {
  /** Settles when the loop has ended (done, nothing to do, failed or stopped). */
  finished: Promise<void>
  /** Stops after the batch in progress (if any) has been written. */
  stop(): Promise<void>
}

/**
 * Node: re-tags in the background until done, one batch per turn of the event loop (setImmediate),
 * so requests are served between batches.
 */
export function startRetagLoop(database: AppDatabase, opts: { now: () => Date; log: Deps['log']; batchSize?: number }): RetagLoop {
  let stopped = false
  let end!: () => void
  const finished = new Promise<void>((resolve) => (end = resolve))
  const step = async () => {
    if (stopped) return end()
    try {
      const progress = await runRetagBatch(database, opts.now(), opts.batchSize)
      if (progress?.status === 'running') {
        setImmediate(() => void step())
        return
      }
      if (progress?.status === 'done') opts.log({ level: 'info', msg: 'retag done', target: progress.target, total: progress.total })
    } catch (error) {
      if (!stopped) {
        opts.log({ level: 'error', msg: 'retag failed', error: error instanceof Error ? error.message : String(error) })
        await failRetag(database.db, error, opts.now()).catch(() => {})
      }
    }
    end()
  }
  void step()
  return {
    finished,
    stop: async () => {
      stopped = true
      await finished
    },
  }
}
