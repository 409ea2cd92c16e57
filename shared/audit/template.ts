import { z } from 'zod'

/**
 * The audit template definition: sections of items a mystery shopper fills in during or after a
 * visit, discriminated on `type`. Versioned like surveys: a published version is frozen and every
 * assignment keeps the version it was given. Item ids are stable across versions, so compliance
 * per item and per standard merges across edits.
 *
 * Scoring (scoring.ts) is zod-free so the shopper's phone form can run it without shipping zod.
 */

export const AUDIT_ITEM_TYPES = ['yes_no', 'scale', 'timing', 'number', 'choice', 'text', 'photo'] as const
export type AuditItemType = (typeof AUDIT_ITEM_TYPES)[number]

export const AUDIT_ITEM_LABELS: Record<AuditItemType, string> = {
  yes_no: 'Yes / no',
  scale: 'Scale',
  timing: 'Timing (stopwatch)',
  number: 'Number',
  choice: 'Single choice',
  text: 'Narrative text',
  photo: 'Photo evidence',
}

/** How an item answered "not applicable" counts: excluded (the default), as a pass, or as a fail. */
export const NA_RULES = ['exclude', 'pass', 'fail'] as const
export type NaRule = (typeof NA_RULES)[number]

const ZItemId = z
  .string()
  .min(1, 'is required')
  .max(40, 'must be at most 40 characters')
  .regex(/^[a-z][a-z0-9_]*$/, 'must start with a letter and use lower-case letters, digits and _')

const text = (max: number) => z.string().trim().max(max, `must be at most ${max} characters`)

const base = {
  id: ZItemId,
  label: z.string().trim().min(1, 'is required').max(300, 'must be at most 300 characters'),
  /** What the shopper should look for and how to judge it. */
  guidance: text(1000).default(''),
  /** Multiplies the item's points; 0 makes it count for nothing. */
  weight: z.number().min(0, 'must be 0 or more').max(100, 'must be at most 100').default(1),
  /** Failing a critical item makes the outcome critical_fail, whatever the percentage. */
  critical: z.boolean().default(false),
  required: z.boolean().default(true),
  /** The shopper may answer "not applicable" (e.g. no fitting rooms at this branch). */
  naAllowed: z.boolean().default(false),
  standardIds: z.array(z.string()).max(20, 'at most 20 standards').default([]),
}

export const ZAuditChoice = z.object({
  id: ZItemId,
  label: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
  /** Points earned by picking this choice; the item's maximum is the largest. */
  points: z.number().min(0, 'must be 0 or more').max(100, 'must be at most 100').default(0),
})

export const ZAuditItem = z.discriminatedUnion('type', [
  /** Yes earns 1 point of 1 and passes. */
  z.object({ ...base, type: z.literal('yes_no') }),
  /** 0..max points; passes at `passAt` or above (default: the maximum). */
  z.object({
    ...base,
    type: z.literal('scale'),
    max: z.number().int('must be a whole number').min(1, 'must be from 1 to 10').max(10, 'must be from 1 to 10').default(5),
    passAt: z.number().int('must be a whole number').min(0).max(10).optional(),
    lowLabel: text(80).default(''),
    highLabel: text(80).default(''),
  }),
  /** Measured seconds; passes (1 point of 1) at or under the threshold. */
  z.object({
    ...base,
    type: z.literal('timing'),
    thresholdSeconds: z.number().int('must be a whole number of seconds').min(1, 'must be at least 1 second').max(86_400, 'must be at most 24 hours'),
  }),
  /** A number; scored only when it has a target (passes 1 of 1 when the target is met). */
  z.object({
    ...base,
    type: z.literal('number'),
    unit: text(20).default(''),
    min: z.number().optional(),
    max: z.number().optional(),
    target: z.object({ op: z.enum(['at_most', 'at_least']), value: z.number() }).optional(),
  }),
  /** One choice; earns its points out of the largest choice's points; unscored when all are 0. */
  z.object({
    ...base,
    type: z.literal('choice'),
    choices: z.array(ZAuditChoice).min(2, 'needs at least two choices').max(30, 'at most 30 choices'),
  }),
  /** Narrative: never scored. */
  z.object({ ...base, type: z.literal('text'), maxLength: z.number().int().min(1).max(10_000).default(4000) }),
  /** Photo evidence (e.g. the receipt): never scored; required means at least one photo. */
  z.object({ ...base, type: z.literal('photo'), maxPhotos: z.number().int().min(1, 'must be from 1 to 5').max(5, 'must be from 1 to 5').default(1) }),
])
export type TAuditItem = z.infer<typeof ZAuditItem>

export const ZAuditSection = z.object({
  id: ZItemId,
  title: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
  guidance: text(1000).default(''),
  items: z.array(ZAuditItem).min(1, 'a section needs at least one item').max(100, 'at most 100 items per section'),
})
export type TAuditSection = z.infer<typeof ZAuditSection>

export const ZAuditSettings = z
  .object({
    naRule: z.enum(NA_RULES).default('exclude'),
    /** Pass at or above this percentage. */
    passTarget: z.number().min(0, 'must be from 0 to 100').max(100, 'must be from 0 to 100').default(85),
    /** Amber from passTarget − amberTolerance up to passTarget. */
    amberTolerance: z.number().min(0, 'must be from 0 to 100').max(100, 'must be from 0 to 100').default(10),
    /** Fewer applicable scored items than this share of the scored items flags the audit "insufficient". */
    minApplicableShare: z.number().min(0, 'must be from 0 to 1').max(1, 'must be from 0 to 1').default(0.5),
    /** Staff names typed into narratives are hidden from everyone except reviewers. */
    staffNamePrivacy: z.boolean().default(true),
  })
  .default({ naRule: 'exclude', passTarget: 85, amberTolerance: 10, minApplicableShare: 0.5, staffNamePrivacy: true })
export type TAuditSettings = z.infer<typeof ZAuditSettings>

export const ZAuditTemplateDefinition = z
  .object({
    title: z.string().trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
    /** Briefing shown to the shopper before the visit. */
    briefing: text(4000).default(''),
    settings: ZAuditSettings,
    sections: z.array(ZAuditSection).min(1, 'a template needs at least one section').max(30, 'at most 30 sections'),
  })
  .superRefine((def, ctx) => {
    const sectionIds = new Set<string>()
    const itemIds = new Set<string>()
    def.sections.forEach((section, s) => {
      if (sectionIds.has(section.id)) ctx.addIssue({ code: 'custom', path: ['sections', s, 'id'], message: `duplicates section id "${section.id}"` })
      sectionIds.add(section.id)
      section.items.forEach((item, i) => {
        const path = ['sections', s, 'items', i]
        if (itemIds.has(item.id)) ctx.addIssue({ code: 'custom', path: [...path, 'id'], message: `duplicates item id "${item.id}"` })
        itemIds.add(item.id)
        if (item.type === 'scale' && item.passAt !== undefined && item.passAt > item.max)
          ctx.addIssue({ code: 'custom', path: [...path, 'passAt'], message: `must be at most the scale's maximum (${item.max})` })
        if (item.type === 'number' && item.min !== undefined && item.max !== undefined && item.min > item.max)
          ctx.addIssue({ code: 'custom', path: [...path, 'min'], message: 'must not be more than the maximum' })
        if (item.type === 'choice') {
          const seen = new Set<string>()
          item.choices.forEach((choice, c) => {
            if (seen.has(choice.id)) ctx.addIssue({ code: 'custom', path: [...path, 'choices', c, 'id'], message: `duplicates choice id "${choice.id}"` })
            seen.add(choice.id)
          })
        }
        if ((item.type === 'text' || item.type === 'photo') && item.critical)
          ctx.addIssue({ code: 'custom', path: [...path, 'critical'], message: 'only a scored item can be critical' })
        if (item.type === 'number' && !item.target && item.critical)
          ctx.addIssue({ code: 'custom', path: [...path, 'critical'], message: 'only a number with a target can be critical' })
      })
    })
    if (def.settings.amberTolerance > def.settings.passTarget)
      ctx.addIssue({ code: 'custom', path: ['settings', 'amberTolerance'], message: 'must not be more than the pass target' })
  })
export type TAuditTemplateDefinition = z.infer<typeof ZAuditTemplateDefinition>

/** One answer to one item, as the shopper's form and the server store it. */
export const ZAuditAnswer = z.object({
  /** "Not applicable"; only where the item allows it. */
  na: z.boolean().optional(),
  /** yes_no: boolean; scale, timing (seconds), number: number; choice: the choice id; text: the narrative. */
  value: z.union([z.boolean(), z.number(), z.string().max(10_000)]).nullable().optional(),
  /** photo: ids of uploaded photos. */
  photoIds: z.array(z.string().max(40)).max(5).optional(),
  /** A private note the shopper keeps for the reviewer (never scored). */
  note: z.string().max(2000).optional(),
})
export type TAuditAnswer = z.infer<typeof ZAuditAnswer>
export const ZAuditAnswers = z.record(z.string().max(40), ZAuditAnswer)
export type TAuditAnswers = Record<string, TAuditAnswer>

/** Every item of a template, in order, with its section (zod-free, in items.ts, for the phone). */
export { templateItems } from './items.ts'
