import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const SERVER = resolve(fileURLToPath(import.meta.url), '../submit-server.ts')
// Resolved from here, so the child starts whatever the current directory is.
const TSX = import.meta.resolve('tsx')

export interface ServerChild {
  child: ChildProcess
  port: number
  pid: number
  /** Peak resident memory so far (VmHWM), in MiB; NaN once the process has gone. */
  peakRssMib(): number
  stop(): Promise<void>
}

/**
 * The Node flags `npm start` gives the server (the words between `node` and `--import` in
 * package.json's start script), so the benchmark measures the process as it runs in production.
 */
export function productionNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(resolve(fileURLToPath(import.meta.url), '../../package.json'), 'utf8')) as { scripts: { start: string } }
  const words = pkg.scripts.start.split(/\s+/)
  if (words[0] !== 'node' || !words.includes('--import')) throw new Error(`unexpected start script: ${pkg.scripts.start}`)
  return words.slice(1, words.indexOf('--import'))
}

/** Starts bench/submit-server.ts on the file, with production's Node flags; resolves once it listens. */
export function startServerChild(file: string, webDist: string, mode: 'stored' | 'noop', nodeArgs: string[] = productionNodeFlags()): Promise<ServerChild> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', TSX, SERVER, file, webDist, mode], {
    // The access log goes where production's would, but nobody reads it here.
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  })
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  return new Promise((resolveStart, reject) => {
    child.once('error', reject)
    child.once('exit', (code, signal) => reject(new Error(`server exited before listening (${code ?? signal})`)))
    child.once('message', (m: { port: number; pid: number }) =>
      resolveStart({
        child,
        port: m.port,
        pid: m.pid,
        peakRssMib: () => {
          try {
            const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${m.pid}/status`, 'utf8'))?.[1]
            return kb ? Number(kb) / 1024 : NaN
          } catch {
            return NaN
          }
        },
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
          await exited
        },
      }),
    )
  })
}

export interface LoadResult {
  /** Responses by HTTP status. */
  statuses: Record<number, number>
  /** Latency of each completed request, ms. */
  latencies: number[]
  seconds: number
  errors: number
}

export interface LoadOptions {
  port: number
  path: string
  concurrency: number
  durationMs: number
  /** The i-th request's JSON body. */
  body(i: number): string
  /** Called with each answered request (status and parsed body). */
  onResponse?(status: number, body: string, i: number): void
  /** Stops early (e.g. the server was killed on purpose). */
  signal?: AbortSignal
}

/**
 * A closed-loop load generator: `concurrency` keep-alive connections, each sending its next
 * request as soon as the previous one is answered, for a fixed time.
 */
export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: opts.concurrency, maxFreeSockets: opts.concurrency })
  const result: LoadResult = { statuses: {}, latencies: [], seconds: 0, errors: 0 }
  let next = 0
  const started = performance.now()
  const deadline = started + opts.durationMs
  const one = (i: number) =>
    new Promise<void>((done) => {
      const payload = opts.body(i)
      const t = performance.now()
      const req = request(
        { host: '127.0.0.1', port: opts.port, path: opts.path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => {
            result.latencies.push(performance.now() - t)
            const status = res.statusCode ?? 0
            result.statuses[status] = (result.statuses[status] ?? 0) + 1
            opts.onResponse?.(status, Buffer.concat(chunks).toString('utf8'), i)
            done()
          })
          res.on('error', () => {
            result.errors++
            done()
          })
        },
      )
      req.on('error', () => {
        result.errors++
        done()
      })
      req.end(payload)
    })
  const worker = async () => {
    while (performance.now() < deadline && !opts.signal?.aborted) await one(next++)
  }
  await Promise.all(Array.from({ length: opts.concurrency }, worker))
  result.seconds = (performance.now() - started) / 1000
  agent.destroy()
  return result
}
