using System.Runtime.InteropServices;

namespace Failover.Testing;

/// <summary>
/// Runs code inside a network namespace (an <c>ip netns</c> name): <c>setns</c> moves one thread only, so the code runs
/// on a dedicated thread that enters the namespace first. A socket created there stays in that namespace wherever it
/// is used afterwards, so tests create sockets inside and use them from anywhere.
/// </summary>
public static partial class NetworkNamespace
{
    private const int NetworkNamespaceFlag = 0x40000000; // CLONE_NEWNET

    /// <summary>Moves the calling thread into the namespace. Only for a thread that is never handed back to a pool.</summary>
    /// <exception cref="InvalidOperationException">The namespace does not exist or setns failed (not root).</exception>
    public static void EnterOnThisThread(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var path = Path.Combine("/var/run/netns", name);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"network namespace '{name}' does not exist ({path})");
        }

        using var handle = File.OpenHandle(path);
        if (SetNamespace((int)handle.DangerousGetHandle(), NetworkNamespaceFlag) != 0)
        {
            throw new InvalidOperationException($"setns({name}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Runs <paramref name="work"/> on a new thread inside the namespace (or in this one when null) and returns its result.</summary>
    public static Task<T> RunAsync<T>(string? name, Func<T> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                if (name is not null)
                {
                    EnterOnThisThread(name);
                }

                result.SetResult(work());
            }
            catch (Exception e)
            {
                result.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "netns " + (name ?? "host"),
        };
        thread.Start();
        return result.Task;
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNamespace(int fd, int type);
}
