namespace Failover.Benchmarks.Health;

/// <summary>A lock-free histogram of durations at 50 µs resolution up to 10 s, for p50/p99 without storing samples.</summary>
internal sealed class LagHistogram
{
    private const double BucketMicros = 50;
    private readonly long[] _buckets = new long[200_001];
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Record(TimeSpan value)
    {
        var bucket = (int)Math.Clamp(value.TotalMicroseconds / BucketMicros, 0, _buckets.Length - 1);
        Interlocked.Increment(ref _buckets[bucket]);
        Interlocked.Increment(ref _count);
    }

    public void Reset()
    {
        Array.Clear(_buckets);
        Interlocked.Exchange(ref _count, 0);
    }

    public TimeSpan Percentile(double p)
    {
        var total = Count;
        if (total == 0)
        {
            return TimeSpan.Zero;
        }

        var rank = (long)Math.Ceiling(total * p);
        long seen = 0;
        for (var i = 0; i < _buckets.Length; i++)
        {
            seen += Interlocked.Read(ref _buckets[i]);
            if (seen >= rank)
            {
                return TimeSpan.FromMicroseconds((i + 1) * BucketMicros);
            }
        }

        return TimeSpan.FromSeconds(10);
    }
}
