/**
 * Routing rules: the routing mode against active-active and the AWS attachment, the transit
 * gateway's one subnet per zone, subnets' zones in the region, and both sides' ASNs.
 */
import { awsRegionProblem, availabilityZoneProblem } from "../catalog";
import { argKey } from "../configSchema";
import { ruleGroup } from "./group";

/** ASNs Azure refuses for a gateway or a local network gateway, with IANA's reserved ones. */
export function asnReservation(asn: number): string | undefined {
  if ([8074, 8075, 12076].includes(asn)) return "is reserved by Azure (8074, 8075, 12076)";
  if (asn === 65515) return "is Azure's own default gateway ASN (65515), reserved";
  if (asn >= 65517 && asn <= 65520) return "is reserved by Azure (65517 to 65520)";
  if (asn === 23456) return "is reserved by IANA (AS_TRANS, 23456)";
  if (asn >= 64496 && asn <= 64511) return "is reserved by IANA for documentation (64496 to 64511)";
  if (asn >= 65535 && asn <= 65551) return "is reserved by IANA (65535 to 65551)";
  if (asn === 0 || asn === 4294967295) return "is reserved by IANA";
  return undefined;
}

export const bgpNeedsActiveActive = ruleGroup({
  name: "bgpNeedsActiveActive",
  needs: ["routing"],
  orDefault: ["activeActive"],
  check(c, { error }) {
    if (c.routing === "bgp" && !c.activeActive) {
      error(argKey("routing"), c.routing, "BGP needs activeActive: true: an active-standby Azure gateway has only one custom APIPA address, so AWS's two tunnels cannot both peer");
    }
  },
});

export const transitGatewayNeedsBgp = ruleGroup({
  name: "transitGatewayNeedsBgp",
  needs: ["awsAttachment"],
  orDefault: ["routing"],
  check(c, { error }) {
    if (c.awsAttachment === "tgw" && c.routing !== "bgp") {
      error(argKey("awsAttachment"), c.awsAttachment, "a transit gateway spreads traffic over tunnels with ECMP only with BGP: set routing: bgp (and activeActive: true)");
    }
  },
});

export const transitGatewayZones = ruleGroup({
  name: "transitGatewayZones",
  needs: ["awsAttachment", "awsSubnets"],
  check(c, { error }) {
    if (c.awsAttachment !== "tgw") return;
    const zones = new Map<string, number>();
    (c.awsSubnets ?? []).forEach((subnet, i) => {
      const key = argKey(`awsSubnets[${i}].availabilityZone`);
      if (subnet.availabilityZone === undefined) {
        error(key, undefined, "is required with awsAttachment tgw: the transit gateway attachment takes one subnet per availability zone");
        return;
      }
      const earlier = zones.get(subnet.availabilityZone);
      if (earlier !== undefined) error(key, subnet.availabilityZone, `repeats awsSubnets[${earlier}]'s zone; a transit gateway attachment takes one subnet per zone, so each subnet needs its own zone`);
      zones.set(subnet.availabilityZone, i);
    });
  },
});

export const subnetZonesInRegion = ruleGroup({
  name: "subnetZonesInRegion",
  needs: ["awsSubnets"],
  check(c, { error, awsRegion }) {
    // Only against a known region: an unknown one is reported once, as itself.
    if (typeof awsRegion !== "string" || awsRegionProblem(awsRegion) !== undefined) return;
    (c.awsSubnets ?? []).forEach((subnet, i) => {
      const problem = subnet.availabilityZone !== undefined ? availabilityZoneProblem(subnet.availabilityZone, awsRegion) : undefined;
      if (problem) error(argKey(`awsSubnets[${i}].availabilityZone`), subnet.availabilityZone, problem);
    });
  },
});

export const azureAsn = ruleGroup({
  name: "azureAsn",
  needs: ["azureAsn"],
  check(c, { error }) {
    const azureAsnProblem = asnReservation(c.azureAsn);
    if (c.azureAsn < 1 || c.azureAsn > 2_147_483_647) error(argKey("azureAsn"), c.azureAsn, "must be 1 to 2147483647 (AWS customer gateway ASN range)");
    else if (azureAsnProblem) error(argKey("azureAsn"), c.azureAsn, `${azureAsnProblem}: use another ASN, e.g. a private one such as 65010`);
  },
});

export const awsAsn = ruleGroup({
  name: "awsAsn",
  needs: ["awsAsn"],
  orDefault: ["azureAsn"],
  check(c, { error }) {
    const awsAsnInRange = (c.awsAsn >= 64512 && c.awsAsn <= 65534) || (c.awsAsn >= 4_200_000_000 && c.awsAsn <= 4_294_967_294);
    const awsAsnProblem = asnReservation(c.awsAsn);
    if (!awsAsnInRange) error(argKey("awsAsn"), c.awsAsn, "an Amazon-side ASN must be 64512 to 65534 or 4200000000 to 4294967294");
    else if (awsAsnProblem) error(argKey("awsAsn"), c.awsAsn, `${awsAsnProblem}; Azure refuses it as a peer ASN: use another Amazon-side ASN such as 64512`);
    if (c.awsAsn === c.azureAsn) error(argKey("awsAsn"), c.awsAsn, `must differ from azureAsn (${c.azureAsn}): the two sides peer over eBGP`);
  },
});
