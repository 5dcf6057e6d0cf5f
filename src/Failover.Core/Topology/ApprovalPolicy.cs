namespace Failover.Core.Topology;

public sealed record ApprovalPolicy(bool TwoPersonRule, TimeSpan RequestExpiry, bool ApproveSwitchovers);
