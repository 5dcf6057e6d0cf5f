using System.Collections.Concurrent;
using System.Diagnostics;

namespace Failover.Testing;

/// <summary>A server started in the foreground by a test, its output kept for diagnostics, killed by PID on dispose.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ServerProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the server wrote (stdout and stderr).</summary>
    public string Output => string.Join('\n', _output);

    /// <summary>Throws <see cref="ServerExitedException"/> with the server's output when it is no longer running.</summary>
    public void ThrowIfExited(string what)
    {
        if (_process.HasExited)
        {
            throw new ServerExitedException($"{what}: the server exited with code {_process.ExitCode} before serving. Output:\n{Output}");
        }
    }

    public static ServerProcess Start(string fileName, IEnumerable<string> arguments, string installHint)
    {
        Tool.RequireInstalled(fileName, installHint);
        var info = new ProcessStartInfo(fileName) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var server = new ServerProcess(process);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 200)
        {
            _output.TryDequeue(out _);
        }
    }
}
