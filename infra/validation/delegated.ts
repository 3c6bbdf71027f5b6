/** Groups whose rules live in their own modules: tunnel bandwidth, monitoring, spokes. */
import { argKey } from "../configSchema";
import { tunnelBandwidthProblems } from "../bandwidth";
import { mergeProfile } from "../ipsec";
import { validateMonitoring } from "../monitoring";
import { spokeProblems } from "../spokes";
import { skuExistsAs } from "./gateway";
import { ruleGroup } from "./group";

export const tunnelBandwidth = ruleGroup({
  name: "tunnelBandwidth",
  needs: ["tunnelBandwidth"],
  orDefault: ["awsAttachment", "routing", "activeActive", "gatewaySku", "gatewayGeneration", "ipsec"],
  check(c, { error, warn, awsRegion }) {
    tunnelBandwidthProblems({ ...c, awsRegion, ipsec: mergeProfile(c.ipsec), skuKnown: skuExistsAs(c.gatewaySku, c.gatewayGeneration) }, argKey("tunnelBandwidth"), error, warn);
  },
});

export const monitoring = ruleGroup({
  name: "monitoring",
  needs: ["monitoring"],
  check(c, { error, warn }) {
    const problems = validateMonitoring(c.monitoring);
    for (const p of problems.errors) error(argKey(`monitoring.${p.path}`), p.value, p.rule);
    for (const p of problems.warnings) warn(argKey(`monitoring.${p.path}`), p.value, p.rule);
  },
});

export const spokes = ruleGroup({
  name: "spokes",
  // Only once every hub address setting parsed, as the addresses group: spokes are checked against a checked hub.
  needs: ["vnetAddressSpace", "vpcCidr", "gatewaySubnetCidr", "azureSubnets", "awsSubnets"],
  orDefault: ["awsSpokes", "azureSpokes", "routing", "awsAttachment", "vnetName"],
  check(c, { error, warn, awsRegion }) {
    spokeProblems({ ...c, awsRegion }, argKey, error, warn);
  },
});
