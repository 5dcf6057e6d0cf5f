namespace Failover.Core.Operations;

/// <summary>
/// How much acknowledged data a promotion would lose: the WAL the candidate has not flushed beyond the highest position
/// known to have existed (the primary's, or another standby's). Unknown when that evidence may be behind the truth (the
/// primary was last seen too long ago and may have committed since): then <see cref="AtLeastBytes"/> says the floor.
/// Unknown loss is never within budget.
/// </summary>
/// <param name="LagBytes">WAL bytes the candidate lacks; null when unknown.</param>
/// <param name="LagTime">How long before the last evidence the candidate stopped having everything; null when unknown.</param>
/// <param name="WithinBudget">True when the service's RPO budget allows this loss.</param>
/// <param name="Basis">What the estimate rests on, for a human.</param>
public sealed record DataLossQuote(long? LagBytes, TimeSpan? LagTime, bool WithinBudget, string Basis)
{
    /// <summary>When the loss is unknown: the bytes it is at least (what is known to be missing), or null when not even that is known.</summary>
    public long? AtLeastBytes { get; init; }

    public bool Unknown => LagBytes is null;

    public static DataLossQuote None(string basis) => new(0, TimeSpan.Zero, true, basis);

    /// <summary>A loss of unknown size, known to be at least <paramref name="atLeastBytes"/> when that is given.</summary>
    public static DataLossQuote UnknownAtLeast(long? atLeastBytes, string basis) => new(null, null, false, basis) { AtLeastBytes = atLeastBytes };

    /// <summary>The amount alone: "1024 bytes / 2 s", "unknown, at least 1024 bytes", "unknown".</summary>
    public string Amount => LagBytes is { } b
        ? $"{b} bytes{(LagTime is { } t ? $" / {t.TotalSeconds:0.###} s" : "")}"
        : AtLeastBytes is { } floor ? $"unknown, at least {floor} bytes" : "unknown";

    public override string ToString() => LagBytes is not null
        ? $"{Amount} ({(WithinBudget ? "within" : "BEYOND")} budget; {Basis})"
        : $"{Amount} (not within budget; {Basis})";
}
