import { render } from 'solid-js/web'
import { App } from './app.tsx'
import './styles.css'
import { registerServiceWorker } from './lib/service-worker.ts'

render(() => <App />, document.getElementById('app')!)
registerServiceWorker()
