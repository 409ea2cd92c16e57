import { sql, type Compilable, type Insertable, type Updateable } from 'kysely'
import type { Db } from '../database.ts'
import type { CaseEventTable, FollowUpCaseTable } from '../schema.ts'
import { ACTIVE_STATUSES, type CaseStatus } from '../../../shared/case-terms.ts'
import { DEFAULT_CASE_RULES, DEFAULT_SLA, ZCaseRules, ZSla, type TCaseRules, type TSla } from '../../../shared/cases.ts'

// Follow-up cases, their timeline and each organisation's case settings.

/** The organisation's rules and SLA (the defaults until a manager saves their own). */
export async function getCaseSettings(db: Db, orgId: string): Promise<{ rules: TCaseRules; sla: TSla; saved: boolean }> {
  const row = await db.selectFrom('case_settings').select(['rules', 'sla']).where('org_id', '=', orgId).executeTakeFirst()
  if (!row) return { rules: DEFAULT_CASE_RULES, sla: DEFAULT_SLA, saved: false }
  // Every survey submission reads these: parsed once per stored text, not per request.
  const key = `${row.rules}\u0000${row.sla}`
  let settings = parsedSettings.get(key)
  if (!settings) {
    if (parsedSettings.size > 500) parsedSettings.clear()
    // Stored JSON was validated when saved; a part never saved (a row made for the webhook alone) takes the defaults.
    const rules = ZCaseRules.safeParse(JSON.parse(row.rules))
    const sla = ZSla.safeParse(JSON.parse(row.sla))
    settings = { rules: rules.success ? rules.data : DEFAULT_CASE_RULES, sla: sla.success ? sla.data : DEFAULT_SLA, saved: rules.success && sla.success }
    parsedSettings.set(key, settings)
  }
  return settings
}

const parsedSettings = new Map<string, { rules: TCaseRules; sla: TSla; saved: boolean }>()

export function upsertCaseSettings(db: Db, orgId: string, s: { rules: TCaseRules; sla: TSla }, by: string, at: string) {
  const rules = JSON.stringify(s.rules)
  const slaJson = JSON.stringify(s.sla)
  return db
    .insertInto('case_settings')
    .values({ org_id: orgId, rules, sla: slaJson, updated_by: by, updated_at: at })
    .onConflict((oc) => oc.column('org_id').doUpdateSet({ rules, sla: slaJson, updated_by: by, updated_at: at }))
}

/**
 * Opens a case, unless this source already has one (a retried write finds the first), in the same
 * write as what opened it. `onlyIf` is an SQL condition the case needs (e.g. the response exists:
 * a refused response opens nothing).
 */
export function openCaseStatements(db: Db, c: Insertable<FollowUpCaseTable>, event: { id: string; text: string; actorId: string | null }, onlyIf?: ReturnType<typeof sql<boolean>>): Compilable[] {
  const guard = onlyIf ?? sql<boolean>`1`
  const cols = Object.keys(c) as (keyof typeof c)[]
  return [
    db
      .insertInto('follow_up_case')
      .columns(cols)
      .expression(
        db
          .selectNoFrom(cols.map((k) => sql`${c[k] ?? null}`.as(k)) as never)
          .where(guard)
          .where(sql<boolean>`not exists (select 1 from "follow_up_case" where "org_id" = ${c.org_id} and "source" = ${c.source} and "source_id" = ${c.source_id})`),
      ),
    db
      .insertInto('case_event')
      .columns(['id', 'org_id', 'case_id', 'at', 'actor_id', 'kind', 'text', 'data'])
      .expression(
        db
          .selectNoFrom([sql`${event.id}`.as('id'), sql`${c.org_id}`.as('org_id'), sql`${c.id}`.as('case_id'), sql`${c.opened_at}`.as('at'), sql`${event.actorId}`.as('actor_id'), sql`'opened'`.as('kind'), sql`${event.text}`.as('text'), sql`'{}'`.as('data')] as never)
          .where(sql<boolean>`exists (select 1 from "follow_up_case" where "id" = ${c.id})`),
      ),
  ]
}

export function insertCaseEvent(db: Db, e: Insertable<CaseEventTable>) {
  return db.insertInto('case_event').values(e)
}

/** An event that lands only if the guarded update before it changed the case (same write). */
export function insertCaseEventIf(db: Db, e: Insertable<CaseEventTable>, caseId: string, updatedAt: string) {
  const cols = Object.keys(e) as (keyof typeof e)[]
  return db
    .insertInto('case_event')
    .columns(cols)
    .expression(
      db
        .selectNoFrom(cols.map((k) => sql`${e[k] ?? null}`.as(k)) as never)
        .where(sql<boolean>`exists (select 1 from "follow_up_case" where "id" = ${caseId} and "updated_at" = ${updatedAt})`),
    )
}

/** A change guarded on the case being as it was read (status and last update): a concurrent change wins, this one changes nothing. */
export function updateCaseIf(db: Db, orgId: string, id: string, expected: { status: CaseStatus; updated_at: string }, patch: Updateable<FollowUpCaseTable>) {
  return db.updateTable('follow_up_case').set(patch).where('org_id', '=', orgId).where('id', '=', id).where('status', '=', expected.status).where('updated_at', '=', expected.updated_at)
}

export function findCase(db: Db, orgId: string, id: string) {
  return db.selectFrom('follow_up_case').selectAll().where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst()
}

export function listCaseEvents(db: Db, orgId: string, caseId: string) {
  return db
    .selectFrom('case_event')
    .leftJoin('user', 'user.id', 'case_event.actor_id')
    .select(['case_event.id', 'case_event.at', 'case_event.actor_id', 'case_event.kind', 'case_event.text', 'case_event.data', 'user.name as actor_name'])
    .where('case_event.org_id', '=', orgId)
    .where('case_event.case_id', '=', caseId)
    .orderBy('case_event.at')
    // Events of the same instant in the order they were written.
    .orderBy(sql`case_event.rowid`)
    .execute()
}

export interface CaseListFilter {
  orgId: string
  statuses: readonly CaseStatus[] | null
  ownerId?: string
  locationId?: string
  channel?: string
  limit: number
  now: string
}

/** The queue: overdue first (by how late), then by due time; closed and resolved ones newest first after. */
export function listCases(db: Db, f: CaseListFilter) {
  let q = db
    .selectFrom('follow_up_case as c')
    .leftJoin('location as l', 'l.id', 'c.location_id')
    .leftJoin('user as u', 'u.id', 'c.owner_id')
    .select(['c.id', 'c.source', 'c.trigger', 'c.title', 'c.channel', 'c.priority', 'c.status', 'c.escalation_level', 'c.location_id', 'l.name as location_name', 'c.owner_id', 'u.name as owner_name', 'c.opened_at', 'c.due_at', 'c.resolved_at'])
    .where('c.org_id', '=', f.orgId)
  if (f.statuses) q = q.where('c.status', 'in', [...f.statuses])
  if (f.ownerId) q = q.where('c.owner_id', '=', f.ownerId)
  if (f.locationId) q = q.where('c.location_id', '=', f.locationId)
  if (f.channel) q = q.where('c.channel', '=', f.channel)
  const active = sql<number>`case when c.status in (${sql.join(ACTIVE_STATUSES.map((s) => sql`${s}`))}) then 0 else 1 end`
  return q
    .orderBy(active)
    .orderBy(sql`case when c.status in (${sql.join(ACTIVE_STATUSES.map((s) => sql`${s}`))}) then c.due_at else null end`)
    .orderBy('c.opened_at', 'desc')
    .limit(f.limit)
    .execute()
}

/** Active cases due by `now` whose escalation may be owed (the escalation job; every organisation). */
export function listCasesPastDue(db: Db, now: string, limit: number) {
  return db
    .selectFrom('follow_up_case')
    .select(['id', 'org_id', 'title', 'status', 'escalation_level', 'due_at', 'owner_id', 'updated_at', 'location_id'])
    .where('status', 'in', [...ACTIVE_STATUSES])
    .where('due_at', '<=', now)
    .orderBy('due_at')
    .limit(limit)
    .execute()
}

const FIGURE_COLUMNS = ['status', 'trigger', 'opened_at', 'due_at', 'resolved_at', 'root_cause', 'first_contact'] as const

/** Cases opened in [from, to] (ISO instants), and cases resolved in it. */
export async function listCasesForFigures(db: Db, orgId: string, from: string, to: string, locationId?: string) {
  const base = () => {
    let q = db.selectFrom('follow_up_case').select([...FIGURE_COLUMNS]).where('org_id', '=', orgId)
    if (locationId) q = q.where('location_id', '=', locationId)
    return q
  }
  const [opened, resolved] = await Promise.all([
    base().where('opened_at', '>=', from).where('opened_at', '<', to).execute(),
    base().where('resolved_at', '>=', from).where('resolved_at', '<', to).execute(),
  ])
  return { opened, resolved }
}

/** Users who can own a case (those who may work cases), active only. */
export function listCaseAssignees(db: Db, orgId: string) {
  return db.selectFrom('user').select(['id', 'name', 'email', 'role']).where('org_id', '=', orgId).where('active', '=', 1).where('role', 'in', ['admin', 'manager']).orderBy('name').execute()
}

/** A user's name (a case's owner may since have been deactivated). */
export function findUserName(db: Db, orgId: string, userId: string) {
  return db.selectFrom('user').select(['id', 'name']).where('org_id', '=', orgId).where('id', '=', userId).executeTakeFirst()
}

export function findActiveAssignee(db: Db, orgId: string, userId: string) {
  return db.selectFrom('user').select(['id', 'name']).where('org_id', '=', orgId).where('id', '=', userId).where('active', '=', 1).where('role', 'in', ['admin', 'manager']).executeTakeFirst()
}

/**
 * A case opened by a response being erased keeps its record (what happened, who worked it) but
 * loses what the customer wrote and their contact: part of the response's erasure write.
 */
export function anonymiseResponseCases(db: Db, orgId: string, responseId: string, at: string) {
  return db
    .updateTable('follow_up_case')
    .set({ summary: 'The response behind this case was erased at the customer’s request.', customer_name: '', customer_contact: '', contact_allowed: 0, themes: 0, updated_at: at })
    .where('org_id', '=', orgId)
    .where('source', '=', 'survey')
    .where('source_id', '=', responseId)
}

/**
 * Cases resolved in [from, to) (ISO instants) by location: how many, and how many by their due time
 * — the Stats of the `case_sla` metric (n resolved, sum within SLA). The case register is small and
 * read through its (org, resolved_at) index; `rows` is how many cases were counted.
 */
export async function sumCasesWithinSla(db: Db, orgId: string, from: string, to: string, locationId?: string) {
  let q = db
    .selectFrom('follow_up_case')
    .select(['location_id', sql<number>`count(*)`.as('n'), sql<number>`sum(case when "resolved_at" <= "due_at" then 1 else 0 end)`.as('within')])
    .where('org_id', '=', orgId)
    .where('resolved_at', '>=', from)
    .where('resolved_at', '<', to)
  if (locationId) q = q.where('location_id', '=', locationId)
  const rows = await q.groupBy('location_id').execute()
  return { rows: rows.map((r) => ({ location_id: r.location_id ?? '', n: Number(r.n), within: Number(r.within) })), rowsRead: rows.reduce((t, r) => t + Number(r.n), 0) }
}

/** The name, email and phone an identified survey's invitation was sent to (for a consenting respondent's case). */
export function findInvitationContact(db: Db, invitationId: string) {
  return db.selectFrom('survey_invitation').select(['name', 'email', 'phone']).where('id', '=', invitationId).executeTakeFirst()
}
