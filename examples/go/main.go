// A Go user's Pulumi program built from the azureawsvpn component package: the repository's dev
// stack (Pulumi.dev.yaml: static routing, an active-standby Azure gateway, one AWS VPN connection
// with two tunnels, test hosts on) in two forms:
//
//   - deploy: one Vpn, its args the dev stack's settings, one arg per config key of the same name;
//   - deployComposed: AzureSide, AwsSide, one TunnelPair and TestHosts composed here, wired as Vpn
//     wires them (infra/components/vpn.ts), with the topology Vpn would compute written out.
//
// Both deploy the same cloud resources (tests/engine/examples-go.test.ts checks it against the
// real engine). AAV_EXAMPLE_FORM=composed picks the second form; anything else, or nothing, the first.
package main

import (
	"os"

	"github.com/azure-aws-vpn/azure-aws-vpn/sdk/go/azureawsvpn"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// FormEnv names the environment variable that picks the program's form.
const FormEnv = "AAV_EXAMPLE_FORM"

func main() {
	pulumi.Run(programFor(os.Getenv(FormEnv)))
}

// programFor is the program of a form: "composed" or, for anything else, the one Vpn.
func programFor(form string) pulumi.RunFunc {
	if form == "composed" {
		return deployComposed
	}
	return deploy
}

func ptr[T any](v T) *T { return &v }

// The dev stack's settings (Pulumi.dev.yaml), shared by both forms.
const (
	azureLocation     = "eastus"            // azure-native:location
	awsRegion         = "us-east-1"         // aws:region
	resourceGroupName = "rg-azure-aws"      // azure-aws-vpn:resourceGroupName
	vnetName          = "vnet-azure"        // azure-aws-vpn:vnetName
	vnetAddressSpace  = "172.10.0.0/16"     // azure-aws-vpn:vnetAddressSpace[0]
	azureSubnetName   = "subnet-01"         // azure-aws-vpn:azureSubnets[0].name
	azureSubnetCidr   = "172.10.1.0/24"     // azure-aws-vpn:azureSubnets[0].cidr
	gatewaySubnetCidr = "172.10.0.0/27"     // azure-aws-vpn:gatewaySubnetCidr
	gatewayName       = "vpn-azure-aws"     // azure-aws-vpn:gatewayName
	publicIpName      = "pip-vpn-azure-aws" // azure-aws-vpn:publicIpName
	vpcName           = "vpc-azure-aws"     // azure-aws-vpn:vpcName
	vpcCidr           = "10.0.0.0/16"       // azure-aws-vpn:vpcCidr
	awsSubnetName     = "subnet-aws-01"     // azure-aws-vpn:awsSubnets[0].name
	awsSubnetCidr     = "10.0.1.0/24"       // azure-aws-vpn:awsSubnets[0].cidr
	awsSubnetZone     = "us-east-1a"        // azure-aws-vpn:awsSubnets[0].availabilityZone
	adminCidr         = "203.0.113.10/32"   // azure-aws-vpn:adminCidr
	// azure-aws-vpn:sshPublicKey: an example key whose private half was discarded; use yours.
	sshPublicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICx4L2j3KUhRrNaPWZNW8tFR5WFtgYIeTfcAsa7Y7YFf dev@example"
)

// vpnArgs maps each key of Pulumi.dev.yaml to the Vpn arg of the same name (schema.json documents
// them); the args left out take Vpn's defaults, as the stack's config does.
func vpnArgs() *azureawsvpn.VpnArgs {
	return &azureawsvpn.VpnArgs{
		AzureLocation:     azureLocation,
		AwsRegion:         awsRegion,
		ResourceGroupName: pulumi.StringRef(resourceGroupName),
		VnetName:          pulumi.StringRef(vnetName),
		VnetAddressSpace:  []string{vnetAddressSpace},
		AzureSubnets:      []azureawsvpn.VpnAzureSubnetArgs{{Name: azureSubnetName, Cidr: azureSubnetCidr}},
		GatewaySubnetCidr: pulumi.StringRef(gatewaySubnetCidr),
		GatewayName:       pulumi.StringRef(gatewayName),
		PublicIpName:      pulumi.StringRef(publicIpName),
		GatewaySku:        ptr(azureawsvpn.GatewaySkuVpnGw1AZ),
		GatewayGeneration: ptr(azureawsvpn.GatewayGenerationGeneration1),
		VpcName:           pulumi.StringRef(vpcName),
		VpcCidr:           vpcCidr,
		AwsSubnets: []azureawsvpn.VpnAwsSubnetArgs{{
			Name:             awsSubnetName,
			Cidr:             awsSubnetCidr,
			AvailabilityZone: pulumi.StringRef(awsSubnetZone),
		}},
		Routing:      ptr(azureawsvpn.RoutingModeStatic),
		ActiveActive: pulumi.BoolRef(false),
		TestVms:      pulumi.BoolRef(true),
		AdminCidr:    pulumi.StringRef(adminCidr),
		SshPublicKey: pulumi.StringPtr(sshPublicKey),
	}
}

// deploy builds the whole VPN as one Vpn and exports its outputs (the stack outputs contract).
func deploy(ctx *pulumi.Context) error {
	vpn, err := azureawsvpn.NewVpn(ctx, "vpn", vpnArgs())
	if err != nil {
		return err
	}
	ctx.Export("contractVersion", vpn.ContractVersion)
	ctx.Export("routing", vpn.Routing)
	ctx.Export("azure", vpn.Azure)
	ctx.Export("aws", vpn.Aws)
	ctx.Export("tunnels", vpn.Tunnels)
	ctx.Export("testHosts", vpn.TestHosts)
	return nil
}

// The topology Vpn computes for these settings (infra/topology.ts; `npm run plan` shows it): one
// Azure gateway instance, so one public IP, one AWS VPN connection (c1) to its customer gateway,
// and that connection's two tunnels, each with its inside /30 from Vpn's default
// tunnelInsideCidrs and its own local network gateway and connection on Azure (the second one
// named -standby).
var connection = azureawsvpn.TunnelPairConnectionArgs{
	Number:        1,
	AzureInstance: 0,
	Tunnels: []azureawsvpn.TunnelPairTunnelArgs{
		{
			Id: "c1t1", Index: 0, TunnelNumber: 1, AzureInstance: 0,
			InsideCidr: "169.254.21.0/30", AwsInsideAddress: "169.254.21.1", AzureInsideAddress: "169.254.21.2",
			LocalNetworkGatewayName: "lng-azure-aws", ConnectionName: "cn-azure-aws",
		},
		{
			Id: "c1t2", Index: 1, TunnelNumber: 2, AzureInstance: 0,
			InsideCidr: "169.254.22.0/30", AwsInsideAddress: "169.254.22.1", AzureInsideAddress: "169.254.22.2",
			LocalNetworkGatewayName: "lng-azure-aws-standby", ConnectionName: "cn-azure-aws-standby",
		},
	},
}

// Vpn's defaults for the settings the dev stack leaves out.
const (
	azureAsn = 65000 // azureAsn: the Azure gateway's ASN, declared on the customer gateway
	awsAsn   = 64512 // awsAsn: the virtual private gateway's Amazon-side ASN
)

// deployComposed builds the same VPN from its parts, named as Vpn "vpn" names them, so that they
// create the same cloud resources under the same names: the Azure side first, the AWS side with a
// customer gateway at the Azure gateway's public IP, then the tunnel pair between the two gateways
// and the test hosts.
func deployComposed(ctx *pulumi.Context) error {
	// Nothing protected: the dev stack's protect is false.
	unprotected := []azureawsvpn.GuardedResource{}

	azureSide, err := azureawsvpn.NewAzureSide(ctx, "vpn-azure", &azureawsvpn.AzureSideArgs{
		Location:           pulumi.String(azureLocation),
		ResourceGroupName:  resourceGroupName,
		VnetName:           vnetName,
		VnetAddressSpace:   pulumi.StringArray{pulumi.String(vnetAddressSpace)},
		WorkloadSubnets:    []azureawsvpn.NamedCidrArgs{{Name: azureSubnetName, Cidr: azureSubnetCidr}},
		GatewaySubnetCidr:  pulumi.String(gatewaySubnetCidr),
		GatewayName:        gatewayName,
		PublicIpNames:      []string{publicIpName}, // one instance: active-standby
		PublicIpZones:      pulumi.ToStringArray([]string{"1", "2", "3"}),
		GatewaySku:         azureawsvpn.GatewaySkuVpnGw1AZ,
		GatewayGeneration:  azureawsvpn.GatewayGenerationGeneration1,
		ProtectedResources: unprotected,
		// Bgp: none, the routing is static.
	})
	if err != nil {
		return err
	}

	awsSide, err := azureawsvpn.NewAwsSide(ctx, "vpn-aws", &azureawsvpn.AwsSideArgs{
		AwsRegion:     pulumi.String(awsRegion), // every AWS resource's region, as Vpn passes it
		VpcName:       vpcName,
		VpcCidr:       pulumi.String(vpcCidr),
		Subnets:       []azureawsvpn.AwsSubnetConfigArgs{{Name: awsSubnetName, Cidr: awsSubnetCidr, AvailabilityZone: pulumi.StringRef(awsSubnetZone)}},
		AmazonSideAsn: ptr(awsAsn),
		Attachment:    azureawsvpn.AwsAttachmentVirtualPrivateGateway,
		Routing:       azureawsvpn.RoutingModeStatic,
		AzurePrefixes: []string{vnetAddressSpace},
		// One customer gateway per Azure gateway instance, at that instance's public IP.
		CustomerGatewayIps: []pulumi.StringInput{azureSide.PublicIpAddresses.Index(pulumi.Int(0))},
		CustomerGatewayAsn: pulumi.Int(azureAsn),
		ProtectedResources: unprotected,
	})
	if err != nil {
		return err
	}

	pair, err := azureawsvpn.NewTunnelPair(ctx, "vpn-tunnels-c1", &azureawsvpn.TunnelPairArgs{
		Connection: connection,
		AwsRegion:  pulumi.String(awsRegion),
		// The customer gateway of the connection's Azure instance, and the virtual private gateway.
		CustomerGatewayId: awsSide.CustomerGatewayIds.Index(pulumi.Int(connection.AzureInstance)),
		VpnGatewayId:      awsSide.VpnGatewayId,
		Attachment:        ptr(azureawsvpn.AwsAttachmentVirtualPrivateGateway),
		TunnelBandwidth:   ptr(azureawsvpn.TunnelBandwidthStandard),
		Routing:           azureawsvpn.RoutingModeStatic,
		AzurePrefixes:     []string{vnetAddressSpace},
		AwsPrefixes:       pulumi.StringArray{pulumi.String(vpcCidr)},
		AwsAsn:            pulumi.Int(awsAsn),
		// The Azure gateway the connections terminate on, in the side's resource group.
		Location:                pulumi.String(azureLocation),
		ResourceGroupName:       azureSide.ResourceGroupName,
		AzureGatewayId:          azureSide.GatewayId,
		AzureIpConfigurationIds: []pulumi.StringInput{azureSide.IpConfigurationIds.Index(pulumi.Int(0))},
		// Each tunnel's Azure inside address, per instance (read with BGP only).
		ApipaByInstance:    [][]string{{"169.254.21.2", "169.254.22.2"}},
		KeyRotation:        []int{0, 0}, // no key rotated yet: tunnel 1, tunnel 2
		ProtectedResources: unprotected,
		// Ipsec: none, so Vpn's default IPsec/IKE profile (README, "IPsec profile"), as the dev stack
		// has it. Overrides name only what they change, e.g.
		// &azureawsvpn.VpnIpsecArgs{Phase2: &azureawsvpn.VpnIpsecPhase2Args{PfsGroup: ptr(24)}}.
	})
	if err != nil {
		return err
	}

	hosts, err := azureawsvpn.NewTestHosts(ctx, "vpn-test", &azureawsvpn.TestHostsArgs{
		AwsRegion:         pulumi.String(awsRegion),
		Location:          pulumi.String(azureLocation),
		ResourceGroupName: azureSide.ResourceGroupName,
		AzureSubnetId:     azureSide.WorkloadSubnetIds.Index(pulumi.Int(0)),
		AzurePrefixes:     pulumi.StringArray{pulumi.String(vnetAddressSpace)},
		VpcId:             awsSide.VpcId,
		AwsPrefixes:       pulumi.StringArray{pulumi.String(vpcCidr)},
		AwsSubnetId:       awsSide.SubnetIds.Index(pulumi.Int(0)),
		AwsRouteTableId:   awsSide.RouteTableIds.Index(pulumi.Int(0)),
		AdminCidr:         pulumi.String(adminCidr),
		SshPublicKey:      pulumi.String(sshPublicKey),
		NamePrefix:        vpcName,
	})
	if err != nil {
		return err
	}

	// The stack outputs: one per part, holding what a consumer reads from that part.
	ctx.Export("azureSide", pulumi.Map{"gatewayId": azureSide.GatewayId, "publicIpAddresses": azureSide.PublicIpAddresses})
	ctx.Export("awsSide", pulumi.Map{"vpcId": awsSide.VpcId, "gatewayId": awsSide.GatewayId})
	ctx.Export("tunnelPair", pulumi.Map{"vpnConnectionId": pair.VpnConnectionId, "tunnels": pair.Tunnels})
	ctx.Export("testHosts", pulumi.StringMap{"awsPrivateIp": hosts.AwsPrivateIp, "azurePrivateIp": hosts.AzurePrivateIp})
	return nil
}
