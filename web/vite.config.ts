import { defineConfig, type Plugin } from 'vite'
import solid from 'vite-plugin-solid'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))

/**
 * The respondent page gets its own copy of Solid, tree-shaken to what the page uses: in a chunk
 * shared with the manager app it would carry every Solid feature the manager uses (about 5 KB
 * gzipped more, and growing with the manager). Solid modules imported from web/respondent/ (and
 * the Solid modules they import) get a `?respondent` id, so the bundler sees them as separate
 * modules. Both copies never run in the same page.
 */
function respondentOwnSolid(): Plugin {
  const tag = '?respondent'
  return {
    name: 'respondent-own-solid',
    // The dev server serves modules one by one: there is no shared chunk to avoid.
    apply: 'build',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (!importer || !/^solid-js(\/|$)/.test(source)) return null
      if (!importer.endsWith(tag) && !/[\\/]web[\\/]respondent[\\/]/.test(importer)) return null
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true })
      return resolved && !resolved.external ? { ...resolved, id: resolved.id + tag } : resolved
    },
  }
}

/**
 * Gives the service worker (public/sw.js) the list of every file the manager app may load: the
 * index.html entry, its imports, the pages it imports lazily and theirs, with their CSS and
 * assets (not the respondent page). The worker precaches them at install, so a shopper can reopen
 * any page offline, and drops cached files the list no longer names. The list is written into
 * sw.js itself: a deploy that changes any file changes sw.js, which is what makes browsers
 * install the new worker.
 */
function serviceWorkerFileList(): Plugin {
  const placeholder = /^const APP_FILES = null$/m
  return {
    name: 'service-worker-file-list',
    apply: 'build',
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).flatMap((o) => (o.type === 'chunk' ? [o] : []))
      const entry = chunks.find((c) => c.isEntry && c.facadeModuleId === here('./index.html'))
      if (!entry) this.error('the index.html entry chunk is missing from the bundle')
      const files = new Set<string>()
      const visit = (fileName: string) => {
        if (files.has(fileName)) return
        files.add(fileName)
        const out = bundle[fileName]
        if (out?.type !== 'chunk') return
        for (const f of [...out.imports, ...out.dynamicImports]) visit(f)
        for (const f of [...(out.viteMetadata?.importedCss ?? []), ...(out.viteMetadata?.importedAssets ?? [])]) visit(f)
      }
      visit(entry.fileName)
      const urls = [...files].sort().map((f) => `/${f}`)
      const source = readFileSync(here('./public/sw.js'), 'utf8')
      if (!placeholder.test(source)) this.error('public/sw.js has no `const APP_FILES = null` line to fill in')
      // Written over the copy of public/sw.js (the public folder is copied before the bundle).
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: source.replace(placeholder, () => `const APP_FILES = ${JSON.stringify(urls)}`) })
    },
  }
}

/**
 * Two entries: the manager app (index.html) and the respondent page (respondent.html). The
 * respondent entry imports nothing from the manager app so customers on slow phones download only
 * what the survey needs.
 */
export default defineConfig({
  root: here('.'),
  publicDir: here('./public'),
  plugins: [respondentOwnSolid(), solid(), serviceWorkerFileList()],
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    target: 'es2020',
    reportCompressedSize: false,
    // .vite/manifest.json: which chunks each entry and page loads (bench/foundation.ts weighs them).
    manifest: true,
    // Every browser that runs the app supports modulepreload; the polyfill would be one more request.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: {
        index: here('./index.html'),
        respondent: here('./respondent.html'),
      },
      output: {
        codeSplitting: {
          // Shared code is split by library, so an entry loads only the libraries it uses.
          groups: [
            { name: 'zod', test: /node_modules[\\/]zod[\\/]/ },
            // The manager's Solid only: the respondent's own copy (see above) stays in its entry.
            { name: 'solid', test: /node_modules[\\/]solid-js[\\/][^?]*$/ },
          ],
        },
      },
    },
  },
  server: {
    // `npm start` serves the API on 8787; the dev server forwards API calls there.
    proxy: { '/api': 'http://127.0.0.1:8787' },
  },
})
