import { join } from 'node:path'
import { build } from 'vite'
import { repo } from './browser.ts'

/** Builds the web app once for every end-to-end file (each serves web/dist through the real server). */
export default async function setup(): Promise<void> {
  await build({ configFile: join(repo, 'web/vite.config.ts'), logLevel: 'warn' })
}
