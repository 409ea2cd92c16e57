import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { formatPercent, itemMax, outcomeBand, scoreAudit } from '../../shared/audit/scoring.ts'
import { ZAuditTemplateDefinition, type TAuditAnswers, type TAuditTemplateDefinition } from '../../shared/audit/template.ts'

/** A template from plain input, through the real schema (defaults filled, rules checked). */
function template(input: { settings?: Record<string, unknown>; sections: Array<{ id: string; items: Array<Record<string, unknown>> }> }): TAuditTemplateDefinition {
  return ZAuditTemplateDefinition.parse({
    title: 'Branch visit',
    settings: input.settings ?? {},
    sections: input.sections.map((s) => ({ title: s.id, ...s })),
  })
}

const oneItem = (item: Record<string, unknown>, settings?: Record<string, unknown>) => template({ settings, sections: [{ id: 's', items: [{ label: 'Item', ...item }] }] })

describe('the worked example of the domain guide', () => {
  const def = template({
    sections: [
      {
        id: 'arrival',
        items: [
          { id: 'greeted', label: 'Greeted within 30 seconds', type: 'yes_no', weight: 2 },
          { id: 'smiled', label: 'Smiled', type: 'yes_no' },
          { id: 'fitting', label: 'Fitting rooms clean', type: 'yes_no', naAllowed: true },
        ],
      },
      {
        id: 'service',
        items: [
          { id: 'needs', label: 'Needs explored', type: 'scale', max: 5 },
          { id: 'id_check', label: 'Checked ID for an age-restricted sale', type: 'yes_no', critical: true },
        ],
      },
    ],
  })
  const answers: TAuditAnswers = {
    greeted: { value: true },
    smiled: { value: false },
    fitting: { na: true },
    needs: { value: 3 },
    id_check: { value: false },
  }

  it('items 2/2, 0/1, N/A, 3/5 and a failed critical 0/1 give 5/9 = 55.6%, critical_fail', () => {
    const score = scoreAudit(def, answers)
    expect(score.earned).toBe(5)
    expect(score.possible).toBe(9)
    expect(score.percent).toBeCloseTo(55.5556, 3)
    expect(formatPercent(score.percent)).toBe('55.6%')
    expect(score.outcome).toBe('critical_fail')
    expect(score.criticalFailures).toEqual(['id_check'])
    expect(score.items.map((i) => [i.itemId, i.earned, i.possible])).toEqual([
      ['greeted', 2, 2],
      ['smiled', 0, 1],
      ['fitting', 0, 0],
      ['needs', 3, 5],
      ['id_check', 0, 1],
    ])
  })

  it('gives each section its own earned ÷ possible', () => {
    const score = scoreAudit(def, answers)
    expect(score.sections.map((s) => [s.sectionId, s.earned, s.possible])).toEqual([
      ['arrival', 2, 3],
      ['service', 3, 6],
    ])
    expect(formatPercent(score.sections[0]!.percent)).toBe('66.7%')
    expect(score.sections[1]!.percent).toBe(50)
  })

  it('without the critical failure the percentage falls in a band (6/9, below 75%: fail)', () => {
    const score = scoreAudit(def, { ...answers, id_check: { value: true } })
    expect([score.earned, score.possible]).toEqual([6, 9])
    expect(formatPercent(score.percent)).toBe('66.7%')
    expect(score.outcome).toBe('fail')
  })
})

describe('edge cases', () => {
  it('all N/A: no percentage, no outcome, insufficient', () => {
    const def = template({ sections: [{ id: 's', items: [{ id: 'a', label: 'A', type: 'yes_no', naAllowed: true }, { id: 'b', label: 'B', type: 'scale', naAllowed: true }] }] })
    const score = scoreAudit(def, { a: { na: true }, b: { na: true } })
    expect(score.possible).toBe(0)
    expect(score.percent).toBeNull()
    expect(score.outcome).toBeNull()
    expect(score.insufficient).toBe(true)
    expect(score.sections[0]!.percent).toBeNull()
    expect(formatPercent(score.percent)).toBe('–')
  })

  it('zero weights everywhere: no percentage and insufficient, but a critical failure still shows', () => {
    const def = template({ sections: [{ id: 's', items: [{ id: 'a', label: 'A', type: 'yes_no', weight: 0 }, { id: 'b', label: 'B', type: 'yes_no', weight: 0, critical: true }] }] })
    const passing = scoreAudit(def, { a: { value: true }, b: { value: true } })
    expect(passing.percent).toBeNull()
    expect(passing.outcome).toBeNull()
    expect(passing.insufficient).toBe(true)
    expect(passing.scoredItems).toBe(0)
    const failing = scoreAudit(def, { a: { value: true }, b: { value: false } })
    expect(failing.percent).toBeNull()
    expect(failing.outcome).toBe('critical_fail')
  })

  describe('a critical item answered N/A', () => {
    const items = (rule?: string) =>
      template({
        settings: rule ? { naRule: rule } : {},
        sections: [{ id: 's', items: [{ id: 'door', label: 'Door', type: 'yes_no' }, { id: 'crit', label: 'Critical', type: 'yes_no', weight: 3, critical: true, naAllowed: true }] }],
      })
    const answers: TAuditAnswers = { door: { value: true }, crit: { na: true } }

    it('by default is not a failure and is excluded', () => {
      const score = scoreAudit(items(), answers)
      expect(score.outcome).toBe('pass')
      expect([score.earned, score.possible]).toEqual([1, 1])
      expect(score.items[1]).toMatchObject({ na: true, applicable: false, passed: null, criticalFailed: false })
    })
    it("under naRule 'fail' counts as a failure: critical_fail", () => {
      const score = scoreAudit(items('fail'), answers)
      expect(score.outcome).toBe('critical_fail')
      expect([score.earned, score.possible]).toEqual([1, 4])
      expect(score.criticalFailures).toEqual(['crit'])
    })
    it("under naRule 'pass' earns full points", () => {
      const score = scoreAudit(items('pass'), answers)
      expect(score.outcome).toBe('pass')
      expect([score.earned, score.possible]).toEqual([4, 4])
    })
  })

  it('a timing item passes exactly at its threshold and fails one second over', () => {
    const def = oneItem({ id: 'queue', type: 'timing', thresholdSeconds: 300 })
    expect(scoreAudit(def, { queue: { value: 300 } }).items[0]).toMatchObject({ passed: true, earned: 1, possible: 1 })
    expect(scoreAudit(def, { queue: { value: 301 } }).items[0]).toMatchObject({ passed: false, earned: 0, possible: 1 })
    expect(scoreAudit(def, { queue: { value: 0 } }).items[0]!.passed).toBe(true)
  })

  it('band edges: at the target passes, at target − tolerance is amber, just below fails', () => {
    const settings = { passTarget: 80, amberTolerance: 10 }
    expect(outcomeBand(80, settings)).toBe('pass')
    expect(outcomeBand(79.99, settings)).toBe('amber')
    expect(outcomeBand(70, settings)).toBe('amber')
    expect(outcomeBand(69.99, settings)).toBe('fail')
    // A percentage computed with float error still lands on its edge: 7 of 10 is 70.
    const def = template({ settings, sections: [{ id: 's', items: [{ id: 'a', label: 'A', type: 'scale', max: 10 }] }] })
    expect(scoreAudit(def, { a: { value: 7 } }).outcome).toBe('amber')
    expect(scoreAudit(def, { a: { value: 8 } }).outcome).toBe('pass')
    expect(scoreAudit(def, { a: { value: 6 } }).outcome).toBe('fail')
  })

  it('a choice earns its points out of the best choice and passes only at the best', () => {
    const def = oneItem({
      id: 'resolved',
      type: 'choice',
      weight: 2,
      choices: [
        { id: 'fully', label: 'Fully', points: 4 },
        { id: 'partly', label: 'Partly', points: 2 },
        { id: 'not', label: 'Not at all', points: 0 },
      ],
    })
    expect(itemMax(def.sections[0]!.items[0]!)).toBe(4)
    expect(scoreAudit(def, { resolved: { value: 'fully' } }).items[0]).toMatchObject({ earned: 8, possible: 8, passed: true })
    expect(scoreAudit(def, { resolved: { value: 'partly' } }).items[0]).toMatchObject({ earned: 4, possible: 8, passed: false })
    expect(scoreAudit(def, { resolved: { value: 'unknown' } }).items[0]).toMatchObject({ applicable: false, possible: 0 })
  })

  it('a choice whose choices are all worth 0 is not scored', () => {
    const def = oneItem({ id: 'how', type: 'choice', choices: [{ id: 'in', label: 'In person' }, { id: 'phone', label: 'Phone' }] })
    const score = scoreAudit(def, { how: { value: 'in' } })
    expect(score.items[0]).toMatchObject({ gradable: false, applicable: false, answered: true })
    expect(score.percent).toBeNull()
  })

  it('a number scores against its target (at most / at least) and is unscored without one', () => {
    const rings = oneItem({ id: 'rings', type: 'number', target: { op: 'at_most', value: 3 } })
    expect(scoreAudit(rings, { rings: { value: 3 } }).items[0]!.passed).toBe(true)
    expect(scoreAudit(rings, { rings: { value: 4 } }).items[0]!.passed).toBe(false)
    const staff = oneItem({ id: 'staff', type: 'number', target: { op: 'at_least', value: 2 } })
    expect(scoreAudit(staff, { staff: { value: 2 } }).items[0]!.passed).toBe(true)
    expect(scoreAudit(staff, { staff: { value: 1 } }).items[0]!.passed).toBe(false)
    const people = oneItem({ id: 'people', type: 'number' })
    const unscored = scoreAudit(people, { people: { value: 12 } })
    expect(unscored.items[0]).toMatchObject({ gradable: false, applicable: false, passed: null })
    expect(unscored.scoredItems).toBe(0)
  })

  it('a scale passes at passAt, or only at its maximum without one', () => {
    const lenient = oneItem({ id: 'k', type: 'scale', max: 5, passAt: 4 })
    expect(scoreAudit(lenient, { k: { value: 4 } }).items[0]).toMatchObject({ passed: true, earned: 4, possible: 5 })
    expect(scoreAudit(lenient, { k: { value: 3 } }).items[0]!.passed).toBe(false)
    const strict = oneItem({ id: 'k', type: 'scale', max: 5 })
    expect(scoreAudit(strict, { k: { value: 4 } }).items[0]!.passed).toBe(false)
    expect(scoreAudit(strict, { k: { value: 5 } }).items[0]!.passed).toBe(true)
    expect(scoreAudit(strict, { k: { value: 0 } }).items[0]).toMatchObject({ passed: false, earned: 0, possible: 5, applicable: true })
  })

  it('compliance per linked standard counts only gradable applicable items; text and photo never count', () => {
    const def = template({
      sections: [
        {
          id: 's',
          items: [
            { id: 'greeted', label: 'Greeted', type: 'yes_no', standardIds: ['greet', 'welcome'] },
            { id: 'greet_time', label: 'Time to greet', type: 'timing', thresholdSeconds: 30, standardIds: ['greet'] },
            { id: 'smile', label: 'Smiled', type: 'yes_no', naAllowed: true, standardIds: ['greet'] },
            { id: 'story', label: 'What happened', type: 'text', required: false, standardIds: ['greet'] },
            { id: 'receipt', label: 'Receipt', type: 'photo', required: false, standardIds: ['greet'] },
            { id: 'clean', label: 'Clean', type: 'yes_no', standardIds: ['clean'] },
          ],
        },
      ],
    })
    const score = scoreAudit(def, {
      greeted: { value: true },
      greet_time: { value: 45 },
      smile: { na: true },
      story: { value: 'Greeted quickly but had to wait at the till.' },
      receipt: { photoIds: ['p1'] },
      clean: { na: false },
    })
    const byId = Object.fromEntries(score.standards.map((s) => [s.standardId, s]))
    expect(byId.greet).toMatchObject({ applicable: 2, passed: 1, compliance: 50 })
    expect(byId.welcome).toMatchObject({ applicable: 1, passed: 1, compliance: 100 })
    // Linked but unanswered: listed with no compliance rather than 0%.
    expect(byId.clean).toMatchObject({ applicable: 0, passed: 0, compliance: null })
  })

  it('flags an audit with too few applicable scored items as insufficient (minApplicableShare)', () => {
    const items = ['a', 'b', 'c', 'd'].map((id) => ({ id, label: id, type: 'yes_no', naAllowed: true }))
    const def = template({ settings: { minApplicableShare: 0.5 }, sections: [{ id: 's', items }] })
    const half = scoreAudit(def, { a: { value: true }, b: { value: true }, c: { na: true }, d: { na: true } })
    expect(half.insufficient).toBe(false)
    expect(half.percent).toBe(100)
    const quarter = scoreAudit(def, { a: { value: true }, b: { na: true }, c: { na: true }, d: { na: true } })
    expect(quarter.insufficient).toBe(true)
    expect([quarter.scoredItems, quarter.applicableItems]).toEqual([4, 1])
    // The percentage and band are still given; the flag tells the reader not to trust them.
    expect(quarter.outcome).toBe('pass')
  })

  it('leaves unanswered optional items out of the score', () => {
    const def = template({ sections: [{ id: 's', items: [{ id: 'a', label: 'A', type: 'yes_no' }, { id: 'b', label: 'B', type: 'scale', required: false }] }] })
    const score = scoreAudit(def, { a: { value: true } })
    expect([score.earned, score.possible, score.percent]).toEqual([1, 1, 100])
    expect(score.items[1]).toMatchObject({ answered: false, applicable: false })
  })
})

describe('scoring rules hold for any template and any answers', () => {
  const itemArb = fc.oneof(
    fc.record({ type: fc.constant('yes_no'), answer: fc.boolean() }),
    fc.record({ type: fc.constant('scale'), max: fc.integer({ min: 1, max: 10 }), answer: fc.integer({ min: 0, max: 10 }) }),
    fc.record({ type: fc.constant('timing'), thresholdSeconds: fc.integer({ min: 1, max: 600 }), answer: fc.integer({ min: 0, max: 900 }) }),
    fc.record({ type: fc.constant('number'), target: fc.record({ op: fc.constantFrom('at_most', 'at_least'), value: fc.integer({ min: 0, max: 10 }) }), answer: fc.integer({ min: 0, max: 10 }) }),
    fc.record({ type: fc.constant('choice'), points: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 2, maxLength: 4 }), answer: fc.nat(3) }),
    fc.record({ type: fc.constant('text'), answer: fc.constant('Served quickly.') }),
  )
  const entryArb = fc.record({
    item: itemArb,
    weight: fc.constantFrom(0, 0.5, 1, 2, 3),
    critical: fc.boolean(),
    naAllowed: fc.boolean(),
    answerKind: fc.constantFrom('value', 'value', 'na', 'none'),
  })
  const auditArb = fc.record({ entries: fc.array(entryArb, { minLength: 1, maxLength: 10 }), sections: fc.integer({ min: 1, max: 3 }) })

  type Entry = typeof entryArb extends fc.Arbitrary<infer T> ? T : never
  function build(entries: Entry[], sectionCount: number) {
    const sections = Array.from({ length: sectionCount }, (_, s) => ({ id: `s${s}`, items: [] as Array<Record<string, unknown>> }))
    const answers: TAuditAnswers = {}
    entries.forEach((entry, index) => {
      const id = `i${index}`
      const { type, answer, ...shape } = entry.item as Record<string, unknown> & { type: string; answer: unknown }
      const scoredType = type !== 'text' && (type !== 'number' || shape.target)
      const item: Record<string, unknown> = { id, label: id, type, weight: entry.weight, critical: scoredType ? entry.critical : false, naAllowed: entry.naAllowed }
      if (type === 'choice') item.choices = (shape.points as number[]).map((points, c) => ({ id: `c${c}`, label: `C${c}`, points }))
      else Object.assign(item, shape)
      sections[index % sectionCount]!.items.push(item)
      if (entry.answerKind === 'na' && entry.naAllowed) answers[id] = { na: true }
      else if (entry.answerKind !== 'none') {
        if (type === 'choice') answers[id] = { value: `c${(answer as number) % (shape.points as number[]).length}` }
        else if (type === 'scale') answers[id] = { value: Math.min(answer as number, shape.max as number) }
        else answers[id] = { value: answer as boolean | number | string }
      }
    })
    const def = template({ sections: sections.filter((s) => s.items.length > 0) })
    return { def, answers }
  }

  it('percent in 0–100 or null; earned ≤ possible; critical_fail exactly when a critical item failed', () => {
    fc.assert(
      fc.property(auditArb, fc.constantFrom('exclude', 'pass', 'fail'), ({ entries, sections }, naRule) => {
        const { def, answers } = build(entries, sections)
        def.settings.naRule = naRule as 'exclude' | 'pass' | 'fail'
        const score = scoreAudit(def, answers)
        if (score.percent !== null) {
          expect(score.percent).toBeGreaterThanOrEqual(0)
          expect(score.percent).toBeLessThanOrEqual(100)
        }
        expect(score.earned).toBeLessThanOrEqual(score.possible + 1e-9)
        for (const section of score.sections) expect(section.earned).toBeLessThanOrEqual(section.possible + 1e-9)
        const someCriticalFailed = score.items.some((i) => i.critical && i.passed === false)
        expect(score.outcome === 'critical_fail').toBe(someCriticalFailed)
        expect(score.applicableItems).toBeLessThanOrEqual(score.scoredItems)
      }),
      { numRuns: 300 },
    )
  })

  it('under the default rule an N/A item is never applicable and removing it changes nothing', () => {
    fc.assert(
      fc.property(auditArb, ({ entries, sections }) => {
        const { def, answers } = build(entries, sections)
        const score = scoreAudit(def, answers)
        for (const item of score.items) if (item.na) expect(item.applicable).toBe(false)
        const naIds = new Set(Object.entries(answers).filter(([, a]) => a.na).map(([id]) => id))
        const stripped = {
          ...def,
          sections: def.sections.map((s) => ({ ...s, items: s.items.filter((i) => !naIds.has(i.id)) })),
        }
        const without = scoreAudit(stripped, answers)
        expect([without.earned, without.possible]).toEqual([score.earned, score.possible])
        expect(without.criticalFailures).toEqual(score.criticalFailures)
      }),
      { numRuns: 300 },
    )
  })
})
