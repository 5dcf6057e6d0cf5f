using Failover.Core.Journal;

namespace Failover.Core.Engine;

/// <summary>What the engine has journaled, as of its last journal write: safe to read from any thread while a turn runs.</summary>
public sealed record EngineSnapshot(IReadOnlyList<ServiceState> States, IReadOnlyList<OperationRecord> Active)
{
    public static EngineSnapshot Empty { get; } = new([], []);
}
