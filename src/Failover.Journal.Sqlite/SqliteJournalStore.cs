using System.Globalization;
using System.Text.Json;
using Failover.Core.Journal;
using Failover.Core.Operations;
using Microsoft.Data.Sqlite;

namespace Failover.Journal.Sqlite;

/// <summary>
/// The embedded journal: one SQLite file, WAL mode, <c>synchronous=FULL</c> so a write is on disk when it returns.
/// Operations and service states are stored as JSON documents next to the columns audits filter on; entries are an
/// append-only table.
/// </summary>
public sealed class SqliteJournalStore : IJournalStore, IDisposable
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    private SqliteJournalStore(string connectionString) => _connectionString = connectionString;

    public void Dispose() => _writeGate.Dispose();

    /// <summary>Opens (creating if needed) the journal at <paramref name="path"/>.</summary>
    public static async Task<SqliteJournalStore> OpenAsync(string path, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new ArgumentException("journal path: a file path is required", nameof(path));
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"journal path: directory '{directory}' does not exist");
        }

        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = true, DefaultTimeout = 30 };
        var store = new SqliteJournalStore(builder.ToString());
        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS operations (
                id TEXT PRIMARY KEY,
                seq INTEGER NOT NULL,
                service_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                status TEXT NOT NULL,
                requested_by TEXT NOT NULL,
                created_at TEXT NOT NULL,
                document TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS operations_status ON operations(status);
            CREATE TABLE IF NOT EXISTS entries (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                operation_id TEXT NOT NULL,
                at TEXT NOT NULL,
                kind TEXT NOT NULL,
                step TEXT,
                actor TEXT NOT NULL,
                detail TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS entries_operation ON entries(operation_id, seq);
            CREATE TABLE IF NOT EXISTS service_states (
                service_id TEXT PRIMARY KEY,
                epoch INTEGER NOT NULL,
                primary_site TEXT NOT NULL,
                document TEXT NOT NULL);
            """;
        await command.ExecuteNonQueryAsync(cancellationToken);
        return store;
    }

    public async Task WriteAsync(JournalWrite write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            await using var connection = await OpenConnectionAsync(cancellationToken);
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            if (write.Operation is { } op)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = tx;
                command.CommandText = """
                    INSERT INTO operations (id, seq, service_id, kind, status, requested_by, created_at, document)
                    VALUES ($id, (SELECT COALESCE(MAX(seq), 0) + 1 FROM operations), $service, $kind, $status, $by, $created, $doc)
                    ON CONFLICT(id) DO UPDATE SET status = excluded.status, document = excluded.document;
                    """;
                command.Parameters.AddWithValue("$id", op.Id);
                command.Parameters.AddWithValue("$service", op.ServiceId);
                command.Parameters.AddWithValue("$kind", op.Kind.ToString());
                command.Parameters.AddWithValue("$status", op.Status.ToString());
                command.Parameters.AddWithValue("$by", op.Request.RequestedBy);
                command.Parameters.AddWithValue("$created", op.Request.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
                command.Parameters.AddWithValue("$doc", JsonSerializer.Serialize(op, Json));
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            foreach (var e in write.Entries)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = tx;
                command.CommandText = "INSERT INTO entries (operation_id, at, kind, step, actor, detail) VALUES ($op, $at, $kind, $step, $actor, $detail);";
                command.Parameters.AddWithValue("$op", e.OperationId);
                command.Parameters.AddWithValue("$at", e.At.ToString("O", CultureInfo.InvariantCulture));
                command.Parameters.AddWithValue("$kind", e.Kind.ToString());
                command.Parameters.AddWithValue("$step", (object?)e.Step ?? DBNull.Value);
                command.Parameters.AddWithValue("$actor", e.Actor);
                command.Parameters.AddWithValue("$detail", e.Detail);
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            if (write.ServiceState is { } s)
            {
                await using var command = connection.CreateCommand();
                command.Transaction = tx;
                command.CommandText = """
                    INSERT INTO service_states (service_id, epoch, primary_site, document) VALUES ($id, $epoch, $primary, $doc)
                    ON CONFLICT(service_id) DO UPDATE SET epoch = excluded.epoch, primary_site = excluded.primary_site, document = excluded.document;
                    """;
                command.Parameters.AddWithValue("$id", s.ServiceId);
                command.Parameters.AddWithValue("$epoch", s.Epoch.Value);
                command.Parameters.AddWithValue("$primary", s.PrimarySiteId);
                command.Parameters.AddWithValue("$doc", JsonSerializer.Serialize(s, Json));
                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await tx.CommitAsync(cancellationToken);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task<OperationRecord?> GetOperationAsync(string operationId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT document FROM operations WHERE id = $id;";
        command.Parameters.AddWithValue("$id", operationId);
        return await command.ExecuteScalarAsync(cancellationToken) is string doc ? Deserialize<OperationRecord>(doc) : null;
    }

    public async Task<IReadOnlyList<OperationRecord>> ListOperationsAsync(bool activeOnly, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = activeOnly
            ? $"SELECT document FROM operations WHERE status IN ('{OperationStatus.AwaitingApproval}', '{OperationStatus.Queued}', '{OperationStatus.Running}') ORDER BY seq;"
            : "SELECT document FROM operations ORDER BY seq;";
        var list = new List<OperationRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(Deserialize<OperationRecord>(reader.GetString(0)));
        }

        return list;
    }

    public async Task<IReadOnlyList<JournalEntry>> ReadEntriesAsync(string operationId, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT operation_id, at, kind, step, actor, detail FROM entries WHERE operation_id = $op ORDER BY seq;";
        command.Parameters.AddWithValue("$op", operationId);
        var list = new List<JournalEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(new JournalEntry(
                reader.GetString(0),
                DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
                Enum.Parse<JournalEntryKind>(reader.GetString(2)),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5)));
        }

        return list;
    }

    public async Task<IReadOnlyList<ServiceState>> ListServiceStatesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT document FROM service_states ORDER BY service_id;";
        var list = new List<ServiceState>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            list.Add(Deserialize<ServiceState>(reader.GetString(0)));
        }

        return list;
    }

    private static T Deserialize<T>(string document) =>
        JsonSerializer.Deserialize<T>(document, Json) ?? throw new InvalidDataException($"journal: a {typeof(T).Name} document is empty");

    private async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";
        await pragma.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }
}
