import { describe, expect, it } from 'vitest';
import type { OutputAsset, OutputChunk } from 'rollup';
import { launchPrefetchTags, prefetchesForLaunch } from '../../vite.config';

/** Only the fields prefetchesForLaunch reads; the rest of a rollup chunk does not matter here. */
function chunk(fileName: string, fields: Partial<OutputChunk>): OutputChunk {
  return {
    type: 'chunk',
    fileName,
    name: fileName,
    isEntry: false,
    imports: [],
    moduleIds: [],
    ...fields,
  } as OutputChunk;
}

describe('the launch page prefetches the app page scripts it has not loaded', () => {
  const bundle = {
    launch: chunk('assets/launch.js', { name: 'launch', isEntry: true, imports: ['assets/shared.js'] }),
    app: chunk('assets/app.js', { name: 'app', isEntry: true, imports: ['assets/shared.js'] }),
    shared: chunk('assets/shared.js', { imports: ['assets/instance.js'] }),
    instance: chunk('assets/instance.js', {}),
    render: chunk('assets/render.js', {
      moduleIds: ['/repo/src/app/App.tsx', '/repo/src/app/render.tsx'],
      imports: ['assets/shared.js', 'assets/react.js'],
    }),
    react: chunk('assets/react.js', {}),
    searches: chunk('assets/reads.generated.js', {
      moduleIds: ['/repo/src/core/prompts/reads.generated.json'],
    }),
    workspace: chunk('assets/workspace.js', { imports: ['assets/render.js'] }),
  };

  it("the entry, the React half, the rules' searches and what they import, nothing the launch page loaded, no later screen", () => {
    expect(prefetchesForLaunch(bundle).sort()).toEqual([
      'assets/app.js',
      'assets/react.js',
      'assets/reads.generated.js',
      'assets/render.js',
    ]);
  });

  it('says so when the build no longer has the chunks it looks for', () => {
    const { render: _render, ...withoutRender } = bundle;
    expect(() => prefetchesForLaunch(withoutRender)).toThrow(/render\.tsx/);
  });
});

describe("the launch page prefetches the app page's token exchange script", () => {
  const asset = (fileName: string, names: string[]) =>
    ({ type: 'asset', fileName, names, originalFileNames: [], source: '' }) as unknown as OutputAsset;
  const bundle = {
    launch: chunk('assets/launch.js', { name: 'launch', isEntry: true }),
    app: chunk('assets/app.js', { name: 'app', isEntry: true }),
    render: chunk('assets/render.js', { moduleIds: ['/repo/src/app/render.tsx'] }),
    searches: chunk('assets/reads.js', { moduleIds: ['/repo/src/core/prompts/reads.generated.json'] }),
    exchange: asset('assets/exchange-abc123.js', ['exchange.js']),
    style: asset('assets/app-def456.css', ['app.css']),
  };

  it('first, without CORS, as the app page asks for a classic script; the modules with CORS', () => {
    const links = launchPrefetchTags(bundle).map((t) => t.attrs);
    expect(links[0]).toEqual({ rel: 'prefetch', href: '/assets/exchange-abc123.js' });
    expect(links.slice(1)).toEqual([
      { rel: 'prefetch', href: '/assets/app.js', crossorigin: true },
      { rel: 'prefetch', href: '/assets/render.js', crossorigin: true },
      { rel: 'prefetch', href: '/assets/reads.js', crossorigin: true },
    ]);
  });
});
