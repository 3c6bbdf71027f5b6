import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { PROJECT, asnReservation, configSchema, formatIssue, rawFromRuntimeConfig, tunnelCount, validateConfig } from "../../infra/config";
import { key, REPO_ROOT, readStackConfig } from "../helpers";

interface DeclaredKey {
  type?: string;
  description?: string;
  default?: unknown;
  items?: { type?: string };
}

function declaredConfig(): Record<string, DeclaredKey> {
  const project = parseYaml(readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8")) as { name: string; config?: Record<string, DeclaredKey> };
  assert.equal(project.name, PROJECT);
  assert.ok(project.config, "Pulumi.yaml declares a config: block");
  return project.config;
}

/** The schema's default for a key: what an absent key parses to (undefined if none or required). */
function schemaDefault(schema: z.ZodType): unknown {
  const result = schema.safeParse(undefined);
  return result.success ? result.data : undefined;
}

/** The innermost schema under optional/default wrappers. */
function inner(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof z.ZodDefault || current instanceof z.ZodOptional) current = current.unwrap() as z.ZodType;
  return current;
}

/** What the Pulumi CLI hands a program: every value a string, structured values as JSON. */
function toRuntimeConfig(raw: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

const schemaKeys = Object.keys(configSchema.shape) as (keyof typeof configSchema.shape)[];

describe("rawFromRuntimeConfig", () => {
  /** Per case, each setting with the string the CLI hands the program and the value it must become. */
  const cases: { name: string; entries: [setting: string, cli: string, value: unknown][] }[] = [
    {
      name: "parses JSON for our non-string keys (numbers, booleans, lists, objects)",
      entries: [
        [key("azureAsn"), "65010", 65010],
        [key("activeActive"), "true", true],
        [key("vnetAddressSpace"), '["10.20.0.0/16","10.21.0.0/16"]', ["10.20.0.0/16", "10.21.0.0/16"]],
        [key("azureSubnets"), '[{"name":"a","cidr":"10.20.1.0/24"}]', [{ name: "a", cidr: "10.20.1.0/24" }]],
        [key("ipsec"), '{"phase2":{"pfsGroup":24}}', { phase2: { pfsGroup: 24 } }],
        [key("keyRotation"), '{"c1t1":2}', { c1t1: 2 }],
      ],
    },
    {
      name: "keeps our string and enum keys verbatim, even when they look like JSON",
      entries: [
        [key("vpcCidr"), "10.30.0.0/16", "10.30.0.0/16"],
        [key("gatewaySku"), "123", "123"],
        [key("vnetName"), "true", "true"],
        [key("routing"), "bgp", "bgp"],
        [key("sshPublicKey"), '"quoted"', '"quoted"'],
      ],
    },
    {
      name: "leaves other namespaces and unknown keys of ours as strings",
      entries: [
        ["aws:region", "us-east-1", "us-east-1"],
        ["azure-native:location", "eastus", "eastus"],
        ["aws:defaultTags", '{"tags":{"a":"b"}}', '{"tags":{"a":"b"}}'],
        [key("notASetting"), "42", "42"],
      ],
    },
  ];
  for (const { name, entries } of cases) {
    it(name, () => {
      const raw = rawFromRuntimeConfig(Object.fromEntries(entries.map(([setting, cli]) => [setting, cli])));
      assert.deepEqual(raw, Object.fromEntries(entries.map(([setting, , value]) => [setting, value])));
    });
  }

  it("leaves a value that is not JSON as a string, so validation can name it", () => {
    const raw = rawFromRuntimeConfig({ [`${PROJECT}:activeActive`]: "yes", [`${PROJECT}:azureAsn`]: "65o10" });
    assert.deepEqual(raw, { [`${PROJECT}:activeActive`]: "yes", [`${PROJECT}:azureAsn`]: "65o10" });
    const result = validateConfig({ ...readStackConfig("dev"), ...raw }, "dev");
    assert.equal(result.ok, false);
    if (!result.ok) assert.deepEqual(result.errors.map((e) => e.key).sort(), [`${PROJECT}:activeActive`, `${PROJECT}:azureAsn`]);
  });

  for (const stack of ["dev", "prod"]) {
    it(`round trip: Pulumi.${stack}.yaml -> CLI strings -> native values is lossless`, () => {
      const raw = readStackConfig(stack);
      assert.deepEqual(rawFromRuntimeConfig(toRuntimeConfig(raw)), raw);
    });
  }
});

describe("Pulumi.yaml declares the schema", () => {
  const declared = declaredConfig();

  it("every schema key is declared in Pulumi.yaml", () => {
    const missing = schemaKeys.filter((k) => !(k in declared));
    assert.deepEqual(missing, []);
  });

  it("every key declared in Pulumi.yaml is a schema key", () => {
    const unknown = Object.keys(declared).filter((k) => !(k in configSchema.shape));
    assert.deepEqual(unknown, []);
  });

  it("every declared key has a description", () => {
    const bare = Object.entries(declared).filter(([, d]) => typeof d.description !== "string" || d.description.length < 10).map(([k]) => k);
    assert.deepEqual(bare, []);
  });

  for (const name of schemaKeys) {
    it(`${name}: Pulumi.yaml's default equals the schema's`, () => {
      const schema = configSchema.shape[name] as z.ZodType;
      assert.deepEqual(declared[name]?.default, schemaDefault(schema));
    });
  }

  for (const name of schemaKeys) {
    it(`${name}: Pulumi.yaml's type matches the schema's`, () => {
      const d = declared[name]!;
      const s = inner(configSchema.shape[name] as z.ZodType);
      switch (d.type) {
        case "string":
          assert.ok(s instanceof z.ZodString || s instanceof z.ZodEnum, `${name} is declared string`);
          break;
        case "integer":
          assert.ok(s instanceof z.ZodNumber, `${name} is declared integer`);
          assert.equal(s.safeParse(1.5).success, false, `${name}: the schema must refuse non-integers`);
          break;
        case "boolean":
          assert.ok(s instanceof z.ZodBoolean, `${name} is declared boolean`);
          break;
        case "array":
          assert.ok(s instanceof z.ZodArray, `${name} is declared array`);
          assert.equal(d.items?.type, "string");
          {
            const element = inner(s.element as z.ZodType);
            assert.ok(element instanceof z.ZodString || element instanceof z.ZodEnum, `${name} is declared an array of strings`);
          }
          break;
        case undefined:
          // Structured values (lists of objects, objects) carry no Pulumi type.
          assert.ok(s instanceof z.ZodObject || s instanceof z.ZodRecord || (s instanceof z.ZodArray && inner(s.element as z.ZodType) instanceof z.ZodObject), `${name} has no type but is not structured`);
          break;
        default:
          assert.fail(`${name}: unexpected type ${d.type}`);
      }
    });
  }
});

describe("the committed stacks validate", () => {
  it("dev: accepted, defaults applied, one warning for the public address space", () => {
    const result = validateConfig(readStackConfig("dev"), "dev");
    assert.equal(result.ok, true, JSON.stringify(!result.ok && result.errors));
    if (!result.ok) return;
    assert.equal(result.config.azureAsn, 65000);
    assert.equal(result.config.awsAsn, 64512);
    assert.equal(result.config.awsAttachment, "vgw");
    assert.deepEqual(result.config.publicIpZones, ["1", "2", "3"]);
    assert.deepEqual(result.config.tunnelInsideCidrs, ["169.254.21.0/30", "169.254.22.0/30"]);
    assert.equal(result.config.localNetworkGatewayName, "lng-azure-aws");
    assert.equal(result.config.protect, false);
    assert.deepEqual(result.warnings.map((w) => [w.key, w.value]), [[`${PROJECT}:vnetAddressSpace[0]`, "172.10.0.0/16"]]);
  });

  it("prod: accepted without warnings, four default inside CIDRs", () => {
    const result = validateConfig(readStackConfig("prod"), "prod");
    assert.equal(result.ok, true, JSON.stringify(!result.ok && result.errors));
    if (!result.ok) return;
    assert.deepEqual(result.warnings, []);
    assert.deepEqual(result.config.tunnelInsideCidrs, ["169.254.21.0/30", "169.254.22.0/30", "169.254.21.4/30", "169.254.22.4/30"]);
    assert.equal(result.config.protect, true);
  });
});

describe("small config functions", () => {
  it("tunnelCount: 2 active-standby, 4 active-active", () => {
    assert.equal(tunnelCount(false), 2);
    assert.equal(tunnelCount(true), 4);
  });

  it("asnReservation: Azure's and IANA's reserved ASNs", () => {
    for (const asn of [8074, 8075, 12076, 65515, 65517, 65518, 65519, 65520, 23456, 64496, 64511, 65535, 65551, 0, 4294967295]) {
      assert.ok(asnReservation(asn), `${asn} should be reserved`);
    }
    for (const asn of [65000, 65010, 64512, 65516, 65521, 65534, 1, 4200000000]) {
      assert.equal(asnReservation(asn), undefined, `${asn} should be usable`);
    }
  });

  it("formatIssue names the key, the value and the rule", () => {
    assert.equal(formatIssue({ key: "a:b", value: "x", rule: "must be y" }), 'a:b = "x": must be y');
    assert.equal(formatIssue({ key: "a:b", value: undefined, rule: "is required" }), "a:b = (not set): is required");
  });
});
