using System.Threading.Channels;

namespace Failover.ControlPlane.Runtime;

/// <summary>Fans events out to every live subscriber; a slow subscriber loses its oldest events, never blocks the loop.</summary>
public sealed class EventFeed
{
    private const int SubscriberBuffer = 256;
    private const int RecentCapacity = 100;
    private readonly Lock _gate = new();
    private readonly List<Channel<ControlEvent>> _subscribers = [];
    private readonly Queue<ControlEvent> _recent = new();

    public IReadOnlyList<ControlEvent> Recent
    {
        get
        {
            lock (_gate)
            {
                return [.. _recent];
            }
        }
    }

    public void Publish(ControlEvent e)
    {
        lock (_gate)
        {
            _recent.Enqueue(e);
            if (_recent.Count > RecentCapacity)
            {
                _recent.Dequeue();
            }

            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(e);
            }
        }
    }

    public async IAsyncEnumerable<ControlEvent> SubscribeAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<ControlEvent>(new BoundedChannelOptions(SubscriberBuffer) { FullMode = BoundedChannelFullMode.DropOldest });
        lock (_gate)
        {
            _subscribers.Add(channel);
        }

        try
        {
            await foreach (var e in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return e;
            }
        }
        finally
        {
            lock (_gate)
            {
                _subscribers.Remove(channel);
            }
        }
    }
}
