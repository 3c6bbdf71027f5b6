// Component TestHosts: one VM a side with its network plumbing, to test the tunnels end to end (dev only). Only wires resources.
import * as pulumi from "@pulumi/pulumi";
import * as awsEc2 from "@pulumi/aws/ec2";
import * as azureCompute from "@pulumi/azure-native/compute";
import * as azureNetwork from "@pulumi/azure-native/network";
import { testVmComputerName } from "../nameRules";
import { awsTags, azureTags } from "../tags";
import { TYPES } from "../types";

// Provider submodules, not the packages' roots: a root loads every one of its modules (about
// 1.3 s and 45 MB per process for both providers); the rest of the file reads as with the roots.
const aws = { ec2: awsEc2 };
const azure = { compute: azureCompute, network: azureNetwork };

export interface TestHostsArgs {
  /** AWS region of every AWS resource this component creates, e.g. us-east-1 (default: the aws provider's region). */
  awsRegion?: pulumi.Input<string>;
  /** Azure region. */
  location: pulumi.Input<string>;
  /** Azure resource group. */
  resourceGroupName: pulumi.Input<string>;
  /** Azure workload subnet the VM's NIC joins. */
  azureSubnetId: pulumi.Input<string>;
  /** Azure prefixes allowed to ping the AWS host. */
  azurePrefixes: pulumi.Input<pulumi.Input<string>[]>;
  /** AWS VPC. */
  vpcId: pulumi.Input<string>;
  /** VPC CIDR(s), allowed to ping the Azure host. */
  awsPrefixes: pulumi.Input<pulumi.Input<string>[]>;
  /** AWS subnet the instance runs in. */
  awsSubnetId: pulumi.Input<string>;
  /** Workload route table that gets the default route through the internet gateway. */
  awsRouteTableId: pulumi.Input<string>;
  /** The only network SSH is allowed from. */
  adminCidr: pulumi.Input<string>;
  /** OpenSSH public key installed on both hosts. */
  sshPublicKey: pulumi.Input<string>;
  /** Prefix for cloud-side names (plain: names the VM's computer name, which is checked). */
  namePrefix: string;
  /** Tags on every taggable resource this component creates, with managed-by (plain). */
  tags?: Record<string, string>;
}

/**
 * The document's test setup, not needed by the VPN itself: an internet gateway and a small Linux
 * host on AWS, a small Linux VM on Azure, each admitting ICMP from the other side and SSH only
 * from the admin CIDR.
 */
export class TestHosts extends pulumi.ComponentResource {
  /** The AWS test host's private IPv4 address. */
  public readonly awsPrivateIp: pulumi.Output<string>;
  /** The Azure test VM's private IPv4 address. */
  public readonly azurePrivateIp: pulumi.Output<string>;

  constructor(name: string, args: TestHostsArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TYPES.testHosts, name, {}, opts);
    const parent = { parent: this };
    const tags = azureTags(args.tags);

    // AWS: reachable from the admin's network only through an internet gateway.
    const igw = new aws.ec2.InternetGateway(`${name}-igw`, {
      region: args.awsRegion,
      vpcId: args.vpcId,
      tags: awsTags(args.tags, `${args.namePrefix}-igw`),
    }, parent);
    new aws.ec2.Route(`${name}-default-route`, {
      region: args.awsRegion,
      routeTableId: args.awsRouteTableId,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: igw.id,
    }, parent);
    const securityGroup = new aws.ec2.SecurityGroup(`${name}-sg`, {
      region: args.awsRegion,
      vpcId: args.vpcId,
      description: "Test host: ICMP from Azure, SSH from the admin CIDR",
      ingress: [
        { protocol: "icmp", fromPort: -1, toPort: -1, cidrBlocks: args.azurePrefixes, description: "ping from Azure" },
        { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: [args.adminCidr], description: "SSH from the admin CIDR" },
      ],
      egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], description: "all outbound" }],
      tags: awsTags(args.tags, `${args.namePrefix}-test-sg`),
    }, parent);
    const keyPair = new aws.ec2.KeyPair(`${name}-key`, { region: args.awsRegion, publicKey: args.sshPublicKey, tags: awsTags(args.tags, `${args.namePrefix}-test-key`) }, parent);
    const ami = aws.ec2.getAmiOutput({
      region: args.awsRegion,
      mostRecent: true,
      owners: ["amazon"],
      filters: [
        { name: "name", values: ["al2023-ami-2023.*-x86_64"] },
        { name: "architecture", values: ["x86_64"] },
      ],
    }, parent);
    const instance = new aws.ec2.Instance(`${name}-aws-vm`, {
      region: args.awsRegion,
      ami: ami.id,
      instanceType: "t3.micro",
      subnetId: args.awsSubnetId,
      vpcSecurityGroupIds: [securityGroup.id],
      associatePublicIpAddress: true,
      keyName: keyPair.keyName,
      metadataOptions: { httpTokens: "required" },
      tags: awsTags(args.tags, `${args.namePrefix}-test-aws`),
    }, parent);

    // Azure: a VM with an SSH key only, behind an NSG.
    const nsg = new azure.network.NetworkSecurityGroup(`${name}-nsg`, {
      resourceGroupName: args.resourceGroupName,
      location: args.location,
      securityRules: [
        {
          name: "allow-icmp-from-aws",
          priority: 100,
          direction: "Inbound",
          access: "Allow",
          protocol: "Icmp",
          sourceAddressPrefixes: args.awsPrefixes,
          sourcePortRange: "*",
          destinationAddressPrefix: "*",
          destinationPortRange: "*",
        },
        {
          name: "allow-ssh-from-admin",
          priority: 110,
          direction: "Inbound",
          access: "Allow",
          protocol: "Tcp",
          sourceAddressPrefix: args.adminCidr,
          sourcePortRange: "*",
          destinationAddressPrefix: "*",
          destinationPortRange: "22",
        },
      ],
      tags,
    }, parent);
    const vmPublicIp = new azure.network.PublicIPAddress(`${name}-azure-vm-pip`, {
      resourceGroupName: args.resourceGroupName,
      location: args.location,
      sku: { name: "Standard", tier: "Regional" },
      publicIPAllocationMethod: "Static",
      tags,
    }, parent);
    const nic = new azure.network.NetworkInterface(`${name}-nic`, {
      resourceGroupName: args.resourceGroupName,
      location: args.location,
      networkSecurityGroup: { id: nsg.id },
      ipConfigurations: [{
        name: "ipconfig1",
        subnet: { id: args.azureSubnetId },
        privateIPAllocationMethod: "Dynamic",
        publicIPAddress: { id: vmPublicIp.id },
      }],
      tags,
    }, {
      parent: this,
      // Azure refuses to delete a subnet, public IP or NSG a NIC uses: a NIC whose references
      // change is re-created, so the engine also deletes it ahead of them.
      replaceOnChanges: ["ipConfigurations", "networkSecurityGroup"],
    });
    new azure.compute.VirtualMachine(`${name}-azure-vm`, {
      resourceGroupName: args.resourceGroupName,
      location: args.location,
      hardwareProfile: { vmSize: "Standard_B1s" },
      networkProfile: { networkInterfaces: [{ id: nic.id, primary: true }] },
      osProfile: {
        computerName: testVmComputerName(args.namePrefix),
        adminUsername: "azureuser",
        linuxConfiguration: {
          disablePasswordAuthentication: true,
          ssh: { publicKeys: [{ path: "/home/azureuser/.ssh/authorized_keys", keyData: args.sshPublicKey }] },
        },
      },
      storageProfile: {
        imageReference: { publisher: "Canonical", offer: "ubuntu-24_04-lts", sku: "server", version: "latest" },
        osDisk: { createOption: "FromImage", managedDisk: { storageAccountType: "Standard_LRS" }, deleteOption: "Delete" },
      },
      tags,
    }, {
      parent: this,
      // Azure refuses to delete a NIC attached to a VM: the VM goes with its NIC.
      replaceOnChanges: ["networkProfile"],
    });

    this.awsPrivateIp = instance.privateIp;
    this.azurePrivateIp = nic.ipConfigurations.apply((configs) => {
      const ip = configs?.[0]?.privateIPAddress;
      if (!ip) throw new Error("the Azure test VM's NIC has no private IP address");
      return ip;
    });

    this.registerOutputs({ awsPrivateIp: this.awsPrivateIp, azurePrivateIp: this.azurePrivateIp });
  }
}
