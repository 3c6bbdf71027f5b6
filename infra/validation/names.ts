/** Azure name rules: each name setting under its resource's rule, and the names the program derives. */
import { argKey, type VpnConfig } from "../configSchema";
import { NAME_RULES, nameProblem, type NameRule } from "../nameRules";
import { planTopology } from "../topology";
import { ruleGroup, type Report } from "./group";

/** Each Azure name we take, under its resource's rule (docs/constraints.md, "Names"): one group per setting. */
export const nameRules = [
  nameGroup("resourceGroupName", NAME_RULES.resourceGroup),
  nameGroup("vnetName", NAME_RULES.vnet),
  nameGroup("gatewayName", NAME_RULES.gateway),
  nameGroup("publicIpName", NAME_RULES.publicIp),
  nameGroup("localNetworkGatewayName", NAME_RULES.localNetworkGateway),
  nameGroup("connectionName", NAME_RULES.connection),
];

function nameGroup<const K extends "resourceGroupName" | "vnetName" | "gatewayName" | "publicIpName" | "localNetworkGatewayName" | "connectionName">(key: K, rule: NameRule) {
  return ruleGroup({
    name: `name:${key}`,
    needs: [key],
    check(c, { error }) {
      const value: string = c[key];
      const problem = nameProblem(value, rule);
      if (problem) error(argKey(key), value, problem);
    },
  });
}

/** Names the program derives (per tunnel, per public IP) obey the same rules as the set ones. */
export function derivedNameProblems(config: VpnConfig, error: Report): void {
  const topology = planTopology(config);
  const derived: [string, string, NameRule][] = [
    ...topology.publicIpNames.map((n): [string, string, NameRule] => ["publicIpName", n, NAME_RULES.publicIp]),
    ...topology.tunnels.flatMap((t): [string, string, NameRule][] => [
      ["localNetworkGatewayName", t.localNetworkGatewayName, NAME_RULES.localNetworkGateway],
      ["connectionName", t.connectionName, NAME_RULES.connection],
    ]),
  ];
  const reported = new Set<string>();
  for (const [key, name, rule] of derived) {
    const problem = nameProblem(name, rule);
    if (problem && !reported.has(key)) {
      reported.add(key);
      error(argKey(key), config[key as keyof VpnConfig], `derives the name ${JSON.stringify(name)}, but ${problem}`);
    }
  }
}
