using System.Text.RegularExpressions;

namespace Failover.Lab.Tests.Runbooks;

/// <summary>
/// A runbook as its test reads it. Fenced blocks tagged <c>bash run</c> (the steps) and <c>bash lab</c> (setting the
/// situation up in the lab) run in order in one shell against the lab; a <c>text expect</c> block right after a run
/// block lists lines its output must contain (<c>...</c> lines are skipped). Plain <c>bash</c> blocks are shown, not
/// run (production-only commands), but every <c>failover</c> command in any block must still parse.
/// </summary>
public sealed partial record Runbook(string Name, string Path, IReadOnlyList<RunbookBlock> Blocks)
{
    public static IEnumerable<string> Files() =>
        Directory.GetFiles(Testing.Repository.PathOf("runbooks"), "*.md").Where(f => System.IO.Path.GetFileName(f) != "README.md").Order(StringComparer.Ordinal);

    public static TheoryData<string> Names() => [.. Files().Select(f => System.IO.Path.GetFileName(f))];

    public IEnumerable<RunbookBlock> Runnable => Blocks.Where(b => b.Kind is BlockKind.Run or BlockKind.Lab);

    /// <summary>Every line of every shell block that invokes the product, continuation lines joined.</summary>
    public IEnumerable<(int Line, string Command)> FailoverCommands() =>
        Blocks.Where(b => b.Kind is not BlockKind.Expect)
            .SelectMany(b => b.Commands().Select(c => (b.Line, c)))
            .SelectMany(x => FailoverInvocation().Matches(x.c).Select(m => (x.Line, m.Groups["args"].Value.Trim())));

    public static Runbook Load(string path)
    {
        var lines = File.ReadAllLines(path);
        var blocks = new List<RunbookBlock>();
        for (var i = 0; i < lines.Length; i++)
        {
            var fence = Fence().Match(lines[i]);
            if (!fence.Success)
            {
                continue;
            }

            var start = i + 1;
            var body = new List<string>();
            for (i++; i < lines.Length && lines[i].Trim() != "```"; i++)
            {
                body.Add(lines[i]);
            }

            var kind = (fence.Groups["lang"].Value, fence.Groups["tag"].Value) switch
            {
                ("bash", "run") => BlockKind.Run,
                ("bash", "lab") => BlockKind.Lab,
                ("bash" or "sh", "") => BlockKind.Shown,
                ("text", "expect") => BlockKind.Expect,
                ("bash" or "sh" or "text", var tag) => throw new FormatException($"{path}:{start}: unknown block tag '{tag}' (run, lab, expect)"),
                _ => BlockKind.Other,
            };
            blocks.Add(new RunbookBlock(kind, start, body));
        }

        return new Runbook(System.IO.Path.GetFileNameWithoutExtension(path), path, blocks);
    }

    [GeneratedRegex(@"^```(?<lang>[a-z]*)\s*(?<tag>[a-z]*)\s*$")]
    private static partial Regex Fence();

    // `failover ...` at the start of a command, after `$(`, a pipe, `&&` or `;`, up to the end of that command.
    [GeneratedRegex(@"(?:^|\$\(|\||&&|;)\s*failover\s+(?<args>[^|;&)]*)")]
    private static partial Regex FailoverInvocation();
}

public enum BlockKind
{
    Run,
    Lab,
    Shown,
    Expect,
    Other,
}

/// <param name="Line">The block's first line in the file (1-based), for messages.</param>
public sealed record RunbookBlock(BlockKind Kind, int Line, IReadOnlyList<string> Body)
{
    public string Text => string.Join('\n', Body);

    /// <summary>The block's commands: comments dropped, backslash continuations joined.</summary>
    public IEnumerable<string> Commands()
    {
        var current = "";
        foreach (var raw in Body)
        {
            var line = raw.TrimEnd();
            if (line.TrimStart().StartsWith('#') && current.Length == 0)
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }

            yield return current + line;
            current = "";
        }
    }

    /// <summary>For an expect block: the lines the output must contain.</summary>
    public IEnumerable<string> ExpectedLines => Body.Select(l => l.Trim()).Where(l => l.Length > 0 && l != "...");
}
