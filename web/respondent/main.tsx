import { render } from 'solid-js/web'
import { RespondentApp } from './respondent-app.tsx'
import './respondent.css'

const root = document.getElementById('survey')!
const token = /^\/s\/([A-Za-z0-9_-]+)\/?$/.exec(location.pathname)?.[1] ?? ''
root.textContent = ''
render(() => <RespondentApp token={token} />, root)
