/**
 * The whole mystery-shop loop in Chromium, against the real server, with one browser context per
 * person, each signed in through the login page. A manager builds an audit template in the builder
 * (a critical yes/no item and a 30-second timing item linked to a standard, a required receipt
 * photo and a narrative), publishes it and assigns a visit; the shopper accepts it on a 360×740
 * phone, answers "No", times the wait with the stopwatch, photographs the receipt and submits; the
 * reviewer returns it with a comment; the shopper reads the comment, changes the answer to "Yes"
 * and resubmits; the reviewer approves it; the location's compliance with the standard, empty
 * before the approval, then shows the figure and n that scoreAudit gives.
 * Only the organisation, a location, the standard and the two invited users are set up by API.
 */
import { createRequire } from 'node:module'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatPercent, scoreAudit } from '../../shared/audit/scoring.ts'
import { Client } from '../helpers/client.ts'
import { type AppServer, launchChromium, screenshot, startAppServer, watchPage } from './browser.ts'

const { PNG } = createRequire(import.meta.url)('pngjs') as { PNG: { new (o: { width: number; height: number }): { data: Buffer }; sync: { write(png: unknown): Buffer } } }

const PHONE = { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, hasTouch: true, locale: 'en-GB' }
const DESKTOP = { viewport: { width: 1400, height: 1000 }, locale: 'en-GB' }
const ADMIN = { organisationName: 'Lakeside Opticians', name: 'Mina Manager', email: 'mina@lakeside.example', password: 'a long enough passphrase' }
const REVIEWER = { name: 'Rhys Reviewer', email: 'rhys@lakeside.example', password: 'reviewer passphrase 1' }
const SHOPPER = { name: 'Tess Shopper', email: 'tess@shoppers.example', password: 'shopper passphrase 1' }
const LOCATION = { name: 'Bridge Street practice', code: 'BS-1', kind: 'branch', address: '12 Bridge Street, Lakeside' }
const STANDARD = { code: 'WEL-01', title: 'Welcome every customer promptly' }
const TEMPLATE = 'Practice visit'
// The starter draft's items, and the photo item the builder adds with its default label.
const GREETED = 'Were you greeted within 30 seconds of entering?'
const WAITED = 'How long did you wait to be served?'
const NARRATIVE = 'Describe the visit in your own words'
const RECEIPT = 'Photograph your receipt'
const COMMENT = 'Please check the greeting: the practice CCTV shows you were greeted at the door.'

let server: AppServer
let browser: Browser
let base: string
let api: Client
let standardId = ''
let locationId = ''
let assignmentId = ''
let manager: Page
let reviewer: Page
let shopper: Page
const problems: string[] = []

function receiptPng(): Buffer {
  const png = new PNG({ width: 200, height: 280 })
  for (let i = 0; i < png.data.length; i += 4) {
    const shade = Math.floor(i / 4 / 200) % 16 < 2 ? 50 : 240
    png.data[i] = png.data[i + 1] = png.data[i + 2] = shade
    png.data[i + 3] = 255
  }
  return PNG.sync.write(png)
}

async function invite(person: { name: string; email: string; password: string }, role: string) {
  const invitation = await api.post('/api/users/invitations', { email: person.email, role })
  expect(invitation.status, JSON.stringify(invitation.body)).toBe(201)
  const token = new URL(invitation.body.url).pathname.split('/').pop()!
  const accepted = await new Client((r) => fetch(r), base).post(`/api/invitations/${token}/accept`, { name: person.name, password: person.password })
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(201)
}

/** A person's own browser, signed in through the login page and taken to `next`. */
async function signIn(ctx: BrowserContext, label: string, person: { email: string; password: string }, next: string): Promise<Page> {
  ctx.setDefaultTimeout(10_000)
  const page = await ctx.newPage()
  watchPage(page, label, problems)
  await page.goto(`${base}/login?next=${encodeURIComponent(next)}`)
  await page.getByLabel('Email').fill(person.email)
  await page.getByLabel('Password').fill(person.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await page.waitForURL((url) => url.pathname === next)
  return page
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name })
/** An item of the builder, by the number the builder gives it ("1.2"). */
const builderItem = (n: string) => manager.getByRole('group', { name: new RegExp(`^Item ${escape(n)}(?![\\d.])`) })
/** An item of the shopper's form, by its label (its legend). */
const shopperItem = (label: string) => shopper.getByRole('group', { name: new RegExp(`^${escape(label)}`) })
/** An item on the reviewer's audit page, by its label. */
const reviewedItem = (label: string): Locator => reviewer.getByRole('listitem').filter({ has: reviewer.getByRole('heading', { level: 3, name: label, exact: true }) })

beforeAll(async () => {
  browser = await launchChromium()
  server = await startAppServer('audit-loop')
  base = server.base

  api = new Client((r) => fetch(r), base)
  expect((await api.post('/api/setup', ADMIN)).status).toBe(201)
  const location = await api.post('/api/locations', LOCATION)
  expect(location.status, JSON.stringify(location.body)).toBe(201)
  locationId = location.body.location.id
  const standard = await api.post('/api/standards', {
    ...STANDARD,
    customerType: 'external',
    dimension: 'responsiveness',
    metric: 'audit_compliance',
    target: 90,
    tolerance: 10,
    direction: 'higher',
  })
  expect(standard.status, JSON.stringify(standard.body)).toBe(201)
  standardId = standard.body.standard.id
  await invite(SHOPPER, 'shopper')
  await invite(REVIEWER, 'reviewer')

  manager = await signIn(await browser.newContext(DESKTOP), 'manager', ADMIN, '/audits/templates')
  reviewer = await signIn(await browser.newContext(DESKTOP), 'reviewer', REVIEWER, '/audits/review')
  shopper = await signIn(await browser.newContext(PHONE), 'shopper', SHOPPER, '/visits')
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('the mystery-shop loop, manager → shopper → reviewer → results, in Chromium', () => {
  it('the manager builds the template in the builder and publishes it', async () => {
    await heading(manager, 'Audit templates').waitFor()
    await manager.getByLabel('Title').fill(TEMPLATE)
    await manager.getByRole('button', { name: 'Create template' }).click()
    await heading(manager, TEMPLATE).waitFor()

    // The starter section: a yes/no greeting, a timing and a narrative. The greeting becomes critical and measures the standard.
    const greeted = builderItem('1.1')
    expect(await greeted.getByLabel('What the shopper checks').inputValue()).toBe(GREETED)
    await greeted.getByLabel('Critical item').check()
    await greeted.getByLabel(`${STANDARD.code} — ${STANDARD.title}`).check()

    const waited = builderItem('1.2')
    expect(await waited.getByLabel('What the shopper checks').inputValue()).toBe(WAITED)
    await waited.getByLabel('Threshold (seconds)').fill('30')
    await waited.getByText('Passes when the stopwatch reads 30 seconds or less.').waitFor()
    await waited.getByLabel(`${STANDARD.code} — ${STANDARD.title}`).check()

    expect(await builderItem('1.3').getByLabel('What the shopper checks').inputValue()).toBe(NARRATIVE)

    // A receipt photo, required (the default for a new photo item).
    await manager.getByLabel('New item type (section 1)').selectOption('photo')
    await manager.getByRole('button', { name: 'Add item to section 1' }).click()
    const photo = builderItem('1.4')
    expect(await photo.getByLabel('What the shopper checks').inputValue()).toBe(RECEIPT)
    expect(await photo.getByLabel('Required (at least one photo)').isChecked()).toBe(true)

    await manager.getByRole('button', { name: 'Save draft' }).click()
    await manager.getByText('Draft saved.').waitFor()
    await manager.getByRole('button', { name: 'Publish' }).click()
    await manager.getByRole('dialog').getByRole('button', { name: 'Publish version 1' }).click()
    await manager.getByText('Version 1 · Published').waitFor()
  })

  it('the manager assigns one visit to the shopper through the form', async () => {
    await manager.goto(`${base}/audits/plan`)
    await heading(manager, 'Assign visits').waitFor()
    const form = manager.getByRole('region', { name: 'One visit' })
    await form.getByLabel('Template').selectOption({ label: `${TEMPLATE} (version 1)` })
    await form.getByLabel('Location').selectOption({ label: LOCATION.name })
    await form.getByLabel('Shopper').selectOption({ label: SHOPPER.name })
    await form.getByLabel('Instructions').fill('Ask about an eye test this week and pay for a lens cloth.')
    await form.getByRole('button', { name: 'Assign visit' }).click()
    await form.getByText(`Visit assigned to ${SHOPPER.name}`).waitFor()
    assignmentId = (await form.getByRole('link', { name: new RegExp(LOCATION.name) }).getAttribute('href'))!.split('/').pop()!
    expect(assignmentId).toBeTruthy()
  })

  it('the shopper accepts on the phone, answers "No", times the wait, photographs the receipt and submits', async () => {
    await shopper.reload()
    await shopper.getByRole('heading', { name: /New \(1\)/ }).waitFor()
    await shopper.getByRole('button', { name: `Accept the visit to ${LOCATION.name}` }).click()
    await shopper.getByRole('heading', { name: /To do \(1\)/ }).waitFor()
    await shopper.getByRole('link', { name: LOCATION.name }).click()
    await shopper.getByRole('heading', { name: 'Before your visit' }).waitFor()
    await shopper.getByText('Ask about an eye test').waitFor()
    await shopper.getByRole('button', { name: 'Start visit' }).click()
    await shopper.getByRole('heading', { level: 2, name: 'Arrival and greeting' }).waitFor()

    await shopperItem(GREETED).getByRole('radio', { name: 'No' }).check()

    const timing = shopperItem(WAITED)
    await timing.getByRole('button', { name: 'Start', exact: true }).click()
    await shopper.waitForTimeout(1_600)
    await timing.getByRole('button', { name: 'Stop', exact: true }).click()
    expect(Number(await timing.getByLabel('Measured seconds').inputValue())).toBeGreaterThanOrEqual(1)

    await shopper.getByLabel('What happened').fill('Two people at the desk; nobody looked up until I reached it.')
    await shopperItem(RECEIPT).getByLabel('Take or choose a photo').setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: receiptPng() })
    await shopper.getByRole('img', { name: `Photo 1 for ${RECEIPT}` }).waitFor()
    await shopper.getByText('Saved', { exact: true }).waitFor()
    await screenshot(shopper, 'audit-loop-01-phone-form')

    // The visit's end is asked for on the way to submitting.
    await shopper.getByRole('button', { name: 'Next' }).click()
    await shopper.getByRole('button', { name: 'Submit audit' }).click()
    await shopper.getByRole('link', { name: 'Record when the visit ended' }).click()
    await shopper.getByRole('button', { name: 'End visit' }).click()
    await shopper.getByText('All sections').click()
    await shopper.getByRole('button', { name: 'Check and submit' }).click()
    await shopper.getByRole('button', { name: 'Submit audit' }).click()
    await shopper.getByRole('dialog').getByRole('button', { name: 'Submit' }).click()
    await shopper.getByRole('heading', { name: 'Audit submitted' }).waitFor()
  })

  it('the reviewer finds it in the queue and returns it with a comment', async () => {
    await reviewer.reload()
    await heading(reviewer, 'Review queue').waitFor()
    await reviewer.getByRole('link', { name: new RegExp(`${escape(LOCATION.name)}\\W+review the audit by ${SHOPPER.name}`) }).click()
    await heading(reviewer, `${LOCATION.name} · ${TEMPLATE}`).waitFor()
    await reviewedItem(GREETED).getByText('No', { exact: true }).waitFor()
    await reviewer.getByRole('button', { name: `Open photo 1 of 1 for “${RECEIPT}”` }).waitFor()
    await reviewer.getByLabel('Comments for the shopper').fill(COMMENT)
    await reviewer.getByRole('button', { name: 'Return for changes' }).click()
    await reviewer.getByText('Audit returned to the shopper with your comments.').waitFor()
    await reviewer.getByRole('region', { name: 'The visit' }).getByText('Returned for changes').waitFor()
  })

  it('the shopper reads the comment, changes the answer to "Yes" and resubmits', async () => {
    await shopper.getByRole('link', { name: 'Back to my visits' }).click()
    await shopper.reload()
    const returned = shopper.getByRole('region', { name: /Returned for changes \(1\)/ })
    await returned.getByText(COMMENT).waitFor()
    await returned.getByRole('link', { name: LOCATION.name }).click()

    const comments = shopper.getByRole('region', { name: 'Reviewer’s comments' })
    await comments.getByText(COMMENT).waitFor()
    expect(await comments.textContent()).toContain(REVIEWER.name)
    await screenshot(shopper, 'audit-loop-02-phone-returned')

    const greeted = shopperItem(GREETED)
    expect(await greeted.getByRole('radio', { name: 'No' }).isChecked()).toBe(true)
    await greeted.getByRole('radio', { name: 'Yes' }).check()
    await shopper.getByText('Saved', { exact: true }).waitFor()
    await shopper.getByText('All sections').click()
    await shopper.getByRole('button', { name: 'Check and submit' }).click()
    await shopper.getByRole('button', { name: 'Resubmit audit' }).click()
    await shopper.getByRole('dialog').getByRole('button', { name: 'Resubmit' }).click()
    await shopper.getByRole('heading', { name: 'Audit submitted' }).waitFor()
  })

  it('the results show nothing for the location before the approval', async () => {
    await reviewer.goto(`${base}/audits/results`)
    await heading(reviewer, 'Audit results').waitFor()
    await reviewer.getByText('No approved audits in this period').waitFor()
    expect(await reviewer.getByRole('region', { name: 'Compliance by standard' }).count()).toBe(0)
    expect(await reviewer.getByRole('row', { name: new RegExp(STANDARD.code) }).count()).toBe(0)
    const results = (await api.get('/api/audit-results')).body
    expect(results.standards).toEqual([])
    expect(results.byLocationStandard).toEqual([])
  })

  it('the reviewer approves the resubmitted audit', async () => {
    await reviewer.goto(`${base}/audits/review`)
    await reviewer.getByRole('link', { name: new RegExp(`${escape(LOCATION.name)}\\W+review the audit by ${SHOPPER.name}`) }).click()
    const visit = reviewer.getByRole('region', { name: 'The visit' })
    await visit.getByText('Resubmitted').waitFor()
    await reviewedItem(GREETED).getByText('Yes', { exact: true }).waitFor()
    await reviewer.getByRole('button', { name: 'Approve', exact: true }).click()
    await reviewer.getByText('Audit approved: it now counts in results.').waitFor()
    await visit.getByText('Approved').waitFor()
  })

  it('the location’s compliance with the standard now shows, with its n, as scoreAudit gives it', async () => {
    const detail = (await api.get(`/api/assignments/${assignmentId}`)).body
    const expected = scoreAudit(detail.definition, detail.assignment.answers).standards.find((s) => s.standardId === standardId)!
    // Both linked items passed: "Yes", and a wait of a second or two against 30 seconds.
    expect(expected).toMatchObject({ applicable: 2, passed: 2, compliance: 100 })

    await reviewer.getByRole('navigation', { name: 'Audits' }).getByRole('link', { name: 'Results' }).click()
    await heading(reviewer, 'Audit results').waitFor()
    const row = reviewer.getByRole('region', { name: 'Compliance by standard' }).getByRole('row', { name: new RegExp(STANDARD.code) })
    await row.waitFor()
    const text = (await row.textContent()) ?? ''
    expect(text).toContain(formatPercent(expected.compliance))
    expect(text).toContain(`${expected.passed} / n = ${expected.applicable}`)
    expect(text).toContain('Insufficient data')

    const cell = reviewer.getByRole('region', { name: 'Locations against standards' }).getByRole('row', { name: new RegExp(escape(LOCATION.name)) }).getByRole('cell')
    expect(await cell.locator('.cell-value').textContent()).toBe(formatPercent(expected.compliance))
    expect(await cell.locator('.cell-n').textContent()).toBe(`n = ${expected.applicable} · 1 visit`)
    await screenshot(reviewer, 'audit-loop-03-results')

    const results = (await api.get('/api/audit-results')).body
    expect(results.byLocationStandard).toEqual([expect.objectContaining({ locationId, standardId, applicable: expected.applicable, passed: expected.passed, compliance: expected.compliance, visits: 1 })])
  })

  it('stored the whole story: every status move in order, the photo and the measured time', async () => {
    const detail = (await api.get(`/api/assignments/${assignmentId}`)).body
    const moves = detail.events.filter((e: { kind: string }) => e.kind === 'status').map((e: { fromStatus: string; toStatus: string }) => `${e.fromStatus}→${e.toStatus}`)
    expect(moves).toEqual(['assigned→accepted', 'accepted→in_progress', 'in_progress→submitted', 'submitted→returned', 'returned→resubmitted', 'resubmitted→approved'])
    const returnEvent = detail.events.find((e: { toStatus: string }) => e.toStatus === 'returned')
    expect(returnEvent).toMatchObject({ message: COMMENT, userName: REVIEWER.name })

    const answers = detail.assignment.answers
    expect(answers.greeted.value).toBe(true)
    expect(answers.queue_time.value).toBeGreaterThanOrEqual(1)
    expect(answers.narrative.value).toContain('nobody looked up')
    expect(detail.photos).toHaveLength(1)
    expect(answers[detail.photos[0].itemId].photoIds).toEqual([detail.photos[0].id])
    expect(detail.assignment.status).toBe('approved')
    expect(detail.assignment.visitStartedAt).toBeTruthy()
    expect(detail.assignment.visitEndedAt).toBeTruthy()
  })

  it('saw no page errors or refused content', () => {
    expect(problems).toEqual([])
  })
})
