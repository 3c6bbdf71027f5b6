/** Gateway rules: the Azure VPN gateway's SKU and generation, and its public IPs' zones. */
import { CREATABLE_SKUS, argKey, type GatewaySku } from "../configSchema";
import { ruleGroup } from "./group";

export const gatewaySku = ruleGroup({
  name: "gatewaySku",
  needs: ["gatewaySku"],
  check(c, { error }) {
    const sku = c.gatewaySku;
    if (sku === "Basic") {
      error(argKey("gatewaySku"), sku, "Basic gateways have no BGP, no custom IPsec policy and 100 Mbps; use VpnGw1AZ (Generation1) or VpnGw2AZ");
    } else if (/^VpnGw[1-5]$/.test(sku)) {
      error(argKey("gatewaySku"), sku, `non-AZ gateway SKUs can no longer be created (blocked since 2025, retired 2026); use ${sku}AZ`);
    } else if (!Object.hasOwn(CREATABLE_SKUS, sku)) {
      error(argKey("gatewaySku"), sku, `must be one of ${Object.keys(CREATABLE_SKUS).join(", ")}`);
    }
  },
});

/** Whether the SKU can be created as this generation (false for a SKU the gatewaySku group refuses). */
export function skuExistsAs(sku: string, generation: string): boolean {
  return Object.hasOwn(CREATABLE_SKUS, sku) && (CREATABLE_SKUS[sku as GatewaySku] as readonly string[]).includes(generation);
}

export const gatewayGeneration = ruleGroup({
  name: "gatewayGeneration",
  needs: ["gatewayGeneration"],
  orDefault: ["gatewaySku"],
  check(c, { error }) {
    const sku = c.gatewaySku;
    if (!Object.hasOwn(CREATABLE_SKUS, sku)) return;
    const generations = CREATABLE_SKUS[sku as GatewaySku];
    if (!generations.includes(c.gatewayGeneration)) {
      error(argKey("gatewayGeneration"), c.gatewayGeneration, `${sku} exists only as ${generations.join(" or ")}: use gatewayGeneration ${generations.join(" or ")}, or a SKU that exists as ${c.gatewayGeneration}`);
    }
  },
});

export const publicIpZones = ruleGroup({
  name: "publicIpZones",
  needs: ["publicIpZones"],
  check(c, { error, warn }) {
    if (c.publicIpZones.length === 0) warn(argKey("publicIpZones"), c.publicIpZones, "no zones: the public IP is regional, and an AZ gateway loses zone redundancy");
    if (new Set(c.publicIpZones).size !== c.publicIpZones.length) error(argKey("publicIpZones"), c.publicIpZones, "zones must not repeat");
  },
});
