// A node:test reporter for the `npm test` shards (scripts/test.ts): counts the shard's passed,
// failed and skipped tests and writes them as one JSON object at the end. Suites are not tests, nor
// is the shard's one top-level test (scripts/test-shard.ts), which only holds the files' suites:
// they count only when they fail for a reason of their own (a file that does not load, a hook that
// throws), not because a test in them failed.
// The other suites (one process per file, no shard test) set TEST_COUNTS_TOP_LEVEL=count: a test
// at a file's top level is then a test like any other.
// Plain JavaScript: node loads reporters as ES modules, before any TypeScript hook applies.
export default async function* testCounts(source) {
  const counts = { pass: 0, fail: 0, skipped: 0 };
  const topLevelIsShard = process.env.TEST_COUNTS_TOP_LEVEL !== "count";
  for await (const event of source) {
    if (event.type !== "test:pass" && event.type !== "test:fail") continue;
    const { nesting, details, skip, todo } = event.data;
    if ((nesting === 0 && topLevelIsShard) || details?.type === "suite") {
      if (event.type === "test:fail" && details?.error?.failureType !== "subtestsFailed") counts.fail++;
      continue;
    }
    // A todo test is not run, or its failure does not count, as in Node's summary.
    if (skip !== undefined || todo !== undefined) counts.skipped++;
    else if (event.type === "test:fail") counts.fail++;
    else counts.pass++;
  }
  yield `${JSON.stringify(counts)}\n`;
}
