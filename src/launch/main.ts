/**
 * Entry of /launch/: no framework, so the hop to the authorization server is as quick as it can be.
 * Every failure ends on a page that says what happened and what to do.
 */
import { LaunchProblemError, problem, withIgnoredEntries } from './problems';
import { problemView } from './problemText';
import { authorize, loadConfig, planLaunch } from './start';
import { launchWords, translator, type Translate } from './words';

// The words arrive while config.json and discovery are read; nothing on the way to the server waits for them.
let t: Translate | undefined;
const words = launchWords().then((w) => {
  t = w.t;
  document.documentElement.lang = w.lang;
  return w.t;
});
const root = document.getElementById('root') as HTMLElement;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  cls?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (cls) node.className = cls;
  return node;
}

/** What the page is doing; shown once the words are in, unless a problem page replaced it. */
let status: { key: string; values?: Record<string, string> } | undefined = { key: 'launch.connecting' };

function renderStatus(): void {
  if (!t || !status) return;
  const p = el('p', t(status.key, status.values), 'status');
  p.setAttribute('role', 'status');
  root.replaceChildren(el('h1', t('app.name')), p);
}

function showStatus(key: string, values: Record<string, string>): void {
  status = { key, values };
  renderStatus();
}

/** Entries of config.json that were left out: IT needs them whatever else went wrong. */
let configProblems: string[] = [];

function showProblem(err: unknown, t: Translate): void {
  status = undefined;
  const p = withIgnoredEntries(
    err instanceof LaunchProblemError
      ? err.problem
      : problem('launch-failed', { detail: String(err) }).problem,
    configProblems,
  );
  const view = problemView(
    p,
    t,
    new URL(location.href).searchParams.get('launch') ? 'ehr' : 'standalone-patient',
  );
  const box = el('main', undefined, 'problem');
  box.setAttribute('role', 'alert');
  box.append(el('h1', view.title), el('p', view.body));
  if (view.action && 'href' in view.action) {
    const a = el('a', view.action.label, 'button');
    a.href = view.action.href;
    box.append(a);
  } else if (view.action) {
    box.append(el('p', view.action.text));
  }
  if (view.detail) {
    const details = el('details');
    details.append(el('summary', t('problem.details')), el('pre', view.detail));
    box.append(details);
  }
  root.replaceChildren(box);
  document.title = `${view.title} — ${t('app.name')}`;
}

async function run(): Promise<void> {
  void words.then(renderStatus);
  const config = await loadConfig();
  configProblems = config.problems;
  const plan = await planLaunch(new URL(location.href), config);
  const server = config.servers.find((s) => s.iss === plan.iss);
  showStatus('launch.redirecting', { server: server?.name ?? new URL(plan.iss).host });
  await authorize(plan);
}

run().catch(async (err: unknown) => {
  // Without even the English words (the page's own files missing), the keys still say what went wrong.
  showProblem(err, await words.catch(() => translator({})));
});
