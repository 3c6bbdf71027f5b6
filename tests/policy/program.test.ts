// The whole program, as dev and prod declare it, fed resource by resource through the policy pack.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { evaluateOk, evaluateStacksOk, REPO_ROOT, withConfig, type Evaluation } from "../helpers";
import { blocking, formatPolicyViolations, policyConfigFor, policyInputs, policyViolations } from "../../offline/policy";
import { runPoliciesOnResources, type Violation } from "../../policy/run";
import { TYPES } from "../../infra/types";

function violationsOf(evaluation: Evaluation, stack: string = evaluation.stack): Violation[] {
  assert.equal(evaluation.error, undefined, evaluation.error?.message);
  return runPoliciesOnResources(policyInputs(evaluation), stack);
}

const summary = (violations: Violation[]): string[] => violations.map((v) => `${v.policyName} ${v.resourceName}`).sort();

/** Dev with an IPsec profile both clouds accept (so validation passes) but our policies refuse; the evaluation worker's memo evaluates it once for both tests. */
const weakened = (): Promise<Evaluation> =>
  evaluateOk("dev", withConfig("dev", { ipsec: { phase1: { integrity: "SHA1", dhGroup: 2 }, phase2: { encryption: "AES128", integrity: "SHA1", pfsGroup: 2 } } }));

describe("policy pack on the evaluated program", () => {
  let dev: Evaluation;
  let prod: Evaluation;
  before(async () => ({ dev, prod } = await evaluateStacksOk("dev", "prod")));

  it("dev has zero violations", () => {
    assert.deepEqual(summary(violationsOf(dev)), []);
  });

  it("prod has zero violations", () => {
    assert.deepEqual(summary(violationsOf(prod)), []);
  });

  it("every key is checked: keys-generated sees each key's RandomPassword dependency", () => {
    const vpn = prod.resources.find((r) => r.type === TYPES.vpnConnection)!;
    const keyDeps = vpn.propertyDependencies["tunnel1PresharedKey"] ?? [];
    assert.ok(keyDeps.some((urn) => urn.includes(TYPES.password)), JSON.stringify(keyDeps));
  });

  it("a weakened IPsec profile is caught on both clouds", async () => {
    const violations = violationsOf(await weakened());
    const crypto = violations.filter((v) => v.policyName === "strong-ipsec-crypto");
    const names = new Set(crypto.map((v) => v.resourceName));
    assert.ok(names.has("vpn-tunnels-c1-vpn"), "the AWS VPN connection is flagged");
    assert.ok(names.has("vpn-tunnels-c1-c1t1-connection") && names.has("vpn-tunnels-c1-c1t2-connection"), "both Azure connections are flagged");
    assert.ok(crypto.some((v) => /SHA1/.test(v.message)), "SHA1 named");
    assert.ok(crypto.some((v) => /\b2\b|DHGroup2|PFS2/.test(v.message)), "group 2 named");
    assert.deepEqual([...new Set(violations.map((v) => v.policyName))], ["strong-ipsec-crypto"]);
  });

  it("dev's resources judged as a prod stack: unprotected gateways, test hosts and no monitoring are violations", () => {
    const violations = violationsOf(dev, "prod");
    assert.ok(violations.length > 0);
    assert.deepEqual([...new Set(violations.map((v) => v.policyName))].sort(), ["prod-monitoring", "prod-protection"], summary(violations).join("\n"));
    assert.ok(violations.some((v) => /VirtualNetworkGateway|vpn-azure-aws|gateway/i.test(`${v.resourceName} ${v.message}`)));
    assert.ok(violations.some((v) => /test host|Instance|VirtualMachine/i.test(v.message)));
  });

  it("the plan's policy section: clean stacks say so, a weakened profile lists mandatory violations", async () => {
    assert.equal(formatPolicyViolations(policyViolations(dev)), "Policy pack (policy/): no violations.");
    assert.deepEqual(policyConfigFor("prod"), JSON.parse(readFileSync(path.join(REPO_ROOT, "policy", "config.prod.json"), "utf8")));
    assert.equal(policyConfigFor("no-such-stack"), undefined);
    const violations = policyViolations(await weakened());
    assert.ok(blocking(violations).length > 0, "strong-ipsec-crypto is mandatory: the plan exits 4");
    const text = formatPolicyViolations(violations);
    assert.match(text, /^Policy pack \(policy\/\): \d+ violations, \d+ mandatory \(pulumi preview would fail\):/);
    assert.match(text, /\[mandatory\] strong-ipsec-crypto on vpn-tunnels-c1-vpn: .*SHA1/);
  });
});
