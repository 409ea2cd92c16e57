import { describe, expect, it } from 'vitest'
import { newId, newToken } from '../../shared/ids.ts'
import { hashPassword, verifyPassword } from '../../server/lib/crypto.ts'
import { targetInForce } from '../../server/domain/standards.ts'
import { checkAnswers, ZSurveyDefinition } from '../../shared/survey/definition.ts'
import { starterDefinition } from '../../server/domain/surveys.ts'

describe('ids', () => {
  it('sort by creation time and are unique', () => {
    const a = newId(Date.parse('2026-01-01T00:00:00Z'))
    const b = newId(Date.parse('2026-01-01T00:00:00.001Z'))
    const c = newId(Date.parse('2027-06-01T00:00:00Z'))
    expect(a < b && b < c).toBe(true)
    expect(a).toHaveLength(26)
    expect(new Set(Array.from({ length: 1000 }, () => newId())).size).toBe(1000)
  })
  it('tokens carry at least 128 random bits', () => {
    const t = newToken()
    expect(t).toMatch(/^[A-Za-z0-9_-]{22}$/) // 16 bytes in base64url
    expect(newToken()).not.toBe(t)
  })
})

describe('password hashing', () => {
  it('records its parameters and verifies', async () => {
    const h = await hashPassword('correct-horse-battery', 1000)
    expect(h).toMatch(/^pbkdf2-sha256\$1000\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/)
    expect(await verifyPassword('correct-horse-battery', h)).toBe(true)
    expect(await verifyPassword('correct-horse-batterY', h)).toBe(false)
    expect(await verifyPassword('x', 'md5$nonsense')).toBe(false)
  })
  it('salts: the same password hashes differently', async () => {
    expect(await hashPassword('same-password', 1000)).not.toBe(await hashPassword('same-password', 1000))
  })
})

describe('target in force', () => {
  const history = [
    { target: 80, tolerance: 5, direction: 'higher' as const, effective_from: '1970-01-01', created_at: '2026-01-01T00:00:00Z' },
    { target: 85, tolerance: 5, direction: 'higher' as const, effective_from: '2026-06-01', created_at: '2026-05-20T00:00:00Z' },
    { target: 88, tolerance: 4, direction: 'higher' as const, effective_from: '2026-06-01', created_at: '2026-05-25T00:00:00Z' },
  ]
  it('judges a past period by the target in force then', () => {
    expect(targetInForce(history, '2026-03-31')?.target).toBe(80)
    expect(targetInForce(history, '2026-05-31')?.target).toBe(80)
  })
  it('uses the latest edit among records effective the same day', () => {
    expect(targetInForce(history, '2026-06-01')?.target).toBe(88)
  })
  it('has none before the first record', () => {
    expect(targetInForce(history.slice(1), '2026-01-01')).toBeUndefined()
  })
})

describe('survey definition', () => {
  it('names duplicate ids with their path', () => {
    const def = starterDefinition('T')
    def.pages[0]!.questions[1]!.id = 'nps'
    const r = ZSurveyDefinition.safeParse(def)
    expect(r.success).toBe(false)
    expect(r.error!.issues[0]!.path).toEqual(['pages', 0, 'questions', 1, 'id'])
    expect(r.error!.issues[0]!.message).toContain('duplicate')
  })
  it('checks answers against the version: unknown, required, range, type', () => {
    const def = ZSurveyDefinition.parse(starterDefinition('T'))
    expect(checkAnswers(def, { nps: 10, csat: 5 }).problems).toEqual([])
    const { problems } = checkAnswers(def, { nps: 11, extra: 'x', comment: 42 })
    expect(problems).toEqual(
      expect.arrayContaining([
        { questionId: 'extra', message: 'is not a question of this survey version' },
        { questionId: 'nps', message: 'must be a whole number from 0 to 10' },
        { questionId: 'csat', message: 'is required' },
        { questionId: 'comment', message: 'must be text' },
      ]),
    )
    expect(checkAnswers(def, { nps: 7.5, csat: 3 }).problems[0]?.questionId).toBe('nps')
  })
})
