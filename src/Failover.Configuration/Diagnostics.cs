using YamlDotNet.Core;

namespace Failover.Configuration;

/// <summary>Collects every problem found so a user sees them all at once.</summary>
internal sealed class Diagnostics
{
    private readonly List<ConfigDiagnostic> _items = [];

    public IReadOnlyList<ConfigDiagnostic> Items => _items;

    public void Error(string path, Mark at, string message) =>
        _items.Add(new ConfigDiagnostic(DiagnosticSeverity.Error, path, (int)at.Line, (int)at.Column, message));

    public void Warning(string path, Mark at, string message) =>
        _items.Add(new ConfigDiagnostic(DiagnosticSeverity.Warning, path, (int)at.Line, (int)at.Column, message));
}
