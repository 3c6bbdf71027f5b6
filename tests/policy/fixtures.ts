/**
 * Typed fakes of the policy SDK's argument bags (the shapes @pulumi/policy's server builds for
 * `analyze` and `analyzeStack`), a `reportViolation` collector, resource inputs shaped like the
 * program's, good by default, and the test hosts' rules as the program declares them (evaluated).
 */
import type {
  PolicyResource,
  PolicyResourceOptions,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import type { VpnResourceValidationArgs } from "../../policy/policies";
import { TYPES } from "../../policy/policies";
import { PROFILE_AWS_TUNNEL_OPTIONS, PROFILE_AZURE_IPSEC_POLICY } from "../fixtures/ipsecProfile";
import { evaluateOk, expectList, single } from "../helpers";

export { TYPES };

function options(protect: boolean): PolicyResourceOptions {
  return {
    protect,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: [],
  };
}

export function urnOf(type: string, name: string, stack = "dev"): string {
  return `urn:pulumi:${stack}::azure-aws-vpn::${type}::${name}`;
}

class NotApplicable extends Error {}

function unsupported(): never {
  throw new Error("asType is not used by the pack's policies");
}

export interface ArgsExtra {
  protect?: boolean;
  /** Only set when given: the CLI never knows secretness. */
  secretPaths?: readonly string[];
}

/** What the SDK's `analyze` hands a resource policy for one resource. */
export function resourceArgs(type: string, name: string, props: Record<string, unknown>, extra: ArgsExtra = {}): VpnResourceValidationArgs {
  return {
    type,
    name,
    urn: urnOf(type, name),
    props,
    opts: options(extra.protect ?? false),
    stackTags: new Map<string, string>(),
    isType: () => false,
    asType: unsupported,
    getConfig: <T extends object>(): T => ({}) as T,
    notApplicable: (reason?: string): never => {
      throw new NotApplicable(reason);
    },
    ...(extra.secretPaths !== undefined ? { secretPaths: extra.secretPaths } : {}),
  };
}

/** Runs every validation of a resource policy on `args` and returns the reported messages. */
export function violationsOf(policy: ResourceValidationPolicy, args: ResourceValidationArgs): string[] {
  const messages: string[] = [];
  const validations = policy.validateResource === undefined ? [] : Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
  for (const validate of validations) {
    const result = validate(args, (message) => {
      messages.push(message);
    });
    if (result instanceof Promise) throw new Error(`${policy.name} is asynchronous`);
  }
  return messages;
}

export interface StackResourceExtra {
  protect?: boolean;
  stack?: string;
  propertyDependencies?: Record<string, PolicyResource[]>;
}

/** One resource as the SDK's `analyzeStack` hands it to a stack policy. */
export function stackResource(type: string, name: string, props: Record<string, unknown> = {}, extra: StackResourceExtra = {}): PolicyResource {
  const propertyDependencies = extra.propertyDependencies ?? {};
  return {
    type,
    name,
    urn: urnOf(type, name, extra.stack),
    props,
    opts: options(extra.protect ?? false),
    dependencies: Object.values(propertyDependencies).flat(),
    propertyDependencies,
    isType: () => false,
    asType: unsupported,
  };
}

export interface StackOutcome {
  violations: { message: string; urn?: string }[];
  /** The reason given when the policy declared itself not applicable. */
  notApplicable?: string;
}

/** Runs a stack policy on `resources` with a policy config (what --policy-pack-config holds for it). */
export function stackViolationsOf(policy: StackValidationPolicy, resources: PolicyResource[], config: object = {}): StackOutcome {
  const violations: StackOutcome["violations"] = [];
  try {
    const result = policy.validateStack(
      {
        resources,
        stackTags: new Map<string, string>(),
        getConfig: <T extends object>(): T => config as T,
        notApplicable: (reason?: string): never => {
          throw new NotApplicable(reason);
        },
      },
      (message, urn) => {
        violations.push(urn === undefined ? { message } : { message, urn });
      },
    );
    if (result instanceof Promise) throw new Error(`${policy.name} is asynchronous`);
  } catch (err) {
    if (err instanceof NotApplicable) return { violations, notApplicable: err.message };
    throw err;
  }
  return { violations };
}

// ---- resource inputs shaped like the program's (infra/components), good by default -------------

export const KEY_1 = "Kq3x9ZpW7v.Lm2_Rt5YbN8cHd4Fg6Js1Ae0Uo9Ii";
export const KEY_2 = "Zt8y2XqW4v_Pm7.Lk5NbR3cHd9Fg6Js1Ae0Uo2Oo";

function tunnel(n: 1 | 2, key: string): Record<string, unknown> {
  const options: Record<string, unknown> = {
    insideCidr: n === 1 ? "169.254.21.0/30" : "169.254.22.0/30",
    presharedKey: key,
    ...PROFILE_AWS_TUNNEL_OPTIONS,
  };
  // `insideCidr` -> `tunnel1InsideCidr`; arrays copied so a test may change its own.
  return Object.fromEntries(Object.entries(options).map(([k, v]) => [`tunnel${n}${k[0]!.toUpperCase()}${k.slice(1)}`, Array.isArray(v) ? [...v] : v]));
}

/** An aws.ec2.VpnConnection's inputs as the program declares them. */
export function vpnConnectionProps(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: "ipsec.1",
    customerGatewayId: "cgw-0123456789abcdef0",
    vpnGatewayId: "vgw-0123456789abcdef0",
    staticRoutesOnly: true,
    tunnelInsideIpVersion: "ipv4",
    ...tunnel(1, KEY_1),
    ...tunnel(2, KEY_2),
    tags: { Name: "vpn-azure-aws-c1" },
    ...overrides,
  };
}

export const GOOD_AZURE_IPSEC_POLICY = PROFILE_AZURE_IPSEC_POLICY;

/** An azure-native VirtualNetworkGatewayConnection's inputs as the program declares them. */
export function connectionProps(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    virtualNetworkGatewayConnectionName: "cn-azure-aws",
    resourceGroupName: "rg-azure-aws",
    location: "eastus",
    connectionType: "IPsec",
    connectionProtocol: "IKEv2",
    virtualNetworkGateway1: { id: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/virtualNetworkGateways/vpn-azure-aws" },
    localNetworkGateway2: { id: "/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/localNetworkGateways/lng-azure-aws" },
    sharedKey: KEY_1,
    ipsecPolicies: [{ ...GOOD_AZURE_IPSEC_POLICY }],
    usePolicyBasedTrafficSelectors: false,
    dpdTimeoutSeconds: 45,
    connectionMode: "ResponderOnly",
    enableBgp: false,
    ...overrides,
  };
}

export function gatewayProps(skuName: unknown): Record<string, unknown> {
  return {
    virtualNetworkGatewayName: "vpn-azure-aws",
    gatewayType: "Vpn",
    vpnType: "RouteBased",
    sku: { name: skuName, tier: skuName },
    vpnGatewayGeneration: "Generation1",
  };
}

export function publicIpProps(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    publicIpAddressName: "pip-vpn-azure-aws",
    sku: { name: "Standard", tier: "Regional" },
    publicIPAllocationMethod: "Static",
    publicIPAddressVersion: "IPv4",
    zones: ["1", "2", "3"],
    ...overrides,
  };
}

/** The test hosts' security group and NSG (infra/components/testHosts.ts), each with extra rules appended. */
export interface TestHostRules {
  securityGroupProps(extraIngress?: Record<string, unknown>[]): Record<string, unknown>;
  nsgProps(extraRules?: Record<string, unknown>[]): Record<string, unknown>;
}

/** The test hosts' rules as the dev stack's evaluation records them (a fresh copy each call, so a test may change its own). */
export async function testHostRules(): Promise<TestHostRules> {
  const dev = await evaluateOk("dev");
  const appended = (type: string, key: string, extra: Record<string, unknown>[]): Record<string, unknown> => {
    const props = structuredClone(single(dev, type).inputs);
    return { ...props, [key]: [...expectList(props, key), ...extra] };
  };
  return {
    securityGroupProps: (extraIngress = []) => appended(TYPES.securityGroup, "ingress", extraIngress),
    nsgProps: (extraRules = []) => appended(TYPES.nsg, "securityRules", extraRules),
  };
}

/** An NSG rule admitting `protocol` to `ports` from `source`, Inbound Allow unless overridden. */
export function nsgRule(source: string | string[], ports: string | string[], overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "rule-under-test",
    priority: 200,
    direction: "Inbound",
    access: "Allow",
    protocol: "Tcp",
    sourcePortRange: "*",
    destinationAddressPrefix: "*",
    ...(Array.isArray(source) ? { sourceAddressPrefixes: source } : { sourceAddressPrefix: source }),
    ...(Array.isArray(ports) ? { destinationPortRanges: ports } : { destinationPortRange: ports }),
    ...overrides,
  };
}
