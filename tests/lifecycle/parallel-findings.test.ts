/**
 * The three stuck paths a parallel attempt at issue 10 reported, each checked against a source
 * (docs/constraints.md, "Update model: findings checked after the merge").
 */
import { test } from "node:test";
import * as assert from "node:assert/strict";
import { evaluateStack, readStackConfig } from "../../offline/evaluate";
import { planUpdate, formatUpdatePlan } from "../../offline/update";
import { withConfig } from "../helpers";
import type { RawConfig } from "../../infra/config";
import { TYPES } from "../../infra/types";

async function change(stack: string, base: RawConfig, changes: Record<string, unknown>): Promise<ReturnType<typeof planUpdate>> {
  const previous = await evaluateStack({ stack, raw: base });
  const next = await evaluateStack({ stack, raw: withConfig(base, changes) });
  assert.equal(previous.error, undefined, previous.error?.message);
  assert.equal(next.error, undefined, next.error?.message);
  return planUpdate(previous, next);
}

const SUBNET = TYPES.awsSubnet;

test("(a) does not hold: on a transit gateway a VPN connection replacement keeps its inside CIDRs create-before-delete", async () => {
  // A new Azure ASN replaces the customer gateways, and each VPN connection with its own
  // (replaceWith), with the same inside CIDRs.
  const plan = await change("prod", withConfig(readStackConfig("prod"), { protect: false }), { azureAsn: 65020 });
  const vpn = plan.steps.filter((s) => s.type === TYPES.vpnConnection);
  assert.ok(vpn.some((s) => s.op === "create-replacement"), formatUpdatePlan(plan));
  const first = plan.steps.findIndex((s) => s.type === TYPES.vpnConnection);
  assert.equal(plan.steps[first]!.op, "create-replacement", "AWS: inside CIDRs need not be unique per transit gateway (IPv4)");
  assert.ok(!plan.refusals.some((r) => /inside CIDR/.test(r.rule)), formatUpdatePlan(plan));
});

test("(b) pinning the dev subnet's zone replaces it with the same CIDR: the model refuses create-before-delete", async () => {
  const dev = readStackConfig("dev");
  const unpinned = withConfig(dev, { awsSubnets: [{ name: "subnet-aws-01", cidr: "10.0.1.0/24" }] });
  const previous = await evaluateStack({ stack: "dev", raw: unpinned });
  const next = await evaluateStack({ stack: "dev", raw: dev });
  const plan = planUpdate(previous, next);
  assert.ok(plan.steps.some((s) => s.type === SUBNET && s.op === "create-replacement"), formatUpdatePlan(plan));
  // The old subnet (and the instance and route table association in it) go first.
  const deleteSubnet = plan.steps.findIndex((s) => s.type === SUBNET && s.op === "delete-replaced");
  const createSubnet = plan.steps.findIndex((s) => s.type === SUBNET && s.op === "create-replacement");
  assert.ok(deleteSubnet >= 0 && deleteSubnet < createSubnet, formatUpdatePlan(plan));
  assert.ok(plan.completes, formatUpdatePlan(plan));
});

test("(b) the model knows the rules: an overlapping subnet CIDR is refused under create-before-delete", async () => {
  const { checkSteps } = await import("../../offline/update/cloud");
  const { planSteps } = await import("../../offline/update/engine");
  const dev = readStackConfig("dev");
  const previous = await evaluateStack({ stack: "dev", raw: withConfig(dev, { awsSubnets: [{ name: "subnet-aws-01", cidr: "10.0.1.0/24" }] }) });
  const next = await evaluateStack({ stack: "dev", raw: dev });
  // The same change with the subnet forced back to create-before-delete.
  const cbd = { ...next, resources: next.resources.map((r) => (r.type === SUBNET ? { ...r, deleteBeforeReplace: false } : r)) };
  const refusals = checkSteps(planSteps(previous, cbd).steps, previous.resources);
  assert.ok(refusals.some((r) => /InvalidSubnet.Conflict/.test(r.rule)), JSON.stringify(refusals, null, 1));
});

test("(b) with a transit gateway, a subnet zone change takes the VPC attachment with it and completes", async () => {
  const prod = readStackConfig("prod");
  const subnets = prod["azure-aws-vpn:awsSubnets"] as { name: string; cidr: string; availabilityZone?: string }[];
  const moved = subnets.map((s, i) => (i === 0 ? { ...s, availabilityZone: "us-east-1c" } : s));
  const plan = await change("prod", withConfig(prod, { protect: false }), { awsSubnets: moved });
  assert.ok(plan.steps.some((s) => s.type === SUBNET && s.op === "create-replacement"), formatUpdatePlan(plan));
  assert.ok(plan.completes, formatUpdatePlan(plan));
});

test("(c) static to BGP names the wait for the gateway's BGP update in each tunnel's outage", async () => {
  const dev = withConfig(readStackConfig("dev"), { activeActive: true });
  const plan = await change("dev", dev, { routing: "bgp" });
  assert.ok(plan.completes, formatUpdatePlan(plan));
  assert.equal(plan.outages.length, 4);
  for (const o of plan.outages) {
    assert.ok(o.why.some((w) => /BGP settings change in place and each connection's update waits/.test(w)), o.why.join("; "));
    const high = Number(/-(\d+) min/.exec(o.duration)?.[1]);
    assert.ok(high >= 45, `outage upper bound ${o.duration} covers the gateway's update`);
  }
});
