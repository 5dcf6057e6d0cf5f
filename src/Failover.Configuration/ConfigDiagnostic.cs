namespace Failover.Configuration;

/// <summary>One problem in an estate file, located by its path in the document and its line and column.</summary>
public sealed record ConfigDiagnostic(DiagnosticSeverity Severity, string Path, int Line, int Column, string Message)
{
    public bool IsError => Severity == DiagnosticSeverity.Error;

    public string Format(string file)
    {
        var where = Line > 0 ? $"{file}:{Line}:{Column}" : file;
        var severity = IsError ? "error" : "warning";
        return string.IsNullOrEmpty(Path) ? $"{where}: {severity}: {Message}" : $"{where}: {severity}: {Path}: {Message}";
    }
}
