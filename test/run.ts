/**
 * `npm test`: the whole suite, in order — typecheck, unit + integration (Node), workers (workerd +
 * local D1), end-to-end (Chromium). Every step runs even if an earlier one fails; the exit code is
 * non-zero if any failed. Browser tests are never skipped: without Chromium the suite fails with the fix.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const repo = resolve(fileURLToPath(import.meta.url), '../..')
const out = join(repo, 'test-results')
rmSync(out, { recursive: true, force: true })
mkdirSync(out, { recursive: true })
const bin = (name: string) => join(repo, 'node_modules', '.bin', name)
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

interface Step {
  name: string
  run(): { ok: boolean; passed: number; failed: number; note?: string }
}

function vitestStep(name: string, config: string | null): Step {
  return {
    name,
    run() {
      const report = join(out, `${name}.json`)
      const args = ['run', ...(config ? ['--config', config] : []), '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]
      const r = spawnSync(bin('vitest'), args, { cwd: repo, stdio: 'inherit', env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: process.env.CI ?? '1' } })
      if (!existsSync(report)) return { ok: false, passed: 0, failed: 1, note: 'the test runner did not finish' }
      const j = JSON.parse(readFileSync(report, 'utf8'))
      const passed = j.numPassedTests ?? 0
      const failed = (j.numFailedTests ?? 0) + (j.numFailedTestSuites ?? 0)
      const ok = r.status === 0 && failed === 0 && passed > 0
      return { ok, passed, failed: ok ? failed : Math.max(failed, 1), note: passed === 0 ? 'no tests ran' : undefined }
    },
  }
}

const steps: Step[] = [
  {
    name: 'typecheck',
    run() {
      const projects = ['tsconfig.json', 'test/workers/tsconfig.json'].filter((p) => existsSync(join(repo, p)))
      let ok = true
      for (const p of projects) ok = spawnSync(bin('tsc'), ['--noEmit', '-p', p], { cwd: repo, stdio: 'inherit' }).status === 0 && ok
      return { ok, passed: ok ? 1 : 0, failed: ok ? 0 : 1 }
    },
  },
  vitestStep('unit-integration', null),
  vitestStep('workers', 'test/workers/vitest.config.ts'),
  {
    name: 'e2e',
    run() {
      if (!existsSync(CHROMIUM)) {
        console.error(`\nChromium is missing (${CHROMIUM}): the end-to-end tests need it and are never skipped.\nFix: apt-get update && apt-get install -y chromium   (as root), then run npm test again.\n`)
        return { ok: false, passed: 0, failed: 1, note: 'Chromium missing' }
      }
      return vitestStep('e2e', 'test/e2e/vitest.config.ts').run()
    },
  },
]

const only = process.argv.slice(2)
const results: { name: string; ok: boolean; passed: number; failed: number; seconds: number; note?: string }[] = []
for (const step of steps) {
  if (only.length && !only.includes(step.name)) continue
  console.log(`\n━━ ${step.name} ━━`)
  const started = Date.now()
  const r = step.run()
  results.push({ name: step.name, ...r, seconds: (Date.now() - started) / 1000 })
}

console.log('\n━━ summary ━━')
for (const r of results) console.log(`${r.ok ? 'ok  ' : 'FAIL'}  ${r.name.padEnd(18)} ${String(r.passed).padStart(4)} passed  ${String(r.failed).padStart(3)} failed  ${r.seconds.toFixed(1).padStart(6)} s${r.note ? `  (${r.note})` : ''}`)
const passed = results.reduce((s, r) => s + r.passed, 0)
const failed = results.reduce((s, r) => s + r.failed, 0)
console.log(`Tests: ${passed} passed, ${failed} failed`)
process.exit(results.every((r) => r.ok) ? 0 : 1)
