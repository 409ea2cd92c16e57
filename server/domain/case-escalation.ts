import type { Compilable } from 'kysely'
import type { AppDatabase } from '../db/database.ts'
import type { Deps } from '../env.ts'
import { newId } from '../../shared/ids.ts'
import { escalationFor } from './cases.ts'
import { getCaseSettings, insertCaseEventIf, listCasesPastDue, updateCaseIf } from '../db/repositories/cases.ts'
import { alertStatements } from '../db/repositories/notifications.ts'
import type { TSla } from '../../shared/cases.ts'

/** Cases looked at per run: the oldest due first; a backlog is worked off over a few runs. */
const BATCH = 200

/**
 * Escalates every active case past its SLA to the level it has reached (a scheduled job: a
 * background loop on Node, the Cron Trigger on Workers). Each escalation is one write: the case
 * (guarded on its level and last update, so a run that overlaps another, or a person's change,
 * escalates nothing twice), its timeline event and an SLA-breach alert (deduplicated per case and
 * level). Running it again changes nothing. Returns how many cases it escalated.
 */
export async function runCaseEscalation(database: AppDatabase, now: Date): Promise<number> {
  const at = now.toISOString()
  const due = await listCasesPastDue(database.db, at, BATCH)
  const slas = new Map<string, TSla>()
  let escalated = 0
  for (const c of due) {
    let sla = slas.get(c.org_id)
    if (!sla) slas.set(c.org_id, (sla = (await getCaseSettings(database.db, c.org_id)).sla))
    const step = escalationFor(c, sla, now)
    if (!step) continue
    const statements: Compilable[] = [
      updateCaseIf(database.db, c.org_id, c.id, c, { status: 'escalated', escalation_level: step.level, owner_id: step.ownerId, escalated_at: at, updated_at: at }),
      insertCaseEventIf(database.db, { id: newId(), org_id: c.org_id, case_id: c.id, at, actor_id: null, kind: 'escalated', text: `Past its SLA (due ${c.due_at}): escalated to level ${step.level}`, data: JSON.stringify({ from: c.status, level: step.level, ownerId: step.ownerId }) }, c.id, at),
      ...alertStatements(database.db, { orgId: c.org_id, kind: 'sla_breach', dedupeKey: `sla_breach:${c.id}:${step.level}`, title: `SLA breached: ${c.title}`, body: `The case was due ${c.due_at} and is not resolved; escalated to level ${step.level}.`, link: `/cases/${c.id}` }, at),
    ]
    const [changed] = await database.atomic(statements)
    if (changed) escalated++
  }
  return escalated
}

export interface EscalationLoop {
  stop(): Promise<void>
}

/** Node: runs the escalation every `everyMs` (a minute by default) from start-up until stopped. */
export function startEscalationLoop(database: AppDatabase, opts: { now: () => Date; log: Deps['log']; everyMs?: number }): EscalationLoop {
  let running: Promise<unknown> = Promise.resolve()
  let stopped = false
  const tick = () => {
    running = runCaseEscalation(database, opts.now())
      .then((n) => {
        if (n > 0) opts.log({ level: 'info', msg: 'cases escalated', count: n })
      })
      .catch((error: unknown) => opts.log({ level: 'error', msg: 'case escalation failed', error: error instanceof Error ? error.message : String(error) }))
  }
  const timer = setInterval(() => {
    if (!stopped) tick()
  }, opts.everyMs ?? 60_000)
  timer.unref()
  tick()
  return {
    stop: async () => {
      stopped = true
      clearInterval(timer)
      await running
    },
  }
}
