namespace Failover.Postgres.Programs;

/// <summary>The result of running one PostgreSQL program; <see cref="TimedOut"/> when it was killed at the deadline.</summary>
public sealed record ProgramResult(int ExitCode, string StandardOutput, string StandardError, bool TimedOut)
{
    public bool Succeeded => ExitCode == 0 && !TimedOut;

    /// <summary>A one-line summary for errors: the last line of standard error, else of standard output.</summary>
    public string Summary => TimedOut ? "timed out" : LastLine(StandardError) ?? LastLine(StandardOutput) ?? $"exit code {ExitCode}";

    private static string? LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
}
