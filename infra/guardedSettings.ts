/**
 * The names of the guarded settings: the config settings whose change replaces or resets the
 * slow, address-bearing resources. Declared beside the config schema: infra/configSchema.ts checks at
 * compile time that each is a key of its schema, and infra/guards.ts keys its rules by these names
 * (a missing or misspelt rule is a type error). Imports nothing, so neither module imports the
 * other through it.
 */

/** The guarded settings, in the order the plan lists their changes. */
export const GUARDED_SETTING_NAMES = [
  "resourceGroupName",
  "vnetName",
  "gatewayName",
  "gatewaySubnetCidr",
  "gatewayGeneration",
  "activeActive",
  "publicIpName",
  "publicIpZones",
  "azureAsn",
  "awsAsn",
  "awsAttachment",
  "routing",
  "vpcCidr",
  "tunnelInsideCidrs",
  "tunnelBandwidth",
  "ipsec",
  "keyRotation",
  "existingAzure",
  "existingAws",
] as const;
export type GuardedSetting = (typeof GUARDED_SETTING_NAMES)[number];

/** Whether a name (e.g. one listed in acknowledgeDisruption) is a guarded setting. */
export function isGuardedSetting(name: string): name is GuardedSetting {
  return (GUARDED_SETTING_NAMES as readonly string[]).includes(name);
}
