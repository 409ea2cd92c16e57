/** Sentiment labels in stacking order, with the colour each is drawn in (the tables name them in words). */
export const SENTIMENT_SERIES = [
  { key: 'negative', label: 'Negative', colour: '#c62828' },
  { key: 'mixed', label: 'Mixed', colour: '#b35900' },
  { key: 'neutral', label: 'Neutral', colour: '#8a94a6' },
  { key: 'positive', label: 'Positive', colour: '#1a7f37' },
  { key: 'unknown', label: 'Not English', colour: '#d5dbe3' },
] as const
