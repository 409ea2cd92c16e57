/**
 * The review report as a manager of the demo organisation uses it, in real Chromium against the real
 * server over the seeded demo: /review opens on last quarter, every section heading renders with
 * its content (sections whose API this installation lacks show their "not available" state, and
 * are held to their content as soon as the API answers), the manager records a measurement method
 * and the summary's commentary from the keyboard and finds them again after a reload, the period and
 * locations stay in the address, axe-core finds nothing, and the page printed to PDF (print media:
 * no navigation, no buttons) is a real, several-page document.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_LOGIN } from '../../server/demo/seed.ts'
import { axeViolations, describeViolations, launchChromium, screenshot, screenshotDir, startDemoServer, watchPage } from './browser.ts'

const MANAGER = 'manager@yardstick.example'

let close: () => Promise<void>
let base: string
let browser: Browser
let ctx: BrowserContext
let app: Page
const problems: string[] = []

beforeAll(async () => {
  const server = await startDemoServer('review', 0.4)
  base = server.base
  close = server.close

  browser = await launchChromium()
  // bypassCSP lets axe-core's script in; the page watcher still reports the app's own refusals.
  ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 }, bypassCSP: true })
  ctx.setDefaultTimeout(20_000)
  const login = await ctx.request.post(`${base}/api/auth/login`, { data: { email: MANAGER, password: DEMO_LOGIN.password } })
  expect(login.status()).toBe(200)
  app = await ctx.newPage()
  watchPage(app, 'manager', problems)
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await close?.()
})

const section = (id: string) => app.locator(`section[data-section="${id}"]`)
const loaded = (id: string) => section(id).locator('.loading').waitFor({ state: 'detached', timeout: 30_000 })

const HEADINGS = [
  ['summary', 'Summary'],
  ['standards', '1. Standards and targets'],
  ['plan', '2. Measurement plan and samples'],
  ['results', '3. Results against targets'],
  ['trends', '4. Trends'],
  ['voice', '5. What customers said'],
  ['strengths', '6. Strengths and areas for development'],
  ['actions', '7. Improvement actions: before and after'],
  ['cases', '8. Follow-up cases and SLA performance'],
] as const

async function expectNoAxeViolations(name: string) {
  const violations = await axeViolations(app)
  expect(describeViolations(violations), `axe on ${name}`).toEqual([])
}

describe('review report: the demo organisation’s last quarter, on screen and on paper', () => {
  it('opens from the navigation on last quarter, with the dates in the address', async () => {
    await app.goto(`${base}/`)
    await app.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Review' }).click()
    await app.getByRole('heading', { level: 1, name: 'Service quality review' }).waitFor()
    await app.waitForURL(/\/review\?.*from=\d{4}-\d{2}-01.*to=\d{4}-\d{2}-\d{2}/)
    const url = new URL(app.url())
    const from = url.searchParams.get('from')!
    const to = url.searchParams.get('to')!
    // A whole calendar quarter, ending before today.
    expect(Number(from.slice(5, 7)) % 3).toBe(1)
    expect(to < new Date().toISOString().slice(0, 10)).toBe(true)
    expect(await app.getByLabel('Period', { exact: true }).inputValue()).toBe('last-quarter')
    expect(await app.getByTestId('review-meta').textContent()).toMatch(/Q[1-4] \d{4}/)
    expect(await app.getByTestId('review-meta').textContent()).toContain('All locations')
  })

  it('renders every section heading with its content', async () => {
    for (const [id, title] of HEADINGS) {
      await app.getByRole('heading', { level: 2, name: title, exact: true }).waitFor()
      await loaded(id)
    }
    expect(await section('results').locator('.notice-error').count()).toBe(0)

    // Summary: the period at a glance, from the figures.
    expect(await app.getByTestId('review-glance').textContent()).toMatch(/\d+ standards measured: \d+ on target, \d+ within tolerance, \d+ off target/)

    // 1. Standards with their targets.
    const standards = app.getByTestId('review-standards').locator('tbody tr')
    expect(await standards.count()).toBeGreaterThan(5)
    expect(await app.getByTestId('review-standards').textContent()).toMatch(/≥ \d+%/)

    // 2. The four methods, and the sample reached by standard against the minimum.
    expect(await app.getByTestId('review-methods').locator('tbody tr').count()).toBe(4)
    expect(await app.getByTestId('review-methods').textContent()).toMatch(/Up to [\d,]+ answers per standard/)
    expect(await app.getByTestId('review-samples').locator('tbody tr').count()).toBe(await standards.count())
    expect(await app.getByTestId('review-samples').locator('tr[data-enough="yes"]').count()).toBeGreaterThan(3)

    // 3. Every standard × location with value, n, interval, status in words and the change.
    const results = app.getByTestId('review-results')
    expect(await results.locator('tbody.review-group').count()).toBeGreaterThan(5)
    const text = (await results.textContent()) ?? ''
    expect(text).toContain('All locations')
    expect(text).toMatch(/On target|Off target|Within tolerance/)
    expect(text).toMatch(/\d+% to \d+%/)
    expect(text).toMatch(/points? on /)
    expect(await results.locator('tr[data-status="red"]').first().textContent()).toContain('Off target')

    // 4. A chart per measured standard with its target line, and a table alternative.
    const trends = app.getByTestId('review-trends').locator('figure.review-trend')
    expect(await trends.count()).toBeGreaterThan(4)
    await app.getByRole('img', { name: /^Line chart of .+ by week, target/ }).first().waitFor()
    expect(await app.locator('.review-trend canvas').count()).toBeGreaterThan(4)
    await trends.first().locator('summary').click()
    expect(await trends.first().locator('table tbody tr').count()).toBeGreaterThan(8)
    expect(await trends.first().locator('table').textContent()).toMatch(/n = \d/)

    // 5. Themes by volume and by pull, and comments quoted, negative and positive.
    expect(await app.getByTestId('review-themes-volume').locator('tbody tr').count()).toBeGreaterThan(2)
    expect(await app.getByTestId('review-themes-pull').locator('tbody tr').count()).toBeGreaterThan(2)
    expect(await section('voice').textContent()).toMatch(/The NPS of all responses with a comment was [+−]?\d+ \(n = [\d,]+\)/)
    expect(await app.locator('.review-quote-negative').count()).toBeGreaterThan(1)
    expect(await app.locator('.review-quote-positive').count()).toBeGreaterThan(0)

    // 6. Strengths and areas in words, with figures and n.
    const areas = app.getByTestId('review-areas').locator('li')
    const strengths = app.getByTestId('review-strengths').locator('li')
    expect((await areas.count()) + (await strengths.count())).toBeGreaterThan(2)
    expect(await app.getByTestId('review-areas').textContent()).toMatch(/n = \d/)

    // 7 and 8: actions and cases, from their own APIs.
    for (const name of ['actions', 'cases']) {
      expect(await section(name).locator('[data-unavailable]').count()).toBe(0)
      expect(await section(name).locator('.notice-error').count()).toBe(0)
    }
    expect(await section('actions').textContent()).toMatch(/No improvement action was running|Before: /)
    expect(await section('cases').textContent()).toMatch(/Resolved within the SLA|No case was opened or resolved/)
    await screenshot(app, 'review-01-report')
    expect(problems).toEqual([])
  })

  it('records a measurement method and the summary’s commentary from the keyboard, kept after a reload', async () => {
    const methods = app.getByTestId('review-methods')
    await methods.getByRole('button', { name: 'Edit customer surveys' }).focus()
    await app.keyboard.press('Enter')
    const form = app.locator('[data-method-form="survey"]')
    await form.waitFor()
    // A method in use needs its reason: the form says so at the field.
    await form.getByLabel('Why it fits').fill('')
    await form.getByRole('button', { name: 'Save method' }).click()
    await form.locator('.field-error').waitFor()
    expect(await form.locator('.field-error').textContent()).toContain('Say why this method fits')
    await form.getByLabel('Why it fits').fill('Customers judge the service they received; a short survey after every visit reaches them while they remember it.')
    await form.getByLabel('Sample planned (optional)').fill('At least 100 answers per branch per quarter.')
    await form.getByRole('button', { name: 'Save method' }).focus()
    await app.keyboard.press('Enter')
    await methods.locator('tr[data-method="survey"]').waitFor()
    expect(await methods.locator('tr[data-method="survey"]').textContent()).toContain('At least 100 answers per branch per quarter.')
    // Focus returns to the row's Edit button.
    expect(await app.evaluate(() => document.activeElement?.textContent ?? '')).toContain('Edit')

    const note = section('summary').locator('.review-note')
    await note.getByRole('button', { name: /Add commentary/ }).focus()
    await app.keyboard.press('Enter')
    const box = note.getByLabel('Commentary on summary')
    await box.waitFor()
    expect(await app.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA')
    await app.keyboard.type('A steady quarter: satisfaction held its target at most branches.')
    await app.keyboard.press('Enter')
    await app.keyboard.press('Enter')
    await app.keyboard.type('Queues at the busiest branches remain the first thing to fix.')
    await note.getByRole('button', { name: 'Save commentary' }).click()
    await note.locator('.review-note-text').waitFor()
    expect(await note.locator('.review-note-paragraph').count()).toBe(2)

    await app.reload()
    await app.getByRole('heading', { level: 1, name: 'Service quality review' }).waitFor()
    await section('summary').locator('.review-note-text').waitFor()
    expect(await section('summary').locator('.review-note-text').textContent()).toContain('Queues at the busiest branches')
    expect(await app.getByTestId('review-methods').locator('tr[data-method="survey"]').textContent()).toContain('a short survey after every visit')
    expect(problems).toEqual([])
  })

  it('keeps the chosen locations in the address and finds their own commentary', async () => {
    const summaryBefore = await section('summary').locator('.review-note-text').textContent()
    await app.getByLabel('Chosen locations').check()
    const options = app.locator('.review-location-option input')
    await options.first().waitFor()
    await options.nth(0).check()
    await options.nth(1).check()
    await app.getByRole('button', { name: 'Show report' }).click()
    await app.waitForURL(/locations=[0-9A-Z]{26}%2C[0-9A-Z]{26}|locations=[0-9A-Z]{26},[0-9A-Z]{26}/)
    const ids = new URL(app.url()).searchParams.get('locations')!.split(',')
    expect([...ids].sort()).toEqual(ids)
    await loaded('results')
    // Each chosen location's own rows, and the organisation for comparison.
    const results = app.getByTestId('review-results')
    await results.getByText('Whole organisation').first().waitFor()
    expect(await results.locator('tbody.review-group').first().locator('tr:not(.review-group-head)').count()).toBe(3)
    expect(await results.textContent()).toContain('Whole organisation')
    // Another report: the summary's commentary belongs to the whole-organisation report.
    await loaded('summary')
    await section('summary').locator('.review-note').getByRole('button', { name: /Add commentary/ }).waitFor()
    expect(await section('summary').locator('.review-note-text').count()).toBe(0)
    await loaded('trends')
    await app.getByRole('img', { name: /^Line chart of / }).first().waitFor()
    await screenshot(app, 'review-02-two-locations')
    await expectNoAxeViolations('the report for two locations')

    // Back to all locations, from the address: the commentary is there again.
    await app.goBack()
    await section('summary').locator('.review-note-text').waitFor()
    expect(await section('summary').locator('.review-note-text').textContent()).toBe(summaryBefore)
    expect(problems).toEqual([])
  })

  it('has no accessibility violations', async () => {
    for (const [id] of HEADINGS) await loaded(id)
    await app.getByRole('img', { name: /^Line chart of / }).first().waitFor()
    await expectNoAxeViolations('the review report')
  })

  it('prints to a clean A4 PDF: no navigation or buttons, every section, charts drawn', async () => {
    for (const [id] of HEADINGS) await loaded(id)
    await app.getByRole('img', { name: /^Line chart of / }).first().waitFor()
    const bitmapWidths = () => app.locator('.review-chart-canvas canvas').evaluateAll((canvases) => (canvases as HTMLCanvasElement[]).map((c) => c.width))
    // On screen a chart is drawn for its (wider) column.
    expect(Math.max(...(await bitmapWidths()))).toBeGreaterThan(2 * 315)
    await app.emulateMedia({ media: 'print' })
    expect(await app.locator('.topbar').isVisible()).toBe(false)
    expect(await app.getByRole('button', { name: 'Print / save as PDF' }).isVisible()).toBe(false)
    expect(await app.locator('.review-controls').isVisible()).toBe(false)
    expect(await app.locator('.review-note button').first().isVisible()).toBe(false)
    // The commentary prints as text; an empty one is left out.
    expect(await section('summary').locator('.review-note').isVisible()).toBe(true)
    expect(await section('results').locator('.review-note').isVisible()).toBe(false)
    for (const [, title] of HEADINGS) expect(await app.getByRole('heading', { level: 2, name: title, exact: true }).isVisible()).toBe(true)
    // Charts are redrawn for a column of A4 (83 mm, about 314 CSS pixels at twice the resolution), whatever the window's width.
    await expect.poll(async () => Math.max(...(await bitmapWidths()))).toBeLessThanOrEqual(2 * 315)
    const overflow = await app.locator('.review-chart-canvas canvas').evaluateAll((canvases) => canvases.filter((c) => c.getBoundingClientRect().width > (c.parentElement?.getBoundingClientRect().width ?? 0) + 1).length)
    expect(overflow).toBe(0)
    await screenshot(app, 'review-03-print')

    const pdf = await app.pdf({ preferCSSPageSize: true, printBackground: true })
    mkdirSync(screenshotDir, { recursive: true })
    writeFileSync(join(screenshotDir, 'review-report.pdf'), pdf)
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-')
    expect(pdf.length).toBeGreaterThan(100_000)
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length
    expect(pages).toBeGreaterThanOrEqual(5)
    await app.emulateMedia({ media: 'screen' })
    expect(problems).toEqual([])
  })
})
