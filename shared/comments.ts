import { z } from 'zod'
import { ZId } from './schemas.ts'
import { THEMES, type Theme } from './sentiment/index.ts'

/** Request contracts of the comments API (server/routes/comments.ts), shared with the web app. */

export const COMMENT_LABELS = ['positive', 'neutral', 'negative', 'mixed'] as const
export type CommentLabel = (typeof COMMENT_LABELS)[number]

const ZTheme = z.enum(THEMES as unknown as [Theme, ...Theme[]], `must be one of ${THEMES.join(', ')}`)
const ZScore = z.coerce.number('must be a number').refine(Number.isFinite, 'must be a number')
const ZDate = z.iso.date('must be a date (YYYY-MM-DD)')

const filterFields = {
    /** A label, or 'unknown' for comments the tagger could not read (not English). */
    label: z.enum([...COMMENT_LABELS, 'unknown'], `must be one of ${[...COMMENT_LABELS, 'unknown'].join(', ')}`).optional(),
    theme: ZTheme.optional(),
    locationId: ZId.optional(),
    surveyId: ZId.optional(),
    templateId: ZId.optional(),
    source: z.enum(['survey', 'audit'], "must be 'survey' or 'audit'").optional(),
    from: ZDate.optional(),
    to: ZDate.optional(),
    minScore: ZScore.optional(),
    maxScore: ZScore.optional(),
    /** Words to find in the text (case-insensitive for ASCII letters). */
  q: z.string().trim().max(200, 'must be at most 200 characters').optional(),
}

function ranges<T extends z.ZodType<{ from?: string; to?: string; minScore?: number; maxScore?: number }>>(schema: T) {
  return schema
    .refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'must not be after `to`', path: ['from'] })
    .refine((f) => f.minScore === undefined || f.maxScore === undefined || f.minScore <= f.maxScore, { message: 'must not be above `maxScore`', path: ['minScore'] })
}

/** Filters of the comment list and the theme summary. */
export const ZCommentFilter = ranges(z.object(filterFields))
export type TCommentFilter = z.infer<typeof ZCommentFilter>

export const ZCommentListQuery = ranges(
  z.object({
    ...filterFields,
    /** The `nextCursor` of the previous page. */
    cursor: z.string().max(200, 'is not a cursor of this list').optional(),
    limit: z.coerce.number('must be a number').int('must be a whole number').min(1, 'must be from 1 to 200').max(200, 'must be from 1 to 200').default(50),
  }),
)

/** A manager's correction: the label and every theme the comment is about. */
export const ZCommentCorrection = z.object({
  label: z.enum(COMMENT_LABELS, `must be one of ${COMMENT_LABELS.join(', ')}`),
  themes: z.array(ZTheme).max(THEMES.length).transform((t) => THEMES.filter((x) => t.includes(x))),
})
export type TCommentCorrection = z.infer<typeof ZCommentCorrection>
