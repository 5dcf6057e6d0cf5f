namespace Failover.Core.Journal;

/// <summary>One line of the audit trail of an operation.</summary>
/// <param name="Actor">Who caused it: a person, or <c>engine</c>.</param>
public sealed record JournalEntry(string OperationId, DateTimeOffset At, JournalEntryKind Kind, string? Step, string Actor, string Detail);
