namespace Failover.Core.Health;

/// <summary>An HTTP(S) GET of <see cref="Url"/>, expecting <see cref="ExpectedStatus"/> and, when set, a body containing <see cref="BodyContains"/>.</summary>
public sealed record HttpProbeTarget(
    string Id, string SiteId, TimeSpan Interval, TimeSpan Timeout, Uri Url, int ExpectedStatus, string? BodyContains, bool ValidateCertificate = true)
    : ProbeTarget(Id, SiteId, Interval, Timeout)
{
    /// <summary>
    /// The name the request is for while <see cref="Url"/> holds the address connected to (a site's ingress): sent as
    /// the Host header and, for https, as the TLS server name (SNI) the certificate is checked against. Null: the URL's host.
    /// </summary>
    public string? HostName { get; init; }
}
