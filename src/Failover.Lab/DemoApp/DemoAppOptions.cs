namespace Failover.Lab.DemoApp;

/// <summary>One site's demo ENT application: where it listens and how it reaches PostgreSQL once activated.</summary>
public sealed record DemoAppOptions(string SiteId, string Url, string AdminToken, string Database, string User, string? Password);
