using System.Diagnostics;
using Npgsql;

namespace Failover.Testing;

/// <summary>
/// A site's own application writing to its local primary: one thread, inside the site's network namespace when one is
/// given (so it keeps reaching its server when the site is cut off from everyone else), inserting a row at a steady pace
/// and stamping every acknowledged commit with the machine's monotonic clock (<see cref="Stopwatch.GetTimestamp"/>,
/// CLOCK_MONOTONIC, which every namespace shares). Compare its stamps with another writer's to show that two sites never
/// acknowledged writes in overlapping time.
/// </summary>
public sealed class SiteLocalWriter : IDisposable
{
    private readonly string _connectionString;
    private readonly string? _networkNamespace;
    private readonly TimeSpan _pace;
    private readonly List<long> _acknowledged = [];
    private readonly List<string> _errors = [];
    private readonly Lock _gate = new();
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _stop = new();

    private SiteLocalWriter(string connectionString, string? networkNamespace, TimeSpan pace)
    {
        _connectionString = connectionString;
        _networkNamespace = networkNamespace;
        _pace = pace;
        _thread = new Thread(Run) { IsBackground = true, Name = "site-local-writer" };
    }

    /// <param name="connectionString">To the site's local server; pooling is turned off so every connection is opened on the writer's thread.</param>
    /// <param name="networkNamespace">The site's namespace (<c>ip netns</c> name), or null to stay in this one.</param>
    /// <param name="pace">The pause between two writes.</param>
    public static SiteLocalWriter Start(string connectionString, string? networkNamespace, TimeSpan pace)
    {
        var writer = new SiteLocalWriter(
            new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 2, CommandTimeout = 0, KeepAlive = 1 }.ConnectionString,
            networkNamespace,
            pace);
        writer._thread.Start();
        return writer;
    }

    /// <summary>The monotonic timestamps of every acknowledged commit, in order.</summary>
    public IReadOnlyList<long> Acknowledged
    {
        get
        {
            lock (_gate)
            {
                return [.. _acknowledged];
            }
        }
    }

    /// <summary>The distinct errors the writer met (a fenced server's refusals, lost connections).</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_gate)
            {
                return [.. _errors];
            }
        }
    }

    public void Dispose()
    {
        _stop.Set();

        // A commit that waits for a synchronous standby blocks its thread until the server ends the session: do not wait for it.
        if (_thread.Join(TimeSpan.FromSeconds(5)))
        {
            _stop.Dispose();
        }
    }

    private void Run()
    {
        if (_networkNamespace is not null)
        {
            try
            {
                NetworkNamespace.EnterOnThisThread(_networkNamespace);
            }
            catch (InvalidOperationException e)
            {
                Record(e.Message);
                return;
            }
        }

        NpgsqlConnection? connection = null;
        while (!_stop.IsSet)
        {
            try
            {
                if (connection is null)
                {
                    connection = new NpgsqlConnection(_connectionString);

                    // Synchronous on purpose: the socket is created on this thread, so in this thread's namespace.
                    connection.Open();
                }

                using var insert = new NpgsqlCommand("INSERT INTO homework (title) VALUES ('site-local writer')", connection);
                insert.ExecuteNonQuery();
                var at = Stopwatch.GetTimestamp();
                lock (_gate)
                {
                    _acknowledged.Add(at);
                }
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                Record(e.Message);
                connection?.Dispose();
                connection = null;
            }

            // The pace between writes, cut short by Dispose.
            _stop.Wait(_pace);
        }

        connection?.Dispose();
    }

    private void Record(string error)
    {
        lock (_gate)
        {
            if (!_errors.Contains(error))
            {
                _errors.Add(error);
            }
        }
    }
}
