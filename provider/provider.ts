/**
 * The package's provider (@pulumi/pulumi/provider's Provider interface): GetSchema serves the
 * committed schema.json and Construct builds the component the type names, returning the
 * outputs the schema lists. Not Pulumi's ComponentProvider (provider/experimental): that one runs
 * the schema analyzer (about 20 s and 1.4 GB) on the first GetSchema or Construct, and loading it
 * loads the TypeScript compiler, which would add about 0.7 s to every plugin start.
 * tests/package/schema.check.ts keeps schema.json equal to the analyzer's output.
 */
import { readFileSync } from "node:fs";
import type * as pulumi from "@pulumi/pulumi";
import type { ConstructResult, Provider } from "@pulumi/pulumi/provider";
import { COMPONENTS, PACKAGE_NAME, ROOT, SCHEMA_FILE } from "./package";

export { COMPONENTS, PACKAGE_NAME, ROOT, SCHEMA_FILE };

interface ResourceSpec {
  properties?: Record<string, unknown>;
}

/** A resource type of this package's index module, e.g. azureawsvpn:index:Vpn, as its component name. */
function componentName(type: string): string {
  const parts = type.split(":");
  const [pkg, module, name] = parts;
  if (parts.length !== 3 || pkg !== PACKAGE_NAME || (module !== "index" && module !== "") || !name) {
    throw new Error(`${type} is not a resource type of ${PACKAGE_NAME} (expected ${PACKAGE_NAME}:index:<Component>)`);
  }
  return name;
}

export class AzureAwsVpnProvider implements Provider {
  readonly version: string;
  private readonly schemaText: string;
  private readonly outputNames: Record<string, string[]>;

  constructor(schemaText: string = readFileSync(SCHEMA_FILE, "utf8")) {
    const schema = JSON.parse(schemaText) as { version: string; resources: Record<string, ResourceSpec> };
    this.schemaText = schemaText;
    this.version = schema.version;
    this.outputNames = Object.fromEntries(Object.entries(schema.resources).map(([token, spec]) => [token, Object.keys(spec.properties ?? {})]));
  }

  async getSchema(): Promise<string> {
    return this.schemaText;
  }

  async construct(name: string, type: string, inputs: pulumi.Inputs, options: pulumi.ComponentResourceOptions): Promise<ConstructResult> {
    const component = COMPONENTS[componentName(type)];
    const outputs = this.outputNames[type];
    if (component === undefined || outputs === undefined) throw new Error(`${type} is not a component of ${PACKAGE_NAME}; it has ${Object.keys(COMPONENTS).join(", ")}`);
    const instance = new component(name, inputs, options) as pulumi.ComponentResource & Record<string, unknown>;
    return { urn: instance.urn, state: Object.fromEntries(outputs.map((key) => [key, instance[key]])) };
  }
}
