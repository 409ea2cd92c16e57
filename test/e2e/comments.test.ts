/**
 * Comments as a manager uses them, in real Chromium against the real server: two survey answers
 * arrive through a public link, the Comments page shows them with their sentiment and the words that
 * drove it, filters by sentiment and by theme are kept in the address, a correction made from the
 * keyboard sticks through a reload and appears in the JSONL export, and undoing it brings back the
 * tagger's result. axe-core finds nothing on the page or in the dialog.
 */
import { readFileSync } from 'node:fs'
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AppServer, axeViolations, describeViolations, launchChromium, screenshot, startAppServer, watchPage } from './browser.ts'

const ADMIN = { organisationName: 'Harbour Stores', name: 'Ada Admin', email: 'ada@harbour.example', password: 'correct horse battery' }
const MANAGER = { name: 'Morgan Manager', email: 'morgan@harbour.example', password: 'another long passphrase' }
const NEGATIVE = 'Waited 40 minutes and nobody apologised'
const POSITIVE = 'Lovely staff, spotless store'

let server: AppServer
let browser: Browser
let base: string
let adminCtx: BrowserContext
let managerCtx: BrowserContext
let app: Page
const csrf = new Map<APIRequestContext, string>()
const problems: string[] = []

async function send<T = any>(ctx: BrowserContext, method: string, path: string, data?: unknown, expected = [200, 201]): Promise<T> {
  const res = await ctx.request.fetch(`${base}${path}`, { method, data, headers: { 'x-csrf-token': csrf.get(ctx.request) ?? '' } })
  const body = await res.json().catch(() => null)
  if (!expected.includes(res.status())) throw new Error(`${method} ${path} answered ${res.status()}: ${JSON.stringify(body)}`)
  return body as T
}

beforeAll(async () => {
  browser = await launchChromium()
  server = await startAppServer('comments')
  base = server.base
  adminCtx = await browser.newContext()
  // bypassCSP lets axe-core's script in; the page watcher still reports the app's own refusals.
  managerCtx = await browser.newContext({ viewport: { width: 1400, height: 1000 }, bypassCSP: true, acceptDownloads: true })
  managerCtx.setDefaultTimeout(10_000)
  app = await managerCtx.newPage()
  watchPage(app, 'manager', problems)

  const setup = await adminCtx.request.post(`${base}/api/setup`, { data: ADMIN })
  expect(setup.status()).toBe(201)
  csrf.set(adminCtx.request, (await setup.json()).csrfToken)

  const location = (await send(adminCtx, 'POST', '/api/locations', { name: 'High Street branch', code: 'HS-1', kind: 'branch', address: '1 High Street' })).location
  const survey = (await send(adminCtx, 'POST', '/api/surveys', { title: 'Your visit today' })).survey
  await send(adminCtx, 'PUT', `/api/surveys/${survey.id}/draft`, {
    definition: {
      title: 'Your visit today',
      language: 'en',
      pages: [
        {
          id: 'p1',
          title: 'Your visit',
          questions: [
            { id: 'csat', type: 'csat', text: 'How satisfied were you?', required: true },
            { id: 'comment', type: 'comment', text: 'Tell us about your visit' },
          ],
        },
      ],
    },
  })
  await send(adminCtx, 'POST', `/api/surveys/${survey.id}/publish`)
  const collector = (await send(adminCtx, 'POST', `/api/surveys/${survey.id}/collectors`, { label: 'Counter', locationId: location.id })).collector
  const anon = await browser.newContext()
  const page = await (await anon.request.get(`${base}/api/public/s/${collector.token}`)).json()
  for (const [i, [csat, comment]] of ([
    [1, NEGATIVE],
    [5, POSITIVE],
  ] as const).entries()) {
    const res = await anon.request.post(`${base}/api/public/s/${collector.token}/responses`, { data: { clientId: `comments-e2e-${i}-${Date.now()}`, versionId: page.versionId, answers: { csat, comment } } })
    expect(res.status(), await res.text()).toBeLessThan(300)
  }
  await anon.close()

  // The manager joins by invitation and signs in in their own browser.
  const invite = await send<{ url: string }>(adminCtx, 'POST', '/api/users/invitations', { email: MANAGER.email, role: 'manager' })
  const token = new URL(invite.url).pathname.split('/').pop()
  const accepted = await managerCtx.request.post(`${base}/api/invitations/${token}/accept`, { data: { name: MANAGER.name, password: MANAGER.password } })
  expect(accepted.status()).toBe(201)
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name })
const list = () => app.locator('ol.comment-list')
const item = (text: string) => list().locator('li.comment-item', { hasText: text })
const search = () => new URL(app.url()).searchParams
async function expectNoViolations(page: Page) {
  expect(describeViolations(await axeViolations(page))).toEqual([])
}

describe('comments, in Chromium', () => {
  it('lists both comments with their sentiment, themes and the words that drove it', async () => {
    await app.goto(`${base}/`)
    await heading(app, 'Dashboard').waitFor()
    await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Comments', exact: true }).click()
    await heading(app, 'Comments').waitFor()
    await item(NEGATIVE).waitFor()
    await item(POSITIVE).waitFor()
    expect(await app.getByRole('heading', { name: 'Comments (2)' }).count()).toBe(1)

    const negative = item(NEGATIVE)
    expect(await negative.locator('.sentiment').textContent()).toContain('Negative')
    expect(await negative.locator('mark.evidence-negative').count()).toBeGreaterThan(0)
    expect(await negative.locator('mark.evidence-negative .sr-only').first().textContent()).toBe(' (negative words)')
    expect(await negative.textContent()).toContain('Wait time')
    expect(await negative.textContent()).toContain('High Street branch')
    expect(await negative.textContent()).toContain('Your visit today')
    expect(await negative.textContent()).toContain('Tell us about your visit')
    // The quoted text reads as the comment, highlights and all.
    expect((await negative.locator('blockquote').evaluate((el) => [...el.childNodes].map((n) => (n as HTMLElement).classList?.contains('evidence') ? n.firstChild!.textContent : n.textContent).join('')))).toBe(NEGATIVE)

    const positive = item(POSITIVE)
    expect(await positive.locator('.sentiment').textContent()).toContain('Positive')
    expect(await positive.locator('mark.evidence-positive').count()).toBeGreaterThan(0)
    expect(await positive.locator('mark.evidence-positive .sr-only').first().textContent()).toBe(' (positive words)')

    // The theme panel counts them.
    const themes = app.getByRole('region', { name: 'Themes' })
    await themes.getByRole('button', { name: 'Wait time' }).waitFor()
    const waitRow = themes.getByRole('row', { name: /Wait time/ })
    expect(await waitRow.textContent()).toContain('100%')
    await themes.getByRole('img', { name: /By month: .* 1 \(1 negative\)/ }).first().waitFor()
    await themes.getByRole('button', { name: 'Show the monthly figures' }).click()
    await themes.getByRole('table', { name: 'Comments by theme and month, with the negative ones in brackets' }).waitFor()
    await screenshot(app, 'comments-01-list')
    await expectNoViolations(app)
  })

  it('filters by sentiment through the address, and a reload keeps the filter', async () => {
    await app.getByLabel('Sentiment', { exact: true }).selectOption('negative')
    await app.waitForURL(/label=negative/)
    await item(POSITIVE).waitFor({ state: 'detached' })
    await item(NEGATIVE).waitFor()
    expect(search().get('label')).toBe('negative')

    await app.reload()
    await heading(app, 'Comments').waitFor()
    await item(NEGATIVE).waitFor()
    expect(await item(POSITIVE).count()).toBe(0)
    expect(await app.getByLabel('Sentiment', { exact: true }).inputValue()).toBe('negative')
    expect(await app.getByRole('heading', { name: 'Comments (1)' }).count()).toBe(1)

    // A sentiment nothing has: the empty state, with a way out.
    await app.getByLabel('Sentiment', { exact: true }).selectOption('mixed')
    await app.getByText('No comments match these filters').waitFor()
    await app.getByRole('button', { name: 'Clear filters' }).first().click()
    await item(POSITIVE).waitFor()
    expect(search().get('label')).toBeNull()
  })

  it('filters by a theme chosen in the theme summary', async () => {
    const themes = app.getByRole('region', { name: 'Themes' })
    const wait = themes.getByRole('button', { name: 'Wait time' })
    await wait.click()
    await app.waitForURL(/theme=wait_time/)
    await item(POSITIVE).waitFor({ state: 'detached' })
    await item(NEGATIVE).waitFor()
    expect(await wait.getAttribute('aria-pressed')).toBe('true')
    expect(await app.getByLabel('Theme', { exact: true }).inputValue()).toBe('wait_time')
    await wait.click()
    await item(POSITIVE).waitFor()
    expect(search().get('theme')).toBeNull()
  })

  it('corrects a comment from the keyboard; the correction shows at once and sticks', async () => {
    const positive = item(POSITIVE)
    const button = positive.getByRole('button', { name: /^Correct/ })
    await button.focus()
    await app.keyboard.press('Enter')
    const dialog = app.getByRole('dialog', { name: 'Correct the sentiment and themes' })
    await dialog.waitFor()
    // Focus starts on the chosen sentiment; Escape closes and gives focus back.
    expect(await app.evaluate(() => (document.activeElement as HTMLInputElement).value)).toBe('positive')
    await expectNoViolations(app)
    await screenshot(app, 'comments-02-dialog')
    await app.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    expect(await app.evaluate(() => document.activeElement?.id)).toMatch(/^correct-/)

    await app.keyboard.press('Enter')
    await dialog.waitFor()
    // Arrow keys move through the radio group: positive → neutral → negative → mixed.
    for (let i = 0; i < 3; i++) await app.keyboard.press('ArrowDown')
    expect(await dialog.getByLabel('Mixed').isChecked()).toBe(true)
    await dialog.getByLabel('Price and value').focus()
    await app.keyboard.press('Space')
    expect(await dialog.getByLabel('Price and value').isChecked()).toBe(true)
    await dialog.getByRole('button', { name: 'Save correction' }).focus()
    await app.keyboard.press('Enter')
    await dialog.waitFor({ state: 'hidden' })
    expect(await app.evaluate(() => document.activeElement?.id)).toMatch(/^correct-/)

    await app.getByText(/^Correction saved: Mixed/).waitFor()
    expect(await positive.locator('.sentiment').textContent()).toContain('Mixed')
    expect(await positive.textContent()).toContain('Price and value')
    await positive.getByText(`Corrected by ${MANAGER.name}`).waitFor()

    await app.reload()
    await heading(app, 'Comments').waitFor()
    await item(POSITIVE).waitFor()
    expect(await item(POSITIVE).locator('.sentiment').textContent()).toContain('Mixed')
    expect(await item(POSITIVE).textContent()).toContain('Price and value')
    await item(POSITIVE).getByText(`Corrected by ${MANAGER.name}`).waitFor()
    // The corrected label is what filters use.
    await app.getByLabel('Sentiment', { exact: true }).selectOption('mixed')
    // The list refreshes after the address changes: wait for the other comment to go, not for one that was already there.
    await app.waitForURL(/label=mixed/)
    await item(NEGATIVE).waitFor({ state: 'detached' })
    await item(POSITIVE).waitFor()
    await app.getByLabel('Sentiment', { exact: true }).selectOption('')
    await item(NEGATIVE).waitFor()
    await screenshot(app, 'comments-03-corrected')
  })

  it('exports the corrections as JSONL lines in the labelled-data format', async () => {
    const [download] = await Promise.all([app.waitForEvent('download'), app.getByRole('link', { name: 'Export corrections (JSONL)' }).click()])
    const file = await download.path()
    const lines = readFileSync(file!, 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({ text: POSITIVE, label: 'mixed' })
    expect(lines[0].themes).toContain('price_value')
  })

  it('undoes the correction after confirming, back to the tagger', async () => {
    const positive = item(POSITIVE)
    await positive.getByRole('button', { name: 'Undo correction' }).click()
    const confirm = app.getByRole('dialog', { name: 'Undo this correction?' })
    await confirm.waitFor()
    await confirm.getByRole('button', { name: 'Undo correction' }).click()
    await app.getByText('Correction undone').waitFor()
    expect(await positive.locator('.sentiment').textContent()).toContain('Positive')
    expect(await positive.getByText(/Corrected by/).count()).toBe(0)
    expect(await positive.getByRole('button', { name: 'Undo correction' }).count()).toBe(0)
    await app.reload()
    await item(POSITIVE).waitFor()
    expect(await item(POSITIVE).locator('.sentiment').textContent()).toContain('Positive')
    await expectNoViolations(app)
  })

  it('erases a response on request after confirming: its comment leaves the list for good', async () => {
    const negative = item(NEGATIVE)
    await negative.getByRole('button', { name: /Erase the response/ }).click()
    const confirm = app.getByRole('dialog', { name: 'Erase this response?' })
    await confirm.waitFor()
    await expectNoViolations(app)
    await confirm.getByRole('button', { name: 'Erase the response' }).click()
    await app.getByText('The response was erased.').waitFor()
    expect(await item(NEGATIVE).count()).toBe(0)
    await app.reload()
    await item(POSITIVE).waitFor()
    expect(await item(NEGATIVE).count()).toBe(0)
  })

  it('raised no page errors and no Content-Security-Policy refusals', () => {
    expect(problems).toEqual([])
  })
})
