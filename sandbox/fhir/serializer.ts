/**
 * Runs async jobs one at a time. Writes share the repository's transaction journal and
 * check-then-write sequences (If-Match, If-None-Exist), so two of them must never interleave.
 */
export class Serializer {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.tail.then(job);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
