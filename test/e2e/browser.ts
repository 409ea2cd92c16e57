import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startNodeServer } from '../../server/entry.node.ts'
import { openSqliteDatabase } from '../../server/db/sqlite.ts'
import { diskPhotoStore } from '../../server/lib/photo-store-disk.ts'
import { migrateToLatest, type AppDatabase } from '../../server/db/database.ts'
import { seedDemo } from '../../server/demo/seed.ts'
import { chromium, type Browser, type ConsoleMessage, type Frame, type Page } from 'playwright-core'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const repo = resolve(fileURLToPath(import.meta.url), '../../..')
export const screenshotDir = join(repo, 'test-results', 'e2e')

/** Debian's Chromium, with the flags that keep it quiet on a closed network. Never skipped when missing. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) throw new Error('Chromium is missing: run `apt-get update && apt-get install -y chromium` (as root) and re-run npm test')
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true })
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true })
}

const axeSource: string = createRequire(import.meta.url)('axe-core').source

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: { target: string[]; failureSummary?: string }[]
}

/** Runs axe-core on the page (every rule axe enables by default) and returns its violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: axeSource })
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe
    const result = await axe.run()
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }))
  })
}

/** Violations as readable lines, so a failing assertion says what to fix. */
export function describeViolations(violations: AxeViolation[]): string[] {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

/**
 * Collects page errors and Content-Security-Policy refusals into `problems`: a suite fails on any
 * of them. Frames (a preview inside a page) report through their page.
 */
export function watchPage(page: Page | Frame, label: string, problems: string[]): void {
  if (!('on' in page)) return
  page.on('pageerror', (err) => problems.push(`${label}: page error: ${err.message}`))
  page.on('console', (msg: ConsoleMessage) => {
    if (msg.type() === 'error' && /Content Security Policy|Refused to/i.test(msg.text())) problems.push(`${label}: ${msg.text()}`)
  })
}

export interface AppServer {
  base: string
  /** The server's SQLite file, for tests that check what was stored. */
  dbFile: string
  close(): Promise<void>
}

/** The real Node server over a fresh SQLite file in a temporary folder, serving the built web app. */
export async function startAppServer(name: string): Promise<AppServer> {
  const tmp = mkdtempSync(join(tmpdir(), `yardstick-${name}-`))
  const dbFile = join(tmp, 'e2e.sqlite')
  const server = await startNodeServer({ database: openSqliteDatabase(dbFile), webDist: join(repo, 'web/dist'), photos: diskPhotoStore(join(tmp, 'photos')), port: 0, log: () => {} })
  return {
    base: `http://127.0.0.1:${server.port}`,
    dbFile,
    close: async () => {
      await server.close()
      rmSync(tmp, { recursive: true, force: true })
    },
  }
}

export interface DemoServer {
  base: string
  /** The server's database, for tests that check what was stored. */
  database: AppDatabase
  close(): Promise<void>
}

/** The real Node server over the demo organisation seeded today (at `scale`) in a temporary folder, serving the built web app. */
export async function startDemoServer(name: string, scale: number): Promise<DemoServer> {
  const tmp = mkdtempSync(join(tmpdir(), `yardstick-${name}-`))
  const database = openSqliteDatabase(join(tmp, 'e2e.sqlite'))
  await migrateToLatest(database)
  await seedDemo(database, { now: new Date(), scale })
  const server = await startNodeServer({ database, webDist: join(repo, 'web/dist'), photos: diskPhotoStore(join(tmp, 'photos')), port: 0, log: () => {} })
  return {
    base: `http://127.0.0.1:${server.port}`,
    database,
    close: async () => {
      await server.close()
      rmSync(tmp, { recursive: true, force: true })
    },
  }
}
