/** Thrown when a scan runs past its time budget; the scan reports an `error` verdict. */
export class BudgetExceeded extends Error {
  constructor(readonly budgetMs: number) {
    super(`scan stopped: it ran past its time budget of ${budgetMs} ms`);
  }
}

/** A wall-clock budget that the engine consults between units of work. */
export class Deadline {
  private readonly end: number;
  constructor(readonly budgetMs: number, private readonly now: () => number = () => performance.now()) {
    this.end = now() + budgetMs;
  }
  check(): void {
    if (this.now() > this.end) throw new BudgetExceeded(this.budgetMs);
  }
}
