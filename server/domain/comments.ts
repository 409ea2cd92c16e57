import type { Insertable } from 'kysely'
import { tag, THEMES, TAGGER_VERSION, type Theme } from '../../shared/sentiment/index.ts'
import type { CommentTable } from '../db/schema.ts'
import { templateItems, type TAuditAnswers, type TAuditTemplateDefinition } from '../../shared/audit/template.ts'
import { newId } from '../../shared/ids.ts'
import type { CommentLabel } from '../../shared/comments.ts'

/**
 * Comments: every free-text survey answer and every narrative of an approved audit, tagged with
 * sentiment and themes when stored (DOMAIN.md, "Sentiment and themes"). The tagger's result is kept
 * beside a manager's correction; `final_*` is what analytics read.
 */

export { COMMENT_LABELS, type CommentLabel } from '../../shared/comments.ts'

/**
 * Themes as a bit mask over THEMES (bit i = THEMES[i]), so a theme filter is one integer test.
 * @example themeMask(['wait_time', 'cleanliness']) // 0b1001 = 9
 */
export function themeMask(themes: readonly string[]): number {
  let mask = 0
  for (const t of themes) {
    const i = THEMES.indexOf(t as Theme)
    if (i >= 0) mask |= 1 << i
  }
  return mask
}

/** The themes of a mask, in vocabulary order (the order LABELLING.md asks for). */
export function themeNames(mask: number): Theme[] {
  return THEMES.filter((_t, i) => (mask & (1 << i)) !== 0)
}

/** Where a comment was said: everything of its row but the tagger's result. */
export interface CommentSource {
  orgId: string
  source: 'survey' | 'audit'
  /** Response id (survey) or assignment id (audit). */
  sourceId: string
  /** Question id (survey) or item id (audit). */
  fieldId: string
  /** Survey id or audit template id. */
  formId: string
  locationId: string | null
  collectorId: string | null
  at: string
  language: string
  text: string
}

export type NewComment = Omit<Insertable<CommentTable>, 'corrected_label' | 'corrected_themes' | 'corrected_by' | 'corrected_at'> & {
  label: CommentLabel | null
  score: number
  themes: number
  final_themes: number
}

/** The tagger's columns for a text: label, score, theme mask and version. */
export function taggedColumns(text: string) {
  const t = tag(text)
  return { label: (t.label ?? null) as CommentLabel | null, score: t.score, themes: themeMask(t.themes), tagger_version: TAGGER_VERSION }
}

/** A comment row for a text, tagged now: the final label and themes are the tagger's until corrected. */
export function newComment(s: CommentSource, id: string): NewComment {
  const tagged = taggedColumns(s.text)
  return {
    id,
    org_id: s.orgId,
    source: s.source,
    source_id: s.sourceId,
    field_id: s.fieldId,
    form_id: s.formId,
    location_id: s.locationId,
    collector_id: s.collectorId,
    at: s.at,
    language: s.language,
    text: s.text,
    ...tagged,
    final_label: tagged.label,
    final_themes: tagged.themes,
  }
}

/** Non-empty text answers worth a comment: blank answers say nothing to tag. */
export function isCommentText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== ''
}

/** When an audit's narratives were said: the recorded visit start, else the first day of its window. */
export function auditCommentAt(a: { visit_started_at: string | null; visit_from: string }): string {
  return a.visit_started_at ?? `${a.visit_from}T00:00:00.000Z`
}

/**
 * The comment rows of an approved audit: one per non-empty narrative (item of type 'text'). The
 * raw text is stored; staff names are hidden when comments are read, by role and the template
 * version's staffNamePrivacy setting.
 */
export function auditComments(
  def: TAuditTemplateDefinition,
  answers: TAuditAnswers,
  a: { orgId: string; assignmentId: string; templateId: string; locationId: string; visit_started_at: string | null; visit_from: string },
): NewComment[] {
  const at = auditCommentAt(a)
  return templateItems(def).flatMap(({ item }) => {
    const value = answers[item.id]?.value
    if (item.type !== 'text' || !isCommentText(value)) return []
    return [newComment({ orgId: a.orgId, source: 'audit', sourceId: a.assignmentId, fieldId: item.id, formId: a.templateId, locationId: a.locationId, collectorId: null, at, language: '', text: value }, newId())]
  })
}

/** A keyset cursor over (at, id), newest first: opaque to clients. */
export function encodeCursor(at: string, id: string): string {
  return btoa(`${at}|${id}`).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

export function decodeCursor(cursor: string): { at: string; id: string } | null {
  try {
    const raw = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'))
    const [at, id, ...rest] = raw.split('|')
    if (rest.length || !at || !id || Number.isNaN(Date.parse(at)) || !/^[0-9A-Z]{26}$/.test(id)) return null
    return { at, id }
  } catch {
    return null
  }
}

/** One corrected comment as a line of dev.jsonl (LABELLING.md): themes in vocabulary order. */
export function correctionLine(c: { text: string; label: CommentLabel; themes: number }): string {
  return JSON.stringify({ text: c.text, label: c.label, themes: themeNames(c.themes) })
}
