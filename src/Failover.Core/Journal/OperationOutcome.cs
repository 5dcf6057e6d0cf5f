namespace Failover.Core.Journal;

/// <summary>How a journaled operation ended, and what was measured on the way.</summary>
/// <param name="MeasuredRto">From detection (or start) to the end of the last step; success only.</param>
/// <param name="MeasuredDataLossBytes">The data loss a step measured (a promotion), if any.</param>
/// <param name="Summary">Why it ended as it did, for a human.</param>
public sealed record OperationOutcome(DateTimeOffset? EndedAt, TimeSpan? MeasuredRto, long? MeasuredDataLossBytes, string? Summary)
{
    /// <summary>Not ended, nothing measured.</summary>
    public static OperationOutcome Pending { get; } = new(null, null, null, null);
}
