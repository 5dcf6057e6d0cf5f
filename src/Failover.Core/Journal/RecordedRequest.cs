using System.Text.Json.Serialization;
using Failover.Core.Operations;

namespace Failover.Core.Journal;

/// <summary>The request of a journaled operation: who asked, why, on what evidence, and how long the ask stands.</summary>
/// <param name="Variant">Drills only: which drill (from the request).</param>
/// <param name="ExpiresAt">When a request awaiting approval expires; null when it needs no approval.</param>
/// <param name="DetectedAt">When the trouble began (the verdict's Lost-since for automatic failover); RTO counts from here.</param>
public sealed record RecordedRequest(
    string RequestedBy,
    string Reason,
    IReadOnlyList<string> Evidence,
    DateTimeOffset CreatedAt,
    bool Force = false,
    string? Variant = null,
    DateTimeOffset? ExpiresAt = null,
    DateTimeOffset? DetectedAt = null)
{
    [JsonIgnore]
    public bool IsAutomatic => RequestedBy == OperationRequest.EngineActor;

    /// <summary>The request as asked at <paramref name="at"/>, with no evidence, expiry or detection time.</summary>
    public static RecordedRequest Of(OperationRequest request, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new(request.RequestedBy, request.Reason, [], at, request.Force, request.Variant);
    }
}
