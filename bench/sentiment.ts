import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { TAGGER_VERSION, tag, toThreeClass } from '../shared/sentiment/index.ts'
import { binaryBySign, isHoldout, scoreClasses, themeMicroF1, vaderClass, type Class3 } from '../shared/sentiment/eval.ts'
import { round, type Benchmark, type BenchResult } from './lib.ts'

/**
 * The comment tagger (shared/sentiment) against labelled data: 3-class accuracy and macro-F1 on
 * the in-domain dev.jsonl (mixed counted as neutral) for all of it, the 80% it is tuned on and the
 * fixed 20% holdout it is never tuned on (every 5th line); negative recall; how the mixed items
 * were predicted; theme micro-F1; the public sets (VADER's amazon and tweets, 3-class and binary
 * on |rating| >= 1; UCI yelp and amazon_cells, binary by the score's sign with coverage); an
 * independent in-domain set at bench/data/sentiment-extra.jsonl when it exists; and comments per
 * second on one core. The data lives beside the repo in ../shared/data/sentiment.
 */

const repo = resolve(fileURLToPath(import.meta.url), '../..')
const DATA = resolve(repo, '../shared/data/sentiment')
const EXTRA = join(repo, 'bench/data/sentiment-extra.jsonl')

interface Labelled {
  text: string
  label: 'positive' | 'neutral' | 'negative' | 'mixed'
  themes: string[]
  line: number
}

function readJsonl(path: string): Labelled[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((l, i) => ({ l, line: i + 1 }))
    .filter(({ l }) => l.trim() !== '')
    .map(({ l, line }) => ({ ...(JSON.parse(l) as Omit<Labelled, 'line'>), line }))
}

function readTsv(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '')
    .map((l) => l.split('\t'))
}

function evaluate(rows: Labelled[]) {
  const tags = rows.map((r) => tag(r.text))
  const classes = scoreClasses(rows.map((r, i) => ({ gold: toThreeClass(r.label)!, predicted: toThreeClass(tags[i]!.label) })))
  const themes = themeMicroF1(rows.map((r, i) => ({ gold: r.themes, predicted: tags[i]!.themes })))
  const mixed: Record<string, number> = {}
  rows.forEach((r, i) => {
    if (r.label === 'mixed') mixed[String(tags[i]!.label)] = (mixed[String(tags[i]!.label)] ?? 0) + 1
  })
  return { classes, themes, mixed, n: rows.length }
}

const pct = (x: number) => round(x, 3)

export const sentimentBenchmarks: Benchmark[] = [
  {
    name: 'sentiment: tagger on labelled comments and public sets',
    async run() {
      const devPath = join(DATA, 'dev.jsonl')
      if (!existsSync(devPath)) {
        const why = `sentiment data not found at ${DATA} (expected ../shared/data/sentiment beside the repo, with dev.jsonl)`
        console.error(why)
        return [{ name: 'sentiment.dev_macro_f1', value: null, unit: 'F1', notes: why }]
      }
      const out: BenchResult[] = []
      const dev = readJsonl(devPath)
      const all = evaluate(dev)
      const tune = evaluate(dev.filter((r) => !isHoldout(r.line)))
      const hold = evaluate(dev.filter((r) => isHoldout(r.line)))
      const v = `tagger ${TAGGER_VERSION}`
      out.push(
        { name: 'sentiment.dev_macro_f1', value: pct(all.classes.macroF1), unit: 'F1', notes: `dev.jsonl all ${all.n}, 3-class (mixed→neutral), ${v}` },
        { name: 'sentiment.dev_accuracy', value: pct(all.classes.accuracy), unit: 'share', notes: `dev.jsonl all ${all.n}` },
        { name: 'sentiment.dev_negative_recall', value: pct(all.classes.perClass.negative.recall), unit: 'share', notes: 'dev.jsonl all' },
        { name: 'sentiment.tune_macro_f1', value: pct(tune.classes.macroF1), unit: 'F1', notes: `the ${tune.n} lines tuned on (line % 5 ≠ 0)` },
        { name: 'sentiment.holdout_macro_f1', value: pct(hold.classes.macroF1), unit: 'F1', notes: `the untouched ${hold.n} lines (line % 5 = 0); honest estimate` },
        { name: 'sentiment.holdout_accuracy', value: pct(hold.classes.accuracy), unit: 'share', notes: `holdout ${hold.n}` },
        { name: 'sentiment.holdout_negative_recall', value: pct(hold.classes.perClass.negative.recall), unit: 'share', notes: `holdout ${hold.n}` },
        { name: 'sentiment.dev_mixed_predicted', value: all.mixed.mixed ?? 0, unit: 'items', notes: `how the ${Object.values(all.mixed).reduce((a, b) => a + b, 0)} mixed items were predicted: ${JSON.stringify(all.mixed)}` },
        { name: 'sentiment.dev_themes_micro_f1', value: pct(all.themes.f1), unit: 'F1', notes: `dev.jsonl all; precision ${pct(all.themes.precision)}, recall ${pct(all.themes.recall)}` },
        { name: 'sentiment.holdout_themes_micro_f1', value: pct(hold.themes.f1), unit: 'F1', notes: `holdout; precision ${pct(hold.themes.precision)}, recall ${pct(hold.themes.recall)}` },
      )
      if (existsSync(EXTRA)) {
        const extra = evaluate(readJsonl(EXTRA))
        out.push(
          { name: 'sentiment.extra_macro_f1', value: pct(extra.classes.macroF1), unit: 'F1', notes: `bench/data/sentiment-extra.jsonl ${extra.n}, independent; never tuned on` },
          { name: 'sentiment.extra_negative_recall', value: pct(extra.classes.perClass.negative.recall), unit: 'share', notes: 'extra set' },
          { name: 'sentiment.extra_themes_micro_f1', value: pct(extra.themes.f1), unit: 'F1', notes: 'extra set' },
        )
      }

      // public sets
      for (const [file, key] of [['amazonReviewSnippets_GroundTruth.txt', 'vader_amazon'], ['tweets_GroundTruth.txt', 'vader_tweets']] as const) {
        const path = join(DATA, file)
        if (!existsSync(path)) continue
        const rows = readTsv(path).map((c) => ({ rating: Number(c[1]), text: c.slice(2).join('\t') }))
        const tags = rows.map((r) => tag(r.text))
        const three = scoreClasses(rows.map((r, i) => ({ gold: vaderClass(r.rating), predicted: toThreeClass(tags[i]!.label) as Class3 | null })))
        const strong = rows.map((r, i) => ({ r, t: tags[i]! })).filter(({ r }) => Math.abs(r.rating) >= 1)
        const bin = binaryBySign(strong.map(({ r, t }) => ({ gold: r.rating > 0 ? 1 : -1, score: t.score })))
        out.push(
          { name: `sentiment.${key}_macro_f1`, value: pct(three.macroF1), unit: 'F1', notes: `${rows.length} items, 3-class at ±0.5; accuracy ${pct(three.accuracy)}; off-domain` },
          { name: `sentiment.${key}_binary_accuracy`, value: pct(bin.accuracy), unit: 'share', notes: `${bin.n} items with |rating| >= 1, sign of score; coverage ${pct(bin.coverage)}` },
        )
      }
      for (const [file, key] of [['yelp_labelled.txt', 'uci_yelp'], ['amazon_cells_labelled.txt', 'uci_amazon_cells']] as const) {
        const path = join(DATA, 'uci_sentiment_labelled_sentences', file)
        if (!existsSync(path)) continue
        const rows = readTsv(path).map((c) => ({ text: c[0]!, gold: (c[1]!.trim() === '1' ? 1 : -1) as 1 | -1 }))
        const bin = binaryBySign(rows.map((r) => ({ gold: r.gold, score: tag(r.text).score })))
        out.push({ name: `sentiment.${key}_binary_accuracy`, value: pct(bin.accuracy), unit: 'share', notes: `${bin.n} items, sign of score (0 counts wrong); coverage ${pct(bin.coverage)}` })
      }

      // throughput on one core
      const texts = dev.map((r) => r.text)
      for (let k = 0; k < 3; k++) for (const t of texts) tag(t)
      let count = 0
      const started = performance.now()
      while (performance.now() - started < 2000) {
        for (const t of texts) tag(t)
        count += texts.length
      }
      const perS = count / ((performance.now() - started) / 1000)
      const chars = texts.reduce((s, t) => s + t.length, 0) / texts.length
      out.push({ name: 'sentiment.per_s', value: Math.round(perS), unit: 'comments/s', notes: `one core, dev texts repeated for 2 s (mean ${Math.round(chars)} characters)` })
      return out
    },
  },
]
