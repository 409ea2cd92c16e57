/**
 * Registers the service worker (web/public/sw.js) that keeps the app shell on the phone, so a
 * shopper can reopen their visits without a connection. Built apps only: under the dev server it
 * would serve stale modules. (The mode, not PROD: a build run from a test runner has NODE_ENV=test,
 * which turns PROD off.)
 */
export function registerServiceWorker(): void {
  if (import.meta.env.MODE === 'development' || !('serviceWorker' in navigator)) return
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
      // Without it the app still works online; only an offline reload is lost.
    })
  })
}
