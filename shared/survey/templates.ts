import type { z } from 'zod'
import type { ZSurveyDefinition } from './definition.ts'

/**
 * Starting points for a new survey. Each is a definition as a manager would type it (defaults are
 * filled in when it is parsed), written to the practice of the field: few questions, the headline
 * metric first, one open question for the reason, logic to ask detractors what went wrong.
 */

export type SurveyInput = z.input<typeof ZSurveyDefinition>

export interface SurveyTemplate {
  id: string
  name: string
  description: string
  definition: (title: string) => SurveyInput
}

export const TEMPLATES: SurveyTemplate[] = [
  {
    id: 'post_visit_csat',
    name: 'Post-visit CSAT',
    description: 'Right after a visit: satisfaction, the reason, and what to fix when it went badly.',
    definition: (title) => ({
      title,
      intro: 'Tell us about your visit today. It takes about a minute.',
      pages: [
        {
          id: 'p1',
          questions: [
            { id: 'csat', type: 'csat', text: 'Overall, how satisfied were you with the service you received today?', required: true },
            {
              id: 'went_wrong',
              type: 'multiple_choice',
              text: 'What let us down?',
              help: 'Choose all that apply.',
              choices: [
                { id: 'wait', label: 'Waiting time' },
                { id: 'staff', label: 'Staff friendliness' },
                { id: 'knowledge', label: 'Staff knowledge' },
                { id: 'cleanliness', label: 'Cleanliness' },
                { id: 'stock', label: 'Availability of what I wanted' },
              ],
              allowOther: true,
              visibleIf: { join: 'all', conditions: [{ questionId: 'csat', op: 'lte', value: 3 }] },
            },
            { id: 'greeted', type: 'yes_no', text: 'Were you greeted when you arrived?' },
            { id: 'comment', type: 'comment', text: 'What is the main reason for your score?' },
          ],
        },
      ],
    }),
  },
  {
    id: 'relationship_nps',
    name: 'Relationship NPS',
    description: 'A periodic check of loyalty: NPS, the reason, and the strengths and gaps behind it.',
    definition: (title) => ({
      title,
      pages: [
        {
          id: 'p1',
          questions: [
            { id: 'nps', type: 'nps', text: 'How likely are you to recommend us to a friend or colleague?', required: true },
            { id: 'nps_reason', type: 'comment', text: 'What is the main reason for your score?' },
          ],
        },
        {
          id: 'p2',
          title: 'About your experience',
          questions: [
            { id: 'reliability', type: 'rating', points: 5, style: 'stars', text: 'We do what we promise, when we promise it.', lowLabel: 'Never', highLabel: 'Always' },
            { id: 'responsiveness', type: 'rating', points: 5, style: 'stars', text: 'We respond to you promptly.', lowLabel: 'Never', highLabel: 'Always' },
            {
              id: 'improve',
              type: 'comment',
              text: 'What one thing should we improve first?',
              visibleIf: { join: 'all', conditions: [{ questionId: 'nps', op: 'lte', value: 6 }] },
            },
          ],
        },
      ],
    }),
  },
  {
    id: 'complaint_follow_up',
    name: 'Complaint-handling follow-up',
    description: 'After a complaint is closed: was it resolved, how fast, and was it handled well.',
    definition: (title) => ({
      title,
      intro: 'You recently raised a complaint with us. Please tell us how we handled it.',
      pages: [
        {
          id: 'p1',
          questions: [
            { id: 'resolved', type: 'yes_no', text: 'Was your complaint resolved?', required: true },
            {
              id: 'unresolved_reason',
              type: 'comment',
              text: 'What is still not resolved?',
              visibleIf: { join: 'all', conditions: [{ questionId: 'resolved', op: 'eq', value: false }] },
            },
            { id: 'speed', type: 'single_choice', text: 'How long did it take to resolve?', choices: [
              { id: 'same_day', label: 'The same day' },
              { id: 'within_week', label: 'Within a week' },
              { id: 'longer', label: 'Longer than a week' },
            ] },
            { id: 'csat', type: 'csat', text: 'How satisfied are you with how your complaint was handled?', required: true },
            { id: 'ces', type: 'ces', text: 'It was easy to get my complaint resolved.' },
            { id: 'contact_ok', type: 'consent', text: 'You may contact me about my answers.' },
          ],
        },
      ],
    }),
  },
  {
    id: 'internal_customer',
    name: 'Internal customer satisfaction',
    description: 'For internal services (IT, payroll, facilities): satisfaction by service and what to improve.',
    definition: (title) => ({
      title,
      pages: [
        {
          id: 'p1',
          questions: [
            { id: 'service_used', type: 'single_choice', text: 'Which service did you use most recently?', required: true, choices: [
              { id: 'it', label: 'IT helpdesk' },
              { id: 'payroll', label: 'Payroll' },
              { id: 'facilities', label: 'Facilities' },
            ], allowOther: true },
            { id: 'csat', type: 'csat', text: 'How satisfied were you with the service?', required: true },
            { id: 'knowledge', type: 'rating', points: 5, style: 'numbers', text: 'The staff understood what I needed.', lowLabel: 'Strongly disagree', highLabel: 'Strongly agree' },
            { id: 'improve', type: 'comment', text: 'What would make this service more useful to you?' },
          ],
        },
      ],
    }),
  },
  {
    id: 'contact_centre_effort',
    name: 'Contact-centre effort',
    description: 'After a call or chat: effort, first-contact resolution and the reason.',
    definition: (title) => ({
      title,
      pages: [
        {
          id: 'p1',
          questions: [
            { id: 'ces', type: 'ces', text: 'The company made it easy for me to handle my issue.', required: true },
            { id: 'first_contact', type: 'yes_no', text: 'Was your issue resolved in this contact?', required: true },
            { id: 'contacts', type: 'number', text: 'How many times did you contact us about this issue?', min: 1, max: 50, integer: true },
            { id: 'comment', type: 'comment', text: 'What could we have done to make it easier?' },
          ],
        },
      ],
    }),
  },
]

export function findTemplate(id: string): SurveyTemplate | undefined {
  return TEMPLATES.find((t) => t.id === id)
}
