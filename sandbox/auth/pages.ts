import { html, page, type SafeHtml } from '../http/html';
import type { Scope } from './scopes';
import { describeScope } from './scope-text';

export function authErrorPage(message: string): string {
  return page(
    'Sign-in error',
    html`<h1>The app could not sign in</h1>
      <div class="error" role="alert"><p>${message}</p></div>
      <p>Nothing was sent back to the app. Check its launch settings and try again.</p>`,
  );
}

export interface ChoiceOption {
  id: string;
  label: string;
}

export interface ConsentPageInput {
  pendingId: string;
  clientId: string;
  redirectHost: string;
  scopes: readonly Scope[];
  choose: 'practitioner' | 'patient';
  options: readonly ChoiceOption[];
  preselect?: string;
  /** Shown when a clinician is logged in and only a patient needs picking. */
  signedInAs?: string;
}

/** The sandbox's login + consent screen: one chooser, a scope list, Allow and Deny. */
export function consentPage(input: ConsentPageInput): string {
  const field = input.choose === 'practitioner' ? 'practitioner' : 'patient';
  const legend =
    input.choose === 'practitioner'
      ? 'Sign in as clinician'
      : input.signedInAs
        ? 'Choose the patient'
        : 'Sign in as patient';
  const chooser: SafeHtml =
    input.options.length === 0
      ? html`<p role="alert">
          The sandbox has no ${field === 'practitioner' ? 'clinicians' : 'patients'} loaded, so nobody can
          sign in.
        </p>`
      : html`<label for="chooser">${field === 'practitioner' ? 'Clinician' : 'Patient'}</label>
          <select id="chooser" name="${field}" required>
            ${input.options.map(
              (o) =>
                html`<option value="${o.id}" ${o.id === input.preselect ? html` selected` : ''}>
                  ${o.label}
                </option> `,
            )}
          </select>`;
  return page(
    'Sign in',
    html`<h1>Sign in to the sandbox EHR</h1>
      ${input.signedInAs ? html`<p>Signed in as ${input.signedInAs}.</p>` : ''}
      <p>The app <code>${input.clientId}</code> (returning to <code>${input.redirectHost}</code>) asks to:</p>
      <ul>
        ${input.scopes.map((s) => html`<li>${describeScope(s)} <code>${s.text}</code></li> `)}
      </ul>
      <form method="post" action="/auth/authorize">
        <input type="hidden" name="request" value="${input.pendingId}" />
        <fieldset>
          <legend>${legend}</legend>
          ${chooser}
        </fieldset>
        ${input.options.length > 0 ? html`<button type="submit" name="decision" value="allow">Allow</button>` : ''}
        <button type="submit" name="decision" value="deny" formnovalidate>Deny</button>
      </form>`,
  );
}

export function consentExpiredPage(): string {
  return page(
    'Sign-in expired',
    html`<h1>This sign-in has expired</h1>
      <div class="error" role="alert">
        <p>The sign-in request was already answered or is too old. Go back to the app and open it again.</p>
      </div>`,
  );
}
