namespace Failover.Simulation;

/// <summary>Simulated time: only <see cref="Advance"/> moves it. The engine reads time only; it sets no timers.</summary>
public sealed class SimulatedTimeProvider : TimeProvider
{
    private DateTimeOffset _now;

    public SimulatedTimeProvider(DateTimeOffset start) => _now = start;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override DateTimeOffset GetUtcNow() => _now;

    /// <summary>The monotonic clock is simulated time too (one tick per 100 ns).</summary>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _now.UtcTicks;

    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(by), by, "time only moves forward");
        }

        _now += by;
    }
}
