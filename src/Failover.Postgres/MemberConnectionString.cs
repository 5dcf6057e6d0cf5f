using Failover.Core.Replication;
using Failover.Core.Secrets;
using Npgsql;

namespace Failover.Postgres;

/// <summary>
/// The one way this product writes a connection string to a PostgreSQL server: host, port, database, user and password,
/// unpooled unless <see cref="Pooled"/> (failover sessions must see the server as it is now, not a warm connection),
/// timeouts in whole seconds of at least one, server error details and parameters kept out of messages and logs.
/// The password is resolved once, when the builder is made, and is never part of <see cref="object.ToString"/>.
/// </summary>
public sealed class MemberConnectionString
{
    private readonly NpgsqlConnectionStringBuilder _builder;

    private MemberConnectionString(string host, int port, string database, string user, string? password)
    {
        _builder = new NpgsqlConnectionStringBuilder
        {
            Host = host,
            Port = port,
            Database = database,
            Username = user,
            Password = password,
            Pooling = false,
            IncludeErrorDetail = false,
            LogParameters = false,
        };
    }

    /// <summary>The member's endpoint, database and user, with its password resolved now.</summary>
    /// <exception cref="SecretUnavailableException">The member's password cannot be resolved.</exception>
    public static MemberConnectionString For(DatabaseMember member, ISecretResolver secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        return For(member, secrets.Resolve(member.Password));
    }

    /// <summary>The member's endpoint, database and user, with a password already resolved.</summary>
    public static MemberConnectionString For(DatabaseMember member, string password)
    {
        ArgumentNullException.ThrowIfNull(member);
        return To(member.Endpoint.Host, member.Endpoint.Port, member.Database, member.User, password);
    }

    /// <summary>A server that is not (or not only) a configured member: a lab instance, a drill's copy.</summary>
    public static MemberConnectionString To(string host, int port, string database, string user, string? password) => new(host, port, database, user, password);

    /// <summary>The connection string for a Npgsql connection.</summary>
    public string Value => _builder.ConnectionString;

    public MemberConnectionString Database(string database)
    {
        _builder.Database = database;
        return this;
    }

    public MemberConnectionString At(string host, int port)
    {
        _builder.Host = host;
        _builder.Port = port;
        return this;
    }

    public MemberConnectionString ApplicationName(string name)
    {
        _builder.ApplicationName = name;
        return this;
    }

    /// <summary>Bounds opening a connection and, when given, each command.</summary>
    public MemberConnectionString Timeouts(TimeSpan connect, TimeSpan? command = null)
    {
        _builder.Timeout = Seconds(connect);
        if (command is { } c)
        {
            _builder.CommandTimeout = Seconds(c);
        }

        return this;
    }

    /// <summary>Keeps connections in Npgsql's pool (for applications, never for failover sessions).</summary>
    public MemberConnectionString Pooled()
    {
        _builder.Pooling = true;
        return this;
    }

    public override string ToString() => $"{_builder.Username}@{_builder.Host}:{_builder.Port}/{_builder.Database}";

    private static int Seconds(TimeSpan t) => Math.Max(1, (int)Math.Ceiling(t.TotalSeconds));
}
