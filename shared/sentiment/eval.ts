/**
 * Evaluation helpers for the comment tagger (used by bench/sentiment.ts and the tests): 3-class
 * metrics, theme micro-F1, and the fixed development split. Pure functions, no I/O.
 */

export type Class3 = 'positive' | 'neutral' | 'negative'
export const CLASSES3: readonly Class3[] = ['positive', 'neutral', 'negative']

export interface ClassScores {
  accuracy: number
  macroF1: number
  /** precision, recall and F1 per class */
  perClass: Record<Class3, { precision: number; recall: number; f1: number; support: number }>
  /** confusion[gold][predicted] */
  confusion: Record<Class3, Record<Class3 | 'none', number>>
  n: number
}

/** 3-class scores; a null prediction (not tagged) counts as wrong for every class. */
export function scoreClasses(pairs: readonly { gold: Class3; predicted: Class3 | null }[]): ClassScores {
  const confusion = Object.fromEntries(CLASSES3.map((g) => [g, { positive: 0, neutral: 0, negative: 0, none: 0 }])) as ClassScores['confusion']
  let correct = 0
  for (const { gold, predicted } of pairs) {
    confusion[gold][predicted ?? 'none']++
    if (gold === predicted) correct++
  }
  const perClass = {} as ClassScores['perClass']
  for (const c of CLASSES3) {
    const tp = confusion[c][c]
    const support = CLASSES3.reduce((s, p) => s + confusion[c][p], 0) + confusion[c].none
    const predictedCount = CLASSES3.reduce((s, g) => s + confusion[g][c], 0)
    const precision = predictedCount === 0 ? 0 : tp / predictedCount
    const recall = support === 0 ? 0 : tp / support
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)
    perClass[c] = { precision, recall, f1, support }
  }
  const present = CLASSES3.filter((c) => perClass[c].support > 0)
  const macroF1 = present.length === 0 ? 0 : present.reduce((s, c) => s + perClass[c].f1, 0) / present.length
  return { accuracy: pairs.length === 0 ? 0 : correct / pairs.length, macroF1, perClass, confusion, n: pairs.length }
}

/** Micro-averaged F1 over sets of themes (true positives, false positives, false negatives pooled). */
export function themeMicroF1(pairs: readonly { gold: readonly string[]; predicted: readonly string[] }[]): { f1: number; precision: number; recall: number } {
  let tp = 0
  let fp = 0
  let fn = 0
  for (const { gold, predicted } of pairs) {
    const g = new Set(gold)
    const p = new Set(predicted)
    for (const t of p) (g.has(t) ? tp++ : fp++)
    for (const t of g) if (!p.has(t)) fn++
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp)
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn)
  const f1 = precision + recall === 0 ? (tp + fp + fn === 0 ? 1 : 0) : (2 * precision * recall) / (precision + recall)
  return { f1, precision, recall }
}

/**
 * The fixed development split of dev.jsonl: every 5th line (1-based line number divisible by 5)
 * is the untouched holdout; the other 80% is for tuning.
 */
export function isHoldout(lineNumber: number): boolean {
  return lineNumber % 5 === 0
}

/** Binary accuracy by the sign of a score; an exact 0 counts as wrong. Also the share with a non-zero score. */
export function binaryBySign(pairs: readonly { gold: 1 | -1; score: number | null }[]): { accuracy: number; coverage: number; n: number } {
  let correct = 0
  let covered = 0
  for (const { gold, score } of pairs) {
    if (score === null || score === 0) continue
    covered++
    if (Math.sign(score) === gold) correct++
  }
  const n = pairs.length
  return { accuracy: n === 0 ? 0 : correct / n, coverage: n === 0 ? 0 : covered / n, n }
}

/** VADER ground truth's 3 classes: rating > 0.5 positive, < -0.5 negative, otherwise neutral. */
export function vaderClass(rating: number): Class3 {
  return rating > 0.5 ? 'positive' : rating < -0.5 ? 'negative' : 'neutral'
}
