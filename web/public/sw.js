/*
 * Yardstick's service worker: lets a mystery shopper reopen the app without a connection.
 * - Page loads: network first, falling back to the cached app shell (index.html).
 * - /assets/*: cache first (file names carry a content hash, so they never change).
 * - /api/*: never cached (the app keeps its own data on the phone); the respondent page
 *   (/s/..., /respondent.html) is left alone.
 */
const CACHE = 'yardstick-shell-v1'
const SHELL = '/'

async function cacheShell() {
  const cache = await caches.open(CACHE)
  const res = await fetch(SHELL, { cache: 'no-cache', credentials: 'same-origin' })
  if (!res.ok) return
  const html = await res.clone().text()
  await cache.put(SHELL, res)
  const assets = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1])
  await cache.addAll([...new Set([...assets, '/favicon.svg'])])
}

self.addEventListener('install', (event) => {
  event.waitUntil(cacheShell().then(() => self.skipWaiting()))
})

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
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
            if (res.ok) {
              const copy = res.clone()
              event.waitUntil(caches.open(CACHE).then((cache) => cache.put(req, copy)))
            }
            return res
          }),
      ),
    )
  }
})
