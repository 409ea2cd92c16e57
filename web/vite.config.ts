import { defineConfig } from 'vite'
import solid from 'vite-plugin-solid'
import { fileURLToPath } from 'node:url'

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))

/**
 * Two entries: the manager app (index.html) and the respondent page (respondent.html). The
 * respondent entry imports nothing from the manager app so customers on slow phones download only
 * what the survey needs.
 */
export default defineConfig({
  root: here('.'),
  publicDir: here('./public'),
  plugins: [solid()],
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
            { name: 'solid', test: /node_modules[\\/]solid-js[\\/]/ },
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
