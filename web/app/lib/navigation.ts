/** Only signed-in pages of this app may be returned to after sign-in (never sign-in or setup itself). */
export function safeNext(next: string | string[] | undefined): string {
  const value = Array.isArray(next) ? next[0] : next
  if (!value || !value.startsWith('/') || value.startsWith('//')) return '/'
  return /^\/(login|setup|invite)(\/|\?|$)/.test(value) ? '/' : value
}
