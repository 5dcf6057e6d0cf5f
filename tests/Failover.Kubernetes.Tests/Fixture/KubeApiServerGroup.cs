using Failover.Testing;

namespace Failover.Kubernetes.Tests.Fixture;

/// <summary>The tests of this assembly that share one API server (xunit needs the collection defined in the tests' assembly).</summary>
[CollectionDefinition(Name)]
public sealed class KubeApiServerGroup : ICollectionFixture<KubeApiServer>
{
    public const string Name = "kube-apiserver";
}
