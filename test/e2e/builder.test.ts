/**
 * The survey builder as a manager uses it, in Chromium against the real server: start from a
 * template, add a multiple-choice question with Other and a question shown only after a low CSAT,
 * reorder by keyboard, translate into French, preview, publish, edit again and publish version 2;
 * then a customer on a phone sees the follow-up question only after answering CSAT 2.
 */
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AppServer, axeViolations, describeViolations, launchChromium, screenshot, screenshotDir, startAppServer, watchPage } from './browser.ts'

const PHONE = { viewport: { width: 375, height: 740 }, deviceScaleFactor: 2, hasTouch: true }
const ADMIN = { organisationName: 'Harbour Council Contact Centre', name: 'Bea Builder', email: 'bea@harbour.example', password: 'a long enough passphrase' }
const TITLE = 'After your visit'
const FOLLOW_UP = 'Would you like a manager to call you back?'
const CSAT_TEXT = 'Overall, how satisfied were you with the service you received today?'

let server: AppServer
let browser: Browser
let base: string
let manager: BrowserContext
let app: Page
let surveyId = ''
let surveyUrl = ''
const problems: string[] = []


beforeAll(async () => {
  browser = await launchChromium()
  server = await startAppServer('builder')
  base = server.base
  manager = await browser.newContext({ viewport: { width: 1400, height: 1000 } })
  manager.setDefaultTimeout(10_000)
  app = await manager.newPage()
  watchPage(app, 'manager', problems)
  // The organisation is set up through the API; the session cookie is shared with the page.
  const res = await manager.request.post(`${base}/api/setup`, { data: ADMIN })
  expect(res.status()).toBe(201)
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name })
const statusBar = () => app.locator('.status-bar')
const card = (id: string) => app.locator(`.question-card[data-question-id="${id}"]`)
const order = () => app.locator('.question-card .question-id').allTextContents()
const focusedId = () => app.evaluate(() => document.activeElement?.id)

describe('the survey builder, in Chromium', () => {
  it('creates a survey from a template', async () => {
    await app.goto(`${base}/surveys`)
    await heading(app, 'Surveys').waitFor()
    await app.getByText('No surveys yet').waitFor()
    await app.getByLabel('Title').fill(TITLE)
    await app.getByRole('radio', { name: /Post-visit CSAT/ }).check()
    await screenshot(app, 'builder-00-new-survey')
    await app.getByRole('button', { name: 'Create survey' }).click()
    await heading(app, TITLE).waitFor()
    surveyId = new URL(app.url()).pathname.split('/').pop()!
    await statusBar().getByText('Version 1 · Draft').waitFor()
    expect(await order()).toEqual(['id: csat', 'id: went_wrong', 'id: greeted', 'id: comment'])
    // The template's rule reads as a sentence on its card.
    expect(await card('went_wrong').locator('.rule-summary').textContent()).toContain('is at most 3')
  })

  it('adds a multiple-choice question with its own choices and Other', async () => {
    await app.getByLabel('New question type').selectOption('multiple_choice')
    await app.getByRole('button', { name: 'Add question' }).click()
    const q = card('multiple_choice')
    await q.waitFor()
    expect(await focusedId()).toBe('q-multiple_choice-text')
    await q.getByLabel('Question text').fill('How did you get here today?')
    await q.getByLabel('Choice 1', { exact: true }).fill('On foot')
    await q.getByLabel('Choice 2', { exact: true }).fill('By bus')
    await q.getByRole('button', { name: 'Add a choice' }).click()
    await q.getByLabel('Choice 3', { exact: true }).fill('By car')
    await q.getByRole('button', { name: 'Move choice 3 up' }).click()
    expect(await q.getByLabel('Choice 2', { exact: true }).inputValue()).toBe('By car')
    await q.getByLabel('Offer “Other” with a text box').check()
    await q.getByLabel('Label of Other').fill('Another way')
  })

  it('adds a question shown only when CSAT is at most 2, and moves it by keyboard', async () => {
    await app.getByLabel('New question type').selectOption('yes_no')
    await app.getByRole('button', { name: 'Add question' }).click()
    const q = card('yes_no')
    await q.getByLabel('Question text').fill(FOLLOW_UP)
    await q.getByRole('button', { name: 'Add a condition' }).click()
    const condition = q.getByRole('group', { name: 'Condition 1' })
    await condition.getByLabel('Question').selectOption('csat')
    await condition.getByLabel('Comparison').selectOption('lte')
    await condition.getByLabel('Value').fill('2')
    await q.locator('.rule-summary').getByText(/^Shown only when question 1 \(Overall, how satisfied.*\) is at most 2$/).waitFor()

    // Keyboard: Move up twice; focus stays on the button of the question that moved.
    expect(await order()).toEqual(['id: csat', 'id: went_wrong', 'id: greeted', 'id: comment', 'id: multiple_choice', 'id: yes_no'])
    await app.getByRole('button', { name: 'Move up question 6' }).focus()
    await app.keyboard.press('Enter')
    expect(await focusedId()).toBe('q-yes_no-up')
    await app.keyboard.press('Enter')
    expect(await order()).toEqual(['id: csat', 'id: went_wrong', 'id: greeted', 'id: yes_no', 'id: comment', 'id: multiple_choice'])
    expect(await focusedId()).toBe('q-yes_no-up')
    await statusBar().getByText('Unsaved changes').waitFor()

    // By mouse: drag the comment question above the follow-up (a tall window keeps both in view).
    await app.setViewportSize({ width: 1400, height: 2600 })
    await card('yes_no').evaluate((el) => el.scrollIntoView({ block: 'start' }))
    await app.locator('#q-comment-drag').dragTo(card('yes_no'), { targetPosition: { x: 40, y: 30 } })
    await app.setViewportSize({ width: 1400, height: 1000 })
    expect(await order()).toEqual(['id: csat', 'id: went_wrong', 'id: greeted', 'id: comment', 'id: yes_no', 'id: multiple_choice'])
  })

  it('lists problems before saving and shows each next to its field', async () => {
    const choice = card('multiple_choice').getByLabel('Choice 1', { exact: true })
    await choice.fill('')
    await app.keyboard.press('Control+s')
    const summary = app.getByRole('heading', { name: 'One problem to fix' })
    await summary.waitFor()
    await app.getByRole('link', { name: /Question 6 \(multiple_choice\), choice 1 is required/ }).click()
    expect(await focusedId()).toBe('q-multiple_choice-choices-0-label')
    expect(await choice.getAttribute('aria-invalid')).toBe('true')
    await choice.fill('On foot')
    // The list follows the edits: the fixed problem leaves it.
    await summary.waitFor({ state: 'detached' })
    expect(await choice.getAttribute('aria-invalid')).toBeNull()
  })

  it('translates every text into French, side by side', async () => {
    await app.getByLabel('Add a language').selectOption('fr')
    await app.getByRole('button', { name: 'Add language' }).click()
    const table = app.locator('.translation-table')
    const inputs = table.locator('textarea')
    const n = await inputs.count()
    expect(n).toBeGreaterThan(20)
    await app.getByText(`${n} of ${n} texts missing`).waitFor()
    for (let i = 0; i < n; i++) await inputs.nth(i).fill(`FR ${await table.locator('.translation-source').nth(i).textContent()}`)
    await app.getByText(`All ${n} texts translated`).waitFor()
    expect(await table.locator('.translation-missing').count()).toBe(0)
  })

  it('previews the draft in the respondent page, at phone and desktop widths', async () => {
    const frame = app.frameLocator('iframe[title^="Preview of"]')
    await frame.getByRole('heading', { name: TITLE }).waitFor()
    // Edits reach the preview without saving.
    await app.locator('#survey-title').fill(`${TITLE} (preview)`)
    await frame.getByRole('heading', { name: `${TITLE} (preview)` }).waitFor()
    await app.locator('#survey-title').fill(TITLE)
    await app.getByRole('button', { name: /^Desktop/ }).click()
    expect(await app.locator('iframe[title^="Preview of"]').getAttribute('style')).toContain('width: 1024px')
    await app.getByLabel('Language', { exact: true }).selectOption('fr')
    await frame.getByRole('heading', { name: `FR ${TITLE}` }).waitFor()
    await app.getByRole('button', { name: /^Phone/ }).click()
    await screenshot(app, 'builder-01-draft')
    for (const [name, locator] of [
      ['builder-card-choices', card('multiple_choice')],
      ['builder-card-rule', card('yes_no')],
      ['builder-translations', app.getByRole('region', { name: 'Translations' })],
      ['builder-preview', app.getByRole('region', { name: 'Preview' })],
      ['builder-status', app.locator('.status-bar')],
    ] as const)
      await locator.screenshot({ path: join(screenshotDir, `${name}.png`) })
  })

  it('saves with Ctrl+S, publishes, then edits again into a new draft and publishes version 2', async () => {
    await app.keyboard.press('Control+s')
    await app.getByText('Draft saved.').waitFor()
    await statusBar().getByText('Unsaved changes').waitFor({ state: 'detached' })
    await app.getByRole('button', { name: 'Publish' }).click()
    await statusBar().getByText('Version 1 · Published').waitFor()

    // Editing the published survey starts version 2 as a draft.
    await card('greeted').getByLabel('Question text').fill('Did a member of staff greet you when you arrived?')
    const pending = app.getByRole('region', { name: 'What publishing will change' })
    await pending.getByText(/Changed text of "Did a member of staff greet you/).waitFor()
    await app.getByRole('button', { name: 'Save draft' }).click()
    await app.getByText('Draft saved.').waitFor()
    await statusBar().getByText('Version 2 · Draft').waitFor()

    const history = app.getByRole('region', { name: 'Versions' })
    await history.getByRole('button', { name: 'What changed in version 2' }).click()
    await history.getByText(/Changed text of "Did a member of staff greet you/).waitFor()
    await screenshot(app, 'builder-02-new-draft')
    await app.getByRole('button', { name: 'Publish' }).click()
    await statusBar().getByText('Version 2 · Published').waitFor()
    await history.getByText('Archived').waitFor()

    const res = await manager.request.get(`${base}/api/surveys/${surveyId}`)
    const body = (await res.json()) as { versions: { version: number; status: string }[] }
    expect(body.versions.map((v) => [v.version, v.status])).toEqual([
      [2, 'published'],
      [1, 'archived'],
    ])
  })

  it('shows the follow-up question on a phone only after a CSAT of 2', async () => {
    await app.getByRole('link', { name: 'Share and manage links' }).click()
    await app.getByRole('button', { name: 'New link' }).click()
    await app.getByRole('form', { name: 'New link' }).getByLabel('Label').fill('Front desk')
    await app.getByRole('button', { name: 'Create link' }).click()
    const link = app.locator('.link-item', { hasText: 'Front desk' })
    await link.waitFor()
    surveyUrl = await link.getByRole('textbox').inputValue()
    await app.getByRole('link', { name: '← Back to the survey' }).click()
    await heading(app, TITLE).waitFor()

    const phone = await browser.newContext(PHONE)
    const page = await phone.newPage()
    watchPage(page, 'respondent', problems)
    await page.goto(surveyUrl)
    await heading(page, TITLE).waitFor()
    const followUp = page.getByRole('radiogroup', { name: FOLLOW_UP })
    expect(await followUp.count()).toBe(0)
    await page.getByRole('radiogroup', { name: CSAT_TEXT }).getByRole('radio', { name: '4', exact: true }).check()
    expect(await followUp.count()).toBe(0)
    await page.getByRole('radiogroup', { name: CSAT_TEXT }).getByRole('radio', { name: '2', exact: true }).check()
    await followUp.waitFor()
    await page.getByRole('group', { name: 'How did you get here today?' }).getByText('Another way').waitFor()
    await screenshot(page, 'builder-03-respondent')
    await phone.close()
  })

  it('discards a draft back to the published version, and archives and restores the survey', async () => {
    await card('comment').getByLabel('Question text').fill('Anything else?')
    await app.getByRole('button', { name: 'Save draft' }).click()
    await statusBar().getByText('Version 3 · Draft').waitFor()
    await app.getByRole('button', { name: 'Discard draft version 3' }).click()
    await app.getByRole('dialog').getByRole('button', { name: 'Discard draft' }).click()
    await statusBar().getByText('Version 2 · Published').waitFor()
    expect(await card('comment').getByLabel('Question text').inputValue()).toBe('What is the main reason for your score?')

    await app.getByRole('button', { name: 'Archive survey' }).click()
    await app.getByRole('dialog').getByRole('button', { name: 'Archive survey' }).click()
    await heading(app, 'Surveys').waitFor()
    await app.getByRole('heading', { name: 'Archived surveys' }).waitFor()
    await app.getByRole('button', { name: `Restore ${TITLE}` }).click()
    await app.getByText(`“${TITLE}” restored.`).waitFor()
    expect(await app.getByRole('heading', { name: 'Archived surveys' }).count()).toBe(0)
  })

  it('has no accessibility violations in the builder (axe-core)', async () => {
    // axe is injected as an inline script, which the app's CSP rightly refuses: this context bypasses it.
    const audit = await browser.newContext({ bypassCSP: true, storageState: await manager.storageState(), viewport: { width: 1400, height: 1000 } })
    const page = await audit.newPage()
    await page.goto(`${base}/surveys/${surveyId}`)
    await heading(page, TITLE).waitFor()
    await page.locator('.question-card').first().waitFor()
    expect(describeViolations(await axeViolations(page))).toEqual([])
    await audit.close()
  })

  it('raised no page errors and no Content-Security-Policy refusals', () => {
    expect(problems).toEqual([])
  })
})
