import type { TargetInForce } from '../../shared/metrics/index.ts'

export interface TargetRecord extends TargetInForce {
  effective_from: string
  created_at: string
}

/** The epoch from which a standard's first target applies: results before it was written are judged by it too. */
export const FIRST_TARGET_FROM = '1970-01-01'

/**
 * The target that judged a given day: the latest record effective on or before it (later edits on
 * the same day win). Past periods keep the target in force then.
 * @example targetInForce([{effective_from:'1970-01-01',target:80,...},{effective_from:'2026-06-01',target:85,...}], '2026-03-31') // target 80
 */
export function targetInForce(history: readonly TargetRecord[], day: string): TargetRecord | undefined {
  let best: TargetRecord | undefined
  for (const t of history) {
    if (t.effective_from > day) continue
    if (!best || t.effective_from > best.effective_from || (t.effective_from === best.effective_from && t.created_at >= best.created_at)) best = t
  }
  return best
}
