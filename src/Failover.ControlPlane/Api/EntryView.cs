namespace Failover.ControlPlane.Api;

public sealed record EntryView(DateTimeOffset At, string Kind, string? Step, string Actor, string Detail);
