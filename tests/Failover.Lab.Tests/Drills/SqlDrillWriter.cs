using Failover.Core.Topology;
using Failover.Drills.Switchover;
using Failover.Testing;
using Npgsql;

namespace Failover.Lab.Tests.Drills;

/// <summary>
/// A writer for the drill lab (which has no demo application): it inserts rows into the real cluster through a
/// multi-host connection string that always finds the writable server, the way an application's driver would, and counts
/// the acknowledged ids on the final primary.
/// </summary>
internal sealed class SqlDrillWriter(PostgresCluster cluster, IReadOnlyDictionary<string, PostgresInstance> sites) : IDrillWriter
{
    public Task<IDrillWriterSession> StartAsync(Service service, CancellationToken cancellationToken)
    {
        var hosts = string.Join(",", cluster.Instances.Select(i => $"127.0.0.1:{i.Port}"));
        var builder = new NpgsqlConnectionStringBuilder(cluster.Primary.ConnectionString(cluster.Database))
        {
            Host = hosts,
            TargetSessionAttributes = "read-write",
            Timeout = 2,
            CommandTimeout = 2,
            Pooling = false,
        };
        return Task.FromResult<IDrillWriterSession>(new Session(builder.ConnectionString, sites, cluster.Database));
    }

    private sealed class Session : IDrillWriterSession
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<long> _acknowledged = [];
        private readonly IReadOnlyDictionary<string, PostgresInstance> _sites;
        private readonly string _database;
        private readonly Task _loop;
        private long _failed;

        public Session(string connectionString, IReadOnlyDictionary<string, PostgresInstance> sites, string database)
        {
            _sites = sites;
            _database = database;
            _loop = Task.Run(() => LoopAsync(connectionString));
        }

        public async Task<DrillWrites> StopAsync(CancellationToken cancellationToken)
        {
            await _stop.CancelAsync();
            await _loop;
            return new DrillWrites(_acknowledged.ToList(), _failed);
        }

        public async Task<long> CountPresentAsync(string primarySiteId, IReadOnlyList<long> acknowledgedIds, CancellationToken cancellationToken)
        {
            await using var connection = new NpgsqlConnection(_sites[primarySiteId].ConnectionString(_database));
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT count(*) FROM writer WHERE id = ANY($1)", connection) { Parameters = { new() { Value = acknowledgedIds.ToArray() } } };
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }

        public async ValueTask DisposeAsync()
        {
            if (!_stop.IsCancellationRequested)
            {
                await _stop.CancelAsync();
            }

            await _loop;
            _stop.Dispose();
        }

        private async Task LoopAsync(string connectionString)
        {
            while (!_stop.IsCancellationRequested)
            {
                try
                {
                    await using var connection = new NpgsqlConnection(connectionString);
                    await connection.OpenAsync(CancellationToken.None);
                    while (!_stop.IsCancellationRequested)
                    {
                        await using var command = new NpgsqlCommand("INSERT INTO writer DEFAULT VALUES RETURNING id", connection);
                        _acknowledged.Add((long)(await command.ExecuteScalarAsync(CancellationToken.None))!);
                        await Task.Delay(10, CancellationToken.None);
                    }
                }
                catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
                {
                    _failed++;
                    await Task.Delay(50, CancellationToken.None);
                }
            }
        }
    }
}
