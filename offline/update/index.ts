/**
 * The offline update model: from the recorded registrations of two evaluations, the engine's
 * steps in order, the steps a cloud would refuse, and the expected outage per tunnel.
 */
import type { Evaluation, RegisteredResource } from "../evaluate";
import { checkSteps, type Refusal } from "./cloud";
import { planSteps, type Step } from "./engine";
import { TYPES } from "../../infra/types";

export type { Refusal } from "./cloud";
export type { Step } from "./engine";

export interface TunnelOutage {
  /** The Azure connection's URN: one connection is one tunnel. */
  tunnel: string;
  steps: number[];
  why: string[];
  duration: string;
}

export interface UpdatePlan {
  steps: Step[];
  refusals: Refusal[];
  engineRefusals: string[];
  outages: TunnelOutage[];
  completes: boolean;
}

const CONNECTION = TYPES.connection;

/** How long an operation keeps a tunnel down, by the kind of resource and step (sources in docs). */
function downtime(step: Step): { minutes: [number, number]; why: string } | undefined {
  const replaced = step.op !== "update";
  switch (step.type) {
    case TYPES.gateway:
      if (replaced) return { minutes: [30, 45], why: "the Azure VPN gateway is re-created (30-45 min to provision)" };
      // Static to BGP: the connections' update waits for this one while the old VPN connection
      // is already gone, so the tunnel is down for as long as the gateway's update runs.
      if (step.changed.some((k) => k === "enableBgp" || k === "bgpSettings")) {
        return { minutes: [5, 45], why: "the gateway's BGP settings change in place and each connection's update waits for it (no published duration; bounded here by the gateway's 30-45 min provisioning time, an assumption)" };
      }
      return { minutes: [0, 5], why: "gateway update may reset its tunnels" };
    case TYPES.publicIp:
      return replaced ? { minutes: [1, 2], why: "the public IP is re-created: new outside address" } : undefined;
    case TYPES.vpnConnection:
      if (!replaced && step.changed.some((k) => k === "vpnGatewayId" || k === "transitGatewayId")) {
        return { minutes: [1, 5], why: "AWS moves the VPN connection to the other gateway in place (ModifyVpnConnection: outside addresses and tunnel options kept; the connection is unavailable for a brief period while it moves)" };
      }
      return replaced ? { minutes: [5, 10], why: "the AWS VPN connection is re-created (new outside addresses, minutes to become available)" } : { minutes: [1, 5], why: "AWS modifies the VPN connection/tunnel: connectivity over the tunnel is interrupted for up to several minutes" };
    case TYPES.customerGateway:
      return undefined;
    case TYPES.vpnGateway:
    case TYPES.transitGateway:
      return replaced ? { minutes: [5, 15], why: "the AWS gateway is re-created" } : undefined;
    case TYPES.lng:
      return { minutes: [1, 3], why: replaced ? "the local network gateway is re-created" : "the local network gateway's peer address or BGP settings change: the tunnel renegotiates" };
    case CONNECTION:
      return { minutes: replaced ? [1, 5] : [0, 2], why: replaced ? "the Azure connection is re-created" : "the connection's key or policy changes: the tunnel renegotiates" };
    default:
      return undefined;
  }
}

function closure(evaluation: Evaluation, urn: string): Set<string> {
  const byUrn = new Map(evaluation.resources.map((r) => [r.urn, r]));
  const seen = new Set<string>([urn]);
  const stack = [urn];
  while (stack.length > 0) {
    for (const d of byUrn.get(stack.pop()!)?.dependencies ?? []) {
      if (!seen.has(d)) {
        seen.add(d);
        stack.push(d);
      }
    }
  }
  return seen;
}

/** Which tunnel number of a VPN connection an Azure connection is (from its LNG's peer address). */
function tunnelNumber(evaluation: Evaluation, connection: RegisteredResource, vpnUrn: string): number | undefined {
  const byUrn = new Map(evaluation.resources.map((r) => [r.urn, r]));
  const lng = (connection.propertyDependencies["localNetworkGateway2"] ?? []).map((u) => byUrn.get(u)).find(Boolean);
  const vpn = byUrn.get(vpnUrn);
  if (!lng || !vpn) return undefined;
  const ip = lng.inputs["gatewayIpAddress"];
  return ip === vpn.state["tunnel1Address"] ? 1 : ip === vpn.state["tunnel2Address"] ? 2 : undefined;
}

function outagesOf(steps: readonly Step[], previous: Evaluation, next: Evaluation): TunnelOutage[] {
  const tunnels = [...new Set([...previous.resources, ...next.resources].filter((r) => r.type === CONNECTION).map((r) => r.urn))];
  const result: TunnelOutage[] = [];
  for (const tunnel of tunnels) {
    const evaluation = next.resources.some((r) => r.urn === tunnel) ? next : previous;
    const connection = evaluation.resources.find((r) => r.urn === tunnel)!;
    const path = new Set([...closure(previous, tunnel), ...closure(next, tunnel)]);
    /** What the tunnel still depends on once the change is made (empty for a removed tunnel). */
    const stays = next.resources.some((r) => r.urn === tunnel) ? closure(next, tunnel) : undefined;
    const hit: number[] = [];
    const why: string[] = [];
    let low = 0;
    let high = 0;
    steps.forEach((step, i) => {
      if (!path.has(step.urn) || step.op === "create") return;
      // A resource no longer declared is deleted after every registration: whatever of this
      // tunnel used it has moved off it by then (replaced, or updated in place, e.g. a VPN
      // connection moved to another gateway by ModifyVpnConnection), so its deletion is no outage
      // of a tunnel that stays, unless the tunnel still depends on it.
      if (step.op === "delete" && stays !== undefined && !stays.has(step.urn)) return;
      if (step.type === TYPES.vpnConnection && step.op === "update") {
        const n = tunnelNumber(evaluation, connection, step.urn);
        const touchesOther = n !== undefined && step.changed.every((k) => /^tunnel\d/.test(k) && !k.startsWith(`tunnel${n}`));
        if (touchesOther) return;
      }
      const d = downtime(step);
      if (!d) return;
      hit.push(i + 1);
      why.push(`step ${i + 1}: ${d.why}`);
      low += d.minutes[0];
      high += d.minutes[1];
    });
    if (hit.length > 0) result.push({ tunnel, steps: hit, why, duration: `${low}-${high} min` });
  }
  return result;
}

export function planUpdate(previous: Evaluation, next: Evaluation): UpdatePlan {
  const engine = planSteps(previous, next);
  const refusals = checkSteps(engine.steps, previous.resources);
  return {
    steps: engine.steps,
    refusals,
    engineRefusals: engine.refusals,
    outages: outagesOf(engine.steps, previous, next),
    completes: refusals.length === 0 && engine.refusals.length === 0,
  };
}

const short = (urn: string): string => urn.split("::").slice(-2).join("::");

export function formatUpdatePlan(plan: UpdatePlan): string {
  const moving = plan.steps.filter((s) => s.op !== "update" || s.changed.length > 0);
  const lines = [`Update model: ${moving.length} step(s)${plan.completes ? ", all accepted by the clouds' rules" : ""}:`];
  moving.forEach((s, i) => lines.push(`  ${i + 1}. ${s.op} ${short(s.urn)}: ${s.reason}`));
  if (plan.outages.length > 0) {
    lines.push("Expected outage per tunnel:");
    for (const o of plan.outages) lines.push(`  - ${short(o.tunnel)}: ${o.duration} (${o.why.join("; ")})`);
  }
  for (const r of plan.engineRefusals) lines.push(`  REFUSED by Pulumi: ${r}`);
  for (const r of plan.refusals) lines.push(`  REFUSED at step ${r.step} (${short(r.urn)}): ${r.rule}. Fix: ${r.fix}. Source: ${r.source}`);
  return lines.join("\n");
}
