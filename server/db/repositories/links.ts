import { sql, type Compilable, type Insertable, type Updateable } from 'kysely'
import type { Db } from '../database.ts'
import type { CollectorTable, LinkEventDailyTable, SurveyInvitationTable } from '../schema.ts'

// Links (collectors) as the manager sees them, what a customer's token resolves to, the per-link
// daily counters, and the instance's secrets.

/** A survey's links with their location name, survey archive time and stored responses. */
export function listLinks(db: Db, orgId: string, surveyId: string, collectorId?: string) {
  let q = db
    .selectFrom('collector')
    .innerJoin('survey', 'survey.id', 'collector.survey_id')
    .leftJoin('location', 'location.id', 'collector.location_id')
    .select([
      'collector.id',
      'collector.token',
      'collector.label',
      'collector.kind',
      'collector.location_id',
      'location.name as location_name',
      'collector.channel',
      'collector.status',
      'collector.opens_at',
      'collector.closes_at',
      'collector.response_cap',
      'collector.response_count',
      'collector.identified',
      'collector.one_per_device',
      'collector.kiosk',
      'collector.thank_you',
      'collector.redirect_url',
      'collector.created_at',
      'survey.archived_at',
      (eb) => eb.selectFrom('response').select((e) => e.fn.countAll<number>().as('n')).whereRef('response.collector_id', '=', 'collector.id').as('responses'),
    ])
    .where('collector.org_id', '=', orgId)
    .where('collector.survey_id', '=', surveyId)
  if (collectorId) q = q.where('collector.id', '=', collectorId)
  return q.orderBy('collector.created_at').orderBy('collector.id').execute()
}
export type LinkRow = Awaited<ReturnType<typeof listLinks>>[number]

export function updateLink(db: Db, orgId: string, surveyId: string, id: string, patch: Updateable<CollectorTable>) {
  return db.updateTable('collector').set(patch).where('org_id', '=', orgId).where('survey_id', '=', surveyId).where('id', '=', id)
}

const respondentColumns = [
  'collector.id as collector_id',
  'collector.org_id',
  'collector.survey_id',
  'collector.location_id',
  'collector.status',
  'collector.opens_at',
  'collector.closes_at',
  'collector.response_cap',
  'collector.response_count',
  'collector.identified',
  'collector.one_per_device',
  'collector.kiosk',
  'collector.thank_you',
  'collector.redirect_url',
  'survey.archived_at',
  'organisation.name as org_name',
  'survey_version.id as version_id',
  'survey_version.definition',
] as const

function respondentQuery(db: Db) {
  return db
    .selectFrom('collector')
    .innerJoin('survey', 'survey.id', 'collector.survey_id')
    .innerJoin('organisation', 'organisation.id', 'collector.org_id')
    .leftJoin('survey_version', (j) => j.onRef('survey_version.survey_id', '=', 'survey.id').on('survey_version.status', '=', 'published'))
}

/**
 * What a customer's token resolves to: a link (anyone with the address), or one personal
 * invitation of an invitation list, which answers for its list's link. A list's own link token
 * takes no answers: only its single-use invitations do.
 */
export async function findLinkForRespondent(db: Db, token: string) {
  const link = await respondentQuery(db)
    .select(respondentColumns)
    .where('collector.token', '=', token)
    .where('collector.kind', '=', 'link')
    .executeTakeFirst()
  if (link) return { ...link, invitation_id: null as string | null, invitation_answered_at: null as string | null }
  const invited = await respondentQuery(db)
    .innerJoin('survey_invitation', 'survey_invitation.collector_id', 'collector.id')
    .select([...respondentColumns, 'survey_invitation.id as invitation_id', 'survey_invitation.answered_at as invitation_answered_at'])
    .where('survey_invitation.token', '=', token)
    .where('collector.kind', '=', 'invitations')
    .executeTakeFirst()
  return invited ?? null
}
export type RespondentLink = NonNullable<Awaited<ReturnType<typeof findLinkForRespondent>>>

export function insertSurveyInvitation(db: Db, row: Insertable<SurveyInvitationTable>) {
  return db.insertInto('survey_invitation').values(row)
}

/** The first time an invitation's page is opened. */
export function markInvitationOpened(db: Db, invitationId: string, at: string) {
  return db.updateTable('survey_invitation').set({ opened_at: at }).where('id', '=', invitationId).where('opened_at', 'is', null)
}

export function findResponseByDevice(db: Db, collectorId: string, deviceKey: string) {
  return db.selectFrom('response').select('id').where('collector_id', '=', collectorId).where('device_key', '=', deviceKey).executeTakeFirst()
}

type LinkEvent = Omit<LinkEventDailyTable, 'count' | 'question_id'> & { question_id?: string }

/** Adds one to a link's counter of the day. */
export function countLinkEvent(db: Db, e: LinkEvent) {
  return db
    .insertInto('link_event_daily')
    .values({ ...e, question_id: e.question_id ?? '', count: 1 })
    .onConflict((oc) => oc.columns(['collector_id', 'day', 'event', 'question_id']).doUpdateSet({ count: sql`"count" + 1` }))
}

/**
 * The write statements that go with a stored response, each applied only if the response row
 * `responseId` exists, that is, only if this write's (conditional) insert stored it: the link's
 * response count (what the cap is checked against), the invitation's answer time, and the day's
 * completion counter.
 */
export function afterResponseStatements(db: Db, r: { responseId: string; orgId: string; collectorId: string; invitationId: string | null; day: string; at: string }): Compilable[] {
  const stored = sql<boolean>`exists (select 1 from "response" where "id" = ${r.responseId})`
  const out: Compilable[] = [db.updateTable('collector').set({ response_count: sql`"response_count" + 1` }).where('id', '=', r.collectorId).where(stored)]
  if (r.invitationId) out.push(db.updateTable('survey_invitation').set({ answered_at: r.at }).where('id', '=', r.invitationId).where(stored))
  const complete = sql`insert into "link_event_daily" ("org_id", "collector_id", "day", "event", "question_id", "count")
    select ${r.orgId}, ${r.collectorId}, ${r.day}, 'complete', '', 1 where ${stored}
    on conflict ("collector_id", "day", "event", "question_id") do update set "count" = "count" + 1`
  out.push({ compile: () => complete.compile(db) })
  return out
}

/** Counter sums per link, event and question over a period, for one survey (or one of its links). */
export function sumLinkEvents(db: Db, f: { orgId: string; surveyId: string; collectorId?: string; from: string; to: string }) {
  let q = db
    .selectFrom('link_event_daily')
    .innerJoin('collector', 'collector.id', 'link_event_daily.collector_id')
    .select(['link_event_daily.collector_id', 'link_event_daily.event', 'link_event_daily.question_id', (eb) => eb.fn.sum<number>('link_event_daily.count').as('count')])
    .where('link_event_daily.org_id', '=', f.orgId)
    .where('collector.org_id', '=', f.orgId)
    .where('collector.survey_id', '=', f.surveyId)
    .where('link_event_daily.day', '>=', f.from)
    .where('link_event_daily.day', '<=', f.to)
  if (f.collectorId) q = q.where('link_event_daily.collector_id', '=', f.collectorId)
  return q.groupBy(['link_event_daily.collector_id', 'link_event_daily.event', 'link_event_daily.question_id']).execute()
}

/**
 * The instance's secret of that name, created on first use: whichever instance inserts first wins,
 * and every other one reads the winner's value.
 */
export async function ensureInstanceSecret(db: Db, name: string, candidate: string, at: string): Promise<string> {
  await db.insertInto('instance_secret').values({ name, value: candidate, created_at: at }).onConflict((oc) => oc.column('name').doNothing()).execute()
  const row = await db.selectFrom('instance_secret').select('value').where('name', '=', name).executeTakeFirstOrThrow()
  return row.value
}
