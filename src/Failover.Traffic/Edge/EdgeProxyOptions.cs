namespace Failover.Traffic.Edge;

/// <summary>Where an <see cref="EdgeProxy"/> listens. Port 0 picks a free port (read the bound one from <see cref="EdgeProxy.Url"/>).</summary>
public sealed record EdgeProxyOptions
{
    /// <summary>The public listener: pupils' requests arrive here.</summary>
    public Uri ListenUrl { get; init; } = new("http://127.0.0.1:8080");

    /// <summary>The admin listener (routes read and switched over HTTP); none when null. Keep it off public networks.</summary>
    public Uri? AdminListenUrl { get; init; }

    /// <summary>Bearer token the admin listener requires, resolved by the host from a secret reference; none when null.</summary>
    public string? AdminToken { get; init; }

    /// <summary>How long the proxy waits for an upstream's response before answering 504.</summary>
    public TimeSpan UpstreamTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
