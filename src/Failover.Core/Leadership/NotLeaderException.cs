namespace Failover.Core.Leadership;

/// <summary>
/// A journal write was refused because this instance no longer leads (another leader took the journal over). The
/// writer must stop acting at once: whatever it was doing, the new leader resumes from the journal.
/// </summary>
public sealed class NotLeaderException : Exception
{
    public NotLeaderException()
        : this("this instance no longer leads")
    {
    }

    public NotLeaderException(string message)
        : base(message)
    {
    }

    public NotLeaderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The leader that took over, when known.</summary>
    public string? CurrentLeader { get; init; }
}
