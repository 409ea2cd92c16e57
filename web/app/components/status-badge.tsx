import type { Status } from '../../../shared/metrics/index.ts'

export const STATUS_TEXT: Record<Status, string> = {
  green: 'On target',
  amber: 'Within tolerance',
  red: 'Off target',
  insufficient: 'Insufficient data',
}

const STATUS_SYMBOL: Record<Status, string> = { green: '●', amber: '▲', red: '■', insufficient: '○' }

/** Red/amber/green as text and shape, never colour alone. */
export function StatusBadge(props: { status: string }) {
  const status = () => (props.status in STATUS_TEXT ? (props.status as Status) : 'insufficient')
  return (
    <span class={`badge badge-${status()}`}>
      <span aria-hidden="true" class="badge-symbol">
        {STATUS_SYMBOL[status()]}
      </span>
      {STATUS_TEXT[status()]}
    </span>
  )
}
