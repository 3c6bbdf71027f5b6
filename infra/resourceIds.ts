/**
 * The forms of the cloud resource ids a stack may name instead of having the program create the
 * resource (existing spokes, an existing hub): each pattern, and the parts of an Azure resource id.
 * Pure. docs/constraints.md, "Existing resources".
 */

/** An AWS resource id: the prefix, then 8 (older resources) or 17 lowercase hexadecimal digits. */
function awsId(prefix: string, what: string): { pattern: RegExp; rule: string } {
  return { pattern: new RegExp(`^${prefix}-([0-9a-f]{8}|[0-9a-f]{17})$`), rule: `must be ${what} id, ${prefix}- followed by 8 or 17 hexadecimal digits` };
}

/** The AWS id forms, with the rule a malformed one breaks. */
const AWS_IDS = {
  vpc: awsId("vpc", "a VPC"),
  subnet: awsId("subnet", "a subnet"),
  routeTable: awsId("rtb", "a route table"),
  vpnGateway: awsId("vgw", "a virtual private gateway"),
  transitGateway: awsId("tgw", "a transit gateway"),
  transitGatewayRouteTable: awsId("tgw-rtb", "a transit gateway route table"),
} as const;

/** The problem with an AWS id of a kind, if any. */
export function awsIdProblem(id: string, kind: keyof typeof AWS_IDS): string | undefined {
  return AWS_IDS[kind].pattern.test(id) ? undefined : AWS_IDS[kind].rule;
}

/** An Azure resource id's parts: /subscriptions/<s>/resourceGroups/<g>/providers/Microsoft.Network/<type>/<name>. */
export interface AzureResourceId {
  subscriptionId: string;
  resourceGroupName: string;
  name: string;
}

/** The Microsoft.Network resource types a stack names by id. */
const AZURE_ID_TYPES = {
  virtualNetworks: "a virtual network",
  virtualNetworkGateways: "a virtual network gateway",
  publicIPAddresses: "a public IP address",
} as const;
export type AzureIdType = keyof typeof AZURE_ID_TYPES;

/**
 * The parts of a Microsoft.Network resource id of one type, or undefined when it is not one. ARM
 * compares the fixed segments case-insensitively, so they are matched so.
 */
export function parseAzureId(id: string, type: AzureIdType): AzureResourceId | undefined {
  const m = new RegExp(
    `^/subscriptions/([0-9a-fA-F-]{36})/resourceGroups/([-\\w._()]{1,90})/providers/Microsoft\\.Network/${type}/([A-Za-z0-9][A-Za-z0-9._-]{0,78}[A-Za-z0-9_]|[A-Za-z0-9])$`,
    "i",
  ).exec(id);
  return m ? { subscriptionId: m[1]!, resourceGroupName: m[2]!, name: m[3]! } : undefined;
}

/** The rule a malformed Azure id of a type breaks. */
export function azureIdRule(type: AzureIdType): string {
  return `must be ${AZURE_ID_TYPES[type]} resource id: /subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/${type}/<name>`;
}

/** The resource group and name in an Azure VNet resource id, or undefined for a malformed id. */
export function parseVnetId(id: string): { subscriptionId: string; resourceGroupName: string; vnetName: string } | undefined {
  const parsed = parseAzureId(id, "virtualNetworks");
  return parsed && { subscriptionId: parsed.subscriptionId, resourceGroupName: parsed.resourceGroupName, vnetName: parsed.name };
}
