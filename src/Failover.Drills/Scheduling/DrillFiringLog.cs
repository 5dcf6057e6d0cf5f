namespace Failover.Drills.Scheduling;

/// <summary>The most recent firings, newest last, for the API and the tests.</summary>
public sealed class DrillFiringLog
{
    private const int Capacity = 200;
    private readonly Queue<DrillFiring> _items = new();
    private readonly Lock _lock = new();

    public void Add(DrillFiring firing)
    {
        lock (_lock)
        {
            _items.Enqueue(firing);
            while (_items.Count > Capacity)
            {
                _items.Dequeue();
            }
        }
    }

    public IReadOnlyList<DrillFiring> Recent()
    {
        lock (_lock)
        {
            return [.. _items];
        }
    }
}
