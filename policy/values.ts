/**
 * Reading resource properties the way the policy engine delivers them, without tripping over
 * preview-time unknowns.
 *
 * During `pulumi preview` the policy SDK (@pulumi/policy 1.x) wraps `args.props` in a proxy that
 * throws `UnknownValueError` on *reading* any value the engine does not know yet (e.g. a key
 * produced by a RandomPassword that is still to be created). The SDK turns that throw into an
 * advisory "can't run policy during preview" message and skips the whole policy for the resource,
 * which would silently disable every other check of that policy. The proxy only traps `get`, so
 * reading own property descriptors returns the raw values, unknown sentinels included. Policies
 * read their inputs through `ownProps` and treat unknown values as "not judgeable yet": the engine
 * runs resource policies again with the resolved inputs right before it creates or updates the
 * resource during `pulumi up`, so nothing unknown at preview escapes a check.
 */
import { isRecord } from "../infra/props";

/** The typed readers (../infra/props.ts), for the policies. */
export { at, isNumberArray, isRecord, isStringArray } from "../infra/props";

/**
 * The engine's sentinels for unknown values (@pulumi/policy's proxy.js; the engine marshals every
 * unknown as the string one, the others are kept for older engines).
 */
const UNKNOWN_SENTINELS: ReadonlySet<string> = new Set([
  "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // string (and, in practice, every unknown)
  "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // boolean
  "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
  "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
  "030794c1-ac77-496b-92df-f27374a8bd58", // asset
  "e48ece36-62e2-4504-bad9-02848725956a", // archive
  "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
]);

/** The string the engine uses for an unknown value (for tests and fakes). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  return typeof value === "string" && UNKNOWN_SENTINELS.has(value);
}

/** True when the value, or anything inside it, is unknown. */
export function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (isRecord(value)) return Object.values(value).some(containsUnknown);
  return false;
}

/**
 * The top-level properties as plain values, read through property descriptors so that the SDK's
 * unknown-checking proxy never throws. Nested values come back raw (the proxy wraps lazily, on
 * `get`), so the whole tree is plain data.
 */
export function ownProps(props: object): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(props)) {
    const descriptor = Reflect.getOwnPropertyDescriptor(props, key);
    if (descriptor !== undefined && "value" in descriptor) result[key] = descriptor.value;
  }
  return result;
}

/** Absent for policy purposes: not given, or given as null. */
export function isAbsent(value: unknown): value is undefined | null {
  return value === undefined || value === null;
}

/** A value for a violation message. */
export function show(value: unknown): string {
  if (value === undefined) return "undefined";
  return JSON.stringify(value);
}
