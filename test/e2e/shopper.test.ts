/**
 * A mystery shopper on a phone, against the real server: accepts a visit, starts it, answers by
 * keyboard, times a wait with the stopwatch, photographs the receipt, loses the connection, types
 * the narrative, reloads the app offline (still there), submits offline, and the submit lands once
 * when the connection returns. Then a save and a submit whose answers are lost on the way back
 * (they landed): the phone recognises its own save behind the 409 and the submit still lands once.
 */
import { createRequire } from 'node:module'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client } from '../helpers/client.ts'
import { type AppServer, axeViolations, describeViolations, launchChromium, screenshot, startAppServer, watchPage } from './browser.ts'

const { PNG } = createRequire(import.meta.url)('pngjs') as { PNG: { new (o: { width: number; height: number }): { data: Buffer }; sync: { write(png: unknown): Buffer } } }

const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, hasTouch: true, locale: 'en-GB', bypassCSP: false }
const ADMIN = { organisationName: 'Harbour Coffee', name: 'Ada Admin', email: 'ada@harbour.example', password: 'correct horse battery' }
const SHOPPER = { name: 'Sam Shopper', email: 'sam@shoppers.example', password: 'another horse battery' }
const DEFINITION = {
  title: 'Branch visit',
  briefing: 'Visit as an ordinary customer. Never reveal that you are assessing the branch.',
  sections: [
    {
      id: 'arrival',
      title: 'Arrival',
      items: [
        { id: 'greeted', type: 'yes_no', label: 'Were you greeted within 30 seconds?', guidance: 'Count from the moment you walk in.', naAllowed: true },
        { id: 'queue_time', type: 'timing', label: 'Time in the queue', thresholdSeconds: 300 },
      ],
    },
    {
      id: 'evidence',
      title: 'Receipt and story',
      items: [
        { id: 'receipt', type: 'photo', label: 'Photo of the receipt' },
        { id: 'narrative', type: 'text', label: 'The visit in your words' },
      ],
    },
  ],
}

let server: AppServer
let browser: Browser
let base: string
let admin: Client
let assignmentId = ''
let locationId = ''
let shopperId = ''
let phone: BrowserContext
let page: Page
const problems: string[] = []

function receiptPng(): Buffer {
  const png = new PNG({ width: 240, height: 320 })
  for (let i = 0; i < png.data.length; i += 4) {
    const row = Math.floor(i / 4 / 240)
    const shade = row % 20 < 3 ? 40 : 245
    png.data[i] = shade
    png.data[i + 1] = shade
    png.data[i + 2] = shade
    png.data[i + 3] = 255
  }
  return PNG.sync.write(png)
}

beforeAll(async () => {
  browser = await launchChromium()
  server = await startAppServer('shopper')
  base = server.base

  admin = new Client((r) => fetch(r), base)
  expect((await admin.post('/api/setup', ADMIN)).status).toBe(201)
  const location = await admin.post('/api/locations', { name: 'Quay Street', kind: 'store', address: '4 Quay Street, Harbourside' })
  expect(location.status).toBe(201)
  const standard = await admin.post('/api/standards', { code: 'GR-01', title: 'Greet every customer within 30 seconds', dimension: 'responsiveness', metric: 'audit_compliance', target: 95, tolerance: 5, direction: 'higher', customerType: 'external' })
  const standardId: string | undefined = standard.body?.standard?.id
  const template = await admin.post('/api/audit-templates', { title: DEFINITION.title })
  expect(template.status).toBe(201)
  const templateId: string = template.body.template.id
  const definition = structuredClone(DEFINITION) as typeof DEFINITION & { sections: { items: Record<string, unknown>[] }[] }
  if (standardId) definition.sections[0]!.items[0]!.standardIds = [standardId]
  expect((await admin.put(`/api/audit-templates/${templateId}/draft`, { definition })).status).toBeLessThan(300)
  expect((await admin.post(`/api/audit-templates/${templateId}/publish`)).status).toBe(200)

  const invite = await admin.post('/api/users/invitations', { email: SHOPPER.email, role: 'shopper' })
  expect(invite.status).toBe(201)
  const token = new URL(invite.body.url).pathname.split('/').pop()!
  const shopperApi = new Client((r) => fetch(r), base)
  expect((await shopperApi.post(`/api/invitations/${token}/accept`, { name: SHOPPER.name, password: SHOPPER.password })).status).toBeLessThan(300)
  const shoppers = await admin.get('/api/audit-shoppers')
  shopperId = shoppers.body.shoppers.find((s: { email: string }) => s.email === SHOPPER.email).id
  locationId = location.body.location.id

  const assignment = await admin.post('/api/assignments', {
    templateId,
    locationId,
    shopperId,
    visitFrom: '2026-12-01',
    visitTo: '2026-12-07',
    dueAt: '2026-12-08T17:00:00.000Z',
    instructions: 'Buy a flat white and ask about the loyalty card.',
  })
  expect(assignment.status).toBe(201)
  assignmentId = assignment.body.assignment.id

  phone = await browser.newContext(PHONE)
  phone.setDefaultTimeout(10_000)
  page = await phone.newPage()
  watchPage(page, 'shopper', problems)
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

/**
 * axe-core is injected as an inline script, which the page's policy rightly refuses: the page is
 * scanned in a CSP-free context with the shopper's session cookie (not the phone's saved answers,
 * or it would act as a second device).
 */
async function scan(url: string): Promise<string[]> {
  const ctx = await browser.newContext({ ...PHONE, bypassCSP: true, storageState: { cookies: (await phone.storageState()).cookies, origins: [] } })
  const p = await ctx.newPage()
  await p.goto(url)
  await p.getByRole('heading', { level: 1 }).waitFor()
  await p.waitForLoadState('networkidle')
  const found = describeViolations(await axeViolations(p))
  await ctx.close()
  return found
}

describe('the mystery shopper’s phone, offline-proof', () => {
  it('signs in and lands on My visits, with the new visit to accept', async () => {
    await page.goto(`${base}/login`)
    await page.getByLabel('Email').fill(SHOPPER.email)
    await page.getByLabel('Password').fill(SHOPPER.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { level: 1, name: 'My visits' }).waitFor()
    expect(new URL(page.url()).pathname).toBe('/visits')
    await page.getByRole('heading', { name: /New \(1\)/ }).waitFor()
    await page.getByText('4 Quay Street, Harbourside').waitFor()
    await page.getByText('Buy a flat white').waitFor()
    expect(await scan(`${base}/visits`)).toEqual([])
    await screenshot(page, 'shopper-01-visits')

    await page.getByRole('button', { name: /Accept/ }).click()
    await page.getByRole('heading', { name: /To do \(1\)/ }).waitFor()
  })

  it('starts the visit, answers by keyboard, times the queue and photographs the receipt', async () => {
    await page.getByRole('link', { name: 'Quay Street' }).click()
    await page.getByRole('heading', { name: 'Before your visit' }).waitFor()
    await page.getByText('Never reveal that you are assessing').waitFor()
    await page.getByRole('button', { name: 'Start visit' }).click()
    await page.getByRole('heading', { level: 2, name: 'Arrival' }).waitFor()

    // Yes/no by keyboard: focus the group's first radio, arrow to No, back to Yes.
    await page.getByRole('radio', { name: 'Yes' }).focus()
    await page.keyboard.press('Space')
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('ArrowLeft')
    expect(await page.getByRole('radio', { name: 'Yes' }).isChecked()).toBe(true)
    await page.getByText('Saved', { exact: true }).waitFor({ timeout: 10_000 })

    await page.getByRole('button', { name: 'Start', exact: true }).click()
    await page.waitForTimeout(1_300)
    await page.getByRole('button', { name: 'Stop', exact: true }).click()
    const seconds = Number(await page.getByLabel('Measured seconds').inputValue())
    expect(seconds).toBeGreaterThanOrEqual(1)

    await page.getByRole('button', { name: 'Next' }).click()
    await page.getByRole('heading', { level: 2, name: 'Receipt and story' }).waitFor()
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Receipt and story')
    await page.locator('input[type=file]').setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: receiptPng() })
    await page.getByRole('img', { name: 'Photo 1 for Photo of the receipt' }).waitFor()
    await page.getByText('Saved', { exact: true }).waitFor({ timeout: 10_000 })
    expect(await scan(`${base}/visits/${assignmentId}`)).toEqual([])
    await screenshot(page, 'shopper-02-evidence')
  })

  it('keeps typing offline, survives a reload without a connection and sends a queued submit once', async () => {
    // The service worker keeps the app shell, so the app reopens without a connection.
    const controlled = await page.evaluate(async () => {
      await navigator.serviceWorker.ready
      return navigator.serviceWorker.controller !== null
    })
    expect(controlled).toBe(true)
    // Every page's chunk is kept at install (listed in the built sw.js), not only those opened so far.
    const notCached = await page.evaluate(async () => {
      const files: string[] = JSON.parse(/^const APP_FILES = (.*)$/m.exec(await (await fetch('/sw.js')).text())![1]!)
      const found = await Promise.all(files.map(async (f) => ((await caches.match(f)) ? null : f)))
      return [files.length, found.filter((f) => f !== null)] as const
    })
    expect(notCached[0]).toBeGreaterThan(5)
    expect(notCached[1]).toEqual([])
    await phone.setOffline(true)
    await page.getByLabel('What happened').fill('Queue of four; the barista greeted me at once and offered the loyalty card.')
    await page.getByText('Offline — will send when you’re back online').waitFor()

    await page.reload()
    await page.getByRole('heading', { level: 1, name: 'Quay Street' }).waitFor()
    await page.getByRole('heading', { level: 2, name: 'Arrival' }).waitFor()
    expect(await page.getByRole('radio', { name: 'Yes' }).isChecked()).toBe(true)
    await page.getByRole('button', { name: 'Next' }).click()
    expect(await page.getByLabel('What happened').inputValue()).toContain('offered the loyalty card')
    await page.getByRole('img', { name: 'Photo 1 for Photo of the receipt' }).waitFor()

    // Submitting needs the visit's end: the summary links straight to it.
    await page.getByRole('button', { name: 'Next' }).click()
    await page.getByRole('button', { name: 'Submit audit' }).click()
    await page.getByRole('link', { name: 'Record when the visit ended' }).click()
    await page.getByRole('button', { name: 'End visit' }).click()
    await page.getByText('All sections').click()
    await page.getByRole('button', { name: 'Check and submit' }).click()
    await page.getByRole('button', { name: 'Submit audit' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Submit' }).click()
    await page.getByText('will send when you’re back online').waitFor()
    await screenshot(page, 'shopper-03-queued')

    const before = await admin.get(`/api/assignments/${assignmentId}`)
    expect(before.body.assignment.status).toBe('in_progress')

    await phone.setOffline(false)
    await page.getByRole('heading', { name: 'Audit submitted' }).waitFor({ timeout: 20_000 })

    const after = await admin.get(`/api/assignments/${assignmentId}`)
    expect(after.body.assignment.status).toBe('submitted')
    const answers = after.body.assignment.answers
    expect(answers.greeted.value).toBe(true)
    expect(answers.queue_time.value).toBeGreaterThanOrEqual(1)
    expect(answers.narrative.value).toContain('offered the loyalty card')
    expect(answers.receipt.photoIds).toHaveLength(1)
    expect(after.body.photos).toHaveLength(1)
    expect(after.body.photos[0].id).toBe(answers.receipt.photoIds[0])
    expect(after.body.photos[0].contentType).toBe('image/jpeg')
    const photo = await admin.req('GET', after.body.photos[0].url)
    expect(photo.status).toBe(200)
    const submitted = after.body.events.filter((e: { kind: string; toStatus: string | null }) => e.toStatus === 'submitted')
    expect(submitted).toHaveLength(1)

    // Nothing is sent twice: another online event leaves the single submit as it is.
    await page.evaluate(() => window.dispatchEvent(new Event('online')))
    await page.waitForTimeout(500)
    const again = await admin.get(`/api/assignments/${assignmentId}`)
    expect(again.body.events.filter((e: { toStatus: string | null }) => e.toStatus === 'submitted')).toHaveLength(1)

    await page.getByRole('link', { name: 'Back to my visits' }).click()
    await page.getByRole('heading', { name: /Submitted \(1\)/ }).waitFor()

    // The list reopens offline too, from the phone.
    await phone.setOffline(true)
    await page.reload()
    await page.getByRole('heading', { level: 1, name: 'My visits' }).waitFor()
    await page.getByText(/^Offline: showing your visits/).waitFor()
    await page.getByRole('link', { name: 'Quay Street' }).waitFor()
    await phone.setOffline(false)
    expect(problems).toEqual([])
  })

  it('carries on after a save whose answer was lost, with edits made meanwhile, and sends the submit once', async () => {
    // A short audit of its own for this check.
    const template = await admin.post('/api/audit-templates', { title: 'Counter check' })
    expect(template.status).toBe(201)
    const templateId: string = template.body.template.id
    const definition = {
      title: 'Counter check',
      sections: [
        {
          id: 'counter',
          title: 'At the counter',
          items: [
            { id: 'greeted', type: 'yes_no', label: 'Were you greeted?' },
            { id: 'narrative', type: 'text', label: 'The visit in your words' },
          ],
        },
      ],
    }
    expect((await admin.put(`/api/audit-templates/${templateId}/draft`, { definition })).status).toBeLessThan(300)
    expect((await admin.post(`/api/audit-templates/${templateId}/publish`)).status).toBe(200)
    const created = await admin.post('/api/assignments', { templateId, locationId, shopperId, visitFrom: '2026-12-01', visitTo: '2026-12-07', dueAt: '2026-12-08', instructions: '' })
    expect(created.status).toBe(201)
    const id: string = created.body.assignment.id

    // Every write the phone makes, to check that one goes out at a time and that a 409 was met.
    let inFlight = 0
    let maxInFlight = 0
    const statuses: string[] = []
    const isWrite = (r: { url(): string; method(): string }) => r.url().includes(`/api/shopper/assignments/${id}/`) && r.method() !== 'GET'
    const settled = (r: { url(): string; method(): string }) => {
      if (isWrite(r)) inFlight--
    }
    page.on('request', (r) => {
      if (!isWrite(r)) return
      inFlight++
      maxInFlight = Math.max(maxInFlight, inFlight)
    })
    page.on('requestfinished', settled)
    page.on('requestfailed', settled)
    page.on('response', (r) => {
      if (isWrite(r.request())) statuses.push(`${r.request().method()} ${new URL(r.url()).pathname.split('/').pop()} ${r.status()}`)
    })

    await page.goto(`${base}/visits/${id}`)
    await page.getByRole('button', { name: 'Accept this visit' }).click()
    await page.getByRole('button', { name: 'Start visit' }).click()
    await page.getByRole('heading', { level: 2, name: 'At the counter' }).waitFor()
    await page.getByText('Saved', { exact: true }).waitFor()

    /** The next request to `path` reaches the server and is stored, but its answer never reaches the phone. */
    const loseAnswer = async (path: string, hold?: Promise<void>) => {
      let landed!: (status: number) => void
      let lost!: () => void
      const result = { landed: new Promise<number>((r) => (landed = r)), lost: new Promise<void>((r) => (lost = r)) }
      await page.route(
        `**/api/shopper/assignments/${id}/${path}`,
        async (route) => {
          const res = await route.fetch()
          landed(res.status())
          await hold
          await route.abort('internetdisconnected')
          lost()
        },
        { times: 1 },
      )
      return result
    }

    // A save lands but its answer is lost, and the shopper types on while it is on its way.
    let release!: () => void
    const held = new Promise<void>((r) => (release = r))
    const firstSave = await loseAnswer('draft', held)
    await page.getByRole('radio', { name: 'Yes' }).check()
    expect(await firstSave.landed).toBe(200)
    await page.getByLabel('What happened').fill('Greeted at once by the barista.')
    release()
    await firstSave.lost
    // The connection flickers back twice in quick succession.
    await page.evaluate(() => {
      window.dispatchEvent(new Event('online'))
      window.dispatchEvent(new Event('online'))
    })
    await page.getByText('Saved', { exact: true }).waitFor()
    expect(await page.getByText('This audit was changed on another device').count()).toBe(0)
    const saved = await admin.get(`/api/assignments/${id}`)
    expect(saved.body.assignment.answers).toEqual({ greeted: { value: true }, narrative: { value: 'Greeted at once by the barista.' } })
    // Started (1), the save whose answer was lost (2), the narrative on top of it (3): nothing overwritten or lost.
    expect(saved.body.assignment.revision).toBe(3)
    expect(statuses).toContain('PUT draft 409')

    // The visit's end, saved with its answer lost, then the submit with its answer lost too.
    const endSave = await loseAnswer('draft')
    const submitted = await loseAnswer('submit')
    await page.getByRole('button', { name: 'Previous' }).click()
    await page.getByRole('button', { name: 'End visit' }).click()
    await page.getByRole('button', { name: 'Next' }).click()
    expect(await endSave.landed).toBe(200)
    await endSave.lost
    await page.getByRole('button', { name: 'Next' }).click()
    await page.getByRole('button', { name: 'Submit audit' }).click()
    await page.getByRole('dialog').getByRole('button', { name: 'Submit' }).click()
    expect(await submitted.landed).toBe(200)
    await submitted.lost
    await page.getByRole('heading', { name: 'Audit ready to send' }).waitFor()
    await page.evaluate(() => {
      window.dispatchEvent(new Event('online'))
      window.dispatchEvent(new Event('online'))
    })
    await page.getByRole('heading', { name: 'Audit submitted' }).waitFor({ timeout: 20_000 })

    const after = await admin.get(`/api/assignments/${id}`)
    expect(after.body.assignment.status).toBe('submitted')
    expect(after.body.assignment.visitEndedAt).not.toBeNull()
    expect(after.body.assignment.answers.narrative.value).toBe('Greeted at once by the barista.')
    expect(after.body.events.filter((e: { toStatus: string | null }) => e.toStatus === 'submitted')).toHaveLength(1)
    expect(maxInFlight).toBe(1)
    expect(problems).toEqual([])
  })
})
