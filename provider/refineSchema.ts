/**
 * What the package schema needs beyond Pulumi's schema analyzer, applied to its output:
 * - the package's metadata (the analyzer writes only name, version and description);
 * - integers: the analyzer has only `number`, and this package has no fractional quantity (ASNs,
 *   DH groups, lifetimes, counts, indexes), so every number is an integer in every language;
 * - type descriptions: the analyzer reads a type's doc comment only in the files it opened before
 *   it found every component, so the rest come from the TypeScript declarations here;
 * - the reason every plain `Vpn` arg is plain, said in the arg's own description (what C#, Go and
 *   Python users read);
 * - the language options the generated SDKs need to build (Go's extra input types).
 * It refuses a schema with an undescribed type, property or enum value, a plain component input
 * that does not say why it is plain, or a reference to another package's schema (the generated
 * SDKs would need that package: our SDKs depend on Pulumi's core SDK only).
 */
import * as path from "node:path";
import ts from "typescript";

/** The part of a Pulumi schema property this step reads and writes. */
export interface PropertySpec {
  type?: string;
  $ref?: string;
  plain?: boolean;
  optional?: boolean;
  description?: string;
  items?: PropertySpec;
  additionalProperties?: PropertySpec;
}

interface EnumValueSpec {
  name?: string;
  value: string | number;
  description?: string;
}

interface TypeSpec {
  type: string;
  description?: string;
  properties?: Record<string, PropertySpec>;
  enum?: EnumValueSpec[];
}

interface ResourceSpec {
  description?: string;
  inputProperties?: Record<string, PropertySpec>;
  properties?: Record<string, PropertySpec>;
  isComponent?: boolean;
  type?: string;
}

export interface PackageSpec {
  name: string;
  version: string;
  description?: string;
  resources: Record<string, ResourceSpec>;
  types: Record<string, TypeSpec>;
  language?: Record<string, Record<string, unknown>>;
  dependencies?: unknown[];
  [key: string]: unknown;
}

/** package.json's fields the schema's metadata comes from. */
export interface PackageMetadata {
  description: string;
  license: string;
  homepage: string;
  repository: { url: string };
  keywords: string[];
  author: string;
}

/** Why every `Vpn` arg but sshPublicKey is plain, appended to each one's description. */
export const VPN_PLAIN_REASON = "Plain value, not an Output: Vpn validates every arg together before it declares any resource, and most decide which resources exist.";

/** The doc comment of every interface, type alias and `as const` object declared under `root`'s own folders (not node_modules). */
export function declarationDocs(program: ts.Program, root: string): Map<string, string> {
  const checker = program.getTypeChecker();
  const docs = new Map<string, string>();
  for (const file of program.getSourceFiles()) {
    const relative = path.relative(root, file.fileName);
    if (relative.startsWith("..") || relative.split(/[\\/]/).includes("node_modules")) continue;
    file.forEachChild((node) => {
      const names: ts.Identifier[] = [];
      if (ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || ts.isClassDeclaration(node)) {
        if (node.name) names.push(node.name);
      } else if (ts.isVariableStatement(node)) {
        for (const declaration of node.declarationList.declarations) if (ts.isIdentifier(declaration.name)) names.push(declaration.name);
      }
      for (const name of names) {
        const symbol = checker.getSymbolAtLocation(name);
        const doc = symbol === undefined ? "" : ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
        if (doc !== "" && !docs.has(name.text)) docs.set(name.text, doc);
      }
    });
  }
  return docs;
}

/** Every number of the property (and of its items and map values) as an integer. */
function integers(property: PropertySpec): void {
  if (property.type === "number") property.type = "integer";
  if (property.items) integers(property.items);
  if (property.additionalProperties) integers(property.additionalProperties);
}

function externalRefs(property: PropertySpec): string[] {
  return [property.$ref, property.items?.$ref, property.additionalProperties?.$ref].filter((ref): ref is string => ref !== undefined && !ref.startsWith("#/types/"));
}

/** The analyzer's schema, refined as this module's comment says; throws with every problem at once. */
export function refineSchema(schema: PackageSpec, metadata: PackageMetadata, docs: ReadonlyMap<string, string>): PackageSpec {
  const problems: string[] = [];
  const refined: PackageSpec = {
    name: schema.name,
    displayName: "Azure-AWS VPN",
    version: schema.version,
    description: metadata.description,
    keywords: metadata.keywords,
    homepage: metadata.homepage,
    license: metadata.license,
    repository: metadata.repository.url.replace(/^git\+/, "").replace(/\.git$/, ""),
    publisher: metadata.author,
    resources: schema.resources,
    types: schema.types,
    language: {
      ...schema.language,
      // Go's generator writes no ...Args type for an object used only as the items of a plain
      // array (VpnAzureSubnet, AwsSubnetConfig...) unless asked to: without it the SDK does not build.
      go: { ...schema.language?.["go"], generateExtraInputTypes: true },
    },
  };

  const visit = (owner: string, properties: Record<string, PropertySpec> | undefined, input: boolean): void => {
    for (const [name, property] of Object.entries(properties ?? {})) {
      integers(property);
      for (const ref of externalRefs(property)) problems.push(`${owner}.${name} references ${ref}: another package's type makes every SDK depend on that package; pass its id instead`);
      if (!property.description) problems.push(`${owner}.${name} has no description (a doc comment on its TypeScript declaration)`);
      else if (input && property.plain && !/plain/i.test(property.description)) problems.push(`${owner}.${name} is plain but its description does not say why ("plain: ..." in its doc comment)`);
    }
  };

  for (const [token, resource] of Object.entries(schema.resources)) {
    if (!resource.description) problems.push(`${token} has no description`);
    if (token.endsWith(":Vpn")) {
      for (const property of Object.values(resource.inputProperties ?? {})) {
        if (property.plain && property.description && !property.description.includes(VPN_PLAIN_REASON)) property.description = `${property.description} ${VPN_PLAIN_REASON}`;
      }
    }
    visit(token, resource.inputProperties, true);
    visit(`${token} output`, resource.properties, false);
  }
  for (const [token, type] of Object.entries(schema.types)) {
    const name = token.split(":")[2]!;
    if (name.endsWith("Args")) problems.push(`${token}: a type name ending in Args becomes ${name}Args in C# and Python; name it without the suffix`);
    type.description ??= docs.get(name);
    if (!type.description) problems.push(`${token} has no description (a doc comment on the TypeScript declaration ${name})`);
    if (type.type === "number") type.type = "integer";
    for (const value of type.enum ?? []) {
      if (!value.description) problems.push(`${token} value ${JSON.stringify(value.value)} has no description (a doc comment on the member ${value.name ?? ""})`);
    }
    visit(token, type.properties, false);
  }
  if (problems.length > 0) throw new Error(`the package schema has ${problems.length} problem${problems.length === 1 ? "" : "s"}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  return refined;
}
