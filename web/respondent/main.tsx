import { render } from 'solid-js/web'
import { RespondentApp } from './respondent-app.tsx'
import './respondent.css'

const root = document.getElementById('survey')!
const token = /^\/s\/([A-Za-z0-9_-]+)\/?$/.exec(location.pathname)?.[1] ?? ''
// The builder's live preview (see preview.ts) loads this page at /respondent.html?preview=1.
const preview = !token && new URLSearchParams(location.search).get('preview') === '1'
root.textContent = ''
render(() => <RespondentApp token={token} preview={preview} />, root)
