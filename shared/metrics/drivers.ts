/**
 * How much a theme pulls a score (NPS or CSAT) up or down (docs/analytics.md, "Pull of a theme").
 * With S(all) the score of every response with a comment, S(t) that of responses whose comment has
 * theme t, and share(t) = n(t) / n(all) × 100:
 *
 *     pull(t) = (S(t) − S(all)) × share(t) / 100
 *
 * in the score's points; the most negative pulls the score down most.
 * @example themePull({ value: -100, n: 2 }, { value: -25, n: 4 }) // { share: 50, pull: -37.5 }
 */
export function themePull(theme: { value: number | null; n: number }, all: { value: number | null; n: number }): { share: number | null; pull: number | null } {
  const share = all.n > 0 ? (theme.n / all.n) * 100 : null
  const pull = theme.value !== null && all.value !== null && share !== null ? ((theme.value - all.value) * share) / 100 : null
  return { share, pull }
}
