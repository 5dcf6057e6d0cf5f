using System.Text;
using System.Text.RegularExpressions;
using Failover.Cli;
using Spectre.Console;

namespace Failover.Lab.Tests.Runbooks;

/// <summary>
/// Every <c>failover</c> command written in a runbook — run in CI or only shown — names a command that exists and only
/// options it has: a renamed command or flag fails here, before anyone reads it at 3 a.m.
/// </summary>
public sealed partial class RunbookCommandsTests
{
    private static readonly Dictionary<string, (int Exit, string Help)> HelpCache = new(StringComparer.Ordinal);

    public static TheoryData<string> Runbooks() => Runbook.Names();

    [Fact]
    public void Index_ListsEveryRunbook()
    {
        var index = File.ReadAllText(Testing.Repository.PathOf("runbooks", "README.md"));

        Runbook.Files().Select(Path.GetFileName).Should().NotBeEmpty()
            .And.OnlyContain(name => index.Contains($"({name})", StringComparison.Ordinal), "runbooks/README.md links every runbook");
    }

    [Theory]
    [MemberData(nameof(Runbooks))]
    public void EveryFailoverCommand_ExistsWithItsOptions(string file)
    {
        var runbook = Runbook.Load(Testing.Repository.PathOf("runbooks", file));
        runbook.Runnable.Should().NotBeEmpty($"{file} has steps a test runs (```bash run blocks)");
        runbook.FailoverCommands().Should().NotBeEmpty();

        foreach (var (line, command) in runbook.FailoverCommands())
        {
            var problem = Check(Tokens(command));
            problem.Should().BeNull($"{file}:{line}: `failover {command}`");
        }
    }

    private static string? Check(IReadOnlyList<string> tokens)
    {
        var path = new List<string>();
        foreach (var token in tokens.TakeWhile(t => !t.StartsWith('-')))
        {
            var deeper = Help([.. path, token]);
            if (deeper.Exit != 0)
            {
                break;
            }

            path.Add(token);
        }

        var (exit, help) = Help(path);
        if (exit != 0 || path.Count == 0)
        {
            return $"no such command: {help}";
        }

        var unknown = tokens.Where(t => t.StartsWith('-'))
            .Select(t => t.Split('=')[0])
            .Where(option => !Regex.IsMatch(help, $@"(^|[\s,]){Regex.Escape(option)}([\s,]|$)", RegexOptions.Multiline))
            .ToList();
        return unknown.Count == 0 ? null : $"`failover {string.Join(' ', path)}` has no option {string.Join(", ", unknown)}";
    }

    private static (int Exit, string Help) Help(IReadOnlyList<string> path)
    {
        var key = string.Join(' ', path);
        lock (HelpCache)
        {
            if (!HelpCache.TryGetValue(key, out var help))
            {
                var output = new StringWriter();
                var console = AnsiConsole.Create(new AnsiConsoleSettings
                {
                    Ansi = AnsiSupport.No,
                    ColorSystem = ColorSystemSupport.NoColors,
                    Out = new AnsiConsoleOutput(output),
                    Interactive = InteractionSupport.No,
                });
                console.Profile.Width = 400;
                var exit = FailoverApp.Run([.. path, "--help"], console);
                help = (exit, output.ToString());
                HelpCache[key] = help;
            }

            return help;
        }
    }

    /// <summary>Shell words: quotes grouped, quotes and variables kept as they are (they are arguments).</summary>
    private static List<string> Tokens(string command) =>
        [.. Word().Matches(command).Select(m => m.Value)];

    [GeneratedRegex("""(?:"[^"]*"|'[^']*'|[^\s"'])+""")]
    private static partial Regex Word();
}
