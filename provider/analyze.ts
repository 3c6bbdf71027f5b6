/**
 * Runs Pulumi's schema analyzer over provider/components.ts: the schema Pulumi would generate for
 * this package from its TypeScript types. Slow (about 20 s, 1.4 GB): the plugin serves the
 * committed schema.json instead, and `npm run schema` rewrites it from this.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { Analyzer } from "@pulumi/pulumi/provider/experimental/analyzer";
import { generateSchema } from "@pulumi/pulumi/provider/experimental/schema";

import ts from "typescript";
import { COMPONENTS, PACKAGE_NAME, ROOT } from "./provider";
import { declarationDocs, refineSchema, type PackageMetadata, type PackageSpec } from "./refineSchema";

export { SCHEMA_FILE } from "./provider";

interface PackageJson extends PackageMetadata {
  version: string;
  [key: string]: unknown;
}

/** The analyzer's schema, as the JSON text we commit (2-space indent, trailing newline). */
export function analyzeSchema(): string {
  const packageJSON = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as PackageJson;
  // The analyzer starts from package.json's main; the package's entry is the components module.
  const analyzer = new Analyzer(ROOT, PACKAGE_NAME, { ...packageJSON, main: "provider/components.ts" }, new Set(Object.keys(COMPONENTS)));
  const { components, typeDefinitions, dependencies } = analyzer.analyze();
  const schema = generateSchema(PACKAGE_NAME, packageJSON.version, packageJSON.description, components, typeDefinitions, dependencies) as PackageSpec;
  const program = ts.createProgram([path.join(ROOT, "provider/components.ts")], { strict: true, noEmit: true });
  return `${JSON.stringify(refineSchema(schema, packageJSON, declarationDocs(program, ROOT)), null, 2)}\n`;
}
