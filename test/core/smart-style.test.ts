import { describe, expect, it } from 'vitest';
import { contrast, ehrStyle, parseColor, parseFontFamily } from '../../src/core/smart/style';

const BASE = { background: '#ffffff', text: '#1b1f24', muted: '#4a5563', accentText: '#ffffff' };

describe('EHR style values are validated, never passed through', () => {
  it('reads #hex and rgb() colours and nothing else', () => {
    expect(parseColor('#C1272D')).toEqual([193, 39, 45]);
    expect(parseColor('#fff')).toEqual([255, 255, 255]);
    expect(parseColor('rgb(1, 2, 3)')).toEqual([1, 2, 3]);
    for (const bad of [
      'red',
      'rgb(300,0,0)',
      '#12345',
      '#fff;background:url(x)',
      'var(--x)',
      'expression(1)',
    ])
      expect(parseColor(bad), bad).toBeUndefined();
  });

  it('reads lists of font family names, dropping the trailing ";" of the spec’s example', () => {
    expect(parseFontFamily("'HelveticaNeue-Light', Helvetica, Arial, 'Lucida Grande', sans-serif;")).toBe(
      "'HelveticaNeue-Light', Helvetica, Arial, 'Lucida Grande', sans-serif",
    );
    expect(parseFontFamily('-apple-system, Segoe UI')).toBe('-apple-system, Segoe UI');
    for (const bad of [
      'x;} body{display:none',
      'Arial; color: red',
      "url('https://evil.example/f.woff')",
      '"a\\"b"',
      'Arial, ',
      "'unterminated",
    ])
      expect(parseFontFamily(bad), bad).toBeUndefined();
  });

  it('computes WCAG contrast', () => {
    expect(contrast([0, 0, 0], [255, 255, 255])).toBeCloseTo(21, 5);
    expect(contrast([255, 255, 255], [255, 255, 255])).toBe(1);
  });
});

describe('mapping the SMART style properties to the app’s CSS variables', () => {
  it('takes readable colours and fonts, and ignores what the app does not use', () => {
    const { variables, ignored } = ehrStyle(
      {
        color_background: '#edeae3',
        color_text: '#303030',
        color_highlight: '#5a2d82',
        dim_font_size: '13px',
        font_family_body: 'Georgia, Times, serif',
      },
      BASE,
    );
    expect(variables).toEqual({
      '--bg': '#edeae3',
      '--fg': '#303030',
      '--accent': '#5a2d82',
      '--font-body': 'Georgia, Times, serif',
    });
    expect(ignored).toEqual([]);
  });

  it('refuses colours that would make text, muted text, links or buttons hard to read', () => {
    expect(ehrStyle({ color_background: '#303030' }, BASE).variables).toEqual({});
    expect(ehrStyle({ color_text: '#aaaaaa' }, BASE).variables).toEqual({});
    const pale = ehrStyle({ color_highlight: '#69b5ce' }, BASE);
    expect(pale.variables).toEqual({});
    expect(pale.ignored[0]).toMatch(/color_highlight/);
  });

  it('says why a value was left out', () => {
    const { variables, ignored } = ehrStyle({ color_text: 'red', font_family_heading: 'a;b' }, BASE);
    expect(variables).toEqual({});
    expect(ignored).toEqual([
      'color_text: not a #hex or rgb() colour',
      'font_family_heading: not a list of font family names',
    ]);
    expect(ehrStyle('nope', BASE).ignored).toEqual(['not a JSON object']);
  });
});
