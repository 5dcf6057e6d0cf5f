namespace Failover.Core.Journal;

/// <summary>One atomic journal write.</summary>
public sealed record JournalWrite(OperationRecord? Operation, IReadOnlyList<JournalEntry> Entries, ServiceState? ServiceState)
{
    public static JournalWrite Of(OperationRecord operation, params JournalEntry[] entries) => new(operation, entries, null);
}
