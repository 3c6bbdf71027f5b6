/**
 * Preloaded into each shard of a whole `npm test` run (scripts/test.ts), after tests/harness/index.ts:
 * starts the shard's evaluation worker and asks it for the two committed stacks many files read
 * (dev, prod) while the shard is still loading its first file. The worker's start (the SDK, the
 * program, the first evaluations: about 1.5 s of CPU) then overlaps that loading, and is the
 * shard's own cost rather than that of whichever file happens to evaluate first.
 */
import { evaluateStack } from "../tests/harness";

/** The committed stacks evaluated at a shard's start. */
const PRESTARTED_STACKS = ["dev", "prod"] as const;

// The tests read these from the worker's memo; a failure there is theirs to report.
for (const stack of PRESTARTED_STACKS) evaluateStack({ stack }).catch(() => undefined);
