/**
 * Improvement actions as a manager of the demo organisation uses them, in real Chromium against the
 * real server over the seeded demo: Actions in the navigation, the list, the action that worked
 * (York's refit) with its verdict saying the rise is significant, a new action recorded from the
 * keyboard after its validation messages, a stakeholder logged, and the action deleted after the
 * confirmation dialog. axe-core finds nothing on the list, the form with its errors or the detail.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_LOGIN } from '../../server/demo/seed.ts'
import { axeViolations, describeViolations, launchChromium, screenshot, startDemoServer, watchPage } from './browser.ts'

const MANAGER = 'manager@yardstick.example'

let close: () => Promise<void>
let base: string
let browser: Browser
let ctx: BrowserContext
let app: Page
const problems: string[] = []

beforeAll(async () => {
  const server = await startDemoServer('actions', 0.4)
  base = server.base
  close = server.close

  browser = await launchChromium()
  // bypassCSP lets axe-core's script in; the page watcher still reports the app's own refusals.
  ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 }, bypassCSP: true })
  ctx.setDefaultTimeout(15_000)
  const login = await ctx.request.post(`${base}/api/auth/login`, { data: { email: MANAGER, password: DEMO_LOGIN.password } })
  expect(login.status()).toBe(200)
  app = await ctx.newPage()
  watchPage(app, 'manager', problems)
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await close?.()
})

async function expectNoAxeViolations(name: string) {
  const violations = await axeViolations(app)
  expect(describeViolations(violations), `axe on ${name}`).toEqual([])
}

describe('improvement actions: the demo’s action that worked, and recording one', () => {
  it('lists the demo’s actions from the navigation, with status, owner, start date and standards', async () => {
    await app.goto(`${base}/`)
    await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Actions' }).click()
    await app.waitForURL(/\/actions$/)
    await app.getByRole('heading', { level: 1, name: 'Improvement actions' }).waitFor()
    const rows = app.locator('table tbody tr')
    await rows.first().waitFor()
    expect(await rows.count()).toBe(2)
    const york = rows.filter({ hasText: 'Refit and one-queue layout at York' })
    expect(await york.textContent()).toContain('Done')
    expect(await york.textContent()).toContain('Priya Shah')
    expect(await york.textContent()).toContain('SAT-01')
    expect(await york.textContent()).toContain('compared with Leeds – Briggate, Nottingham – Clumber Street')
    await screenshot(app, 'actions-01-list')
    await expectNoAxeViolations('the actions list')
  })

  it('opens the action that worked: before and after per standard, and a verdict saying the rise is significant', async () => {
    await app.getByRole('link', { name: 'Refit and one-queue layout at York' }).click()
    await app.waitForURL(/\/actions\/[0-9A-Z]{26}$/)
    await app.getByRole('heading', { level: 1, name: 'Refit and one-queue layout at York' }).waitFor()
    const nps = app.locator('[data-standard-code="REC-01"]')
    await nps.getByTestId('verdict').waitFor()
    const verdict = (await nps.getByTestId('verdict').textContent()) ?? ''
    expect(verdict).toMatch(/NPS at York – Coney Street rose from .+ to .+; the change is significant at 95%/)
    expect(verdict).toMatch(/difference of differences is \+\d+ points, 95% interval .+: significant at 95%\./)
    expect(await nps.getAttribute('data-outcome')).toBe('improved')
    expect(verdict).toContain('Improved (significant)')
    // The table beside it: both groups with n and intervals, and the difference of differences.
    const table = nps.locator('table')
    expect(await table.locator('tbody tr').count()).toBe(3)
    expect(await table.textContent()).toMatch(/n = \d{2,}/)
    expect(await table.textContent()).toContain('95%:')
    expect(await table.textContent()).toContain('Difference of differences')
    // CSAT is there too, with its own verdict; and the stakeholder log from the demo.
    expect(await app.locator('[data-standard-code="SAT-01"]').getByTestId('verdict').textContent()).toMatch(/^.*CSAT at York – Coney Street (rose|fell|stayed)/)
    const log = app.getByRole('region', { name: 'Stakeholders consulted and informed' })
    expect(await log.locator('tbody tr').count()).toBe(4)
    expect(await log.textContent()).toContain('York store team')
    await screenshot(app, 'actions-02-worked')
    await expectNoAxeViolations('the action that worked')
  })

  it('records a new action from the keyboard after its validation messages, logs a stakeholder and deletes it after confirming', async () => {
    await app.goto(`${base}/actions`)
    await app.getByRole('heading', { level: 1, name: 'Improvement actions' }).waitFor()
    await app.getByRole('button', { name: 'New action' }).focus()
    await app.keyboard.press('Enter')
    const title = app.getByRole('textbox', { name: /^Title\b/ })
    await title.waitFor()
    await app.getByRole('group', { name: /Standards it should improve/ }).getByRole('checkbox').first().waitFor()
    expect(await title.evaluate((el) => el === document.activeElement)).toBe(true)
    // Sending the empty form says what is missing, field by field, before anything is sent.
    await app.getByRole('button', { name: 'Record action' }).focus()
    await app.keyboard.press('Enter')
    await app.getByText('Title is required').waitFor()
    await app.getByText('Standards must include at least one standard').waitFor()
    await app.getByText('Locations must include at least one location').waitFor()
    await screenshot(app, 'actions-03-form-errors')
    await expectNoAxeViolations('the new-action form with its errors')
    expect(await title.evaluate((el) => el === document.activeElement)).toBe(true)

    await app.keyboard.type('Greeter at the door at lunchtimes')
    await app.getByRole('group', { name: /Standards it should improve/ }).getByRole('checkbox', { name: /^SAT-01/ }).check()
    await app.getByRole('group', { name: /Locations with the action/ }).getByRole('checkbox', { name: 'Bristol – Broadmead' }).check()
    await app.getByRole('spinbutton', { name: /^Window \(days\)/ }).fill('400')
    await app.getByRole('button', { name: 'Record action' }).click()
    await app.getByText('Window (days) must be from 7 to 365 days').waitFor()
    await app.getByRole('spinbutton', { name: /^Window \(days\)/ }).fill('30')
    await app.getByRole('button', { name: 'Record action' }).click()
    await app.waitForURL(/\/actions\/[0-9A-Z]{26}$/)
    await app.getByRole('heading', { level: 1, name: 'Greeter at the door at lunchtimes' }).waitFor()
    await app.locator('[data-standard-code="SAT-01"]').getByTestId('verdict').waitFor()

    // The stakeholder log: empty, then one entry.
    await app.getByText('Nobody logged yet').waitFor()
    await app.getByRole('textbox', { name: /^Stakeholder\b/ }).fill('Bristol store team')
    await app.getByRole('textbox', { name: 'Note', exact: true }).fill('Agreed who stands at the door.')
    await app.getByRole('button', { name: 'Add to the log' }).click()
    const log = app.getByRole('region', { name: 'Stakeholders consulted and informed' })
    await log.locator('tbody tr').first().waitFor()
    expect(await log.locator('tbody').textContent()).toContain('Bristol store team')
    await expectNoAxeViolations('a new action with its log')

    // Deleting asks first; Cancel keeps it, Delete removes it and goes back to the list.
    await app.getByRole('button', { name: 'Delete', exact: true }).click()
    const dialog = app.getByRole('dialog')
    await dialog.getByRole('heading', { name: /Delete “Greeter at the door at lunchtimes”\?/ }).waitFor()
    await app.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    expect(app.url()).toMatch(/\/actions\/[0-9A-Z]{26}$/)
    await app.getByRole('button', { name: 'Delete', exact: true }).click()
    await dialog.getByRole('button', { name: 'Delete action' }).click()
    await app.waitForURL(/\/actions$/)
    await app.locator('table tbody tr').first().waitFor()
    expect(await app.locator('table tbody tr').count()).toBe(2)
    expect(problems).toEqual([])
  })
})
