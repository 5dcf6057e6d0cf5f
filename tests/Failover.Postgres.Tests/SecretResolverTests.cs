using Failover.Core.Secrets;
using Failover.Core.Topology;

namespace Failover.Postgres.Tests;

public class SecretResolverTests
{
    private readonly EnvironmentAndFileSecretResolver _resolver = new();

    [Fact]
    public void Resolve_EnvironmentVariable_ReturnsItsValue()
    {
        var name = "FAILOVER_TEST_SECRET_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, "pa55");
        try
        {
            _resolver.Resolve(new SecretReference(SecretSource.Environment, name)).Should().Be("pa55");
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void Resolve_File_ReturnsContentWithoutTrailingNewline()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "s3cret\n");
            _resolver.Resolve(new SecretReference(SecretSource.File, file)).Should().Be("s3cret");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Resolve_MissingFile_ThrowsNamingTheReference()
    {
        var act = () => _resolver.Resolve(new SecretReference(SecretSource.File, "/nonexistent/failover.secret"));

        act.Should().Throw<SecretUnavailableException>().WithMessage("*file:/nonexistent/failover.secret*");
    }

    [Fact]
    public void Resolve_UnsetVariable_ThrowsNamingTheVariable()
    {
        var act = () => _resolver.Resolve(new SecretReference(SecretSource.Environment, "FAILOVER_TEST_NEVER_SET"));

        act.Should().Throw<SecretUnavailableException>().WithMessage("*env:FAILOVER_TEST_NEVER_SET*");
    }
}
