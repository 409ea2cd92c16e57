import { For, Show } from 'solid-js'
import { NA_RULES, type NaRule, type TAuditSettings } from '../../../../shared/audit/template.ts'
import { CheckboxField, sentence } from '../fields.tsx'
import { NumberField } from './item-fields.tsx'

export const NA_RULE_TEXT: Record<NaRule, { label: string; detail: string }> = {
  exclude: { label: 'Excluded from the score (default)', detail: 'The item is left out of both the points earned and the points possible, so it neither helps nor hurts.' },
  pass: { label: 'Counts as a pass', detail: 'The item earns its full points, as if the shopper had seen it done.' },
  fail: { label: 'Counts as a fail', detail: 'The item earns no points but its maximum is still possible, so the score drops.' },
}

/** How a visit is judged: N/A rule, pass target, amber band, minimum applicable share, staff names. */
export function SettingsFields(props: { settings: TAuditSettings; disabled: boolean; error: (field: string) => string | undefined; onPatch: (patch: Partial<TAuditSettings>) => void }) {
  const s = () => props.settings
  const amberFrom = () => {
    const from = s().passTarget - s().amberTolerance
    return Number.isFinite(from) ? Math.max(0, Math.round(from * 10) / 10) : null
  }
  const naError = () => props.error('naRule')
  return (
    <fieldset class="plain" disabled={props.disabled}>
      <fieldset class="audit-na-rule" aria-describedby={naError() ? 'settings-naRule-error' : undefined}>
        <legend>An item answered “not applicable” is…</legend>
        <For each={NA_RULES}>
          {(rule) => (
            <div class="radio-option audit-radio">
              <input
                type="radio"
                id={`settings-naRule-${rule}`}
                name="settings-naRule"
                value={rule}
                checked={s().naRule === rule}
                onChange={() => props.onPatch({ naRule: rule })}
                aria-describedby={`settings-naRule-${rule}-detail`}
              />
              <label for={`settings-naRule-${rule}`}>{NA_RULE_TEXT[rule].label}</label>
              <p class="hint" id={`settings-naRule-${rule}-detail`}>
                {NA_RULE_TEXT[rule].detail}
              </p>
            </div>
          )}
        </For>
        <Show when={naError()}>
          <p class="field-error" id="settings-naRule-error">
            {sentence('The rule for not applicable', naError()!)}
          </p>
        </Show>
      </fieldset>
      <div class="field-row thirds">
        <NumberField
          id="settings-passTarget"
          label="Pass target (%)"
          min={0}
          max={100}
          value={s().passTarget}
          onChange={(v) => props.onPatch({ passTarget: v as number })}
          error={props.error('passTarget')}
          hint="A visit scoring this or more passes."
        />
        <NumberField
          id="settings-amberTolerance"
          label="Amber tolerance (points)"
          min={0}
          max={100}
          value={s().amberTolerance}
          onChange={(v) => props.onPatch({ amberTolerance: v as number })}
          error={props.error('amberTolerance')}
          hint={amberFrom() === null ? 'Below the target by at most this much is amber; lower is a fail.' : `Amber from ${amberFrom()}% up to the target; below ${amberFrom()}% is a fail.`}
        />
        <NumberField
          id="settings-minApplicableShare"
          label="Minimum applicable share (%)"
          min={0}
          max={100}
          value={Number.isFinite(s().minApplicableShare) ? Math.round(s().minApplicableShare * 1000) / 10 : undefined}
          onChange={(v) => props.onPatch({ minApplicableShare: (v === undefined ? undefined : v / 100) as number })}
          error={props.error('minApplicableShare')}
          hint="When fewer scored items than this share apply at a visit (the rest answered not applicable), the audit is marked insufficient."
        />
      </div>
      <CheckboxField
        id="settings-staffNamePrivacy"
        label="Hide staff names"
        checked={s().staffNamePrivacy}
        onChange={(on) => props.onPatch({ staffNamePrivacy: on })}
        error={props.error('staffNamePrivacy')}
        hint="Names of staff that shoppers write in narratives and notes are shown as [name] to everyone except reviewers, so one visit is never used to judge a person."
      />
    </fieldset>
  )
}
