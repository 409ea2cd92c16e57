import { sql, type Compilable } from 'kysely'
import type { Db } from '../database.ts'

// A survey's link (for its QR code and invitation lists) and the single-use invitations of a list.

/** A link of the survey, in the organisation; undefined when it is not theirs. */
export function findSurveyCollector(db: Db, orgId: string, surveyId: string, collectorId: string) {
  return db
    .selectFrom('collector')
    .select(['id', 'token', 'label', 'kind', 'status'])
    .where('org_id', '=', orgId)
    .where('survey_id', '=', surveyId)
    .where('id', '=', collectorId)
    .executeTakeFirst()
}

/** Contacts already on a list, for spotting duplicates when another file is appended. */
export function listInvitationContacts(db: Db, orgId: string, collectorId: string) {
  return db.selectFrom('survey_invitation').select(['email', 'phone']).where('org_id', '=', orgId).where('collector_id', '=', collectorId).execute()
}

export interface NewInvitation {
  id: string
  token: string
  line: number
  name: string
  email: string | null
  phone: string | null
  /** JSON object of strings. */
  attributes: string
}

/**
 * Rows of a JSON array bound as ONE parameter and spread by `json_each`: D1 allows 100 bound
 * parameters per statement (9 rows of 10 columns), this takes hundreds of rows per statement.
 * Chunks stay well under D1's 2 MB per value.
 */
const CHUNK_CHARS = 256 * 1024

/**
 * The insert of one file, guarded against a concurrent upload to the same list (a double click):
 * the first statement inserts only while the list still has `expectedCount` invitations (rows
 * are never deleted, so the count is the list's version), and each later one only if the chunk
 * before it went in. The first statement changing no row means nothing was imported.
 */
export function insertInvitations(db: Db, list: { orgId: string; collectorId: string; createdAt: string; expectedCount: number }, rows: NewInvitation[]): Compilable[] {
  const statements: Compilable[] = []
  let chunk: NewInvitation[] = []
  let chars = 0
  let previousId: string | null = null
  const flush = () => {
    if (!chunk.length) return
    const json = JSON.stringify(chunk.map((r) => [r.id, r.token, r.line, r.name, r.email, r.phone, r.attributes]))
    const guard =
      previousId === null
        ? sql`(select count(*) from "survey_invitation" where "collector_id" = ${list.collectorId}) = ${list.expectedCount}`
        : sql`exists (select 1 from "survey_invitation" where "id" = ${previousId})`
    previousId = chunk[chunk.length - 1]!.id
    const query = sql`insert into "survey_invitation" ("id", "org_id", "collector_id", "token", "line", "name", "email", "phone", "attributes", "created_at")
      select json_extract("value", '$[0]'), ${list.orgId}, ${list.collectorId}, json_extract("value", '$[1]'), json_extract("value", '$[2]'), json_extract("value", '$[3]'), json_extract("value", '$[4]'), json_extract("value", '$[5]'), json_extract("value", '$[6]'), ${list.createdAt}
      from json_each(${json}) where ${guard}`
    statements.push({ compile: () => query.compile(db) })
    chunk = []
    chars = 0
  }
  for (const r of rows) {
    chunk.push(r)
    chars += r.attributes.length + r.name.length + (r.email?.length ?? 0) + (r.phone?.length ?? 0) + 80
    if (chars >= CHUNK_CHARS) flush()
  }
  flush()
  return statements
}

/** Invited, sent, opened and answered counts of a list. */
export async function countInvitations(db: Db, orgId: string, collectorId: string) {
  const row = await db
    .selectFrom('survey_invitation')
    .select((eb) => [
      eb.fn.countAll<number>().as('invited'),
      eb.fn.count<number>('sent_at').as('sent'),
      eb.fn.count<number>('opened_at').as('opened'),
      eb.fn.count<number>('answered_at').as('answered'),
    ])
    .where('org_id', '=', orgId)
    .where('collector_id', '=', collectorId)
    .executeTakeFirstOrThrow()
  return { invited: Number(row.invited), sent: Number(row.sent), opened: Number(row.opened), answered: Number(row.answered) }
}

const COLUMNS = ['id', 'token', 'line', 'name', 'email', 'phone', 'attributes', 'created_at', 'sent_at', 'opened_at', 'answered_at'] as const

/** The newest invitations first (a file's rows in file order), for the list's page. */
export function listInvitations(db: Db, orgId: string, collectorId: string, limit: number) {
  return db
    .selectFrom('survey_invitation')
    .select(COLUMNS)
    .where('org_id', '=', orgId)
    .where('collector_id', '=', collectorId)
    .orderBy('created_at', 'desc')
    .orderBy('line', 'asc')
    .orderBy('id')
    .limit(limit)
    .execute()
}

/** Every invitation of a list in upload order, or only those not answered yet. */
export function listInvitationsForExport(db: Db, orgId: string, collectorId: string, onlyUnanswered: boolean) {
  let q = db.selectFrom('survey_invitation').select(COLUMNS).where('org_id', '=', orgId).where('collector_id', '=', collectorId)
  if (onlyUnanswered) q = q.where('answered_at', 'is', null)
  return q.orderBy('created_at').orderBy('line').orderBy('id').execute()
}

/**
 * Marks exported invitations as sent, those given by id and not marked before. The ids travel as
 * one JSON parameter (D1's limit of 100 bound parameters), in chunks under its 2 MB per value.
 */
export function markInvitationsSent(db: Db, orgId: string, collectorId: string, ids: string[], at: string): Compilable[] {
  const statements: Compilable[] = []
  for (let i = 0; i < ids.length; i += 5000) {
    const json = JSON.stringify(ids.slice(i, i + 5000))
    statements.push(
      db
        .updateTable('survey_invitation')
        .set({ sent_at: at })
        .where('org_id', '=', orgId)
        .where('collector_id', '=', collectorId)
        .where('sent_at', 'is', null)
        .where('id', 'in', sql<string>`(select "value" from json_each(${json}))`),
    )
  }
  return statements
}
