/**
 * An icon array: 100 or 1,000 people, those the outcome happened to first. Marked figures are
 * told apart by shape as well as colour — helped: a filled figure; harmed: a filled figure with a
 * cross through it; nothing changes: an outlined figure — so the figure reads in greyscale, in
 * print and for people who do not see colour.
 *
 * Each kind of figure is drawn as one SVG path (not one element per person), so an aid with several
 * 1,000-figure arrays stays light.
 */
import type { ReactNode } from 'react';

export type FigureKind = 'helped' | 'harmed' | 'unchanged';

const CELL_W = 10;
const CELL_H = 13;

/** One person at (x, y): a round head and a rounded body. */
function person(x: number, y: number): string {
  const head = `M${x + 3},${y + 2.5}a2,2 0 1,0 4,0a2,2 0 1,0 -4,0Z`;
  const body = `M${x + 2},${y + 12}V${y + 7.5}q0,-2 2,-2h2q2,0 2,2V${y + 12}Z`;
  return head + body;
}

/** The cross over a harmed person. */
function cross(x: number, y: number): string {
  return `M${x + 1},${y + 1}L${x + 9},${y + 12}M${x + 9},${y + 1}L${x + 1},${y + 12}`;
}

export function figureLayout(per: 100 | 1000): { cols: number; rows: number } {
  return per === 100 ? { cols: 10, rows: 10 } : { cols: 40, rows: 25 };
}

/** The paths for `count` marked people out of `per`, marked ones first in reading order. */
export function iconPaths(
  per: 100 | 1000,
  count: number,
): { marked: string; unchanged: string; crosses: string } {
  const { cols } = figureLayout(per);
  let marked = '';
  let unchanged = '';
  let crosses = '';
  for (let i = 0; i < per; i++) {
    const x = (i % cols) * CELL_W;
    const y = Math.floor(i / cols) * CELL_H;
    if (i < count) {
      marked += person(x, y);
      crosses += cross(x, y);
    } else unchanged += person(x, y);
  }
  return { marked, unchanged, crosses };
}

/** A single figure of a kind, for the legend. */
export function FigureSwatch({ kind }: { kind: FigureKind }) {
  return (
    <svg
      className={`figure-swatch ${kind}`}
      viewBox={`0 0 ${CELL_W} ${CELL_H}`}
      width="14"
      height="18"
      aria-hidden="true"
    >
      <Shapes kind={kind} d={person(0, 0)} crosses={kind === 'harmed' ? cross(0, 0) : ''} />
    </svg>
  );
}

function Shapes({ kind, d, crosses }: { kind: FigureKind; d: string; crosses: string }): ReactNode {
  if (kind === 'unchanged')
    return <path d={d} className="fig-unchanged" fill="none" stroke="currentColor" strokeWidth={0.8} />;
  return (
    <>
      <path d={d} className={`fig-${kind}`} fill="currentColor" />
      {kind === 'harmed' && crosses && (
        <path d={crosses} className="fig-cross" fill="none" stroke="currentColor" strokeWidth={1.4} />
      )}
    </>
  );
}

export function IconArray({
  per,
  count,
  mark,
  name,
}: {
  per: 100 | 1000;
  count: number;
  mark: 'helped' | 'harmed';
  /** The sentence that states the numbers: the figure's accessible name. */
  name: string;
}) {
  const { cols, rows } = figureLayout(per);
  const paths = iconPaths(per, count);
  return (
    <svg
      className={`icon-array per-${per}`}
      role="img"
      aria-label={name}
      viewBox={`0 0 ${cols * CELL_W} ${rows * CELL_H}`}
      preserveAspectRatio="xMinYMin meet"
      data-per={per}
      data-marked={count}
      data-mark={mark}
    >
      <Shapes kind="unchanged" d={paths.unchanged} crosses="" />
      {count > 0 && <Shapes kind={mark} d={paths.marked} crosses={paths.crosses} />}
    </svg>
  );
}
