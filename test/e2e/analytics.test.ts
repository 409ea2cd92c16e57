/**
 * Analytics as a manager of the demo organisation uses it, in real Chromium against the real server
 * over the seeded demo: the standards board with statuses and n, one click from a cell to its trend
 * with the target line (checked on the chart's datasets and in the table beside it), back to the
 * board, and from a red cell's drill-down to its comments, filtered. axe-core finds nothing on the
 * board, the trend, the breakdowns or the why page, and the board's first cell opens from the
 * keyboard alone.
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
  const server = await startDemoServer('analytics', 0.4)
  base = server.base
  close = server.close

  browser = await launchChromium()
  // bypassCSP lets axe-core's script in; the page watcher still reports the app's own refusals.
  ctx = await browser.newContext({ viewport: { width: 1500, height: 1000 }, bypassCSP: true })
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

const board = () => app.locator('table.analytics-board')

async function expectNoAxeViolations(name: string) {
  const violations = await axeViolations(app)
  expect(describeViolations(violations), `axe on ${name}`).toEqual([])
}

describe('analytics: the demo organisation’s standards board, a trend and a drill-down', () => {
  it('shows the board: every standard by location with n, interval, status in words and the change', async () => {
    await app.goto(`${base}/`)
    await app.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor()
    await board().waitFor()
    const rows = board().locator('tbody tr')
    expect(await rows.count()).toBeGreaterThan(3)
    const text = (await board().textContent()) ?? ''
    expect(text).toMatch(/n = \d/)
    expect(text).toMatch(/On target|Off target|Within tolerance/)
    expect(text).toContain('vs previous')
    // Every coloured cell says its status in words too.
    const red = board().locator('[data-status="red"]')
    expect(await red.count()).toBeGreaterThan(0)
    expect(await red.first().textContent()).toContain('Off target')
    // Tabs carry the filters; the address keeps the period.
    await app.getByLabel('Period', { exact: true }).selectOption('30d')
    await app.waitForURL(/period=30d/)
    await board().waitFor()
    await app.getByLabel('Period', { exact: true }).selectOption('90d')
    await app.waitForURL((u) => !u.search.includes('period='))
    await board().locator('[data-status="red"]').first().waitFor()
    await app.getByRole('img', { name: /^Bar chart of / }).waitFor()
    await screenshot(app, 'analytics-01-board')
    await expectNoAxeViolations('the board')
  })

  it('opens a cell’s trend in one click, with its target line', async () => {
    const cell = board().locator('tbody tr').filter({ has: app.locator('[data-status="red"]') }).first().locator('[data-status="red"] a.board-cell-link').first()
    const standardId = await board().locator('tbody tr').filter({ has: app.locator('[data-status="red"]') }).first().getAttribute('data-standard-id')
    await cell.click()
    await app.waitForURL(/\/analytics\/trend\?/)
    expect(new URL(app.url()).searchParams.get('standardId')).toBe(standardId)
    await app.getByRole('heading', { level: 1, name: 'Trends' }).waitFor()
    const table = app.getByTestId('trend-table')
    await table.waitFor()
    const chart = app.getByTestId('trend-chart')
    await chart.waitFor()
    expect(await chart.getAttribute('data-target-line')).toBe('true')
    expect((await chart.getAttribute('data-datasets'))?.split('|')).toEqual(expect.arrayContaining(['Figure', '95% interval', 'Target']))
    expect(await app.getByRole('img', { name: /with its target line/ }).count()).toBe(1)
    // The table alternative carries the target in force on every bucket.
    const targets = await table.locator('td[data-target]').evaluateAll((tds) => tds.map((td) => td.getAttribute('data-target')))
    expect(targets.length).toBeGreaterThan(3)
    expect(targets.every((t) => t !== '')).toBe(true)
    expect(await table.locator('caption').textContent()).toContain('target in force')

    // A comparison series is one choice away and stays in the address.
    await app.getByLabel('Compare with').selectOption('previous')
    await app.waitForURL(/compare=previous/)
    await app.getByRole('columnheader', { name: 'Previous period' }).waitFor()
    await screenshot(app, 'analytics-02-trend')
    await expectNoAxeViolations('the trend')
  })

  it('goes back to the board and drills from a red cell to its comments, filtered', async () => {
    await app.goBack()
    await app.goBack()
    await app.waitForURL((u) => u.pathname === '/')
    await board().waitFor()
    const redCell = board().locator('[data-status="red"][data-location-id]:not([data-location-id=""])').first()
    await redCell.waitFor()
    const locationId = await redCell.getAttribute('data-location-id')
    await redCell.getByRole('link', { name: /^Comments/ }).click()
    await app.waitForURL(/\/comments\?/)
    await app.getByRole('heading', { level: 1, name: 'Comments' }).waitFor()
    const url = new URL(app.url())
    expect(url.searchParams.get('location')).toBe(locationId)
    expect(url.searchParams.get('label')).toBe('negative')
    expect(await app.getByLabel('Location').inputValue()).toBe(locationId)
    expect(await app.getByLabel('Sentiment').inputValue()).toBe('negative')
    await screenshot(app, 'analytics-03-comments')
  })

  it('ranks locations in a breakdown and shows what pulls the score down', async () => {
    await app.goto(`${base}/analytics/breakdown`)
    await app.getByRole('heading', { level: 1, name: 'Breakdowns' }).waitFor()
    await app.getByLabel('Break down by').selectOption('standard')
    await app.waitForURL(/by=standard/)
    await app.locator('table.breakdown-table').waitFor()
    expect(await app.locator('table.breakdown-table tbody tr').count()).toBeGreaterThan(3)
    await screenshot(app, 'analytics-04-breakdown')
    await expectNoAxeViolations('the breakdowns')
    await app.getByRole('link', { name: 'Why' }).click()
    await app.getByRole('heading', { level: 1, name: 'Why' }).waitFor()
    await app.locator('table.sentiment-table').waitFor()
    const theme = app.locator('table.themes-volume-table tbody th a').first()
    await theme.waitFor()
    await screenshot(app, 'analytics-05-why')
    await expectNoAxeViolations('the why page')
    await theme.click()
    await app.waitForURL(/\/comments\?.*theme=/)
    expect(problems).toEqual([])
  })

  it('reaches the board’s first cell with Tab alone and opens its trend with Enter', async () => {
    await app.goto(`${base}/`)
    await board().waitFor()
    const first = board().locator('a.board-cell-link').first()
    await first.waitFor()
    const href = await first.getAttribute('href')
    expect(href).toMatch(/^\/analytics\/trend\?/)
    await first.evaluate((a) => a.setAttribute('data-first-cell', ''))
    const onFirstCell = () => app.evaluate(() => document.activeElement?.hasAttribute('data-first-cell') ?? false)
    let presses = 0
    while (!(await onFirstCell())) {
      expect(presses, 'Tab presses before the board’s first cell').toBeLessThan(80)
      await app.keyboard.press('Tab')
      presses++
    }
    await app.keyboard.press('Enter')
    await app.waitForURL(/\/analytics\/trend\?/)
    const opened = new URL(app.url())
    expect(`${opened.pathname}${opened.search}`).toBe(href)
    await app.getByRole('heading', { level: 1, name: 'Trends' }).waitFor()
    expect(problems).toEqual([])
  })

  it('follows any scale question of a chosen survey, not only standards', async () => {
    await app.goto(`${base}/analytics/trend`)
    await app.getByRole('heading', { level: 1, name: 'Trends' }).waitFor()
    const survey = app.getByLabel('Survey')
    const options = await survey.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean))
    await survey.selectOption(options[0]!)
    const question = app.getByLabel('Question')
    await question.waitFor()
    const questions = await question.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean))
    expect(questions.length).toBeGreaterThan(0)
    await question.selectOption(questions[0]!)
    await app.waitForURL(/questionId=/)
    await app.getByTestId('trend-table').waitFor()
    expect(new URL(app.url()).searchParams.get('standardId')).toBeNull()
    await expectNoAxeViolations('a question’s trend')
    expect(problems).toEqual([])
  })
})
