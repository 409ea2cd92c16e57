/**
 * The first vertical slice, as people do it in a real browser against the real server:
 * a manager sets up, creates a location and standards, builds, publishes and shares a survey; a
 * customer answers it on a phone by keyboard alone; the dashboard shows the result.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AppServer, axeViolations, describeViolations, launchChromium, screenshot, startAppServer, watchPage } from './browser.ts'

const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, hasTouch: true }
const ADMIN = { organisation: 'Northbridge Library Services', name: 'Ada Manager', email: 'ada@northbridge.example', password: 'correct horse battery' }

let server: AppServer
let browser: Browser
let base: string
let manager: BrowserContext
let app: Page
let surveyUrl = ''
/** Page errors and Content-Security-Policy refusals: any of these fails the suite. */
const problems: string[] = []

beforeAll(async () => {
  // Fail, never skip, when Chromium is missing.
  browser = await launchChromium()
  server = await startAppServer('e2e')
  base = server.base
  manager = await browser.newContext({ viewport: { width: 1280, height: 900 } })
  manager.setDefaultTimeout(10_000)
  app = await manager.newPage()
  watchPage(app, 'manager', problems)
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name })

async function navigate(page: Page, item: string) {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: item, exact: true }).click()
}

describe('the first slice, in Chromium', () => {
  it('sends a fresh installation to first-run setup, then signs the new admin in', async () => {
    await app.goto(`${base}/`)
    await heading(app, 'Set up Yardstick').waitFor()
    expect(new URL(app.url()).pathname).toBe('/setup')

    // A too-short password comes back from the server as an inline error on the field.
    await app.getByLabel('Organisation name').fill(ADMIN.organisation)
    await app.getByLabel('Your name').fill(ADMIN.name)
    await app.getByLabel('Email').fill(ADMIN.email)
    await app.getByLabel('Password').fill('short')
    await app.getByRole('button', { name: 'Create organisation' }).click()
    await app.getByText('must be at least 10 characters').waitFor()
    expect(await app.getByLabel('Password').getAttribute('aria-invalid')).toBe('true')
    expect(await app.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('password')
    await screenshot(app, '01-setup-error')

    await app.getByLabel('Password').fill(ADMIN.password)
    await app.getByRole('button', { name: 'Create organisation' }).click()
    await heading(app, 'Dashboard').waitFor()
    const banner = app.getByRole('banner')
    expect(await banner.textContent()).toContain(ADMIN.organisation)
    expect(await banner.textContent()).toContain(ADMIN.name)
    await app.getByText('No standards measured by surveys yet').waitFor()
    await screenshot(app, '02-dashboard-empty')
  })

  it('creates a location', async () => {
    await navigate(app, 'Locations')
    await heading(app, 'Locations').waitFor()
    await app.getByText('No locations yet').waitFor()
    await app.getByLabel('Name').fill('High Street branch')
    await app.getByLabel('Code').fill('HS-1')
    await app.getByLabel('Kind').selectOption('branch')
    await app.getByLabel('Address').fill('1 High Street, Northbridge')
    await app.getByRole('button', { name: 'Add location' }).click()
    await app.getByRole('row', { name: /High Street branch/ }).waitFor()
    await app.getByText('High Street branch added.').waitFor()
    await screenshot(app, '03-locations')
  })

  it('creates a CSAT standard and an NPS standard, with server-side errors shown on the field', async () => {
    await navigate(app, 'Standards')
    await heading(app, 'Service standards').waitFor()
    await app.getByText('No service standards yet').waitFor()

    await app.getByRole('link', { name: 'New standard' }).click()
    await heading(app, 'New service standard').waitFor()
    await fillStandard(app, { code: 'CS-01', title: 'Customers are satisfied with their visit', dimension: 'assurance', metric: 'csat', target: '85', tolerance: '5' })
    await app.getByRole('button', { name: 'Create standard' }).click()
    await heading(app, /CS-01/).waitFor()
    const history = app.getByRole('table')
    await history.getByRole('cell', { name: '≥ 85%' }).waitFor()
    await screenshot(app, '04-standard-detail')

    await navigate(app, 'Standards')
    await app.getByRole('link', { name: 'New standard' }).click()
    await fillStandard(app, { code: 'CS-01', title: 'Customers would recommend us', dimension: 'reliability', metric: 'nps', target: '40', tolerance: '10' })
    await app.getByRole('button', { name: 'Create standard' }).click()
    // The duplicate code is refused by the server; its issue lands on the Code field.
    await app.getByText('is already used by another standard').waitFor()
    expect(await app.getByLabel('Code').getAttribute('aria-invalid')).toBe('true')
    await app.getByLabel('Code').fill('NPS-01')
    await app.getByRole('button', { name: 'Create standard' }).click()
    await heading(app, /NPS-01/).waitFor()

    await navigate(app, 'Standards')
    await app.getByRole('link', { name: 'Customers would recommend us' }).waitFor()
    await app.getByRole('heading', { name: /Assurance/ }).waitFor()
    await app.getByRole('heading', { name: /Reliability/ }).waitFor()
    await screenshot(app, '05-standards')
  })

  it('builds a survey from the starter draft, links questions to standards, publishes it and creates a link', async () => {
    await navigate(app, 'Surveys')
    await app.getByText('No surveys yet').waitFor()
    await app.getByLabel('Title').fill('Your visit today')
    await app.getByRole('button', { name: 'Create survey' }).click()
    await heading(app, 'Your visit today').waitFor()
    await app.locator('.status-bar').getByText('Version 1 · Draft').waitFor()

    const questions = app.locator('.question-card')
    expect(await questions.count()).toBe(3)
    const order = () => questions.locator('.question-id').allTextContents()
    const focusedId = () => app.evaluate(() => document.activeElement?.id)
    // Reordering works from the keyboard, and focus follows the question that moved.
    await app.getByRole('button', { name: 'Move down question 1' }).focus()
    await app.keyboard.press('Enter')
    expect(await order()).toEqual(['id: csat', 'id: nps', 'id: comment'])
    expect(await focusedId()).toBe('q-nps-down')
    await app.keyboard.press('Shift+Tab')
    expect(await focusedId()).toBe('q-nps-up')
    await app.keyboard.press('Enter')
    expect(await order()).toEqual(['id: nps', 'id: csat', 'id: comment'])
    expect(await focusedId()).toBe('q-nps-down')
    await app.locator('.status-bar').getByText('Unsaved changes').waitFor()
    await questions.nth(0).getByLabel('NPS-01 — Customers would recommend us').check()
    await questions.nth(1).getByLabel('CS-01 — Customers are satisfied with their visit').check()
    await app.getByLabel('Introduction').fill('Three quick questions about your visit. It takes under a minute.')
    await app.getByRole('button', { name: 'Save draft' }).click()
    await app.getByText('Draft saved.').waitFor()
    await app.getByRole('button', { name: 'Publish' }).click()
    await app.locator('.status-bar').getByText('Version 1 · Published').waitFor()

    await app.getByRole('link', { name: 'Share and manage links' }).click()
    await heading(app, 'Share “Your visit today”').waitFor()
    await app.getByRole('button', { name: 'New link' }).click()
    const form = app.getByRole('form', { name: 'New link' })
    await form.getByLabel('Label').fill('Counter QR code')
    await form.getByLabel('Location', { exact: true }).selectOption({ label: 'High Street branch' })
    await form.getByLabel('Channel', { exact: true }).selectOption({ label: 'QR code' })
    await form.getByRole('button', { name: 'Create link' }).click()
    const link = app.locator('.link-item', { hasText: 'Counter QR code' })
    await link.waitFor()
    expect(await link.textContent()).toContain('High Street branch')
    surveyUrl = await link.getByRole('textbox').inputValue()
    expect(surveyUrl).toMatch(new RegExp(`^${base}/s/[A-Za-z0-9_-]{16,}$`))
    await screenshot(app, '06-survey-editor')
  })

  it('has no accessibility violations on the respondent page (axe-core)', async () => {
    // axe is injected as an inline script, which the page's CSP rightly refuses: this context bypasses it.
    const audit = await browser.newContext({ ...PHONE, bypassCSP: true })
    const page = await audit.newPage()
    await page.goto(surveyUrl)
    await heading(page, 'Your visit today').waitFor()
    expect(describeViolations(await axeViolations(page))).toEqual([])
    await audit.close()
  })

  it('lets a customer answer on a phone by keyboard alone, keeping answers across a reload', async () => {
    const phone = await browser.newContext(PHONE)
    const page = await phone.newPage()
    watchPage(page, 'respondent', problems)
    await page.goto(surveyUrl)
    await heading(page, 'Your visit today').waitFor()
    expect(await page.getByText(ADMIN.organisation).count()).toBeGreaterThan(0)
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en')
    await screenshot(page, '07-respondent-first')

    const focused = () => page.evaluate(() => ({ name: (document.activeElement as HTMLInputElement).name, value: (document.activeElement as HTMLInputElement).value, tag: document.activeElement?.tagName }))
    const checked = (q: string) => page.evaluate((name) => (document.querySelector(`input[name="${name}"]:checked`) as HTMLInputElement | null)?.value ?? null, q)
    const progress = () => page.getByRole('progressbar').getAttribute('aria-valuenow')

    // NPS: Tab into the radio group, arrow keys choose 9.
    await page.keyboard.press('Tab')
    expect(await focused()).toMatchObject({ name: 'q-nps', value: '0' })
    for (let i = 0; i < 9; i++) await page.keyboard.press('ArrowRight')
    expect(await checked('q-nps')).toBe('9')
    expect(await progress()).toBe('1')

    // A reload keeps the answer.
    await page.reload()
    await heading(page, 'Your visit today').waitFor()
    expect(await checked('q-nps')).toBe('9')
    expect(await progress()).toBe('1')

    // Skip the required CSAT question and submit: the error is shown, linked and focused.
    await page.keyboard.press('Tab') // the chosen NPS radio
    expect(await focused()).toMatchObject({ name: 'q-nps', value: '9' })
    await page.keyboard.press('Tab') // CSAT group
    await page.keyboard.press('Tab') // comment
    expect((await focused()).tag).toBe('TEXTAREA')
    await page.keyboard.press('Tab') // Submit
    await page.keyboard.press('Enter')
    const error = page.locator('#q-csat-error')
    await error.waitFor()
    expect(await error.textContent()).toContain('Please answer this question.')
    expect(await focused()).toMatchObject({ name: 'q-csat' })
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-describedby'))).toContain('q-csat-error')
    expect(await page.getByRole('button', { name: 'Submit' }).getAttribute('aria-describedby')).toBe('page-errors')
    await screenshot(page, '08-respondent-error')

    // Space chooses 1, arrows move to 4 (satisfied); the error clears.
    await page.keyboard.press('Space')
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight')
    expect(await checked('q-csat')).toBe('4')
    expect(await error.count()).toBe(0)

    await page.keyboard.press('Tab')
    await page.keyboard.type('Quick and friendly service at the counter.')
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Submit')
    await page.keyboard.press('Enter')

    await heading(page, 'Thank you').waitFor()
    await page.getByText('Thank you — your answers have been received.').waitFor()
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('yardstick:')))).toEqual([])
    await screenshot(page, '09-respondent-thanks')
    await phone.close()
  })

  it('shows the answer on the dashboard: CSAT and NPS with n = 1 and "insufficient data"', async () => {
    await navigate(app, 'Dashboard')
    await heading(app, 'Dashboard').waitFor()
    const nps = app.getByRole('region', { name: 'Net Promoter Score' })
    const csat = app.getByRole('region', { name: 'Customer satisfaction (CSAT)' })
    await nps.getByText('+100', { exact: true }).waitFor()
    expect(await nps.textContent()).toContain('n = 1')
    await csat.getByText('100%', { exact: true }).waitFor()
    expect(await csat.textContent()).toContain('n = 1')

    const board = app.locator('table.board')
    expect(await board.locator('thead').textContent()).toContain('High Street branch')
    const csRow = board.getByRole('row', { name: /CS-01/ })
    const npsRow = board.getByRole('row', { name: /NPS-01/ })
    for (const [row, value] of [
      [csRow, '100%'],
      [npsRow, '+100'],
    ] as const) {
      const text = await row.textContent()
      expect(text).toContain(value)
      expect(text).toContain('n = 1')
      expect(text).toContain('Insufficient data')
      expect(text).not.toMatch(/On target|Off target|Within tolerance/)
    }
    // Overall and the High Street column both carry the one answer.
    expect(await csRow.getByText('Insufficient data').count()).toBe(2)
    await app.getByRole('img', { name: /Bar chart of CS-01 by location: High Street branch 100%/ }).waitFor()
    await screenshot(app, '10-dashboard')
  })

  it('queues an answer given offline and sends it when the connection returns', async () => {
    const phone = await browser.newContext(PHONE)
    const page = await phone.newPage()
    watchPage(page, 'respondent-offline', problems)
    await page.goto(surveyUrl)
    await heading(page, 'Your visit today').waitFor()
    await page.keyboard.press('Tab')
    await page.keyboard.press('Space') // NPS 0
    await page.keyboard.press('Tab')
    await page.keyboard.press('Space') // CSAT 1
    await phone.setOffline(true)
    await page.keyboard.press('Tab')
    await page.keyboard.press('Tab')
    await page.keyboard.press('Enter')
    await page.getByText('You’re offline — your answers are saved on this device and will be sent when you’re back online').waitFor()
    const queued = await page.evaluate(() => Object.entries(localStorage).find(([k]) => k.startsWith('yardstick:'))?.[1] ?? '')
    expect(JSON.parse(queued)).toMatchObject({ queued: true, answers: { nps: 0, csat: 1 } })
    await screenshot(page, '11-respondent-offline')

    await phone.setOffline(false)
    await heading(page, 'Thank you').waitFor()
    await phone.close()

    await app.reload()
    await app.getByRole('region', { name: 'Net Promoter Score' }).getByText('n = 2').waitFor()
    expect(await app.getByRole('region', { name: 'Net Promoter Score' }).getByText('0', { exact: true }).count()).toBe(1)
  })

  it('shows a friendly page for a closed link, also free of accessibility violations', async () => {
    await navigate(app, 'Surveys')
    await app.getByRole('link', { name: 'Your visit today' }).click()
    await app.getByRole('link', { name: 'Share and manage links' }).click()
    const link = app.locator('.link-item', { hasText: 'Counter QR code' })
    await link.getByRole('button', { name: /^Close/ }).click()
    const dialog = app.getByRole('dialog')
    await dialog.getByRole('heading', { name: 'Close “Counter QR code”?' }).waitFor()
    await dialog.getByRole('button', { name: 'Close link' }).click()
    await link.getByText('Closed', { exact: true }).waitFor()

    const audit = await browser.newContext({ ...PHONE, bypassCSP: true })
    const page = await audit.newPage()
    await page.goto(surveyUrl)
    await heading(page, 'This survey has closed').waitFor()
    await page.getByText('This survey has closed. Thank you for your interest.').waitFor()
    expect(describeViolations(await axeViolations(page))).toEqual([])
    await screenshot(page, '12-respondent-closed')
    await audit.close()
  })

  it('changes the password from the account page, then signs in with the new one', async () => {
    await app.getByRole('link', { name: /Your account|Ada/ }).first().click()
    await heading(app, 'Your account').waitFor()
    await app.getByLabel(/^Current password/).fill(ADMIN.password)
    await app.getByLabel(/^New password/).fill('a-brand-new-passphrase')
    await app.getByLabel('Repeat the new password').fill('a-different-passphrase')
    await app.getByRole('button', { name: 'Change password' }).click()
    await app.getByText('does not match the new password').waitFor()
    await app.getByLabel('Repeat the new password').fill('a-brand-new-passphrase')
    await app.getByRole('button', { name: 'Change password' }).click()
    await app.getByText('Password changed.').waitFor()
    await app.getByRole('button', { name: 'Sign out' }).click()
    await heading(app, 'Sign in').waitFor()
    expect(new URL(app.url()).search).toBe('')
    await app.getByLabel('Email').fill(ADMIN.email)
    await app.getByLabel('Password').fill('a-brand-new-passphrase')
    await app.getByRole('button', { name: 'Sign in' }).click()
    await heading(app, 'Dashboard').waitFor()
  })

  it('raised no page errors and no Content-Security-Policy refusals', () => {
    expect(problems).toEqual([])
  })
})

async function fillStandard(page: Page, s: { code: string; title: string; dimension: string; metric: string; target: string; tolerance: string }) {
  await page.getByLabel('Code').fill(s.code)
  await page.getByLabel('Title').fill(s.title)
  await page.getByLabel('Description').fill(`${s.title}, measured after every visit.`)
  await page.getByLabel('Owner').fill('Head of Customer Service')
  await page.getByLabel('Dimension').selectOption(s.dimension)
  await page.getByLabel('Metric').selectOption(s.metric)
  await page.getByLabel('Direction').selectOption('higher')
  await page.getByLabel('Target', { exact: false }).first().fill(s.target)
  await page.getByLabel('Tolerance').fill(s.tolerance)
}
