import { THEMES, type Theme } from '../../../../shared/sentiment/themes.ts'

/** The words people read for sentiment labels and themes, and the list's filters. */

export type SentimentLabel = 'positive' | 'neutral' | 'negative' | 'mixed'

export const LABELS: readonly SentimentLabel[] = ['positive', 'neutral', 'negative', 'mixed']

export const LABEL_TEXT: Record<SentimentLabel, string> = {
  positive: 'Positive',
  neutral: 'Neutral',
  negative: 'Negative',
  mixed: 'Mixed',
}

/** A shape beside the word, so the label never rests on colour alone. */
export const LABEL_SYMBOL: Record<SentimentLabel | 'unknown', string> = {
  positive: '▲',
  neutral: '●',
  negative: '▼',
  mixed: '◆',
  unknown: '○',
}

export const LABEL_HINT: Record<SentimentLabel, string> = {
  positive: 'Approves: praise, thanks, nothing wrong, a mystery-shop check passed, a problem fully put right.',
  neutral: 'No judgement either way: a description, a question or suggestion, “ok”, a measurement without a standard.',
  negative: 'Disapproves: complaints, sarcasm, facts that show a failure, a mystery-shop check failed.',
  mixed: 'At least one clear positive and one clear negative judgement, with no verdict that settles it.',
}

/** The twelve themes, in the order the labelled data writes them. */
export const THEME_IDS: readonly Theme[] = THEMES

export const THEME_TEXT: Record<Theme, { name: string; about: string }> = {
  wait_time: { name: 'Wait time', about: 'Queues, hold time, speed of service, how long a reply, refund or fix took.' },
  staff_attitude: { name: 'Staff attitude', about: 'Friendliness, politeness, helpfulness, greetings; whether anyone was there to help.' },
  product_knowledge: { name: 'Product knowledge', about: 'Whether staff knew products, policies and offers and could advise.' },
  cleanliness: { name: 'Cleanliness', about: 'How clean or tidy the premises, toilets, tables or vehicles were.' },
  price_value: { name: 'Price and value', about: 'Prices, fees, charges, discounts and value for money.' },
  order_accuracy: { name: 'Order accuracy', about: 'Getting what was asked for: wrong or missing items, wrong charges, lost bookings.' },
  communication: { name: 'Communication', about: 'Explanations, keeping customers informed, promised callbacks and replies.' },
  resolution: { name: 'Resolution', about: 'Whether a problem, complaint or request actually got sorted.' },
  availability: { name: 'Availability', about: 'Stock and range, appointments, opening hours and days.' },
  facilities: { name: 'Facilities', about: 'The place and its equipment: seats, parking, toilet supplies, lifts, wifi, machines.' },
  digital: { name: 'Digital', about: 'Apps, websites, online forms and booking, chatbots, online banking.' },
  product_quality: { name: 'Product quality', about: 'The food, drink or goods themselves: taste, temperature, portions, faults.' },
}

/** A theme's plain-language name: wait_time → “Wait time”. */
export function themeName(theme: string): string {
  return THEME_TEXT[theme as Theme]?.name ?? theme.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase())
}

/** The list's filters, as the API takes them. */
export interface CommentFilters {
  label?: SentimentLabel | 'unknown'
  theme?: Theme
  locationId?: string
  surveyId?: string
  templateId?: string
  source?: 'survey' | 'audit'
  from?: string
  to?: string
  minScore?: string
  maxScore?: string
  q?: string
}

/** A signed score as people read it: +0.62, −0.80, 0.00. */
export function formatScore(score: number): string {
  const text = Math.abs(score).toFixed(2)
  if (text === '0.00') return '0.00'
  return `${score > 0 ? '+' : '−'}${text}`
}
