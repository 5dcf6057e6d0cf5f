namespace Failover.ControlPlane.Hosting;

/// <summary>How <c>failover serve</c> runs; defaults in one place.</summary>
public sealed record ControlPlaneOptions
{
    public const string DefaultUrl = "http://127.0.0.1:7400";

    public required string ConfigFile { get; init; }

    public required string TokensFile { get; init; }

    public string Url { get; init; } = DefaultUrl;

    /// <summary>The observer id this instance votes as; null when the instance only serves the API.</summary>
    public string? ObserverId { get; init; }

    /// <summary>
    /// False for an instance that only observes (feeds the quorum, serves status) and never acts. Until leader
    /// election exists, exactly one instance of an estate may act: several acting engines with separate journals
    /// could each promote a different standby.
    /// </summary>
    public bool Acts { get; init; } = true;

    /// <summary>
    /// With several observers: the bearer token this instance presents to its peers when it shares its view with them
    /// (<see cref="Runtime.HttpObserverViewExchange"/>); null: views stay in this process. Never printed.
    /// </summary>
    public string? PeerToken { get; init; }

    /// <summary>Compact JSON logs (for collectors) instead of readable lines; defaults to JSON when output is redirected.</summary>
    public bool JsonLogs { get; init; } = Console.IsOutputRedirected;

    /// <summary>Keeps the peer token out of logs and exception messages.</summary>
    public override string ToString() =>
        $"ControlPlaneOptions {{ Url = {Url}, ObserverId = {ObserverId}, Acts = {Acts}, PeerToken = {(PeerToken is null ? "none" : "***")} }}";
}
