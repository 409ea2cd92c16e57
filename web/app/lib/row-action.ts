import { confirmAction, type ConfirmRequest } from '../components/confirm-dialog.tsx'
import { errorMessage } from './api.ts'

/**
 * A write on one row of a list (archive, restore): asked first when `confirm` is given, then the
 * list is fetched again and `done` (or what went wrong) is said in the list's status line.
 */
export async function runRowAction(opts: { confirm?: ConfirmRequest; run: () => Promise<unknown>; refetch: () => unknown; done: string; setMessage: (message: string) => void }): Promise<void> {
  if (opts.confirm && !(await confirmAction(opts.confirm))) return
  try {
    await opts.run()
    await opts.refetch()
    opts.setMessage(opts.done)
  } catch (err) {
    opts.setMessage(errorMessage(err))
  }
}
