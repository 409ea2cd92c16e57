/*
 * Yardstick's service worker: lets a mystery shopper reopen the app without a connection.
 * - Install: caches the app shell (index.html) and every file the app may load (the entry and each
 *   page's chunk, so any page opens offline), as listed by the build in APP_FILES below.
 * - Activate: drops cached /assets/* files that list no longer names (earlier deploys).
 * - Page loads: network first, falling back to the cached app shell (index.html).
 * - /assets/*: cache first (file names carry a content hash, so they never change).
 * - /api/*: never cached (the app keeps its own data on the phone); the respondent page
 *   (/s/..., /respondent.html) is left alone.
 */
const CACHE = 'yardstick-shell-v2'
const SHELL = '/'

// The build replaces this line with the app's files (serviceWorkerFileList in web/vite.config.ts).
const APP_FILES = null

/** The build's list of app files; without one (sw.js served unbuilt), those index.html names. */
function appFiles(html) {
  if (Array.isArray(APP_FILES)) return APP_FILES
  return [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1])
}

async function cacheShell() {
  const cache = await caches.open(CACHE)
  const res = await fetch(SHELL, { cache: 'no-cache', credentials: 'same-origin' })
  if (!res.ok) return
  const html = await res.clone().text()
  const assets = appFiles(html)
  // Hashed names never change content: fetch only what an earlier deploy did not leave cached.
  const cached = new Set((await cache.keys()).map((req) => new URL(req.url).pathname))
  const missing = [...new Set([...assets, '/favicon.svg'])].filter((a) => a === '/favicon.svg' || !cached.has(a))
  await cache.addAll(missing)
  await cache.put(SHELL, res)
}

/** Drops cached /assets/* files the app no longer loads: earlier deploys must not pile up on the phone. */
async function pruneAssets() {
  const cache = await caches.open(CACHE)
  const shell = await cache.match(SHELL)
  if (!shell) return
  const keep = new Set(appFiles(await shell.text()))
  const requests = await cache.keys()
  const stale = requests.filter((req) => {
    const path = new URL(req.url).pathname
    return path.startsWith('/assets/') && !keep.has(path)
  })
  await Promise.all(stale.map((req) => cache.delete(req)))
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()))
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
      .then(pruneAssets)
      .then(() => self.clients.claim()),
  )
})

const isAppPage = (url) => !url.pathname.startsWith('/api/') && !url.pathname.startsWith('/s/') && url.pathname !== '/respondent.html'

self.addEventListener('fetch', (event) => {
  const req = event.request
  if (req.method !== 'GET') return
  const url = new URL(req.url)
  if (url.origin !== self.location.origin) return

  if (req.mode === 'navigate' && isAppPage(url)) {
    event.respondWith(
      fetch(req)
        .then((res) => {
          if (res.ok && (res.headers.get('content-type') || '').includes('text/html')) {
            const copy = res.clone()
            event.waitUntil(caches.open(CACHE).then((cache) => cache.put(SHELL, copy)))
          }
          return res
        })
        .catch(() => caches.match(SHELL).then((cached) => cached || Response.error())),
    )
    return
  }

  if (url.pathname.startsWith('/assets/')) {
    event.respondWith(
      caches.match(req).then(
        (cached) =>
          cached ||
          fetch(req).then((res) => {
            // A server answering a missing file with the app's HTML must not have that kept as the file.
            if (res.ok && !(res.headers.get('content-type') || '').includes('text/html')) {
              const copy = res.clone()
              event.waitUntil(caches.open(CACHE).then((cache) => cache.put(req, copy)))
            }
            return res
          }),
      ),
    )
  }
})
