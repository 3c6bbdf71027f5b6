/**
 * Tunnel rules: the inside CIDRs (one /30 per tunnel), key rotation ids, the IPsec profile, and
 * the limits of one VPN connection (routes, traffic selectors, IKEv1).
 */
import { defaultInsideCidrs, insideCidrProblem, overlaps, parseIpv4Cidr, type Ipv4Cidr } from "../addressing";
import { argKey, type ParsedConfig } from "../configSchema";
import { mergeProfile, profileProblems } from "../ipsec";
import { awsRoutesFromCustomerGateway, SPOKE_LIMITS } from "../spokes";
import { tunnelIdAt } from "../tunnelId";
import { ruleGroup } from "./group";

/** Number of tunnels the topology has: two per AWS VPN connection, one connection per Azure public IP. */
export function tunnelCount(activeActive: boolean): number {
  return activeActive ? 4 : 2;
}

/** The tunnels' inside CIDRs: the set ones, or the defaults for the topology. */
export function insideCidrsOf(c: Pick<ParsedConfig, "tunnelInsideCidrs" | "activeActive">): string[] {
  return c.tunnelInsideCidrs ?? defaultInsideCidrs(tunnelCount(c.activeActive) / 2);
}

export const insideCidrs = ruleGroup({
  name: "insideCidrs",
  needs: ["tunnelInsideCidrs"],
  orDefault: ["activeActive", "routing"],
  check(c, { error }) {
    const tunnels = tunnelCount(c.activeActive);
    const cidrs = insideCidrsOf(c);
    if (cidrs.length !== tunnels) {
      error(argKey("tunnelInsideCidrs"), cidrs, `must list exactly ${tunnels} /30s, one per tunnel (${c.activeActive ? "active-active: 2 connections x 2 tunnels" : "active-standby: 1 connection x 2 tunnels"})`);
    }
    const seen: Ipv4Cidr[] = [];
    cidrs.forEach((text, i) => {
      const key = argKey(`tunnelInsideCidrs[${i}]`);
      const problem = insideCidrProblem(text, c.routing === "bgp");
      if (problem) {
        error(key, text, problem);
        return;
      }
      const block = parseIpv4Cidr(text);
      if (!block.ok) return;
      const clash = seen.findIndex((b) => overlaps(b, block.cidr));
      if (clash >= 0) error(key, text, `is already used by tunnelInsideCidrs[${clash}]; every tunnel needs its own /30`);
      seen.push(block.cidr);
    });
  },
});

export const keyRotation = ruleGroup({
  name: "keyRotation",
  needs: ["keyRotation"],
  orDefault: ["activeActive"],
  check(c, { error, written }) {
    const tunnelIds = Array.from({ length: tunnelCount(c.activeActive) }, (_, i) => tunnelIdAt(i));
    // The keys as written, not as parsed: a record parse can turn "__proto__" into a prototype and drop it.
    const rotation = written["keyRotation"];
    if (rotation === null || typeof rotation !== "object" || Array.isArray(rotation)) return;
    for (const [id, generation] of Object.entries(rotation)) {
      if (!tunnelIds.includes(id)) error(argKey(`keyRotation.${id}`), generation, `names no tunnel of this topology; tunnels are ${tunnelIds.join(", ")}: use one of those ids`);
    }
  },
});

export const ipsecProfile = ruleGroup({
  name: "ipsecProfile",
  needs: ["ipsec"],
  check(c, { error }) {
    for (const problem of profileProblems(mergeProfile(c.ipsec))) error(argKey(`ipsec.${problem.path}`), problem.value, problem.rule);
  },
});

/**
 * Routes AWS takes from the customer gateway per VPN connection (docs/constraints.md, "Per
 * connection"): one table, infra/spokes.ts's SPOKE_LIMITS, which the spokes' count over every
 * prefix reads too.
 */
export const AWS_MAX_ROUTES_PER_CONNECTION = SPOKE_LIMITS.awsRoutesFromCustomerGatewayVgw;

export const routesPerConnection = ruleGroup({
  name: "routesPerConnection",
  needs: ["vnetAddressSpace"],
  orDefault: ["awsAttachment", "routing"],
  check(c, { error }) {
    const prefixes = c.vnetAddressSpace.length;
    const limit = awsRoutesFromCustomerGateway(c.awsAttachment);
    if (prefixes > limit) {
      const gateway = c.awsAttachment === "tgw" ? "transit gateway" : "virtual private gateway";
      const how = c.routing === "bgp" ? `BGP routes a VPN connection on a ${gateway} accepts from the customer gateway` : `static routes per VPN connection on a ${gateway}`;
      error(argKey("vnetAddressSpace"), c.vnetAddressSpace, `lists ${prefixes} prefixes, each a route to AWS, but AWS takes at most ${limit} ${how} (AWS Site-to-Site VPN quotas, not adjustable): summarise the address space`);
    }
  },
});

export const policyBasedSelectors = ruleGroup({
  name: "policyBasedSelectors",
  needs: ["ipsec", "vnetAddressSpace"],
  check(c, { error }) {
    const prefixes = c.vnetAddressSpace.length;
    if (c.ipsec.usePolicyBasedTrafficSelectors === true && prefixes > 1) {
      error(argKey("ipsec.usePolicyBasedTrafficSelectors"), true, `with ${prefixes} VNet prefixes, Azure proposes one traffic-selector pair per prefix combination, but an AWS tunnel takes a single SA pair: use one VNet prefix, or route-based selectors (false)`);
    }
  },
});

export const ikeVersion = ruleGroup({
  name: "ikeVersion",
  needs: ["ipsec"],
  check(c, { warn }) {
    if (c.ipsec.ikeVersion === "ikev1") {
      warn(argKey("ipsec.ikeVersion"), "ikev1", "Azure drops traffic at each IKEv1 main-mode rekey; use ikev2 unless the peer requires IKEv1");
    }
  },
});
