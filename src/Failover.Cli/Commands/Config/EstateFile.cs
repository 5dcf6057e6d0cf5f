using Failover.Configuration;
using Spectre.Console;

namespace Failover.Cli.Commands.Config;

/// <summary>Loads an estate file for a command, turning an unreadable file into a message and exit code 2.</summary>
internal static class EstateFile
{
    public static LoadResult? TryLoad(IAnsiConsole console, string path)
    {
        try
        {
            return EstateLoader.LoadFile(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            console.MarkupLineInterpolated($"[red]error:[/] cannot read estate file '{path}': {e.Message}");
            return null;
        }
    }

    public static void PrintDiagnostics(IAnsiConsole console, string path, LoadResult result)
    {
        foreach (var d in result.Diagnostics)
        {
            var colour = d.IsError ? "red" : "yellow";
            console.MarkupLineInterpolated($"[{colour}]{d.Format(path)}[/]");
        }
    }
}
