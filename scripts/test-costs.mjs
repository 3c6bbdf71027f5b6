// A node:test reporter that sums each test file's top-level test and suite durations (ms) and, at
// the end, writes them as one JSON object keyed by file. scripts/test.ts uses it to print where a
// shard's time went and to rewrite scripts/test-weights.json (`npm test -- --write-weights`).
// Plain JavaScript: node loads reporters as ES modules, before any TypeScript hook applies.
export default async function* testCosts(source) {
  /** @type {Record<string, number>} */
  const costs = {};
  for await (const event of source) {
    if (event.type !== "test:pass" && event.type !== "test:fail") continue;
    const { file, nesting, details } = event.data ?? {};
    if (file === undefined || nesting !== 0 || details?.duration_ms === undefined) continue;
    costs[file] = (costs[file] ?? 0) + details.duration_ms;
  }
  yield `${JSON.stringify(costs)}\n`;
}
