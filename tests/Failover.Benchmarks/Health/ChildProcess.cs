using System.Diagnostics;

namespace Failover.Benchmarks.Health;

/// <summary>Starts this benchmark executable again, running another (helper) benchmark.</summary>
internal static class ChildProcess
{
    public static ProcessStartInfo StartInfo(string benchmark)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot find this executable");
        var info = new ProcessStartInfo(self) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        }

        info.ArgumentList.Add(benchmark);
        return info;
    }
}
