// Memoised demand-driven evaluation on an explicit stack: recursive-looking generator code, no call-stack depth.
//
// A task is a generator that yields the sub-demands it needs and receives their results. Graph walks written this
// way read like recursion but cannot overflow the JavaScript stack on long chains of nodes (or on hostile files).

export interface Demand<R> {
  /** Memo key: the same key is evaluated once. */
  readonly key: string;
  /** Starts the task (called at most once per key). */
  readonly start: () => Generator<Demand<R>, R, R>;
}

export type Task<R> = Generator<Demand<R>, R, R>;

export class LazyEvaluator<R> {
  private readonly memo = new Map<string, R>();
  private readonly active = new Set<string>();
  private steps = 0;

  /**
   * @param onCycle called with the keys of the cycle (outermost first) when a demand needs itself; must throw.
   * @param maxSteps bound on the total work, so a hostile graph cannot run for ever.
   */
  constructor(
    private readonly onCycle: (keys: string[]) => never,
    private readonly onTooLarge: () => never,
    private readonly maxSteps = 20_000_000,
  ) {}

  get(key: string): R | undefined {
    return this.memo.get(key);
  }

  /** Evaluates a demand (and everything it needs), returning its memoised result. */
  run(root: Demand<R>): R {
    const done = this.memo.get(root.key);
    if (done !== undefined) return done;
    const stack: { key: string; task: Task<R> }[] = [];
    const begin = (d: Demand<R>): void => {
      this.active.add(d.key);
      stack.push({ key: d.key, task: d.start() });
    };
    begin(root);
    let input: R | undefined;
    try {
      while (stack.length > 0) {
        if (++this.steps > this.maxSteps) this.onTooLarge();
        const top = stack[stack.length - 1]!;
        // The first next() of a task ignores its argument, so passing a stale value is harmless.
        const step = top.task.next(input as R);
        if (step.done === true) {
          this.memo.set(top.key, step.value);
          this.active.delete(top.key);
          stack.pop();
          input = step.value;
          continue;
        }
        const d = step.value;
        const known = this.memo.get(d.key);
        if (known !== undefined) {
          input = known;
          continue;
        }
        if (this.active.has(d.key)) {
          const from = stack.findIndex((f) => f.key === d.key);
          this.onCycle(stack.slice(Math.max(0, from)).map((f) => f.key));
        }
        input = undefined;
        begin(d);
      }
    } finally {
      for (const f of stack) this.active.delete(f.key);
    }
    return this.memo.get(root.key)!;
  }
}
