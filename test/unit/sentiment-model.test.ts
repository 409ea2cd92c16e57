import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { analyse, ruleTag, tag, themes } from '../../shared/sentiment/index.ts'
import { LABELS, OUTPUTS, forEachFeature, loadModel, normToken, predict, type ModelData } from '../../shared/sentiment/model.ts'
import { MODEL } from '../../shared/sentiment/weights.ts'

const repo = resolve(fileURLToPath(import.meta.url), '../../..')
const DEV = resolve(repo, '../shared/data/sentiment/dev.jsonl')

const featureNames = (text: string) => {
  const names: string[] = []
  forEachFeature(analyse(text), (name) => names.push(name))
  return names
}

describe('learned layer: features', () => {
  it('normalises text-speak, numbers, elongation and US spelling', () => {
    expect(normToken('gr8')).toBe('great')
    expect(normToken('thx')).toBe('thanks')
    expect(normToken('18')).toBe('<num>')
    expect(normToken('8pm')).toBe('<num>pm')
    expect(normToken('sooo')).toBe('soo')
    expect(normToken('color')).toBe(normToken('colour'))
    expect(normToken('canceled')).toBe('cancelled')
    expect(normToken('constructor')).toBe('constructor')
  })

  it('marks the negation scope up to the end of the clause', () => {
    const f = featureNames('The staff were not helpful, food lovely')
    expect(f).toContain('not_helpful')
    expect(f).toContain('lovely')
    expect(f).not.toContain('not_lovely')
    expect(f).toContain('not helpful')
  })

  it("carries the rules' view of the comment", () => {
    const f = featureNames('Did not offer a receipt.')
    expect(f).toContain('r:negative')
    expect(f).toContain('r:ruleNeg')
    expect(featureNames('Wow, a whole 45 minutes on hold, really spoiling me')).toContain('r:sarcasm')
    expect(featureNames('Only one till open')).toContain('t:wait_time')
  })
})

describe('learned layer: weights and inference', () => {
  it('loads the generated weights: every feature row parses to finite weights', () => {
    const m = loadModel()
    expect(m.names.length).toBeGreaterThan(100)
    expect(m.w.length).toBe(m.names.length * OUTPUTS)
    expect(m.bias.length).toBe(OUTPUTS)
    expect([...m.w].every(Number.isFinite)).toBe(true)
    expect(MODEL.labelScale).toBeGreaterThan(0)
    expect(MODEL.themeScale).toBeGreaterThan(0)
  })

  it('reads the row format: hex output index then the int8 weight', () => {
    const data: ModelData = { version: 't', rows: 'good\t04 2-3 e10\nbad\t27', labelScale: 0.5, themeScale: 0.25, bias: new Array(OUTPUTS).fill(0) }
    const m = loadModel(data)
    expect(m.index.get('good')).toBe(0)
    expect(m.w[0]).toBe(2)
    expect(m.w[2]).toBe(-1.5)
    expect(m.w[14]).toBe(2.5)
    expect(m.w[OUTPUTS + 2]).toBe(3.5)
  })

  it('is deterministic: the same comment always gets the same tag', () => {
    const texts = ['Great coffee, rude barista', 'Promised a callback within 24 hours. That was last Tuesday.', 'ok', 'Lovely to pay £18 for a lukewarm breakfast 👍']
    const first = texts.map((t) => JSON.stringify(tag(t)))
    for (let k = 0; k < 3; k++) expect(texts.map((t) => JSON.stringify(tag(t)))).toEqual(first)
    const a = analyse(texts[0]!)
    expect(predict(a)).toEqual(predict(a))
  })

  it('gives probabilities that sum to 1, a score with the sign of the label, and themes() equal to tag().themes', () => {
    for (const t of ['Brilliant staff, so helpful', 'Waited 40 minutes and nobody apologised', 'Ordered a flat white.', 'The app logged me out twice but the staff in branch were lovely']) {
      const p = predict(analyse(t))
      expect(p.probs.reduce((s, x) => s + x, 0)).toBeCloseTo(1)
      expect(LABELS).toContain(p.label)
      const r = tag(t)
      if (r.label === 'positive') expect(r.score).toBeGreaterThan(0)
      if (r.label === 'negative') expect(r.score).toBeLessThan(0)
      expect(themes(t)).toEqual(r.themes)
    }
  })

  it.skipIf(!existsSync(DEV))('where the model overrides the rules, the evidence still points at words of the comment with the label\'s polarity', () => {
    const texts = readFileSync(DEV, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { text: string }).text)
    let overrides = 0
    for (const text of texts) {
      const t = tag(text)
      if (t.label === ruleTag(text).label) continue
      overrides++
      for (const e of t.evidence) {
        expect(e.start).toBeGreaterThanOrEqual(0)
        expect(e.end).toBeLessThanOrEqual(text.length)
        expect(e.end).toBeGreaterThan(e.start)
        if (t.label === 'positive') expect(e.polarity).toBe(1)
        if (t.label === 'negative') expect(e.polarity).toBe(-1)
      }
      if (t.label === 'neutral') expect(t.evidence).toEqual([])
      if (t.label === 'positive' || t.label === 'negative') expect(t.evidence.length, text).toBeGreaterThan(0)
    }
    expect(overrides).toBeGreaterThan(0)
  })

  it('keeps empty and non-English handling ahead of the model', () => {
    expect(tag('  ')).toEqual({ label: 'neutral', score: 0, themes: [], language: 'empty', evidence: [] })
    expect(tag('Der Service war sehr langsam und das Personal unfreundlich').label).toBeNull()
  })
})

describe('learned layer: the weights file', () => {
  it('stays small and is generated', () => {
    const src = readFileSync(join(repo, 'shared/sentiment/weights.ts'), 'utf8')
    expect(src.length).toBeLessThan(300_000)
    expect(src.startsWith('// Generated by `npx tsx bench/train-sentiment.ts`')).toBe(true)
  })
})
