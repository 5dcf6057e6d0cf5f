using Failover.Postgres;
using Npgsql;

namespace Failover.Lab.DemoApp;

/// <summary>
/// Whether the site's application serves, and against which primary. Only the control plane changes it, and never
/// back to an older epoch: a delayed command from a deposed decision cannot re-point the application.
/// </summary>
public sealed class DemoAppState(DemoAppOptions options) : IAsyncDisposable
{
    private readonly Lock _gate = new();
    private (DemoAppTarget Target, NpgsqlDataSource Source)? _active;
    private long _epoch;

    public DemoAppTarget? Target => _active?.Target;

    public long Epoch => Interlocked.Read(ref _epoch);

    public NpgsqlDataSource? DataSource => _active?.Source;

    public enum Change
    {
        Applied,
        AlreadyInPlace,
        StaleEpoch,
    }

    public async Task<Change> ActivateAsync(DemoAppTarget target)
    {
        NpgsqlDataSource? retired;
        lock (_gate)
        {
            if (target.Epoch < _epoch)
            {
                return Change.StaleEpoch;
            }

            if (_active?.Target == target)
            {
                return Change.AlreadyInPlace;
            }

            retired = _active?.Source;
            _active = (target, Open(target));
            _epoch = target.Epoch;
        }

        if (retired is not null)
        {
            await retired.DisposeAsync();
        }

        return Change.Applied;
    }

    public async Task<Change> DeactivateAsync(long epoch)
    {
        NpgsqlDataSource? retired;
        lock (_gate)
        {
            if (epoch < _epoch)
            {
                return Change.StaleEpoch;
            }

            _epoch = epoch;
            if (_active is null)
            {
                return Change.AlreadyInPlace;
            }

            retired = _active.Value.Source;
            _active = null;
        }

        await retired.DisposeAsync();
        return Change.Applied;
    }

    public async ValueTask DisposeAsync()
    {
        if (_active?.Source is { } source)
        {
            await source.DisposeAsync();
        }
    }

    private NpgsqlDataSource Open(DemoAppTarget target)
    {
        var connectionString = MemberConnectionString.To(target.Host, target.Port, options.Database, options.User, options.Password)
            .Timeouts(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(5))
            .ApplicationName($"ent-demo@{options.SiteId}")
            .Pooled();
        return NpgsqlDataSource.Create(connectionString.Value);
    }
}
