namespace Failover.Core.Leadership;

/// <summary>
/// A journal store that fences its writers by leadership term: a new leader takes the journal over before it acts,
/// and from then on every write by an earlier holder fails with <see cref="NotLeaderException"/>. Stores without
/// this (SQLite: one process owns the file) rely on there being a single writer.
/// </summary>
public interface ILeaderJournal
{
    /// <summary>Claims the journal for a new term held by <paramref name="leader"/>; fails with <see cref="NotLeaderException"/> when another writer got there first.</summary>
    Task TakeOverAsync(string leader, CancellationToken cancellationToken);
}
