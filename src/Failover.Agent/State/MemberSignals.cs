using System.Globalization;
using Failover.Core;

namespace Failover.Agent.State;

/// <summary>
/// The files that decide how the postmaster comes up: <c>standby.signal</c> in the data directory (it starts in
/// recovery and cannot commit) and the agent's fence marker <c>STATE/fenced</c>, which says the standby.signal is the
/// agent's fence of a former primary rather than a real standby's. Only a fenced member is unfenced by removing them;
/// a real standby becomes primary only by promotion, which starts a new timeline.
/// </summary>
internal sealed class MemberSignals(string dataDirectory, string stateDirectory)
{
    private readonly string _standby = Path.Combine(dataDirectory, "standby.signal");
    private readonly string _marker = Path.Combine(stateDirectory, "fenced");

    public bool IsStandby => File.Exists(_standby);

    /// <summary>A member the agent fenced that has been promoted since (over SQL): it runs as a primary, the marker is stale.</summary>
    public bool FencedButPromoted => IsFenced && !IsStandby;

    public bool IsFenced => File.Exists(_marker);

    /// <summary>The highest epoch known when the agent fenced the member (first line of the marker), or null.</summary>
    public Epoch? FencedUnder
    {
        get
        {
            var first = File.Exists(_marker) ? File.ReadLines(_marker).FirstOrDefault() : null;
            return long.TryParse(first, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? new Epoch(value) : null;
        }
    }

    /// <summary>Writes the marker, with the epoch it was fenced under, then standby.signal: a crash between them leaves a fence, never half an unfence.</summary>
    public void Fence(Epoch? under)
    {
        if (!IsFenced)
        {
            File.WriteAllText(_marker, $"{under?.ToString() ?? "none"}\nstandby.signal written by the site agent: this member was a primary\n");
        }

        File.WriteAllText(_standby, "");
    }

    /// <summary>Removes standby.signal, then the marker: the next start comes up primary.</summary>
    public void Unfence()
    {
        File.Delete(_standby);
        File.Delete(_marker);
    }

    /// <summary>The member is a real standby now (rebuilt): standby.signal stays, the marker goes.</summary>
    public void ClearMarker() => File.Delete(_marker);
}
