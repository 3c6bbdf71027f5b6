/**
 * Which Pulumi CLI the engine suite accepts (scripts/engine-cli.ts) and which one setup:engine
 * builds (scripts/setup-engine.ts): the minimum version is enforced, and the pinned one meets it.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { atLeast, findPulumi, MINIMUM_PULUMI_VERSION, parseVersion, REPO_ROOT } from "../../scripts/engine-cli";
import { pinnedVersion } from "../../scripts/setup-engine";

describe("the engine suite's Pulumi CLI", () => {
  it("compares versions as the CLI prints them", () => {
    assert.deepEqual(parseVersion("v3.276.0"), [3, 276, 0]);
    assert.deepEqual(parseVersion("3.207.1-dev.0"), [3, 207, 1]);
    assert.equal(parseVersion("dev"), undefined);
    assert.ok(atLeast("v3.207.0", "3.207.0"));
    assert.ok(atLeast("v3.276.0", "3.207.0"));
    assert.ok(!atLeast("v3.206.9", "3.207.0"));
    assert.ok(!atLeast("v2.999.0", "3.207.0"));
    assert.ok(!atLeast("", "3.207.0"), "a CLI built without its version stamped is not accepted");
  });

  it("pins, in tools/pulumi-cli/go.mod, a CLI at least the minimum", () => {
    const pinned = pinnedVersion(readFileSync(path.join(REPO_ROOT, "tools", "pulumi-cli", "go.mod"), "utf8"));
    assert.match(pinned, /^v3\.\d+\.\d+$/);
    assert.ok(atLeast(pinned, MINIMUM_PULUMI_VERSION));
  });

  it("refuses an older CLI named by AZURE_AWS_VPN_PULUMI, saying which it found and how to get one", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "old-pulumi-"));
    const saved = { pulumi: process.env["AZURE_AWS_VPN_PULUMI"], path: process.env["PATH"] };
    try {
      const old = path.join(dir, "pulumi");
      writeFileSync(old, "#!/bin/sh\necho v3.100.0\n");
      chmodSync(old, 0o755);
      process.env["AZURE_AWS_VPN_PULUMI"] = old;
      process.env["PATH"] = dir;
      const found = findPulumi();
      // The repository's own build, when there is one, may still be chosen: only the refusal of the old one is checked.
      if ("problem" in found) {
        assert.match(found.problem, /3\.207\.0 or later/);
        assert.match(found.problem, /v3\.100\.0/);
        assert.match(found.problem, /npm run setup:engine/);
      } else {
        assert.notEqual(found.cli.version, "v3.100.0");
      }
    } finally {
      if (saved.pulumi === undefined) delete process.env["AZURE_AWS_VPN_PULUMI"];
      else process.env["AZURE_AWS_VPN_PULUMI"] = saved.pulumi;
      process.env["PATH"] = saved.path;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
