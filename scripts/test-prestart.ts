/**
 * Preloaded into each shard of a whole `npm test` run (scripts/test.ts), after offline/leanSdk.ts:
 * starts the shard's evaluation worker and asks it for the two committed stacks many files read
 * (dev, prod) while the shard is still loading its files. The worker's start (the SDK, the
 * program, the first evaluations: about 1.5 s of CPU) is then the shard's own cost, not the cost
 * of whichever file evaluates first: that file changes with the split, and the split (weighed by
 * file, scripts/test-weights.json) was off by as much as that cost.
 */
import { evaluateStack } from "../offline/evaluate";

/** The committed stacks evaluated at a shard's start. */
export const PRESTARTED_STACKS = ["dev", "prod"] as const;

// The tests read these from the worker's memo; a failure there is theirs to report.
for (const stack of PRESTARTED_STACKS) evaluateStack({ stack }).catch(() => undefined);
