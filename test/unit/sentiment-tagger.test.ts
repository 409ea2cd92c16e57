import { describe, expect, it } from 'vitest'
import { TAGGER_VERSION, THEMES, tag, themes, toThreeClass } from '../../shared/sentiment/index.ts'

const label = (text: string) => tag(text).label
/** The highlighted words of a comment, with their polarity. */
const evidence = (text: string) => tag(text).evidence.map((e) => `${text.slice(e.start, e.end)}${e.polarity > 0 ? '+' : '-'}`)

describe('comment tagger: public shape', () => {
  it('exports the vocabulary, a version and the 3-class mapping', () => {
    expect(THEMES).toEqual(['wait_time', 'staff_attitude', 'product_knowledge', 'cleanliness', 'price_value', 'order_accuracy', 'communication', 'resolution', 'availability', 'facilities', 'digital', 'product_quality'])
    expect(TAGGER_VERSION).toMatch(/^\d{4}\.\d+\.\d+$/)
    expect(toThreeClass('mixed')).toBe('neutral')
    expect(toThreeClass('negative')).toBe('negative')
    expect(toThreeClass(null)).toBeNull()
  })

  it('keeps the score in [-1, 1] with the sign of the label', () => {
    for (const t of ['Excellent', 'terrible', 'Absolutely AMAZING!!! best staff ever 😍😍😍', 'worst worst worst awful disgusting 😡😡']) {
      const r = tag(t)
      expect(r.score).toBeGreaterThanOrEqual(-1)
      expect(r.score).toBeLessThanOrEqual(1)
      if (r.label === 'positive') expect(r.score).toBeGreaterThan(0)
      if (r.label === 'negative') expect(r.score).toBeLessThan(0)
    }
  })
})

describe('empty and non-English input', () => {
  it('empty or whitespace is neutral, language empty, score 0, no themes', () => {
    for (const t of ['', '   ', '\n\t']) expect(tag(t)).toEqual({ label: 'neutral', score: 0, themes: [], language: 'empty', evidence: [] })
  })

  it('refuses to guess on other languages (label null, language other)', () => {
    for (const t of ['Le service était très lent et le personnel pas aimable', 'Der Service war sehr langsam und das Personal unfreundlich', 'El servicio fue muy lento y el personal no fue amable', 'サービスがとても遅かった', 'Обслуживание было очень медленным']) {
      const r = tag(t)
      expect(r.language, t).toBe('other')
      expect(r.label, t).toBeNull()
      expect(r.score).toBe(0)
    }
  })

  it('short English answers and text-speak stay English', () => {
    for (const t of ['ok', 'n/a', '-', '👍', 'gr8 service, thx guys', 'Fab x']) expect(tag(t).language, t).toBe('en')
  })
})

describe('negation and litotes', () => {
  it('negated praise is negative; negated criticism is praise', () => {
    expect(label('The staff were not helpful')).toBe('negative')
    expect(label('Not good enough')).toBe('negative')
    expect(label('Not unhelpful at all')).toBe('positive')
    expect(label("Staff weren't pushy at all")).toBe('positive')
    expect(label("Can't fault it.")).toBe('positive')
    expect(label('No complaints at all')).toBe('positive')
  })

  it('grudging criticism is negative', () => {
    for (const t of ['Not overly impressed tbh', "Wouldn't rush back", 'Room for improvement', 'Could be better']) expect(label(t), t).toBe('negative')
  })

  it('middle verdicts and non-answers are neutral', () => {
    for (const t of ['ok', 'fine', 'Average', 'Did the job', 'As expected', 'Nothing special', 'Not bad, not great', 'n/a', '-', 'No', 'No comment', 'Nothing to add']) expect(label(t), t).toBe('neutral')
  })
})

describe('failures stated as facts', () => {
  it('waits against a target or beyond reason are negative; measurements alone are neutral', () => {
    expect(label('9 minutes against a target of 3')).toBe('negative')
    expect(label('Hold time: 38 minutes. Target answer time: 5 minutes.')).toBe('negative')
    expect(label('Booked a table for 8pm, not seated until 8:35')).toBe('negative')
    expect(label('Sat in A&E for four hours before anyone saw us')).toBe('negative')
    expect(label('Main course arrived 17 minutes after ordering.')).toBe('neutral')
    expect(label('Call was answered after 4 rings.')).toBe('neutral')
  })

  it('broken promises, repeat contacts, wrong orders and being passed around are negative', () => {
    for (const t of [
      'Promised a callback within 24 hours. That was last Tuesday.',
      "Third time I've called about the same fault",
      'Asked for no onions. Onions.',
      'Transferred four times and had to explain my situation every single time',
      'Nobody turned up and nobody called',
      'Parcel still not delivered',
    ]) expect(label(t), t).toBe('negative')
  })
})

describe('mystery-shop findings', () => {
  it('standards not met are negative', () => {
    for (const t of ['Colleague did not greet the shopper or make eye contact during the transaction.', 'The cashier did not offer a receipt.', 'Server did not check back after the food arrived.']) expect(label(t), t).toBe('negative')
  })

  it('standards met are positive', () => {
    for (const t of ['Call answered in 18 seconds, within the 30 second target.', 'Shopper was greeted within 10 seconds of entering, with eye contact and a smile.', 'Table was checked back within two minutes of the food arriving, meeting the standard.']) expect(label(t), t).toBe('positive')
  })
})

describe('contrast, the verdict rule and recovery', () => {
  it('a clear positive and a clear negative make a comment mixed', () => {
    for (const t of ['Great coffee, rude barista', 'Friendly cashier, but only one till open and the queue was huge', 'The food was lovely; however, the room was freezing']) expect(label(t), t).toBe('mixed')
  })

  it('a softened side with an overall verdict takes the verdict', () => {
    expect(label('Bit of a wait for a table but honestly worth it, the food was incredible')).toBe('positive')
    expect(label('Food was nice enough but the waiter was so rude we won\'t be back')).toBe('negative')
  })

  it('a neutral side and a negative side are negative', () => {
    expect(label('The flight was fine, the lost luggage process was a shambles')).toBe('negative')
  })
})

describe('emoji and sarcasm', () => {
  it('emoji are judgements', () => {
    expect(label('👍')).toBe('positive')
    expect(label('😊😊')).toBe('positive')
    expect(label('👎')).toBe('negative')
    expect(label('Shocking 😡')).toBe('negative')
  })

  it('sarcasm cues read as negative', () => {
    for (const t of [
      'Wow, a whole 45 minutes on hold, you\'re really spoiling me',
      "Love waiting 20 minutes for a coffee, said no one ever",
      'Branch is closing and the nearest one is 20 miles away. Thanks for nothing.',
      "Really appreciated the 'speedy' service, an hour for two drinks",
      'Oh great, another price rise 🙄',
      'Great job losing my parcel for the second time 👏',
    ]) expect(label(t), t).toBe('negative')
  })
})

describe('questions and suggestions', () => {
  it('genuine questions and suggestions are neutral; rhetorical complaints are negative', () => {
    expect(label('Do you do a student discount?')).toBe('neutral')
    expect(label('Any chance of later opening on Thursdays for people who work?')).toBe('neutral')
    expect(label('It would be helpful to have more seating near the counter.')).toBe('neutral')
    expect(label('Why is it always me that has to chase you?')).toBe('negative')
    expect(label('Maybe teach your staff how to smile?')).toBe('negative')
  })
})

describe('evidence spans', () => {
  it('point at the words that drove the label, in order', () => {
    expect(evidence('Great coffee, rude barista')).toEqual(['Great+', 'rude-'])
    expect(evidence('The staff were not helpful')).toEqual(['helpful-'])
    expect(evidence('Did not offer a receipt')).toEqual(['Did not offer a receipt-'])
    expect(evidence('Wow, a whole 45 minutes on hold')).toContain('a whole 45-')
    expect(evidence('Call answered within the 30 second target')).toEqual(['within the 30 second target+'])
  })

  it('uses offsets into the original text, also after emoji and accents', () => {
    const text = 'Café 😍 lovely staff'
    const [e] = tag(text).evidence.filter((x) => text.slice(x.start, x.end) === 'lovely')
    expect(e).toBeDefined()
  })
})

describe('themes', () => {
  const th = (t: string) => themes(t)
  it('follow the conventions of the labelling guide', () => {
    expect(th('Great service thank you')).toEqual([])
    expect(th('Waited 25 minutes at the desk with only one person on')).toEqual(['wait_time'])
    expect(th('Shopper waited 6 minutes at the fitting rooms with no staff present.')).toEqual(['wait_time', 'staff_attitude'])
    expect(th('The bin in the customer toilet was overflowing and the hand dryer did not work.')).toEqual(['cleanliness', 'facilities'])
    expect(th('Estimated bill was £400 more than our actual usage')).toEqual(['price_value', 'order_accuracy'])
    expect(th('Booked through the website for 4 people at 7.')).toEqual(['digital'])
    expect(th('Transferred four times and had to explain my situation every single time')).toEqual(['communication', 'resolution'])
    expect(th('Colleague did not offer a receipt.')).toEqual(['staff_attitude'])
  })

  it('come in vocabulary order, and tag() gives the same as themes()', () => {
    const text = 'Really nice lady at the bank, but the branch only opens 3 days a week and the app is rubbish'
    const out = th(text)
    expect(out).toEqual([...out].sort((a, b) => THEMES.indexOf(a) - THEMES.indexOf(b)))
    expect(tag(text).themes).toEqual(out)
  })
})
