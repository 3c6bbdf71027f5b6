/**
 * The changes the lifecycle findings, the bench and the engine review name, through the engine and
 * the fake cloud (tests/engine/changes.ts): on prod (protected) and dev, in the modes they name.
 */
import { CHANGES, withSettings } from "../../bench/changes";
import { readStackConfig, withConfig } from "../helpers";
import { engineChangeTests, type EngineChange } from "./changes";

const dev = readStackConfig("dev");
const prod = readStackConfig("prod");
const prodUnprotected = withConfig(prod, { protect: false });
const prodSubnets = prod["azure-aws-vpn:awsSubnets"] as { name: string; cidr: string; availabilityZone?: string }[];

const cases: EngineChange[] = [
  // tests/lifecycle/findings.test.ts
  { name: "azureAsn on BGP active-active (customer gateways replaced)", stack: "dev", base: withConfig(dev, { routing: "bgp", activeActive: true }), next: withConfig(dev, { routing: "bgp", activeActive: true, azureAsn: 65010 }) },
  { name: "static to BGP on a virtual private gateway (the static routes removed)", stack: "dev", base: withConfig(dev, { activeActive: true }), next: withConfig(dev, { activeActive: true, routing: "bgp" }) },
  { name: "public IP zones on dev", stack: "dev", base: dev, next: withConfig(dev, { publicIpZones: ["1"] }) },
  { name: "local network gateway rename", stack: "dev", base: dev, next: withConfig(dev, { localNetworkGatewayName: "lng-renamed" }) },
  // tests/lifecycle/parallel-findings.test.ts
  { name: "prod without protection: azureAsn (VPN connections replaced on a transit gateway)", stack: "prod", base: prodUnprotected, next: withConfig(prodUnprotected, { azureAsn: 65020 }) },
  { name: "dev: pinning the subnet's zone", stack: "dev", base: withConfig(dev, { awsSubnets: [{ name: "subnet-aws-01", cidr: "10.0.1.0/24" }] }), next: dev },
  { name: "prod without protection: a subnet's zone (the VPC attachment with it)", stack: "prod", base: prodUnprotected, next: withConfig(prodUnprotected, { awsSubnets: prodSubnets.map((s, i) => (i === 0 ? { ...s, availabilityZone: "us-east-1c" } : s)) }) },
  // tests/lifecycle/monitoring-on.test.ts
  { name: "prod: monitoring off -> on", stack: "prod", base: withConfig(prod, { monitoring: { enabled: false } }), next: prod },
  // The engine review: protect as the engine applies it.
  { name: "prod: acknowledged gateway generation change (protection lifted in the same change)", stack: "prod", base: prod, next: withConfig(prod, { gatewayGeneration: "Generation1", acknowledgeDisruption: ["gatewayGeneration"] }) },
  { name: "prod: transit gateway -> virtual private gateway (the protected transit gateway is removed)", stack: "prod", base: prod, next: withConfig(prod, { awsAttachment: "vgw", awsSpokes: [] }) },
  { name: "prod without protection: public IP zones (two public IPs)", stack: "prod", base: prodUnprotected, next: withConfig(prodUnprotected, { publicIpZones: ["1"] }) },
  { name: "prod without protection: public IP names", stack: "prod", base: prodUnprotected, next: withConfig(prodUnprotected, { publicIpName: "pip-renamed" }) },
  // bench/changes.ts
  ...CHANGES.map((c): EngineChange => {
    const base = withSettings(readStackConfig(c.stack), c.base);
    return { name: `bench, ${c.stack}: ${c.name}`, stack: c.stack, base, next: withSettings(base, c.change) };
  }),
];

engineChangeTests("the findings' and the bench's changes through the engine", cases);
