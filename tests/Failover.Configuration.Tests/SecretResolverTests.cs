using Failover.Core.Secrets;
using Failover.Core.Topology;

namespace Failover.Configuration.Tests;

public sealed class SecretResolverTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("failover-secrets-").FullName;

    [Fact]
    public void Resolve_FileReference_ReadsTheFileWithoutTrailingNewline()
    {
        var file = Path.Combine(_directory, "pg");
        File.WriteAllText(file, "s3cret\n");

        new EnvironmentAndFileSecretResolver().Resolve(new SecretReference(SecretSource.File, file)).Should().Be("s3cret");
    }

    [Fact]
    public void Resolve_MissingFile_NamesTheReferenceNotAValue()
    {
        var reference = new SecretReference(SecretSource.File, Path.Combine(_directory, "absent"));

        var act = () => new EnvironmentAndFileSecretResolver().Resolve(reference);

        act.Should().Throw<SecretUnavailableException>().WithMessage($"secret file:{reference.Location} is unavailable: the file does not exist");
    }

    [Fact]
    public void Resolve_UnsetVariable_SaysSo()
    {
        var act = () => new EnvironmentAndFileSecretResolver().Resolve(new SecretReference(SecretSource.Environment, "FAILOVER_TEST_UNSET_" + Guid.NewGuid().ToString("N")));

        act.Should().Throw<SecretUnavailableException>().WithMessage("*environment variable is not set");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
