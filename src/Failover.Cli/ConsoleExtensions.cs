using Spectre.Console;

namespace Failover.Cli;

internal static class ConsoleExtensions
{
    /// <summary>Writes text as is (no markup, no wrapping at the console width): for JSON that scripts parse.</summary>
    public static void WriteRaw(this IAnsiConsole console, string text)
    {
        console.Profile.Out.Writer.Write(text);
        console.Profile.Out.Writer.Write('\n');
        console.Profile.Out.Writer.Flush();
    }
}
