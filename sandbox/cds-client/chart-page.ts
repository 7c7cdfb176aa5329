/**
 * The sandbox chart with the CDS service's cards, as an EHR shows them: summary, indicator, detail,
 * source, suggestions and the SMART link, which the sandbox turns into an EHR launch of the app.
 */
import type { Patient } from 'fhir/r4';
import { html, page, type SafeHtml } from '../http/html';
import { patientLabel } from '../launcher/people';
import type { CdsCardView, HookOutcome } from './client';
import { DEMO_ORDERS, type DemoOrder } from './demo-orders';

export interface ChartPageInput {
  patient: Patient;
  order: DemoOrder | undefined;
  patientView: HookOutcome;
  orderSelect: HookOutcome | undefined;
  /** The launcher URL a SMART link opens, given the link's app launch URL. */
  launchHref: (appLaunchUrl: string) => string;
  practitioner: string | undefined;
  appLaunchUrl: string;
}

const INDICATOR: Record<string, string> = { info: 'Info', warning: 'Warning', critical: 'Critical' };

function card(c: CdsCardView, launchHref: ChartPageInput['launchHref']): SafeHtml {
  const smart = (c.links ?? []).filter((l) => l.type === 'smart');
  const other = (c.links ?? []).filter((l) => l.type !== 'smart');
  return html`<article class="cds-card indicator-${c.indicator}" data-rule="${c.source.topic?.code ?? ''}">
      <p class="indicator">
        <strong>${INDICATOR[c.indicator] ?? c.indicator}</strong
        >${c.source.topic?.code ? html` · rule ${c.source.topic.code}` : ''}
      </p>
      <h3>${c.summary}</h3>
      ${(c.detail ?? '')
        .split(/\n\s*\n/)
        .filter((para) => para.trim())
        .map((para) => html`<p class="detail">${para.trim()}</p>`)}
      <p class="source">
        Guideline: ${c.source.url ? html`<a href="${c.source.url}">${c.source.label}</a>` : c.source.label}
      </p>
      ${
        (c.suggestions ?? []).length > 0
          ? html`<p><strong>Suggestions</strong> (a real EHR would carry these out):</p>
              <ul>
                ${(c.suggestions ?? []).map(
                  (s) =>
                    html`<li>
                      ${s.label}${(s.actions ?? []).map((a) => html` — ${a.type}: ${a.description ?? ''}`)}
                    </li>`,
                )}
              </ul>`
          : ''
      }
      ${
        (c.overrideReasons ?? []).length > 0
          ? html`<p>
              Override reasons offered:
              ${(c.overrideReasons ?? []).map((r) => r.display ?? r.code ?? '').join('; ')}
            </p>`
          : ''
      }
      ${smart.map((l) => html`<p><a class="smart-link" href="${launchHref(l.url)}">${l.label}</a> (SMART launch)</p>`)}
      ${other.map((l) => html`<p><a href="${l.url}">${l.label}</a></p>`)}
    </article>
    <hr />`;
}

function outcome(title: string, o: HookOutcome, launchHref: ChartPageInput['launchHref']): SafeHtml {
  return html`<section aria-labelledby="${title.replace(/\W+/g, '-')}">
    <h2 id="${title.replace(/\W+/g, '-')}">${title}</h2>
    ${
      o.status === 'ok'
        ? o.cards.length === 0
          ? html`<p>No cards.</p>`
          : o.cards.map((c) => card(c, launchHref))
        : html`<div class="${o.status === 'unavailable' ? 'notice' : 'error'}" role="status">
            <p>${o.message}</p>
          </div>`
    }
  </section>`;
}

export function chartPage(input: ChartPageInput): string {
  const id = input.patient.id ?? '';
  return page(
    'Chart',
    html`<h1>Chart: ${patientLabel(input.patient)}</h1>
      <form method="get" action="/cds-client/chart">
        <input type="hidden" name="patient" value="${id}" />
        ${input.practitioner ? html`<input type="hidden" name="practitioner" value="${input.practitioner}" />` : ''}
        <input type="hidden" name="launch_uri" value="${input.appLaunchUrl}" />
        <label for="order">Choose a demo order (sends order-select)</label>
        <select id="order" name="order">
          <option value="">No order</option>
          ${Object.entries(DEMO_ORDERS).map(
            ([value, label]) =>
              html`<option value="${value}" ${value === input.order ? html` selected` : ''}>
                ${label}
              </option> `,
          )}
        </select>
        <button type="submit">Choose</button>
      </form>
      ${
        input.order && input.orderSelect
          ? outcome(`Order-select cards: ${DEMO_ORDERS[input.order]}`, input.orderSelect, input.launchHref)
          : ''
      }
      ${outcome('Patient-view cards', input.patientView, input.launchHref)}
      <p><a href="/launcher">Back to the launcher</a></p>`,
  );
}
