using System.Text.RegularExpressions;
using Failover.Core.Journal;
using Failover.Kubernetes.Journal;
using Failover.Kubernetes.Leadership;
using Failover.Kubernetes.Tests.Fixture;
using Failover.Testing;

namespace Failover.Kubernetes.Tests.Manifests;

[Collection(KubeApiServerGroup.Name)]
public sealed partial class ManifestTests(KubeApiServer server) : IDisposable
{
    private const string BaseNamespace = "failover";
    private const string ServiceAccount = $"system:serviceaccount:{BaseNamespace}:failover";
    private static readonly SemaphoreSlim BaseRbac = new(1, 1);
    private static string? _baseAppliedTo;
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task ExampleOverlay_ServerSideDryRun_IsAccepted()
    {
        var (rendered, output) = await DryRunAsync("example");

        rendered.Should().Contain("kind: Deployment").And.Contain("image: ghcr.io/example/failover:0.1.0").And.Contain("name: failover-estate-");
        output.Should().Contain("deployment.apps/failover").And.Contain("networkpolicy.networking.k8s.io/failover").And.Contain("poddisruptionbudget.policy/failover")
            .And.Contain("role.rbac.authorization.k8s.io/failover").And.Contain("service/failover").And.Contain("service/failover-peers");
    }

    [Fact]
    public async Task ObserverOnlyOverlay_ServerSideDryRun_IsAccepted_AndItsReplicasNeverAct()
    {
        var (rendered, output) = await DryRunAsync("observer-only");

        output.Should().Contain("deployment.apps/failover").And.Contain("service/failover-peers");
        rendered.Should().Contain("namespace: failover-gra").And.Contain("observer: obs-gra").And.Contain("- --observe-only")
            .And.NotContain("--leader-election", "only one observer's Deployment in an estate elects a leader and acts")
            .And.NotContain("kubernetes://", "an observing site shares no journal");
    }

    /// <summary>Renders an overlay with kubectl's kustomize and applies it with a server-side dry run (its namespace for real).</summary>
    private async Task<(string Rendered, string Output)> DryRunAsync(string overlay)
    {
        var admin = server.WriteKubeconfig(KubeApiServer.AdminToken);
        var (exit, rendered) = await Kubectl.TryRunAsync(admin, "kustomize", Repository.PathOf("manifests", "overlays", overlay));
        exit.Should().Be(0, rendered);

        // PodDisruptionBudget is policy/v1 (Kubernetes 1.21+); the test server is 1.20, which serves only v1beta1.
        if (!(await Kubectl.RunAsync(admin, "api-versions")).Split('\n').Contains("policy/v1"))
        {
            rendered = rendered.Replace("apiVersion: policy/v1\nkind: PodDisruptionBudget", "apiVersion: policy/v1beta1\nkind: PodDisruptionBudget", StringComparison.Ordinal);
        }

        // A dry run cannot create a namespace and its contents in one go: the namespaces the objects live in are created
        // for real first. (kubectl 1.20's kustomize, Debian's, renames the objects' namespace but not the Namespace object.)
        foreach (var ns in NamespaceOf().Matches(rendered).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal))
        {
            await Kubectl.RunAsync(admin, "apply", "-f", _directory.Write($"namespace-{overlay}-{ns}.yaml", $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {ns}\n"));
        }

        var output = await Kubectl.RunAsync(admin, "apply", "--dry-run=server", "-f", _directory.Write($"rendered-{overlay}.yaml", rendered));
        return (rendered, output);
    }

    [Fact]
    public async Task PeersService_IsHeadless_PublishesNotReadyReplicas_AndSelectsTheControlPlanePods()
    {
        await ApplyBaseRbacAsync();
        var admin = server.WriteKubeconfig(KubeApiServer.AdminToken);
        await Kubectl.RunAsync(admin, "apply", "-f", Repository.PathOf("manifests", "base", "service-peers.yaml"));

        var spec = await Kubectl.RunAsync(
            admin, "get", "service", "failover-peers", "-n", BaseNamespace,
            "-o", "jsonpath={.spec.clusterIP} {.spec.publishNotReadyAddresses} {.spec.selector.app\\.kubernetes\\.io/component} {.spec.ports[0].port}");
        var podLabel = await Kubectl.RunAsync(
            admin, "create", "--dry-run=client", "-o", "jsonpath={.spec.template.metadata.labels.app\\.kubernetes\\.io/component}", "-f", Repository.PathOf("manifests", "base", "deployment.yaml"));

        spec.Trim().Should().Be($"None true {podLabel.Trim()} 7400", "DNS must answer every replica's address (headless), starting ones included, on the API port");
    }

    [Fact]
    public void ExampleOverlayEstate_IsTheExampleEstate()
    {
        File.ReadAllText(Repository.PathOf("manifests", "overlays", "example", "estate.yaml")).Should()
            .Be(File.ReadAllText(Repository.PathOf("manifests", "estate.example.yaml")), "the overlay carries a copy of the example estate (kustomize reads only files below it)");
    }

    [Theory]
    [InlineData("get", "leases/failover-leader")]
    [InlineData("update", "leases/failover-leader")]
    [InlineData("create", "leases")]
    [InlineData("get", "configmaps/failover-journal")]
    [InlineData("update", "configmaps/failover-journal")]
    [InlineData("create", "configmaps")]
    [InlineData("list", "configmaps")]
    public async Task BaseRole_AllowsWhatTheCodeUses(string verb, string resource)
    {
        var answer = await CanIAsync(verb, resource, "-n", BaseNamespace);

        answer.Should().Be("yes", $"the service account must be able to {verb} {resource}");
    }

    [Theory]
    [InlineData("get", "secrets", "-n", BaseNamespace)]
    [InlineData("get", "secrets", "-n", "kube-system")]
    [InlineData("list", "secrets", "--all-namespaces")]
    [InlineData("delete", "configmaps", "-n", BaseNamespace)]
    [InlineData("delete", "leases/failover-leader", "-n", BaseNamespace)]
    [InlineData("update", "leases/kube-controller-manager", "-n", BaseNamespace)]
    [InlineData("get", "configmaps", "-n", "kube-system")]
    [InlineData("delete", "namespaces", "--all-namespaces")]
    [InlineData("delete", "deployments", "--all-namespaces")]
    [InlineData("create", "deployments", "-n", BaseNamespace)]
    [InlineData("create", "pods/exec", "-n", BaseNamespace)]
    public async Task BaseRole_DeniesEverythingElse(string verb, string resource, params string[] scope)
    {
        var answer = await CanIAsync(verb, resource, scope);

        answer.Should().Be("no", $"the service account must not {verb} {resource} {string.Join(' ', scope)}");
    }

    [Fact]
    public async Task BaseRole_IsEnoughForLeaderElectionAndTheJournal()
    {
        // The fixture's orchestrator user has no rights of its own; bind it to the base Role, then run the real code as it.
        await ApplyBaseRbacAsync();
        var admin = server.WriteKubeconfig(KubeApiServer.AdminToken);
        var (exit, output) = await Kubectl.TryRunAsync(admin, "create", "rolebinding", "failover-orchestrator", "-n", BaseNamespace, "--role=failover", $"--user={KubeApiServer.OrchestratorUser}");
        (exit == 0 || output.Contains("AlreadyExists", StringComparison.Ordinal)).Should().BeTrue(output);
        using var client = server.CreateClient(KubeApiServer.OrchestratorToken);
        using var stop = new CancellationTokenSource();
        var leadership = KubernetesLeadership.Create(client, new LeaseLeadershipOptions
        {
            Namespace = BaseNamespace, Identity = "pod-0", LeaseDuration = TimeSpan.FromSeconds(2), RenewDeadline = TimeSpan.FromSeconds(1.5), RetryPeriod = TimeSpan.FromSeconds(0.2),
        });
        var campaign = leadership.RunAsync(stop.Token);
        try
        {
            await Wait.UntilAsync(() => Task.FromResult(leadership.Current.IsLeader), TimeSpan.FromSeconds(10), "pod-0 leads with the base Role's rights", () => server.Diagnostics);
            using var journal = new KubernetesJournalStore(client, BaseNamespace, "failover-journal");
            await journal.TakeOverAsync("pod-0", CancellationToken.None);
            var refused = Refused("op-000001-failover-ent-1");
            await journal.WriteAsync(JournalWrite.Of(refused, new JournalEntry(refused.Id, refused.Request.CreatedAt, JournalEntryKind.Refused, null, "engine", "no standby")), CancellationToken.None);

            (await journal.ListOperationsAsync(activeOnly: false, CancellationToken.None)).Should().ContainSingle().Which.Id.Should().Be(refused.Id);
        }
        finally
        {
            await stop.CancelAsync();
            await campaign;
        }
    }

    private async Task<string> CanIAsync(string verb, string resource, params string[] scope)
    {
        await ApplyBaseRbacAsync();
        var (_, output) = await Kubectl.TryRunAsync(server.WriteKubeconfig(KubeApiServer.AdminToken), ["auth", "can-i", verb, resource, "--as", ServiceAccount, .. scope]);
        return FirstWord().Match(output).Value;
    }

    /// <summary>The base namespace, service account, Role and binding, applied for real once per server.</summary>
    private async Task ApplyBaseRbacAsync()
    {
        await BaseRbac.WaitAsync();
        try
        {
            if (_baseAppliedTo == server.Host)
            {
                return;
            }

            var admin = server.WriteKubeconfig(KubeApiServer.AdminToken);
            string[] files = ["namespace.yaml", "serviceaccount.yaml", "role.yaml", "rolebinding.yaml"];
            await Kubectl.RunAsync(admin, ["apply", .. files.SelectMany(f => new[] { "-f", Repository.PathOf("manifests", "base", f) })]);
            _baseAppliedTo = server.Host;
        }
        finally
        {
            BaseRbac.Release();
        }
    }

    private static OperationRecord Refused(string id)
    {
        var at = new DateTimeOffset(2026, 3, 10, 0, 47, 0, TimeSpan.Zero);
        var request = new Core.Operations.OperationRequest("ent-1", Core.Operations.OperationKind.Failover, null, "engine", "fire");
        return OperationRecord.Refused(id, request, new ServiceState("ent-1", Core.Epoch.Initial, null, "ovh-sbg", [], [], null, false), "no standby", at);
    }

    [GeneratedRegex(@"^  namespace: (\S+)$", RegexOptions.Multiline)]
    private static partial Regex NamespaceOf();

    [GeneratedRegex("^(yes|no)", RegexOptions.Multiline)]
    private static partial Regex FirstWord();
}
