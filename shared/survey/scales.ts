/**
 * The fixed scales of the standard question types: bounds and the labels of their ends.
 * Kept apart from the zod schemas so the respondent page can use them without shipping zod.
 */
export const SCALES = {
  nps: { min: 0, max: 10, low: 'Not at all likely', high: 'Extremely likely' },
  csat: { min: 1, max: 5, low: 'Very dissatisfied', high: 'Very satisfied' },
  ces: { min: 1, max: 7, low: 'Strongly disagree', high: 'Strongly agree' },
} as const
export type ScaleType = keyof typeof SCALES
