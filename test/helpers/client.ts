/**
 * A signed-in API client for tests, behaving like the browser app: keeps the session cookie and sends
 * the CSRF token on writes. It calls any fetch-like function: the app's `request` on Node, or the
 * worker's own `fetch` handler inside workerd. No Node-only imports, so both test projects use it.
 */
export type Fetch = (request: Request) => Promise<Response>

export const ORIGIN = 'https://yardstick.example'

export class Client {
  cookie = ''
  csrf = ''
  constructor(
    readonly fetch: Fetch,
    readonly origin: string = ORIGIN,
  ) {}

  async req(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
    const res = await this.fetch(
      new Request(new URL(path, this.origin), {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(this.cookie ? { cookie: this.cookie } : {}),
          ...(this.csrf && method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
          ...headers,
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      }),
    )
    const set = res.headers.get('set-cookie')
    if (set) {
      const m = /((?:__Host-)?ys_session)=([^;]*)/.exec(set)
      if (m) this.cookie = m[2] ? `${m[1]}=${m[2]}` : ''
    }
    const text = await res.text()
    let json: any = null
    try {
      json = text ? JSON.parse(text) : null
    } catch {
      json = text
    }
    if (json && typeof json === 'object' && typeof json.csrfToken === 'string') this.csrf = json.csrfToken
    return { status: res.status, body: json, headers: res.headers }
  }
  get = (p: string) => this.req('GET', p)
  post = (p: string, b?: unknown) => this.req('POST', p, b ?? {})
  put = (p: string, b?: unknown) => this.req('PUT', p, b ?? {})
  patch = (p: string, b?: unknown) => this.req('PATCH', p, b ?? {})
  del = (p: string) => this.req('DELETE', p)
}
