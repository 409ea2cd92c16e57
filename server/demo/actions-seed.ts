import type { AppDatabase } from '../db/database.ts'
import { insertAction, insertStakeholder } from '../db/repositories/actions.ts'
import { listUsers } from '../db/repositories/accounts.ts'
import { listLocations, listStandards } from '../db/repositories/register.ts'
import { newId } from '../../shared/ids.ts'

/**
 * The demo's improvement actions (DOMAIN "The review cycle", step 4), one that worked and one that
 * did not, with their stakeholder logs. Both are read from the demo's own responses:
 *
 * - York – Coney Street was refitted and its queue redesigned (YORK_REFIT): its service quality
 *   moves from 70% to 92% satisfied over the three weeks after (server/demo/seed.ts), while the
 *   comparison branches stay flat, so CSAT and NPS show a significant rise and a significant
 *   difference of differences.
 * - Manchester – Market Street tried queue-busting tablets: its quality is the same all year, so
 *   the before and after show no significant change against its comparison branches.
 */

const DAY_MS = 86_400_000

/** The York refit: how many days before the demo's today it opened, and the days it took to bed in. */
export const YORK_REFIT = { daysAgo: 170, over: 21 } as const

interface ActionPlan {
  title: string
  description: string
  /** Days before today. */
  startDaysAgo: number
  status: 'planned' | 'in_progress' | 'done' | 'abandoned'
  standards: string[]
  locations: string[]
  comparison: string[]
  windowDays: number
  settlingDays: number
  stakeholders: { kind: 'consulted' | 'informed'; stakeholder: string; daysFromStart: number; note: string }[]
}

const ACTIONS: readonly ActionPlan[] = [
  {
    title: 'Refit and one-queue layout at York',
    description:
      'Counters moved to the front of the store, a single queue feeding every till, and a floor host at busy times. The new store manager led the change after a year of CSAT below target. Compared with Leeds and Nottingham, which kept their layout.',
    startDaysAgo: YORK_REFIT.daysAgo,
    status: 'done',
    standards: ['SAT-01', 'REC-01'],
    locations: ['YRK01'],
    comparison: ['LDS01', 'NTM01'],
    windowDays: 120,
    settlingDays: YORK_REFIT.over,
    stakeholders: [
      { kind: 'consulted', stakeholder: 'York store team', daysFromStart: -40, note: 'Walked the new layout with the team; they asked for a floor host at lunchtimes.' },
      { kind: 'consulted', stakeholder: 'Facilities Manager', daysFromStart: -30, note: 'Agreed the fit-out dates and a weekend closure.' },
      { kind: 'informed', stakeholder: 'Area manager, North', daysFromStart: -3, note: 'Opening date and what to watch in the first weeks.' },
      { kind: 'informed', stakeholder: 'Customer panel', daysFromStart: 45, note: 'Shared the first results at the quarterly panel.' },
    ],
  },
  {
    title: 'Queue-busting tablets at Manchester',
    description: 'Two staff with tablets take payments in the queue at peak times, to cut waits at the busiest store. Compared with Norwich and Nottingham.',
    startDaysAgo: 100,
    status: 'done',
    standards: ['SAT-01', 'QUE-01'],
    locations: ['MAN01'],
    comparison: ['NRW01', 'NTM01'],
    windowDays: 60,
    settlingDays: 7,
    stakeholders: [
      { kind: 'consulted', stakeholder: 'Manchester store team', daysFromStart: -21, note: 'Staff worried the tablets would take them off the tills; agreed peak times only.' },
      { kind: 'informed', stakeholder: 'Regional operations director', daysFromStart: -2, note: '' },
    ],
  },
]

/** Seeds the demo's improvement actions and stakeholder logs into the demo organisation, in one write. */
export async function seedActions(database: AppDatabase, opts: { orgId: string; now: number }): Promise<{ actions: number; stakeholders: number }> {
  const { db } = database
  const [locations, standards, users] = await Promise.all([listLocations(db, opts.orgId, true), listStandards(db, opts.orgId, true), listUsers(db, opts.orgId)])
  const location = (code: string) => locations.find((l) => l.code === code)?.id ?? missing(`location ${code}`)
  const standard = (code: string) => standards.find((s) => s.code === code)?.id ?? missing(`standard ${code}`)
  const manager = users.find((u) => u.role === 'manager')?.id ?? missing('manager')
  const today = Date.UTC(new Date(opts.now).getUTCFullYear(), new Date(opts.now).getUTCMonth(), new Date(opts.now).getUTCDate())
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10)

  const statements = []
  let stakeholders = 0
  for (const a of ACTIONS) {
    const start = today - a.startDaysAgo * DAY_MS
    const recorded = new Date(start - 45 * DAY_MS + 10 * 3_600_000).toISOString()
    const id = newId(Date.parse(recorded))
    statements.push(
      insertAction(db, {
        id,
        org_id: opts.orgId,
        title: a.title,
        description: a.description,
        owner_id: manager,
        start_date: day(start),
        status: a.status,
        standard_ids: JSON.stringify(a.standards.map(standard)),
        location_ids: JSON.stringify(a.locations.map(location)),
        comparison_location_ids: JSON.stringify(a.comparison.map(location)),
        window_days: a.windowDays,
        settling_days: a.settlingDays,
        created_by: manager,
        created_at: recorded,
        updated_at: new Date(start + (a.settlingDays + a.windowDays) * DAY_MS + 9 * 3_600_000).toISOString(),
      }),
    )
    for (const s of a.stakeholders) {
      const on = start + s.daysFromStart * DAY_MS
      statements.push(insertStakeholder(db, { id: newId(on), org_id: opts.orgId, action_id: id, kind: s.kind, stakeholder: s.stakeholder, on_date: day(on), note: s.note, recorded_by: manager, created_at: new Date(on + 15 * 3_600_000).toISOString() }))
      stakeholders++
    }
  }
  await database.atomic(statements)
  return { actions: ACTIONS.length, stakeholders }
}

function missing(what: string): never {
  throw new Error(`The demo's ${what} is missing: seed the demo organisation first`)
}
