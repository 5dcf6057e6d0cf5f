namespace Failover.Configuration;

public enum DiagnosticSeverity
{
    Warning,
    Error,
}
