using Failover.Core.Journal;
using Failover.Core.Operations;
using Failover.Core.Topology;
using Failover.Drills.Reports;

namespace Failover.Drills.History;

/// <summary>The drills in the journal, newest first, each with its report rebuilt from its journal entries.</summary>
public static class DrillHistory
{
    public static async Task<IReadOnlyList<DrillReport>> ListAsync(IJournalStore journal, Estate estate, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(estate);
        var reports = new List<DrillReport>();
        foreach (var op in (await journal.ListOperationsAsync(activeOnly: false, cancellationToken)).Where(o => o.Kind == OperationKind.Drill).Reverse())
        {
            if (estate.Services.FirstOrDefault(s => s.Id == op.ServiceId) is { } service)
            {
                reports.Add(DrillReportBuilder.Build(op, await journal.ReadEntriesAsync(op.Id, cancellationToken), service));
            }
        }

        return reports;
    }

    /// <summary>One drill's report, or null when the id is not a drill of this estate.</summary>
    public static async Task<DrillReport?> GetAsync(IJournalStore journal, Estate estate, string drillId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(estate);
        return await journal.GetOperationAsync(drillId, cancellationToken) is { Kind: OperationKind.Drill } op
            && estate.Services.FirstOrDefault(s => s.Id == op.ServiceId) is { } service
            ? DrillReportBuilder.Build(op, await journal.ReadEntriesAsync(op.Id, cancellationToken), service)
            : null;
    }
}
