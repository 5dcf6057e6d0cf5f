namespace Failover.Traffic.Dns;

/// <param name="Elapsed">Time from the start of verification until every server agreed (or the bound was reached).</param>
internal sealed record VerificationResult(bool AllAgree, TimeSpan Elapsed, IReadOnlyList<NameserverAnswer> Answers)
{
    public string Describe() => string.Join("; ", Answers.Where(a => !a.Agrees).Select(a =>
        a.Error is { } e ? $"{a.Server} failed: {e}" : $"{a.Server} still answers {AddressSet.Format(a.Addresses)}"));
}
