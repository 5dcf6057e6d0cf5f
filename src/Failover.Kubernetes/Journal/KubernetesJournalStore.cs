using System.Net;
using Failover.Core.Journal;
using Failover.Core.Leadership;
using Failover.Core.Operations;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace Failover.Kubernetes.Journal;

/// <summary>
/// The journal kept in ConfigMaps of one namespace, for a control plane that runs as several replicas.
/// <para>
/// Layout: a <b>head</b> ConfigMap (<c>NAME</c>) holds the term of the leader that owns the journal, every service's
/// state, the operations still in flight with their audit trail, and an index of ended operations. Each ended
/// operation moves to an <b>archive</b> ConfigMap of its own (<c>NAME-op-SEQUENCE</c>, labelled
/// <c>failover.io/journal=NAME</c>), so the head stays far below the 1 MiB object limit (in-flight operations plus
/// about 60 bytes of index per ended one).
/// </para>
/// <para>
/// Atomicity and fencing: every <see cref="WriteAsync"/> is ONE replace of the head, conditioned on the
/// resourceVersion this writer last wrote. A new leader first takes the journal over (<see cref="TakeOverAsync"/>:
/// term + 1, which bumps the resourceVersion), so any later write by a deposed leader gets 409 Conflict and fails
/// with <see cref="NotLeaderException"/>; the store then refuses every write until it is taken over again. An
/// archive is written before the head commit that moves the operation out of the head; it is read only once the
/// head lists it as archived, and it is never overwritten by an earlier term than the one that wrote it.
/// </para>
/// <para>
/// Transient API failures (unreachable, 429/5xx, a call past its deadline) are retried with backoff
/// (<see cref="JournalResilience"/>); a 409 never is. Reads simply retry. A head write whose outcome is unknown is
/// retried by re-reading the head: if the attempt landed it is adopted, if the term moved on the writer is deposed,
/// else the write is applied again on the head as it is — never the same conditional replace blindly (which, had the
/// first one landed, would get a 409 and falsely depose this leader).
/// </para>
/// </summary>
public sealed partial class KubernetesJournalStore : IJournalStore, ILeaderJournal, IDisposable
{
    public const string JournalLabel = "failover.io/journal";

    private readonly IKubernetes _client;
    private readonly string _namespace;
    private readonly string _name;
    private readonly TimeSpan _requestTimeout;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _retry;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private JournalHead? _head;
    private string? _resourceVersion;
    private bool _stale;
    private string? _attempted; // the head the current write last tried to commit, while its outcome is unknown

    /// <param name="requestTimeout">One API call's deadline (10 s by default); transient failures are retried <see cref="JournalResilience.MaxRetries"/> times.</param>
    /// <param name="time">The clock the retry delays use (the system's by default).</param>
    /// <param name="retryDelay">The first retry's delay (200 ms by default), exponential with jitter after.</param>
    public KubernetesJournalStore(
        IKubernetes client, string @namespace, string name, TimeSpan? requestTimeout = null, ILogger? logger = null, TimeProvider? time = null, TimeSpan? retryDelay = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _namespace = KubernetesJournalLocation.ValidateName(@namespace, "journal namespace");
        _name = KubernetesJournalLocation.ValidateName(name, "journal name");
        _requestTimeout = requestTimeout ?? TimeSpan.FromSeconds(10);
        _logger = logger ?? NullLogger.Instance;
        _retry = JournalResilience.Create(time ?? TimeProvider.System, retryDelay ?? TimeSpan.FromMilliseconds(200), _logger);
    }

    public string Namespace => _namespace;

    public string Name => _name;

    /// <summary>The term this instance took the journal over for (0: not taken over, or deposed).</summary>
    public long Term => _head?.Term ?? 0;

    public void Dispose() => _writeGate.Dispose();

    public async Task TakeOverAsync(string leader, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(leader);
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            _head = null;
            _resourceVersion = null;
            long attempted = 0;
            await _retry.ExecuteAsync(
                async ct =>
                {
                    var (current, version) = await ReadHeadAsync(ct, retry: false);
                    if (attempted > 0 && current is not null && version is not null && current.Term == attempted && current.Leader == leader)
                    {
                        // The previous attempt landed though its answer was lost.
                        Adopt(current, version, leader);
                        return;
                    }

                    var next = (current ?? JournalHead.Empty) with { Term = (current?.Term ?? 0) + 1, Leader = leader };
                    attempted = next.Term;
                    try
                    {
                        var written = version is null
                            ? await CallAsync(c => _client.CoreV1.CreateNamespacedConfigMapAsync(HeadObject(next, null), _namespace, cancellationToken: c), ct)
                            : await CallAsync(c => _client.CoreV1.ReplaceNamespacedConfigMapAsync(HeadObject(next, version), _name, _namespace, cancellationToken: c), ct);
                        Adopt(next, written.Metadata.ResourceVersion, leader);
                    }
                    catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
                    {
                        throw new NotLeaderException($"journal {_namespace}/{_name}: another writer took the journal over at the same time", e);
                    }
                },
                cancellationToken);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private void Adopt(JournalHead head, string resourceVersion, string leader)
    {
        _head = head;
        _resourceVersion = resourceVersion;
        _stale = false;
        Log.TookOver(_logger, _namespace, _name, head.Term, leader);
    }

    public async Task WriteAsync(JournalWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            if (_head is null || _resourceVersion is null)
            {
                throw new NotLeaderException($"journal {_namespace}/{_name}: this instance has not taken the journal over (or was deposed); only the leader writes");
            }

            _attempted = null;
            await _retry.ExecuteAsync(
                async ct =>
                {
                    if (_stale)
                    {
                        await RefreshAfterFailureAsync(ct);
                        if (_attempted is not null && JournalJson.Serialize(_head) == _attempted)
                        {
                            _attempted = null;
                            return; // this write's previous attempt landed though its answer was lost
                        }
                    }

                    await WriteOnceAsync(write, ct);
                },
                cancellationToken);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>One attempt: the write applied to the head as this instance knows it.</summary>
    private async Task WriteOnceAsync(JournalWrite write, CancellationToken cancellationToken)
    {
        var (next, archive) = Apply(_head!, write);
        if (archive is not null)
        {
            await WriteArchiveAsync(archive, cancellationToken);
        }

        _attempted = JournalJson.Serialize(next);
        try
        {
            var written = await CallAsync(ct => _client.CoreV1.ReplaceNamespacedConfigMapAsync(HeadObject(next, _resourceVersion), _name, _namespace, cancellationToken: ct), cancellationToken);
            _head = next;
            _resourceVersion = written.Metadata.ResourceVersion;
            _attempted = null;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            throw await DeposedAsync(e, cancellationToken);
        }
        catch (Exception e) when (e is not NotLeaderException)
        {
            // The write may or may not have landed: look again before the next attempt (or the next write).
            _stale = true;
            throw;
        }
    }

    public async Task<OperationRecord?> GetOperationAsync(string operationId, CancellationToken cancellationToken)
    {
        var head = await CurrentHeadAsync(cancellationToken);
        if (head.Active.FirstOrDefault(a => a.Record.Id == operationId) is { } active)
        {
            return active.Record;
        }

        return head.Archived.FirstOrDefault(a => a.Id == operationId) is { } archived
            ? (await ReadArchiveAsync(archived.Sequence, cancellationToken))?.Record
            : null;
    }

    public async Task<IReadOnlyList<OperationRecord>> ListOperationsAsync(bool activeOnly, CancellationToken cancellationToken)
    {
        var head = await CurrentHeadAsync(cancellationToken);
        var all = head.Active.Select(a => (a.Sequence, a.Record)).ToList();
        if (!activeOnly && head.Archived.Count > 0)
        {
            var archives = await ReadAsync(
                ct => _client.CoreV1.ListNamespacedConfigMapAsync(_namespace, labelSelector: $"{JournalLabel}={_name}", cancellationToken: ct), cancellationToken);
            var committed = head.Archived.Select(a => a.Sequence).ToHashSet();
            all.AddRange(archives.Items
                .Select(c => JournalJson.Deserialize<ArchiveDocument>(c.Data, c.Metadata.Name))
                .Where(a => committed.Contains(a.Sequence))
                .Select(a => (a.Sequence, a.Record)));
        }

        return all.Where(o => !activeOnly || o.Record.Status.IsActive()).OrderBy(o => o.Sequence).Select(o => o.Record).ToList();
    }

    public async Task<IReadOnlyList<JournalEntry>> ReadEntriesAsync(string operationId, CancellationToken cancellationToken)
    {
        var head = await CurrentHeadAsync(cancellationToken);
        if (head.Active.FirstOrDefault(a => a.Record.Id == operationId) is { } active)
        {
            return active.Entries;
        }

        if (head.Archived.FirstOrDefault(a => a.Id == operationId) is { } archived)
        {
            return (await ReadArchiveAsync(archived.Sequence, cancellationToken))?.Entries ?? [];
        }

        return head.LooseEntries.TryGetValue(operationId, out var loose) ? loose : [];
    }

    public async Task<IReadOnlyList<ServiceState>> ListServiceStatesAsync(CancellationToken cancellationToken) =>
        (await CurrentHeadAsync(cancellationToken)).States;

    /// <summary>The head with one write applied, and the archive to write first when an operation ended.</summary>
    private static (JournalHead Next, ArchiveDocument? Archive) Apply(JournalHead head, JournalWrite write)
    {
        var active = head.Active.ToList();
        var archived = head.Archived.ToList();
        var loose = head.LooseEntries.ToDictionary(p => p.Key, p => p.Value.ToList(), StringComparer.Ordinal);
        var nextSequence = head.NextSequence;
        ArchiveDocument? archive = null;

        if (write.Operation is { } op)
        {
            var index = active.FindIndex(a => a.Record.Id == op.Id);
            if (index < 0 && archived.Any(a => a.Id == op.Id))
            {
                throw new InvalidOperationException($"journal: operation '{op.Id}' has ended and is archived; an ended operation is never rewritten");
            }

            if (index < 0)
            {
                var entries = loose.Remove(op.Id, out var pending) ? pending : [];
                active.Add(new ActiveOperation(nextSequence++, op, entries));
                index = active.Count - 1;
            }
            else
            {
                active[index] = active[index] with { Record = op };
            }
        }

        foreach (var e in write.Entries)
        {
            var index = active.FindIndex(a => a.Record.Id == e.OperationId);
            if (index >= 0)
            {
                active[index] = active[index] with { Entries = [.. active[index].Entries, e] };
            }
            else if (archived.Any(a => a.Id == e.OperationId))
            {
                throw new InvalidOperationException($"journal: operation '{e.OperationId}' has ended and is archived; its audit trail is closed");
            }
            else
            {
                if (!loose.TryGetValue(e.OperationId, out var list))
                {
                    loose[e.OperationId] = list = [];
                }

                list.Add(e);
            }
        }

        if (write.Operation is { } written && !written.Status.IsActive())
        {
            var index = active.FindIndex(a => a.Record.Id == written.Id);
            var ended = active[index];
            active.RemoveAt(index);
            archived.Add(new ArchivedOperation(written.Id, ended.Sequence));
            archive = new ArchiveDocument(head.Term, ended.Sequence, ended.Record, ended.Entries);
        }

        var states = head.States.ToList();
        if (write.ServiceState is { } s)
        {
            var index = states.FindIndex(x => x.ServiceId == s.ServiceId);
            if (index < 0)
            {
                states.Add(s);
            }
            else
            {
                states[index] = s;
            }
        }

        var next = head with
        {
            NextSequence = nextSequence,
            States = states,
            Active = active,
            Archived = archived,
            LooseEntries = loose.ToDictionary(p => p.Key, p => (IReadOnlyList<JournalEntry>)p.Value, StringComparer.Ordinal),
        };
        return (next, archive);
    }

    private async Task WriteArchiveAsync(ArchiveDocument archive, CancellationToken cancellationToken)
    {
        var name = ArchiveName(archive.Sequence);
        try
        {
            await CallAsync(ct => _client.CoreV1.CreateNamespacedConfigMapAsync(ArchiveObject(archive, name, null), _namespace, cancellationToken: ct), cancellationToken);
            return;
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            // Already there: written by this term before a failed head commit, or by an earlier (deposed) term that
            // never committed it. A later term's archive is never overwritten.
        }

        var existing = await CallAsync(ct => _client.CoreV1.ReadNamespacedConfigMapAsync(name, _namespace, cancellationToken: ct), cancellationToken);
        var document = JournalJson.Deserialize<ArchiveDocument>(existing.Data, name);
        if (document.Term > archive.Term)
        {
            _head = null;
            throw new NotLeaderException($"journal {_namespace}/{_name}: operation archive '{name}' was written by a later leader (term {document.Term}); this instance (term {archive.Term}) was deposed");
        }

        try
        {
            await CallAsync(ct => _client.CoreV1.ReplaceNamespacedConfigMapAsync(ArchiveObject(archive, name, existing.Metadata.ResourceVersion), name, _namespace, cancellationToken: ct), cancellationToken);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
            throw await DeposedAsync(e, cancellationToken);
        }
    }

    /// <summary>After a write whose outcome is unknown: adopt the head as it is, if this term still owns it.</summary>
    private async Task RefreshAfterFailureAsync(CancellationToken cancellationToken)
    {
        var term = _head!.Term;
        var (current, version) = await ReadHeadAsync(cancellationToken, retry: false);
        if (current is null || current.Term != term || version is null)
        {
            _head = null;
            _resourceVersion = null;
            throw new NotLeaderException($"journal {_namespace}/{_name}: taken over by {current?.Leader ?? "another instance"} (term {current?.Term}) while this instance held term {term}")
            {
                CurrentLeader = current?.Leader,
            };
        }

        _head = current;
        _resourceVersion = version;
        _stale = false;
    }

    private async Task<NotLeaderException> DeposedAsync(HttpOperationException conflict, CancellationToken cancellationToken)
    {
        var term = _head?.Term ?? 0;
        _head = null;
        _resourceVersion = null;
        string? leader = null;
        try
        {
            leader = (await ReadHeadAsync(cancellationToken, retry: false)).Head?.Leader;
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or OperationCanceledException or InvalidDataException)
        {
            // Naming the new leader is a courtesy; the refusal stands without it.
        }

        Log.Deposed(_logger, _namespace, _name, term, leader ?? "unknown");
        return new NotLeaderException($"journal {_namespace}/{_name}: write refused (409 Conflict), the journal was taken over by {leader ?? "another instance"}; this instance (term {term}) no longer leads", conflict)
        {
            CurrentLeader = leader,
        };
    }

    private async Task<JournalHead> CurrentHeadAsync(CancellationToken cancellationToken) =>
        (await ReadHeadAsync(cancellationToken)).Head ?? JournalHead.Empty;

    /// <param name="retry">False inside a write, whose own attempts already retry (no retries nested in retries).</param>
    private async Task<(JournalHead? Head, string? ResourceVersion)> ReadHeadAsync(CancellationToken cancellationToken, bool retry = true)
    {
        try
        {
            Func<CancellationToken, Task<V1ConfigMap>> read = ct => _client.CoreV1.ReadNamespacedConfigMapAsync(_name, _namespace, cancellationToken: ct);
            var map = retry ? await ReadAsync(read, cancellationToken) : await CallAsync(read, cancellationToken);
            return (JournalJson.Deserialize<JournalHead>(map.Data, _name), map.Metadata.ResourceVersion);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return (null, null);
        }
    }

    private async Task<ArchiveDocument?> ReadArchiveAsync(long sequence, CancellationToken cancellationToken)
    {
        var name = ArchiveName(sequence);
        try
        {
            var map = await ReadAsync(ct => _client.CoreV1.ReadNamespacedConfigMapAsync(name, _namespace, cancellationToken: ct), cancellationToken);
            return JournalJson.Deserialize<ArchiveDocument>(map.Data, name);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>A read (idempotent): each attempt with its own deadline, transient failures retried.</summary>
    private async Task<T> ReadAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
        await _retry.ExecuteAsync(async ct => await CallAsync(call, ct), cancellationToken);

    /// <summary>One API call with its own deadline; a deadline is told from shutdown.</summary>
    private async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_requestTimeout);
        try
        {
            return await call(timeout.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"journal {_namespace}/{_name}: the Kubernetes API did not answer within {_requestTimeout.TotalSeconds:0.#} s", e);
        }
    }

    private string ArchiveName(long sequence) => $"{_name}-op-{sequence:D6}";

    private V1ConfigMap HeadObject(JournalHead head, string? resourceVersion) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = _name,
            NamespaceProperty = _namespace,
            ResourceVersion = resourceVersion,
            Labels = new Dictionary<string, string> { ["app.kubernetes.io/name"] = "failover", ["app.kubernetes.io/component"] = "journal" },
            Annotations = new Dictionary<string, string> { ["failover.io/leader"] = head.Leader ?? "", ["failover.io/term"] = head.Term.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        },
        Data = new Dictionary<string, string> { [JournalJson.Key] = JournalJson.Serialize(head) },
    };

    private V1ConfigMap ArchiveObject(ArchiveDocument archive, string name, string? resourceVersion) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = _namespace,
            ResourceVersion = resourceVersion,
            Labels = new Dictionary<string, string> { [JournalLabel] = _name, ["app.kubernetes.io/name"] = "failover", ["app.kubernetes.io/component"] = "journal" },
            Annotations = new Dictionary<string, string> { ["failover.io/operation"] = archive.Record.Id },
        },
        Data = new Dictionary<string, string> { [JournalJson.Key] = JournalJson.Serialize(archive) },
    };

    private static partial class Log
    {
        [LoggerMessage(8121, LogLevel.Information, "Journal {Namespace}/{Name} taken over for term {Term} by {Leader}")]
        public static partial void TookOver(ILogger logger, string @namespace, string name, long term, string leader);

        [LoggerMessage(8122, LogLevel.Warning, "Journal {Namespace}/{Name}: write refused, this instance (term {Term}) was deposed by {Leader}")]
        public static partial void Deposed(ILogger logger, string @namespace, string name, long term, string leader);
    }
}
