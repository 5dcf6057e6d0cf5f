namespace Failover.Core.Health;

/// <summary>
/// What a probe's protocol found: <see cref="ProbeFailureReason.None"/> with a detail when healthy, else the reason and
/// what was seen. <see cref="ProbeDeadline"/> adds the target, the start time and the latency to make a <see cref="ProbeResult"/>.
/// </summary>
public readonly record struct ProbeOutcome(ProbeFailureReason Reason, string? Detail)
{
    public bool Succeeded => Reason == ProbeFailureReason.None;

    public static ProbeOutcome Ok(string? detail = null) => new(ProbeFailureReason.None, detail);

    public static ProbeOutcome Fail(ProbeFailureReason reason, string detail) => new(reason, detail);

    /// <summary>The outcome of a call cut off by the target's timeout, whether the deadline or the protocol's own timer fired.</summary>
    public static ProbeOutcome TimedOut(TimeSpan timeout) =>
        new(ProbeFailureReason.Timeout, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"no answer within {timeout.TotalMilliseconds:0} ms"));
}
