using System.Diagnostics;
using Failover.Kubernetes.Tests.Fixture;
using Failover.Testing;

namespace Failover.Kubernetes.Tests.Workloads;

/// <summary>
/// manifests/site on the real API server: the kustomization applies (server-side dry-run), and the Role bound to the
/// orchestrator grants what the workload control and the probe use and nothing wider (kubectl auth can-i).
/// </summary>
[Collection(KubeApiServerGroup.Name)]
public sealed class SiteRoleTests(KubeApiServer server)
{
    private const string KubectlHint = "install kubectl (e.g. apt-get install kubernetes-client, or the upstream binary on PATH)";

    public static TheoryData<string, string, bool> Permissions => new()
    {
        // verb, resource (and scope flags), allowed
        { "get", "deployments.apps", true },
        { "update", "deployments.apps", true },
        { "get", "statefulsets.apps", true },
        { "update", "statefulsets.apps", true },
        { "get", "services", true },
        { "create", "services", true },
        { "update", "services", true },
        { "get", "configmaps", true },
        { "create", "configmaps", true },
        { "update", "configmaps", true },
        { "get", "secrets", true },
        { "update", "secrets", true },
        { "delete", "deployments.apps", false },
        { "create", "deployments.apps", false },
        { "list", "secrets", false },
        { "watch", "secrets", false },
        { "delete", "configmaps", false },
        { "create", "pods/exec", false },
        { "create", "rolebindings.rbac.authorization.k8s.io", false },
        { "update", "roles.rbac.authorization.k8s.io", false },
    };

    [Theory]
    [MemberData(nameof(Permissions))]
    public async Task SiteRole_InItsNamespace_AllowsOnlyWhatTheCodeUses(string verb, string resource, bool allowed)
    {
        var ns = await server.CreateNamespaceAsync("role");
        await SiteNamespace.ApplySiteRoleAsync(server, ns);

        (await CanIAsync(verb, resource, "-n", ns)).Should().Be(allowed, $"{verb} {resource} in the site namespace");
    }

    [Theory]
    [InlineData("get", "secrets", "-n kube-system")]
    [InlineData("get", "secrets", "-n default")]
    [InlineData("update", "deployments.apps", "-n default")]
    [InlineData("get", "secrets", "--all-namespaces")]
    [InlineData("delete", "deployments.apps", "--all-namespaces")]
    [InlineData("delete", "namespaces", "--all-namespaces")]
    [InlineData("delete", "nodes", "--all-namespaces")]
    [InlineData("create", "clusterrolebindings.rbac.authorization.k8s.io", "--all-namespaces")]
    public async Task SiteRole_OutsideItsNamespace_IsDenied(string verb, string resource, string scope)
    {
        var ns = await server.CreateNamespaceAsync("role");
        await SiteNamespace.ApplySiteRoleAsync(server, ns);

        (await CanIAsync([verb, resource, .. scope.Split(' ')])).Should().BeFalse($"{verb} {resource} {scope}");
    }

    [Fact]
    public async Task SiteKustomization_AppliesWithServerSideDryRun()
    {
        var ns = await server.CreateNamespaceAsync("kustomize");
        using var overlay = new TemporaryDirectory();
        overlay.Write("kustomization.yaml", $"""
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            namespace: {ns}
            bases:
              - {Path.GetRelativePath(overlay.Path, Repository.PathOf("manifests", "site"))}
            """);

        var (exit, output) = await KubectlAsync("apply", "--dry-run=server", "-k", overlay.Path);

        exit.Should().Be(0, output);
        output.Should().Contain("role.rbac.authorization.k8s.io/failover-orchestrator created (server dry run)")
            .And.Contain("rolebinding.rbac.authorization.k8s.io/failover-orchestrator created (server dry run)")
            .And.Contain("serviceaccount/failover-orchestrator created (server dry run)");
    }

    private async Task<bool> CanIAsync(params string[] arguments)
    {
        var (exit, output) = await KubectlAsync(["auth", "can-i", .. arguments, "--as", KubeApiServer.OrchestratorUser]);
        return exit switch
        {
            0 => true,
            1 when output.TrimStart().StartsWith("no", StringComparison.Ordinal) => false,
            _ => throw new InvalidOperationException($"kubectl auth can-i {string.Join(' ', arguments)} exited {exit}: {output}"),
        };
    }

    private async Task<(int Exit, string Output)> KubectlAsync(params string[] arguments)
    {
        var kubectl = Environment.GetEnvironmentVariable("PATH")?.Split(':').Select(d => Path.Combine(d, "kubectl")).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("kubectl is not on PATH: " + KubectlHint);
        var info = new ProcessStartInfo(kubectl) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments.Concat(["--kubeconfig", server.WriteKubeconfig(KubeApiServer.AdminToken)]))
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
