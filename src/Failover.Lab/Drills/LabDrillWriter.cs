using System.Net.Http.Json;
using Failover.Core.Topology;
using Failover.Drills.Switchover;
using Failover.Postgres;
using Npgsql;

namespace Failover.Lab.Drills;

/// <summary>
/// The lab's switchover-drill writer: it creates homework through the edge (<c>POST {edge}/{service}/api/homework</c>),
/// as a pupil would, keeps the ids the application acknowledged (201), and at the end counts them in the final
/// primary's PostgreSQL.
/// </summary>
public sealed class LabDrillWriter : IDrillWriter
{
    private readonly Uri _edge;
    private readonly HttpClient _http;
    private readonly Func<string, string> _connectionString;

    /// <param name="connectionString">The PostgreSQL connection string of a site's server (with the service's database).</param>
    public LabDrillWriter(Uri edge, HttpClient http, Func<string, string> connectionString)
    {
        ArgumentNullException.ThrowIfNull(edge);
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(connectionString);
        _edge = edge;
        _http = http;
        _connectionString = connectionString;
    }

    /// <summary>The writer of the lab on its fixed layout.</summary>
    public static LabDrillWriter For(LabLayout layout, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var network = layout.Network;
        return new LabDrillWriter(LabLayout.EdgeUrl, http, siteId => MemberConnectionString
            .To(network.PublicAddress(LabLayout.Site(siteId)).ToString(), LabLayout.PostgresPort, LabLayout.Database, "postgres", File.ReadAllText(layout.SuperuserPasswordFile).Trim())
            .Timeouts(TimeSpan.FromSeconds(5))
            .Value);
    }

    public Task<IDrillWriterSession> StartAsync(Service service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        return Task.FromResult<IDrillWriterSession>(new Session(new Uri(_edge, $"/{service.Id}/api/homework"), _http, _connectionString));
    }

    private sealed class Session : IDrillWriterSession
    {
        private readonly Uri _url;
        private readonly HttpClient _http;
        private readonly Func<string, string> _connectionString;
        private readonly CancellationTokenSource _stop = new();
        private readonly List<long> _acknowledged = [];
        private readonly Task _loop;
        private long _failed;

        public Session(Uri url, HttpClient http, Func<string, string> connectionString)
        {
            _url = url;
            _http = http;
            _connectionString = connectionString;
            _loop = Task.Run(LoopAsync);
        }

        public async Task<DrillWrites> StopAsync(CancellationToken cancellationToken)
        {
            await _stop.CancelAsync();
            await _loop.WaitAsync(cancellationToken);
            return new DrillWrites([.. _acknowledged], _failed);
        }

        public async Task<long> CountPresentAsync(string primarySiteId, IReadOnlyList<long> acknowledgedIds, CancellationToken cancellationToken)
        {
            await using var connection = new NpgsqlConnection(_connectionString(primarySiteId));
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT count(*) FROM homework WHERE id = ANY($1)", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = acknowledgedIds.ToArray() });
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

        private async Task LoopAsync()
        {
            var n = 0;
            while (!_stop.IsCancellationRequested)
            {
                using var call = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                try
                {
                    using var response = await _http.PostAsJsonAsync(_url, new { title = $"drill write {++n}" }, call.Token);
                    if (response.StatusCode == System.Net.HttpStatusCode.Created
                        && await response.Content.ReadFromJsonAsync<Created>(call.Token) is { } created)
                    {
                        _acknowledged.Add(created.Id);
                    }
                    else
                    {
                        _failed++;
                    }
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException)
                {
                    _failed++; // expected while the service moves: not acknowledged, so not counted
                }

                try
                {
                    await Task.Delay(20, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }

        private sealed record Created(long Id);
    }
}
