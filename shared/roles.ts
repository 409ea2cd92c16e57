/** Roles and what each may do. One table, read by the server (enforcement) and the web app (what to show). */
export const ROLES = ['admin', 'manager', 'reviewer', 'analyst', 'shopper'] as const
export type Role = (typeof ROLES)[number]

export const PERMISSIONS = {
  /** Invite users, change roles, deactivate accounts. */
  'users:manage': ['admin'],
  /** Create and edit locations and service standards. */
  'config:write': ['admin', 'manager'],
  /** Build, publish and distribute surveys. */
  'surveys:write': ['admin', 'manager'],
  /** Read dashboards, standards, locations, surveys and results. */
  'results:read': ['admin', 'manager', 'reviewer', 'analyst'],
} as const satisfies Record<string, readonly Role[]>
export type Permission = keyof typeof PERMISSIONS

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role)
}

export const ROLE_LABELS: Record<Role, string> = {
  admin: 'Admin',
  manager: 'Manager',
  reviewer: 'Reviewer',
  analyst: 'Analyst (read-only)',
  shopper: 'Mystery shopper',
}
