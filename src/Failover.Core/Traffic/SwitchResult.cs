namespace Failover.Core.Traffic;

/// <param name="VerifiedAfter">Time from the switch call until every authoritative source answered the new target; null when not verified.</param>
/// <param name="WorstCaseStaleness">
/// How long a client may still see the old answer, counted from the verification (the old TTL for DNS, zero for the
/// edge). Zero for <see cref="SwitchOutcome.AlreadyInPlace"/>: a retry after a failed verification must keep the
/// staleness reported by the attempt that wrote the change. A <see cref="SwitchOutcome.Failed"/> result after the write
/// still carries it.
/// </param>
public sealed record SwitchResult(SwitchOutcome Outcome, string? Reason, TimeSpan? VerifiedAfter, TimeSpan WorstCaseStaleness, Core.Epoch? PreviousEpoch);
