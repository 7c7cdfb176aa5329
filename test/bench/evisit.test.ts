import { describe, expect, it } from 'vitest';
import {
  dynamicImports,
  evisitWeight,
  initialFiles,
  percentile,
  sideOf,
  type BuiltFiles,
} from '../../bench/evisit';

const INDEX = `<script type="module" crossorigin src="/assets/app-1.js"></script>
<link rel="modulepreload" crossorigin href="/assets/smart-1.js">
<link rel="stylesheet" crossorigin href="/assets/smart-1.css">`;

// A build shaped as Vite writes it: the app page lazily imports the patient's e-visit screen and the
// clinician's queue; the queue lazily imports the stewardship card, which lazily imports the engine.
const mapDeps = (files: string[]) =>
  `const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=[${files.map((f) => `"${f}"`).join(',')}])))=>i.map(i=>d[i]);`;
const code = new Map<string, string>([
  [
    'assets/app-1.js',
    mapDeps([
      'assets/Patient-1.js',
      'assets/Patient-1.css',
      'assets/shared-1.js',
      'assets/Queue-1.js',
      'assets/smart-1.js',
    ]) +
      'const a=()=>x(()=>import("./Patient-1.js"),__vite__mapDeps([0,1,2,4]));' +
      'const b=()=>x(()=>import("./Queue-1.js"),__vite__mapDeps([3,2]));' +
      'const c=()=>x(()=>import("./Workspace-1.js"),__vite__mapDeps([2]));',
  ],
  [
    'assets/Queue-1.js',
    mapDeps(['assets/Card-1.js', 'assets/decisions-1.js']) +
      'lazy(()=>x(()=>import("./Card-1.js"),__vite__mapDeps([0,1])));',
  ],
  ['assets/Card-1.js', 'import{a}from"./decisions-1.js";const e=()=>import("./engine-1.js");'],
]);
const sources = new Map<string, string[]>([
  ['assets/Patient-1.js', ['../../src/evisit/PatientEvisits.tsx', '../../src/evisit/Question.tsx']],
  ['assets/Queue-1.js', ['../../src/evisit/clinician/EvisitQueue.tsx']],
  ['assets/Card-1.js', ['../../src/evisit/clinician/OrderStewardship.tsx']],
  ['assets/Workspace-1.js', ['../../src/workspace/WorkspaceScreen.tsx']],
  ['assets/engine-1.js', ['../../src/core/evisit/stewardship.ts', '../../src/core/prompts/engine.ts']],
]);
const SIZES: Record<string, number> = {
  'assets/Patient-1.js': 1000,
  'assets/Patient-1.css': 100,
  'assets/shared-1.js': 400,
  'assets/Queue-1.js': 2000,
  'assets/Card-1.js': 300,
  'assets/decisions-1.js': 50,
  'assets/engine-1.js': 7000,
};
const built: BuiltFiles = { indexHtml: INDEX, code, sources, gzipBytes: (f) => SIZES[f] ?? 99_999 };

describe('e-visit chunk weight', () => {
  it('reads the page’s own files and each lazy import with what Vite preloads alongside', () => {
    expect([...initialFiles(INDEX)]).toEqual(['assets/app-1.js', 'assets/smart-1.js', 'assets/smart-1.css']);
    const app = dynamicImports(code.get('assets/app-1.js')!);
    expect(app.get('assets/Patient-1.js')).toEqual([
      'assets/Patient-1.js',
      'assets/Patient-1.css',
      'assets/shared-1.js',
      'assets/smart-1.js',
    ]);
    expect(app.get('assets/Workspace-1.js')).toEqual(['assets/shared-1.js']);
    expect(dynamicImports('const e=()=>import("./engine-1.js");').get('assets/engine-1.js')).toEqual([
      'assets/engine-1.js',
    ]);
  });

  it('tells the patient’s screens from the clinician’s by their sources', () => {
    expect(sideOf(['../../src/evisit/PatientEvisits.tsx'])).toBe('patient');
    expect(sideOf(['../../src/evisit/clinician/EvisitReview.tsx', '../../src/evisit/words.ts'])).toBe(
      'clinician',
    );
    expect(sideOf(['../../src/workspace/WorkspaceScreen.tsx'])).toBeUndefined();
  });

  it('counts what opening each side fetches on top of the initial page, and what comes later apart', () => {
    const w = evisitWeight(built);
    expect(w.patient).toEqual({
      files: ['assets/Patient-1.css', 'assets/Patient-1.js', 'assets/shared-1.js'],
      gzipBytes: 1500,
      shared: ['assets/shared-1.js'],
      sharedGzipBytes: 400,
      deferred: [],
      deferredGzipBytes: 0,
    });
    expect(w.clinician).toEqual({
      files: ['assets/Card-1.js', 'assets/Queue-1.js', 'assets/decisions-1.js', 'assets/shared-1.js'],
      gzipBytes: 2750,
      shared: ['assets/shared-1.js'],
      sharedGzipBytes: 400,
      deferred: ['assets/engine-1.js'],
      deferredGzipBytes: 7000,
    });
  });
});

// The app page as it is built now: the entry fetches its React half and the first screen's words at
// once (while the token exchange is under way), and the React half lazily imports the screens.
describe('e-visit chunk weight, the page starting with a React half', () => {
  const entry = `<script type="module" crossorigin src="/assets/main-1.js"></script>`;
  const code2 = new Map<string, string>([
    [
      'assets/main-1.js',
      mapDeps(['assets/render-1.js', 'assets/react-1.js', 'assets/en-1.js']) +
        'import("./render-1.js"),__vite__mapDeps([0,1]);import("./en-1.js");',
    ],
    [
      'assets/render-1.js',
      mapDeps(['assets/Queue-1.js', 'assets/shared-1.js', 'assets/react-1.js']) +
        'const b=()=>x(()=>import("./Queue-1.js"),__vite__mapDeps([0,1,2]));' +
        'const c=()=>x(()=>import("./Workspace-1.js"),__vite__mapDeps([1]));',
    ],
    ['assets/Queue-1.js', ''],
  ]);
  const sources2 = new Map<string, string[]>([
    ['assets/render-1.js', ['../../src/app/render.tsx']],
    ['assets/en-1.js', ['../../src/i18n/en.json']],
    ['assets/Queue-1.js', ['../../src/evisit/clinician/EvisitQueue.tsx']],
    ['assets/Workspace-1.js', ['../../src/workspace/WorkspaceScreen.tsx']],
  ]);

  it('counts neither the React half nor the catalogs as the e-visit screens’ weight', () => {
    const w = evisitWeight({
      indexHtml: entry,
      code: code2,
      sources: sources2,
      gzipBytes: (f) => SIZES[f] ?? 99_999,
    });
    expect(w.clinician.files).toEqual(['assets/Queue-1.js', 'assets/shared-1.js']);
    expect(w.clinician.gzipBytes).toBe(2400);
    expect(w.clinician.shared).toEqual(['assets/shared-1.js']);
  });
});

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const xs = Array.from({ length: 30 }, (_, i) => 30 - i);
    expect(percentile(xs, 95)).toBe(29);
    expect(percentile(xs, 50)).toBe(15);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 95)).toBeNaN();
  });
});
