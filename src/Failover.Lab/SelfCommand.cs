namespace Failover.Lab;

/// <summary>How to start this program again (the lab's own processes are <c>failover lab host</c> and <c>failover lab site-app</c>).</summary>
public sealed record SelfCommand(string FileName, IReadOnlyList<string> Prefix);
