import { defineConfig, type Plugin } from 'vite'
import solid from 'vite-plugin-solid'
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
 * Two entries: the manager app (index.html) and the respondent page (respondent.html). The
 * respondent entry imports nothing from the manager app so customers on slow phones download only
 * what the survey needs.
 */
export default defineConfig({
  root: here('.'),
  publicDir: here('./public'),
  plugins: [respondentOwnSolid(), solid()],
  build: {
    outDir: here('./dist'),
    emptyOutDir: true,
    target: 'es2020',
    reportCompressedSize: false,
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
