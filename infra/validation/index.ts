/**
 * The rule groups in the order validateConfig runs them (the order of the issues it reports). A
 * group runs only when every key it needs passed the schema (infra/validation/group.ts).
 */
import { acknowledgedSettings, acknowledgementsLiftProtection } from "./acknowledgements";
import { addresses } from "./addresses";
import { monitoring, spokes, tunnelBandwidth } from "./delegated";
import { gatewayGeneration, gatewaySku, publicIpZones } from "./gateway";
import type { AnyRuleGroup } from "./group";
import { existingAws, existingAzure, tags } from "./hub";
import { nameRules } from "./names";
import { awsAsn, azureAsn, bgpNeedsActiveActive, subnetZonesInRegion, transitGatewayNeedsBgp, transitGatewayZones } from "./routing";
import { adminCidr, sshPublicKey, testVmComputerNameRule } from "./testHosts";
import { ikeVersion, insideCidrs, ipsecProfile, keyRotation, policyBasedSelectors, routesPerConnection } from "./tunnels";

export const RULE_GROUPS: readonly AnyRuleGroup[] = [
  addresses,
  existingAzure,
  existingAws,
  gatewaySku,
  gatewayGeneration,
  bgpNeedsActiveActive,
  transitGatewayNeedsBgp,
  transitGatewayZones,
  subnetZonesInRegion,
  azureAsn,
  awsAsn,
  insideCidrs,
  keyRotation,
  acknowledgedSettings,
  acknowledgementsLiftProtection,
  ipsecProfile,
  tunnelBandwidth,
  publicIpZones,
  adminCidr,
  sshPublicKey,
  testVmComputerNameRule,
  ...nameRules,
  routesPerConnection,
  policyBasedSelectors,
  ikeVersion,
  monitoring,
  spokes,
  tags,
];
