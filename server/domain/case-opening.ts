import { sql, type Compilable } from 'kysely'
import type { Db } from '../db/database.ts'
import { newId } from '../../shared/ids.ts'
import { allQuestions, type TSurveyDefinition } from '../../shared/survey/definition.ts'
import type { AnswerValue } from '../../shared/survey/answers.ts'
import type { AuditScore } from '../../shared/audit/scoring.ts'
import { templateItems } from '../../shared/audit/items.ts'
import type { TAuditTemplateDefinition } from '../../shared/audit/template.ts'
import { caseFor, caseOpeningFor } from './cases.ts'
import { findInvitationContact, getCaseSettings, openCaseStatements } from '../db/repositories/cases.ts'
import { findLocation } from '../db/repositories/register.ts'
import type { ResponseFacts } from '../db/repositories/surveys.ts'
import type { RespondentLink } from '../db/repositories/links.ts'

/** Question types whose answers can open a case, and whose standard links the case takes. */
const CASE_QUESTION_TYPES = new Set(['nps', 'csat', 'comment', 'short_text'])

/**
 * The statements opening a follow-up case for a response the organisation's rules catch (NPS
 * detractor, low CSAT, negative comment), for the response's own write: the case lands only if the
 * response does. The customer's name and contact go on the case only when an identified survey's
 * respondent agreed to be contacted (a consent question answered yes); otherwise it is anonymous.
 */
export async function responseCaseStatements(db: Db, r: { link: RespondentLink; definition: TSurveyDefinition; responseId: string; answers: Record<string, AnswerValue>; facts: ResponseFacts; now: Date }): Promise<Compilable[]> {
  const { rules, sla } = await getCaseSettings(db, r.link.org_id)
  const facts = { nps: r.facts.nps, csat: r.facts.csat, negativeComment: r.facts.negativeComment, criticalAudit: false }
  // Cheap check first: most responses open nothing and need no further reads.
  if (!caseOpeningFor(rules, facts)) return []
  const location = r.link.location_id ? await findLocation(db, r.link.org_id, r.link.location_id) : undefined
  const standardIds = allQuestions(r.definition)
    .filter((q) => CASE_QUESTION_TYPES.has(q.type) && r.answers[q.id] !== undefined)
    .flatMap((q) => ('standardIds' in q ? (q.standardIds as string[]) : []))
  let customer: { name: string; contact: string } | null = null
  if (r.link.invitation_id && r.facts.consent) {
    const invitation = await findInvitationContact(db, r.link.invitation_id)
    if (invitation) customer = { name: invitation.name, contact: invitation.email ?? invitation.phone ?? '' }
  }
  const opened = caseFor(
    rules,
    sla,
    facts,
    { orgId: r.link.org_id, source: 'survey', sourceId: r.responseId, locationId: r.link.location_id, locationName: location?.name ?? null, formId: r.link.survey_id, formTitle: r.definition.title, standardIds, themes: r.facts.themes, detail: r.facts.comment, customer },
    { caseId: newId() },
    r.now,
  )!
  return openCaseStatements(db, opened.row, { id: newId(), text: `Opened by the case rules: ${opened.opening.reasons.join('; ')}`, actorId: null }, sql<boolean>`exists (select 1 from "response" where "id" = ${r.responseId})`)
}

/**
 * The statements opening a case for an audit approved with a critical failure, for the approval's
 * own write (`guard`: the approval's condition, so a lost race opens nothing). The case concerns the
 * standards the failed critical items are linked to.
 */
export async function auditCaseStatements(
  db: Db,
  a: { orgId: string; assignmentId: string; locationId: string; locationName: string; templateId: string; templateTitle: string; definition: TAuditTemplateDefinition; score: AuditScore; now: Date },
  guard: ReturnType<typeof sql>,
): Promise<Compilable[]> {
  if (a.score.outcome !== 'critical_fail') return []
  const { rules, sla } = await getCaseSettings(db, a.orgId)
  const failed = new Set(a.score.criticalFailures)
  const items = templateItems(a.definition).filter(({ item }) => failed.has(item.id))
  const standardIds = items.flatMap(({ item }) => ('standardIds' in item ? (item.standardIds as string[]) : []))
  const percent = a.score.percent === null ? '' : `; score ${a.score.percent.toFixed(1)}%`
  const detail = `Failed critical ${items.length === 1 ? 'item' : 'items'}: ${items.map(({ item }) => item.label).join('; ')}${percent}`
  const opened = caseFor(rules, sla, { nps: null, csat: null, negativeComment: false, criticalAudit: true }, { orgId: a.orgId, source: 'audit', sourceId: a.assignmentId, locationId: a.locationId, locationName: a.locationName, formId: a.templateId, formTitle: a.templateTitle, standardIds, themes: 0, detail, customer: null }, { caseId: newId() }, a.now)
  if (!opened) return []
  return openCaseStatements(db, opened.row, { id: newId(), text: `Opened by the case rules: ${opened.opening.reasons.join('; ')}`, actorId: null }, guard as ReturnType<typeof sql<boolean>>)
}
