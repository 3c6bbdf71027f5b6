/**
 * The package's provider: Pulumi's ComponentProvider (provider/experimental) for our components,
 * serving the committed schema.json instead of running the schema analyzer (about 20 s and
 * 1.4 GB) on the first GetSchema or Construct. tests/package/schema.test.ts keeps schema.json
 * equal to the analyzer's output.
 */
import { readFileSync } from "node:fs";
import type * as pulumi from "@pulumi/pulumi";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import type { ConstructResult } from "@pulumi/pulumi/provider";
import { COMPONENTS, PACKAGE_NAME, ROOT, SCHEMA_FILE } from "./package";

export { COMPONENTS, PACKAGE_NAME, ROOT, SCHEMA_FILE };

interface ResourceSpec {
  properties?: Record<string, unknown>;
}

export class AzureAwsVpnProvider extends ComponentProvider {
  private readonly schemaText: string;
  private readonly outputNames: Record<string, string[]>;

  constructor(schemaText: string = readFileSync(SCHEMA_FILE, "utf8")) {
    super({ name: PACKAGE_NAME, dirname: ROOT, components: Object.values(COMPONENTS) });
    const schema = JSON.parse(schemaText) as { version: string; resources: Record<string, ResourceSpec> };
    this.schemaText = schemaText;
    this.version = schema.version;
    this.outputNames = Object.fromEntries(Object.entries(schema.resources).map(([token, spec]) => [token, Object.keys(spec.properties ?? {})]));
  }

  override async getSchema(): Promise<string> {
    return this.schemaText;
  }

  override async construct(name: string, type: string, inputs: pulumi.Inputs, options: pulumi.ComponentResourceOptions): Promise<ConstructResult> {
    ComponentProvider.validateResourceType(PACKAGE_NAME, type);
    const component = COMPONENTS[type.split(":")[2]!];
    const outputs = this.outputNames[type];
    if (component === undefined || outputs === undefined) throw new Error(`${type} is not a component of ${PACKAGE_NAME}; it has ${Object.keys(COMPONENTS).join(", ")}`);
    const instance = new component(name, inputs, options) as pulumi.ComponentResource & Record<string, unknown>;
    return { urn: instance.urn, state: Object.fromEntries(outputs.map((key) => [key, instance[key]])) };
  }
}
