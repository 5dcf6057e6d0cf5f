namespace Failover.Lab.DemoApp;

/// <summary>One site's demo ENT application: where it listens and how it reaches PostgreSQL once activated.</summary>
public sealed record DemoAppOptions(string SiteId, string Url, string AdminToken, string Database, string User, string? Password);

/// <summary>The database the application writes to, and the epoch under which the control plane chose it.</summary>
public sealed record DemoAppTarget(string Host, int Port, long Epoch);
