using Failover.Lab;

namespace Failover.Cli.Commands.Lab;

internal static class SelfInvocation
{
    /// <summary>This program as a command line: the apphost when run as <c>failover</c>, else <c>dotnet failover.dll</c>.</summary>
    public static SelfCommand Current()
    {
        var process = Environment.ProcessPath ?? "dotnet";
        return Path.GetFileNameWithoutExtension(process) == "failover"
            ? new SelfCommand(process, [])
            : new SelfCommand(Path.GetFileNameWithoutExtension(process) == "dotnet" ? process : "dotnet", [typeof(FailoverApp).Assembly.Location]);
    }
}
