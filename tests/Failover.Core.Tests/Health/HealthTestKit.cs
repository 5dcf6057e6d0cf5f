using Failover.Core.Health;
using Microsoft.Extensions.Time.Testing;

namespace Failover.Core.Tests.Health;

/// <summary>Builders shared by the health tests.</summary>
internal static class HealthTestKit
{
    public static readonly DateTimeOffset Start = new(2026, 3, 10, 0, 47, 0, TimeSpan.Zero);

    /// <summary>Suspect after 1 failure, Down after 3, recovered after 2 successes; 10 s grace.</summary>
    public static HealthThresholds Thresholds(TimeSpan? grace = null) => new(
        FailuresToSuspect: 1,
        FailuresToDown: 3,
        SuccessesToRecover: 2,
        GracePeriod: grace ?? TimeSpan.FromSeconds(10),
        StablePeriod: TimeSpan.FromSeconds(30),
        FlapWindow: TimeSpan.FromMinutes(2),
        FlapCount: 2,
        MaxViewAge: TimeSpan.FromSeconds(5));

    public static FakeTimeProvider Clock() => new(Start);

    public static HttpProbeTarget Http(string site, string name = "http") =>
        new($"ent@{site}/{name}", site, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(800), new Uri($"http://{site}.example/health"), 200, null);

    public static ProbeResult Ok(ProbeTarget target, DateTimeOffset at) =>
        new(target.Id, at, TimeSpan.FromMilliseconds(5), ProbeFailureReason.None, null);

    public static ProbeResult Fail(ProbeTarget target, DateTimeOffset at, ProbeFailureReason reason = ProbeFailureReason.Timeout) =>
        new(target.Id, at, TimeSpan.FromMilliseconds(800), reason, "no answer within 800 ms");

    public static async Task Eventually(Func<bool> condition, string what, TimeSpan? within = null)
    {
        var deadline = Environment.TickCount64 + (long)(within ?? TimeSpan.FromSeconds(10)).TotalMilliseconds;
        for (var spins = 0; !condition(); spins++)
        {
            if (Environment.TickCount64 > deadline)
            {
                throw new TimeoutException($"timed out waiting for {what}");
            }

            if (spins < 50)
            {
                await Task.Yield();
            }
            else
            {
                await Task.Delay(1);
            }
        }
    }
}
