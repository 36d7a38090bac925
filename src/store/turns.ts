// Turns on one database connection: a connection carries one transaction at a time, so each
// unit of work (or snapshot, or import session) waits for the one before it to release.
export class Turns {
  private tail: Promise<void> = Promise.resolve();

  /** Waits for the turn and holds it until the function returned is called. */
  async take(): Promise<() => void> {
    const before = this.tail;
    let release!: () => void;
    this.tail = new Promise((r) => (release = r));
    await before;
    return release;
  }
}
