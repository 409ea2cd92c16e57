import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { createMiddleware } from 'hono/factory'
import { z } from 'zod'
import type { Env } from '../env.ts'
import { AppError, conflict, errorBody, notFound } from '../errors.ts'
import { describe, validate } from '../middleware/validate.ts'
import { requirePermission, requireSession } from '../middleware/auth.ts'
import { ZId } from '../../shared/schemas.ts'
import { newId } from '../../shared/ids.ts'
import { ZAuditAnswers, ZAuditTemplateDefinition, templateItems, type TAuditAnswers, type TAuditTemplateDefinition } from '../../shared/audit/template.ts'
import { checkAuditAnswers } from '../../shared/audit/answers.ts'
import { scoreAudit } from '../../shared/audit/scoring.ts'
import { ASSIGNMENT_STATUS_LABELS, SHOPPER_EDITABLE, type AssignmentStatus } from '../../shared/audit/status.ts'
import { moveStatus, presentSummary } from '../domain/audits.ts'
import {
  acceptAssignment,
  findAssignmentState,
  findShopperAssignment,
  listAssignmentComments,
  listShopperAssignments,
  saveAudit,
  type ExpectedState,
  type ShopperAssignmentRow,
  type StatusEvent,
} from '../db/repositories/shopper-audits.ts'
import { deletePhotoIf, insertPhotoIf, listAssignmentPhotos } from '../db/repositories/audit-photos.ts'
import { detectImageType } from '../lib/image-type.ts'
import { photoKey } from '../lib/photo-store.ts'
import type { Compilable } from 'kysely'

/** Largest photo a shopper may attach (a phone photo is 2–4 MB). */
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024
const PHOTO_MAX_MB = PHOTO_MAX_BYTES / 1024 / 1024
/** The multipart body around the photo: boundaries, the item id, the file's headers. */
const PHOTO_BODY_MAX = PHOTO_MAX_BYTES + 64 * 1024
const PHOTO_UPLOAD_PATH = /^\/api\/shopper\/assignments\/[^/]+\/photos$/
/** True for the photo upload, which sets its own (larger) body limit after the session and ownership checks. */
export const photoUploadBodyLimit = (method: string, path: string) => method === 'POST' && PHOTO_UPLOAD_PATH.test(path)

const ZAssignmentParam = z.object({ id: ZId })
const ZPhotoParam = z.object({ id: ZId, photoId: ZId })
const ZTime = z.iso.datetime({ offset: true, message: 'must be an ISO date and time' })
const ZDraftInput = z.object({
  answers: ZAuditAnswers,
  /** The revision the phone's answers are based on (0 before the first save). */
  revision: z.number().int().min(0),
  visitStartedAt: ZTime.nullable().optional(),
  visitEndedAt: ZTime.nullable().optional(),
})
const ZSubmitInput = z.object({ answers: ZAuditAnswers, revision: z.number().int().min(0), visitStartedAt: ZTime, visitEndedAt: ZTime })

type FullRow = NonNullable<Awaited<ReturnType<typeof findShopperAssignment>>>

/** The Summary every audit screen shows, plus where the shop is. */
function presentShopperSummary(r: ShopperAssignmentRow, now: Date) {
  return { ...presentSummary(r, now), locationAddress: r.location_address }
}

function presentShopperAssignment(r: FullRow, now: Date) {
  return {
    ...presentShopperSummary(r, now),
    answers: JSON.parse(r.answers) as TAuditAnswers,
    revision: r.revision,
    visitStartedAt: r.visit_started_at,
    visitEndedAt: r.visit_ended_at,
  }
}

function presentPhoto(p: { id: string; item_id: string; content_type: string; bytes: number }) {
  return { id: p.id, itemId: p.item_id, contentType: p.content_type, bytes: p.bytes, url: `/api/photos/${p.id}` }
}

/** The signed-in shopper's assignment, or 404: another shopper's assignment is never revealed. */
async function loadOwn(c: Context<Env>, id: string): Promise<FullRow> {
  const row = await findShopperAssignment(c.var.deps.database.db, c.var.session.orgId, c.var.session.userId, id)
  if (!row) throw notFound('No such assignment')
  return row
}

/** 404 before the photo body is read, so another shopper's id never gets as far as a size or type check. */
const requireOwnAssignment = createMiddleware<Env>(async function requireOwnAssignment(c, next) {
  await loadOwn(c, c.req.param('id') ?? '')
  await next()
})

function definitionOf(row: FullRow): TAuditTemplateDefinition {
  return ZAuditTemplateDefinition.parse(JSON.parse(row.definition))
}

function requireEditable(status: AssignmentStatus) {
  if (!SHOPPER_EDITABLE.includes(status)) throw conflict(`An audit that is ${ASSIGNMENT_STATUS_LABELS[status].toLowerCase()} can no longer be changed`)
}

function staleRevision(current: number): AppError {
  return new AppError('conflict', `This audit was changed on another device (it is now at revision ${current}): reload it, then make your changes again`, [
    { path: 'body.revision', message: `is out of date: the saved audit is at revision ${current}` },
  ])
}

/**
 * Answers checked against the pinned version: each problem names its item (`body.answers.<item>`),
 * and every photo named must be one of this assignment's photos for that item.
 */
async function checkAnswers(c: Context<Env>, row: FullRow, def: TAuditTemplateDefinition, answers: TAuditAnswers, mode: 'draft' | 'submit') {
  const checked = checkAuditAnswers(def, answers, mode)
  const problems = checked.problems.map((p) => ({ path: `body.answers.${p.itemId}`, message: p.message }))
  const photos = new Map((await listAssignmentPhotos(c.var.deps.database.db, c.var.session.orgId, row.id)).map((p) => [p.id, p.item_id] as const))
  for (const [itemId, answer] of Object.entries(checked.answers))
    for (const photoId of answer.photoIds ?? [])
      if (photos.get(photoId) !== itemId) problems.push({ path: `body.answers.${itemId}.photoIds`, message: `"${photoId}" is not a photo uploaded for this item` })
  if (problems.length) {
    const summary = problems.length === 1 ? `${problems[0]!.path} ${problems[0]!.message}` : `${problems.length} problems: ${problems.map((p) => `${p.path} ${p.message}`).join('; ')}`
    throw new AppError('validation_failed', `The audit was not saved: ${summary}`, problems)
  }
  return checked.answers
}

async function sha256Hex(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  return [...new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))].map((b) => b.toString(16).padStart(2, '0')).join('')
}

function checkVisitTimes(startedAt: string | null, endedAt: string | null) {
  if (startedAt && endedAt && Date.parse(endedAt) < Date.parse(startedAt))
    throw new AppError('validation_failed', 'The visit cannot end before it started', [{ path: 'body.visitEndedAt', message: 'must not be before the visit started' }])
}

/** Same answers whatever order the keys were sent in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`
  return JSON.stringify(value)
}

/** Writes the save; when nothing changed, says why: another device saved first, or the status moved. */
async function writeSave(c: Context<Env>, statements: Compilable[], expected: ExpectedState) {
  const { database } = c.var.deps
  const changed = await database.atomic(statements)
  if (changed[changed.length - 1] === 1) return
  const now = await findAssignmentState(database.db, expected.orgId, expected.shopperId, expected.assignmentId)
  if (!now) throw notFound('No such assignment')
  if (now.revision !== expected.revision) throw staleRevision(now.revision)
  throw conflict(`The audit is now ${ASSIGNMENT_STATUS_LABELS[now.status].toLowerCase()}: reload it`)
}

/** What a write by the signed-in shopper expects to find: the assignment as it was read. */
function expectedOf(c: Context<Env>, row: FullRow): ExpectedState {
  return { orgId: c.var.session.orgId, shopperId: c.var.session.userId, assignmentId: row.id, status: row.status, revision: row.revision }
}

/** Scores the checked answers and saves them with the visit times, if the audit is still as it was read; `event` moves its status. */
async function writeAudit(
  c: Context<Env>,
  row: FullRow,
  def: TAuditTemplateDefinition,
  answers: TAuditAnswers,
  visit: { startedAt: string | null; endedAt: string | null },
  at: string,
  event?: StatusEvent & { submitted?: boolean },
) {
  const score = scoreAudit(def, answers)
  const expected = expectedOf(c, row)
  const save = { answers: JSON.stringify(answers), visitStartedAt: visit.startedAt, visitEndedAt: visit.endedAt, scorePercent: score.percent, outcome: score.outcome, earned: score.earned, possible: score.possible, insufficient: score.insufficient, at }
  await writeSave(c, saveAudit(c.var.deps.database.db, expected, save, event), expected)
}

async function readPhotoUpload(c: Context<Env>): Promise<{ itemId: string; file: Blob }> {
  const type = (c.req.header('content-type') ?? '').toLowerCase()
  if (!type.startsWith('multipart/form-data'))
    throw new AppError('bad_request', 'Send the photo as multipart/form-data with the fields itemId and file')
  let form: FormData
  try {
    form = await c.req.formData()
  } catch {
    throw new AppError('bad_request', 'Malformed multipart body: send the fields itemId and file')
  }
  const itemId = form.get('itemId')
  const file: unknown = form.get('file')
  const issues = []
  if (typeof itemId !== 'string' || !itemId) issues.push({ path: 'body.itemId', message: 'is required' })
  if (!(file instanceof Blob)) issues.push({ path: 'body.file', message: 'must be an image file' })
  if (issues.length) throw new AppError('validation_failed', `Invalid body: ${issues.map((i) => `${i.path} ${i.message}`).join('; ')}`, issues)
  return { itemId: itemId as string, file: file as Blob }
}

/** The shopper's phone screens: their own assignments, nobody else's (docs/audits.md, "The shopper's side"). */
export const shopperRoutes = new Hono<Env>()
  .use(requireSession)
  .use(requirePermission('audits:fill'))
  .get('/assignments', describe('The signed-in shopper’s assignments in every status, soonest due first', { tag: 'audits' }), async (c) => {
    const rows = await listShopperAssignments(c.var.deps.database.db, c.var.session.orgId, c.var.session.userId)
    const now = c.var.deps.now()
    return c.json({ assignments: rows.map((r) => presentShopperSummary(r, now)) })
  })
  .get(
    '/assignments/:id',
    describe('One of the shopper’s assignments: the audit as saved, the template version it is filled against, its photos and the reviewer’s comments', { tag: 'audits' }),
    validate('param', ZAssignmentParam),
    async (c) => {
      const { id } = c.req.valid('param')
      const { database, now } = c.var.deps
      const row = await loadOwn(c, id)
      const [photos, comments] = await Promise.all([listAssignmentPhotos(database.db, c.var.session.orgId, id), listAssignmentComments(database.db, c.var.session.orgId, id)])
      return c.json({
        assignment: presentShopperAssignment(row, now()),
        definition: definitionOf(row),
        photos: photos.map(presentPhoto),
        comments: comments.map((e) => ({ at: e.at, userName: e.user_name ?? '', message: e.message, toStatus: e.to_status })),
      })
    },
  )
  .post('/assignments/:id/accept', describe('Accept an assignment (assigned → accepted)', { tag: 'audits' }), validate('param', ZAssignmentParam), async (c) => {
    const { id } = c.req.valid('param')
    const { database, now } = c.var.deps
    const { userId } = c.var.session
    const row = await loadOwn(c, id)
    const to = moveStatus(row.status, 'accept')
    const expected = expectedOf(c, row)
    await writeSave(c, acceptAssignment(database.db, expected, { id: newId(), at: now().toISOString(), userId, from: row.status, to }), expected)
    return c.json({ assignment: presentShopperSummary((await loadOwn(c, id)) as FullRow, now()) })
  })
  .put(
    '/assignments/:id/draft',
    describe('Save the audit as it stands (incomplete is fine); `revision` must be the saved one, else 409 conflict. The first save starts the audit', { tag: 'audits' }),
    validate('param', ZAssignmentParam),
    validate('json', ZDraftInput),
    async (c) => {
      const { id } = c.req.valid('param')
      const body = c.req.valid('json')
      const { now } = c.var.deps
      const { userId } = c.var.session
      const row = await loadOwn(c, id)
      requireEditable(row.status)
      if (body.revision !== row.revision) throw staleRevision(row.revision)
      const def = definitionOf(row)
      const answers = await checkAnswers(c, row, def, body.answers, 'draft')
      const startedAt = body.visitStartedAt === undefined ? row.visit_started_at : body.visitStartedAt
      const endedAt = body.visitEndedAt === undefined ? row.visit_ended_at : body.visitEndedAt
      checkVisitTimes(startedAt, endedAt)

      const at = now().toISOString()
      const to = row.status === 'accepted' ? moveStatus(row.status, 'start') : row.status
      const event = to !== row.status ? { id: newId(), at, userId, from: row.status, to } : undefined
      await writeAudit(c, row, def, answers, { startedAt, endedAt }, at, event)
      return c.json({ revision: row.revision + 1, savedAt: at, status: to })
    },
  )
  .post(
    '/assignments/:id/submit',
    describe('Submit the audit for review (in progress → submitted, returned → resubmitted): every required item answered, visit start and end given. A retry of a submit that already landed answers with the stored state', { tag: 'audits' }),
    validate('param', ZAssignmentParam),
    validate('json', ZSubmitInput),
    async (c) => {
      const { id } = c.req.valid('param')
      const body = c.req.valid('json')
      const { now } = c.var.deps
      const { userId } = c.var.session
      const row = await loadOwn(c, id)
      const def = definitionOf(row)

      // The same submit again (its answer was lost on the way back): the stored state, not a 409.
      if ((row.status === 'submitted' || row.status === 'resubmitted') && row.revision === body.revision + 1) {
        const retried = checkAuditAnswers(def, body.answers, 'submit')
        if (canonical(retried.answers) === canonical(JSON.parse(row.answers))) return c.json({ assignment: presentShopperAssignment(row, now()) })
      }

      const to = moveStatus(row.status, row.status === 'returned' ? 'resubmit' : 'submit')
      if (body.revision !== row.revision) throw staleRevision(row.revision)
      const answers = await checkAnswers(c, row, def, body.answers, 'submit')
      checkVisitTimes(body.visitStartedAt, body.visitEndedAt)

      const at = now().toISOString()
      await writeAudit(c, row, def, answers, { startedAt: body.visitStartedAt, endedAt: body.visitEndedAt }, at, { id: newId(), at, userId, from: row.status, to, submitted: true })
      return c.json({ assignment: presentShopperAssignment((await loadOwn(c, id)) as FullRow, now()) })
    },
  )
  .post(
    '/assignments/:id/photos',
    describe(`Attach a photo to a photo item (multipart: itemId, file): JPEG, PNG, WebP or HEIC by its content, at most ${PHOTO_MAX_MB} MB`, { tag: 'audits' }),
    validate('param', ZAssignmentParam),
    requireOwnAssignment,
    bodyLimit({
      maxSize: PHOTO_BODY_MAX,
      onError: (c) => c.json(errorBody(c, 'payload_too_large', `The photo is larger than ${PHOTO_MAX_MB} MB`), 413),
    }),
    async (c) => {
      const { id } = c.req.valid('param')
      const { database, now, photos: store } = c.var.deps
      const { orgId, userId } = c.var.session
      const row = await loadOwn(c, id)
      requireEditable(row.status)
      const { itemId, file } = await readPhotoUpload(c)
      const item = templateItems(definitionOf(row)).find((e) => e.item.id === itemId)?.item
      if (!item || item.type !== 'photo') throw new AppError('validation_failed', `"${itemId}" is not a photo item of this audit`, [{ path: 'body.itemId', message: 'is not a photo item of this audit' }])
      if (file.size > PHOTO_MAX_BYTES) throw new AppError('payload_too_large', `The photo is larger than ${PHOTO_MAX_MB} MB`)
      const bytes = new Uint8Array(await file.arrayBuffer())
      const contentType = detectImageType(bytes)
      if (!contentType) throw new AppError('validation_failed', 'The file must be a JPEG, PNG, WebP or HEIC image', [{ path: 'body.file', message: 'must be a JPEG, PNG, WebP or HEIC image' }])
      const tooMany = () => conflict(`"${item.label}" takes at most ${item.maxPhotos} photo${item.maxPhotos === 1 ? '' : 's'}: delete one to add another`)
      const existing = (await listAssignmentPhotos(database.db, orgId, id)).filter((p) => p.item_id === itemId).length
      if (existing >= item.maxPhotos) throw tooMany()

      const photoId = newId()
      const storageKey = photoKey(orgId, photoId)
      const at = now().toISOString()
      await store.put(storageKey, bytes, contentType)
      const [inserted] = await database.atomic([
        insertPhotoIf(database.db, { id: photoId, orgId, assignmentId: id, shopperId: userId, itemId, contentType, bytes: bytes.byteLength, sha256: await sha256Hex(bytes), storageKey, at, maxPhotos: item.maxPhotos }),
      ])
      if (inserted !== 1) {
        await store.delete(storageKey)
        const state = await findAssignmentState(database.db, orgId, userId, id)
        if (state && !SHOPPER_EDITABLE.includes(state.status)) requireEditable(state.status)
        throw tooMany()
      }
      return c.json({ photo: presentPhoto({ id: photoId, item_id: itemId, content_type: contentType, bytes: bytes.byteLength }) }, 201)
    },
  )
  .delete(
    '/assignments/:id/photos/:photoId',
    describe('Remove a photo from the audit (and its id from the saved answers)', { tag: 'audits' }),
    validate('param', ZPhotoParam),
    async (c) => {
      const { id, photoId } = c.req.valid('param')
      const { database, now, photos: store } = c.var.deps
      const { orgId, userId } = c.var.session
      // A save from another device between the read and the write: read again and retry once.
      for (let attempt = 0; attempt < 2; attempt++) {
        const row = await loadOwn(c, id)
        const photo = (await listAssignmentPhotos(database.db, orgId, id)).find((p) => p.id === photoId)
        if (!photo) throw notFound('No such photo')
        requireEditable(row.status)
        const answers = JSON.parse(row.answers) as TAuditAnswers
        for (const answer of Object.values(answers)) if (answer.photoIds?.includes(photoId)) answer.photoIds = answer.photoIds.filter((p) => p !== photoId)
        const [, deleted] = await database.atomic(
          deletePhotoIf(database.db, { orgId, shopperId: userId, assignmentId: id, photoId, status: row.status, revision: row.revision, answers: JSON.stringify(answers), at: now().toISOString() }),
        )
        if (deleted === 1) {
          // After the rows are gone: a failed file removal leaves an unreachable file, never a row without its photo.
          await store.delete(photo.storage_key)
          return c.json({ ok: true as const })
        }
      }
      throw conflict('The audit was changed on another device while the photo was being removed: reload it and try again')
    },
  )
