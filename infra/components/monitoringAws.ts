/**
 * AWS monitoring (issue 13): the tunnels' CloudWatch log group (AwsTunnelLogs, created before the
 * VPN connections that write to it), and an SNS topic with a TunnelState alarm per tunnel and an
 * "all tunnels down" alarm per VPN connection (AwsMonitoring, created after them). The metric
 * facts and their sources: docs/constraints.md, "Monitoring".
 */
import * as pulumi from "@pulumi/pulumi";
import * as awsCloudwatch from "@pulumi/aws/cloudwatch";
import * as awsSns from "@pulumi/aws/sns";
import type * as awsInputs from "@pulumi/aws/types/input";
import type { RoutingMode } from "../enums";
import { awsTags } from "../tags";
import { TYPES } from "../types";

// Provider submodules, not the package root (see tunnelPair.ts).
const aws = { cloudwatch: awsCloudwatch, sns: awsSns };

/** CloudWatch's AWS/VPN TunnelState: 1 up (static) or BGP established; 0 otherwise. */
export const TUNNEL_STATE = { namespace: "AWS/VPN", metricName: "TunnelState" } as const;
/** Period of every TunnelState alarm, in seconds, and how many periods must breach. */
export const ALARM_PERIOD_SECONDS = 300;
export const ALARM_EVALUATION_PERIODS = 2;

/**
 * A VPN tunnel's log options: tunnel (IKE/IPsec) logs to the group as JSON and, with BGP, the
 * BGP logs too (aws 7.48: bgpLogEnabled, bgpLogGroupArn; a static connection has no BGP to log).
 */
export function tunnelLogOptions(logGroupArn: pulumi.Input<string>, bgp: boolean): awsInputs.ec2.VpnConnectionTunnel1LogOptions {
  return {
    cloudwatchLogOptions: {
      logEnabled: true,
      logGroupArn,
      logOutputFormat: "json",
      ...(bgp ? { bgpLogEnabled: true, bgpLogGroupArn: logGroupArn, bgpLogOutputFormat: "json" } : {}),
    },
  };
}

export interface AwsTunnelLogsArgs {
  /** AWS region of every AWS resource this component creates, e.g. us-east-1 (default: the aws provider's region). */
  awsRegion?: pulumi.Input<string>;
  /** Retention of the tunnel (and BGP) logs in days: a value CloudWatch Logs accepts. */
  retentionDays: number;
  /** Tags on every taggable resource this component creates, with managed-by (plain). */
  tags?: Record<string, string>;
}

/** One CloudWatch log group for every tunnel's logs (and BGP logs) of the stack. */
export class AwsTunnelLogs extends pulumi.ComponentResource {
  /** The log group's ARN, which the VPN connections' log options point at. */
  public readonly logGroupArn: pulumi.Output<string>;
  /** The log group's name. */
  public readonly logGroupName: pulumi.Output<string>;

  constructor(name: string, args: AwsTunnelLogsArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TYPES.awsTunnelLogs, name, {}, opts);
    const group = new aws.cloudwatch.LogGroup(`${name}-group`, {
      region: args.awsRegion,
      // Readable in the console (project, stack, component); Pulumi adds a random suffix.
      namePrefix: `/azure-aws-vpn/${pulumi.getStack()}/${name}-`,
      retentionInDays: args.retentionDays,
      tags: awsTags(args.tags),
    }, { parent: this });
    this.logGroupArn = group.arn;
    this.logGroupName = group.name;
    this.registerOutputs({ logGroupArn: this.logGroupArn, logGroupName: this.logGroupName });
  }
}

/** One tunnel an alarm watches. */
export interface AwsMonitoringTunnelArgs {
  /** Stable tunnel id, e.g. c1t1. */
  id: string;
  /** The tunnel's AWS outside address: the TunnelIpAddress dimension. */
  outsideIp: pulumi.Input<string>;
}

/** One AWS VPN connection and its two tunnels. */
export interface AwsMonitoringConnectionArgs {
  /** 1-based connection number. */
  number: number;
  /** The VPN connection id: the VpnId dimension. */
  vpnConnectionId: pulumi.Input<string>;
  /** Its two tunnels. */
  tunnels: AwsMonitoringTunnelArgs[];
}

export interface AwsMonitoringArgs {
  /** AWS region of every AWS resource this component creates, e.g. us-east-1 (default: the aws provider's region). */
  awsRegion?: pulumi.Input<string>;
  /** Every AWS VPN connection (plain list: one alarm per tunnel and per connection). */
  connections: AwsMonitoringConnectionArgs[];
  /** static or bgp: what TunnelState measures (IPsec up, or BGP established). */
  routing: RoutingMode;
  /** An address to subscribe to the alarms' topic by e-mail (AWS sends a confirmation first). */
  email?: string;
  /** The Azure connections: every alarm is created after them (see the class comment). */
  after?: pulumi.Resource[];
  /** Tags on every taggable resource this component creates, with managed-by (plain). */
  tags?: Record<string, string>;
}

/** Pulumi resource name of a tunnel's alarm, from the component's name. */
export function tunnelAlarmName(name: string, tunnelId: string): string {
  return `${name}-${tunnelId}-down`;
}
/** Pulumi resource name of a connection's all-tunnels-down alarm. */
export function connectionAlarmName(name: string, connection: number): string {
  return `${name}-c${connection}-all-down`;
}

/**
 * An SNS topic (and optional e-mail subscription) and CloudWatch alarms on AWS/VPN TunnelState:
 * one per tunnel (TunnelIpAddress, Maximum < 1: that tunnel is down) and one per VPN connection
 * (VpnId, Maximum <= 0: every tunnel of it is down).
 *
 * On the first deploy the AWS VPN connections exist 30 to 45 minutes before the Azure gateway and
 * connections, their tunnels down all that time. The alarms are created after the Azure
 * connections (`after`), so none exists, and none pages, before both sides do. Chosen over
 * treatMissingData notBreaching, which would not help (AWS publishes TunnelState 0 for a down
 * tunnel: the data is not missing) and would hide a deleted connection for good
 * (docs/constraints.md, "Monitoring").
 */
export class AwsMonitoring extends pulumi.ComponentResource {
  /** The alarms' SNS topic. */
  public readonly topicArn: pulumi.Output<string>;
  /** CloudWatch alarm name per tunnel id. */
  public readonly tunnelAlarmNames: Record<string, pulumi.Output<string>>;
  /** CloudWatch alarm name per connection number ("c1"). */
  public readonly connectionAlarmNames: Record<string, pulumi.Output<string>>;

  constructor(name: string, args: AwsMonitoringArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TYPES.awsMonitoring, name, {}, opts);
    const parent = { parent: this };
    const topic = new aws.sns.Topic(`${name}-topic`, { region: args.awsRegion, tags: awsTags(args.tags) }, parent);
    this.topicArn = topic.arn;
    if (args.email !== undefined) {
      new aws.sns.TopicSubscription(`${name}-email`, { region: args.awsRegion, topic: topic.arn, protocol: "email", endpoint: args.email }, parent);
    }
    const state = args.routing === "bgp" ? "its BGP session is not Established" : "its IPsec tunnel is DOWN";
    // Missing data: AWS publishes TunnelState for a down tunnel too (as 0), so no data at all
    // means the connection is gone or CloudWatch gets nothing: treated as down, never as fine.
    const common = {
      namespace: TUNNEL_STATE.namespace,
      metricName: TUNNEL_STATE.metricName,
      statistic: "Maximum",
      period: ALARM_PERIOD_SECONDS,
      evaluationPeriods: ALARM_EVALUATION_PERIODS,
      treatMissingData: "breaching",
      alarmActions: [topic.arn],
      okActions: [topic.arn],
      tags: awsTags(args.tags),
    };
    // A tunnel's TunnelState is 0 or 1: below 1 is down.
    const tunnelDown = { comparisonOperator: "LessThanThreshold", threshold: 1 };
    // With VpnId, TunnelState is the fraction of the connection's tunnels that are up (0.5: one of
    // two down), so every tunnel down is a Maximum of 0, not below 1.
    const everyTunnelDown = { comparisonOperator: "LessThanOrEqualToThreshold", threshold: 0 };
    const afterAzure = { ...parent, dependsOn: args.after ?? [] };
    this.tunnelAlarmNames = {};
    this.connectionAlarmNames = {};
    for (const connection of args.connections) {
      for (const tunnel of connection.tunnels) {
        const alarm = new aws.cloudwatch.MetricAlarm(tunnelAlarmName(name, tunnel.id), {
          region: args.awsRegion,
          ...common,
          ...tunnelDown,
          dimensions: { TunnelIpAddress: tunnel.outsideIp },
          alarmDescription: pulumi.interpolate`Tunnel ${tunnel.id} (AWS outside address ${tunnel.outsideIp}) has been down for ${ALARM_PERIOD_SECONDS * ALARM_EVALUATION_PERIODS / 60} minutes: ${state}. The other tunnels may still carry traffic; see the tunnel logs and npm run verify.`,
        }, afterAzure);
        this.tunnelAlarmNames[tunnel.id] = alarm.name;
      }
      const alarm = new aws.cloudwatch.MetricAlarm(connectionAlarmName(name, connection.number), {
        region: args.awsRegion,
        ...common,
        ...everyTunnelDown,
        dimensions: { VpnId: connection.vpnConnectionId },
        alarmDescription: pulumi.interpolate`Every tunnel of AWS VPN connection ${connection.number} (${connection.vpnConnectionId}) has been down for ${ALARM_PERIOD_SECONDS * ALARM_EVALUATION_PERIODS / 60} minutes: no traffic crosses this connection.`,
      }, afterAzure);
      this.connectionAlarmNames[`c${connection.number}`] = alarm.name;
    }
    this.registerOutputs({ topicArn: this.topicArn, tunnelAlarmNames: this.tunnelAlarmNames, connectionAlarmNames: this.connectionAlarmNames });
  }
}
