using System.Security.Cryptography;
using System.Text;
using k8s;
using k8s.Models;

namespace Failover.Testing;

/// <summary>
/// A real etcd and kube-apiserver on loopback, with token authentication and RBAC, started once per test collection.
/// Tests stay independent by working in namespaces of their own (<see cref="CreateNamespaceAsync"/>). There is no
/// kubelet and no controller manager: <see cref="FakeKubelet"/> plays the part that makes scaling observable.
/// </summary>
public sealed class KubeApiServer : IAsyncLifetime
{
    public const string AdminToken = "admin-token-for-tests";
    public const string OrchestratorToken = "orchestrator-token-for-tests";

    /// <summary>A user with no RBAC bindings of its own: what the product runs as, given the manifests' Role.</summary>
    public const string OrchestratorUser = "failover-orchestrator";

    private const string InstallHint = "run `bash eng/kube-apiserver.sh` (installs etcd-server and builds kube-apiserver from Debian's source package, cached)";

    private readonly TemporaryDirectory _directory = new();
    private ServerProcess? _etcd;
    private ServerProcess? _apiServer;
    private int _namespaces;

    public string Host { get; private set; } = "";

    public string Diagnostics => $"etcd:\n{Tail(_etcd?.Output)}\nkube-apiserver:\n{Tail(_apiServer?.Output)}";

    public static string BinaryPath =>
        Environment.GetEnvironmentVariable("FAILOVER_KUBE_APISERVER") is { Length: > 0 } path ? path
        : Path.Combine(Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } cache ? cache
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "failover", "kube-apiserver-1.20.2", "kube-apiserver");

    public async Task InitializeAsync()
    {
        var etcdClient = FreePort.Tcp();
        var etcdPeer = FreePort.Tcp();
        var etcdUrl = $"http://127.0.0.1:{etcdClient}";
        _etcd = ServerProcess.Start("/usr/bin/etcd", [
            "--name", "failover-test",
            "--data-dir", _directory.PathOf("etcd"),
            "--listen-client-urls", etcdUrl, "--advertise-client-urls", etcdUrl,
            "--listen-peer-urls", $"http://127.0.0.1:{etcdPeer}", "--initial-advertise-peer-urls", $"http://127.0.0.1:{etcdPeer}",
            "--initial-cluster", $"failover-test=http://127.0.0.1:{etcdPeer}",
        ], "apt-get install etcd-server, or " + InstallHint);

        var tokens = _directory.Write("tokens.csv",
            $"{AdminToken},admin,admin,\"system:masters\"\n{OrchestratorToken},{OrchestratorUser},{OrchestratorUser}\n");
        using var key = RSA.Create(2048);
        var privateKey = _directory.Write("sa.key", key.ExportRSAPrivateKeyPem());
        var publicKey = _directory.Write("sa.pub", key.ExportSubjectPublicKeyInfoPem());
        var port = FreePort.Tcp();
        Host = $"https://127.0.0.1:{port}";
        _apiServer = ServerProcess.Start(BinaryPath, [
            $"--etcd-servers={etcdUrl}",
            $"--secure-port={port}",
            "--bind-address=127.0.0.1",
            "--advertise-address=127.0.0.1",
            $"--cert-dir={_directory.PathOf("certs")}",
            $"--token-auth-file={tokens}",
            $"--service-account-key-file={publicKey}",
            $"--service-account-signing-key-file={privateKey}",
            "--service-account-issuer=https://kubernetes.default.svc",
            "--service-cluster-ip-range=10.96.0.0/24",
            "--authorization-mode=RBAC",
            "--disable-admission-plugins=ServiceAccount",
        ], InstallHint);

        using var admin = CreateClient(AdminToken);
        await Wait.UntilAsync(async () =>
        {
            _etcd.ThrowIfExited("etcd");
            _apiServer.ThrowIfExited("kube-apiserver");
            await admin.CoreV1.ListNamespaceAsync();

            // RBAC's bootstrap roles are in place once the API answers for them.
            await admin.RbacAuthorizationV1.ReadClusterRoleAsync("admin");
            return true;
        }, TimeSpan.FromSeconds(60), "kube-apiserver ready", () => Diagnostics);
    }

    public KubernetesClientConfiguration Configuration(string token, string? @namespace = null) => new()
    {
        Host = Host,
        AccessToken = token,
        SkipTlsVerify = true,
        Namespace = @namespace,
    };

    public k8s.Kubernetes CreateClient(string token = AdminToken) => new(Configuration(token));

    /// <summary>A kubeconfig file for this server, as an operator would hand to the product or to kubectl.</summary>
    public string WriteKubeconfig(string token, string context = "test", string @namespace = "default")
    {
        var path = _directory.PathOf($"kubeconfig-{context}-{Guid.NewGuid():N}");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: test
              cluster:
                server: {Host}
                insecure-skip-tls-verify: true
            users:
            - name: {context}-user
              user:
                token: {token}
            contexts:
            - name: {context}
              context:
                cluster: test
                user: {context}-user
                namespace: {@namespace}
            current-context: {context}
            """, Encoding.UTF8);
        return path;
    }

    /// <summary>A fresh namespace for one test, so tests never see each other's objects.</summary>
    public async Task<string> CreateNamespaceAsync(string prefix = "t")
    {
        var name = $"{prefix}-{Interlocked.Increment(ref _namespaces)}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        using var admin = CreateClient();
        await admin.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    public async Task DisposeAsync()
    {
        if (_apiServer is not null)
        {
            await _apiServer.DisposeAsync();
        }

        if (_etcd is not null)
        {
            await _etcd.DisposeAsync();
        }

        _directory.Dispose();
    }

    private static string Tail(string? output) => output is null ? "(not started)" : string.Join('\n', output.Split('\n').TakeLast(30));
}
