import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/evisit';

const read = (p: string) => readFileSync(p, 'utf8');
const dir = 'test/cli/evisit';

describe('npm run evisit -- route <qr.json>', () => {
  it('prints the route and the answers that caused it', () => {
    expect(run(['route', `${dir}/uri-same-day.json`], read)).toEqual({
      code: 0,
      stdout: '{"route":"same-day","because":["uri-2"]}\n',
      stderr: '',
    });
  });

  it('ignores an answer to a follow-up whose question is hidden, and lists every cause at the winning level', () => {
    expect(JSON.parse(run(['route', `${dir}/lbp-hidden-follow-up.json`], read).stdout)).toEqual({
      route: 'in-person',
      because: ['lbp-7', 'lbp-13'],
    });
  });

  it('says what is wrong with bad input', () => {
    expect(run([], read)).toMatchObject({ code: 2, stderr: expect.stringContaining('Usage') });
    expect(run(['route', 'nope.json'], read)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('nope.json'),
    });
    expect(run(['route', 'package.json'], read)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('not a QuestionnaireResponse'),
    });
  });

  it('runs as a program', () => {
    const out = execFileSync('npx', ['tsx', 'src/cli/evisit.ts', 'route', `${dir}/uri-same-day.json`], {
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual({ route: 'same-day', because: ['uri-2'] });
  });
});
