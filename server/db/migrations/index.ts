import type { Migration } from 'kysely'
import * as foundation from './2026-11-22-foundation.ts'
import * as distribution from './2026-11-23-distribution.ts'
import * as audits from './2026-11-24-audits.ts'
import * as comments from './2026-11-25-comments.ts'
import * as rollups from './2026-11-26-rollups.ts'
import * as closingTheLoop from './2026-12-08-closing-the-loop.ts'

/** Every migration, by name, in order. A static map: no filesystem scan, so it bundles for Workers. */
export const migrations: Record<string, Migration> = {
  '2026-11-22-foundation': foundation,
  '2026-11-23-distribution': distribution,
  '2026-11-24-audits': audits,
  '2026-11-25-comments': comments,
  '2026-11-26-rollups': rollups,
  '2026-12-08-closing-the-loop': closingTheLoop,
}
