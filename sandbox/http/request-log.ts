export interface RequestLogEntry {
  method: string;
  path: string;
  /** ms since the epoch */
  start: number;
  end: number;
  status: number;
}

/** Bounded so a long-running sandbox does not grow without limit; oldest entries fall off first. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];

  constructor(private readonly capacity = 2000) {}

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.capacity) this.entries.splice(0, this.entries.length - this.capacity);
  }

  /** Newest last. */
  list(): RequestLogEntry[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}
