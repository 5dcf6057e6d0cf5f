using System.Runtime.InteropServices;

namespace Failover.Agent.Supervision;

/// <summary>kill(2), for the signals .NET has no API for (SIGQUIT: PostgreSQL's immediate shutdown; SIGINT: its fast shutdown).</summary>
internal static partial class Signals
{
    public const int Interrupt = 2;
    public const int Quit = 3;
    public const int Kill = 9;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when the process no longer exists.</summary>
    public static bool Send(int pid, int signal) => NativeKill(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int NativeKill(int pid, int signal);
}
