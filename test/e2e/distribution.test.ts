/**
 * Distributing one survey, as a manager and customers do it in real Chromium against the real
 * server: tagged links created on the links page, a QR code downloaded and decoded back to its
 * link, a customer answering through it and the response counted on that link, a kiosk link that
 * starts again after the thank-you, the printable poster, and an invitation list upload with a
 * bad file reported by line. The links page, the poster and the kiosk thank-you pass axe-core.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import jsQR from 'jsqr'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client } from '../helpers/client.ts'
import { type AppServer, axeViolations, describeViolations, launchChromium, screenshot, startAppServer, watchPage } from './browser.ts'

const { PNG } = createRequire(import.meta.url)('pngjs') as { PNG: { sync: { read(buffer: Buffer): { width: number; height: number; data: Buffer } } } }

const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, hasTouch: true, locale: 'en-US' }
const ADMIN = { organisationName: 'Harbour Coffee', name: 'Ada Admin', email: 'ada@harbour.example', password: 'correct horse battery' }
const DEFINITION = {
  title: 'Your coffee today',
  thankYou: 'Thanks — enjoy your day.',
  language: 'en',
  pages: [
    {
      id: 'p1',
      questions: [
        { id: 'csat', type: 'csat', text: 'How satisfied were you?', required: true },
        { id: 'comment', type: 'comment', text: 'Anything else?' },
      ],
    },
  ],
}

let server: AppServer
let browser: Browser
let base: string
let surveyId = ''
let manager: BrowserContext
let app: Page
let qrUrl = ''
const problems: string[] = []


beforeAll(async () => {
  browser = await launchChromium()
  server = await startAppServer('distribution')
  base = server.base

  const admin = new Client((r) => fetch(r), base)
  expect((await admin.post('/api/setup', { ...ADMIN })).status).toBe(201)
  for (const name of ['High Street', 'Riverside']) expect((await admin.post('/api/locations', { name, kind: 'store' })).status).toBe(201)
  surveyId = (await admin.post('/api/surveys', { title: DEFINITION.title })).body.survey.id
  expect((await admin.put(`/api/surveys/${surveyId}/draft`, { definition: DEFINITION })).status).toBe(200)
  expect((await admin.post(`/api/surveys/${surveyId}/publish`)).status).toBe(200)

  // axe is injected as an inline script, which the page's CSP rightly refuses: these contexts bypass it.
  manager = await browser.newContext({ viewport: { width: 1280, height: 900 }, bypassCSP: true, acceptDownloads: true })
  manager.setDefaultTimeout(10_000)
  app = await manager.newPage()
  watchPage(app, 'manager', problems)
  await app.goto(`${base}/login`)
  await app.getByLabel('Email').fill(ADMIN.email)
  await app.getByLabel('Password').fill(ADMIN.password)
  await app.getByRole('button', { name: 'Sign in' }).click()
  await h1(app, 'Dashboard').waitFor()
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

const h1 = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name })
const linkItem = (label: string) => app.locator('.link-item', { has: app.getByRole('heading', { level: 3, name: label, exact: true }) })

async function createLink(fields: { label: string; location?: string; channel?: string; kind?: string; kiosk?: boolean }) {
  await app.getByRole('button', { name: 'New link' }).click()
  const form = app.getByRole('form', { name: 'New link' })
  await form.getByLabel('Label').fill(fields.label)
  if (fields.kind) await form.getByLabel('Kind').selectOption({ label: fields.kind })
  if (fields.location) await form.getByLabel('Location').selectOption({ label: fields.location })
  if (fields.channel) await form.getByLabel('Channel', { exact: true }).selectOption({ label: fields.channel })
  if (fields.kiosk) {
    await form.getByLabel('Kiosk mode').check()
    expect(await form.getByLabel('One response per device').isDisabled()).toBe(true)
    await form.getByText('Not available in kiosk mode').waitFor()
  }
  await form.getByRole('button', { name: 'Create link' }).click()
  await app.getByText(`Link “${fields.label}” created.`).waitFor()
  await linkItem(fields.label).waitFor()
}

async function answerAndSubmit(page: Page) {
  await page.locator('input[name="q-csat"][value="4"]').check()
  await page.getByRole('button', { name: 'Submit' }).click()
}

describe('distribution, in Chromium', () => {
  it('creates two tagged links on the links page, with the shared checks shown on their fields', async () => {
    await app.goto(`${base}/surveys/${surveyId}`)
    await h1(app, DEFINITION.title).waitFor()
    await app.getByRole('link', { name: 'Share and manage links' }).click()
    await h1(app, `Share “${DEFINITION.title}”`).waitFor()
    await app.getByText('No links yet').waitFor()

    // A plain http redirect is refused before anything is sent.
    await app.getByRole('button', { name: 'New link' }).click()
    const form = app.getByRole('form', { name: 'New link' })
    await form.getByLabel('Label').fill('Broken')
    await form.getByLabel('Redirect after the thank-you').fill('http://harbour.example/')
    await form.getByRole('button', { name: 'Create link' }).click()
    await form.getByText('must be an https:// address').waitFor()
    expect(await form.getByLabel('Redirect after the thank-you').getAttribute('aria-invalid')).toBe('true')
    await form.getByRole('button', { name: 'Cancel' }).click()

    await createLink({ label: 'Table QR', location: 'High Street', channel: 'QR code' })
    await createLink({ label: 'Till receipt', location: 'Riverside', channel: 'Receipt' })
    const meta = async (label: string) => (await linkItem(label).locator('.link-meta').textContent()) ?? ''
    expect(await meta('Table QR')).toContain('High Street · QR code · 0 responses')
    expect(await meta('Till receipt')).toContain('Riverside · Receipt · 0 responses')
    qrUrl = await linkItem('Table QR').getByRole('textbox').inputValue()
    expect(qrUrl).toMatch(new RegExp(`^${base}/s/[A-Za-z0-9_-]{20,}$`))
    expect(await linkItem('Till receipt').getByRole('textbox').inputValue()).not.toBe(qrUrl)
    expect(describeViolations(await axeViolations(app))).toEqual([])
    await screenshot(app, 'distribution-01-links')
  })

  it('downloads the QR code as PNG and decodes it to exactly the link', async () => {
    const item = linkItem('Table QR')
    await item.getByRole('button', { name: 'QR code of Table QR' }).click()
    const preview = item.getByRole('img', { name: `QR code for ${qrUrl}` })
    await preview.waitFor()
    await app.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, await preview.elementHandle())
    const [download] = await Promise.all([app.waitForEvent('download'), item.getByRole('link', { name: /Download PNG/ }).click()])
    const png = PNG.sync.read(readFileSync((await download.path())!))
    expect(png.width).toBeGreaterThanOrEqual(256)
    const decoded = jsQR(new Uint8ClampedArray(png.data.buffer, png.data.byteOffset, png.data.byteLength), png.width, png.height)
    expect(decoded?.data).toBe(qrUrl)
  })

  it('counts a customer’s response on the link they came through, in the list and the statistics', async () => {
    const phone = await browser.newContext(PHONE)
    const page = await phone.newPage()
    watchPage(page, 'respondent', problems)
    await page.goto(qrUrl)
    await h1(page, DEFINITION.title).waitFor()
    await answerAndSubmit(page)
    await h1(page, 'Thank you').waitFor()
    await page.getByText(DEFINITION.thankYou).waitFor()
    await phone.close()

    await app.reload()
    await h1(app, `Share “${DEFINITION.title}”`).waitFor()
    expect(await linkItem('Table QR').locator('.link-meta').textContent()).toContain('1 response')
    expect(await linkItem('Till receipt').locator('.link-meta').textContent()).toContain('0 responses')
    const byLink = app.getByRole('table', { name: 'By link' })
    const row = async (label: string) => (await byLink.getByRole('row', { name: new RegExp(`^${label}`) }).getByRole('cell').allTextContents()).map((s) => s.trim())
    // Views, starts, completions, completion rate.
    expect(await row('Table QR')).toEqual(['1', '1', '1', '100%'])
    expect((await row('Till receipt'))[2]).toBe('0')

    await linkItem('Table QR').getByRole('button', { name: 'Statistics of Table QR' }).click()
    const figures = linkItem('Table QR').getByRole('definition')
    await figures.first().waitFor()
    expect(await figures.allTextContents()).toEqual(['1', '1', '1', '100%'])
    const dropOff = linkItem('Table QR').getByRole('table', { name: /Drop-off by question/ })
    await dropOff.getByRole('row', { name: /How satisfied were you\?/ }).waitFor()
  })

  it('starts a kiosk link again for the next customer after the thank-you', async () => {
    await createLink({ label: 'Exit kiosk', location: 'High Street', channel: 'Kiosk', kiosk: true })
    const kioskUrl = await linkItem('Exit kiosk').getByRole('textbox').inputValue()
    const tablet = await browser.newContext({ viewport: { width: 800, height: 1100 }, hasTouch: true, locale: 'en-US', bypassCSP: true })
    const page = await tablet.newPage()
    watchPage(page, 'kiosk', problems)
    await page.goto(kioskUrl)
    await h1(page, DEFINITION.title).waitFor()
    await page.getByLabel('Anything else?').fill('The first customer’s comment.')
    await answerAndSubmit(page)
    await h1(page, 'Thank you').waitFor()
    await page.getByText(/starts again for the next person in \d s/).waitFor()
    await page.getByRole('button', { name: 'Start again now' }).waitFor()
    expect(describeViolations(await axeViolations(page))).toEqual([])
    await screenshot(page, 'distribution-02-kiosk-thanks')

    // By itself, after the countdown: a fresh first question for the next customer.
    await h1(page, DEFINITION.title).waitFor({ timeout: 12_000 })
    expect(await page.getByRole('radio', { checked: true }).count()).toBe(0)
    expect(await page.getByLabel('Anything else?').inputValue()).toBe('')
    await answerAndSubmit(page)
    await h1(page, 'Thank you').waitFor()
    await page.getByRole('button', { name: 'Start again now' }).click()
    await h1(page, DEFINITION.title).waitFor()

    // Offline, the third customer is thanked at once; their answers wait on the tablet through the
    // reset, and go when the connection is back.
    await tablet.setOffline(true)
    await answerAndSubmit(page)
    await h1(page, 'Thank you').waitFor()
    await page.getByText('Your answers are saved on this device and will be sent when the connection is back.').waitFor()
    await page.getByRole('button', { name: 'Start again now' }).click()
    await h1(page, DEFINITION.title).waitFor()
    expect(await page.getByRole('radio', { checked: true }).count()).toBe(0)
    expect(await page.evaluate(() => JSON.parse(Object.entries(localStorage).find(([k]) => k.startsWith('yardstick:outbox:'))?.[1] ?? '[]').length)).toBe(1)
    await tablet.setOffline(false)
    await page.waitForFunction(() => !Object.keys(localStorage).some((k) => k.startsWith('yardstick:outbox:')))
    await tablet.close()

    await app.reload()
    await h1(app, `Share “${DEFINITION.title}”`).waitFor()
    // Three customers on one device: no per-device rule, each a response of its own.
    expect(await linkItem('Exit kiosk').locator('.link-meta').textContent()).toContain('3 responses')
  })

  it('prints a poster with the organisation, the call to action, the QR code and the address', async () => {
    await linkItem('Table QR').getByRole('link', { name: /Print poster/ }).click()
    await h1(app, 'Print poster').waitFor()
    const poster = app.getByRole('article', { name: 'Poster' })
    await poster.getByText(ADMIN.organisationName).waitFor()
    await poster.getByText('Tell us how we did').waitFor()
    await poster.getByText(qrUrl.replace(/^https?:\/\//, '')).waitFor()
    const qr = poster.getByRole('img', { name: `QR code for ${qrUrl}` })
    await app.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, await qr.elementHandle())
    await app.getByLabel('Call to action').fill('How was your coffee?')
    await poster.getByText('How was your coffee?').waitFor()
    await app.getByLabel('A6').check()
    expect(new URL(app.url()).searchParams.get('size')).toBe('A6')
    expect(await poster.getAttribute('class')).toContain('poster-A6')
    expect(describeViolations(await axeViolations(app))).toEqual([])
    // In print, the poster is all there is.
    await app.emulateMedia({ media: 'print' })
    expect(await app.locator('.topbar').isVisible()).toBe(false)
    expect(await app.getByRole('button', { name: 'Print' }).isVisible()).toBe(false)
    expect(await poster.isVisible()).toBe(true)
    await screenshot(app, 'distribution-03-poster-print')
    await app.emulateMedia({ media: 'screen' })
  })

  it('imports an invitation list: a bad file is reported by line and imports nothing; a good one shows the totals', async () => {
    await app.goto(`${base}/surveys/${surveyId}/links`)
    await createLink({ label: 'Members', kind: 'Invitation list (single-use personal links)' })
    const item = linkItem('Members')
    await item.getByRole('button', { name: 'Invitations of Members' }).click()
    const totals = item.getByRole('definition')
    await totals.first().waitFor()
    expect(await totals.allTextContents()).toEqual(['0', '0', '0', '0'])

    const upload = item.getByLabel('Upload contacts (CSV)')
    const bad = 'name,email,phone\nSam Carter,sam@example.com,\nNo Contact,,\nPriya Shah,not-an-email,\n'
    await upload.setInputFiles({ name: 'members.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) })
    await item.getByText('Nothing was imported from “members.csv”').waitFor()
    const report = await item.locator('.line-report li').allTextContents()
    expect(report.some((l) => l.startsWith('Line 3'))).toBe(true)
    expect(report.some((l) => l.startsWith('Line 4'))).toBe(true)
    expect(report.some((l) => l.startsWith('Line 2'))).toBe(false)
    expect((await totals.allTextContents())[0]).toBe('0')

    const good = 'name,email,phone,member\nSam Carter,sam@example.com,,gold\nPriya Shah,,+44 7700 900123,\n'
    await upload.setInputFiles({ name: 'members.csv', mimeType: 'text/csv', buffer: Buffer.from(good) })
    await item.getByText('2 contacts imported.').waitFor()
    await item.getByRole('definition').first().getByText('2', { exact: true }).waitFor()
    expect(await totals.allTextContents()).toEqual(['2', '0', '0', '0'])

    // The personal links: one per contact, single-use; downloading them marks them sent.
    const [download] = await Promise.all([app.waitForEvent('download'), item.getByRole('link', { name: 'Download personal links (CSV)' }).click()])
    const csv = readFileSync((await download.path())!, 'utf8')
    const links = csv.match(new RegExp(`${base}/s/[A-Za-z0-9_-]+`, 'g')) ?? []
    expect(new Set(links).size).toBe(2)
    expect(csv).toContain('Sam Carter')
    await item.getByRole('definition').nth(1).getByText('2', { exact: true }).waitFor()
    await screenshot(app, 'distribution-04-invitations')
  })

  it('raised no page errors', () => {
    expect(problems).toEqual([])
  })
})
