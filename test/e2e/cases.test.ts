/**
 * Closing the loop as a manager of the demo organisation does it, in real Chromium against the real
 * server over the seeded demo: a customer gives an NPS detractor score through a demo survey link,
 * the case it opens is in the manager's queue (with the case figures above), the manager opens it,
 * takes it, resolves it with a root cause and resolution from the keyboard (the server's message
 * shown on the field first), and sees it resolved with its timeline; closing asks first. A complaint
 * logged through the form joins the queue. The case rules and SLA form shows the server's problem on
 * its field and saves. axe-core finds nothing on the queue, a case, the complaint form or the rules.
 * The demo's own seeded cases, if any, are not relied on: this test's cases are found by their ids.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AppDatabase } from '../../server/db/database.ts'
import { DEMO_LOGIN, DEMO_USERS } from '../../server/demo/seed.ts'
import { DEFAULT_CASE_RULES, DEFAULT_SLA } from '../../shared/cases.ts'
import { axeViolations, describeViolations, launchChromium, screenshot, startDemoServer, watchPage } from './browser.ts'

const MANAGER = DEMO_USERS.find((u) => u.role === 'manager')!
const COMPLAINT_TITLE = `Refund promised on the phone never arrived (${Date.now().toString(36)})`

let database: AppDatabase
let close: () => Promise<void>
let base: string
let browser: Browser
let ctx: BrowserContext
let app: Page
let csrf = ''
let caseId = ''
let caseTitle = ''
let locationName = ''
const problems: string[] = []

async function send<T = any>(method: string, path: string, data?: unknown): Promise<T> {
  const res = await ctx.request.fetch(`${base}${path}`, { method, data, headers: { 'x-csrf-token': csrf } })
  const body = await res.json().catch(() => null)
  if (res.status() >= 300) throw new Error(`${method} ${path} answered ${res.status()}: ${JSON.stringify(body)}`)
  return body as T
}

beforeAll(async () => {
  const server = await startDemoServer('cases', 0.05)
  database = server.database
  base = server.base
  close = server.close

  browser = await launchChromium()
  // bypassCSP lets axe-core's script in; the page watcher still reports the app's own refusals.
  ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 }, bypassCSP: true })
  ctx.setDefaultTimeout(15_000)
  const login = await ctx.request.post(`${base}/api/auth/login`, { data: { email: MANAGER.email, password: DEMO_LOGIN.password } })
  expect(login.status()).toBe(200)
  csrf = (await login.json()).csrfToken
  app = await ctx.newPage()
  watchPage(app, 'manager', problems)

  // The documented rules, whatever the demo was seeded with: detractors (0–6) open a normal case for nobody in particular.
  await send('PUT', '/api/cases/settings', { rules: DEFAULT_CASE_RULES, sla: DEFAULT_SLA })

  // A customer answers a demo post-visit survey link with an NPS of 2.
  const survey = (await send<{ surveys: { id: string; title: string }[] }>('GET', '/api/surveys')).surveys.find((s) => s.title === 'Post-visit feedback')!
  const link = (await send<{ collectors: { token: string; state: string; locationId: string | null; locationName: string | null }[] }>('GET', `/api/surveys/${survey.id}/collectors`)).collectors.find((l) => l.state === 'open' && l.locationId)!
  locationName = link.locationName!
  const customer = await browser.newContext()
  const page = await (await customer.request.get(`${base}/api/public/s/${link.token}`)).json()
  const res = await customer.request.post(`${base}/api/public/s/${link.token}/responses`, { data: { clientId: `cases-e2e-${Date.now()}`, versionId: page.versionId, answers: { nps: 2, csat: 3 } } })
  expect(res.status(), await res.text()).toBe(201)
  const responseId = (await res.json()).id as string
  await customer.close()
  const opened = await database.db.selectFrom('follow_up_case').select(['id', 'title', 'trigger', 'status']).where('source_id', '=', responseId).executeTakeFirstOrThrow()
  expect(opened).toMatchObject({ trigger: 'nps_detractor', status: 'open' })
  caseId = opened.id
  caseTitle = opened.title
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await close?.()
})

const heading = (name: string | RegExp) => app.getByRole('heading', { level: 1, name })
const row = (id: string) => app.locator(`table.case-queue tr[data-case-id="${id}"]`)
const facts = () => app.getByRole('region', { name: 'The case', exact: true })
const timeline = () => app.getByTestId('case-timeline')
const focused = () => app.evaluate(() => ({ id: document.activeElement?.id ?? '', tag: document.activeElement?.tagName ?? '', text: document.activeElement?.textContent?.trim() ?? '' }))

async function expectNoAxeViolations(name: string) {
  const violations = await axeViolations(app)
  expect(describeViolations(violations), `axe on ${name}`).toEqual([])
}

describe('cases: from a detractor’s answer to a resolved case, and a complaint logged by hand', () => {
  it('shows the new case in the queue, with the figures of the last 90 days above it', async () => {
    await app.goto(`${base}/`)
    await heading('Dashboard').waitFor()
    await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Cases', exact: true }).click()
    await heading('Cases').waitFor()
    await row(caseId).waitFor()
    const text = (await row(caseId).textContent()) ?? ''
    expect(text).toContain(caseTitle)
    expect(text).toContain('NPS detractor')
    expect(text).toContain('Survey')
    expect(text).toContain(locationName)
    expect(text).toContain('Normal')
    expect(await row(caseId).locator('.case-status').textContent()).toBe('Open')
    expect(text).toContain('Unassigned')
    expect(text).toMatch(/Due in \d+ (minute|hour|day)/)
    // The figures: within SLA, time to resolve and first contact, each with its n; open and overdue.
    const figures = app.getByRole('region', { name: /^Last 90 days/ })
    await figures.getByTestId('case-figure-sla').waitFor()
    expect(await figures.getByTestId('case-figure-sla').textContent()).toMatch(/n = \d+/)
    expect(await figures.getByTestId('case-figure-time').textContent()).toMatch(/90th percentile .* n = \d+/)
    expect(await figures.getByTestId('case-figure-fcr').textContent()).toMatch(/n = \d+/)
    expect(await figures.getByTestId('case-figure-open').textContent()).toMatch(/\d+ overdue/)
    await figures.getByRole('heading', { name: 'Resolved cases by root cause' }).waitFor()
    // Active cases only, overdue ones first: no overdue case below one that is not.
    const overdue = await app.locator('table.case-queue tbody tr').evaluateAll((trs) => trs.map((tr) => tr.classList.contains('case-row-overdue')))
    expect(overdue.indexOf(false) === -1 || !overdue.slice(overdue.indexOf(false)).includes(true)).toBe(true)
    await screenshot(app, 'cases-01-queue')
    await expectNoAxeViolations('the queue')
  })

  it('keeps the filters in the address: all statuses, a channel, mine only', async () => {
    await app.getByLabel('Channel', { exact: true }).selectOption('survey')
    await app.waitForURL(/channel=survey/)
    await row(caseId).waitFor()
    await app.getByLabel('Only cases I own').check()
    await app.waitForURL(/mine=1/)
    await row(caseId).waitFor({ state: 'detached' })
    await app.reload()
    await heading('Cases').waitFor()
    expect(await app.getByLabel('Only cases I own').isChecked()).toBe(true)
    expect(await app.getByLabel('Channel', { exact: true }).inputValue()).toBe('survey')
    await app.getByRole('button', { name: 'Clear filters' }).first().click()
    await app.waitForURL((u) => u.search === '')
    await row(caseId).waitFor()
  })

  it('opens the case from the keyboard and shows its facts, source and timeline', async () => {
    await row(caseId).getByRole('link', { name: caseTitle }).focus()
    await app.keyboard.press('Enter')
    await app.waitForURL(new RegExp(`/cases/${caseId}$`))
    await heading(caseTitle).waitFor()
    await facts().getByText('NPS detractor').waitFor()
    expect(await app.getByTestId('case-status').textContent()).toBe('Open')
    const text = (await facts().textContent()) ?? ''
    expect(text).toContain(locationName)
    expect(text).toMatch(/Due in \d+/)
    expect(text).toContain('Not escalated')
    // A survey case links to that location’s comments of the day it was opened.
    const source = facts().getByRole('link', { name: new RegExp(`^Comments at ${locationName}`) })
    expect(await source.getAttribute('href')).toMatch(/^\/comments\?location=/)
    // No customer details were given, so none are shown.
    expect(await facts().getByText('Customer', { exact: true }).count()).toBe(0)
    await timeline().getByText('Opened', { exact: true }).waitFor()
    expect(await timeline().textContent()).toContain('Opened by the case rules: NPS answer 2 (detractor)')
    expect(await timeline().textContent()).toContain('Yardstick, automatically')
    await expectNoAxeViolations('a case')
  })

  it('takes the case: the owner is the manager and work has started', async () => {
    await app.getByRole('button', { name: 'Take it' }).click()
    await app.getByText('The case is yours, and work has started on it.').waitFor()
    expect(await app.getByTestId('case-status').textContent()).toBe('In progress')
    expect(await app.getByTestId('case-owner').textContent()).toBe(MANAGER.name)
    expect((await focused()).text).toBe('The case is yours, and work has started on it.')
    expect(await app.getByRole('button', { name: 'Take it' }).count()).toBe(0)
    await timeline().getByText('Open → In progress').waitFor()
    await timeline().getByText(`Assigned to ${MANAGER.name}`).waitFor()
  })

  it('resolves it from the keyboard: the server’s message shows on the field first', async () => {
    await app.getByRole('button', { name: 'Resolve…' }).focus()
    await app.keyboard.press('Enter')
    const form = app.getByRole('form', { name: 'Resolve the case' })
    await form.waitFor()
    expect((await focused()).id).toBe('resolve-root-cause')
    // Sent without a root cause: the server's 400 is shown on the field, and focus goes there.
    await form.getByLabel('Resolution').fill('Called the customer, apologised for the wait and refunded the visit.')
    await form.getByRole('button', { name: 'Resolve case' }).click()
    await form.getByText('Root cause is required to resolve a case').waitFor()
    expect((await focused()).id).toBe('resolve-root-cause')
    expect(await form.getByLabel('Root cause').getAttribute('aria-invalid')).toBe('true')

    await form.getByLabel('Root cause').selectOption('staffing')
    await form.getByLabel('No', { exact: true }).focus()
    await app.keyboard.press('Space')
    expect(await form.getByLabel('No', { exact: true }).isChecked()).toBe(true)
    await form.getByLabel('Note with the change').fill('Rota short two people that Saturday.')
    await form.getByRole('button', { name: 'Resolve case' }).focus()
    await app.keyboard.press('Enter')
    await app.getByText('Case resolved.').waitFor()
    expect(await app.getByTestId('case-status').textContent()).toBe('Resolved')
    expect(await app.getByTestId('case-root-cause').textContent()).toBe('Staffing levels')
    expect(await app.getByTestId('case-resolution').textContent()).toContain('refunded the visit')
    expect(await facts().textContent()).toContain('Not resolved at the first contact')
    expect(await facts().textContent()).toContain('Resolved within the SLA')
    const events = await timeline().locator('li .timeline-head strong').allTextContents()
    expect(events).toEqual(['Opened', 'Open → In progress', `Assigned to ${MANAGER.name}`, 'Resolved'])
    await timeline().getByText('Rota short two people that Saturday.').waitFor()
    // Once resolved, the moves are Close and Reopen.
    await app.getByRole('button', { name: 'Close', exact: true }).waitFor()
    await app.getByRole('button', { name: 'Reopen' }).waitFor()
    await screenshot(app, 'cases-02-resolved')
    await expectNoAxeViolations('a resolved case')
  })

  it('asks before closing; cancelling changes nothing, confirming closes it', async () => {
    await app.getByRole('button', { name: 'Close', exact: true }).click()
    const dialog = app.getByRole('dialog', { name: 'Close this case?' })
    await dialog.waitFor()
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    await dialog.waitFor({ state: 'hidden' })
    expect(await app.getByTestId('case-status').textContent()).toBe('Resolved')
    await app.getByRole('button', { name: 'Close', exact: true }).click()
    await dialog.getByRole('button', { name: 'Close case' }).click()
    await app.getByText('Case closed.').waitFor()
    expect(await app.getByTestId('case-status').textContent()).toBe('Closed')
    await timeline().getByText('Closed', { exact: true }).waitFor()

    // The queue's "All cases" lists it, resolved within the SLA.
    await app.getByRole('link', { name: '← Cases' }).click()
    await heading('Cases').waitFor()
    await app.getByLabel('Status', { exact: true }).selectOption('all')
    await app.waitForURL(/status=all/)
    await row(caseId).waitFor()
    expect(await row(caseId).textContent()).toContain('Closed')
    expect(await row(caseId).textContent()).toContain('Resolved within the SLA')
  })

  it('logs a complaint through the form; it opens as a case and joins the queue', async () => {
    await app.goto(`${base}/cases`)
    await heading('Cases').waitFor()
    await app.getByRole('link', { name: 'Log a complaint' }).click()
    await heading('Log a complaint').waitFor()
    await app.getByLabel('Location', { exact: true }).locator('option').nth(1).waitFor({ state: 'attached' })
    await screenshot(app, 'cases-03-complaint-form')
    await expectNoAxeViolations('the complaint form')

    // Without a title: the server says so on the field, and focus goes there.
    await app.getByRole('button', { name: 'Log the complaint' }).click()
    await app.getByText('Title is required').waitFor()
    expect(await app.evaluate(() => (document.activeElement as HTMLInputElement | null)?.getAttribute('aria-invalid'))).toBe('true')

    await app.getByLabel(/^Channel/).selectOption('email')
    await app.getByLabel(/^Title/).fill(COMPLAINT_TITLE)
    await app.getByLabel('Summary').fill('Wrote in to say the refund agreed on the phone two weeks ago has not arrived.')
    await app.getByLabel('Customer name').fill('Pat Doe')
    await app.getByLabel('Customer contact').fill('pat@example.com')
    await app.getByLabel('The customer agreed to be contacted about this complaint').check()
    await app.getByLabel('Location', { exact: true }).selectOption({ label: locationName })
    await app.getByLabel('Priority', { exact: true }).selectOption('high')
    const firstStandard = app.locator('.complaint-standards input[type="checkbox"]').first()
    await firstStandard.check()
    await app.getByRole('button', { name: 'Log the complaint' }).click()

    await heading(COMPLAINT_TITLE).waitFor()
    const id = new URL(app.url()).pathname.split('/').pop()!
    expect(await app.getByTestId('case-status').textContent()).toBe('Open')
    const text = (await facts().textContent()) ?? ''
    expect(text).toContain('Complaint')
    expect(text).toContain('Email')
    expect(text).toContain(locationName)
    expect(text).toContain('High')
    expect(text).toContain('Pat Doe')
    expect(text).toContain('pat@example.com')
    expect(text).toContain('Agreed to be contacted about this case')
    expect(await facts().locator('a[href^="/standards/"]').count()).toBe(1)
    await timeline().getByText('Complaint logged (email)').waitFor()
    await expectNoAxeViolations('a complaint case')

    // Someone else changes it while the page is open: the page says so and offers a reload, focused.
    await send('PATCH', `/api/cases/${id}`, { priority: 'urgent', note: 'Raised by a colleague' })
    await app.getByRole('button', { name: 'Take it' }).click()
    await app.getByText('This case was changed meanwhile — reload it to see the latest, then try again.').waitFor()
    expect((await focused()).text).toBe('Reload the case')
    expect(await app.getByTestId('case-owner').textContent()).not.toBe(MANAGER.name)
    await app.keyboard.press('Enter')
    await timeline().getByText('Raised by a colleague').waitFor()
    expect(await facts().textContent()).toContain('Urgent')
    await app.getByRole('button', { name: 'Take it' }).click()
    await app.getByText('The case is yours, and work has started on it.').waitFor()
    expect(await app.getByTestId('case-owner').textContent()).toBe(MANAGER.name)

    await app.getByRole('link', { name: '← Cases' }).click()
    await heading('Cases').waitFor()
    await row(id).waitFor()
    expect(await row(id).textContent()).toContain(COMPLAINT_TITLE)
    expect(await row(id).textContent()).toContain('Complaint')
    expect(await row(id).textContent()).toContain('Urgent')
  })

  it('edits the case rules and SLA: a problem is shown on its field, then it saves', async () => {
    await app.goto(`${base}/cases`)
    await heading('Cases').waitFor()
    await app.getByRole('link', { name: 'Case rules and SLA' }).click()
    await heading('Case rules and SLA').waitFor()
    await app.getByLabel('Working day ends').waitFor()
    await expectNoAxeViolations('the case rules and SLA')
    await app.getByLabel('Working day ends').fill('08:00')
    await app.getByRole('button', { name: 'Save rules and SLA' }).click()
    await app.getByText('Working day ends must be after the start of the working day').waitFor()
    await screenshot(app, 'cases-04-settings-error')
    expect(await app.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('08:00')
    await app.getByLabel('Working day ends').fill('17:30')
    await app.getByLabel('Saturday').check()
    await app.getByRole('button', { name: 'Add a holiday' }).click()
    await app.getByLabel('Holiday 1').fill('2026-12-25')
    await app.getByRole('button', { name: 'Save rules and SLA' }).click()
    await app.getByText('Case rules and SLA saved.', { exact: false }).waitFor()
    const saved = await send<{ sla: { dayEnd: string; workingDays: number[]; holidays: string[] } }>('GET', '/api/cases/settings')
    expect(saved.sla).toMatchObject({ dayEnd: '17:30', workingDays: [1, 2, 3, 4, 5, 6], holidays: ['2026-12-25'] })
  })

  it('raised no page errors and no Content-Security-Policy refusals', () => {
    expect(problems).toEqual([])
  })
})
