using System.Text.Json;
using Failover.Core.Journal;

namespace Failover.Kubernetes.Journal;

/// <summary>
/// The head ConfigMap's document: the leadership term that owns the journal, the services' state, the operations
/// still in flight (with their audit trail) and an index of the archived ones. Small by construction: only active
/// operations carry their records and entries here.
/// </summary>
internal sealed record JournalHead(
    long Term,
    string? Leader,
    long NextSequence,
    IReadOnlyList<ServiceState> States,
    IReadOnlyList<ActiveOperation> Active,
    IReadOnlyList<ArchivedOperation> Archived,
    IReadOnlyDictionary<string, IReadOnlyList<JournalEntry>> LooseEntries)
{
    public static JournalHead Empty { get; } = new(0, null, 1, [], [], [], new Dictionary<string, IReadOnlyList<JournalEntry>>());
}

/// <summary>An operation in flight, with its audit trail so far.</summary>
internal sealed record ActiveOperation(long Sequence, OperationRecord Record, IReadOnlyList<JournalEntry> Entries);

/// <summary>Where an ended operation went: its own ConfigMap, named after its sequence number.</summary>
internal sealed record ArchivedOperation(string Id, long Sequence);

/// <summary>An archive ConfigMap's document: the final record and full audit trail, and the term that wrote it.</summary>
internal sealed record ArchiveDocument(long Term, long Sequence, OperationRecord Record, IReadOnlyList<JournalEntry> Entries);

internal static class JournalJson
{
    public const string Key = "journal.json";

    private static readonly JsonSerializerOptions Options = new() { WriteIndented = false };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(IDictionary<string, string>? data, string objectName)
    {
        if (data is null || !data.TryGetValue(Key, out var json) || string.IsNullOrEmpty(json))
        {
            throw new InvalidDataException($"journal: ConfigMap '{objectName}' has no '{Key}' document");
        }

        return JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidDataException($"journal: ConfigMap '{objectName}' holds an empty document");
    }
}
