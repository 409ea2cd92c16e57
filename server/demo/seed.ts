import type { AppDatabase } from '../db/database.ts'
export const DEMO_LOGIN = { email: 'demo@yardstick.example', password: 'demo-password-2026' }
export async function seedDemo(_database: AppDatabase, _opts: { now: Date }): Promise<void> {
  throw new Error('demo seed not written yet')
}
