/**
 * The respondent page as customers use it, in real Chromium against the real server: every
 * question type on a phone by keyboard alone, display logic showing and hiding questions and a
 * page, resuming after a reload, languages (French, Arabic right to left), an offline submit that
 * is queued and sent once, the unavailable and preview states, no sideways scrolling at 320 px or
 * 200% zoom, and an axe-core scan of every state.
 */
import { readFileSync } from 'node:fs'
import { gzipSync } from 'node:zlib'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ZSurveyDefinition } from '../../shared/survey/definition.ts'
import { translatableStrings } from '../../shared/survey/i18n.ts'
import { checkAnswers, checkValue } from '../../shared/survey/answers.ts'
import { friendlyMessage } from '../../web/respondent/messages.ts'
import { chromeStrings } from '../../web/respondent/strings.ts'
import { Client } from '../helpers/client.ts'
import { type AppServer, axeViolations, describeViolations, launchChromium, repo, screenshot, startAppServer, watchPage } from './browser.ts'

const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, hasTouch: true, locale: 'en-US', bypassCSP: true }

const DEFINITION = {
  title: 'Your visit',
  intro: 'A few questions about your visit.',
  thankYou: 'Thanks a lot — your answers reached us.',
  language: 'en',
  pages: [
    {
      id: 'p1',
      title: 'Your visit',
      questions: [
        { id: 'nps', type: 'nps', text: 'How likely are you to recommend us?', required: true },
        { id: 'why_low', type: 'comment', text: 'What went wrong?', help: 'Tell us in your own words.', maxLength: 500, visibleIf: { join: 'all', conditions: [{ questionId: 'nps', op: 'lte', value: 6 }] } },
        { id: 'csat', type: 'csat', text: 'How satisfied were you?', required: true },
        { id: 'ces', type: 'ces', text: 'It was easy to get what I needed.' },
      ],
    },
    {
      id: 'p2',
      title: 'About the service',
      questions: [
        { id: 'staff', type: 'rating', text: 'Rate the staff', points: 5, style: 'stars', required: true },
        { id: 'wait', type: 'rating', text: 'Rate the wait', points: 4, style: 'numbers', lowLabel: 'Too long', highLabel: 'Very short' },
        { id: 'channel', type: 'single_choice', text: 'How did you contact us?', choices: [{ id: 'phone', label: 'Phone' }, { id: 'visit', label: 'In person' }], allowOther: true, otherLabel: 'Another way', required: true },
        { id: 'topics', type: 'multiple_choice', text: 'What did you ask about?', choices: [{ id: 'billing', label: 'Billing' }, { id: 'orders', label: 'Orders' }, { id: 'returns', label: 'Returns' }], allowOther: true, maxSelected: 2 },
        { id: 'resolved', type: 'yes_no', text: 'Was your problem solved?', required: true },
      ],
    },
    {
      id: 'p3',
      title: 'What is still open',
      visibleIf: { join: 'all', conditions: [{ questionId: 'resolved', op: 'eq', value: false }] },
      questions: [{ id: 'problem', type: 'short_text', text: 'What is still open?' }],
    },
    {
      id: 'p4',
      title: 'About you',
      questions: [
        { id: 'first_name', type: 'short_text', text: 'Your first name', maxLength: 40 },
        { id: 'visits', type: 'number', text: 'How many times have you visited this year?', min: 0, max: 365, integer: true },
        { id: 'visit_date', type: 'date', text: 'When did you visit?', min: '2024-01-01', max: '2030-12-31' },
        { id: 'comment', type: 'comment', text: 'Anything else?', maxLength: 1000 },
        { id: 'consent', type: 'consent', text: 'You may contact me about my answers.', required: true },
      ],
    },
  ],
}

const FRENCH: Record<string, string> = { title: 'Votre visite', 'q.nps.text': 'Quelle est la probabilité que vous nous recommandiez ?', 'page.p1.title': 'Votre visite' }
const ARABIC: Record<string, string> = { title: 'زيارتك', 'q.nps.text': 'ما مدى احتمال أن توصي بنا؟', 'page.p1.title': 'زيارتك' }

/** A full translation: a few real strings, the rest marked with the language so the test can see them. */
function translation(lang: string, known: Record<string, string>) {
  const parsed = ZSurveyDefinition.parse(DEFINITION)
  return Object.fromEntries(translatableStrings(parsed).map(([key, text]) => [key, known[key] ?? `[${lang}] ${text}`]))
}

let server: AppServer
let browser: Browser
let base: string
let surveyUrl = ''
let pausedUrl = ''
const problems: string[] = []


beforeAll(async () => {
  browser = await launchChromium()
  server = await startAppServer('respondent')
  base = server.base

  const admin = new Client((r) => fetch(r), base)
  expect((await admin.post('/api/setup', { organisationName: 'Harbour Bank', name: 'Ada Admin', email: 'ada@harbour.example', password: 'correct horse battery' })).status).toBe(201)
  const survey = (await admin.post('/api/surveys', { title: 'Your visit' })).body.survey
  const definition = { ...DEFINITION, translations: { fr: translation('fr', FRENCH), ar: translation('ar', ARABIC) } }
  const saved = await admin.put(`/api/surveys/${survey.id}/draft`, { definition })
  expect(saved.status, JSON.stringify(saved.body)).toBe(200)
  expect((await admin.post(`/api/surveys/${survey.id}/publish`)).status).toBe(200)
  surveyUrl = `${base}/s/${(await admin.post(`/api/surveys/${survey.id}/collectors`, { label: 'Counter' })).body.collector.token}`
  const paused = (await admin.post(`/api/surveys/${survey.id}/collectors`, { label: 'Window sticker' })).body.collector
  expect((await admin.patch(`/api/surveys/${survey.id}/collectors/${paused.id}`, { status: 'paused' })).status).toBe(200)
  pausedUrl = `${base}/s/${paused.token}`
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

const h1 = (page: Page | Frame, name: string | RegExp) => page.getByRole('heading', { level: 1, name })
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement
    return { tag: el.tagName, name: el.name ?? '', value: el.value ?? '', type: el.type ?? '', text: el.textContent ?? '' }
  })
const checked = (page: Page, name: string) => page.evaluate((n) => [...document.querySelectorAll<HTMLInputElement>(`input[name="${n}"]:checked`)].map((i) => i.value), name)
const progressText = (page: Page) => page.locator('.progress-text').textContent()
async function expectNoViolations(page: Page | Frame) {
  expect(describeViolations(await axeViolations(page as Page))).toEqual([])
}
async function tab(page: Page, times = 1) {
  for (let i = 0; i < times; i++) await page.keyboard.press('Tab')
}
/** Tabs until the field named `name` has focus (a date field takes one stop per part). */
async function tabTo(page: Page, name: string) {
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab')
    if ((await focused(page)).name === name) return
  }
  throw new Error(`Tab never reached ${name}`)
}
async function press(page: Page, key: string, times: number) {
  for (let i = 0; i < times; i++) await page.keyboard.press(key)
}

describe('the respondent page', () => {
  it('words every message of the shared answer checks for customers (no message falls through to the generic one)', () => {
    const def = ZSurveyDefinition.parse({
      ...DEFINITION,
      pages: [...DEFINITION.pages, { id: 'p5', questions: [{ id: 'pick', type: 'multiple_choice', text: 'Pick two', choices: [{ id: 'a', label: 'A' }, { id: 'b', label: 'B' }], minSelected: 2 }] }],
    })
    const q = new Map(def.pages.flatMap((p) => p.questions.map((x) => [x.id, x])))
    const en = chromeStrings('en')
    const cases: [string, unknown, string][] = [
      ['nps', 11, en.needChoice],
      ['resolved', 'x', en.needChoice],
      ['consent', false, en.needConsent],
      ['consent', 'x', en.needConsent],
      ['visits', 'abc', en.needNumber],
      ['visits', 2.5, en.needWhole],
      ['visits', -1, 'Please enter 0 or more.'],
      ['visits', 400, 'Please enter 365 or less.'],
      ['visit_date', '2025-02-30', en.needDate],
      ['visit_date', '2023-05-01', 'Please enter a date on or after January 1, 2024.'],
      ['visit_date', '2031-01-01', 'Please enter a date on or before December 31, 2030.'],
      ['first_name', 'x'.repeat(41), 'Please keep this to 40 characters or fewer.'],
      ['channel', { selected: ['zzz'] }, en.needChoice],
      ['channel', { selected: ['phone', 'visit'] }, en.needChoice],
      ['channel', 'phone', en.needChoice],
      ['channel', { selected: ['phone'], other: ' ' }, 'Please type your answer for “Another way”.'],
      ['topics', { selected: ['billing', 'orders', 'returns'] }, 'Please choose no more than 2.'],
      ['topics', { selected: [], other: 'x'.repeat(301) }, 'Please keep this to 300 characters or fewer.'],
      ['pick', { selected: ['a'] }, 'Please choose at least 2.'],
    ]
    for (const [id, value, expected] of cases) {
      const checked = checkValue(q.get(id)!, value)
      expect('message' in checked, `${id} ${JSON.stringify(value)}`).toBe(true)
      expect(friendlyMessage(q.get(id)!, (checked as { message: string }).message, en, 'en-US'), `${id}: ${(checked as { message: string }).message}`).toBe(expected)
    }
    const required = checkAnswers(def, {}).problems.find((p) => p.questionId === 'nps')!
    expect(friendlyMessage(q.get('nps')!, required.message, en, 'en')).toBe(en.needAnswer)
    expect(friendlyMessage(q.get('nps')!, required.message, chromeStrings('ar'), 'ar')).toBe('يرجى الإجابة عن هذا السؤال.')
  })

  it('stays within its download budget: under 30 KB of JavaScript and 10 KB of CSS gzipped, no zod', () => {
    const html = readFileSync(join(repo, 'web/dist/respondent.html'), 'utf8')
    const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]!)
    const gz = (ext: string) => files.filter((f) => f.endsWith(ext)).reduce((n, f) => n + gzipSync(readFileSync(join(repo, 'web/dist', f)), { level: 9 }).length, 0)
    expect(files.some((f) => f.endsWith('.js'))).toBe(true)
    expect(files.filter((f) => /zod|board-chart/.test(f))).toEqual([])
    expect(gz('.js')).toBeLessThan(30_000)
    expect(gz('.css')).toBeLessThan(10_000)
  })

  let phone: BrowserContext
  let page: Page

  it('answers every question type by keyboard on a phone, with logic, validation, a reload and an offline submit', async () => {
    phone = await browser.newContext(PHONE)
    phone.setDefaultTimeout(10_000)
    page = await phone.newPage()
    watchPage(page, 'respondent', problems)
    await page.goto(surveyUrl)
    await h1(page, 'Your visit').waitFor()
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['en', 'ltr'])
    expect(await progressText(page)).toContain('Page 1 of 3')
    await expectNoViolations(page)
    await screenshot(page, 'r01-first-page')

    // Page 1: the language switcher comes first, then NPS; a low score reveals the follow-up.
    await tab(page)
    expect(await focused(page)).toMatchObject({ tag: 'SELECT' })
    await tab(page)
    expect(await focused(page)).toMatchObject({ name: 'q-nps', value: '0' })
    await press(page, 'ArrowRight', 3)
    expect(await checked(page, 'q-nps')).toEqual(['3'])
    await page.getByRole('textbox', { name: /What went wrong/ }).waitFor()
    await tab(page)
    expect(await focused(page)).toMatchObject({ tag: 'TEXTAREA', name: 'q-why_low' })
    await page.keyboard.type('The queue was long')
    expect(await page.locator('#q-why_low-count').textContent()).toBe('18 of 500 characters')
    // NPS end labels are tied to the end radios.
    expect(await page.locator('#q-nps-0').getAttribute('aria-describedby')).toBe('q-nps-low')
    expect(await page.locator('#q-nps-low').textContent()).toBe('0 = Not at all likely')

    // Skip the required CSAT: Next shows the error beside it, in a summary, and focuses it.
    await tab(page, 3) // CSAT group, CES group, Next
    expect(await focused(page)).toMatchObject({ tag: 'BUTTON', text: 'Next' })
    await page.keyboard.press('Enter')
    await page.locator('#q-csat-error').waitFor()
    expect(await page.locator('#q-csat-error').textContent()).toContain('Please answer this question.')
    expect(await focused(page)).toMatchObject({ name: 'q-csat' })
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-describedby'))).toContain('q-csat-error')
    expect(await page.getByRole('radiogroup', { name: /How satisfied were you/ }).getAttribute('aria-invalid')).toBe('true')
    await page.locator('#page-errors').getByRole('link', { name: /How satisfied were you\? — Please answer this question\./ }).waitFor()
    await expectNoViolations(page)
    await screenshot(page, 'r02-validation')
    await page.keyboard.press('Space')
    await press(page, 'ArrowRight', 3)
    expect(await checked(page, 'q-csat')).toEqual(['4'])
    expect(await page.locator('#q-csat-error').count()).toBe(0)
    expect(await page.locator('#page-errors').count()).toBe(0)

    // Back to NPS and up to 9: the follow-up hides again and its answer is not sent.
    await page.keyboard.press('Shift+Tab') // why_low
    await page.keyboard.press('Shift+Tab') // NPS
    expect(await focused(page)).toMatchObject({ name: 'q-nps', value: '3' })
    await press(page, 'ArrowRight', 6)
    expect(await checked(page, 'q-nps')).toEqual(['9'])
    expect(await page.locator('#q-why_low').count()).toBe(0)
    await tab(page, 3) // CSAT, CES, Next
    await page.keyboard.press('Enter')

    // Page 2: focus lands on the page's title.
    await page.getByRole('heading', { level: 2, name: 'About the service' }).waitFor()
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('About the service')
    expect(await progressText(page)).toContain('Page 2 of 3')
    await tab(page) // stars
    expect(await focused(page)).toMatchObject({ name: 'q-staff', value: '1' })
    await press(page, 'ArrowRight', 3)
    expect(await checked(page, 'q-staff')).toEqual(['4'])
    expect(await page.locator('#q-staff .option.filled').count()).toBe(4)
    expect(await page.getByRole('radio', { name: '4 of 5 stars' }).isChecked()).toBe(true)
    await tab(page) // wait (numbers), left unanswered
    expect(await page.locator('#q-wait-3').getAttribute('aria-describedby')).toBe('q-wait-high')
    await tab(page) // channel
    await page.keyboard.press('Space')
    expect(await checked(page, 'q-channel')).toEqual(['phone'])
    await press(page, 'ArrowDown', 2)
    expect(await checked(page, 'q-channel')).toEqual(['other'])
    await tab(page)
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q-channel-other')
    expect(await page.getByLabel('Your answer for “Another way”').count()).toBe(1)
    await page.keyboard.type('By letter')
    await tab(page) // topics: Billing
    await page.keyboard.press('Space')
    await tab(page, 2) // Returns
    await page.keyboard.press('Space')
    await tab(page) // Other checkbox
    await page.keyboard.press('Space')
    expect(await checked(page, 'q-topics')).toEqual(['billing', 'returns', 'other'])
    await tab(page, 2) // the (empty) Other text box, then the yes/no group
    expect(await focused(page)).toMatchObject({ name: 'q-resolved', value: 'true' })
    await page.keyboard.press('ArrowRight') // No: the "still open" page now shows
    expect(await checked(page, 'q-resolved')).toEqual(['false'])
    expect(await progressText(page)).toContain('Page 2 of 4')
    await page.keyboard.press('ArrowLeft') // Yes: hidden again
    expect(await checked(page, 'q-resolved')).toEqual(['true'])
    expect(await progressText(page)).toContain('Page 2 of 3')
    await tab(page, 2) // Back, Next
    expect(await focused(page)).toMatchObject({ tag: 'BUTTON', text: 'Next' })
    await page.keyboard.press('Enter')
    // "Other" ticked without text, then one choice too many: the shared rules, re-checked as they type.
    await page.locator('#q-topics-error').waitFor()
    expect(await page.locator('#q-topics-error').textContent()).toContain('Please type your answer for “Other”.')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q-topics-c-billing')
    await tab(page, 4) // Orders, Returns, Other, Other text
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q-topics-other')
    await page.keyboard.type('Opening hours')
    expect(await page.locator('#q-topics-error').textContent()).toContain('Please choose no more than 2.')
    await page.keyboard.press('Shift+Tab')
    await page.keyboard.press('Shift+Tab') // Returns
    await page.keyboard.press('Space')
    expect(await checked(page, 'q-topics')).toEqual(['billing', 'other'])
    expect(await page.locator('#q-topics-error').count()).toBe(0)
    await tab(page, 5) // Other, Other text, yes/no, Back, Next
    expect(await focused(page)).toMatchObject({ tag: 'BUTTON', text: 'Next' })
    await page.keyboard.press('Enter')

    // Page "About you" (the hidden page was skipped); reload half-way and resume here.
    await page.getByRole('heading', { level: 2, name: 'About you' }).waitFor()
    expect(await progressText(page)).toContain('Page 3 of 3')
    await tab(page)
    await page.keyboard.type('Ada')
    await page.reload()
    await page.getByRole('heading', { level: 2, name: 'About you' }).waitFor()
    expect(await page.getByLabel(/Your first name/).inputValue()).toBe('Ada')
    expect(await progressText(page)).toContain('Page 3 of 3')

    await tab(page, 3) // language, first name, visits
    expect(await focused(page)).toMatchObject({ name: 'q-visits' })
    expect(await page.evaluate(() => document.activeElement?.getAttribute('inputmode'))).toBe('numeric')
    await page.keyboard.type('2.5')
    await tab(page) // date (its month, day and year are each a stop)
    await page.keyboard.type('06152025')
    expect(await page.getByLabel(/When did you visit/).inputValue()).toBe('2025-06-15')
    await tabTo(page, 'q-comment')
    await page.keyboard.type('Lovely staff.')
    await tab(page, 3) // consent, Back, Submit
    expect(await focused(page)).toMatchObject({ tag: 'BUTTON', text: 'Submit' })
    await page.keyboard.press('Enter')
    await page.locator('#q-consent-error').waitFor()
    expect(await page.locator('#q-visits-error').textContent()).toContain('Please enter a whole number.')
    expect(await page.locator('#q-consent-error').textContent()).toContain('Please tick the box to continue.')
    expect(await focused(page)).toMatchObject({ name: 'q-visits' })
    await press(page, 'Backspace', 2)
    expect(await page.locator('#q-visits-error').count()).toBe(0)
    await tabTo(page, 'q-consent')
    expect(await focused(page)).toMatchObject({ type: 'checkbox' })
    await page.keyboard.press('Space')
    expect(await page.locator('#q-consent-error').count()).toBe(0)

    // Offline at submit: queued on the device, sent once the connection returns.
    await phone.setOffline(true)
    await tab(page, 2) // Back, Submit
    await page.keyboard.press('Enter')
    await h1(page, 'Your answers are saved').waitFor()
    await page.getByText('your answers are saved on this device and will be sent when you’re back online').waitFor()
    const queued = JSON.parse((await page.evaluate(() => Object.entries(localStorage).find(([k]) => k.startsWith('yardstick:'))?.[1])) ?? '{}')
    expect(queued).toMatchObject({ queued: true, language: 'en', answers: { nps: 9, csat: 4, staff: 4, visits: 2 } })
    await expectNoViolations(page)
    await screenshot(page, 'r03-queued')
    await phone.setOffline(false)
    await h1(page, 'Thank you').waitFor()
    await page.getByText('Thanks a lot — your answers reached us.').waitFor()
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('yardstick:')))).toEqual([])
    await expectNoViolations(page)
    await screenshot(page, 'r04-thanks')

    const db = new Database(server.dbFile, { readonly: true })
    try {
      const responses = db.prepare('select id, language from response').all() as { id: string; language: string }[]
      expect(responses).toHaveLength(1)
      expect(responses[0]!.language).toBe('en')
      const rows = db.prepare('select question_id, value_num, value_text from answer where response_id = ? order by question_id').all(responses[0]!.id) as { question_id: string; value_num: number | null; value_text: string | null }[]
      const stored = Object.fromEntries(rows.map((r) => [r.question_id, r.value_num ?? r.value_text]))
      expect(stored).toEqual({
        nps: 9,
        csat: 4,
        staff: 4,
        channel: JSON.stringify({ selected: [], other: 'By letter' }),
        topics: JSON.stringify({ selected: ['billing'], other: 'Opening hours' }),
        resolved: 1,
        first_name: 'Ada',
        visits: 2,
        visit_date: '2025-06-15',
        comment: 'Lovely staff.',
        consent: 1,
      })
    } finally {
      db.close()
    }
    await phone.close()
  })

  it('reads in Arabic right to left, switches to French, and checks in the chosen language', async () => {
    const context = await browser.newContext({ ...PHONE, locale: 'ar' })
    const page = await context.newPage()
    watchPage(page, 'arabic', problems)
    await page.goto(surveyUrl)
    await h1(page, 'زيارتك').waitFor()
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['ar', 'rtl'])
    await page.getByRole('button', { name: 'التالي' }).waitFor()
    // The layout mirrors: the first scale button sits on the right.
    const [first, last] = await Promise.all([page.locator('#q-nps-0').boundingBox(), page.locator('#q-nps-4').boundingBox()])
    expect(first!.x).toBeGreaterThan(last!.x)
    await expectNoViolations(page)
    await screenshot(page, 'r05-arabic')

    await page.getByLabel('اللغة').focus()
    await page.getByLabel('اللغة').selectOption('fr')
    await h1(page, 'Votre visite').waitFor()
    expect(await page.evaluate(() => [document.documentElement.lang, document.documentElement.dir])).toEqual(['fr', 'ltr'])
    await page.getByLabel('Langue').waitFor()
    await page.getByRole('button', { name: 'Suivant' }).click()
    await page.locator('#q-nps-error').getByText('Veuillez répondre à cette question.').waitFor()
    expect(await page.locator('.q-required').first().textContent()).toBe('(obligatoire)')
    await expectNoViolations(page)
    await context.close()
  })

  it('explains a paused link', async () => {
    const context = await browser.newContext(PHONE)
    const page = await context.newPage()
    await page.goto(pausedUrl)
    await h1(page, 'This survey is paused').waitFor()
    await page.getByText('This survey is paused at the moment. Please try again later.').waitFor()
    await expectNoViolations(page)
    await context.close()
  })

  it('never scrolls sideways at 320 px or at 200% zoom', async () => {
    for (const [viewport, zoom] of [
      [{ width: 320, height: 640 }, ''],
      [{ width: 640, height: 800 }, '200%'],
    ] as const) {
      const context = await browser.newContext({ viewport, locale: 'en-US' })
      const page = await context.newPage()
      await page.goto(surveyUrl)
      await h1(page, 'Your visit').waitFor()
      if (zoom) await page.evaluate((z) => (document.body.style.zoom = z), zoom)
      const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      expect(await overflow()).toBeLessThanOrEqual(0)
      await page.getByRole('button', { name: 'Next' }).click()
      await page.locator('#page-errors').waitFor()
      expect(await overflow()).toBeLessThanOrEqual(0)
      await screenshot(page, `r06-narrow-${viewport.width}`)
      await context.close()
    }
  })

  it('previews a draft sent by the builder frame, storing and sending nothing', async () => {
    const context = await browser.newContext({ ...PHONE, viewport: { width: 480, height: 900 } })
    const page = await context.newPage()
    watchPage(page, 'preview', problems)
    await page.goto(`${base}/healthz`)
    await page.evaluate((src) => {
      const w = window as unknown as { ready: number }
      w.ready = 0
      window.addEventListener('message', (e) => {
        if (e.origin === location.origin && e.data?.type === 'yardstick:preview-ready') w.ready++
      })
      const frame = document.createElement('iframe')
      frame.title = 'Preview'
      frame.style.width = '460px'
      frame.style.height = '860px'
      frame.src = src
      document.body.append(frame)
    }, '/respondent.html?preview=1')
    await page.waitForFunction(() => (window as unknown as { ready: number }).ready === 1)
    const frame = page.frames().find((f) => f.url().includes('preview=1'))!
    // A draft straight from the builder: no defaults filled in.
    const draft = (title: string) => ({
      title,
      language: 'en',
      pages: [{ id: 'p1', title: 'Quick check', questions: [{ id: 'ok', type: 'yes_no', text: 'Did we help?', required: true }, { id: 'more', type: 'comment', text: 'Tell us more' }] }],
      translations: { fr: { title: 'Aperçu FR' } },
    })
    const send = (definition: unknown, language?: string) =>
      page.evaluate(([d, l]) => document.querySelector('iframe')!.contentWindow!.postMessage({ type: 'yardstick:preview', definition: d, language: l }, location.origin), [definition, language] as const)
    await send(draft('Draft survey'))
    await h1(frame, 'Draft survey').waitFor()
    await frame.getByText('Preview', { exact: true }).waitFor()
    await expectNoViolations(frame)

    await frame.getByRole('button', { name: 'Submit' }).click()
    await frame.getByText('Please answer this question.').first().waitFor()
    await frame.getByRole('radio', { name: 'Yes' }).check()
    await send(draft('Draft survey, edited'))
    await h1(frame, 'Draft survey, edited').waitFor()
    expect(await frame.getByRole('radio', { name: 'Yes' }).isChecked()).toBe(true)
    await send(draft('Draft survey, edited'), 'fr')
    await h1(frame, 'Aperçu FR').waitFor()
    await frame.getByRole('button', { name: 'Envoyer' }).click()
    await frame.getByText('Aperçu — rien n’a été envoyé.').waitFor()
    await expectNoViolations(frame)
    await frame.getByRole('button', { name: 'Recommencer' }).click()
    await h1(frame, 'Aperçu FR').waitFor()
    expect(await frame.getByRole('radio', { name: 'Oui' }).isChecked()).toBe(false)
    expect(await frame.evaluate(() => localStorage.length)).toBe(0)
    await context.close()
  })

  it('raised no page errors', () => {
    expect(problems).toEqual([])
  })
})
