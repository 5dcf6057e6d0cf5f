using System.Net;

namespace Failover.Traffic.Dns;

/// <summary>One authoritative server's last answer during a verification.</summary>
internal sealed record NameserverAnswer(IPEndPoint Server, IReadOnlyList<IPAddress> Addresses, string? Error, bool Agrees);
