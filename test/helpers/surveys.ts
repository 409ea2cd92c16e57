// Survey definitions shared by tests.

/** A survey of every question type, with logic on a question (why_low: CSAT ≤ 2 or NPS ≤ 6) and on page p2 (CSAT ≥ 4). */
export function everyType(): any {
  return {
    title: 'Visit check',
    pages: [
      {
        id: 'p1',
        questions: [
          { id: 'nps', type: 'nps', text: 'Recommend?', required: true },
          { id: 'csat', type: 'csat', text: 'Satisfied?', required: true },
          { id: 'ces', type: 'ces', text: 'Easy?' },
          { id: 'stars', type: 'rating', text: 'Cleanliness', points: 4, style: 'stars' },
          { id: 'why_low', type: 'comment', text: 'What went wrong?', required: true, visibleIf: { join: 'any', conditions: [{ questionId: 'csat', op: 'lte', value: 2 }, { questionId: 'nps', op: 'lte', value: 6 }] } },
        ],
      },
      {
        id: 'p2',
        visibleIf: { join: 'all', conditions: [{ questionId: 'csat', op: 'gte', value: 4 }] },
        questions: [
          { id: 'visit', type: 'single_choice', text: 'Why did you visit?', choices: [{ id: 'buy', label: 'To buy' }, { id: 'return', label: 'To return' }], allowOther: true },
          { id: 'liked', type: 'multiple_choice', text: 'What did you like?', choices: [{ id: 'staff', label: 'Staff' }, { id: 'speed', label: 'Speed' }, { id: 'price', label: 'Price' }], maxSelected: 2 },
          { id: 'greeted', type: 'yes_no', text: 'Were you greeted?' },
          { id: 'name', type: 'short_text', text: 'Who served you?', maxLength: 20 },
          { id: 'minutes', type: 'number', text: 'Minutes waited', min: 0, max: 120, integer: true },
          { id: 'visited', type: 'date', text: 'Date of visit', min: '2026-01-01' },
          { id: 'contact', type: 'consent', text: 'You may contact me', required: true },
        ],
      },
    ],
  }
}

