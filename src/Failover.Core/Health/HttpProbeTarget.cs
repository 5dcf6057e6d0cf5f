namespace Failover.Core.Health;

public sealed record HttpProbeTarget(
    string Id, string SiteId, TimeSpan Interval, TimeSpan Timeout, Uri Url, int ExpectedStatus, string? BodyContains, bool ValidateCertificate = true)
    : ProbeTarget(Id, SiteId, Interval, Timeout);
