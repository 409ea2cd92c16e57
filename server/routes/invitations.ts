import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { z } from 'zod'
import type { Env } from '../env.ts'
import { AppError, conflict, errorBody, notFound } from '../errors.ts'
import { describe, validate } from '../middleware/validate.ts'
import { requirePermission, requireSession } from '../middleware/auth.ts'
import { ZId } from '../../shared/schemas.ts'
import { newId, newToken } from '../../shared/ids.ts'
import { contactKey, INVITATION_FILE_MAX_BYTES, INVITATION_LIST_MAX, invitationsCsv, readContacts } from '../domain/invitations.ts'
import {
  countInvitations,
  findSurveyCollector,
  insertInvitations,
  listInvitationContacts,
  listInvitations,
  listInvitationsForExport,
  markInvitationsSent,
} from '../db/repositories/invitations.ts'
import { contentDisposition } from '../lib/download.ts'

const ZListParam = z.object({ id: ZId, collectorId: ZId })
/** The file as JSON, for clients that cannot send a raw body. */
const ZUploadJson = z.object({ csv: z.string() })
const ZExportQuery = z.object({ unanswered: z.enum(['0', '1'], 'must be 0 or 1').default('0') })
const LISTED = 500

/**
 * Largest upload body: the file limit plus room for JSON escaping when the file comes as `{csv}`.
 * The app's smaller default limit does not apply to this route (see `ownBodyLimit` in app.ts).
 */
export const INVITATION_UPLOAD_BODY_MAX = INVITATION_FILE_MAX_BYTES + 1024 * 1024
const UPLOAD_PATH = /^\/api\/surveys\/[^/]+\/collectors\/[^/]+\/invitations$/
/** True for the upload route, which sets its own body limit. */
export const ownBodyLimit = (method: string, path: string) => method === 'POST' && UPLOAD_PATH.test(path)

async function loadList(c: Context<Env>, surveyId: string, collectorId: string) {
  const list = await findSurveyCollector(c.var.deps.database.db, c.var.session.orgId, surveyId, collectorId)
  if (!list) throw notFound('No such invitation list')
  if (list.kind !== 'invitations') throw new AppError('conflict', 'This link is not an invitation list: create a link of kind "invitations" to upload contacts')
  return list
}

/** The uploaded file's text: a `text/csv` (or plain text) body, or JSON `{csv}`. */
async function readUpload(c: Context<Env>): Promise<string> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (type === 'application/json') {
    let body: unknown
    try {
      body = await c.req.json()
    } catch {
      throw new AppError('bad_request', 'Malformed request body: expected JSON {"csv": "…"} or a text/csv body')
    }
    const parsed = ZUploadJson.safeParse(body)
    if (!parsed.success) throw new AppError('validation_failed', 'Invalid body: csv must be the file’s text', [{ path: 'body.csv', message: 'must be the file’s text' }])
    return parsed.data.csv
  }
  if (type === 'text/csv' || type === 'text/plain' || type === 'application/vnd.ms-excel') {
    // Decoded as UTF-8 whatever the charset says: a spreadsheet's "CSV UTF-8" is what we ask for.
    return new TextDecoder('utf-8').decode(await c.req.arrayBuffer())
  }
  throw new AppError('bad_request', 'Send the contact file as text/csv, or as JSON {"csv": "…"}')
}

/** Single-use invitation lists: upload contacts, see who was sent, opened and answered, export personal links. */
export const surveyInvitationRoutes = new Hono<Env>()
  .post(
    '/:id/collectors/:collectorId/invitations',
    describe('Add contacts to an invitation list from a CSV file (text/csv body, or JSON {csv}): header row with name, email and/or phone; other columns are kept as attributes. Any bad row → 400 listing each by line, nothing imported', { tag: 'surveys' }),
    bodyLimit({
      maxSize: INVITATION_UPLOAD_BODY_MAX,
      onError: (c) => c.json(errorBody(c, 'payload_too_large', `The file is larger than ${INVITATION_FILE_MAX_BYTES / 1024 / 1024} MB`), 413),
    }),
    requireSession,
    requirePermission('surveys:write'),
    validate('param', ZListParam),
    async (c) => {
      const { id, collectorId } = c.req.valid('param')
      const { database, now } = c.var.deps
      const { orgId } = c.var.session
      await loadList(c, id, collectorId)
      const text = await readUpload(c)
      if (new TextEncoder().encode(text).length > INVITATION_FILE_MAX_BYTES)
        throw new AppError('payload_too_large', `The file is larger than ${INVITATION_FILE_MAX_BYTES / 1024 / 1024} MB`)

      const existing = await listInvitationContacts(database.db, orgId, collectorId)
      const known = new Set<string>()
      for (const e of existing) {
        if (e.email) known.add(contactKey('email', e.email))
        if (e.phone) known.add(contactKey('phone', e.phone))
      }
      const read = readContacts(text, known)
      if (!read.ok) throw new AppError('validation_failed', `The file was not imported: ${read.issues.length === 1 ? read.issues[0]!.path + ': ' + read.issues[0]!.message : `${read.issues.length} problems`}. Nothing was imported`, read.issues)
      if (existing.length + read.contacts.length > INVITATION_LIST_MAX)
        throw new AppError('validation_failed', `A list holds at most ${INVITATION_LIST_MAX} contacts; it has ${existing.length} and the file adds ${read.contacts.length}. Nothing was imported`, [
          { path: 'file', message: `would make the list ${existing.length + read.contacts.length} contacts long (at most ${INVITATION_LIST_MAX})` },
        ])

      const rows = read.contacts.map((r) => ({
        id: newId(),
        token: newToken(16),
        line: r.line,
        name: r.name,
        email: r.email,
        phone: r.phone,
        attributes: JSON.stringify(r.attributes),
      }))
      // One atomic write: a file is imported whole or not at all.
      const [inserted] = await database.atomic(insertInvitations(database.db, { orgId, collectorId, createdAt: now().toISOString(), expectedCount: existing.length }, rows))
      if (!inserted) throw conflict('Another file was added to this list while this one was being imported, so nothing from this file was imported. Upload it again: contacts already on the list will be listed by line')
      return c.json({ imported: rows.length, listId: collectorId, attributeColumns: read.attributeColumns }, 201)
    },
  )
  .get(
    '/:id/collectors/:collectorId/invitations',
    describe(`An invitation list: invited, sent, opened and answered counts, and the newest ${LISTED} invitations`, { tag: 'surveys' }),
    requireSession,
    requirePermission('results:read'),
    validate('param', ZListParam),
    async (c) => {
      const { id, collectorId } = c.req.valid('param')
      const { database } = c.var.deps
      const { orgId } = c.var.session
      await loadList(c, id, collectorId)
      const [totals, rows] = await Promise.all([countInvitations(database.db, orgId, collectorId), listInvitations(database.db, orgId, collectorId, LISTED)])
      return c.json({
        totals,
        invitations: rows.map((r) => ({
          id: r.id,
          line: r.line,
          name: r.name,
          email: r.email,
          phone: r.phone,
          attributes: JSON.parse(r.attributes) as Record<string, string>,
          createdAt: r.created_at,
          sentAt: r.sent_at,
          openedAt: r.opened_at,
          answeredAt: r.answered_at,
        })),
      })
    },
  )
  .get(
    '/:id/collectors/:collectorId/invitations.csv',
    describe('Download the list with each person’s personal link (CSV for a mail or SMS tool); marks them sent. ?unanswered=1 for those who have not answered', { tag: 'surveys' }),
    requireSession,
    // Personal links let their holder answer as that person, and the export marks them sent:
    // handing them out is distributing the survey, not reading results.
    requirePermission('surveys:write'),
    validate('param', ZListParam),
    validate('query', ZExportQuery),
    async (c) => {
      const { id, collectorId } = c.req.valid('param')
      const unanswered = c.req.valid('query').unanswered === '1'
      const { database, now } = c.var.deps
      const { orgId } = c.var.session
      const list = await loadList(c, id, collectorId)
      const rows = await listInvitationsForExport(database.db, orgId, collectorId, unanswered)
      const unsent = rows.filter((r) => r.sent_at === null).map((r) => r.id)
      // A HEAD request (a link checker) fetches nothing, so it marks nothing as sent.
      if (unsent.length && c.req.method === 'GET') await database.atomic(markInvitationsSent(database.db, orgId, collectorId, unsent, now().toISOString()))
      const csv = invitationsCsv(
        rows.map((r) => ({ name: r.name, email: r.email, phone: r.phone, attributes: JSON.parse(r.attributes) as Record<string, string>, link: new URL(`/s/${r.token}`, c.req.url).toString() })),
      )
      return c.body(csv, 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': contentDisposition(list.label, unanswered ? 'unanswered invitations' : 'invitations', 'csv'),
        // Personal links: never kept by a shared cache.
        'cache-control': 'private, no-store',
      })
    },
  )
