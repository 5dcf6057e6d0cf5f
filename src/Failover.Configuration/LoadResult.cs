using Failover.Core.Topology;

namespace Failover.Configuration;

/// <summary>The outcome of reading an estate: the estate when it has no error, and every problem found.</summary>
public sealed record LoadResult(Estate? Estate, IReadOnlyList<ConfigDiagnostic> Diagnostics)
{
    public bool IsValid => Estate is not null;

    public IEnumerable<ConfigDiagnostic> Errors => Diagnostics.Where(d => d.IsError);

    public IEnumerable<ConfigDiagnostic> Warnings => Diagnostics.Where(d => !d.IsError);
}
