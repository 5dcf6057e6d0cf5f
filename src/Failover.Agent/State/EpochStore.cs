using System.Globalization;
using Failover.Core;

namespace Failover.Agent.State;

/// <summary>
/// The highest epoch the agent has seen, in <c>STATE/epoch</c>: written to a scratch file, flushed and renamed, so a
/// crash leaves the old value or the new one, and a restarted agent still refuses what it refused before.
/// </summary>
internal sealed class EpochStore(string stateDirectory)
{
    private readonly string _file = Path.Combine(stateDirectory, "epoch");

    public Epoch? Load()
    {
        if (!File.Exists(_file))
        {
            return null;
        }

        var text = File.ReadAllText(_file).Trim();
        return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? new Epoch(value)
            : throw new InvalidOperationException($"--state-dir: '{_file}' does not hold an epoch (found '{text}'); restore it or remove it knowingly");
    }

    public void Save(Epoch epoch)
    {
        var scratch = _file + ".tmp";
        using (var stream = new FileStream(scratch, FileMode.Create, FileAccess.Write))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(epoch.ToString());
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.Move(scratch, _file, overwrite: true);
    }
}
