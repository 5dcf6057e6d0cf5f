using System.Diagnostics;
using System.Globalization;

namespace Failover.Agent.Supervision;

/// <summary>The numeric user and group the postmaster runs as (<c>--run-as</c>), resolved once with <c>id</c>.</summary>
internal sealed record ServerUser(string Name, int Uid, int Gid)
{
    /// <exception cref="InvalidOperationException">The user does not exist; the message names <c>--run-as</c>.</exception>
    public static ServerUser Resolve(string name) => new(name, Id(name, "-u"), Id(name, "-g"));

    private static int Id(string name, string flag)
    {
        using var id = Process.Start(new ProcessStartInfo("id", [flag, name]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })
            ?? throw new InvalidOperationException("cannot run id(1)");
        var output = id.StandardOutput.ReadToEnd().Trim();
        id.WaitForExit();
        return id.ExitCode == 0 && int.TryParse(output, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidOperationException($"--run-as: no user '{name}' on this host");
    }
}
