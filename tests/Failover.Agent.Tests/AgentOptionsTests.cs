using Failover.Testing;

namespace Failover.Agent.Tests;

public sealed class AgentOptionsTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public static TheoryData<string, string> Problems() => new()
    {
        { "listen=", "--listen HOST:PORT is required" },
        { "listen=127.0.0.1", "--listen: expected HOST:PORT" },
        { "listen=somehost:7443", "--listen: expected HOST:PORT" },
        { "listen=127.0.0.1:70000", "--listen: expected HOST:PORT" },
        { "listen=10.1.0.10:7443", "--insecure-loopback: plain HTTP is only allowed on a loopback address" },
        { "tls", "--cert FILE (PEM server certificate) is required" },
        { "service=", "--service ID is required" },
        { "data-dir=/nonexistent", "--data-dir: '/nonexistent' is not a PostgreSQL data directory" },
        { "postgres-bin=/nonexistent", "--postgres-bin: no 'postgres' program" },
        { "password-file=/nonexistent", "--password-file: '/nonexistent' does not exist" },
        { "db-port=0", "--db-port: expected a port from 1 to 65535" },
    };

    [Fact]
    public void Validate_UsableOptions_HaveNoProblem()
    {
        Options("none").Validate().Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Problems))]
    public void Validate_BadOption_NamesTheOptionAndWhatWasExpected(string change, string expected)
    {
        Options(change).Validate().Should().Contain(e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("127.0.0.1:7443", true)]
    [InlineData("localhost:7443", true)]
    [InlineData("[::1]:7443", true)]
    [InlineData("10.1.0.10:7443", false)]
    public void ListenEndpoint_TellsLoopback(string listen, bool loopback)
    {
        ListenEndpoint.TryParse(listen)!.IsLoopback.Should().Be(loopback);
    }

    public void Dispose() => _directory.Dispose();

    private AgentOptions Options(string change)
    {
        var data = Directory.CreateDirectory(_directory.PathOf("data")).FullName;
        File.WriteAllText(Path.Combine(data, "PG_VERSION"), "15\n");
        var (name, value) = change.Contains('=', StringComparison.Ordinal) ? (change.Split('=')[0], change.Split('=', 2)[1]) : (change, "");
        return new AgentOptions
        {
            ServiceId = name == "service" ? value : "ent-test",
            SiteId = "sbg",
            DataDirectory = name == "data-dir" ? value : data,
            StateDirectory = _directory.PathOf("state"),
            Listen = name == "listen" ? value : "127.0.0.1:7443",
            InsecureLoopback = name != "tls",
            PostgresBin = name == "postgres-bin" ? value : PostgresPathOrDefault(),
            RunAs = AgentOptions.IsRoot ? "postgres" : null,
            PasswordFile = name == "password-file" ? value : null,
            DbPort = name == "db-port" ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : null,
        };
    }

    private static string PostgresPathOrDefault() => Failover.Postgres.Programs.PostgresPrograms.Locate().BinDirectory;
}
