namespace Failover.Testing;

public static class Wait
{
    /// <summary>Polls a condition until it holds or the bound passes; the failure says what was awaited and shows diagnostics.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan bound, string what, Func<string> diagnostics)
    {
        using var timeout = new CancellationTokenSource(bound);
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not ServerExitedException)
            {
                // Not ready yet: keep polling until the bound.
            }

            if (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"{what} did not happen within {bound}. Diagnostics:\n{diagnostics()}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        }
    }
}

/// <summary>The server a test started exited before it served (a port taken meanwhile, a bad config): retry or fail.</summary>
public sealed class ServerExitedException : Exception
{
    public ServerExitedException()
    {
    }

    public ServerExitedException(string message)
        : base(message)
    {
    }

    public ServerExitedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
