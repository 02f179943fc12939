/** Time for one script's analysis, inside the scan's own budget. */
export interface Budget {
  check(): void;
}

/** A script's analysis ran past its own time: it is reported as not analysed, the scan goes on. */
export class FileBudgetExceeded extends Error {
  constructor(readonly budgetMs: number) {
    super(`its analysis ran past ${budgetMs} ms`);
  }
}

/** Checks the scan's deadline and a budget of its own for one file. */
export class FileBudget implements Budget {
  private readonly end: number;
  constructor(
    private readonly scan: Budget,
    readonly budgetMs: number,
  ) {
    this.end = performance.now() + budgetMs;
  }
  check(): void {
    this.scan.check();
    if (performance.now() > this.end) throw new FileBudgetExceeded(this.budgetMs);
  }
}
