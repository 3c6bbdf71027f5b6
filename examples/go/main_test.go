package main

// Both forms of the program under Pulumi's Go mocks: which components they register, with which
// args, and, for the composed form, that each part receives the outputs of the parts it depends
// on. Under mocks every component is remote: the mocks see its registration and its args, not its
// children (the package's plugin builds those; tests/engine/examples-go.test.ts deploys them).

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"gopkg.in/yaml.v3"
)

const pkg = "azureawsvpn:index:"

// registration is one resource the program registered: its type, name and inputs as plain values.
type registration struct {
	Type   string
	Name   string
	Inputs map[string]interface{}
}

// mocks records every registration and answers each component with the outputs in `outputs`
// (by type), as its plugin would.
type mocks struct {
	mu            sync.Mutex
	registrations []registration
	outputs       map[string]map[string]interface{}
}

func (m *mocks) NewResource(args pulumi.MockResourceArgs) (string, resource.PropertyMap, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.registrations = append(m.registrations, registration{Type: args.TypeToken, Name: args.Name, Inputs: plain(args.Inputs.Mappable())})
	state := m.outputs[args.TypeToken]
	if state == nil {
		state = map[string]interface{}{}
	}
	return args.Name + "_id", resource.NewPropertyMapFromMap(state), nil
}

func (m *mocks) Call(args pulumi.MockCallArgs) (resource.PropertyMap, error) {
	return nil, fmt.Errorf("unexpected call of %s", args.Token)
}

// plain turns a value into JSON's shapes (maps, slices, float64, string, bool), for comparisons.
func plain(v interface{}) map[string]interface{} {
	data, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	var out map[string]interface{}
	if err := json.Unmarshal(data, &out); err != nil {
		panic(err)
	}
	return out
}

// run runs a form of the program under the mocks and returns what it registered, sorted by name.
func run(t *testing.T, program pulumi.RunFunc, outputs map[string]map[string]interface{}) []registration {
	t.Helper()
	m := &mocks{outputs: outputs}
	if err := pulumi.RunErr(program, pulumi.WithMocks("azure-aws-vpn", "dev", m)); err != nil {
		t.Fatalf("the program failed: %v", err)
	}
	sort.Slice(m.registrations, func(i, j int) bool { return m.registrations[i].Name < m.registrations[j].Name })
	return m.registrations
}

func find(t *testing.T, regs []registration, typ, name string) registration {
	t.Helper()
	for _, r := range regs {
		if r.Type == pkg+typ && r.Name == name {
			return r
		}
	}
	t.Fatalf("no %s %q among %v", typ, name, summary(regs))
	return registration{}
}

func summary(regs []registration) []string {
	out := make([]string, len(regs))
	for i, r := range regs {
		out[i] = strings.TrimPrefix(r.Type, pkg) + " " + r.Name
	}
	return out
}

func equal(t *testing.T, what string, got, want interface{}) {
	t.Helper()
	g, w := plainValue(got), plainValue(want)
	if !reflect.DeepEqual(g, w) {
		gj, _ := json.Marshal(g)
		wj, _ := json.Marshal(w)
		t.Errorf("%s:\n got  %s\n want %s", what, gj, wj)
	}
}

func plainValue(v interface{}) interface{} {
	return plain(map[string]interface{}{"v": v})["v"]
}

// equalArgs checks the args of the registered component of type typ named name.
func equalArgs(t *testing.T, regs []registration, typ, name string, want interface{}) {
	t.Helper()
	equal(t, fmt.Sprintf("the args of %s %s", typ, name), find(t, regs, typ, name).Inputs, want)
}

// devConfig is the repository's Pulumi.dev.yaml config, each key as the Vpn arg of the same name
// (azure-native:location is azureLocation, aws:region awsRegion).
func devConfig(t *testing.T) map[string]interface{} {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "..", "Pulumi.dev.yaml"))
	if err != nil {
		t.Fatalf("the dev stack's config: %v", err)
	}
	var file struct {
		Config map[string]interface{} `yaml:"config"`
	}
	if err := yaml.Unmarshal(data, &file); err != nil {
		t.Fatalf("Pulumi.dev.yaml: %v", err)
	}
	args := map[string]interface{}{}
	for key, value := range file.Config {
		switch {
		case key == "azure-native:location":
			args["azureLocation"] = value
		case key == "aws:region":
			args["awsRegion"] = value
		case strings.HasPrefix(key, "azure-aws-vpn:"):
			args[strings.TrimPrefix(key, "azure-aws-vpn:")] = value
		default:
			t.Fatalf("Pulumi.dev.yaml has %s, which no Vpn arg maps", key)
		}
	}
	return plain(args)
}

func TestVpnForm(t *testing.T) {
	regs := run(t, deploy, nil)
	if len(regs) != 1 {
		t.Fatalf("one Vpn registered, got %v", summary(regs))
	}
	// Every key of Pulumi.dev.yaml is the Vpn arg of the same name with the same value, and the
	// program passes nothing else: the Vpn takes the dev stack's defaults for the rest.
	equalArgs(t, regs, "Vpn", "vpn", devConfig(t))
}

// azureID is the id Azure gives a network resource in the dev stack's resource group.
func azureID(path string) string {
	return "/subscriptions/0000/resourceGroups/rg-azure-aws/providers/Microsoft.Network/" + path
}

// awsID is an id as EC2 shapes it: the resource's prefix and 17 hex digits.
func awsID(prefix string) string {
	return prefix + "-0123456789abcdef0"
}

// What the mocks answer for each component: the outputs its plugin would give, ids as the clouds
// shape them.
var composedOutputs = map[string]map[string]interface{}{
	pkg + "AzureSide": {
		"resourceGroupName":  "rg-azure-aws",
		"vnetId":             azureID("virtualNetworks/vnet-azure"),
		"vnetName":           "vnet-azure",
		"gatewayId":          azureID("virtualNetworkGateways/vpn-azure-aws"),
		"publicIpAddresses":  []interface{}{"198.51.100.76"},
		"ipConfigurationIds": []interface{}{azureID("virtualNetworkGateways/vpn-azure-aws/ipConfigurations/default")},
		"workloadSubnetIds":  []interface{}{azureID("virtualNetworks/vnet-azure/subnets/subnet-01")},
	},
	pkg + "AwsSide": {
		"vpcId":              awsID("vpc"),
		"vpcCidr":            "10.0.0.0/16",
		"gatewayId":          awsID("vgw"),
		"vpnGatewayId":       awsID("vgw"),
		"customerGatewayIds": []interface{}{awsID("cgw")},
		"subnetIds":          []interface{}{awsID("subnet")},
		"routeTableIds":      []interface{}{awsID("rtb")},
	},
	pkg + "TunnelPair": {
		"vpnConnectionId": awsID("vpn"),
	},
	pkg + "TestHosts": {
		"awsPrivateIp":   "10.0.1.10",
		"azurePrivateIp": "172.10.1.4",
	},
}

func TestComposedForm(t *testing.T) {
	regs := run(t, deployComposed, composedOutputs)
	equal(t, "the components registered", summary(regs), []string{"AwsSide vpn-aws", "AzureSide vpn-azure", "TestHosts vpn-test", "TunnelPair vpn-tunnels-c1"})
	dev := devConfig(t)
	azureOut, awsOut := composedOutputs[pkg+"AzureSide"], composedOutputs[pkg+"AwsSide"]

	equalArgs(t, regs, "AzureSide", "vpn-azure", map[string]interface{}{
		"location":           dev["azureLocation"],
		"resourceGroupName":  dev["resourceGroupName"],
		"vnetName":           dev["vnetName"],
		"vnetAddressSpace":   dev["vnetAddressSpace"],
		"workloadSubnets":    dev["azureSubnets"],
		"gatewaySubnetCidr":  dev["gatewaySubnetCidr"],
		"gatewayName":        dev["gatewayName"],
		"publicIpNames":      []interface{}{dev["publicIpName"]},
		"publicIpZones":      []interface{}{"1", "2", "3"},
		"gatewaySku":         dev["gatewaySku"],
		"gatewayGeneration":  dev["gatewayGeneration"],
		"protectedResources": []interface{}{},
	})

	equalArgs(t, regs, "AwsSide", "vpn-aws", map[string]interface{}{
		"awsRegion":          dev["awsRegion"],
		"vpcName":            dev["vpcName"],
		"vpcCidr":            dev["vpcCidr"],
		"subnets":            dev["awsSubnets"],
		"amazonSideAsn":      64512,
		"attachment":         "vgw",
		"routing":            dev["routing"],
		"azurePrefixes":      dev["vnetAddressSpace"],
		"customerGatewayIps": azureOut["publicIpAddresses"], // AzureSide's output
		"customerGatewayAsn": 65000,
		"protectedResources": []interface{}{},
	})

	pair := find(t, regs, "TunnelPair", "vpn-tunnels-c1")
	// The wiring: each id is the output of the part that creates it.
	equal(t, "TunnelPair's customerGatewayId (AwsSide's customerGatewayIds[0])", pair.Inputs["customerGatewayId"], awsOut["customerGatewayIds"].([]interface{})[0])
	equal(t, "TunnelPair's vpnGatewayId (AwsSide's)", pair.Inputs["vpnGatewayId"], awsOut["vpnGatewayId"])
	equal(t, "TunnelPair's azureGatewayId (AzureSide's gatewayId)", pair.Inputs["azureGatewayId"], azureOut["gatewayId"])
	equal(t, "TunnelPair's resourceGroupName (AzureSide's)", pair.Inputs["resourceGroupName"], azureOut["resourceGroupName"])
	equal(t, "TunnelPair's azureIpConfigurationIds (AzureSide's)", pair.Inputs["azureIpConfigurationIds"], azureOut["ipConfigurationIds"])
	// The topology Vpn computes for the dev settings: connection 1 on instance 0, its two tunnels.
	equal(t, "TunnelPair's connection", pair.Inputs["connection"], map[string]interface{}{
		"number": 1, "azureInstance": 0,
		"tunnels": []interface{}{
			map[string]interface{}{"id": "c1t1", "index": 0, "tunnelNumber": 1, "azureInstance": 0, "insideCidr": "169.254.21.0/30", "awsInsideAddress": "169.254.21.1", "azureInsideAddress": "169.254.21.2", "localNetworkGatewayName": "lng-azure-aws", "connectionName": "cn-azure-aws"},
			map[string]interface{}{"id": "c1t2", "index": 1, "tunnelNumber": 2, "azureInstance": 0, "insideCidr": "169.254.22.0/30", "awsInsideAddress": "169.254.22.1", "azureInsideAddress": "169.254.22.2", "localNetworkGatewayName": "lng-azure-aws-standby", "connectionName": "cn-azure-aws-standby"},
		},
	})
	for key, want := range map[string]interface{}{
		"awsRegion": dev["awsRegion"], "routing": dev["routing"], "attachment": "vgw", "tunnelBandwidth": "standard", "awsAsn": 64512,
		"azurePrefixes": dev["vnetAddressSpace"], "awsPrefixes": []interface{}{dev["vpcCidr"]}, "location": dev["azureLocation"],
		"apipaByInstance": []interface{}{[]interface{}{"169.254.21.2", "169.254.22.2"}}, "keyRotation": []interface{}{0, 0},
		"protectedResources": []interface{}{},
	} {
		equal(t, "TunnelPair's "+key, pair.Inputs[key], want)
	}
	for _, absent := range []string{"transitGatewayId", "transitGatewayRouteTableId", "tunnelLogGroupArn", "ipsec"} {
		if v, ok := pair.Inputs[absent]; ok {
			t.Errorf("TunnelPair's %s: none with a virtual private gateway, no monitoring and the default IPsec profile, got %v", absent, v)
		}
	}

	equalArgs(t, regs, "TestHosts", "vpn-test", map[string]interface{}{
		"awsRegion":         dev["awsRegion"],
		"location":          dev["azureLocation"],
		"resourceGroupName": azureOut["resourceGroupName"],
		"azureSubnetId":     azureOut["workloadSubnetIds"].([]interface{})[0],
		"azurePrefixes":     dev["vnetAddressSpace"],
		"vpcId":             awsOut["vpcId"],
		"awsPrefixes":       []interface{}{dev["vpcCidr"]},
		"awsSubnetId":       awsOut["subnetIds"].([]interface{})[0],
		"awsRouteTableId":   awsOut["routeTableIds"].([]interface{})[0],
		"adminCidr":         dev["adminCidr"],
		"sshPublicKey":      dev["sshPublicKey"],
		"namePrefix":        dev["vpcName"],
	})
}

func TestFormFromEnvironment(t *testing.T) {
	for form, want := range map[string]string{"": "deploy", "vpn": "deploy", "composed": "deployComposed"} {
		got := "deploy"
		if reflect.ValueOf(programFor(form)).Pointer() == reflect.ValueOf(pulumi.RunFunc(deployComposed)).Pointer() {
			got = "deployComposed"
		}
		if got != want {
			t.Errorf("%s=%q runs %s, want %s", FormEnv, form, got, want)
		}
	}
}
