/**
 * The names a generated C# SDK declares, read from its source (no .NET SDK here to compile it):
 * what a C# program may write against. `csharpNames(dir)` reads the folder `npm run sdk --
 * --language dotnet` wrote (pulumi-language-dotnet's generator: a file per resource with its Args
 * class beside it, Inputs/ and Outputs/ for object types, Enums.cs for enums).
 */
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";

export interface CSharpClass {
  /** Its namespace relative to the SDK's root namespace: "" (resources and their Args), "Inputs", "Outputs". */
  namespace: string;
  /** What it derives from as written (e.g. "global::Pulumi.ComponentResource", "global::Pulumi.ResourceArgs"), or "". */
  base: string;
  /** Each public property's C# name and its C# type as declared (e.g. `Output<ImmutableArray<Outputs.TunnelContract>>`). */
  properties: Record<string, string>;
  /** C# property name -> the schema's property name ([Input("x")] / [Output("x")]; output types' fields have none). */
  schemaNames: Record<string, string>;
  /** The C# names of the properties marked `required: true`. */
  required: string[];
}

export interface CSharpNames {
  /** The root namespace, e.g. "Pulumi.Azureawsvpn" (or "Acme.Azureawsvpn" for namespace acme). */
  namespace: string;
  /** The public classes by name relative to the root namespace: "Vpn", "VpnArgs", "Inputs.VpnIpsecArgs", "Outputs.TunnelContract". */
  classes: Record<string, CSharpClass>;
  /** Each enum (a readonly struct marked [EnumType]) by name relative to the root: member name -> its value. */
  enums: Record<string, Record<string, string | number>>;
}

function csFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".cs"))
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

const NAMESPACE = /^namespace\s+([\w.]+)/;
const CLASS = /^public\s+(?:sealed\s+|partial\s+|abstract\s+)*class\s+(\w+)\s*(?::\s*(.+?))?\s*$/;
const ENUM_STRUCT = /^public\s+readonly\s+struct\s+(\w+)\b/;
const ENUM_MEMBER = /^public\s+static\s+(\w+)\s+(\w+)\s*\{\s*get;\s*\}\s*=\s*new\s+\1\((.+)\);$/;
const ATTRIBUTE = /^\[(Input|Output)\("([^"]+)"(,\s*required:\s*true)?/;
// `public T Name { get; set; }`, `public T Name` (a getter block follows), `public readonly T Name;`
const PROPERTY = /^public\s+(?:readonly\s+)?(.+)\s+(\w+)\s*(?:\{.*|;)?$/;

/** Reads the namespace, public classes with their properties, and enums of a generated C# SDK. */
export function csharpNames(dir: string): CSharpNames {
  const files = csFiles(dir);
  if (files.length === 0) throw new Error(`no .cs files under ${dir}`);
  const namespaces = new Set<string>();
  const parsed: { namespace: string; classes: Map<string, CSharpClass>; enums: Map<string, Record<string, string | number>> }[] = [];
  for (const file of files) {
    let namespace = "";
    const classes = new Map<string, CSharpClass>();
    const enums = new Map<string, Record<string, string | number>>();
    let current: CSharpClass | undefined;
    let currentEnum: Record<string, string | number> | undefined;
    let enumNext = false;
    let attribute: { name: string; required: boolean } | undefined;
    for (const raw of readFileSync(file, "utf8").split("\n")) {
      const line = raw.trim();
      if (line === "" || line.startsWith("//")) continue;
      const ns = NAMESPACE.exec(line);
      if (ns) {
        namespace = ns[1]!;
        namespaces.add(namespace);
        continue;
      }
      if (line === "[EnumType]") {
        enumNext = true;
        continue;
      }
      const struct = ENUM_STRUCT.exec(line);
      if (struct) {
        currentEnum = enumNext ? {} : undefined;
        if (currentEnum) enums.set(struct[1]!, currentEnum);
        current = undefined;
        enumNext = false;
        continue;
      }
      const cls = CLASS.exec(line);
      if (cls) {
        current = { namespace, base: cls[2] ?? "", properties: {}, schemaNames: {}, required: [] };
        classes.set(cls[1]!, current);
        currentEnum = undefined;
        attribute = undefined;
        continue;
      }
      if (/^(?:internal\s+|static\s+|private\s+)*(?:sealed\s+)?class\s/.test(line)) {
        current = undefined; // not public: nothing a program may name
        continue;
      }
      if (currentEnum) {
        const member = ENUM_MEMBER.exec(line);
        if (member) currentEnum[member[2]!] = member[3]!.startsWith('"') ? (JSON.parse(member[3]!) as string) : Number(member[3]);
        continue;
      }
      if (!current) continue;
      const attr = ATTRIBUTE.exec(line);
      if (attr) {
        attribute = { name: attr[2]!, required: attr[3] !== undefined };
        continue;
      }
      if (!line.startsWith("public ") || line.includes("(") || /^public\s+(static|override|const|event)\b/.test(line)) continue;
      const property = PROPERTY.exec(line);
      if (!property) continue;
      const [, type, name] = property;
      current.properties[name!] = type!.trim();
      if (attribute) {
        current.schemaNames[name!] = attribute.name;
        if (attribute.required) current.required.push(name!);
        attribute = undefined;
      }
    }
    parsed.push({ namespace, classes, enums });
  }
  // The root namespace is the one every other extends (Inputs, Outputs): the shortest.
  const root = [...namespaces].sort((a, b) => a.length - b.length)[0]!;
  const relative = (ns: string): string => (ns === root ? "" : ns.slice(root.length + 1));
  const result: CSharpNames = { namespace: root, classes: {}, enums: {} };
  for (const file of parsed) {
    const prefix = relative(file.namespace);
    for (const [name, cls] of file.classes) result.classes[prefix ? `${prefix}.${name}` : name] = { ...cls, namespace: relative(cls.namespace) };
    for (const [name, members] of file.enums) result.enums[prefix ? `${prefix}.${name}` : name] = members;
  }
  return result;
}
