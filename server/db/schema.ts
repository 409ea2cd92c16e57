import type { Generated, Insertable, Selectable, Updateable } from 'kysely'
import type { AssignmentStatus } from '../../shared/audit/status.ts'
import type { AuditOutcome } from '../../shared/audit/scoring.ts'

/** One interface per table. Timestamps are ISO-8601 strings; booleans are 0/1 (D1 binds no booleans). */

export interface OrganisationTable {
  id: string
  name: string
  created_at: string
}

export interface UserTable {
  id: string
  org_id: string
  email: string
  name: string
  role: 'admin' | 'manager' | 'reviewer' | 'analyst' | 'shopper'
  /** `pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>`: the parameters travel with the hash. */
  password_hash: string
  active: number
  created_at: string
  updated_at: string
}

export interface SessionTable {
  /** SHA-256 of the cookie token: a leaked database does not yield live sessions. */
  id_hash: string
  user_id: string
  org_id: string
  csrf_token: string
  created_at: string
  expires_at: string
}

export interface InvitationTable {
  id: string
  org_id: string
  email: string
  role: UserTable['role']
  token_hash: string
  created_by: string
  created_at: string
  expires_at: string
  accepted_at: string | null
  revoked_at: string | null
}

export interface AuthFailureTable {
  id: string
  /** SHA-256 of the email or of the client address: no personal data at rest. */
  key_hash: string
  at: string
}

export interface LocationTable {
  id: string
  org_id: string
  name: string
  code: string
  kind: 'branch' | 'store' | 'phone_line' | 'website' | 'other'
  address: string
  archived_at: string | null
  created_at: string
  updated_at: string
}

export interface StandardTable {
  id: string
  org_id: string
  code: string
  title: string
  description: string
  owner: string
  channel: string
  customer_type: 'external' | 'internal' | 'both'
  dimension: 'reliability' | 'assurance' | 'tangibles' | 'empathy' | 'responsiveness'
  metric: string
  /** The target in force now; history in standard_target. */
  target: number
  tolerance: number
  direction: 'higher' | 'lower'
  archived_at: string | null
  created_at: string
  updated_at: string
}

export interface StandardTargetTable {
  id: string
  org_id: string
  standard_id: string
  target: number
  tolerance: number
  direction: 'higher' | 'lower'
  /** ISO date from which this target judges results. */
  effective_from: string
  changed_by: string
  created_at: string
}

export interface SurveyTable {
  id: string
  org_id: string
  title: string
  archived_at: string | null
  created_at: string
  updated_at: string
}

export interface SurveyVersionTable {
  id: string
  org_id: string
  survey_id: string
  version: number
  status: 'draft' | 'published' | 'archived'
  /** The survey definition as JSON (shared/survey/definition.ts). Frozen once published. */
  definition: string
  created_by: string
  created_at: string
  published_at: string | null
}

export interface CollectorTable {
  id: string
  org_id: string
  survey_id: string
  /** 128 random bits, base64url: not derived from any id. */
  token: string
  label: string
  location_id: string | null
  channel: string
  status: 'open' | 'paused' | 'closed'
  created_at: string
  /** 'link' (anyone with the address) or 'invitations' (a list of single-use personal links). */
  kind: Generated<'link' | 'invitations'>
  /** ISO times; outside them the link is not open. */
  opens_at: string | null
  closes_at: string | null
  response_cap: number | null
  /** Responses stored through this link; raised in the same write as each response (race-safe cap). */
  response_count: Generated<number>
  /** 1: responses keep the invitee's attributes; 0: anonymous. */
  identified: Generated<number>
  one_per_device: Generated<number>
  kiosk: Generated<number>
  /** Replaces the survey's thank-you text when not empty. */
  thank_you: Generated<string>
  /** An https:// address the customer is sent to after the thank-you. */
  redirect_url: string | null
}

export interface SurveyInvitationTable {
  id: string
  org_id: string
  collector_id: string
  /** 128 random bits, base64url. */
  token: string
  /** Line of the uploaded file (for reports). */
  line: number
  name: Generated<string>
  email: string | null
  phone: string | null
  /** The file's other columns, as a JSON object of strings. */
  attributes: Generated<string>
  created_at: string
  sent_at: string | null
  opened_at: string | null
  answered_at: string | null
}

export interface LinkEventDailyTable {
  org_id: string
  collector_id: string
  day: string
  event: 'view' | 'start' | 'complete' | 'reach'
  /** For 'reach': the question reached; '' otherwise. */
  question_id: Generated<string>
  count: number
}

export interface InstanceSecretTable {
  name: string
  value: string
  created_at: string
}

export interface ResponseTable {
  id: string
  org_id: string
  survey_id: string
  version_id: string
  collector_id: string
  location_id: string | null
  client_id: string
  language: string
  submitted_at: string
  /** The single-use invitation answered, if any (unique: answered once). */
  invitation_id?: string | null
  /** Keyed hash (key rotates daily) of the device, on one-response-per-device links; never the address. */
  device_key?: string | null
}

export interface AnswerTable {
  response_id: string
  org_id: string
  question_id: string
  value_num: number | null
  value_text: string | null
}

/**
 * Daily answer counts per value, kept in the same atomic write as each response, so dashboards
 * read a few rollup rows instead of scanning responses (on D1 every row read is billed).
 */
export interface AnswerDailyTable {
  org_id: string
  day: string
  survey_id: string
  question_id: string
  /** '' when the link has no location. */
  location_id: string
  collector_id: string
  value: number
  count: number
}

export interface AuditTemplateTable {
  id: string
  org_id: string
  title: string
  archived_at: string | null
  created_at: string
  updated_at: string
}

export interface AuditTemplateVersionTable {
  id: string
  org_id: string
  template_id: string
  version: number
  status: 'draft' | 'published' | 'archived'
  /** The template definition as JSON (shared/audit/template.ts). Frozen once published. */
  definition: string
  created_by: string
  created_at: string
  published_at: string | null
}

export interface AuditWaveTable {
  id: string
  org_id: string
  name: string
  template_id: string
  created_by: string
  created_at: string
}

/** A visit given to a shopper, and the audit they fill for it (one per assignment). */
export interface AssignmentTable {
  id: string
  org_id: string
  template_id: string
  /** The template version the audit is filled and scored against. */
  version_id: string
  location_id: string
  shopper_id: string
  wave_id: string | null
  /** ISO dates: the visit happens from visit_from to visit_to inclusive. */
  visit_from: string
  visit_to: string
  due_at: string
  instructions: Generated<string>
  status: AssignmentStatus
  /** TAuditAnswers as JSON. */
  answers: Generated<string>
  /** Raised by every save; a save naming an older revision is refused (409). */
  revision: Generated<number>
  visit_started_at: string | null
  visit_ended_at: string | null
  score_percent: number | null
  outcome: AuditOutcome | null
  earned: number | null
  possible: number | null
  insufficient: Generated<number>
  created_by: string
  created_at: string
  updated_at: string
  accepted_at: string | null
  submitted_at: string | null
  reviewed_at: string | null
  reviewed_by: string | null
  approved_at: string | null
}

export interface AssignmentEventTable {
  id: string
  org_id: string
  assignment_id: string
  at: string
  user_id: string
  kind: 'status' | 'edit' | 'comment' | 'dispute'
  from_status: string | null
  to_status: string | null
  item_id: string | null
  /** JSON of the answer before and after a reviewer's edit. */
  old_value: string | null
  new_value: string | null
  message: Generated<string>
}

export interface AuditPhotoTable {
  id: string
  org_id: string
  assignment_id: string
  item_id: string
  content_type: string
  bytes: number
  sha256: string
  storage_key: string
  uploaded_by: string
  created_at: string
}

export interface AuditDisputeTable {
  id: string
  org_id: string
  assignment_id: string
  raised_by: string
  raised_at: string
  reason: string
  status: 'open' | 'upheld' | 'dismissed'
  resolved_by: string | null
  resolved_at: string | null
  resolution: Generated<string>
}

export interface AuditStandardResultTable {
  org_id: string
  assignment_id: string
  standard_id: string
  location_id: string
  visit_date: string
  applicable: number
  passed: number
}

/** A free-text survey answer or an approved audit's narrative, with its sentiment and themes. */
export interface CommentTable {
  id: string
  org_id: string
  source: 'survey' | 'audit'
  /** Response id (survey) or assignment id (audit). */
  source_id: string
  /** Question id (survey) or item id (audit). */
  field_id: string
  /** Survey id or audit template id. */
  form_id: string
  location_id: string | null
  collector_id: string | null
  at: string
  language: Generated<string>
  text: string
  label: 'positive' | 'neutral' | 'negative' | 'mixed' | null
  score: Generated<number>
  /** Bit mask over THEMES (shared/sentiment). */
  themes: Generated<number>
  tagger_version: string
  corrected_label: 'positive' | 'neutral' | 'negative' | 'mixed' | null
  corrected_themes: number | null
  corrected_by: string | null
  corrected_at: string | null
  final_label: 'positive' | 'neutral' | 'negative' | 'mixed' | null
  final_themes: Generated<number>
}

export interface JobTable {
  id: string
  kind: 'retag_comments'
  target: string
  status: 'running' | 'done' | 'failed'
  total: Generated<number>
  done: Generated<number>
  cursor: Generated<string>
  error: Generated<string>
  started_at: string
  updated_at: string
  finished_at: string | null
}

export type RollupKind = 'answer' | 'answer_seg' | 'audit_standard' | 'audit_visit' | 'comment' | 'comment_driver'
export type RollupGrain = 'day' | 'week' | 'month'

/** Sufficient statistics per kind, keys and bucket (docs/analytics.md, "Rollups"). */
export interface RollupTable {
  org_id: string
  kind: RollupKind
  grain: RollupGrain
  form_id: Generated<string>
  item_id: Generated<string>
  /** ISO date of the bucket's first day (the Monday of a week, the 1st of a month). */
  bucket: string
  location_id: Generated<string>
  segment: Generated<string>
  n: Generated<number>
  sum: Generated<number>
  sumsq: Generated<number>
  c0: Generated<number>
  c1: Generated<number>
  c2: Generated<number>
  c3: Generated<number>
  c4: Generated<number>
  c5: Generated<number>
  c6: Generated<number>
  c7: Generated<number>
  c8: Generated<number>
  c9: Generated<number>
  c10: Generated<number>
}

// ---- closing the loop (2026-12-08)

export interface CaseSettingsTable {
  org_id: string
  /** JSON: TCaseRules (shared/cases.ts). */
  rules: string
  /** JSON: TSla (shared/cases.ts). */
  sla: string
  webhook_url: Generated<string>
  webhook_secret: Generated<string>
  updated_by: string | null
  updated_at: string
}

export interface FollowUpCaseTable {
  id: string
  org_id: string
  source: 'survey' | 'audit' | 'complaint'
  source_id: string
  trigger: 'nps_detractor' | 'csat_low' | 'negative_comment' | 'critical_audit' | 'complaint'
  location_id: string | null
  form_id: Generated<string>
  /** JSON array of standard ids. */
  standard_ids: Generated<string>
  /** Bit mask over THEMES. */
  themes: Generated<number>
  title: string
  summary: Generated<string>
  channel: string
  customer_name: Generated<string>
  customer_contact: Generated<string>
  contact_allowed: Generated<number>
  priority: 'low' | 'normal' | 'high' | 'urgent'
  owner_id: string | null
  status: 'open' | 'in_progress' | 'escalated' | 'resolved' | 'closed'
  escalation_level: Generated<number>
  opened_at: string
  due_at: string
  escalated_at: string | null
  resolved_at: string | null
  closed_at: string | null
  root_cause: Generated<string>
  resolution: Generated<string>
  first_contact: number | null
  updated_at: string
}

export interface CaseEventTable {
  id: string
  org_id: string
  case_id: string
  at: string
  actor_id: string | null
  kind: 'opened' | 'note' | 'status' | 'assigned' | 'priority' | 'escalated' | 'resolved' | 'closed' | 'reopened'
  text: Generated<string>
  /** JSON object. */
  data: Generated<string>
}

export interface ImprovementActionTable {
  id: string
  org_id: string
  title: string
  description: Generated<string>
  owner_id: string | null
  start_date: string
  status: 'planned' | 'in_progress' | 'done' | 'abandoned'
  standard_ids: Generated<string>
  location_ids: Generated<string>
  comparison_location_ids: Generated<string>
  window_days: Generated<number>
  settling_days: Generated<number>
  created_by: string | null
  created_at: string
  updated_at: string
}

export interface ActionStakeholderTable {
  id: string
  org_id: string
  action_id: string
  kind: 'consulted' | 'informed'
  stakeholder: string
  on_date: string
  note: Generated<string>
  recorded_by: string | null
  created_at: string
}

export interface MeasurementMethodTable {
  org_id: string
  method: 'survey' | 'mystery_shop' | 'complaints' | 'operational'
  used: Generated<number>
  justification: Generated<string>
  sample_plan: Generated<string>
  updated_by: string | null
  updated_at: string
}

export interface NotificationTable {
  id: string
  org_id: string
  kind: 'below_target' | 'sla_breach' | 'repeated_problem'
  dedupe_key: string
  title: string
  body: Generated<string>
  link: Generated<string>
  created_at: string
  read_at: string | null
}

export interface WebhookDeliveryTable {
  id: string
  org_id: string
  notification_id: string
  url: string
  payload: string
  status: 'pending' | 'delivered' | 'failed'
  attempts: Generated<number>
  next_attempt_at: string
  last_status: number | null
  last_error: Generated<string>
  created_at: string
  delivered_at: string | null
}

export interface ReviewNoteTable {
  org_id: string
  report_key: string
  section: string
  text: string
  updated_by: string | null
  updated_at: string
}

export interface Database {
  organisation: OrganisationTable
  user: UserTable
  session: SessionTable
  invitation: InvitationTable
  auth_failure: AuthFailureTable
  location: LocationTable
  standard: StandardTable
  standard_target: StandardTargetTable
  survey: SurveyTable
  survey_version: SurveyVersionTable
  collector: CollectorTable
  survey_invitation: SurveyInvitationTable
  link_event_daily: LinkEventDailyTable
  instance_secret: InstanceSecretTable
  response: ResponseTable
  answer: AnswerTable
  answer_daily: AnswerDailyTable
  audit_template: AuditTemplateTable
  audit_template_version: AuditTemplateVersionTable
  audit_wave: AuditWaveTable
  assignment: AssignmentTable
  assignment_event: AssignmentEventTable
  audit_photo: AuditPhotoTable
  audit_dispute: AuditDisputeTable
  audit_standard_result: AuditStandardResultTable
  comment: CommentTable
  job: JobTable
  rollup: RollupTable
  case_settings: CaseSettingsTable
  follow_up_case: FollowUpCaseTable
  case_event: CaseEventTable
  improvement_action: ImprovementActionTable
  action_stakeholder: ActionStakeholderTable
  measurement_method: MeasurementMethodTable
  notification: NotificationTable
  webhook_delivery: WebhookDeliveryTable
  review_note: ReviewNoteTable
}

export type User = Selectable<UserTable>
export type NewUser = Insertable<UserTable>
export type Location = Selectable<LocationTable>
export type Standard = Selectable<StandardTable>
export type StandardUpdate = Updateable<StandardTable>
export type SurveyVersion = Selectable<SurveyVersionTable>
export type Collector = Selectable<CollectorTable>
export type Assignment = Selectable<AssignmentTable>
export type AuditTemplateVersion = Selectable<AuditTemplateVersionTable>
