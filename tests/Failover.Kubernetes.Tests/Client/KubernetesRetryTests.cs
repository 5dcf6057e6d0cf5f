using System.Net;
using Failover.Core.Leadership;
using Failover.Kubernetes.Client;
using k8s.Autorest;
using Polly.Timeout;

namespace Failover.Kubernetes.Tests.Client;

/// <summary>What each Kubernetes pipeline retries: the workloads retry a 409 (they re-read), the journal never does.</summary>
public sealed class KubernetesRetryTests
{
    private static readonly KubernetesRetryOptions Workloads = new("kubernetes", 6, TimeSpan.Zero) { RetryConflicts = true, AttemptTimeout = TimeSpan.FromSeconds(10) };
    private static readonly KubernetesRetryOptions Journal = new("kubernetes-journal", 3, TimeSpan.Zero) { RetryTimeouts = true };

    [Theory]
    [InlineData("409", true, false)]
    [InlineData("503", true, true)]
    [InlineData("429", true, true)]
    [InlineData("404", false, false)]
    [InlineData("403", false, false)]
    [InlineData("attempt-timeout", true, true)]
    [InlineData("call-timeout", false, true)]
    [InlineData("io", true, true)]
    [InlineData("not-leader", false, false)]
    [InlineData("bad-document", false, false)]
    [InlineData("invalid-operation", false, false)]
    public void ShouldRetry_ByPipeline(string failure, bool workloads, bool journal)
    {
        var e = Failure(failure);

        KubernetesRetry.ShouldRetry(e, Workloads).Should().Be(workloads, because: "the workloads' pipeline");
        KubernetesRetry.ShouldRetry(e, Journal).Should().Be(journal, because: "the journal's pipeline");
    }

    private static Exception Failure(string failure) => failure switch
    {
        "attempt-timeout" => new TimeoutRejectedException(),
        "call-timeout" => new TimeoutException("the Kubernetes API did not answer"),
        "io" => new IOException("connection reset"),
        "not-leader" => new NotLeaderException(),
        "bad-document" => new InvalidDataException("not a journal record"),
        "invalid-operation" => new InvalidOperationException("misuse"),
        _ => new HttpOperationException("API error")
        {
            Response = new HttpResponseMessageWrapper(new HttpResponseMessage((HttpStatusCode)int.Parse(failure, System.Globalization.CultureInfo.InvariantCulture)), ""),
        },
    };
}
