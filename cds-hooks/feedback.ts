/**
 * The feedback store: one NDJSON file, the service's only state. A `card` line is appended for every
 * card returned (its uuid, rule and patient), so a feedback item posted later — to this replica or
 * another one writing the same file — is tied to its rule and patient; a `feedback` line per item
 * (read by `npm run metrics -- --feedback <file>`).
 *
 *   {"kind":"card","uuid":"…","rule":"R9a","patient":"p1","time":"2026-12-01T10:00:00.000Z"}
 *   {"kind":"feedback","uuid":"…","rule":"R9a","patient":"p1","outcome":"overridden",
 *    "reason":{"code":"patient-declined","display":"…"},"time":"…"}
 *   (an EHR's own reason keeps its system: "reason":{"system":"http://ehr…","code":"…","display":"…"})
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';

export interface CardLine {
  kind: 'card';
  uuid: string;
  rule: string;
  patient: string;
  time: string;
}

export interface FeedbackLine {
  kind: 'feedback';
  uuid: string;
  rule: string;
  patient: string;
  outcome: 'accepted' | 'overridden';
  /**
   * Without `system`: one of our override reasons (the card offered it). With `system`: a reason
   * the EHR added of its own, kept as sent and never counted as ours.
   */
  reason?: { system?: string; code: string; display: string };
  time: string;
}

/** Card uuids kept in memory; an older one is looked up in the file. */
const MEMORY_LIMIT = 100_000;

export class FeedbackStore {
  private readonly cards = new Map<string, { rule: string; patient: string }>();
  /** How far the file has been read for card lines (other replicas append to it too). */
  private readOffset = 0;
  /**
   * The file, opened once for appending: a card line is written on every hook call, and opening and
   * closing the file each time cost more than the write. Moving the file aside therefore needs a
   * restart (or `close()`) before this process writes to a new one.
   */
  private fd: number | undefined;

  constructor(readonly path: string) {}

  /**
   * One write per call on an O_APPEND descriptor, so concurrent appends — this process's or another
   * replica's — do not interleave within a line. The write is synchronous on purpose: a few hundred
   * bytes into the page cache take microseconds, a trip through libuv's thread pool took ~0.4 ms of
   * each hook call (bench/cds-hooks.ts), and the card lines must be in the file before the cards
   * are returned.
   */
  private append(lines: readonly (CardLine | FeedbackLine)[]): void {
    if (lines.length === 0) return;
    this.fd ??= openSync(this.path, 'a');
    writeSync(this.fd, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
  }

  /** Closes the append descriptor (the next write reopens the file). */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private remember(uuid: string, card: { rule: string; patient: string }): void {
    this.cards.set(uuid, card);
    if (this.cards.size > MEMORY_LIMIT) {
      const oldest = this.cards.keys().next().value;
      if (oldest !== undefined) this.cards.delete(oldest);
    }
  }

  cardsReturned(cards: readonly Omit<CardLine, 'kind'>[]): void {
    for (const c of cards) this.remember(c.uuid, { rule: c.rule, patient: c.patient });
    this.append(cards.map((c) => ({ kind: 'card' as const, ...c })));
  }

  /** The rule and patient a card uuid was issued for, from memory or the file. */
  async cardOf(uuid: string): Promise<{ rule: string; patient: string } | undefined> {
    const known = this.cards.get(uuid);
    if (known) return known;
    await this.readFrom(this.readOffset, true);
    return this.cards.get(uuid) ?? (await this.readFrom(0, false, uuid));
  }

  /**
   * Feedback items already written by this process, by what their line says (card, outcome,
   * reason, time): an EHR retrying a POST sends the same items again, and each is written once.
   * Like the `jti` replay cache this is each replica's memory (the newest MEMORY_LIMIT items, empty
   * after a restart): a retry that reaches another replica, or comes after a restart, is written
   * again there — the metrics take the latest feedback per patient and rule, so a repeat changes no count.
   */
  private readonly written = new Set<string>();

  /** Appends the lines not written before (see `written`); returns the ones appended. */
  record(lines: readonly FeedbackLine[]): FeedbackLine[] {
    const fresh: FeedbackLine[] = [];
    for (const l of lines) {
      const key = JSON.stringify([l.uuid, l.outcome, l.reason?.system ?? '', l.reason?.code ?? '', l.time]);
      if (this.written.has(key)) continue;
      this.written.add(key);
      if (this.written.size > MEMORY_LIMIT) {
        const oldest = this.written.values().next().value;
        if (oldest !== undefined) this.written.delete(oldest);
      }
      fresh.push(l);
    }
    this.append(fresh);
    return fresh;
  }

  /**
   * Reads card lines from `offset`: the lines appended since the last read (remembered), or the
   * whole file in search of one uuid that memory no longer holds.
   */
  private async readFrom(
    offset: number,
    advance: boolean,
    wanted?: string,
  ): Promise<{ rule: string; patient: string } | undefined> {
    let file;
    try {
      file = await open(this.path, 'r');
    } catch {
      return undefined;
    }
    try {
      const { size } = await file.stat();
      if (size <= offset) return undefined;
      const buf = Buffer.alloc(size - offset);
      await file.read(buf, 0, buf.length, offset);
      // Only whole lines: a line another replica is still writing is read next time.
      const end = buf.lastIndexOf(0x0a) + 1;
      if (advance) this.readOffset = offset + end;
      let found: { rule: string; patient: string } | undefined;
      for (const line of buf.subarray(0, end).toString('utf8').split('\n')) {
        if (!line.includes('"card"')) continue;
        try {
          const l = JSON.parse(line) as Partial<CardLine>;
          if (l.kind !== 'card' || !l.uuid || !l.rule || !l.patient) continue;
          const card = { rule: l.rule, patient: l.patient };
          if (advance) this.remember(l.uuid, card);
          if (l.uuid === wanted) found = card;
        } catch {
          // A damaged line says nothing about any card; the rest of the file still counts.
        }
      }
      return found;
    } finally {
      await file.close();
    }
  }
}
