import { Hono } from 'hono'
import type { Env, SessionInfo } from '../env.ts'
import { AppError, conflict, notFound } from '../errors.ts'
import { describe, validate } from '../middleware/validate.ts'
import { requirePermission, requireSession } from '../middleware/auth.ts'
import { ZIdParam } from '../../shared/schemas.ts'
import { can } from '../../shared/roles.ts'
import { ZCommentCorrection, ZCommentFilter, ZCommentListQuery, type TCommentFilter } from '../../shared/comments.ts'
import { tag, THEMES, type Theme } from '../../shared/sentiment/index.ts'
import { redactStaffNames } from '../../shared/audit/privacy.ts'
import { correctionLine, decodeCursor, encodeCursor, themeMask, themeNames, type CommentLabel } from '../domain/comments.ts'
import { retagProgress, runRetagBatch } from '../domain/retag.ts'
import type { Db } from '../db/database.ts'
import { commentMoveStatements, commentUnchanged, findCommentFacts } from '../db/repositories/rollups.ts'
import {
  clearCorrection,
  correctComment,
  countComments,
  findComment,
  findDefinitions,
  listComments,
  listCorrections,
  listPrivateMatches,
  sumThemeRollups,
  sumThemesByMonth,
  themeRollupsAnswer,
  type CommentFilter,
  type PresentedCommentRow,
} from '../db/repositories/comments.ts'

// ---- reading: labels from the frozen definitions, staff names hidden by role

interface FormInfo {
  /** Question or item labels by id. */
  labels: Map<string, string>
  /** Audit templates: whether staff names are hidden from roles without audits:review. */
  staffNamePrivacy: boolean
}

function surveyInfo(json: string): FormInfo {
  const labels = new Map<string, string>()
  try {
    const def = JSON.parse(json) as { pages?: { questions?: { id: string; text?: string }[] }[] }
    for (const p of def.pages ?? []) for (const q of p.questions ?? []) labels.set(q.id, q.text ?? q.id)
  } catch {
    // A definition that does not parse leaves the ids as labels.
  }
  return { labels, staffNamePrivacy: false }
}

function auditInfo(json: string): FormInfo {
  const labels = new Map<string, string>()
  let staffNamePrivacy = true
  try {
    const def = JSON.parse(json) as { sections?: { items?: { id: string; label?: string }[] }[]; settings?: { staffNamePrivacy?: boolean } }
    for (const s of def.sections ?? []) for (const i of s.items ?? []) labels.set(i.id, i.label ?? i.id)
    // On unless the template turned it off: the safe side for a setting that hides names.
    staffNamePrivacy = def.settings?.staffNamePrivacy !== false
  } catch {
    // Unreadable: keep names hidden.
  }
  return { labels, staffNamePrivacy }
}

async function formInfos(db: Db, orgId: string, rows: readonly PresentedCommentRow[]) {
  const ids = { survey: new Set<string>(), audit: new Set<string>() }
  for (const r of rows) if (r.version_id) ids[r.source].add(r.version_id)
  const defs = await findDefinitions(db, orgId, { survey: [...ids.survey], audit: [...ids.audit] })
  const out = new Map<string, FormInfo>()
  for (const d of defs.surveys) out.set(d.id, surveyInfo(d.definition))
  for (const d of defs.audits) out.set(d.id, auditInfo(d.definition))
  return out
}

/** Whether names in this audit comment are hidden from the reader. */
function hidesNames(session: SessionInfo, row: Pick<PresentedCommentRow, 'source'>, info: FormInfo | undefined): boolean {
  return row.source === 'audit' && (info?.staffNamePrivacy ?? true) && !can(session.role, 'audits:review')
}

function present(row: PresentedCommentRow, info: FormInfo | undefined, session: SessionInfo) {
  const redacted = hidesNames(session, row, info)
  const corrected = row.corrected_label !== null
  return {
    id: row.id,
    source: row.source,
    sourceId: row.source_id,
    fieldId: row.field_id,
    formId: row.form_id,
    formTitle: row.form_title ?? '',
    fieldLabel: info?.labels.get(row.field_id) ?? row.field_id,
    locationId: row.location_id,
    locationName: row.location_name ?? null,
    at: row.at,
    language: row.language,
    text: redacted ? redactStaffNames(row.text) : row.text,
    /** What analytics use: the correction when there is one. */
    label: row.final_label,
    score: row.score,
    themes: themeNames(row.final_themes),
    tagger: { label: row.label, themes: themeNames(row.themes), version: row.tagger_version },
    corrected: corrected ? { by: row.corrected_by_name ?? null, at: row.corrected_at! } : null,
    // The words that drove the tagger's label. Offsets into the raw text: none once names are
    // hidden (the text changed) or a manager's label replaced the tagger's.
    evidence: redacted || corrected ? [] : tag(row.text).evidence.map((e) => ({ start: e.start, end: e.end, polarity: e.polarity })),
    link: row.source === 'audit' ? `/audits/${row.source_id}` : `/surveys/${row.form_id}`,
  }
}
export type TComment = ReturnType<typeof present>

/**
 * The repository filter for a request. A text search must not find a name the reader cannot see:
 * audit comments that match only through a hidden name are left out (of the rows, the total and the
 * summary alike).
 */
async function filterOf(db: Db, session: SessionInfo, f: TCommentFilter): Promise<CommentFilter> {
  const out: CommentFilter = {
    orgId: session.orgId,
    label: f.label,
    themeBit: f.theme ? THEMES.indexOf(f.theme as Theme) : undefined,
    locationId: f.locationId,
    surveyId: f.surveyId,
    templateId: f.templateId,
    source: f.source,
    from: f.from,
    to: f.to,
    minScore: f.minScore,
    maxScore: f.maxScore,
    q: f.q || undefined,
  }
  if (out.q && !can(session.role, 'audits:review')) {
    const needle = out.q.toLowerCase()
    const matches = await listPrivateMatches(db, session.orgId, out.q)
    out.excludeIds = matches.filter((m) => !redactStaffNames(m.text).toLowerCase().includes(needle)).map((m) => m.id)
  }
  return out
}

function filterPart<T extends TCommentFilter>(q: T): TCommentFilter {
  const { label, theme, locationId, surveyId, templateId, source, from, to, minScore, maxScore, q: text } = q
  return { label, theme, locationId, surveyId, templateId, source, from, to, minScore, maxScore, q: text }
}

function monthsBetween(from: string, to: string): string[] {
  const out: string[] = []
  let [y, m] = from.split('-').map(Number) as [number, number]
  const [ty, tm] = to.split('-').map(Number) as [number, number]
  // Bounded: a period of decades still lists a few hundred months at most.
  while ((y < ty || (y === ty && m <= tm)) && out.length < 1200) {
    out.push(`${y}-${String(m).padStart(2, '0')}`)
    if (++m > 12) {
      m = 1
      y++
    }
  }
  return out
}

/** Comments: every free-text survey answer and approved audit narrative, tagged, with managers' corrections. */
export const commentRoutes = new Hono<Env>()
  .use(requireSession)
  .get('/', describe('List comments, newest first, filtered by label, theme, location, survey or template, period, score and text', { tag: 'comments' }), requirePermission('results:read'), validate('query', ZCommentListQuery), async (c) => {
    const query = c.req.valid('query')
    const db = c.var.deps.database.db
    const session = c.var.session
    const after = query.cursor ? decodeCursor(query.cursor) : undefined
    if (after === null) throw new AppError('validation_failed', 'Invalid query: query.cursor is not a cursor of this list', [{ path: 'query.cursor', message: 'is not a cursor of this list' }])
    const filter = await filterOf(db, session, filterPart(query))
    const [rows, total] = await Promise.all([listComments(db, filter, { after, limit: query.limit + 1 }), countComments(db, filter)])
    const page = rows.slice(0, query.limit)
    const infos = await formInfos(db, session.orgId, page)
    const last = page[page.length - 1]
    return c.json({
      comments: page.map((r) => present(r, r.version_id ? infos.get(r.version_id) : undefined, session)),
      total,
      nextCursor: rows.length > query.limit && last ? encodeCursor(last.at, last.id) : null,
    })
  })
  .get('/themes', describe('Theme summary of the filtered comments: count, negative share and the monthly trend of each theme', { tag: 'comments' }), requirePermission('results:read'), validate('query', ZCommentFilter), async (c) => {
    const query = c.req.valid('query')
    const db = c.var.deps.database.db
    const filter = await filterOf(db, c.var.session, query)
    // From the comment rollups; a text search, a score range or a theme (pairs of themes) need the
    // comments themselves, and then every comment matched is counted as read.
    let rows: Awaited<ReturnType<typeof sumThemesByMonth>>
    let rowsRead: number
    if (themeRollupsAnswer(filter)) ({ rows, rowsRead } = await sumThemeRollups(db, filter, THEMES))
    else {
      rows = await sumThemesByMonth(db, filter, THEMES.length)
      rowsRead = rows.reduce((s, r) => s + Number(r.n), 0)
    }
    const months = rows.length ? monthsBetween(query.from?.slice(0, 7) ?? rows[0]!.month, query.to?.slice(0, 7) ?? rows[rows.length - 1]!.month) : []
    const byMonth = new Map(rows.map((r) => [r.month, r]))
    const themes = THEMES.map((theme, i) => {
      const count = rows.reduce((s, r) => s + Number(r[`t${i}`] ?? 0), 0)
      const negative = rows.reduce((s, r) => s + Number(r[`x${i}`] ?? 0), 0)
      return {
        theme,
        count,
        negative,
        negativeShare: count ? negative / count : null,
        months: months.map((month) => {
          const r = byMonth.get(month)
          return { month, count: Number(r?.[`t${i}`] ?? 0), negative: Number(r?.[`x${i}`] ?? 0) }
        }),
      }
    }).sort((a, b) => b.count - a.count)
    return c.json({ themes, total: rows.reduce((s, r) => s + Number(r.n), 0), rowsRead, readFrom: themeRollupsAnswer(filter) ? ('rollups' as const) : ('comments' as const) })
  })
  .get('/corrections.jsonl', describe('Every corrected comment as JSON lines in the dev.jsonl format ({text, label, themes})', { tag: 'comments' }), requirePermission('comments:correct'), async (c) => {
    const { database, now } = c.var.deps
    const session = c.var.session
    const rows = await listCorrections(database.db, session.orgId)
    // Names stay hidden from an exporter who may not see them, as on screen.
    const reviewer = can(session.role, 'audits:review')
    const body = rows.map((r) => correctionLine({ text: r.source === 'audit' && !reviewer ? redactStaffNames(r.text) : r.text, label: r.corrected_label as CommentLabel, themes: r.corrected_themes ?? 0 }) + '\n').join('')
    c.header('Content-Type', 'application/x-ndjson; charset=utf-8')
    c.header('Content-Disposition', `attachment; filename="comment-corrections-${now().toISOString().slice(0, 10)}.jsonl"`)
    c.header('Cache-Control', 'no-store')
    return c.body(body)
  })
  .get('/retag', describe('Progress of re-tagging comments with the current tagger version', { tag: 'comments' }), requirePermission('results:read'), async (c) => {
    return c.json({ progress: await retagProgress(c.var.deps.database.db) })
  })
  .post('/retag', describe('Re-tag one batch of comments tagged by an older tagger version now, and return the progress', { tag: 'comments' }), requirePermission('comments:correct'), async (c) => {
    const { database, now } = c.var.deps
    return c.json({ progress: await runRetagBatch(database, now()) })
  })
  .get('/:id', describe('One comment', { tag: 'comments' }), requirePermission('results:read'), validate('param', ZIdParam), async (c) => {
    return c.json({ comment: await presentOne(c.var.deps.database.db, c.var.session, c.req.valid('param').id) })
  })
  .patch('/:id', describe('Correct a comment’s label and themes: analytics use the correction from then on, and re-tagging keeps it', { tag: 'comments' }), requirePermission('comments:correct'), validate('param', ZIdParam), validate('json', ZCommentCorrection), async (c) => {
    const { id } = c.req.valid('param')
    const { label, themes } = c.req.valid('json')
    const { database, now } = c.var.deps
    const session = c.var.session
    const [before] = await findCommentFacts(database.db, session.orgId, { ids: [id] })
    if (!before) throw notFound('No such comment')
    // The comment's rollups move from its old label and themes to the new in the same write.
    const mask = themeMask(themes)
    const moves = await commentMoveStatements(database.db, session.orgId, [{ before, after: { final_label: label, final_themes: mask, score: before.score } }], commentUnchanged(before))
    const changed = await database.atomic([...moves, correctComment(database.db, session.orgId, id, { label, themes: mask, by: session.userId, at: now().toISOString() }, before)])
    if (!changed[changed.length - 1]) throw conflict('The comment changed meanwhile; reload')
    return c.json({ comment: await presentOne(database.db, session, id) })
  })
  .delete('/:id/correction', describe('Remove a comment’s correction: back to the tagger’s label and themes', { tag: 'comments' }), requirePermission('comments:correct'), validate('param', ZIdParam), async (c) => {
    const { id } = c.req.valid('param')
    const { database } = c.var.deps
    const session = c.var.session
    const [before] = await findCommentFacts(database.db, session.orgId, { ids: [id] })
    if (!before) throw notFound('No such comment')
    const moves = await commentMoveStatements(database.db, session.orgId, [{ before, after: { final_label: before.label, final_themes: before.themes, score: before.score } }], commentUnchanged(before))
    const changed = await database.atomic([...moves, clearCorrection(database.db, session.orgId, id, before)])
    if (!changed[changed.length - 1]) throw conflict('The comment changed meanwhile; reload')
    return c.json({ comment: await presentOne(database.db, session, id) })
  })

async function presentOne(db: Db, session: SessionInfo, id: string) {
  const row = await findComment(db, session.orgId, id)
  if (!row) throw notFound('No such comment')
  const infos = await formInfos(db, session.orgId, [row])
  return present(row, row.version_id ? infos.get(row.version_id) : undefined, session)
}
