import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  AWS_PHASE1_DH_GROUPS,
  AWS_PHASE2_DH_GROUPS,
  DEFAULT_IPSEC_PROFILE,
  ENCRYPTIONS,
  INTEGRITIES,
  describeProfile,
  fromAzureIpsecPolicy,
  mergeProfile,
  profileProblems,
  vocabularyProblems,
  toAwsTunnelOptions,
  toAzureConnectionProtocol,
  toAzureIpsecPolicy,
  type Encryption,
  type Integrity,
  type IpsecProfile,
  type VpnIpsec,
} from "../../infra/ipsec";
import { PROFILE_AWS_TUNNEL_OPTIONS, PROFILE_AZURE_IPSEC_POLICY } from "../fixtures/ipsecProfile";

/** The default profile with some fields replaced (phase objects merged). */
function profile(changes: VpnIpsec = {}): IpsecProfile {
  return mergeProfile(changes);
}

/** The vocabulary tables, written out independently of infra/ipsec.ts (constraints.md). */
const ENCRYPTION_TABLE: [Encryption, string][] = [
  ["AES128", "AES128"],
  ["AES256", "AES256"],
  ["AES128-GCM-16", "GCMAES128"],
  ["AES256-GCM-16", "GCMAES256"],
];
const IKE_INTEGRITY_TABLE: [Integrity, string][] = [
  ["SHA1", "SHA1"],
  ["SHA2-256", "SHA256"],
  ["SHA2-384", "SHA384"],
];
const IPSEC_INTEGRITY_TABLE: [Integrity, string][] = [
  ["SHA1", "SHA1"],
  ["SHA2-256", "SHA256"],
];
const DH_TABLE: [number, string][] = [
  [1, "DHGroup1"],
  [2, "DHGroup2"],
  [14, "DHGroup14"],
  [19, "ECP256"],
  [20, "ECP384"],
  [24, "DHGroup24"],
];
const PFS_TABLE: [number, string][] = [
  [1, "PFS1"],
  [2, "PFS2"],
  [14, "PFS2048"],
  [19, "ECP256"],
  [20, "ECP384"],
  [24, "PFS24"],
];
/** Groups both clouds accept (constraints.md, "What both accept"): 2 is also in both lists. */
const SHARED_GROUPS = [2, 14, 19, 20, 24];

describe("the default profile", () => {
  it("is valid", () => assert.deepEqual(profileProblems(DEFAULT_IPSEC_PROFILE), []));

  it("maps to AWS tunnel options: IKEv2, AES256/SHA2-384/DH20, AES256-GCM-16/PFS20, 28800/3600 s, DPD 45 s restart, start", () => {
    assert.deepEqual(toAwsTunnelOptions(DEFAULT_IPSEC_PROFILE), PROFILE_AWS_TUNNEL_OPTIONS);
  });

  it("maps to Azure's custom policy: AES256/SHA384/ECP384, GCMAES256/GCMAES256/ECP384, 3600 s", () => {
    assert.deepEqual(toAzureIpsecPolicy(DEFAULT_IPSEC_PROFILE), PROFILE_AZURE_IPSEC_POLICY);
  });

  it("Azure side: IKEv2, responder only, route-based selectors, DPD 45 s", () => {
    assert.equal(toAzureConnectionProtocol(DEFAULT_IPSEC_PROFILE.ikeVersion), "IKEv2");
    assert.equal(DEFAULT_IPSEC_PROFILE.azureConnectionMode, "Default");
    assert.equal(DEFAULT_IPSEC_PROFILE.usePolicyBasedTrafficSelectors, false);
    assert.equal(DEFAULT_IPSEC_PROFILE.dpdTimeoutSeconds, 45);
  });

  it("describes itself in one line", () => {
    assert.equal(
      describeProfile(DEFAULT_IPSEC_PROFILE),
      "IKEV2; P1 AES256/SHA2-384/DH20 28800s; P2 AES256-GCM-16/PFS20 3600s; DPD 45s restart; AWS start, Azure Default",
    );
  });
});

describe("mergeProfile (overrides over the default profile)", () => {
  it("no overrides: the default profile", () => assert.deepEqual(mergeProfile({}), DEFAULT_IPSEC_PROFILE));
  it("a whole profile: itself", () => {
    const whole: IpsecProfile = { ...DEFAULT_IPSEC_PROFILE, ikeVersion: "ikev1", phase1: { ...DEFAULT_IPSEC_PROFILE.phase1, dhGroup: 14 }, phase2: { ...DEFAULT_IPSEC_PROFILE.phase2, pfsGroup: 24 } };
    assert.deepEqual(mergeProfile(whole), whole);
  });
  it("a field of a phase: that phase's other fields and the other phase stay the default", () => {
    assert.deepEqual(mergeProfile({ phase2: { pfsGroup: 24 } }), { ...DEFAULT_IPSEC_PROFILE, phase2: { ...DEFAULT_IPSEC_PROFILE.phase2, pfsGroup: 24 } });
  });
  it("leaves the default profile as it was", () => {
    const before = structuredClone(DEFAULT_IPSEC_PROFILE);
    mergeProfile({ dpdTimeoutSeconds: 60, phase1: { dhGroup: 14 } });
    assert.deepEqual(DEFAULT_IPSEC_PROFILE, before);
  });
});

describe("vocabulary mapping, one entry at a time", () => {
  for (const [aws, azure] of ENCRYPTION_TABLE) {
    it(`phase 1 encryption ${aws} -> ${azure}`, () => {
      assert.equal(toAzureIpsecPolicy(profile({ phase1: { encryption: aws } })).ikeEncryption, azure);
      assert.deepEqual(toAwsTunnelOptions(profile({ phase1: { encryption: aws } })).phase1EncryptionAlgorithms, [aws]);
    });
    it(`phase 2 encryption ${aws} -> ${azure}`, () => {
      const p = profile({ phase2: { encryption: aws, integrity: "SHA2-256" } });
      assert.equal(toAzureIpsecPolicy(p).ipsecEncryption, azure);
      assert.deepEqual(toAwsTunnelOptions(p).phase2EncryptionAlgorithms, [aws]);
    });
  }
  for (const [aws, azure] of IKE_INTEGRITY_TABLE) {
    it(`phase 1 integrity ${aws} -> ${azure}`, () => {
      assert.equal(toAzureIpsecPolicy(profile({ phase1: { integrity: aws } })).ikeIntegrity, azure);
    });
  }
  for (const [aws, azure] of IPSEC_INTEGRITY_TABLE) {
    it(`phase 2 integrity ${aws} -> ${azure} with a non-GCM cipher`, () => {
      const p = profile({ phase2: { encryption: "AES256", integrity: aws } });
      assert.equal(toAzureIpsecPolicy(p).ipsecIntegrity, azure);
      assert.deepEqual(toAwsTunnelOptions(p).phase2IntegrityAlgorithms, [aws]);
    });
  }
  for (const encryption of ["AES128-GCM-16", "AES256-GCM-16"] as const) {
    it(`with ${encryption}, Azure's IPsec integrity is the GCM cipher itself whatever the integrity`, () => {
      for (const integrity of INTEGRITIES) {
        const policy = toAzureIpsecPolicy(profile({ phase2: { encryption, integrity } }));
        assert.equal(policy.ipsecIntegrity, policy.ipsecEncryption);
      }
    });
  }
  for (const [group, azure] of DH_TABLE) {
    it(`DH group ${group} -> ${azure}`, () => {
      assert.equal(toAzureIpsecPolicy(profile({ phase1: { dhGroup: group } })).dhGroup, azure);
      assert.deepEqual(toAwsTunnelOptions(profile({ phase1: { dhGroup: group } })).phase1DhGroupNumbers, [group]);
    });
  }
  for (const [group, azure] of PFS_TABLE) {
    it(`PFS group ${group} -> ${azure}`, () => {
      assert.equal(toAzureIpsecPolicy(profile({ phase2: { pfsGroup: group } })).pfsGroup, azure);
      assert.deepEqual(toAwsTunnelOptions(profile({ phase2: { pfsGroup: group } })).phase2DhGroupNumbers, [group]);
    });
  }
  it("IKE versions -> Azure connection protocols", () => {
    assert.equal(toAzureConnectionProtocol("ikev2"), "IKEv2");
    assert.equal(toAzureConnectionProtocol("ikev1"), "IKEv1");
  });
  it("the phase 2 lifetime becomes Azure's SA lifetime", () => {
    assert.equal(toAzureIpsecPolicy(profile({ phase2: { lifetimeSeconds: 1_800 } })).saLifeTimeSeconds, 1_800);
  });
  it("values without an Azure equivalent throw instead of producing a policy", () => {
    assert.throws(() => toAzureIpsecPolicy(profile({ phase1: { integrity: "SHA2-512" } })), /phase 1 integrity SHA2-512 has no Azure equivalent/);
    assert.throws(() => toAzureIpsecPolicy(profile({ phase1: { dhGroup: 21 } })), /DH group 21 has no Azure equivalent/);
    assert.throws(() => toAzureIpsecPolicy(profile({ phase2: { pfsGroup: 5 } })), /PFS group 5 has no Azure equivalent/);
    assert.throws(() => toAzureIpsecPolicy(profile({ phase2: { encryption: "AES256", integrity: "SHA2-384" } })), /phase 2 integrity SHA2-384/);
  });
});

describe("profileProblems", () => {
  const only = (p: IpsecProfile): { path: string; value: unknown; rule: string } => {
    const problems = profileProblems(p);
    assert.equal(problems.length, 1, JSON.stringify(problems));
    return problems[0]!;
  };

  it("SHA2-512 in phase 1 (Azure has no IKE SHA512)", () => {
    const problem = only(profile({ phase1: { integrity: "SHA2-512" } }));
    assert.equal(problem.path, "phase1.integrity");
    assert.equal(problem.value, "SHA2-512");
    assert.match(problem.rule, /Azure's IKE integrity accepts SHA1, SHA2-256 \(SHA256\) or SHA2-384 \(SHA384\)/);
  });

  for (const group of [1, 5, 15, 16, 17, 18, 21, 22, 23, 0]) {
    it(`phase 1 DH group ${group} is not accepted by both clouds`, () => {
      const problem = only(profile({ phase1: { dhGroup: group } }));
      assert.equal(problem.path, "phase1.dhGroup");
      assert.equal(problem.value, group);
      assert.match(problem.rule, /2, 14, 19, 20 or 24/);
    });
  }
  for (const group of SHARED_GROUPS) {
    it(`phase 1 DH group ${group} and PFS group ${group} are accepted`, () => {
      assert.deepEqual(profileProblems(profile({ phase1: { dhGroup: group }, phase2: { pfsGroup: group } })), []);
    });
  }

  it("the shared groups are exactly the intersection of the AWS lists and Azure's names", () => {
    const azureDh = DH_TABLE.map(([g]) => g);
    const azurePfs = PFS_TABLE.map(([g]) => g);
    assert.deepEqual(AWS_PHASE1_DH_GROUPS.filter((g) => azureDh.includes(g)), SHARED_GROUPS);
    assert.deepEqual(AWS_PHASE2_DH_GROUPS.filter((g) => azurePfs.includes(g)), SHARED_GROUPS);
  });

  it("phase 1 lifetime other than Azure's fixed 28800 s", () => {
    for (const lifetime of [14_400, 28_799, 28_801, 900]) {
      const problems = profileProblems(profile({ phase1: { lifetimeSeconds: lifetime }, phase2: { lifetimeSeconds: 900 } }));
      const problem = problems.find((p) => p.path === "phase1.lifetimeSeconds");
      assert.ok(problem, `${lifetime}: ${JSON.stringify(problems)}`);
      assert.match(problem.rule, /28800/);
    }
  });

  for (const integrity of ["SHA2-384", "SHA2-512"] as const) {
    it(`non-GCM phase 2 with ${integrity}`, () => {
      const problem = only(profile({ phase2: { encryption: "AES256", integrity } }));
      assert.equal(problem.path, "phase2.integrity");
      assert.equal(problem.value, integrity);
      assert.match(problem.rule, /only SHA1 or SHA2-256/);
    });
    it(`GCM phase 2 ignores ${integrity}`, () => {
      assert.deepEqual(profileProblems(profile({ phase2: { encryption: "AES128-GCM-16", integrity } })), []);
    });
  }

  it("PFS none (0) is refused", () => {
    const problem = only(profile({ phase2: { pfsGroup: 0 } }));
    assert.equal(problem.path, "phase2.pfsGroup");
    assert.match(problem.rule, /PFS must never be none/);
  });

  for (const group of [1, 5, 21]) {
    it(`PFS group ${group} is not accepted by both clouds`, () => {
      const problem = only(profile({ phase2: { pfsGroup: group } }));
      assert.equal(problem.path, "phase2.pfsGroup");
      assert.match(problem.rule, /2, 14, 19, 20 or 24/);
    });
  }

  for (const lifetime of [899, 3_601, 300]) {
    it(`phase 2 lifetime ${lifetime} s is outside AWS's 900..3600`, () => {
      const problem = only(profile({ phase2: { lifetimeSeconds: lifetime } }));
      assert.equal(problem.path, "phase2.lifetimeSeconds");
      assert.match(problem.rule, /900 to 3600/);
    });
  }
  it("phase 2 lifetimes 900 and 3600 are accepted", () => {
    assert.deepEqual(profileProblems(profile({ phase2: { lifetimeSeconds: 900 } })), []);
    assert.deepEqual(profileProblems(profile({ phase2: { lifetimeSeconds: 3_600 } })), []);
  });

  it("phase 2 lifetime not below phase 1", () => {
    const problems = profileProblems(profile({ phase1: { lifetimeSeconds: 3_600 }, phase2: { lifetimeSeconds: 3_600 } }));
    const problem = problems.find((p) => p.path === "phase2.lifetimeSeconds");
    assert.ok(problem, JSON.stringify(problems));
    assert.match(problem.rule, /below the phase 1 lifetime \(3600 s\)/);
  });

  for (const dpd of [29, 20, 9, 3_601]) {
    it(`DPD timeout ${dpd} s is refused`, () => {
      const problem = only(profile({ dpdTimeoutSeconds: dpd }));
      assert.equal(problem.path, "dpdTimeoutSeconds");
      assert.match(problem.rule, /30 to 3600/);
    });
  }
  it("DPD timeouts 30 and 3600 s are accepted", () => {
    assert.deepEqual(profileProblems(profile({ dpdTimeoutSeconds: 30 })), []);
    assert.deepEqual(profileProblems(profile({ dpdTimeoutSeconds: 3_600 })), []);
  });

  it("startup action start needs IKEv2", () => {
    const problem = only(profile({ ikeVersion: "ikev1" }));
    assert.equal(problem.path, "startupAction");
    assert.match(problem.rule, /needs IKEv2/);
  });

  it("nobody initiates with AWS 'add' and Azure ResponderOnly", () => {
    const problem = only(profile({ startupAction: "add", azureConnectionMode: "ResponderOnly" }));
    assert.equal(problem.path, "azureConnectionMode");
    assert.match(problem.rule, /nobody would initiate/);
    assert.deepEqual(profileProblems(profile({ startupAction: "add", azureConnectionMode: "Default" })), []);
    assert.deepEqual(profileProblems(profile({ startupAction: "add", azureConnectionMode: "InitiatorOnly", ikeVersion: "ikev1" })), []);
  });

  it("reports every problem at once", () => {
    const problems = profileProblems(
      profile({ phase1: { integrity: "SHA2-512", dhGroup: 21 }, phase2: { pfsGroup: 0 }, dpdTimeoutSeconds: 20, ikeVersion: "ikev1" }),
    );
    assert.deepEqual(problems.map((p) => p.path).sort(), ["dpdTimeoutSeconds", "phase1.dhGroup", "phase1.integrity", "phase2.pfsGroup", "startupAction"]);
  });
});

describe("round trip: profile -> Azure policy -> profile terms", () => {
  const validProfile = fc
    .record({
      e1: fc.constantFrom(...ENCRYPTIONS),
      i1: fc.constantFrom(...INTEGRITIES),
      dh: fc.constantFrom(...AWS_PHASE1_DH_GROUPS),
      e2: fc.constantFrom(...ENCRYPTIONS),
      i2: fc.constantFrom(...INTEGRITIES),
      pfs: fc.constantFrom(...AWS_PHASE2_DH_GROUPS),
      life2: fc.integer({ min: 900, max: 3_600 }),
    })
    .map(({ e1, i1, dh, e2, i2, pfs, life2 }) =>
      profile({ phase1: { encryption: e1, integrity: i1, dhGroup: dh }, phase2: { encryption: e2, integrity: i2, pfsGroup: pfs, lifetimeSeconds: life2 } }),
    )
    .filter((p) => profileProblems(p).length === 0);

  it("fromAzureIpsecPolicy(toAzureIpsecPolicy(p)) gives back p's algorithms, groups and lifetime", () => {
    fc.assert(
      fc.property(validProfile, (p) => {
        const back = fromAzureIpsecPolicy(toAzureIpsecPolicy(p));
        assert.deepEqual(back, {
          phase1: { encryption: p.phase1.encryption, integrity: p.phase1.integrity, dhGroup: p.phase1.dhGroup },
          phase2: { encryption: p.phase2.encryption, pfsGroup: p.phase2.pfsGroup, lifetimeSeconds: p.phase2.lifetimeSeconds },
        });
      }),
      { numRuns: 300 },
    );
  });

  it("the round trip of the default profile, spelled out", () => {
    assert.deepEqual(fromAzureIpsecPolicy(toAzureIpsecPolicy(DEFAULT_IPSEC_PROFILE)), {
      phase1: { encryption: "AES256", integrity: "SHA2-384", dhGroup: 20 },
      phase2: { encryption: "AES256-GCM-16", pfsGroup: 20, lifetimeSeconds: 3_600 },
    });
  });

  it("every valid profile maps to AWS options that echo it and to an Azure policy without throwing", () => {
    fc.assert(
      fc.property(validProfile, (p) => {
        const options = toAwsTunnelOptions(p);
        assert.deepEqual(options.phase1DhGroupNumbers, [p.phase1.dhGroup]);
        assert.deepEqual(options.phase2DhGroupNumbers, [p.phase2.pfsGroup]);
        assert.deepEqual(options.phase1EncryptionAlgorithms, [p.phase1.encryption]);
        assert.deepEqual(options.phase2EncryptionAlgorithms, [p.phase2.encryption]);
        const policy = toAzureIpsecPolicy(p);
        assert.notEqual(policy.pfsGroup, "None");
      }),
      { numRuns: 300 },
    );
  });

  it("an unknown Azure value reads back as NaN / itself, so a comparison with AWS fails loudly", () => {
    const back = fromAzureIpsecPolicy({ ...toAzureIpsecPolicy(DEFAULT_IPSEC_PROFILE), dhGroup: "None", ikeEncryption: "AES192" });
    assert.ok(Number.isNaN(back.phase1.dhGroup));
    assert.equal(back.phase1.encryption, "AES192");
  });
});

describe("vocabularyProblems (a component's plain-text profile)", () => {
  const plain = { ikeVersion: "ikev2", phase1: { encryption: "AES256-GCM-16", integrity: "SHA2-384" }, phase2: { encryption: "AES256-GCM-16", integrity: "SHA2-384" }, dpdTimeoutAction: "restart", startupAction: "add", azureConnectionMode: "Default" };
  it("accepts every value of the vocabulary", () => assert.deepEqual(vocabularyProblems(plain), []));
  it("names each value outside it, with the list", () => {
    assert.deepEqual(vocabularyProblems({ ...plain, ikeVersion: "ikev3", phase2: { encryption: "AES256-GCM-16", integrity: "MD5" } }), [
      { path: "ikeVersion", value: "ikev3", rule: "must be one of ikev2, ikev1" },
      { path: "phase2.integrity", value: "MD5", rule: "must be one of SHA1, SHA2-256, SHA2-384, SHA2-512" },
    ]);
  });
});
