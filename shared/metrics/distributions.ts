/**
 * Probability distributions the metric engine needs: the standard normal and Student's t (CDF,
 * two-sided p-values and quantiles). Pure TypeScript, no dependencies, so it runs in the browser,
 * on the server and in the worker alike.
 *
 * Accuracy: ln Γ by the Lanczos approximation (g = 7, 9 terms; relative error below 1e-14); the
 * regularised incomplete beta and gamma functions by their continued fractions (modified Lentz) and
 * series, iterated to a relative error of 1e-15. Against R (`pt`, `qt`, `pnorm`) the results agree
 * to at least 10 significant digits for df ≥ 1 and |t| ≤ 1e6, far finer than any figure is shown.
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
]

/** ln Γ(x) for x > 0. */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x)
  const z = x - 1
  let a = LANCZOS[0]!
  const t = z + 7.5
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i)
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a)
}

const EPS = 1e-15
const TINY = 1e-300
const MAX_ITER = 500

/** Continued fraction for the incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const qab = a + b
  const qap = a + 1
  const qam = a - 1
  let c = 1
  let d = 1 - (qab * x) / qap
  if (Math.abs(d) < TINY) d = TINY
  d = 1 / d
  let h = d
  for (let m = 1; m <= MAX_ITER; m++) {
    const m2 = 2 * m
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2))
    d = 1 + aa * d
    if (Math.abs(d) < TINY) d = TINY
    c = 1 + aa / c
    if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    h *= d * c
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2))
    d = 1 + aa * d
    if (Math.abs(d) < TINY) d = TINY
    c = 1 + aa / c
    if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    const del = d * c
    h *= del
    if (Math.abs(del - 1) < EPS) break
  }
  return h
}

/** The regularised incomplete beta function I_x(a, b), for a, b > 0 and 0 ≤ x ≤ 1. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0
  if (x >= 1) return 1
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x))
  // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b
}

/** The regularised upper incomplete gamma function Q(a, x). */
export function incompleteGammaQ(a: number, x: number): number {
  if (x <= 0) return 1
  const lnFront = -x + a * Math.log(x) - lnGamma(a)
  if (x < a + 1) {
    // Series for P(a, x).
    let ap = a
    let sum = 1 / a
    let del = sum
    for (let n = 0; n < MAX_ITER; n++) {
      ap += 1
      del *= x / ap
      sum += del
      if (Math.abs(del) < Math.abs(sum) * EPS) break
    }
    return 1 - sum * Math.exp(lnFront)
  }
  // Continued fraction for Q(a, x).
  let b = x + 1 - a
  let c = 1 / TINY
  let d = 1 / b
  let h = d
  for (let i = 1; i <= MAX_ITER; i++) {
    const an = -i * (i - a)
    b += 2
    d = an * d + b
    if (Math.abs(d) < TINY) d = TINY
    c = b + an / c
    if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    const del = d * c
    h *= del
    if (Math.abs(del - 1) < EPS) break
  }
  return Math.exp(lnFront) * h
}

/** P(Z ≤ z) for the standard normal. */
export function normalCdf(z: number): number {
  // Φ(z) = erfc(−z/√2)/2 and erfc(x) = Q(1/2, x²) for x ≥ 0.
  const q = incompleteGammaQ(0.5, (z * z) / 2) / 2
  return z >= 0 ? 1 - q : q
}

/** Two-sided p-value of a standard normal statistic: P(|Z| ≥ |z|). */
export function normalTwoSidedP(z: number): number {
  if (!Number.isFinite(z)) return Number.isNaN(z) ? NaN : 0
  return incompleteGammaQ(0.5, (z * z) / 2)
}

/** Two-sided p-value of Student's t with df degrees of freedom (df may be fractional, e.g. Welch). */
export function tTwoSidedP(t: number, df: number): number {
  if (!Number.isFinite(t)) return Number.isNaN(t) ? NaN : 0
  if (!(df > 0)) return NaN
  return incompleteBeta(df / (df + t * t), df / 2, 0.5)
}

/** P(T ≤ t) for Student's t with df degrees of freedom. */
export function tCdf(t: number, df: number): number {
  const tail = tTwoSidedP(t, df) / 2
  return t >= 0 ? 1 - tail : tail
}

const quantileCache = new Map<number, number>()

/**
 * The two-sided critical value of Student's t: the t with P(|T| ≥ t) = alpha (1.96 as df → ∞ at
 * alpha 0.05; 4.303 at df 2; 2.045 at df 29). Solved by bisection on the exact p-value to 1e-12.
 */
export function tCritical(df: number, alpha = 0.05): number {
  if (!(df > 0)) return NaN
  const key = df * 1000 + alpha
  const cached = quantileCache.get(key)
  if (cached !== undefined) return cached
  let lo = 0
  let hi = 2
  while (tTwoSidedP(hi, df) > alpha) hi *= 2
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2
    if (tTwoSidedP(mid, df) > alpha) lo = mid
    else hi = mid
  }
  const out = (lo + hi) / 2
  if (quantileCache.size > 10_000) quantileCache.clear()
  quantileCache.set(key, out)
  return out
}

/** 97.5th percentile of the standard normal (the 1.96 of a 95% interval). */
export const Z95 = 1.959963984540054
