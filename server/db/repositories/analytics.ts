import { sql } from 'kysely'
import type { Db } from '../database.ts'
import type { RollupKind } from '../schema.ts'
import { bucketEnd, bucketRuns, bucketStart, decomposePeriod, nextBucket, seriesBuckets, signedPieces, type Piece } from '../../../shared/analytics.ts'
import { addStatsInto, subtractStats, type Stats } from '../../../shared/metrics/stats.ts'
import { ALL_LOCATIONS } from '../../domain/rollups.ts'

// Reads of the rollup table for the analytics endpoints (docs/analytics.md): one kind, the buckets
// of a period decomposition (as ranges per grain), explicit form and item lists (so the primary
// key (org, kind, grain, form, item, bucket, …) is used to its bucket range), statistics summed in
// SQL grouped by the keys the endpoint needs. Every read also counts the rollup rows it summed.

/** Columns to group by; 'month' is the bucket's calendar month (YYYY-MM), for reads whose buckets each fall in one month (monthlyBuckets). */
export type RollupKey = 'form_id' | 'item_id' | 'location_id' | 'segment' | 'grain' | 'bucket' | 'month'

const keyExpression = (k: RollupKey) => (k === 'month' ? sql<string>`substr("bucket", 1, 7)` : sql.ref(k))

export interface RollupRead {
  orgId: string
  kind: RollupKind
  /** The buckets to read (a period decomposition, or several). */
  pieces: readonly Piece[]
  /** More buckets as [first, last] ranges of one grain (e.g. every month before a day, for an open-ended period). */
  runs?: readonly BucketRun[]
  forms: readonly string[]
  items: readonly string[]
  /** One location's rows; ALL_LOCATIONS ('*') for the "all locations" rows of the kinds that keep them (ALL_LOCATION_KINDS); none: every location's rows. */
  locationId?: string
  /** Exactly these segments (e.g. ['c:…', 'c:…'] for a channel's links, or ['']). */
  segments?: readonly string[]
  /** Every segment starting with this prefix (e.g. 'c:' for every link). */
  segmentPrefix?: string
  /** Keys to group by. */
  groupBy: readonly RollupKey[]
  /** Only these statistics (the others read as 0): fewer sums per row for kinds that use few (audit_standard: n, sum, c0). */
  stats?: readonly StatColumn[]
  /** A second period read in the same statement: its rows come tagged `previous`, those of `pieces` (and `runs`) `current`. */
  previousPieces?: readonly Piece[]
}

export interface BucketRun {
  grain: Piece['grain']
  first: string
  last: string
}

export type RollupRow = Partial<Record<RollupKey, string>> & Stats & { period?: 'current' | 'previous' }

const STAT_COLUMNS = ['n', 'sum', 'sumsq', 'c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10'] as const
export type StatColumn = (typeof STAT_COLUMNS)[number]
/** What an audit_standard row holds: n applicable items, sum passed, c0 audits. */
export const AUDIT_STANDARD_STATS: readonly StatColumn[] = ['n', 'sum', 'c0']

/** Before and after any stored bucket: the ends of an open period. */
const FIRST_MONTH = '0001-01-01'
const LAST_MONTH = '9999-12-01'

/**
 * The buckets of a period read month by month: each month's part as its fewest whole buckets (the
 * month itself, or Monday weeks and days inside it), so every bucket falls in one calendar month
 * and a row's month is its bucket's. An open end reads every month before `to`'s (or after
 * `from`'s) as one range of month rows.
 */
export function monthlyBuckets(from: string | undefined, to: string | undefined, lastDay?: string): { pieces: Piece[]; runs: BucketRun[] } {
  const runs: BucketRun[] = []
  if (from === undefined && to === undefined) return { pieces: [], runs: [{ grain: 'month', first: FIRST_MONTH, last: LAST_MONTH }] }
  if (from === undefined) {
    const month = `${to!.slice(0, 7)}-01`
    from = month
    runs.push({ grain: 'month', first: FIRST_MONTH, last: addMonths(month, -1) })
  }
  if (to === undefined) {
    to = bucketEnd('month', `${from.slice(0, 7)}-01`)
    runs.push({ grain: 'month', first: nextBucket('month', `${from.slice(0, 7)}-01`), last: LAST_MONTH })
  }
  // The last month as its whole month row when the days after `to` hold no data yet (openPieces).
  const months = seriesBuckets('month', from, to)
  const pieces = months.flatMap((m, i) => (i === months.length - 1 ? openPieces(m.from, m.to, lastDay) : decomposePeriod(m.from, m.to)))
  return { pieces, runs }
}

/**
 * The fewest buckets covering a period whose days after `to` hold no data yet (`to` on or after
 * `lastDay`, the last day with data): the trailing part may be read as its whole week or month
 * (the days after `to` add nothing), so a 90-day period ending today is about 5 buckets instead
 * of 13. Otherwise exactly `decomposePeriod(from, to)`.
 */
export function openPieces(from: string, to: string, lastDay: string | undefined): Piece[] {
  const exact = decomposePeriod(from, to)
  if (lastDay === undefined || to < lastDay || exact.length <= 1) return exact
  let best = exact
  for (const end of [bucketEnd('week', bucketStart('week', to)), bucketEnd('month', bucketStart('month', to))]) {
    if (end <= to) continue
    const wider = decomposePeriod(from, end)
    if (wider.length < best.length) best = wider
  }
  return best
}

/**
 * The fewest buckets for one period's total: openPieces (a trailing part without data read whole)
 * or signedPieces (buckets past the period, less what lies outside it), whichever is fewer.
 */
export function fewestPieces(from: string, to: string, lastDay: string | undefined): Piece[] {
  const open = openPieces(from, to, lastDay)
  const signed = signedPieces(from, to)
  return signed.length < open.length ? signed : open
}

/**
 * The last day holding any data of the organisation: its latest response, and the latest day row
 * of the comment and audit rollups' "all locations" rows (each one index seek); '' without data.
 */
export async function lastDataDay(db: Db, orgId: string): Promise<string> {
  const { rows } = await sql<{ d: string | null }>`select max(
      coalesce((select substr(max("submitted_at"), 1, 10) from "response" where "org_id" = ${orgId}), ''),
      coalesce((select max("bucket") from "rollup" where "org_id" = ${orgId} and "kind" = 'comment' and "grain" = 'day' and "location_id" = ${ALL_LOCATIONS}), ''),
      coalesce((select max("bucket") from "rollup" where "org_id" = ${orgId} and "kind" = 'audit_visit' and "grain" = 'day' and "location_id" = ${ALL_LOCATIONS}), ''),
      coalesce((select max("bucket") from "rollup" where "org_id" = ${orgId} and "kind" = 'audit_standard' and "grain" = 'day' and "location_id" = ${ALL_LOCATIONS}), '')) as "d"`.execute(db)
  return rows[0]?.d ?? ''
}

function addMonths(month: string, n: number): string {
  const y = Number(month.slice(0, 4))
  const m = Number(month.slice(5, 7)) - 1 + n
  return `${String(y + Math.floor(m / 12)).padStart(4, '0')}-${String((((m % 12) + 12) % 12) + 1).padStart(2, '0')}-01`
}

/** D1 binds at most 100 parameters a statement; item lists are split to stay under it. */
const MAX_PARAMS = 90

function chunk<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size))
  return out
}

/**
 * Sums rollup rows: one row per group of `groupBy` keys (and period, with `previousPieces`), with
 * the statistics and how many rollup rows were summed (the `rowsRead` an endpoint reports). Every
 * bucket set — each period's added and subtracted buckets (signedPieces) — is read in one statement,
 * tagged by its place in the runs parameter; long item lists run as a few statements, merged here.
 */
export async function sumRollups(db: Db, r: RollupRead): Promise<{ rows: RollupRow[]; rowsRead: number }> {
  const added = (pieces: readonly Piece[]) => pieces.filter((p) => p.sign !== -1)
  const subtracted = (pieces: readonly Piece[]) => pieces.filter((p) => p.sign === -1)
  // Tags: 0 current added, 1 current subtracted, 2 previous added, 3 previous subtracted.
  const sets: BucketRun[][] = [[...bucketRuns(added(r.pieces)), ...(r.runs ?? [])], bucketRuns(subtracted(r.pieces)), bucketRuns(added(r.previousPieces ?? [])), bucketRuns(subtracted(r.previousPieces ?? []))]
  if (sets.every((runs) => runs.length === 0) || r.forms.length === 0 || r.items.length === 0 || (r.segments && r.segments.length === 0)) return { rows: [], rowsRead: 0 }
  // Subtracting is for reads that sum a period, not for ones that keep buckets apart.
  if ((sets[1]!.length > 0 || sets[3]!.length > 0) && r.groupBy.some((k) => k === 'bucket' || k === 'grain' || k === 'month')) throw new Error('subtracted buckets in a read grouped by bucket')
  const fixed = 3 + 1 + r.forms.length + (r.locationId ? 1 : 0) + (r.segments?.length ?? 0) + (r.segmentPrefix ? 2 : 0)
  const perChunk = Math.max(10, MAX_PARAMS - fixed)
  // One statement per bucket set: a single statement tagging rows by their run sorts them all in
  // one GROUP BY and measured slower than these smaller ones.
  const itemChunks = chunk([...new Set(r.items)], perChunk)
  const parts = await Promise.all(sets.flatMap((runs, tag) => (runs.length === 0 ? [] : itemChunks.map((items) => readChunk(db, r, runs, tag, items)))))
  // Chunks hold disjoint items: groups with equal keys add (when item_id is not a key). Then each
  // period's subtracted groups come out of its added ones.
  const keyOf = (row: RollupRow) => r.groupBy.map((k) => row[k]).join('\u0000')
  const groups: Map<string, RollupRow>[] = [new Map(), new Map(), new Map(), new Map()]
  let rowsRead = 0
  for (const part of parts) {
    rowsRead += part.rowsRead
    for (const row of part.rows) {
      const g = groups[row.tag]!
      const key = keyOf(row)
      const seen = g.get(key)
      if (seen) addStatsInto(seen, row)
      else g.set(key, row)
    }
  }
  const rows: RollupRow[] = []
  for (const [tag, period] of [[0, 'current'], [2, 'previous']] as const) {
    const less = groups[tag + 1]!
    for (const [key, row] of groups[tag]!) {
      const minus = less.get(key)
      const out: RollupRow = minus ? { ...row, ...subtractStats(row, minus) } : row
      delete (out as { tag?: number }).tag
      // A group whose rows all fall in subtracted buckets is not in the period.
      if (minus && out.n === 0 && out.counts.every((c) => c === 0)) continue
      if (r.previousPieces) out.period = period
      rows.push(out)
    }
  }
  return { rows, rowsRead }
}

async function readChunk(db: Db, r: RollupRead, runs: readonly BucketRun[], tag: number, items: readonly string[]) {
  // The runs as one JSON parameter, CROSS JOINed first so SQLite keeps that loop order: each run
  // seeks the primary key (org, kind, grain, form IN, item IN, bucket range). An OR of the runs
  // leaves only (org, kind) usable and scans every row of the kind.
  const runsJson = JSON.stringify(runs.map((run) => [run.grain, run.first, run.last]))
  let q = db
    .selectFrom(sql`json_each(${runsJson})`.as('run'))
    .crossJoin('rollup')
    .where('org_id', '=', r.orgId)
    .where('kind', '=', r.kind)
    .where('grain', '=', sql<Piece['grain']>`json_extract("run"."value", '$[0]')`)
    .where('bucket', '>=', sql<string>`json_extract("run"."value", '$[1]')`)
    .where('bucket', '<=', sql<string>`json_extract("run"."value", '$[2]')`)
    .where('form_id', 'in', [...new Set(r.forms)])
    .where('item_id', 'in', items)
  // Without a location, every location's rows but not the "all locations" ones (they repeat them).
  if (r.locationId !== undefined) q = q.where('location_id', '=', r.locationId)
  else q = q.where('location_id', '!=', ALL_LOCATIONS)
  if (r.segments) q = q.where('segment', 'in', [...new Set(r.segments)])
  // A prefix as a range (the key order makes it cheap): 'c:' ≤ segment < 'c;'.
  if (r.segmentPrefix) q = q.where('segment', '>=', r.segmentPrefix).where('segment', '<', r.segmentPrefix.slice(0, -1) + String.fromCharCode(r.segmentPrefix.charCodeAt(r.segmentPrefix.length - 1) + 1))
  const keys = r.groupBy.map(keyExpression)
  const rows = await q
    .select([
      ...r.groupBy.map((k) => (k === 'month' ? keyExpression(k).as('month') : k)),
      ...(r.stats ?? STAT_COLUMNS).map((col) => sql<number>`sum(${sql.ref(col)})`.as(col)),
      sql<number>`count(*)`.as('rows_read'),
    ] as never[])
    .$if(keys.length > 0, (qb) => qb.groupBy(keys as never[]))
    .execute()
  let rowsRead = 0
  const out: (RollupRow & { tag: number })[] = []
  for (const raw of rows as Record<string, unknown>[]) {
    const count = Number(raw.rows_read)
    // An aggregate without GROUP BY answers one row of nulls when nothing matched.
    if (count === 0) continue
    rowsRead += count
    const row: RollupRow & { tag: number } = {
      tag,
      n: Number(raw.n ?? 0),
      sum: Number(raw.sum ?? 0),
      sumsq: Number(raw.sumsq ?? 0),
      counts: [Number(raw.c0 ?? 0), Number(raw.c1 ?? 0), Number(raw.c2 ?? 0), Number(raw.c3 ?? 0), Number(raw.c4 ?? 0), Number(raw.c5 ?? 0), Number(raw.c6 ?? 0), Number(raw.c7 ?? 0), Number(raw.c8 ?? 0), Number(raw.c9 ?? 0), Number(raw.c10 ?? 0)],
    }
    for (const k of r.groupBy) row[k] = String(raw[k])
    out.push(row)
  }
  return { rows: out, rowsRead }
}

// ---- the register rows analytics read beside the rollups

/** Every survey and audit template of the organisation (their ids are the rollups' form keys). */
export async function listForms(db: Db, orgId: string) {
  const [surveys, templates] = await Promise.all([
    db.selectFrom('survey').select(['id', 'title', 'archived_at']).where('org_id', '=', orgId).execute(),
    db.selectFrom('audit_template').select(['id', 'title', 'archived_at']).where('org_id', '=', orgId).execute(),
  ])
  return { surveys, templates }
}

/** Every audit template id of the organisation. */
export function listTemplateIds(db: Db, orgId: string) {
  return db.selectFrom('audit_template').select('id').where('org_id', '=', orgId).execute()
}

/** Links (collectors) of the organisation, optionally of one survey or one channel. */
export function listCollectors(db: Db, orgId: string, f: { surveyId?: string; channel?: string } = {}) {
  let q = db.selectFrom('collector').select(['id', 'survey_id', 'label', 'channel', 'location_id']).where('org_id', '=', orgId)
  if (f.surveyId) q = q.where('survey_id', '=', f.surveyId)
  if (f.channel) q = q.where('channel', '=', f.channel)
  return q.execute()
}

/** Survey versions (number per id) of the organisation, optionally of one survey. */
export function listVersionNumbers(db: Db, orgId: string, surveyId?: string) {
  let q = db.selectFrom('survey_version').select(['id', 'survey_id', 'version']).where('org_id', '=', orgId).where('status', '!=', 'draft')
  if (surveyId) q = q.where('survey_id', '=', surveyId)
  return q.execute()
}

/** Every target record of the organisation's standards (a few per standard). */
export function listAllTargets(db: Db, orgId: string) {
  return db.selectFrom('standard_target').select(['standard_id', 'target', 'tolerance', 'direction', 'effective_from', 'created_at']).where('org_id', '=', orgId).execute()
}

