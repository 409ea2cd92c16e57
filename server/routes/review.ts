import { Hono } from 'hono'
import { z } from 'zod'
import type { Env } from '../env.ts'
import { conflict } from '../errors.ts'
import { describe, validate } from '../middleware/validate.ts'
import { requirePermission, requireSession } from '../middleware/auth.ts'
import {
  MEASUREMENT_METHODS,
  METHOD_TEXT_MAX_CHARS,
  NOTE_MAX_CHARS,
  parseReportKey,
  REVIEW_SECTIONS,
  type MeasurementMethodView,
  type ReviewNoteView,
  type ReviewSection,
} from '../../shared/review.ts'
import { deleteReviewNote, findReviewNote, listMeasurementMethods, listReviewNotes, saveReviewNote, upsertMeasurementMethod } from '../db/repositories/review.ts'

// ---- request contracts (shared/review.ts holds the zod-free parts the web app also uses)

const ZMethodParam = z.object({ method: z.enum(MEASUREMENT_METHODS, `must be one of ${MEASUREMENT_METHODS.join(', ')}`) })

const ZMethodInput = z
  .object({
    used: z.boolean('must be true or false'),
    justification: z.string('must be text').trim().max(METHOD_TEXT_MAX_CHARS, `must be at most ${METHOD_TEXT_MAX_CHARS} characters`).default(''),
    sample_plan: z.string('must be text').trim().max(METHOD_TEXT_MAX_CHARS, `must be at most ${METHOD_TEXT_MAX_CHARS} characters`).default(''),
  })
  .superRefine((m, ctx) => {
    // The plan records *why* each method fits (DOMAIN.md, "The review cycle"): a method in use needs its reason.
    if (m.used && m.justification === '') ctx.addIssue({ code: 'custom', path: ['justification'], message: 'is required for a method that is used: say why it fits' })
  })

const ZReportKey = z
  .string('must be text')
  .max(4000, 'is too long')
  .superRefine((key, ctx) => {
    const parsed = parseReportKey(key)
    if ('problem' in parsed) ctx.addIssue({ code: 'custom', message: parsed.problem })
  })

const ZNotesQuery = z.object({ key: ZReportKey })

const ZNoteInput = z.object({
  key: ZReportKey,
  section: z.enum(REVIEW_SECTIONS, `must be one of ${REVIEW_SECTIONS.join(', ')}`),
  // Empty (or only spaces) removes the section's commentary.
  text: z.string('must be text').trim().max(NOTE_MAX_CHARS, `must be at most ${NOTE_MAX_CHARS} characters`),
  /**
   * The `updated_at` of the note the writer started from (null: there was none). When given, a note
   * someone else saved meanwhile is not overwritten: 409. Left out, the last write wins.
   */
  base: z.iso.datetime('must be the updated_at of the note edited, or null').nullable().optional(),
})

type MethodRow = Awaited<ReturnType<typeof listMeasurementMethods>>[number]
type NoteRow = NonNullable<Awaited<ReturnType<typeof findReviewNote>>>

function methodView(method: MeasurementMethodView['method'], row: MethodRow | undefined): MeasurementMethodView {
  return {
    method,
    recorded: row !== undefined,
    used: row ? row.used === 1 : false,
    justification: row?.justification ?? '',
    sample_plan: row?.sample_plan ?? '',
    updated_by: row?.updated_by ?? null,
    updated_by_name: row?.updated_by_name ?? null,
    updated_at: row?.updated_at ?? null,
  }
}

function noteView(row: NoteRow): ReviewNoteView {
  return { section: row.section as ReviewSection, text: row.text, updated_by: row.updated_by, updated_by_name: row.updated_by_name ?? null, updated_at: row.updated_at }
}

const changedMeanwhile = () => conflict('Someone else changed this commentary while you were editing it. Copy your text, reload and try again.')

/**
 * The review report's own records (docs/review-report.md): the measurement plan — which methods are
 * used, why each fits and the sample aimed for — and the manager's commentary on each section of a
 * report, a report being its period and locations (`reportKey` in shared/review.ts).
 */
export const reviewReportRoutes = new Hono<Env>()
  .use(requireSession)
  .get('/methods', describe('The measurement plan: every method, whether it is used, why it fits and the sample planned', { tag: 'review' }), requirePermission('results:read'), async (c) => {
    const rows = await listMeasurementMethods(c.var.deps.database.db, c.var.session.orgId)
    const byMethod = new Map(rows.map((r) => [r.method, r]))
    return c.json({ methods: MEASUREMENT_METHODS.map((m) => methodView(m, byMethod.get(m))) })
  })
  .put(
    '/methods/:method',
    describe('Record whether a measurement method is used, why it fits and its sample plan', { tag: 'review' }),
    requirePermission('actions:write'),
    validate('param', ZMethodParam),
    validate('json', ZMethodInput),
    async (c) => {
      const { method } = c.req.valid('param')
      const input = c.req.valid('json')
      const { database, now } = c.var.deps
      const { orgId, userId } = c.var.session
      await database.atomic([
        upsertMeasurementMethod(database.db, { org_id: orgId, method, used: input.used ? 1 : 0, justification: input.justification, sample_plan: input.sample_plan, updated_by: userId, updated_at: now().toISOString() }),
      ])
      const rows = await listMeasurementMethods(database.db, orgId)
      return c.json({ method: methodView(method, rows.find((r) => r.method === method)) })
    },
  )
  .get('/notes', describe('The manager’s commentary on each section of one review report (its period and locations)', { tag: 'review' }), requirePermission('results:read'), validate('query', ZNotesQuery), async (c) => {
    const { key } = c.req.valid('query')
    const rows = await listReviewNotes(c.var.deps.database.db, c.var.session.orgId, key)
    const order = (s: string) => REVIEW_SECTIONS.indexOf(s as ReviewSection)
    return c.json({ key, notes: rows.map(noteView).sort((a, b) => order(a.section) - order(b.section)) })
  })
  .put(
    '/notes',
    describe('Save the commentary on one section of a review report; empty text removes it', { tag: 'review' }),
    requirePermission('actions:write'),
    validate('json', ZNoteInput),
    async (c) => {
      const { key, section, text, base } = c.req.valid('json')
      const { database, now } = c.var.deps
      const { orgId, userId } = c.var.session
      const db = database.db
      if (text === '') {
        const [removed] = await database.atomic([deleteReviewNote(db, orgId, key, section, base)])
        // Nothing removed: fine when there is no note (already gone), a conflict when it is another version.
        if (!removed && base !== undefined && (await findReviewNote(db, orgId, key, section))) throw changedMeanwhile()
        return c.json({ note: null })
      }
      const [saved] = await database.atomic([saveReviewNote(db, { org_id: orgId, report_key: key, section, text, updated_by: userId, updated_at: now().toISOString() }, base)])
      if (!saved) throw changedMeanwhile()
      const row = await findReviewNote(db, orgId, key, section)
      return c.json({ note: row ? noteView(row) : null })
    },
  )
