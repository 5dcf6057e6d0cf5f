namespace Failover.ControlPlane.Runtime;

/// <summary>Something that changed: a site's verdict, an operation's status or step. Streamed to clients as server-sent events.</summary>
public sealed record ControlEvent(DateTimeOffset At, string Kind, string Subject, string Message);
