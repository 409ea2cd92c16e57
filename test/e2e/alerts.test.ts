/**
 * Alerts as an admin and a manager use them, in real Chromium against the real Node server: the
 * Alerts page's empty state, the unread count in the navigation, marking one alert read from the
 * keyboard and then all; the webhook settings page's validation, the secret shown once, a test
 * delivery in the log, rotating and removing with confirmation; a manager never sees the webhook
 * page. axe-core finds nothing on either page. The server's webhook network is a fake: nothing
 * leaves the machine.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startNodeServer, type RunningServer } from '../../server/entry.node.ts'
import { openSqliteDatabase } from '../../server/db/sqlite.ts'
import { diskPhotoStore } from '../../server/lib/photo-store-disk.ts'
import { alertStatements } from '../../server/db/repositories/notifications.ts'
import type { AppDatabase } from '../../server/db/database.ts'
import type { WebhookNet } from '../../server/lib/webhook-send.ts'
import { axeViolations, describeViolations, launchChromium, repo, screenshot, watchPage } from './browser.ts'

const ADMIN = { organisationName: 'Harbour Stores', name: 'Ada Admin', email: 'ada@harbour.example', password: 'correct horse battery' }
const MANAGER = { name: 'Morgan Manager', email: 'morgan@harbour.example', password: 'another long passphrase' }

let tmp: string
let server: RunningServer
let database: AppDatabase
let browser: Browser
let base: string
let adminCtx: BrowserContext
let admin: Page
let managerCtx: BrowserContext
let csrf = ''
const problems: string[] = []
const posted: string[] = []

/** Nothing reaches the network: every host "resolves" publicly and every POST is answered 204 here. */
const fakeNet: WebhookNet = {
  resolve: async () => ['93.184.216.34'],
  post: async (req) => {
    posted.push(req.url.href)
    return { status: 204 }
  },
}

async function send(method: string, path: string, data?: unknown): Promise<any> {
  const res = await adminCtx.request.fetch(`${base}${path}`, { method, data, headers: { 'x-csrf-token': csrf } })
  const body = await res.json().catch(() => null)
  if (res.status() >= 300) throw new Error(`${method} ${path} answered ${res.status()}: ${JSON.stringify(body)}`)
  return body
}

async function expectNoAxeViolations(page: Page) {
  expect(describeViolations(await axeViolations(page))).toEqual([])
}

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'yardstick-alerts-'))
  database = openSqliteDatabase(join(tmp, 'e2e.sqlite'))
  server = await startNodeServer({ database, webDist: join(repo, 'web/dist'), photos: diskPhotoStore(join(tmp, 'photos')), port: 0, log: () => {}, webhookNet: fakeNet })
  base = `http://127.0.0.1:${server.port}`
  browser = await launchChromium()
  adminCtx = await browser.newContext({ viewport: { width: 1400, height: 1000 }, bypassCSP: true })
  adminCtx.setDefaultTimeout(10_000)
  admin = await adminCtx.newPage()
  watchPage(admin, 'admin', problems)
  const setup = await adminCtx.request.post(`${base}/api/setup`, { data: ADMIN })
  expect(setup.status()).toBe(201)
  csrf = (await setup.json()).csrfToken

  managerCtx = await browser.newContext({ bypassCSP: true })
  managerCtx.setDefaultTimeout(10_000)
  const invite = await send('POST', '/api/users/invitations', { email: MANAGER.email, role: 'manager' })
  const token = new URL(invite.url).pathname.split('/').pop()
  expect((await managerCtx.request.post(`${base}/api/invitations/${token}/accept`, { data: { name: MANAGER.name, password: MANAGER.password } })).status()).toBe(201)
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
  if (tmp) rmSync(tmp, { recursive: true, force: true })
})

describe('alerts in the browser', () => {
  it('shows the empty state, then unread alerts with their count; one is marked read from the keyboard, then all', async () => {
    await admin.goto(`${base}/notifications`)
    await admin.getByRole('heading', { level: 1, name: 'Alerts' }).waitFor()
    await admin.getByRole('heading', { name: 'No alerts yet' }).waitFor()
    await expectNoAxeViolations(admin)

    const { id: orgId } = await database.db.selectFrom('organisation').select('id').executeTakeFirstOrThrow()
    const raise = (key: string, title: string, at: string, link: string) =>
      database.atomic(alertStatements(database.db, { orgId, kind: key.startsWith('below') ? 'below_target' : 'repeated_problem', dedupeKey: key, title, body: `${title}: details`, link }, at))
    await raise('below_target:s1:*:2026-06-29', 'CSAT is below target across all locations', '2026-06-30T08:00:00.000Z', '/comments')
    await raise('repeated_problem:wait_time:l1:2026-06-20', 'Repeated problem at Leeds: wait time', '2026-06-30T09:00:00.000Z', '/comments?theme=wait_time')

    await admin.reload()
    const nav = admin.getByRole('navigation', { name: 'Main' })
    await nav.getByRole('link', { name: 'Alerts 2 unread' }).waitFor()
    await admin.getByRole('heading', { level: 2, name: '2 unread' }).waitFor()
    const items = admin.getByRole('list', { name: 'Alerts, newest first' }).getByRole('listitem')
    expect(await items.count()).toBe(2)
    expect(await items.first().getByRole('heading').textContent()).toBe('Repeated problem at Leeds: wait time')
    await expectNoAxeViolations(admin)
    await screenshot(admin, 'alerts-unread')

    // Keyboard: focus the newest alert's "Mark read" and press Enter.
    const markRead = admin.getByRole('button', { name: 'Mark read Repeated problem at Leeds: wait time' })
    await markRead.focus()
    await admin.keyboard.press('Enter')
    await admin.getByRole('status').filter({ hasText: 'marked read' }).waitFor()
    await nav.getByRole('link', { name: 'Alerts 1 unread' }).waitFor()
    expect(await items.first().getByText('Unread', { exact: true }).count()).toBe(0)
    expect(await items.nth(1).getByText('Unread', { exact: true }).count()).toBe(1)

    await admin.getByRole('button', { name: 'Mark all read' }).click()
    await admin.getByRole('heading', { level: 2, name: 'All read' }).waitFor()
    await nav.getByRole('link', { name: 'Alerts', exact: true }).waitFor()
    expect(await admin.getByRole('button', { name: 'Mark all read' }).isDisabled()).toBe(true)

    // Unread only: nothing left.
    await admin.getByLabel('Unread only').check()
    await admin.getByRole('heading', { name: 'Nothing unread' }).waitFor()

    // The link goes to the thing.
    await admin.getByLabel('Unread only').uncheck()
    await admin.getByRole('link', { name: 'Repeated problem at Leeds: wait time' }).click()
    await admin.waitForURL(/\/comments\?theme=wait_time$/)
  })

  it('sets up the webhook: validation, the secret shown once, a test delivery, rotation and removal with confirmation', async () => {
    await admin.goto(`${base}/notifications`)
    await admin.getByRole('link', { name: 'Webhook settings' }).click()
    await admin.getByRole('heading', { level: 1, name: 'Webhook' }).waitFor()
    await admin.getByRole('heading', { name: 'No deliveries yet' }).waitFor()
    await expectNoAxeViolations(admin)

    const url = admin.getByRole('textbox', { name: /Webhook URL/ })
    await url.fill('http://hooks.example.net/yardstick')
    await admin.getByRole('button', { name: 'Set up webhook' }).click()
    await admin.getByText('Webhook URL must use https://').waitFor()
    expect(await url.getAttribute('aria-invalid')).toBe('true')
    // The server names the same field when the form is skipped.
    const refused = await adminCtx.request.put(`${base}/api/settings/webhook`, { data: { url: 'https://192.168.1.20/hook' }, headers: { 'x-csrf-token': csrf } })
    expect((await refused.json()).error.issues[0].path).toBe('body.url')

    await url.fill('https://hooks.example.net/yardstick')
    await url.press('Enter')
    const secretBox = admin.getByRole('textbox', { name: 'Signing secret' })
    await secretBox.waitFor()
    const secret = await secretBox.inputValue()
    expect(secret).toMatch(/^whsec_/)
    await expectNoAxeViolations(admin)
    await screenshot(admin, 'webhook-secret-once')

    // Shown once: gone after a reload, and never in what the page reads.
    await admin.reload()
    await admin.getByText('Set. It is never shown again').waitFor()
    expect(await admin.getByRole('textbox', { name: 'Signing secret' }).count()).toBe(0)
    expect(await admin.content()).not.toContain(secret)

    await admin.getByRole('button', { name: 'Send test' }).click()
    const log = admin.getByRole('table', { name: 'The latest 50 deliveries, newest first' })
    await log.getByRole('row', { name: /Test delivery from Yardstick/ }).waitFor()

    // Rotating asks first; cancelling keeps the secret.
    await admin.getByRole('button', { name: 'Rotate secret' }).click()
    const rotateDialog = admin.getByRole('dialog', { name: 'Rotate the signing secret?' })
    await rotateDialog.waitFor()
    await admin.keyboard.press('Escape')
    await rotateDialog.waitFor({ state: 'hidden' })
    expect(await admin.getByRole('textbox', { name: 'Signing secret' }).count()).toBe(0)
    await admin.getByRole('button', { name: 'Rotate secret' }).click()
    await rotateDialog.getByRole('button', { name: 'Rotate secret' }).click()
    const rotated = await admin.getByRole('textbox', { name: 'Signing secret' }).inputValue()
    expect(rotated).toMatch(/^whsec_/)
    expect(rotated).not.toBe(secret)
    await admin.getByRole('button', { name: 'I have copied it' }).click()
    expect(await admin.getByRole('textbox', { name: 'Signing secret' }).count()).toBe(0)

    await admin.getByRole('button', { name: 'Remove webhook' }).click()
    const removeDialog = admin.getByRole('dialog', { name: 'Remove the webhook?' })
    await removeDialog.getByRole('button', { name: 'Cancel' }).click()
    expect(await url.inputValue()).toBe('https://hooks.example.net/yardstick')
    await admin.getByRole('button', { name: 'Remove webhook' }).click()
    await removeDialog.getByRole('button', { name: 'Remove webhook' }).click()
    await admin.getByRole('status').filter({ hasText: 'The webhook was removed.' }).waitFor()
    expect(await admin.getByRole('button', { name: 'Send test' }).count()).toBe(0)
    // Given up with the webhook (or already sent, if the server's 30-second sender ran meanwhile).
    await log.getByRole('row', { name: /Test delivery from Yardstick/ }).filter({ hasText: /Failed|Delivered/ }).waitFor()
    expect(posted.every((u) => u === 'https://hooks.example.net/yardstick')).toBe(true)
    expect(problems).toEqual([])
  })

  it('shows a manager the alerts but not the webhook page', async () => {
    const page = await managerCtx.newPage()
    watchPage(page, 'manager', problems)
    await page.goto(`${base}/notifications`)
    await page.getByRole('heading', { level: 1, name: 'Alerts' }).waitFor()
    expect(await page.getByRole('link', { name: 'Webhook settings' }).count()).toBe(0)
    await page.goto(`${base}/settings/webhook`)
    await page.getByRole('heading', { level: 1 }).waitFor()
    expect(await page.getByRole('heading', { level: 1, name: 'Webhook' }).count()).toBe(0)
    expect(await page.getByRole('textbox', { name: /Webhook URL/ }).count()).toBe(0)
    expect(problems).toEqual([])
  })
})
