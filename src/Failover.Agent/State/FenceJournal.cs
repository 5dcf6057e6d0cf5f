using System.Text.Json;
using Failover.Agent.Json;
using Failover.Core.Agents;

namespace Failover.Agent.State;

/// <summary>The fences the agent carried out, one JSON line each in <c>STATE/journal.jsonl</c>, kept across restarts.</summary>
internal sealed class FenceJournal
{
    private readonly string _file;
    private readonly Lock _lock = new();
    private readonly List<AgentFenceEvent> _events = [];

    public FenceJournal(string stateDirectory)
    {
        _file = Path.Combine(stateDirectory, "journal.jsonl");
        if (File.Exists(_file))
        {
            foreach (var line in File.ReadLines(_file).Where(l => l.Length > 0))
            {
                try
                {
                    _events.Add(JsonSerializer.Deserialize<AgentFenceEvent>(line, AgentJson.Options)!);
                }
                catch (JsonException)
                {
                    // A line torn by a crash while it was appended: the others still count.
                }
            }
        }
    }

    public IReadOnlyList<AgentFenceEvent> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    public void Append(AgentFenceEvent fence)
    {
        lock (_lock)
        {
            using (var stream = new FileStream(_file, FileMode.Append, FileAccess.Write))
            using (var writer = new StreamWriter(stream))
            {
                writer.WriteLine(JsonSerializer.Serialize(fence, AgentJson.Options));
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }

            _events.Add(fence);
        }
    }
}
