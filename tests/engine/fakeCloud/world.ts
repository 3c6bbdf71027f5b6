/**
 * The fake cloud's world: every object the three fake providers (aws, azure-native, random) have
 * created, kept in one JSON file per run, and the clouds' rules that the Pulumi engine's steps
 * must satisfy. Create, Update and Delete refuse as the clouds do (their error codes), and a
 * refused step leaves the world as the cloud would: nothing half-done. Outputs are shaped as the
 * offline mocks shape them (offline/mocks.ts), with what a real cloud would change: a new id for
 * every AWS object created, a new address for every public IP and VPN connection.
 *
 * Which rules: the update model's (offline/update/cloud.ts, IN_USE_RULES and the create rules),
 * sources in docs/constraints.md, "Update model"; plus one the model takes for granted: an input
 * that names another object's id names a live one (the clouds answer NotFound otherwise).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { overlaps, parseIpv4Cidr } from "../../../infra/addressing";
import { TYPES } from "../../../infra/types";
import { OfflineMocks } from "../../../offline/mocks";
import { IN_USE_RULES } from "../../../offline/update/cloud";

export type Props = Record<string, unknown>;

export interface CloudObject {
  /** The world's own key: ids are not unique (every random.RandomPassword's id is "none"). */
  key: number;
  id: string;
  type: string;
  urn: string;
  inputs: Props;
  outputs: Props;
}

/** One provider call that changed (or tried to change) the world, in the order the engine made it. */
export interface CloudCall {
  op: "create" | "update" | "delete";
  urn: string;
  type: string;
  id: string;
  /** The cloud's error, when it refused. */
  refused?: string;
}

interface WorldFile {
  objects: CloudObject[];
  serial: number;
  calls: CloudCall[];
}

/** A refusal, as the cloud words it (its error code first). */
export class CloudError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

const AZURE = "azure-native:";
/** The URN prefix of objects that existed before the stack. */
const EXISTING = "existing::";
const AWS_ID = /^(vpc|subnet|rtb|cgw|vgw|tgw|tgw-rtb|tgw-attach|vpn|igw|sg|key|i)-[0-9a-f]{17}$/;

/** Azure child collections whose members are objects of their own here (created and deleted as such). */
const OWN_OBJECT_COLLECTIONS = new Set(["subnets", "virtualNetworkPeerings", "securityRules", "providers"]);

/**
 * A resource's state after an in-place update: the new inputs over the old state, keeping what the
 * cloud computed inside them (a NIC's private address in its IP configuration), as the clouds'
 * APIs return the whole resource after an update.
 */
export function updatedState(old: Props, inputs: Props): Props {
  const isRecord = (v: unknown): v is Props => v !== null && typeof v === "object" && !Array.isArray(v);
  // A list of sub-resources (IP configurations) keeps each one's computed fields; anything else is as given.
  const merged = (before: unknown, after: unknown): unknown =>
    Array.isArray(before) && Array.isArray(after) && before.length === after.length
      ? after.map((item, i) => (isRecord(item) && isRecord(before[i]) ? { ...before[i], ...item } : item))
      : after;
  return { ...old, ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, merged(old[k], v)])) };
}

function nameOf(urn: string): string {
  return urn.split("::").pop() ?? urn;
}

/** Every string anywhere inside a value. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value !== null && typeof value === "object") for (const v of Object.values(value)) strings(v, out);
  return out;
}

/** Ids of other objects that an input names (Azure resource ids, AWS ids). */
function referencedIds(inputs: Props): string[] {
  return strings(inputs).filter((s) => AWS_ID.test(s) || (s.startsWith("/subscriptions/") && s.includes("/providers/")));
}

export class World {
  private readonly objects = new Map<number, CloudObject>();
  private serial = 0;
  readonly calls: CloudCall[] = [];

  constructor(private readonly file?: string) {}

  /** The world saved in `file` (an empty world when there is none yet). */
  static load(file: string): World {
    const world = new World(file);
    let saved: WorldFile | undefined;
    try {
      saved = JSON.parse(readFileSync(file, "utf8")) as WorldFile;
    } catch {
      saved = undefined;
    }
    if (saved) {
      for (const o of saved.objects) world.objects.set(o.key, o);
      world.serial = saved.serial;
    }
    return world;
  }

  /**
   * An object that exists before the program (an existing spoke's VPC, subnets, route tables or
   * VNet): in the world, named by no URN of the stack, never created by it.
   */
  adopt(type: string, id: string, outputs: Props = {}): void {
    if (this.get(id)) return;
    const key = ++this.serial;
    this.objects.set(key, { key, id, type, urn: `${EXISTING}${id}`, inputs: {}, outputs: { id, ...outputs } });
    this.save();
  }

  save(): void {
    if (this.file === undefined) return;
    const data: WorldFile = { objects: [...this.objects.values()], serial: this.serial, calls: this.calls };
    writeFileSync(this.file, JSON.stringify(data, null, 1));
  }

  live(): CloudObject[] {
    return [...this.objects.values()];
  }

  /** The live objects the stack created (not the adopted, existing ones). */
  created(): CloudObject[] {
    return this.live().filter((o) => !o.urn.startsWith(EXISTING));
  }

  /** The adopted objects' ids. */
  existing(): string[] {
    return this.live().filter((o) => o.urn.startsWith(EXISTING)).map((o) => o.id);
  }

  /** The object with this id (and, ids being shared by some types, this URN when one has it). */
  get(id: string, urn?: string): CloudObject | undefined {
    const withId = this.live().filter((o) => o.id === id);
    return withId.find((o) => o.urn === urn) ?? withId[0];
  }

  private refuse(call: Omit<CloudCall, "refused">, error: CloudError): never {
    this.calls.push({ ...call, refused: error.message });
    this.save();
    throw error;
  }

  /**
   * Whether an id another object names exists: a live object's id, an id a live object returned
   * (a VPN connection's transit gateway attachment, a transit gateway's default route tables), or
   * an Azure sub-resource that lives inside its parent (a gateway's ipConfigurations) rather than
   * as an object of its own.
   */
  private exists(ref: string, selfId: string): boolean {
    if (ref.startsWith(`${selfId}/`)) return true;
    for (const o of this.live()) {
      if (o.id === ref || strings(o.outputs).includes(ref)) return true;
      if (ref.startsWith(`${o.id}/`) && !OWN_OBJECT_COLLECTIONS.has(ref.slice(o.id.length + 1).split("/")[0]!)) return true;
    }
    return false;
  }

  private checkReferences(call: Omit<CloudCall, "refused">, inputs: Props): void {
    for (const ref of referencedIds(inputs)) {
      if (!this.exists(ref, call.id)) {
        const code = call.type.startsWith(AZURE) ? "NotFound" : `Invalid${ref.split("-")[0]!.toUpperCase()}ID.NotFound`;
        this.refuse(call, new CloudError(code, `${ref} does not exist (named by ${nameOf(call.urn)})`));
      }
    }
  }

  /** Outputs for a new object: the offline mocks' shape, with a cloud's fresh ids and addresses. */
  private outputsFor(type: string, urn: string, inputs: Props): { id: string; outputs: Props } {
    const serial = ++this.serial;
    // AWS names nothing after the program's logical name: every object gets a fresh id.
    const name = type.startsWith(AZURE) ? nameOf(urn) : `${nameOf(urn)}#${serial}`;
    const result = new OfflineMocks().resourceOutputs(type, name, inputs);
    const outputs = { ...result.state };
    if (type === TYPES.publicIp) outputs["ipAddress"] = `198.51.100.${10 + (serial % 240)}`;
    if (type === TYPES.vpnConnection) {
      outputs["tunnel1Address"] = `203.0.113.${(2 * serial) % 250}`;
      outputs["tunnel2Address"] = `203.0.113.${(2 * serial + 1) % 250}`;
    }
    return { id: result.id ?? `id-${serial}`, outputs: { ...inputs, ...outputs } };
  }

  create(type: string, urn: string, inputs: Props): CloudObject {
    const { id, outputs } = this.outputsFor(type, urn, inputs);
    const call = { op: "create" as const, urn, type, id };
    if (type.startsWith(AZURE) && this.get(id)) this.refuse(call, new CloudError("Conflict", `cannot create already existing resource '${id}'`));
    this.checkReferences(call, inputs);
    this.checkCreateRules(call, inputs);
    const object = { key: this.serial, id, type, urn, inputs, outputs };
    this.objects.set(object.key, object);
    this.calls.push(call);
    this.save();
    return object;
  }

  update(id: string, type: string, urn: string, inputs: Props): CloudObject {
    const call = { op: "update" as const, urn, type, id };
    const object = this.get(id, urn);
    if (!object) this.refuse(call, new CloudError("NotFound", `${id} does not exist`));
    if (type.startsWith(AZURE) && object.inputs["location"] !== undefined && inputs["location"] !== object.inputs["location"]) {
      this.refuse(call, new CloudError("InvalidResourceLocation", `The resource '${id}' already exists in location '${String(object.inputs["location"])}'. A resource with the same name cannot be created in location '${String(inputs["location"])}'.`));
    }
    this.checkReferences(call, inputs);
    const updated = { ...object, urn, inputs, outputs: updatedState(object.outputs, inputs) };
    this.objects.set(object.key, updated);
    this.calls.push(call);
    this.save();
    return updated;
  }

  delete(id: string, type: string, urn: string): void {
    const call = { op: "delete" as const, urn, type, id };
    const object = this.get(id, urn);
    if (!object) {
      // Deleting what is already gone succeeds at both clouds' APIs (the providers treat NotFound as done).
      this.calls.push(call);
      return;
    }
    for (const holder of this.objects.values()) {
      if (holder.key === object.key) continue;
      for (const rule of IN_USE_RULES) {
        if (rule.held !== type || !rule.holders.includes(holder.type)) continue;
        if (strings(holder.inputs[rule.property]).includes(id)) this.refuse(call, new CloudError("InUse", `${rule.rule}: ${nameOf(holder.urn)} (${holder.id}) still uses ${id}`));
      }
    }
    this.objects.delete(object.key);
    this.calls.push(call);
    this.save();
  }

  /** The create-time rules of offline/update/cloud.ts, against the live world. */
  private checkCreateRules(call: Omit<CloudCall, "refused">, inputs: Props): void {
    const others = this.live().filter((o) => o.type === call.type);
    if (call.type === TYPES.vpnConnection && typeof inputs["vpnGatewayId"] === "string") {
      const mine = ["tunnel1InsideCidr", "tunnel2InsideCidr"].map((k) => inputs[k]).filter((v): v is string => typeof v === "string");
      for (const other of others.filter((o) => o.inputs["vpnGatewayId"] === inputs["vpnGatewayId"])) {
        const clash = ["tunnel1InsideCidr", "tunnel2InsideCidr"].map((k) => other.inputs[k]).filter((c): c is string => typeof c === "string" && mine.includes(c));
        if (clash.length > 0) this.refuse(call, new CloudError("InvalidParameterValue", `The tunnel inside CIDR ${clash.join(", ")} is already in use by ${other.id} on the same virtual private gateway`));
      }
    }
    if (call.type === TYPES.awsSubnet) {
      const mine = parseIpv4Cidr(String(inputs["cidrBlock"]));
      for (const other of others.filter((o) => o.inputs["vpcId"] === inputs["vpcId"])) {
        const theirs = parseIpv4Cidr(String(other.inputs["cidrBlock"]));
        if (mine.ok && theirs.ok && overlaps(mine.cidr, theirs.cidr)) this.refuse(call, new CloudError("InvalidSubnet.Conflict", `The CIDR '${String(inputs["cidrBlock"])}' conflicts with another subnet (${other.id})`));
      }
    }
    if (call.type === TYPES.vpnGatewayAttachment) {
      const attached = others.find((o) => o.inputs["vpcId"] === inputs["vpcId"]);
      if (attached) this.refuse(call, new CloudError("InvalidParameterValue", `VPC ${String(inputs["vpcId"])} already has virtual private gateway ${String(attached.inputs["vpnGatewayId"])} attached`));
    }
    if (call.type === TYPES.securityGroup) {
      const same = others.find((o) => o.inputs["vpcId"] === inputs["vpcId"] && o.inputs["name"] !== undefined && o.inputs["name"] === inputs["name"]);
      if (same) this.refuse(call, new CloudError("InvalidGroup.Duplicate", `The security group '${String(inputs["name"])}' already exists for VPC '${String(inputs["vpcId"])}'`));
    }
    if (call.type === TYPES.keyPair) {
      const same = others.find((o) => o.inputs["keyName"] !== undefined && o.inputs["keyName"] === inputs["keyName"]);
      if (same) this.refuse(call, new CloudError("InvalidKeyPair.Duplicate", `The keypair '${String(inputs["keyName"])}' already exists.`));
    }
  }
}
