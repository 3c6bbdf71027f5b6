import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { PRESHARED_KEY_LENGTH, PRESHARED_KEY_SPECIALS, presharedKeyProblem, toAwsPresharedKey } from "../../infra/keys";

/** The RandomPassword alphabet the program asks for: letters, digits and the specials "._". */
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._";
const generated = (length: number): fc.Arbitrary<string> =>
  fc.string({ unit: fc.constantFrom(...ALPHABET), minLength: length, maxLength: length });

describe("the key generator's settings", () => {
  it("asks for 40 characters with '.' and '_' as the only specials (within AWS's 8..64)", () => {
    assert.equal(PRESHARED_KEY_LENGTH, 40);
    assert.equal(PRESHARED_KEY_SPECIALS, "._");
  });
});

describe("toAwsPresharedKey", () => {
  it("replaces a leading '0' and keeps the length", () => {
    assert.equal(toAwsPresharedKey("0abcdefgh"), "Kabcdefgh");
    assert.equal(toAwsPresharedKey("00000000"), "K0000000");
  });

  it("leaves any other key as it is", () => {
    assert.equal(toAwsPresharedKey("abc0defgh"), "abc0defgh");
    assert.equal(toAwsPresharedKey("1.2_3456"), "1.2_3456");
    assert.equal(toAwsPresharedKey("_0000000"), "_0000000");
  });

  it("property: any generated 40-character key becomes one both clouds accept", () => {
    fc.assert(
      fc.property(generated(PRESHARED_KEY_LENGTH), (raw) => {
        const key = toAwsPresharedKey(raw);
        assert.equal(presharedKeyProblem(key), undefined, key);
        assert.equal(key.length, raw.length);
        assert.equal(key.slice(1), raw.slice(1), "only the first character may change");
      }),
      { numRuns: 1_000 },
    );
  });

  it("property: keys starting with '0' are the ones changed", () => {
    fc.assert(
      fc.property(generated(PRESHARED_KEY_LENGTH - 1), (rest) => {
        assert.equal(presharedKeyProblem(`0${rest}`), "must not start with '0' (AWS)");
        assert.equal(presharedKeyProblem(toAwsPresharedKey(`0${rest}`)), undefined);
      }),
      { numRuns: 300 },
    );
  });

  it("property: any length AWS allows (8..64) works from the same alphabet", () => {
    fc.assert(
      fc.property(fc.integer({ min: 8, max: 64 }).chain(generated), (raw) => {
        assert.equal(presharedKeyProblem(toAwsPresharedKey(raw)), undefined, raw);
      }),
      { numRuns: 500 },
    );
  });
});

describe("presharedKeyProblem", () => {
  it("accepts 8 and 64 characters, refuses 7 and 65", () => {
    assert.equal(presharedKeyProblem("a".repeat(8)), undefined);
    assert.equal(presharedKeyProblem("a".repeat(64)), undefined);
    assert.equal(presharedKeyProblem("a".repeat(7)), "must be 8 to 64 characters (AWS)");
    assert.equal(presharedKeyProblem("a".repeat(65)), "must be 8 to 64 characters (AWS)");
    assert.equal(presharedKeyProblem(""), "must be 8 to 64 characters (AWS)");
  });

  it("refuses a leading '0'", () => {
    assert.equal(presharedKeyProblem("0abcdefgh"), "must not start with '0' (AWS)");
  });

  for (const bad of ["-", "~", " ", "+", "/", "=", "!", "@", "é", "\t"]) {
    it(`refuses ${JSON.stringify(bad)}`, () => {
      const problem = presharedKeyProblem(`abcd${bad}efgh`);
      assert.equal(problem, "may contain only letters, digits, '.' and '_' (AWS)");
    });
  }

  it("accepts '.' and '_' anywhere, including first", () => {
    assert.equal(presharedKeyProblem("._abcdefgh"), undefined);
    assert.equal(presharedKeyProblem("abcd.efgh_"), undefined);
  });

  it("property: accepted exactly when AWS's rule and Azure's rule (printable ASCII without space, '-', '~') both hold", () => {
    const mixed = fc.string({ unit: fc.constantFrom(...`${ALPHABET}-~ +/!=é`), minLength: 6, maxLength: 66 });
    fc.assert(
      fc.property(mixed, (key) => {
        const aws = /^[A-Za-z1-9._][A-Za-z0-9._]{7,63}$/.test(key);
        const azure = /^[\x21-\x7e]+$/.test(key) && !/[ ~-]/.test(key);
        assert.equal(presharedKeyProblem(key) === undefined, aws && azure, key);
      }),
      { numRuns: 2_000 },
    );
  });
});
