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
  /** Design audit templates, assign visits and waves to shoppers. */
  'audits:design': ['admin', 'manager'],
  /** Review submitted audits: approve, return with comments, reject, edit with a reason; see staff names. */
  'audits:review': ['admin', 'reviewer'],
  /** Dispute an approved audit of a location, or record a dispute's outcome. */
  'audits:dispute': ['admin', 'manager'],
  /** Correct a comment's sentiment and themes, export corrections, start a re-tag. */
  'comments:correct': ['admin', 'manager'],
  /** Work follow-up cases: log complaints, take, note, escalate, resolve and close cases; set case rules and the SLA. */
  'cases:work': ['admin', 'manager'],
  /** Record improvement actions and their stakeholders, the measurement plan and the review report's commentary. */
  'actions:write': ['admin', 'manager'],
  /** The organisation's outgoing webhook (address and signing secret) and its delivery log. */
  'integrations:manage': ['admin'],
  /** Fill the audits assigned to oneself (the shopper's phone screens). */
  'audits:fill': ['shopper'],
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
