import { test } from "node:test";
import assert from "node:assert/strict";
import { connectionId, parseTunnelId, tunnelId, tunnelIdAt } from "../../infra/tunnelId";

test("tunnel ids are written and read in one place", () => {
  assert.equal(tunnelId(1, 2), "c1t2");
  assert.deepEqual([0, 1, 2, 3].map(tunnelIdAt), ["c1t1", "c1t2", "c2t1", "c2t2"]);
  assert.equal(connectionId(2), "c2");
  assert.deepEqual(parseTunnelId("c2t1"), { connection: 2, tunnel: 1 });
  for (const id of ["c1t1", "c1t2", "c2t1", "c2t2", "c10t2"]) assert.equal(tunnelId(parseTunnelId(id)!.connection, parseTunnelId(id)!.tunnel), id);
  for (const bad of ["c0t1", "c1t3", "C1T1", "t1", "c1t1 ", "c01t1", "__proto__", ""]) assert.equal(parseTunnelId(bad), undefined, bad);
});
