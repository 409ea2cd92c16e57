/**
 * The audit template builder as a manager uses it, in Chromium against the real server: create a
 * template, add a section with a critical yes/no item linked to a standard and a timing item whose
 * 30-second threshold comes from its timing standard, reorder by keyboard, meet a problem named on
 * its field, fix it, save, publish, and see version 1 published; then open it read-only once a new
 * draft exists. axe-core finds no violations on the list or the builder.
 */
import { join } from 'node:path'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AppServer, axeViolations, describeViolations, launchChromium, screenshot, screenshotDir, startAppServer, watchPage } from './browser.ts'

const ADMIN = { organisationName: 'Northgate Building Society', name: 'Mo Manager', email: 'mo@northgate.example', password: 'a long enough passphrase' }
const TITLE = 'Branch visit'
const HELP_LABEL = 'Did the adviser offer further help before you left?'
const HELP_ID = 'did_the_adviser_offer_further_help'
const SERVED_LABEL = 'How long until an adviser served you?'
const SERVED_ID = 'how_long_until_an_adviser_served'

let server: AppServer
let browser: Browser
let base: string
let manager: BrowserContext
let app: Page
let templateId = ''
const standardIds: Record<string, string> = {}
const problems: string[] = []

beforeAll(async () => {
  browser = await launchChromium()
  server = await startAppServer('audit-templates')
  base = server.base
  manager = await browser.newContext({ viewport: { width: 1400, height: 1000 } })
  manager.setDefaultTimeout(10_000)
  app = await manager.newPage()
  watchPage(app, 'manager', problems)
  const res = await manager.request.post(`${base}/api/setup`, { data: ADMIN })
  expect(res.status()).toBe(201)
  const { csrfToken } = (await (await manager.request.get(`${base}/api/auth/me`)).json()) as { csrfToken: string }
  const standards = [
    { code: 'HLP-01', title: 'Offer further help at every visit', metric: 'audit_compliance', target: 95 },
    { code: 'SRV-01', title: 'Serve every customer within 30 seconds', metric: 'timing', target: 90 },
  ]
  for (const s of standards) {
    const created = await manager.request.post(`${base}/api/standards`, {
      headers: { 'X-CSRF-Token': csrfToken },
      data: { ...s, description: '', owner: 'Branch Network Lead', channel: 'Branches', customerType: 'external', dimension: 'responsiveness', tolerance: 5, direction: 'higher' },
    })
    expect(created.status(), await created.text()).toBe(201)
    standardIds[s.code] = ((await created.json()) as { standard: { id: string } }).standard.id
  }
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name })
const statusBar = () => app.locator('.status-bar')
const card = (id: string) => app.locator(`.question-card[data-item-id="${id}"]`)
const section = (n: number) => app.getByRole('group', { name: new RegExp(`^Section ${n} of`) })
const focusedId = () => app.evaluate(() => document.activeElement?.id)
const hasFocus = (locator: Locator) => locator.evaluate((el) => el === document.activeElement)

describe('the audit template builder, in Chromium', () => {
  it('creates a template from the empty list', async () => {
    await app.goto(`${base}/audits/templates`)
    await heading(app, 'Audit templates').waitFor()
    await app.getByText('No audit templates yet').waitFor()
    await app.getByLabel('Title').fill(TITLE)
    await app.getByRole('button', { name: 'Create template' }).click()
    await heading(app, TITLE).waitFor()
    templateId = new URL(app.url()).pathname.split('/').pop()!
    await statusBar().getByText('Version 1 · Draft').waitFor()
    // The starter section's items, with the score they add up to.
    expect(await app.locator('.question-card .question-id').allTextContents()).toEqual(['id: greeted', 'id: queue_time', 'id: narrative'])
  })

  it('adds a section with a critical yes/no item linked to a standard', async () => {
    await app.getByRole('button', { name: 'Add a section' }).click()
    expect(await focusedId()).toBe('section-1-title')
    await app.keyboard.type('At the counter')
    await section(2).getByRole('heading', { name: 'Section 2 of 2: At the counter' }).waitFor()

    await section(2).getByLabel('New item type (section 2)').selectOption('yes_no')
    await section(2).getByRole('button', { name: 'Add item to section 2' }).click()
    // The new item's label is selected: typing replaces it, and the id follows the label.
    await app.keyboard.type(HELP_LABEL)
    const item = card(HELP_ID)
    await item.waitFor()
    await item.getByLabel('Critical item').check()
    await item.getByLabel('HLP-01 — Offer further help at every visit').check()
    await item.getByText('Critical', { exact: true }).waitFor()
  })

  it('adds a timing item that takes its 30-second threshold from a timing standard, and moves it by keyboard', async () => {
    await section(2).getByLabel('New item type (section 2)').selectOption('timing')
    await section(2).getByRole('button', { name: 'Add item to section 2' }).click()
    await app.keyboard.type(SERVED_LABEL)
    const item = card(SERVED_ID)
    await item.getByText('Suggested for a timing item: standards measured by timing.').waitFor()
    await item.getByLabel('SRV-01 — Serve every customer within 30 seconds').check()
    await item.getByRole('button', { name: "Use the standard's target: 30 seconds (SRV-01)" }).click()
    expect(await item.getByLabel('Threshold (seconds)').inputValue()).toBe('30')
    await item.getByText('Passes when the stopwatch reads 30 seconds or less.').waitFor()

    // Keyboard: Move up; at the top the focus moves to the twin button of the item that moved.
    await app.getByRole('button', { name: 'Move up item 2.2' }).focus()
    await app.keyboard.press('Enter')
    expect(await hasFocus(card(SERVED_ID).getByRole('button', { name: 'Move down item 2.1' }))).toBe(true)
    expect(await section(2).locator('.question-id').allTextContents()).toEqual([`id: ${SERVED_ID}`, `id: ${HELP_ID}`])
    await statusBar().getByText('Unsaved changes').waitFor()

    // The score preview adds the weights up: 2 points in each section, one critical item.
    const preview = app.getByRole('region', { name: 'Score preview' })
    expect(await preview.locator('tfoot td').allTextContents()).toEqual(['5', '4', '100.0%'])
    await preview.getByRole('link', { name: HELP_LABEL }).waitFor()
  })

  it('names a problem on its field and in the summary, and drops it once fixed', async () => {
    const label = card(HELP_ID).getByLabel('What the shopper checks')
    await label.fill('')
    await app.keyboard.press('Control+s')
    const summary = app.getByRole('heading', { name: 'One problem to fix' })
    await summary.waitFor()
    await app.getByRole('link', { name: `Section 2, item 2 (${HELP_ID}), label is required` }).click()
    expect(await hasFocus(label)).toBe(true)
    expect(await label.getAttribute('aria-invalid')).toBe('true')
    // The message is read with the field.
    const described = (await label.getAttribute('aria-describedby')) ?? ''
    expect(await app.locator(`#${described.split(' ').pop()}`).textContent()).toBe('What the shopper checks is required')
    await screenshot(app, 'audit-builder-01-problem')
    await label.fill(HELP_LABEL)
    await summary.waitFor({ state: 'detached' })
    expect(await label.getAttribute('aria-invalid')).toBeNull()
  })

  it('saves, publishes after confirming, and shows version 1 published', async () => {
    await app.getByRole('button', { name: 'Save draft' }).click()
    await app.getByText('Draft saved.').waitFor()
    await statusBar().getByText('Unsaved changes').waitFor({ state: 'detached' })
    await app.getByRole('button', { name: 'Publish' }).click()
    const dialog = app.getByRole('dialog')
    await dialog.getByText(/frozen once published/).waitFor()
    await dialog.getByRole('button', { name: 'Publish version 1' }).click()
    await statusBar().getByText('Version 1 · Published').waitFor()
    const versions = app.getByRole('region', { name: 'Versions' })
    await versions.getByText('Published', { exact: true }).waitFor()
    await screenshot(app, 'audit-builder-02-published')
    for (const [name, locator] of [
      ['audit-builder-timing-item', card(SERVED_ID)],
      ['audit-builder-settings', app.getByRole('region', { name: 'Scoring and privacy' })],
      ['audit-builder-score-preview', app.getByRole('region', { name: 'Score preview' })],
    ] as const)
      await locator.screenshot({ path: join(screenshotDir, `${name}.png`) })

    const res = await manager.request.get(`${base}/api/audit-templates/${templateId}`)
    const body = (await res.json()) as { versions: { version: number; status: string; definition: { sections: { title: string; items: Record<string, unknown>[] }[] } }[] }
    expect(body.versions.map((v) => [v.version, v.status])).toEqual([[1, 'published']])
    const counter = body.versions[0]!.definition.sections[1]!
    expect(counter.title).toBe('At the counter')
    expect(counter.items.map((i) => [i.id, i.type, i.critical, i.standardIds])).toEqual([
      [SERVED_ID, 'timing', false, [standardIds['SRV-01']]],
      [HELP_ID, 'yes_no', true, [standardIds['HLP-01']]],
    ])
    expect(counter.items[0]!.thresholdSeconds).toBe(30)
  })

  it('starts version 2 as a draft and opens version 1 read-only', async () => {
    await app.locator('#section-1-guidance').fill('Judge the adviser who serves you, not the queue.')
    await app.getByRole('button', { name: 'Save draft' }).click()
    await statusBar().getByText('Version 2 · Draft').waitFor()
    await app.getByRole('link', { name: 'View version 1' }).click()
    await app.getByText('You are viewing version 1').waitFor()
    expect(await app.locator('#section-1-guidance').isDisabled()).toBe(true)
    expect(await app.getByRole('button', { name: 'Save draft' }).count()).toBe(0)
    await app.getByRole('link', { name: 'Back to the draft version 2' }).click()
    await statusBar().getByText('Version 2 · Draft').waitFor()

    await app.getByRole('link', { name: '← All audit templates' }).click()
    const row = app.getByRole('row', { name: new RegExp(TITLE) })
    await row.getByText('Version 1').waitFor()
    await row.getByText('Draft of changes').waitFor()
  })

  it('has no accessibility violations on the list and in the builder (axe-core)', async () => {
    // axe is injected as an inline script, which the app's CSP rightly refuses: this context bypasses it.
    const audit = await browser.newContext({ bypassCSP: true, storageState: await manager.storageState(), viewport: { width: 1400, height: 1000 } })
    const page = await audit.newPage()
    await page.goto(`${base}/audits/templates`)
    await heading(page, 'Audit templates').waitFor()
    await page.getByRole('link', { name: TITLE }).waitFor()
    expect(describeViolations(await axeViolations(page))).toEqual([])
    await page.goto(`${base}/audits/templates/${templateId}`)
    await heading(page, TITLE).waitFor()
    await page.locator('.question-card').first().waitFor()
    expect(describeViolations(await axeViolations(page))).toEqual([])
    await audit.close()
  })

  it('raised no page errors and no Content-Security-Policy refusals', () => {
    expect(problems).toEqual([])
  })
})
