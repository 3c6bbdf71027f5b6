/**
 * Typed readers of untyped resource properties: recorded inputs and mocked state
 * (offline/evaluate.ts), policy-engine props (policy/values.ts adds the unknown-value handling),
 * and the views interop derives. Each takes a value and a path of record keys and array indexes,
 * and returns undefined (or an empty list or record) where the path breaks or the type differs.
 * No imports, so that any folder (the policy pack included) can use it.
 */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The value at a path of record keys and array indexes, or undefined. */
export function at(value: unknown, ...path: (string | number)[]): unknown {
  let current: unknown = value;
  for (const part of path) {
    if (typeof part === "number") {
      if (!Array.isArray(current)) return undefined;
      current = current[part];
    } else {
      if (!isRecord(current)) return undefined;
      current = current[part];
    }
  }
  return current;
}

/** The string at a path, or undefined. */
export function str(value: unknown, ...path: (string | number)[]): string | undefined {
  const found = at(value, ...path);
  return typeof found === "string" ? found : undefined;
}

/** The string at a path, or a number there written as a string; otherwise undefined. */
export function text(value: unknown, ...path: (string | number)[]): string | undefined {
  const found = at(value, ...path);
  return typeof found === "string" ? found : typeof found === "number" ? String(found) : undefined;
}

/** The number at a path, or a string there read as a number; undefined when neither (or NaN). */
export function num(value: unknown, ...path: (string | number)[]): number | undefined {
  const found = at(value, ...path);
  const n = typeof found === "string" ? Number(found) : found;
  return typeof n === "number" && !Number.isNaN(n) ? n : undefined;
}

/** The record at a path, or an empty record. */
export function record(value: unknown, ...path: (string | number)[]): Record<string, unknown> {
  const found = at(value, ...path);
  return isRecord(found) ? found : {};
}

/** The array at a path, or an empty array. */
export function list(value: unknown, ...path: (string | number)[]): unknown[] {
  const found = at(value, ...path);
  return Array.isArray(found) ? found : [];
}

/** The strings of the array at a path (other elements dropped). */
export function strings(value: unknown, ...path: (string | number)[]): string[] {
  return list(value, ...path).filter((v): v is string => typeof v === "string");
}

/** The elements of the array at a path read as numbers (NaN dropped). */
export function numbers(value: unknown, ...path: (string | number)[]): number[] {
  return list(value, ...path).map(Number).filter((n) => !Number.isNaN(n));
}

export function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}

export function isNumberArray(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((v) => typeof v === "number");
}
