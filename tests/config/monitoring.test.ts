import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { PROJECT, validateConfig, type ConfigIssue } from "../../infra/config";
import { CLOUDWATCH_RETENTION_DAYS, DEFAULT_LOG_RETENTION_DAYS, validateMonitoring, workspaceNameFor } from "../../infra/monitoring";
import { readStackConfig, withConfig } from "../helpers";

const KEY = `${PROJECT}:monitoring`;
const WORKSPACE = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-ops/providers/Microsoft.OperationalInsights/workspaces/law-ops";

function validate(monitoring: unknown, stack = "dev"): ReturnType<typeof validateConfig> {
  return validateConfig(withConfig(readStackConfig(stack), { monitoring }), stack);
}
function errorsOf(monitoring: unknown): ConfigIssue[] {
  const result = validate(monitoring);
  return result.ok ? [] : result.errors;
}

describe("monitoring config", () => {
  it("is on in prod and off in dev, with the default retention", () => {
    const prod = validateConfig(readStackConfig("prod"), "prod");
    const dev = validateConfig(readStackConfig("dev"), "dev");
    assert.ok(prod.ok && dev.ok);
    if (!prod.ok || !dev.ok) return;
    assert.deepEqual(prod.config.monitoring, { enabled: true, logRetentionDays: DEFAULT_LOG_RETENTION_DAYS });
    assert.deepEqual(dev.config.monitoring, { enabled: false, logRetentionDays: DEFAULT_LOG_RETENTION_DAYS });
  });

  it("takes a full good setting as written", () => {
    const result = validate({ enabled: true, email: "ops@example.com", logRetentionDays: 90, workspaceId: WORKSPACE });
    assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
    if (result.ok) assert.deepEqual(result.config.monitoring, { enabled: true, email: "ops@example.com", logRetentionDays: 90, workspaceId: WORKSPACE });
  });

  it("refuses a retention CloudWatch Logs does not accept, naming setting, value and the allowed values", () => {
    const errors = errorsOf({ enabled: true, logRetentionDays: 45 });
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.key, `${KEY}.logRetentionDays`);
    assert.equal(errors[0]!.value, 45);
    assert.match(errors[0]!.rule, /CloudWatch Logs accepts: one of 1, 3, 5, 7, 14, 30, 60/);
  });

  it("refuses a CloudWatch retention outside Log Analytics' 30 to 730 days when it creates the workspace", () => {
    for (const days of [7, 731, 3653]) {
      const errors = errorsOf({ enabled: true, logRetentionDays: days });
      assert.equal(errors.length, 1, `${days}`);
      assert.match(errors[0]!.rule, /Log Analytics workspace .* 30 to 730 days/);
    }
    // With an existing workspace, only CloudWatch's rule applies.
    assert.deepEqual(errorsOf({ enabled: true, logRetentionDays: 7, workspaceId: WORKSPACE }), []);
  });

  it("accepts every CloudWatch value inside the workspace range, and refuses 0 (never expire)", () => {
    for (const days of CLOUDWATCH_RETENTION_DAYS.filter((d) => d >= 30 && d <= 730)) assert.deepEqual(validateMonitoring({ logRetentionDays: days }).errors, [], `${days}`);
    assert.equal(validateMonitoring({ logRetentionDays: 0 }).errors.length, 1);
  });

  it("refuses a malformed e-mail", () => {
    for (const email of ["ops", "ops@", "ops@example", "a b@example.com", "ops@example.com, dev@example.com"]) {
      const errors = errorsOf({ enabled: true, email });
      assert.deepEqual(errors.map((e) => [e.key, e.value]), [[`${KEY}.email`, email]], email);
      assert.match(errors[0]!.rule, /must be one e-mail address/);
    }
  });

  it("refuses a workspace id that is not a Log Analytics workspace's ARM id", () => {
    const bad = [
      "law-ops",
      "/subscriptions/not-a-guid/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law-ops",
      "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet",
      `${WORKSPACE}/tables/x`,
    ];
    for (const workspaceId of bad) {
      const errors = errorsOf({ enabled: true, workspaceId });
      assert.deepEqual(errors.map((e) => e.key), [`${KEY}.workspaceId`], workspaceId);
      assert.match(errors[0]!.rule, /ARM resource id of a Log Analytics workspace/);
    }
    // ARM compares provider namespaces and types case-insensitively.
    assert.deepEqual(errorsOf({ enabled: true, workspaceId: WORKSPACE.replace("Microsoft.OperationalInsights", "microsoft.operationalinsights") }), []);
  });

  it("names schema problems by path: wrong types and unknown fields", () => {
    const errors = errorsOf({ enabled: "yes", retention: 30 });
    assert.deepEqual(errors.map((e) => e.key).sort(), [`${KEY}.enabled`, `${KEY}.retention`]);
    assert.deepEqual(errorsOf({ logRetentionDays: 30.5 }).map((e) => [e.key, e.rule]), [[`${KEY}.logRetentionDays`, "must be a whole number"]]);
    assert.deepEqual(errorsOf(true).map((e) => [e.key, e.rule]), [[KEY, "must be a map of keys and values"]]);
  });

  it("reports every problem at once", () => {
    const errors = errorsOf({ enabled: true, email: "nope", logRetentionDays: 2, workspaceId: "x" });
    assert.deepEqual(errors.map((e) => e.key).sort(), [`${KEY}.email`, `${KEY}.logRetentionDays`, `${KEY}.workspaceId`]);
  });

  it("warns when an e-mail or workspace is set while monitoring is off", () => {
    const result = validate({ enabled: false, email: "ops@example.com" });
    assert.ok(result.ok);
    assert.deepEqual(result.warnings.filter((w) => w.key.startsWith(KEY)).map((w) => [w.key, w.rule]), [[`${KEY}.email`, "has no effect while monitoring.enabled is false"]]);
  });

  it("names the workspace from the gateway within the workspace name rule", () => {
    const rule = /^[A-Za-z0-9][A-Za-z0-9-]{2,61}[A-Za-z0-9]$/;
    assert.equal(workspaceNameFor("vpngw-prod"), "law-vpngw-prod");
    assert.equal(workspaceNameFor("vpn.gw_1"), "law-vpn-gw-1");
    for (const gateway of ["a", "gw_", "x".repeat(80), `${"y".repeat(58)}_z`]) assert.match(workspaceNameFor(gateway), rule, gateway);
  });
});
