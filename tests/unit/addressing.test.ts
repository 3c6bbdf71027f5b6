import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  AWS_RESERVED_INSIDE_CIDRS,
  cidr,
  contains,
  defaultInsideCidrs,
  hostAddress,
  insideAddresses,
  insideCidrProblem,
  isPrivate,
  overlaps,
  parseIpv4Cidr,
  parseReported,
  uintToAddress,
} from "../../infra/addressing";

describe("parseIpv4Cidr", () => {
  it("parses a network address into its canonical text, prefix and range", () => {
    const result = parseIpv4Cidr("10.20.0.0/16");
    assert.deepEqual(result, { ok: true, cidr: { text: "10.20.0.0/16", prefix: 16, first: 0x0a140000, last: 0x0a14ffff } });
  });

  it("accepts /0 and /32", () => {
    assert.deepEqual(parseIpv4Cidr("0.0.0.0/0"), { ok: true, cidr: { text: "0.0.0.0/0", prefix: 0, first: 0, last: 0xffffffff } });
    assert.deepEqual(parseIpv4Cidr("203.0.113.10/32"), { ok: true, cidr: { text: "203.0.113.10/32", prefix: 32, first: 0xcb00710a, last: 0xcb00710a } });
  });

  for (const text of ["10.0.0/16", "10.0.0.0", "10.0.0.0/", "a.b.c.d/8", "10.0.0.0/16 ", " 10.0.0.0/16", "::1/128", "10.0.0.0/8/8", ""]) {
    it(`rejects the syntax of ${JSON.stringify(text)}`, () => {
      const result = parseIpv4Cidr(text);
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.rule, /must be an IPv4 CIDR/);
    });
  }

  for (const text of ["256.0.0.0/8", "10.0.0.0/33", "10.300.0.0/16"]) {
    it(`rejects out-of-range octets or prefix in ${text}`, () => {
      const result = parseIpv4Cidr(text);
      assert.equal(result.ok, false);
      if (!result.ok) assert.match(result.rule, /octets 0-255, prefix 0-32/);
    });
  }

  const hostBits: [string, string][] = [
    ["10.0.0.1/16", "10.0.0.0/16"],
    ["172.10.1.7/24", "172.10.1.0/24"],
    ["169.254.21.2/30", "169.254.21.0/30"],
    ["192.168.255.255/17", "192.168.128.0/17"],
    ["10.1.2.3/8", "10.0.0.0/8"],
  ];
  for (const [text, network] of hostBits) {
    it(`rejects host bits in ${text} and suggests ${network}`, () => {
      const result = parseIpv4Cidr(text);
      assert.equal(result.ok, false);
      if (!result.ok) {
        assert.match(result.rule, /must be a network address \(host bits zero\)/);
        assert.ok(result.rule.includes(`did you mean ${network}?`), result.rule);
      }
      // The suggestion is itself a valid network address.
      assert.equal(parseIpv4Cidr(network).ok, true);
    });
  }

  it("cidr() throws with the rule for an invalid block", () => {
    assert.throws(() => cidr("10.0.0.1/16"), /did you mean 10\.0\.0\.0\/16/);
  });
});

describe("contains and overlaps", () => {
  const vnet = cidr("172.10.0.0/16");
  it("contains: inner block inside, equal block, edges", () => {
    assert.equal(contains(vnet, cidr("172.10.1.0/24")), true);
    assert.equal(contains(vnet, vnet), true);
    assert.equal(contains(vnet, cidr("172.10.255.255/32")), true);
    assert.equal(contains(vnet, cidr("172.11.0.0/24")), false);
    assert.equal(contains(vnet, cidr("172.0.0.0/8")), false, "a larger block is not contained");
    assert.equal(contains(cidr("172.10.1.0/24"), vnet), false);
  });

  it("overlaps: nested, identical, adjacent and disjoint blocks", () => {
    assert.equal(overlaps(vnet, cidr("172.10.7.0/24")), true);
    assert.equal(overlaps(cidr("172.10.7.0/24"), vnet), true, "symmetric");
    assert.equal(overlaps(vnet, vnet), true);
    assert.equal(overlaps(cidr("10.0.0.0/25"), cidr("10.0.0.128/25")), false, "adjacent blocks do not overlap");
    assert.equal(overlaps(cidr("10.0.0.0/16"), cidr("10.1.0.0/16")), false);
    assert.equal(overlaps(cidr("0.0.0.0/0"), cidr("10.1.0.0/16")), true);
  });
});

describe("isPrivate", () => {
  for (const text of ["10.0.0.0/8", "10.20.0.0/16", "172.16.0.0/12", "172.31.255.0/24", "192.168.0.0/16", "192.168.10.0/24"]) {
    it(`${text} is RFC 1918`, () => assert.equal(isPrivate(cidr(text)), true));
  }
  for (const text of ["172.10.0.0/16", "172.32.0.0/16", "11.0.0.0/8", "192.169.0.0/16", "8.0.0.0/7", "0.0.0.0/0", "10.0.0.0/7", "172.0.0.0/8"]) {
    it(`${text} is not (entirely) RFC 1918`, () => assert.equal(isPrivate(cidr(text)), false));
  }
});

describe("hostAddress and uintToAddress", () => {
  it("numbers the hosts of a block from the network address", () => {
    const block = cidr("169.254.21.4/30");
    assert.equal(hostAddress(block, 0), "169.254.21.4");
    assert.equal(hostAddress(block, 1), "169.254.21.5");
    assert.equal(hostAddress(block, 2), "169.254.21.6");
    assert.equal(hostAddress(block, 3), "169.254.21.7");
    assert.equal(hostAddress(cidr("10.0.0.0/16"), 256 + 4), "10.0.1.4");
  });

  it("refuses a host number outside the block", () => {
    assert.throws(() => hostAddress(cidr("169.254.21.4/30"), 4), /no host number 4/);
    assert.throws(() => hostAddress(cidr("169.254.21.4/30"), -1), /no host number -1/);
  });

  it("formats the top of the address space without sign trouble", () => {
    assert.equal(uintToAddress(0xffffffff), "255.255.255.255");
    assert.equal(uintToAddress(0), "0.0.0.0");
  });
});

describe("defaultInsideCidrs", () => {
  it("active-standby (1 connection): Microsoft's plan for instance 0", () => {
    assert.deepEqual(defaultInsideCidrs(1), ["169.254.21.0/30", "169.254.22.0/30"]);
  });

  it("active-active (2 connections): Microsoft's plan for instances 0 and 1", () => {
    assert.deepEqual(defaultInsideCidrs(2), ["169.254.21.0/30", "169.254.22.0/30", "169.254.21.4/30", "169.254.22.4/30"]);
  });

  it("every default /30 passes the BGP rules and none is reused", () => {
    const all = defaultInsideCidrs(2);
    for (const text of all) assert.equal(insideCidrProblem(text, true), undefined, text);
    const blocks = all.map(cidr);
    blocks.forEach((a, i) => blocks.slice(i + 1).forEach((b) => assert.equal(overlaps(a, b), false, `${a.text} vs ${b.text}`)));
  });
});

describe("insideAddresses", () => {
  it("AWS takes the first host, Azure the second (the documented APIPA plan)", () => {
    assert.deepEqual(insideAddresses("169.254.21.0/30"), { aws: "169.254.21.1", azure: "169.254.21.2" });
    assert.deepEqual(insideAddresses("169.254.22.0/30"), { aws: "169.254.22.1", azure: "169.254.22.2" });
    assert.deepEqual(insideAddresses("169.254.21.4/30"), { aws: "169.254.21.5", azure: "169.254.21.6" });
    assert.deepEqual(insideAddresses("169.254.22.4/30"), { aws: "169.254.22.5", azure: "169.254.22.6" });
  });
});

describe("insideCidrProblem", () => {
  it("accepts /30s in the APIPA range with and without BGP", () => {
    for (const text of ["169.254.21.0/30", "169.254.22.252/30", "169.254.21.128/30"]) {
      assert.equal(insideCidrProblem(text, true), undefined, text);
      assert.equal(insideCidrProblem(text, false), undefined, text);
    }
  });

  it("accepts a link-local /30 outside the APIPA range when BGP is off", () => {
    assert.equal(insideCidrProblem("169.254.100.0/30", false), undefined);
    assert.equal(insideCidrProblem("169.254.6.0/30", false), undefined, "just after the reserved blocks");
  });

  for (const third of [0, 1, 2, 3, 4, 5]) {
    it(`rejects AWS's reserved 169.254.${third}.0/30`, () => {
      const problem = insideCidrProblem(`169.254.${third}.0/30`, false);
      assert.ok(problem, "expected a problem");
      assert.match(problem, /reserved by AWS/);
      assert.ok(problem.includes(`169.254.${third}.0/30`), problem);
    });
  }

  it("rejects AWS's reserved 169.254.169.252/30", () => {
    const problem = insideCidrProblem("169.254.169.252/30", false);
    assert.ok(problem);
    assert.match(problem, /reserved by AWS \(169\.254\.169\.252\/30/);
  });

  it("the reserved list is exactly the documented seven blocks", () => {
    assert.deepEqual(
      AWS_RESERVED_INSIDE_CIDRS.map((b) => b.text),
      ["169.254.0.0/30", "169.254.1.0/30", "169.254.2.0/30", "169.254.3.0/30", "169.254.4.0/30", "169.254.5.0/30", "169.254.169.252/30"],
    );
  });

  it("a /30 next to a reserved block is fine", () => {
    assert.equal(insideCidrProblem("169.254.0.4/30", false), undefined);
    assert.equal(insideCidrProblem("169.254.169.248/30", false), undefined);
  });

  for (const text of ["169.254.21.0/29", "169.254.21.0/31", "169.254.21.0/24", "169.254.21.0/32"]) {
    it(`rejects the non-/30 ${text}`, () => assert.equal(insideCidrProblem(text, true), "must be a /30"));
  }

  for (const text of ["10.0.0.0/30", "169.253.255.252/30", "169.255.0.0/30", "192.168.1.0/30"]) {
    it(`rejects ${text} outside link-local`, () => assert.equal(insideCidrProblem(text, false), "must lie inside 169.254.0.0/16"));
  }

  for (const text of ["169.254.20.252/30", "169.254.23.0/30", "169.254.100.0/30", "169.254.10.0/30"]) {
    it(`with BGP, rejects ${text} outside Azure's APIPA range`, () => {
      const problem = insideCidrProblem(text, true);
      assert.ok(problem);
      assert.match(problem, /Azure's custom APIPA range 169\.254\.21\.0 - 169\.254\.22\.255/);
    });
  }

  it("reports the parse rule for a malformed or host-bit CIDR", () => {
    assert.match(insideCidrProblem("169.254.21/30", true) ?? "", /must be an IPv4 CIDR/);
    assert.match(insideCidrProblem("169.254.21.1/30", true) ?? "", /did you mean 169\.254\.21\.0\/30/);
  });
});

describe("parseIpv4Cidr's cache", () => {
  it("hands each caller its own result: changing one does not change the next parse of the same text", () => {
    const first = parseIpv4Cidr("10.20.0.0/16");
    assert.ok(first.ok);
    first.cidr.prefix = 8;
    first.cidr.text = "changed";
    assert.deepEqual(parseIpv4Cidr("10.20.0.0/16"), { ok: true, cidr: { text: "10.20.0.0/16", prefix: 16, first: 169_082_880, last: 169_148_415 } });
  });
});

describe("parseReported", () => {
  it("gives the CIDR, or reports the setting, the text and the rule and gives undefined", () => {
    const reported: [string, unknown, string][] = [];
    const report = (key: string, value: unknown, rule: string): void => void reported.push([key, value, rule]);
    assert.equal(parseReported("k", "10.0.0.0/16", report)?.prefix, 16);
    assert.equal(parseReported("k", "10.0.0.1/16", report), undefined);
    assert.deepEqual(reported, [["k", "10.0.0.1/16", "must be a network address (host bits zero): did you mean 10.0.0.0/16?"]]);
  });
});
