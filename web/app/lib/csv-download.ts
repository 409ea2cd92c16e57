import { toCsv } from '../../../shared/csv.ts'

/**
 * Downloads a table as a CSV file: RFC 4180 quoting, formula-safe cells and a UTF-8 byte-order mark
 * so Excel reads accents and symbols (shared/csv.ts), saved through a Blob link.
 */
export function downloadCsv(filename: string, rows: readonly (readonly (string | number | null | undefined)[])[]): void {
  const text = toCsv(rows.map((r) => r.map((v) => (v === null || v === undefined ? '' : String(v)))))
  const href = URL.createObjectURL(new Blob([text], { type: 'text/csv;charset=utf-8' }))
  const a = document.createElement('a')
  a.href = href
  a.download = filename.endsWith('.csv') ? filename : `${filename}.csv`
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(href), 10_000)
}

/** A figure for a CSV cell: rounded to `decimals`, empty when missing. */
export function csvNumber(value: number | null | undefined, decimals = 1): string {
  return value === null || value === undefined ? '' : String(Number(value.toFixed(decimals)))
}
