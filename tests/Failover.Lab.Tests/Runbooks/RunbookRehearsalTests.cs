using System.Text;
using Xunit.Abstractions;

namespace Failover.Lab.Tests.Runbooks;

/// <summary>
/// Runs each runbook's happy path — its <c>bash lab</c> and <c>bash run</c> blocks, in order, in one shell — against a
/// lab of its own, and checks the <c>text expect</c> blocks against the output. The lab uses its documented fixed ports,
/// so these run one at a time with the other lab tests.
/// </summary>
[Collection(LabPorts.Name)]
public sealed class RunbookRehearsalTests(ITestOutputHelper transcript)
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(5);

    public static TheoryData<string> Runbooks() => Runbook.Names();

    [Theory]
    [MemberData(nameof(Runbooks))]
    public async Task HappyPath_RunsInTheLab(string file)
    {
        var runbook = Runbook.Load(Testing.Repository.PathOf("runbooks", file));
        await using var shell = new LabShell();
        var script = new StringBuilder("set -euo pipefail\n");
        var runnable = runbook.Runnable.ToList();
        foreach (var block in runnable)
        {
            script.Append($"echo '{Marker(block)}'\n").Append(block.Text).Append('\n');
        }

        script.Append($"echo '{Marker(null)}'\n");
        var (exit, output) = await shell.RunAsync(script.ToString(), Bound);
        transcript.WriteLine(output);
        var outputs = Split(output, runnable);
        var failedBlock = runnable.FirstOrDefault(b => !outputs.ContainsKey(b.Line) || !output.Contains(Marker(Next(runnable, b)), StringComparison.Ordinal));
        exit.Should().Be(0, $"every step of {file} succeeds; it stopped in the block at line {failedBlock?.Line}:\n{Tail(output)}");

        for (var i = 1; i < runbook.Blocks.Count; i++)
        {
            var expect = runbook.Blocks[i];
            var step = runbook.Blocks[i - 1];
            if (expect.Kind != BlockKind.Expect)
            {
                continue;
            }

            step.Kind.Should().Be(BlockKind.Run, $"{file}:{expect.Line}: an expect block follows the run block whose output it shows");
            foreach (var line in expect.ExpectedLines)
            {
                outputs[step.Line].Should().Contain(line, $"{file}:{expect.Line}: the output of the step at line {step.Line}");
            }
        }
    }

    private static RunbookBlock? Next(List<RunbookBlock> blocks, RunbookBlock block) => blocks.SkipWhile(b => b != block).Skip(1).FirstOrDefault();

    private static string Marker(RunbookBlock? block) => block is null ? "::runbook end::" : $"::runbook block {block.Line}::";

    private static Dictionary<int, string> Split(string output, List<RunbookBlock> blocks)
    {
        var result = new Dictionary<int, string>();
        foreach (var block in blocks)
        {
            var start = output.IndexOf(Marker(block), StringComparison.Ordinal);
            if (start < 0)
            {
                continue;
            }

            var end = output.IndexOf(Marker(Next(blocks, block)), start, StringComparison.Ordinal);
            result[block.Line] = end < 0 ? output[start..] : output[start..end];
        }

        return result;
    }

    private static string Tail(string output) => string.Join('\n', output.Split('\n').TakeLast(60));
}
