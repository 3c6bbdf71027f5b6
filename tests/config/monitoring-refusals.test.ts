/**
 * Monitoring inputs that would fail at deploy time (after the AWS side exists) or never alert
 * anyone, refused by validation with the setting, the value and the rule: a workspace id read as an
 * ARM resource id segment by segment, an e-mail address within RFC 5321's lengths. Both paths: the
 * stack config (prod) and Vpn's args.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { validateConfig, type ConfigIssue } from "../../infra/config";
import { validateVpnArgs, vpnArgsFromConfig, VpnArgsError } from "../../infra/components/vpn";
import { workspaceIdProblem } from "../../infra/monitoring";
import { readStackConfig, validated, withConfig } from "../helpers";

const prod = readStackConfig("prod");
const prodArgs = vpnArgsFromConfig(validated(prod, "prod"));
const WORKSPACE = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-ops/providers/Microsoft.OperationalInsights/workspaces/law-ops";

function bothPaths(monitoring: Record<string, unknown>): { config: ConfigIssue[]; args: ConfigIssue[] } {
  const r = validateConfig(withConfig(prod, { monitoring: { enabled: true, ...monitoring } }), "prod");
  let args: ConfigIssue[] = [];
  try {
    validateVpnArgs({ ...prodArgs, monitoring: { enabled: true, ...monitoring } }, "prod");
  } catch (err) {
    assert.ok(err instanceof VpnArgsError, String(err));
    args = err.issues;
  }
  return { config: r.ok ? [] : r.errors, args };
}

function refused(monitoring: Record<string, unknown>, field: string, rule: RegExp): void {
  const { config, args } = bothPaths(monitoring);
  assert.deepEqual(config.map((i) => i.key), [`azure-aws-vpn:monitoring.${field}`], JSON.stringify(config));
  assert.deepEqual(args.map((i) => i.key), [`VpnArgs.monitoring.${field}`], JSON.stringify(args));
  for (const issue of [config[0]!, args[0]!]) {
    assert.equal(issue.value, monitoring[field]);
    assert.match(issue.rule, rule);
  }
}

describe("monitoring refusals, stack config and VpnArgs", () => {
  it("accepts a well-formed workspace id and address", () => {
    assert.deepEqual(bothPaths({ workspaceId: WORKSPACE, email: `${"a".repeat(64)}@example.com` }), { config: [], args: [] });
  });

  it("a workspace id whose resource group is '..' or '.'", () => {
    for (const group of ["..", "."]) {
      refused({ workspaceId: WORKSPACE.replace("rg-ops", group) }, "workspaceId", new RegExp(`the resource group "${group.replace(/\./g, "\\.")}" is not one Azure accepts .*not end with '\\.'`));
    }
  });

  it("a workspace id with a trailing slash, extra segments or another resource type", () => {
    refused({ workspaceId: `${WORKSPACE}/` }, "workspaceId", /segments, not 8 \(a trailing '\/'\)/);
    refused({ workspaceId: `${WORKSPACE}/tables/x` }, "workspaceId", /segments, not 8/);
    refused({ workspaceId: WORKSPACE.replace("Microsoft.OperationalInsights/workspaces", "Microsoft.Network/virtualNetworks") }, "workspaceId", /Microsoft\.Network\/virtualNetworks is not a Log Analytics workspace/);
    assert.equal(workspaceIdProblem(WORKSPACE.replace("/providers/", "/PROVIDERS/").replace("workspaces", "Workspaces")), undefined);
  });

  it("an e-mail whose local part exceeds RFC 5321's 64 octets", () => {
    refused({ email: `${"a".repeat(65)}@example.com` }, "email", /local part \(before the @\) is 65 octets, and RFC 5321 allows at most 64/);
  });
});
