namespace Failover.Lab.DemoApp;

/// <summary>The database the application writes to, and the epoch under which the control plane chose it.</summary>
public sealed record DemoAppTarget(string Host, int Port, long Epoch);
