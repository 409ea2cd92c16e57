/**
 * Train the comment tagger's learned layer and write shared/sentiment/weights.ts.
 *
 *   npx tsx bench/train-sentiment.ts            train, choose settings by cross-validation, write the weights
 *   npx tsx bench/train-sentiment.ts --dry-run  the same without writing
 *
 * Training data: the tuning 80% of ../shared/data/sentiment/dev.jsonl (lines not divisible by 5)
 * and every bench/data/train/sentiment-train-*.jsonl. Never the dev holdout (every 5th line) or
 * bench/data/sentiment-extra.jsonl: any training comment whose text matches one of theirs (after
 * lower-casing and dropping punctuation) is left out. Those two sets are only scored, as totals,
 * after the model is chosen.
 *
 * Model: a 4-label multinomial logistic regression and 12 binary theme classifiers over the
 * features of shared/sentiment/model.ts, L2-regularised, fitted by full-batch Adam (deterministic:
 * no sampling; folds come from a fixed seed). The L2 strengths, the label decision offsets and
 * the per-theme thresholds are chosen by 5-fold cross-validation on the training data (scored on
 * the out-of-fold predictions of the new training files when there are any, else of all).
 * Weights are quantised to int8 per output group; features whose weights all round to 0 are dropped.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { analyse, toThreeClass, type Analysis, type Label } from '../shared/sentiment/index.ts'
import { detectLanguage } from '../shared/sentiment/language.ts'
import { LABELS, OUTPUTS, forEachFeature, loadModel, predict, type ModelData } from '../shared/sentiment/model.ts'
import { THEMES } from '../shared/sentiment/themes.ts'
import { isHoldout, scoreClasses, themeMicroF1, type Class3 } from '../shared/sentiment/eval.ts'

const repo = resolve(fileURLToPath(import.meta.url), '../..')
const DEV = resolve(repo, '../shared/data/sentiment/dev.jsonl')
const EXTRA = join(repo, 'bench/data/sentiment-extra.jsonl')
const TRAIN_DIR = join(repo, 'bench/data/train')
const OUT = join(repo, 'shared/sentiment/weights.ts')
const DRY = process.argv.includes('--dry-run')
const SEED = 20261122
const FOLDS = 5
const ITERS = 250

interface Row {
  text: string
  label: Label
  themes: string[]
  source: string
}

function readJsonl(path: string, source: string): (Row & { line: number })[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((l, i) => ({ l, line: i + 1 }))
    .filter(({ l }) => l.trim() !== '')
    .map(({ l, line }) => ({ ...(JSON.parse(l) as Omit<Row, 'source'>), source, line }))
}

const key = (t: string) => t.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()

function mulberry32(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// ---------------------------------------------------------------------------------------------
// data

const dev = readJsonl(DEV, 'dev')
const holdout = dev.filter((r) => isHoldout(r.line))
const extra = existsSync(EXTRA) ? readJsonl(EXTRA, 'extra') : []
const banned = new Set([...holdout, ...extra].map((r) => key(r.text)))
const trainFiles = existsSync(TRAIN_DIR) ? readdirSync(TRAIN_DIR).filter((f) => /^sentiment-train-\d+\.jsonl$/.test(f)).sort() : []
const raw: Row[] = [...dev.filter((r) => !isHoldout(r.line)), ...trainFiles.flatMap((f) => readJsonl(join(TRAIN_DIR, f), f))]
const seen = new Set<string>()
let leaked = 0
let dupes = 0
let other = 0
let bad = 0
const rows: Row[] = []
for (const r of raw) {
  const k = key(r.text)
  if (banned.has(k)) {
    leaked++
    continue
  }
  if (seen.has(k)) {
    dupes++
    continue
  }
  if (!LABELS.includes(r.label) || !Array.isArray(r.themes) || r.themes.some((t) => !(THEMES as readonly string[]).includes(t))) {
    bad++
    continue
  }
  if (detectLanguage(r.text) !== 'en') {
    other++
    continue
  }
  seen.add(k)
  rows.push(r)
}
console.log(`training comments: ${rows.length} (dev tune ${rows.filter((r) => r.source === 'dev').length}; ${trainFiles.map((f) => `${f} ${rows.filter((r) => r.source === f).length}`).join(', ') || 'no training files yet'})`)
console.log(`left out: ${leaked} matching the dev holdout or the extra set, ${dupes} duplicates, ${other} not English, ${bad} malformed`)

// ---------------------------------------------------------------------------------------------
// features

interface Example {
  idx: Int32Array
  val: Float64Array
  y: number
  themes: Uint8Array
}

function featureList(a: Analysis): Map<string, number> {
  const f = new Map<string, number>()
  forEachFeature(a, (name, value) => f.set(name, (f.get(name) ?? 0) + value))
  for (const [k, v] of f) if (!k.includes(':') && v > 1) f.set(k, 1) // word presence, not counts
  return f
}

const analysed = rows.map((r) => featureList(analyse(r.text)))
const df = new Map<string, number>()
for (const f of analysed) for (const k of f.keys()) df.set(k, (df.get(k) ?? 0) + 1)

const isWord = (name: string) => !/^[rst]:/.test(name)

function buildVocab(minDf: number): string[] {
  return [...df.entries()].filter(([k, c]) => !isWord(k) || c >= minDf).map(([k]) => k).sort()
}

function encode(fs: Map<string, number>[], vocab: Map<string, number>, src: Row[]): Example[] {
  return fs.map((f, i) => {
    const idx: number[] = []
    const val: number[] = []
    for (const [k, v] of f) {
      const j = vocab.get(k)
      if (j === undefined || v === 0) continue
      idx.push(j)
      val.push(v)
    }
    const themes = new Uint8Array(THEMES.length)
    for (const t of src[i]!.themes) themes[THEMES.indexOf(t as (typeof THEMES)[number])] = 1
    return { idx: Int32Array.from(idx), val: Float64Array.from(val), y: LABELS.indexOf(src[i]!.label), themes }
  })
}

// ---------------------------------------------------------------------------------------------
// logistic regression, full-batch Adam

interface Fitted {
  w: Float64Array
  b: Float64Array
  k: number
}

function fit(ex: Example[], V: number, mode: 'softmax' | 'sigmoid', lambda: number): Fitted {
  const K = mode === 'softmax' ? LABELS.length : THEMES.length
  const w = new Float64Array(V * K)
  const b = new Float64Array(K)
  const gw = new Float64Array(V * K)
  const gb = new Float64Array(K)
  const mw = new Float64Array(V * K)
  const vw = new Float64Array(V * K)
  const mb = new Float64Array(K)
  const vb = new Float64Array(K)
  const z = new Float64Array(K)
  const lr = 0.05
  const b1 = 0.9
  const b2 = 0.999
  const n = ex.length
  for (let it = 1; it <= ITERS; it++) {
    gw.fill(0)
    gb.fill(0)
    for (const e of ex) {
      for (let k = 0; k < K; k++) z[k] = b[k]!
      for (let j = 0; j < e.idx.length; j++) {
        const o = e.idx[j]! * K
        const v = e.val[j]!
        for (let k = 0; k < K; k++) z[k]! += w[o + k]! * v
      }
      if (mode === 'softmax') {
        let max = -Infinity
        for (let k = 0; k < K; k++) max = Math.max(max, z[k]!)
        let s = 0
        for (let k = 0; k < K; k++) s += z[k] = Math.exp(z[k]! - max)
        for (let k = 0; k < K; k++) z[k] = z[k]! / s - (k === e.y ? 1 : 0)
      } else for (let k = 0; k < K; k++) z[k] = 1 / (1 + Math.exp(-z[k]!)) - e.themes[k]!
      for (let k = 0; k < K; k++) gb[k]! += z[k]! / n
      for (let j = 0; j < e.idx.length; j++) {
        const o = e.idx[j]! * K
        const v = e.val[j]! / n
        for (let k = 0; k < K; k++) gw[o + k]! += z[k]! * v
      }
    }
    const c1 = 1 - b1 ** it
    const c2 = 1 - b2 ** it
    for (let i = 0; i < w.length; i++) {
      const g = gw[i]! + lambda * w[i]!
      mw[i] = b1 * mw[i]! + (1 - b1) * g
      vw[i] = b2 * vw[i]! + (1 - b2) * g * g
      w[i]! -= (lr * (mw[i]! / c1)) / (Math.sqrt(vw[i]! / c2) + 1e-8)
    }
    for (let k = 0; k < K; k++) {
      const g = gb[k]!
      mb[k] = b1 * mb[k]! + (1 - b1) * g
      vb[k] = b2 * vb[k]! + (1 - b2) * g * g
      b[k]! -= (lr * (mb[k]! / c1)) / (Math.sqrt(vb[k]! / c2) + 1e-8)
    }
  }
  return { w, b, k: K }
}

function scores(m: Fitted, e: Example): Float64Array {
  const z = Float64Array.from(m.b)
  for (let j = 0; j < e.idx.length; j++) {
    const o = e.idx[j]! * m.k
    for (let k = 0; k < m.k; k++) z[k]! += m.w[o + k]! * e.val[j]!
  }
  return z
}

// ---------------------------------------------------------------------------------------------
// decisions and metrics

const to3 = (k: number) => toThreeClass(LABELS[k]!) as Class3

function decide(z: Float64Array, offsets: readonly number[]): number {
  let best = 0
  for (let k = 1; k < LABELS.length; k++) if (z[k]! + offsets[k]! > z[best]! + offsets[best]!) best = k
  return best
}

function labelMetrics(z: Float64Array[], ex: Example[], offsets: readonly number[]) {
  const s = scoreClasses(ex.map((e, i) => ({ gold: to3(e.y), predicted: to3(decide(z[i]!, offsets)) })))
  return { macroF1: s.macroF1, negRecall: s.perClass.negative.recall }
}

const labelObjective = (m: { macroF1: number; negRecall: number }) => m.macroF1 + 0.1 * m.negRecall

function themeMetrics(z: Float64Array[], ex: Example[], thresholds: readonly number[]) {
  return themeMicroF1(ex.map((e, i) => ({
    gold: THEMES.filter((_, t) => e.themes[t]),
    predicted: THEMES.filter((_, t) => z[i]![t]! > thresholds[t]!),
  })))
}

/** Decision offsets for the labels (coarse grid, smallest offsets on ties). */
function tuneOffsets(z: Float64Array[], ex: Example[]): number[] {
  const grid = [-1, -0.5, 0, 0.5, 1]
  let best = [0, 0, 0, 0]
  let bestScore = labelObjective(labelMetrics(z, ex, best)) + 1e-9
  for (const p of grid) for (const g of grid) for (const m of grid) {
    const o = [p, 0, g, m]
    const s = labelObjective(labelMetrics(z, ex, o)) - 0.002 * (Math.abs(p) + Math.abs(g) + Math.abs(m))
    if (s > bestScore) bestScore = s, best = o
  }
  return best
}

/** Per-theme logit thresholds for micro-F1 (coordinate ascent over a grid, two passes). */
function tuneThresholds(z: Float64Array[], ex: Example[]): number[] {
  const th = THEMES.map(() => 0)
  const grid = [-1.5, -1.25, -1, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75, 1]
  for (let pass = 0; pass < 2; pass++) {
    for (let t = 0; t < THEMES.length; t++) {
      let best = th[t]!
      let bestF = -1
      for (const g of grid) {
        th[t] = g
        const f = themeMetrics(z, ex, th).f1 - 0.001 * Math.abs(g)
        if (f > bestF + 1e-12) bestF = f, best = g
      }
      th[t] = best
    }
  }
  return th
}

// ---------------------------------------------------------------------------------------------
// cross-validation

const rand = mulberry32(SEED)
const order = rows.map((_, i) => i)
for (let i = order.length - 1; i > 0; i--) {
  const j = Math.floor(rand() * (i + 1))
  ;[order[i], order[j]] = [order[j]!, order[i]!]
}
const fold = new Int32Array(rows.length)
order.forEach((i, p) => (fold[i] = p % FOLDS))
const newRows = rows.map((r, i) => (r.source !== 'dev' ? i : -1)).filter((i) => i >= 0)
const evalIdx = newRows.length >= 200 ? newRows : rows.map((_, i) => i)
console.log(`cross-validation: ${FOLDS} folds, scored on ${evalIdx.length} out-of-fold comments (${newRows.length >= 200 ? 'the new training files' : 'all training comments'})`)

/** Quantise to int8 steps of the group's largest weight and drop those under `PRUNE` steps (in place). */
function quantise(m: Fitted): number {
  const scale = m.w.reduce((a, x) => Math.max(a, Math.abs(x)), 0) / 127
  for (let i = 0; i < m.w.length; i++) {
    const q = Math.round(m.w[i]! / scale)
    m.w[i] = Math.abs(q) < PRUNE ? 0 : q * scale
  }
  return scale
}

function oof(ex: Example[], V: number, mode: 'softmax' | 'sigmoid', lambda: number): Float64Array[] {
  const out: Float64Array[] = new Array(ex.length)
  for (let f = 0; f < FOLDS; f++) {
    const m = fit(ex.filter((_, i) => fold[i] !== f), V, mode, lambda)
    quantise(m)
    ex.forEach((e, i) => {
      if (fold[i] === f) out[i] = scores(m, e)
    })
  }
  return out
}

const arg = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback)
const MIN_DF = arg('min-df', 3)
/** weights under this many int8 steps are dropped (the size of the weights file) */
const PRUNE = arg('prune', 3)
const vocabList = buildVocab(MIN_DF)
const vocab = new Map(vocabList.map((k, i) => [k, i]))
const ex = encode(analysed, vocab, rows)
const V = vocabList.length
console.log(`features: ${V} (words and word pairs in at least ${MIN_DF} training comments, plus shape and rule features)`)
const pick = <T>(a: T[]) => evalIdx.map((i) => a[i]!)

const started = performance.now()
let bestLabel = { lambda: 0, score: -1, offsets: [0, 0, 0, 0], m: { macroF1: 0, negRecall: 0 } }
for (const lambda of [3e-4, 1e-3, 3e-3]) {
  const z = oof(ex, V, 'softmax', lambda)
  const offsets = tuneOffsets(pick(z), pick(ex))
  const m = labelMetrics(pick(z), pick(ex), offsets)
  const m0 = labelMetrics(pick(z), pick(ex), [0, 0, 0, 0])
  console.log(`  labels  L2 ${lambda}: CV macro-F1 ${m.macroF1.toFixed(3)}, negative recall ${m.negRecall.toFixed(3)} (offsets ${offsets.join(' ')}; without: ${m0.macroF1.toFixed(3)} / ${m0.negRecall.toFixed(3)})`)
  if (labelObjective(m) > bestLabel.score) bestLabel = { lambda, score: labelObjective(m), offsets, m }
}
let bestTheme = { lambda: 0, f1: -1, th: [] as number[] }
for (const lambda of [3e-4, 1e-3, 3e-3]) {
  const z = oof(ex, V, 'sigmoid', lambda)
  const th = tuneThresholds(pick(z), pick(ex))
  const f = themeMetrics(pick(z), pick(ex), th)
  console.log(`  themes  L2 ${lambda}: CV micro-F1 ${f.f1.toFixed(3)} (precision ${f.precision.toFixed(3)}, recall ${f.recall.toFixed(3)})`)
  if (f.f1 > bestTheme.f1) bestTheme = { lambda, f1: f.f1, th }
}
// the rules alone on the same out-of-fold comments, for comparison
const ruleCv = scoreClasses(evalIdx.map((i) => ({ gold: toThreeClass(rows[i]!.label)!, predicted: toThreeClass(analyse(rows[i]!.text).rules.label) })))
const ruleTh = themeMicroF1(evalIdx.map((i) => ({ gold: rows[i]!.themes, predicted: analyse(rows[i]!.text).rules.themes })))
console.log(`chosen: labels L2 ${bestLabel.lambda} (CV macro-F1 ${bestLabel.m.macroF1.toFixed(3)}, negative recall ${bestLabel.m.negRecall.toFixed(3)}), themes L2 ${bestTheme.lambda} (CV micro-F1 ${bestTheme.f1.toFixed(3)})`)
console.log(`the rules alone on the same comments: macro-F1 ${ruleCv.macroF1.toFixed(3)}, negative recall ${ruleCv.perClass.negative.recall.toFixed(3)}, theme micro-F1 ${ruleTh.f1.toFixed(3)}`)
console.log(`cross-validation took ${((performance.now() - started) / 1000).toFixed(1)} s`)

// ---------------------------------------------------------------------------------------------
// final fit, quantisation, export

const ml = fit(ex, V, 'softmax', bestLabel.lambda)
const mt = fit(ex, V, 'sigmoid', bestTheme.lambda)
const labelScale = quantise(ml)
const themeScale = quantise(mt)
const lines: string[] = []
for (let i = 0; i < V; i++) {
  const cells: string[] = []
  for (let k = 0; k < LABELS.length; k++) {
    const q = Math.round(ml.w[i * LABELS.length + k]! / labelScale)
    if (q !== 0) cells.push(`${k.toString(16)}${q}`)
  }
  for (let t = 0; t < THEMES.length; t++) {
    const q = Math.round(mt.w[i * THEMES.length + t]! / themeScale)
    if (q !== 0) cells.push(`${(LABELS.length + t).toString(16)}${q}`)
  }
  if (cells.length > 0) lines.push(`${vocabList[i]}\t${cells.join(' ')}`)
}
const r4 = (x: number) => Math.round(x * 1e4) / 1e4
const data: ModelData = {
  version: `${rows.length} comments, labels L2 ${bestLabel.lambda}, themes L2 ${bestTheme.lambda}, min df ${MIN_DF}, prune ${PRUNE}, seed ${SEED}`,
  rows: lines.join('\n'),
  labelScale,
  themeScale,
  bias: [...[...ml.b].map((b, k) => r4(b + bestLabel.offsets[k]!)), ...[...mt.b].map((b, t) => r4(b - bestTheme.th[t]!))],
}
const file = `// Generated by \`npx tsx bench/train-sentiment.ts\` (${data.version}): do not edit by hand.
import type { ModelData } from './model.ts'

export const MODEL: ModelData = {
  version: ${JSON.stringify(data.version)},
  labelScale: ${data.labelScale},
  themeScale: ${data.themeScale},
  bias: ${JSON.stringify(data.bias)},
  rows: ${JSON.stringify(data.rows)},
}
`
console.log(`weights: ${lines.length} of ${V} features kept, ${(Buffer.byteLength(file) / 1024).toFixed(1)} KB as a TS module`)

// totals with the quantised model, through the same code the tagger uses
const loadedModel = loadModel(data)
function totals(name: string, set: Row[]) {
  const en = set.map((r) => ({ r, lang: detectLanguage(r.text) }))
  const preds = en.map(({ r, lang }) => (lang === 'en' ? predict(analyse(r.text), loadedModel) : null))
  const s = scoreClasses(set.map((r, i) => ({ gold: toThreeClass(r.label)!, predicted: preds[i] ? toThreeClass(preds[i]!.label) : lang3(en[i]!.lang) })))
  const t = themeMicroF1(set.map((r, i) => ({ gold: r.themes, predicted: preds[i]?.themes ?? [] })))
  console.log(`  ${name.padEnd(10)} n=${String(set.length).padEnd(4)} macro-F1 ${s.macroF1.toFixed(3)}  negative recall ${s.perClass.negative.recall.toFixed(3)}  theme micro-F1 ${t.f1.toFixed(3)}`)
}
const lang3 = (lang: string): Class3 | null => (lang === 'empty' ? 'neutral' : null)
console.log('the trained model (quantised):')
totals('train', rows)
if (process.argv.includes('--report')) {
  totals('holdout', holdout)
  totals('extra', extra)
}
if (!DRY) {
  writeFileSync(OUT, file)
  console.log(`wrote ${OUT}`)
}
