import type { Patient, Practitioner } from 'fhir/r4';
import { html, page } from '../http/html';
import { defaultPractitioner, patientLabel, practitionerLabel } from './people';
import { PROFILE_NAMES, PROFILES } from '../profiles';

export interface LauncherPageInput {
  patients: readonly Patient[];
  practitioners: readonly Practitioner[];
  appLaunchUrl: string;
  fhirBaseUrl: string;
}

/** The tester's launch pad; submitting GETs /launcher with the choices as parameters. */
export function launcherPage({
  patients,
  practitioners,
  appLaunchUrl,
  fhirBaseUrl,
}: LauncherPageInput): string {
  const doctor = defaultPractitioner(practitioners);
  return page(
    'Launcher',
    html`<h1>Sandbox EHR launcher</h1>
      <p>FHIR base: <code>${fhirBaseUrl}</code></p>
      <form method="get" action="/launcher">
        <fieldset>
          <legend>Patient</legend>
          ${
            patients.length === 0
              ? html`<p role="alert">No patients are loaded. Check the fixtures folder.</p>`
              : html`<label for="patient">Patient (name, birth date, id)</label>
                  <select id="patient" name="patient" required>
                    ${patients.map((p) => html`<option value="${p.id ?? ''}">${patientLabel(p)}</option> `)}
                  </select>`
          }
        </fieldset>
        <fieldset>
          <legend>Launch as</legend>
          <label
            ><input type="radio" name="role" value="clinician" checked /> Clinician — EHR launch (patient in
            context)</label
          >
          <label
            ><input type="radio" name="role" value="patient" /> Patient — portal (standalone) launch</label
          >
          ${
            practitioners.length > 0
              ? html`<label for="practitioner">Clinician for an EHR launch</label>
                  <select id="practitioner" name="practitioner">
                    ${practitioners.map(
                      (p) =>
                        html`<option value="${p.id ?? ''}" ${p.id === doctor?.id ? html` selected` : ''}>
                          ${practitionerLabel(p)}
                        </option> `,
                    )}
                  </select>`
              : ''
          }
        </fieldset>
        <fieldset>
          <legend>App</legend>
          <label for="launch_uri">App launch URL</label>
          <input type="url" id="launch_uri" name="launch_uri" value="${appLaunchUrl}" required />
          <input type="hidden" name="banner" value="0" />
          <label
            ><input type="checkbox" name="banner" value="1" checked /> App must show a patient banner
            (need_patient_banner)</label
          >
          <label
            ><input type="checkbox" name="style" value="1" /> Send the EHR's look to the app
            (smart_style_url)</label
          >
          <label for="grant"
            >Scope cap (optional, space-separated, e.g. <code>patient/*.rs</code> for read-only)</label
          >
          <input type="text" id="grant" name="grant" aria-describedby="grant-help" />
          <p id="grant-help">Leave empty to grant every well-formed scope the app asks for.</p>
        </fieldset>
        <fieldset>
          <legend>EHR profile</legend>
          <label for="profile">Behave like (the constraints of a real EHR; see the README)</label>
          <select id="profile" name="profile" aria-describedby="profile-help">
            ${PROFILE_NAMES.map(
              // An option cannot wrap, so on a phone only the profile's short name fits in it.
              (name) => html`<option value="${name}">${PROFILES[name].label.split(':')[0]}</option> `,
            )}
          </select>
          <ul id="profile-help">
            ${PROFILE_NAMES.map((name) => html`<li>${PROFILES[name].label}</li> `)}
          </ul>
        </fieldset>
        <fieldset>
          <legend>Chart with CDS Hooks cards</legend>
          <label for="order">Demo order (sends order-select)</label>
          <select id="order" name="order" aria-describedby="cds-help">
            <option value="">No order</option>
            <option value="lumbar-mri">Lumbar spine MRI</option>
            <option value="psa">PSA blood test</option>
            <option value="amoxicillin">Amoxicillin</option>
          </select>
          <p id="cds-help">
            "Open the chart" calls the CDS Hooks service (<code>npm run cds-hooks</code>) with a signed JWT
            and the prefetch, and shows its cards with their link into the app.
          </p>
        </fieldset>
        <button type="submit">Launch</button>
        <button type="submit" name="queue" value="1" aria-describedby="queue-help">
          Clinician — e-visit review queue (no patient)
        </button>
        <button type="submit" formaction="${embeddedLauncherUrl(fhirBaseUrl)}">
          Launch inside the EHR page (embedded)
        </button>
        <button type="submit" formaction="/cds-client/chart">Open the chart with CDS Hooks cards</button>
        <p id="queue-help">
          The review queue spans patients: the clinician chosen above launches the app with no patient in
          context, and the app asks user-level scopes (<code>user/Task.rs</code> …).
        </p>
        <p id="embedded-help">
          Embedded: the EHR page on <code>127.0.0.1</code> shows the app in a frame, another site than the
          app's, as EHRs do; the launch is pre-approved, so no sign-in page appears in the frame.
        </p>
      </form>`,
  );
}

/**
 * Where the embedded launch lives: the sandbox on 127.0.0.1 when it runs on localhost, so the EHR page
 * and the app (on localhost) are different sites and the frame is cross-site, as in production.
 */
export function embeddedLauncherUrl(fhirBaseUrl: string): string {
  const url = new URL('/launcher/embedded', fhirBaseUrl);
  if (url.hostname === 'localhost') url.hostname = '127.0.0.1';
  return url.href;
}

export function launcherErrorPage(message: string): string {
  return page(
    'Launch error',
    html`<h1>Cannot launch</h1>
      <div class="error" role="alert"><p>${message}</p></div>
      <p><a href="/launcher">Back to the launcher</a></p>`,
  );
}
