using Failover.ControlPlane.Auth;

namespace Failover.ControlPlane.Tests.Auth;

public class TokenFileTests
{
    [Fact]
    public void Parse_ValidLines_AuthenticatesEachCallerWithItsRole()
    {
        var tokens = TokenFile.Parse("# comment\n\nviewer-token-0123456789,vera,viewer\noperator-token-0123456789, oscar , Operator\n", "tokens");

        tokens.Count.Should().Be(2);
        tokens.Authenticate("operator-token-0123456789").Should().Be(new Caller("oscar", Role.Operator));
        tokens.Authenticate("operator-token-012345678").Should().BeNull();
    }

    [Theory]
    [InlineData("short,vera,viewer", "tokens:1: expected TOKEN,NAME,ROLE")]
    [InlineData("viewer-token-0123456789,vera", "tokens:1: expected TOKEN,NAME,ROLE")]
    [InlineData("\nviewer-token-0123456789,vera,root", "tokens:2: role must be viewer, operator or admin, found 'root'")]
    [InlineData("viewer-token-0123456789,vera,viewer\nviewer-token-0123456789,eve,admin", "tokens:2: this token is already given to another caller")]
    public void Parse_MalformedLine_NamesTheLineButNeverTheToken(string text, string expected)
    {
        var act = () => TokenFile.Parse(text, "tokens");

        act.Should().Throw<FormatException>().Which.Message.Should().StartWith(expected).And.NotContain("0123456789");
    }
}
