namespace Failover.Core.Replication;

/// <summary>Which cluster a member belongs to, its role in it, and the timeline it is on.</summary>
/// <param name="SystemIdentifier">The cluster's system identifier (shared by a primary and its physical standbys).</param>
/// <param name="Timeline">A primary's current timeline; a standby's received (else checkpoint) timeline.</param>
public sealed record ServerIdentity(DatabaseRole Role, ulong? SystemIdentifier, int? Timeline)
{
    /// <summary>Not read: the member did not answer.</summary>
    public static ServerIdentity Unknown { get; } = new(DatabaseRole.Unknown, null, null);
}
