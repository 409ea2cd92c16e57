import { describe, expect, it } from 'vitest'
import { answerPhotoIds, checkAuditAnswers } from '../../shared/audit/answers.ts'
import { ZAuditTemplateDefinition, type TAuditAnswers } from '../../shared/audit/template.ts'

const def = ZAuditTemplateDefinition.parse({
  title: 'Branch visit',
  sections: [
    {
      id: 'arrival',
      title: 'Arrival & greeting',
      items: [
        { id: 'greeted', label: 'Greeted within 30 seconds', type: 'yes_no', critical: true },
        { id: 'queue', label: 'Queue wait', type: 'timing', thresholdSeconds: 300 },
        { id: 'fitting', label: 'Fitting rooms clean', type: 'yes_no', naAllowed: true },
      ],
    },
    {
      id: 'service',
      title: 'Service',
      items: [
        { id: 'needs', label: 'Needs explored', type: 'scale', max: 5 },
        { id: 'resolved', label: 'Call resolved', type: 'choice', choices: [{ id: 'yes', label: 'Yes', points: 2 }, { id: 'no', label: 'No' }] },
        { id: 'people', label: 'Staff on the floor', type: 'number', min: 0, max: 50, required: false },
      ],
    },
    {
      id: 'evidence',
      title: 'Evidence',
      items: [
        { id: 'receipt', label: 'Receipt', type: 'photo', maxPhotos: 2 },
        { id: 'story', label: 'What happened', type: 'text', maxLength: 20 },
      ],
    },
  ],
})

const complete: TAuditAnswers = {
  greeted: { value: true },
  queue: { value: 120 },
  fitting: { na: true },
  needs: { value: 4 },
  resolved: { value: 'yes' },
  receipt: { photoIds: ['ph_1'] },
  story: { value: 'Quick and friendly.' },
}

const problemsOf = (answers: TAuditAnswers, mode: 'draft' | 'submit' = 'submit') => checkAuditAnswers(def, answers, mode).problems

describe('checking a shopper’s answers', () => {
  it('accepts a complete submission, with N/A where the item allows it and an optional item left out', () => {
    expect(problemsOf(complete)).toEqual([])
  })

  it('lets a draft be incomplete but not wrong', () => {
    expect(problemsOf({ greeted: { value: true } }, 'draft')).toEqual([])
    expect(problemsOf({}, 'draft')).toEqual([])
    expect(problemsOf({ needs: { value: 9 } }, 'draft')).toEqual([{ itemId: 'needs', message: 'must be a whole number from 0 to 5' }])
  })

  it('names every required item missing from a submission', () => {
    const { greeted: _g, receipt: _r, story: _s, ...rest } = complete
    expect(problemsOf({ ...rest, story: { value: '   ' } })).toEqual([
      { itemId: 'greeted', message: 'is required' },
      { itemId: 'receipt', message: 'needs a photo' },
      { itemId: 'story', message: 'is required' },
    ])
  })

  it('refuses N/A where the item does not allow it', () => {
    expect(problemsOf({ ...complete, greeted: { na: true } })).toContainEqual({ itemId: 'greeted', message: 'cannot be answered "not applicable"' })
    expect(problemsOf({ ...complete, greeted: { na: true } }, 'draft')).toEqual([{ itemId: 'greeted', message: 'cannot be answered "not applicable"' }])
  })

  it('refuses values of the wrong kind or out of range, naming the item', () => {
    expect(problemsOf({ ...complete, greeted: { value: 'yes' } })).toEqual([{ itemId: 'greeted', message: 'must be yes or no' }])
    expect(problemsOf({ ...complete, needs: { value: 6 } })).toEqual([{ itemId: 'needs', message: 'must be a whole number from 0 to 5' }])
    expect(problemsOf({ ...complete, needs: { value: 2.5 } })).toEqual([{ itemId: 'needs', message: 'must be a whole number from 0 to 5' }])
    expect(problemsOf({ ...complete, needs: { value: -1 } })).toEqual([{ itemId: 'needs', message: 'must be a whole number from 0 to 5' }])
    expect(problemsOf({ ...complete, queue: { value: -3 } })).toEqual([{ itemId: 'queue', message: 'must be a number of seconds from 0 to 86400' }])
    expect(problemsOf({ ...complete, people: { value: 51 } })).toEqual([{ itemId: 'people', message: 'must be at most 50' }])
    expect(problemsOf({ ...complete, people: { value: -1 } })).toEqual([{ itemId: 'people', message: 'must be at least 0' }])
    expect(problemsOf({ ...complete, resolved: { value: 'maybe' } })).toEqual([{ itemId: 'resolved', message: 'must be one of the choices' }])
    expect(problemsOf({ ...complete, story: { value: 42 } })).toEqual([{ itemId: 'story', message: 'must be text' }])
  })

  it('refuses answers to items the template does not have', () => {
    expect(problemsOf({ ...complete, smiled: { value: true } })).toEqual([{ itemId: 'smiled', message: 'is not an item of this audit' }])
    expect(checkAuditAnswers(def, { ...complete, smiled: { value: true } }, 'submit').answers).not.toHaveProperty('smiled')
  })

  it('counts photos: at most the item’s maximum, and only on photo items', () => {
    expect(problemsOf({ ...complete, receipt: { photoIds: ['a', 'b', 'c'] } })).toEqual([{ itemId: 'receipt', message: 'takes at most 2 photos' }])
    expect(problemsOf({ ...complete, receipt: { photoIds: ['a', 'b'] } })).toEqual([])
    expect(problemsOf({ ...complete, receipt: { photoIds: [] } })).toEqual([{ itemId: 'receipt', message: 'needs a photo' }])
    expect(problemsOf({ ...complete, receipt: { photoIds: ['a'], value: 'receipt.png' } })).toEqual([{ itemId: 'receipt', message: 'takes photos, not a value' }])
    expect(problemsOf({ ...complete, greeted: { value: true, photoIds: ['a'] } })).toEqual([{ itemId: 'greeted', message: 'does not take photos' }])
    expect(answerPhotoIds({ ...complete, receipt: { photoIds: ['a', 'b'] } })).toEqual(['a', 'b'])
  })

  it('stores text in NFC and limits its length', () => {
    const decomposed = 'Cafe\u0301 was tidy'
    const { answers, problems } = checkAuditAnswers(def, { ...complete, story: { value: decomposed, }, greeted: { value: true, note: 'Re\u0301ceipt in bag' } }, 'submit')
    expect(problems).toEqual([])
    expect(answers.story!.value).toBe('Café was tidy')
    expect(answers.greeted!.note).toBe('Réceipt in bag')
    expect(problemsOf({ ...complete, story: { value: 'x'.repeat(21) } })).toEqual([{ itemId: 'story', message: 'must be at most 20 characters' }])
    expect(problemsOf({ ...complete, story: { value: 'x'.repeat(20) } })).toEqual([])
  })

  it('measures text length after NFC, as it is stored', () => {
    // 20 characters once composed, 30 code units as typed on some keyboards.
    const decomposed = 'e\u0301'.repeat(10) + 'x'.repeat(10)
    expect(decomposed.length).toBe(30)
    expect(problemsOf({ ...complete, story: { value: decomposed } })).toEqual([])
  })
})
