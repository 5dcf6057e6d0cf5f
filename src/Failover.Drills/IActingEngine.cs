using Failover.Core.Engine;

namespace Failover.Drills;

/// <summary>The engine drills act through: the one of the instance that acts (the leader), none on a follower.</summary>
public interface IActingEngine
{
    /// <summary>The acting engine, or null when this instance must not act.</summary>
    FailoverEngine? Current { get; }

    /// <summary>Why this instance does not act (names the leader); null when it acts.</summary>
    string? Refusal();
}
