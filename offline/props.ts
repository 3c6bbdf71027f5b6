/** Reading untyped resource inputs and mocked state. */

/** The value at a path of keys inside an untyped value, or undefined where the path breaks. */
export function field(value: unknown, ...keys: (string | number)[]): unknown {
  let current = value;
  for (const key of keys) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}
