/**
 * Reviewing a mystery-shopper audit, in Chromium against the real server: a shopper submits an
 * audit through the API; a reviewer finds it in the queue, corrects one answer with a reason, returns
 * it with a comment, and approves it once the shopper resubmits; the results page counts it with
 * its n. A manager then plans a two-location wave through the form.
 */
import type { APIRequestContext, Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PNG_1X1 } from '../helpers/shopper-fixture.ts'
import { type AppServer, axeViolations, describeViolations, launchChromium, screenshot, startAppServer, watchPage } from './browser.ts'

const ADMIN = { organisationName: 'Riverside Building Society', name: 'Rita Admin', email: 'rita@riverside.example', password: 'a long enough passphrase' }
const REVIEWER = { name: 'Quentin Reviewer', email: 'quentin@riverside.example', password: 'reviewer passphrase 1' }
const SHOPPER = { name: 'Sally Shopper', email: 'sally@riverside.example', password: 'shopper passphrase 1' }
const BRANCH = 'Harbour Road branch'
const KIOSK = 'Market Square kiosk'
const GREETED = 'Were you greeted within 30 seconds?'

let server: AppServer
let browser: Browser
let base: string
let adminCtx: BrowserContext
let reviewerCtx: BrowserContext
let shopperCtx: BrowserContext
let admin: Page
let reviewer: Page
const csrf = new Map<APIRequestContext, string>()
let assignmentId = ''
const problems: string[] = []

/** A JSON call as a signed-in user of the context (session cookie plus CSRF token). */
async function send<T = any>(ctx: BrowserContext, method: string, path: string, data?: unknown, expected = [200, 201]): Promise<T> {
  const res = await ctx.request.fetch(`${base}${path}`, { method, data, headers: { 'x-csrf-token': csrf.get(ctx.request) ?? '' } })
  const body = await res.json().catch(() => null)
  if (!expected.includes(res.status())) throw new Error(`${method} ${path} answered ${res.status()}: ${JSON.stringify(body)}`)
  return body as T
}

async function signUp(ctx: BrowserContext, person: { name: string; email: string; password: string }, role: string) {
  const invite = await send<{ url: string }>(adminCtx, 'POST', '/api/users/invitations', { email: person.email, role })
  const token = new URL(invite.url).pathname.split('/').pop()
  const res = await ctx.request.post(`${base}/api/invitations/${token}/accept`, { data: { name: person.name, password: person.password } })
  expect(res.status()).toBe(201)
  const body = await res.json()
  csrf.set(ctx.request, body.csrfToken)
  return body.user as { id: string }
}

beforeAll(async () => {
  browser = await launchChromium()
  server = await startAppServer('audit-review')
  base = server.base
  // bypassCSP lets axe-core's script into the page; the page watcher still reports the app's own refusals.
  adminCtx = await browser.newContext({ viewport: { width: 1400, height: 1000 } })
  reviewerCtx = await browser.newContext({ viewport: { width: 1400, height: 1000 }, bypassCSP: true })
  shopperCtx = await browser.newContext()
  for (const ctx of [adminCtx, reviewerCtx]) ctx.setDefaultTimeout(10_000)
  admin = await adminCtx.newPage()
  reviewer = await reviewerCtx.newPage()
  watchPage(admin, 'manager', problems)
  watchPage(reviewer, 'reviewer', problems)

  const setup = await adminCtx.request.post(`${base}/api/setup`, { data: ADMIN })
  expect(setup.status()).toBe(201)
  csrf.set(adminCtx.request, (await setup.json()).csrfToken)

  // The register: two locations and a standard measured by audits.
  const branch = await send(adminCtx, 'POST', '/api/locations', { name: BRANCH, code: 'HR-1', kind: 'branch', address: '4 Harbour Road' })
  await send(adminCtx, 'POST', '/api/locations', { name: KIOSK, code: 'MS-K', kind: 'store', address: 'Market Square' })
  const standard = await send(adminCtx, 'POST', '/api/standards', {
    code: 'GR-01',
    title: 'Greet and serve promptly',
    customerType: 'external',
    dimension: 'responsiveness',
    metric: 'audit_compliance',
    target: 90,
    tolerance: 10,
    direction: 'higher',
  })

  // A template published the way the editor does it: save the draft, then publish.
  const created = await send(adminCtx, 'POST', '/api/audit-templates', { title: 'Branch visit' })
  const templateId = created.template.id as string
  await send(adminCtx, 'PUT', `/api/audit-templates/${templateId}/draft`, {
    definition: {
      title: 'Branch visit',
      sections: [
        {
          id: 'arrival',
          title: 'Arrival and greeting',
          items: [
            { id: 'greeted', type: 'yes_no', label: GREETED, critical: true, standardIds: [standard.standard.id] },
            { id: 'queue_time', type: 'timing', label: 'How long did you wait to be served?', thresholdSeconds: 300, standardIds: [standard.standard.id] },
            { id: 'narrative', type: 'text', label: 'Describe the visit in your own words', required: false },
            { id: 'receipt', type: 'photo', label: 'Photo of the receipt', required: false },
          ],
        },
      ],
    },
  })
  await send(adminCtx, 'POST', `/api/audit-templates/${templateId}/publish`)

  const shopper = await signUp(shopperCtx, SHOPPER, 'shopper')
  await signUp(reviewerCtx, REVIEWER, 'reviewer')

  const today = new Date().toISOString().slice(0, 10)
  const assigned = await send(adminCtx, 'POST', '/api/assignments', {
    templateId,
    locationId: branch.location.id,
    shopperId: shopper.id,
    visitFrom: today,
    visitTo: today,
    dueAt: today,
    instructions: 'Ask about opening a savings account.',
  })
  assignmentId = assigned.assignment.id

  // The shopper accepts, saves a draft and submits: not greeted (a critical failure), 3:05 in the queue.
  await send(shopperCtx, 'POST', `/api/shopper/assignments/${assignmentId}/accept`)
  const upload = await shopperCtx.request.post(`${base}/api/shopper/assignments/${assignmentId}/photos`, {
    headers: { 'x-csrf-token': csrf.get(shopperCtx.request)! },
    multipart: { itemId: 'receipt', file: { name: 'receipt.png', mimeType: 'image/png', buffer: Buffer.from(PNG_1X1) } },
  })
  expect(upload.status()).toBe(201)
  const photoId = (await upload.json()).photo.id as string
  const answers = {
    greeted: { value: false },
    queue_time: { value: 185, note: 'Two tills open, four people ahead of me.' },
    narrative: { value: 'The cashier was friendly once I reached the counter.' },
    receipt: { photoIds: [photoId] },
  }
  const startedAt = new Date(Date.now() - 20 * 60_000).toISOString()
  const endedAt = new Date(Date.now() - 5 * 60_000).toISOString()
  const draft = await send(shopperCtx, 'PUT', `/api/shopper/assignments/${assignmentId}/draft`, { answers, revision: 0, visitStartedAt: startedAt })
  await send(shopperCtx, 'POST', `/api/shopper/assignments/${assignmentId}/submit`, { answers, revision: draft.revision, visitStartedAt: startedAt, visitEndedAt: endedAt })
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name })

async function expectNoAxeViolations(page: Page) {
  expect(describeViolations(await axeViolations(page))).toEqual([])
}

describe('reviewing an audit, in Chromium', () => {
  it('lists the submitted audit in the review queue and opens it', async () => {
    await reviewer.goto(`${base}/audits/review`)
    await heading(reviewer, 'Review queue').waitFor()
    const subNav = reviewer.getByRole('navigation', { name: 'Audits' })
    await subNav.getByRole('link', { name: /Review queue\s*1 waiting/ }).waitFor()
    const row = reviewer.getByRole('row', { name: new RegExp(BRANCH) })
    await row.waitFor()
    expect(await row.textContent()).toContain('Submitted')
    expect(await row.textContent()).toContain('Critical fail')
    await screenshot(reviewer, 'audit-01-review-queue')
    await row.getByRole('link', { name: new RegExp(BRANCH) }).click()
    await heading(reviewer, `${BRANCH} · Branch visit`).waitFor()
    await reviewer.getByText('version 1').waitFor()
    expect(await reviewer.getByTestId('audit-score').textContent()).toBe('50.0%')
    const queue = reviewer.locator('.audit-item[data-item-id="queue_time"]')
    await queue.getByText('3:05').waitFor()
    await queue.getByText('against 5:00 at most').waitFor()
    await queue.getByText('Two tills open, four people ahead of me.').waitFor()
    // The receipt opens larger from the keyboard and Escape returns to its thumbnail.
    const thumb = reviewer.getByRole('button', { name: /Open photo 1 of 1 for “Photo of the receipt”/ })
    await thumb.focus()
    await reviewer.keyboard.press('Enter')
    const dialog = reviewer.getByRole('dialog', { name: 'Photo 1 of 1 for “Photo of the receipt”' })
    await dialog.getByRole('img', { name: 'Photo 1 of 1 for “Photo of the receipt”' }).waitFor()
    expect(await dialog.getByRole('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1)
    await reviewer.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })
    expect(await thumb.evaluate((el) => el === document.activeElement)).toBe(true)
  })

  it('edits one answer with a reason; the history shows old → new and the reason', async () => {
    const item = reviewer.locator('.audit-item[data-item-id="greeted"]')
    await item.getByRole('button', { name: `Edit answer: ${GREETED}` }).click()
    const editor = reviewer.getByRole('form', { name: `Edit the answer to “${GREETED}”` })
    // The reason is required: refused before anything is sent.
    await editor.getByRole('radio', { name: 'Yes' }).check()
    await editor.getByRole('button', { name: 'Save change' }).click()
    await editor.getByText('Reason for the change is required').waitFor()
    await editor.getByLabel(/Reason for the change/).fill('The branch CCTV shows a greeting after 20 seconds.')
    await editor.getByRole('button', { name: 'Save change' }).click()
    await editor.waitFor({ state: 'detached' })
    expect(await reviewer.getByTestId('audit-score').textContent()).toBe('100.0%')
    const edit = reviewer.locator('.timeline-edit')
    await edit.waitFor()
    expect(await edit.locator('.timeline-change').textContent()).toMatch(/No\s*→?\s*changed to\s*Yes/)
    expect(await edit.textContent()).toContain('Reason: The branch CCTV shows a greeting after 20 seconds.')
    expect(await edit.textContent()).toContain(REVIEWER.name)
    await screenshot(reviewer, 'audit-02-edited')
  })

  it('returns the audit with a comment', async () => {
    await reviewer.getByRole('button', { name: 'Return for changes' }).click()
    await reviewer.getByText('Comments for the shopper is required').waitFor()
    await reviewer.getByLabel('Comments for the shopper').fill('Please add what the cashier said about savings rates.')
    await reviewer.getByRole('button', { name: 'Return for changes' }).click()
    await reviewer.getByText('Audit returned to the shopper with your comments.').waitFor()
    const visit = reviewer.getByRole('region', { name: 'The visit' })
    await visit.getByText('Returned for changes').waitFor()
    expect(await reviewer.locator('.timeline').textContent()).toContain('Please add what the cashier said about savings rates.')
    // Nothing left to decide while the shopper has it.
    expect(await reviewer.getByRole('button', { name: 'Approve' }).count()).toBe(0)
  })

  it('approves the resubmitted audit', async () => {
    const mine = await send(shopperCtx, 'GET', `/api/shopper/assignments/${assignmentId}`)
    expect(mine.assignment.status).toBe('returned')
    const answers = { ...mine.assignment.answers, narrative: { value: 'The cashier was friendly and explained the savings rates clearly.' } }
    await send(shopperCtx, 'POST', `/api/shopper/assignments/${assignmentId}/submit`, {
      answers,
      revision: mine.assignment.revision,
      visitStartedAt: mine.assignment.visitStartedAt,
      visitEndedAt: mine.assignment.visitEndedAt,
    })
    await reviewer.reload()
    const visit = reviewer.getByRole('region', { name: 'The visit' })
    await visit.getByText('Resubmitted').waitFor()
    await reviewer.getByText('explained the savings rates clearly').waitFor()
    await reviewer.getByRole('button', { name: 'Approve' }).click()
    await reviewer.getByText('Audit approved: it now counts in results.').waitFor()
    await visit.getByText('Approved').waitFor()
    await reviewer.getByRole('region', { name: 'Score' }).locator('.badge', { hasText: 'Pass' }).waitFor()
    await screenshot(reviewer, 'audit-03-approved')
    await expectNoAxeViolations(reviewer)
  })

  it('counts the approved audit in results, with its n', async () => {
    await reviewer.getByRole('navigation', { name: 'Audits' }).getByRole('link', { name: 'Results' }).click()
    await heading(reviewer, 'Audit results').waitFor()
    const standards = reviewer.getByRole('region', { name: 'Compliance by standard' })
    const standardRow = standards.getByRole('row', { name: /GR-01/ })
    await standardRow.waitFor()
    const standardText = (await standardRow.textContent()) ?? ''
    expect(standardText).toContain('100.0%')
    expect(standardText).toContain('n = 2')
    // One visit is below the minimum of three: no red/amber/green.
    expect(standardText).toContain('Insufficient data')
    const locationRow = reviewer.getByRole('region', { name: 'Scores by location' }).getByRole('row', { name: new RegExp(BRANCH) })
    await locationRow.waitFor()
    expect(await locationRow.locator('td').first().textContent()).toBe('1')
    expect(await locationRow.textContent()).toContain('100.0%')
    await reviewer.getByRole('table', { name: /Compliance by month/ }).waitFor()
    await reviewer.locator('.chart canvas').waitFor()
    await screenshot(reviewer, 'audit-04-results')
    await expectNoAxeViolations(reviewer)
  })

  it('lets a manager dispute the approved result and a reviewer dismiss the dispute', async () => {
    await admin.goto(`${base}/audits/${assignmentId}`)
    await heading(admin, `${BRANCH} · Branch visit`).waitFor()
    const disputes = admin.getByRole('region', { name: 'Disputes' })
    await disputes.getByRole('button', { name: 'Raise dispute' }).click()
    await disputes.getByText('Reason is required').waitFor()
    await disputes.getByLabel(/Reason/).fill('The visit was during a fire drill; staff were outside.')
    await disputes.getByRole('button', { name: 'Raise dispute' }).click()
    await admin.getByText('Dispute raised: a reviewer will look at it.').waitFor()
    await disputes.getByText('Open', { exact: true }).waitFor()
    // One open dispute at a time: no second one can be raised.
    expect(await disputes.getByRole('button', { name: 'Raise dispute' }).count()).toBe(0)

    await reviewer.goto(`${base}/audits/${assignmentId}`)
    const review = reviewer.getByRole('region', { name: 'Disputes' })
    await review.getByText('The visit was during a fire drill; staff were outside.').waitFor()
    await review.getByLabel('Decision').selectOption('dismissed')
    await review.getByLabel(/Resolution/).fill('The drill was logged at 10:00; the visit was at 13:00.')
    await review.getByRole('button', { name: 'Record decision' }).click()
    const confirm = reviewer.getByRole('dialog', { name: 'Dismiss the dispute?' })
    await confirm.getByText('Dismissing keeps the audit approved').waitFor()
    await confirm.getByRole('button', { name: 'Dismiss dispute' }).click()
    await reviewer.getByText('Dispute dismissed: the result stands.').waitFor()
    await review.getByText('Dismissed: result stands').waitFor()
    await reviewer.getByRole('region', { name: 'The visit' }).getByText('Approved').waitFor()
  })

  it('lets a manager plan a wave of two visits through the form', async () => {
    await admin.goto(`${base}/audits`)
    await heading(admin, 'Audits').waitFor()
    await admin.getByRole('row', { name: new RegExp(BRANCH) }).getByText('Approved').waitFor()
    await admin.getByRole('link', { name: 'Assign visits' }).click()
    await heading(admin, 'Assign visits').waitFor()
    const wave = admin.getByRole('region', { name: 'A wave of visits' })
    await wave.getByLabel(/Wave name/).fill('Winter round')
    // Without a location ticked the form says so before sending.
    await wave.getByRole('button', { name: 'Create wave' }).click()
    await wave.getByText('Tick at least one location to visit.').first().waitFor()
    await wave.getByRole('checkbox', { name: `Visit ${BRANCH}` }).check()
    await wave.getByRole('checkbox', { name: `Visit ${KIOSK}` }).check()
    await wave.getByRole('button', { name: 'Spread across shoppers' }).click()
    expect(await wave.getByLabel(`Shopper for ${KIOSK}`).inputValue()).not.toBe('')
    await wave.getByRole('button', { name: 'Create wave' }).click()
    await wave.getByText('Wave “Winter round” created with 2 visits').waitFor()
    await screenshot(admin, 'audit-05-wave')
    await wave.getByRole('link', { name: 'see its assignments' }).click()
    await heading(admin, 'Audits').waitFor()
    expect(new URL(admin.url()).searchParams.get('wave')).toBeTruthy()
    const rows = admin.getByRole('table', { name: /Assigned visits/ }).locator('tbody tr')
    await expect.poll(() => rows.count()).toBe(2)
    expect(await rows.allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining(BRANCH), expect.stringContaining(KIOSK)]))
    for (const text of await rows.allTextContents()) expect(text).toContain('Winter round')
    await screenshot(admin, 'audit-06-assignments')

    // A visit not yet started can be deleted, after confirming.
    await admin.getByRole('button', { name: new RegExp(`Delete the visit to ${KIOSK}`) }).click()
    await admin.getByRole('dialog').getByRole('button', { name: 'Delete visit' }).click()
    await admin.getByText(`Visit to ${KIOSK} deleted.`).waitFor()
    await expect.poll(() => rows.count()).toBe(1)
  })

  it('saw no page errors or refused content', () => {
    expect(problems).toEqual([])
  })
})
