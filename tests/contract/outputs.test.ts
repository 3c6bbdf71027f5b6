/**
 * Pins the stack outputs contract (infra/outputs.ts, README "Outputs: the contract").
 *
 * PINNED_V1 below is contract version 1 written out by hand. Renaming, removing, adding or
 * retyping an output or a field fails this test (at run time against what dev and prod really
 * output, and at compile time against the StackOutputs type). A change to the contract is
 * therefore always deliberate: bump CONTRACT_VERSION, write the new pin (PINNED_V2, PINNED_VERSION
 * = 2), and document the change in the README.
 *
 * Version 1 gained one optional output after its first release, `monitoring` (issue 13): an
 * additive change that no consumer of version 1 reads by mistake, so the version stayed 1.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { buildSync } from "esbuild";
import { evaluateStack, REPO_ROOT, type Evaluation } from "../helpers";
import {
  CONTRACT_VERSION,
  OUTPUT_NAMES,
  type AwsContract,
  type AzureContract,
  type StackOutputs,
  type MonitoringContract,
  type TestHostsContract,
  type TunnelContract,
} from "../../infra/outputs";

// ---- the pin ---------------------------------------------------------------------------------------

/** The contract version this pin describes. */
const PINNED_VERSION = 1;

type FieldSpec = "string" | "number" | "string[]" | { readonly oneOf: readonly string[] };
type ObjectSpec = { readonly [field: string]: FieldSpec };
type OutputSpec =
  | { readonly kind: "value"; readonly field: FieldSpec; readonly optional?: false }
  | { readonly kind: "object"; readonly fields: ObjectSpec; readonly optional: boolean }
  | { readonly kind: "array"; readonly of: ObjectSpec; readonly optional?: false };

const PINNED_V1 = {
  contractVersion: { kind: "value", field: "number" },
  routing: { kind: "value", field: { oneOf: ["static", "bgp"] } },
  azure: {
    kind: "object",
    optional: false,
    fields: {
      resourceGroupName: "string",
      vnetId: "string",
      vnetName: "string",
      vnetAddressSpace: "string[]",
      gatewayId: "string",
      gatewayPublicIps: "string[]",
    },
  },
  aws: {
    kind: "object",
    optional: false,
    fields: {
      region: "string",
      vpcId: "string",
      vpcCidr: "string",
      gatewayKind: { oneOf: ["vgw", "tgw"] },
      gatewayId: "string",
      routeTableIds: "string[]",
    },
  },
  tunnels: {
    kind: "array",
    of: {
      id: "string",
      awsOutsideIp: "string",
      insideCidr: "string",
      awsVpnConnectionId: "string",
      azureLocalNetworkGatewayId: "string",
      azureConnectionId: "string",
    },
  },
  testHosts: {
    kind: "object",
    optional: true,
    fields: {
      awsPrivateIp: "string",
      azurePrivateIp: "string",
      pingFromAws: "string",
      pingFromAzure: "string",
    },
  },
  monitoring: {
    kind: "object",
    optional: true,
    fields: {
      awsLogGroupName: "string",
      awsLogGroupArn: "string",
      awsSnsTopicArn: "string",
      awsTunnelAlarmNames: "string[]",
      awsConnectionAlarmNames: "string[]",
      azureWorkspaceId: "string",
      azureActionGroupId: "string",
      azureTunnelAlertNames: "string[]",
      azureBgpAlertNames: "string[]",
    },
  },
} as const satisfies PinOf<StackOutputs>;

// ---- compile time: the pin and the TypeScript contract agree ----------------------------------------

/** The pin's shape for a field of type T. */
type FieldSpecOf<T> = [T] extends [number] ? "number" : [T] extends [string[]] ? "string[]" : [T] extends [string] ? (string extends T ? "string" : { readonly oneOf: readonly T[] }) : never;
/** The pin's shape for an object type: exactly its fields, every one of them. */
type ObjectSpecOf<T> = { readonly [K in keyof T]-?: FieldSpecOf<T[K]> };
type OutputSpecOf<T, Optional extends boolean> = [T] extends [readonly (infer E)[]]
  ? { readonly kind: "array"; readonly of: ObjectSpecOf<E> }
  : [T] extends [object]
    ? { readonly kind: "object"; readonly optional: Optional; readonly fields: ObjectSpecOf<T> }
    : { readonly kind: "value"; readonly field: FieldSpecOf<T> };
type OptionalKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? K : never }[keyof T];
/** A pin of T: every output of T, no other (excess keys fail `satisfies`), each with its exact field set. */
type PinOf<T> = { readonly [K in keyof T]-?: OutputSpecOf<NonNullable<T[K]>, K extends OptionalKeys<T> ? true : false> };

type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
function assertTrue<T extends true>(): T | undefined {
  return undefined;
}
// Key sets, both ways: an output or field added to, renamed in or removed from either side fails `tsc`.
assertTrue<Equal<keyof typeof PINNED_V1, keyof StackOutputs>>();
assertTrue<Equal<keyof typeof PINNED_V1.azure.fields, keyof AzureContract>>();
assertTrue<Equal<keyof typeof PINNED_V1.aws.fields, keyof AwsContract>>();
assertTrue<Equal<keyof typeof PINNED_V1.tunnels.of, keyof TunnelContract>>();
assertTrue<Equal<keyof typeof PINNED_V1.testHosts.fields, keyof TestHostsContract>>();
assertTrue<Equal<keyof typeof PINNED_V1.monitoring.fields, keyof MonitoringContract>>();
assertTrue<Equal<(typeof OUTPUT_NAMES)[number], keyof StackOutputs>>();
// The enumerations, both ways.
assertTrue<Equal<(typeof PINNED_V1.routing.field.oneOf)[number], StackOutputs["routing"]>>();
assertTrue<Equal<(typeof PINNED_V1.aws.fields.gatewayKind.oneOf)[number], AwsContract["gatewayKind"]>>();

// ---- run time: what the stacks really output ---------------------------------------------------------

const PIN: Record<string, OutputSpec> = PINNED_V1;

function describeType(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (value === null) return "null";
  return typeof value;
}

function checkField(where: string, spec: FieldSpec, value: unknown): void {
  if (spec === "string" || spec === "number") {
    assert.equal(describeType(value), spec, `${where} is a ${spec}, got ${JSON.stringify(value)}`);
  } else if (spec === "string[]") {
    assert.ok(Array.isArray(value), `${where} is an array, got ${JSON.stringify(value)}`);
    value.forEach((item, i) => assert.equal(describeType(item), "string", `${where}[${i}] is a string, got ${JSON.stringify(item)}`));
  } else {
    assert.ok(typeof value === "string" && spec.oneOf.includes(value), `${where} is one of ${spec.oneOf.join(", ")}, got ${JSON.stringify(value)}`);
  }
}

function checkObject(where: string, spec: ObjectSpec, value: unknown): void {
  assert.equal(describeType(value), "object", `${where} is an object, got ${JSON.stringify(value)}`);
  const record = value as Record<string, unknown>;
  assert.deepEqual(Object.keys(record).sort(), Object.keys(spec).sort(), `${where}: exactly the pinned fields`);
  for (const [field, fieldSpec] of Object.entries(spec)) checkField(`${where}.${field}`, fieldSpec, record[field]);
}

/** Checks every output of an evaluation against the pin; returns the names it published. */
function checkAgainstPin(evaluation: Evaluation): string[] {
  const published = Object.keys(evaluation.outputs);
  const required = Object.entries(PIN).filter(([, spec]) => !spec.optional).map(([name]) => name);
  for (const name of required) assert.ok(published.includes(name), `${evaluation.stack}: output ${name} is missing`);
  for (const name of published) assert.ok(name in PIN, `${evaluation.stack}: output ${name} is not in the pinned contract v${PINNED_VERSION}`);
  for (const [name, value] of Object.entries(evaluation.outputs)) {
    const spec = PIN[name]!;
    const where = `${evaluation.stack}: ${name}`;
    switch (spec.kind) {
      case "value":
        checkField(where, spec.field, value);
        break;
      case "object":
        checkObject(where, spec.fields, value);
        break;
      case "array":
        assert.ok(Array.isArray(value), `${where} is an array, got ${JSON.stringify(value)}`);
        assert.ok(value.length > 0, `${where} is not empty`);
        value.forEach((item, i) => checkObject(`${where}[${i}]`, spec.of, item));
        break;
    }
  }
  return published;
}

const KEY_INPUTS = ["sharedKey", "tunnel1PresharedKey", "tunnel2PresharedKey"] as const;

/** Every pre-shared key the evaluation handed to a provider. */
function keysOf(evaluation: Evaluation): string[] {
  const keys = new Set<string>();
  for (const resource of evaluation.resources) {
    for (const input of KEY_INPUTS) {
      const value = resource.inputs[input];
      if (value === undefined) continue;
      assert.equal(typeof value, "string", `${resource.type} ${resource.name}: ${input} is a string`);
      keys.add(value as string);
    }
  }
  return [...keys];
}

/** Every string and number anywhere inside a value, and every object key. */
function allTokens(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (typeof value === "number") return [String(value)];
  if (Array.isArray(value)) return value.flatMap(allTokens);
  if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => [k, ...allTokens(v)]);
  return [];
}

/**
 * The names a module exports, read from its syntax (esbuild, which tsx already runs: no type
 * checking, and not the TypeScript compiler's 0.8 s load). infra/index.ts is the entry point of
 * `pulumi up`: its exports are the stack outputs the engine publishes.
 */
function exportedNames(file: string): string[] {
  const unlistable = /^\s*export\s*(\*|default\b|=)/m.exec(readFileSync(file, "utf8"));
  if (unlistable) assert.fail(`${file}: an export this test cannot list (${unlistable[0].trim()}); list the stack outputs with named exports`);
  const built = buildSync({ entryPoints: [file], bundle: false, format: "esm", write: false, metafile: true, outdir: "exports", logLevel: "silent" });
  return Object.values(built.metafile.outputs).flatMap((output) => output.exports);
}

describe("stack outputs contract v1 (pinned)", () => {
  const evaluations: Record<"dev" | "prod", Evaluation> = {} as Record<"dev" | "prod", Evaluation>;

  before(async () => {
    for (const stack of ["dev", "prod"] as const) {
      const evaluation = await evaluateStack({ stack });
      assert.equal(evaluation.error, undefined, `${stack} failed to evaluate: ${evaluation.error?.message}`);
      evaluations[stack] = evaluation;
    }
  });

  it("contractVersion is CONTRACT_VERSION, which is the pinned version 1", () => {
    assert.equal(CONTRACT_VERSION, PINNED_VERSION, "the contract changed version: write the new pin deliberately (see this file's header)");
    for (const evaluation of Object.values(evaluations)) assert.equal(evaluation.outputs["contractVersion"], CONTRACT_VERSION, `${evaluation.stack}: contractVersion output`);
  });

  it("OUTPUT_NAMES is exactly the pinned set of outputs", () => {
    assert.deepEqual([...OUTPUT_NAMES].sort(), Object.keys(PINNED_V1).sort());
  });

  it("infra/index.ts exports exactly the pinned outputs", () => {
    assert.deepEqual(exportedNames(path.join(REPO_ROOT, "infra", "index.ts")).sort(), Object.keys(PINNED_V1).sort());
  });

  for (const stack of ["dev", "prod"] as const) {
    it(`${stack}: every output and every field is exactly as pinned (names and types)`, () => {
      checkAgainstPin(evaluations[stack]);
    });
  }

  it("dev publishes every output but monitoring (test VMs on, monitoring off); prod every one but testHosts", () => {
    assert.deepEqual(Object.keys(evaluations.dev.outputs).sort(), Object.keys(PINNED_V1).filter((name) => name !== "monitoring").sort());
    assert.deepEqual(
      Object.keys(evaluations.prod.outputs).sort(),
      Object.keys(PINNED_V1).filter((name) => name !== "testHosts").sort(),
    );
  });

  it("both routings and both AWS gateway kinds are covered (dev static/vgw, prod bgp/tgw)", () => {
    assert.equal(evaluations.dev.outputs["routing"], "static");
    assert.equal((evaluations.dev.outputs["aws"] as AwsContract).gatewayKind, "vgw");
    assert.equal(evaluations.prod.outputs["routing"], "bgp");
    assert.equal((evaluations.prod.outputs["aws"] as AwsContract).gatewayKind, "tgw");
  });

  it("the pin has teeth: a renamed, removed, added or retyped field or output fails it", () => {
    const dev = evaluations.dev;
    const mutated = (change: (outputs: Record<string, Record<string, unknown>>) => void): Evaluation => {
      const outputs = structuredClone(dev.outputs) as Record<string, Record<string, unknown>>;
      change(outputs);
      return { ...dev, outputs };
    };
    const cases: [string, (outputs: Record<string, Record<string, unknown>>) => void][] = [
      ["renamed field", (o) => { o["aws"]!["vpcCidrBlock"] = o["aws"]!["vpcCidr"]; delete o["aws"]!["vpcCidr"]; }],
      ["removed field", (o) => { delete o["azure"]!["vnetAddressSpace"]; }],
      ["added field", (o) => { o["azure"]!["location"] = "eastus"; }],
      ["retyped field", (o) => { o["azure"]!["vnetAddressSpace"] = "172.10.0.0/16"; }],
      ["unknown enum value", (o) => { o["aws"]!["gatewayKind"] = "cloudwan"; }],
      ["field removed from a tunnel", (o) => { delete (o["tunnels"] as unknown as Record<string, unknown>[])[0]!["insideCidr"]; }],
      ["key field added to a tunnel", (o) => { (o["tunnels"] as unknown as Record<string, unknown>[])[1]!["sharedKey"] = "x"; }],
      ["removed output", (o) => { delete o["aws"]; }],
      ["renamed output", (o) => { o["tunnel"] = o["tunnels"]!; delete o["tunnels"]; }],
      ["retyped output", (o) => { (o as Record<string, unknown>)["contractVersion"] = "1"; }],
    ];
    for (const [what, change] of cases) assert.throws(() => checkAgainstPin(mutated(change)), assert.AssertionError, what);
    assert.doesNotThrow(() => checkAgainstPin(mutated(() => undefined)));
  });

  for (const stack of ["dev", "prod"] as const) {
    it(`${stack}: no output carries a pre-shared key, and none is secret`, () => {
      const evaluation = evaluations[stack];
      const keys = keysOf(evaluation);
      const tunnelCount = (evaluation.outputs["tunnels"] as unknown[]).length;
      assert.ok(keys.length >= tunnelCount, `${stack}: at least one key per tunnel was found (${keys.length} for ${tunnelCount} tunnels)`);
      const tokens = allTokens(evaluation.outputs);
      const serialized = JSON.stringify(evaluation.outputs);
      for (const key of keys) {
        assert.ok(!tokens.includes(key), `${stack}: an output value is a pre-shared key`);
        assert.ok(!serialized.includes(key), `${stack}: an output value contains a pre-shared key`);
      }
      assert.deepEqual(evaluation.secretOutputs, [], `${stack}: no output is secret (consumers read them in the clear)`);
    });

    it(`${stack}: tunnel entries have no key field`, () => {
      const tunnels = evaluations[stack].outputs["tunnels"] as Record<string, unknown>[];
      for (const tunnel of tunnels) {
        const keyish = Object.keys(tunnel).filter((field) => /key|psk|secret|password/i.test(field));
        assert.deepEqual(keyish, [], `tunnel ${String(tunnel["id"])}`);
      }
    });
  }
});
