/**
 * Registers the service worker (web/public/sw.js) that keeps the app shell on the phone, so a
 * shopper can reopen their visits without a connection. Production builds only: in development
 * it would serve stale modules.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js', { scope: '/' }).catch(() => {
      // Without it the app still works online; only an offline reload is lost.
    })
  })
}
