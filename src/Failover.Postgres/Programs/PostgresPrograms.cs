using System.Diagnostics;
using System.Text;

namespace Failover.Postgres.Programs;

/// <summary>
/// Runs the PostgreSQL server programs (initdb, pg_ctl, pg_basebackup, pg_rewind…) of one installation. PostgreSQL refuses
/// to run as root: when this process is root, programs run as <see cref="RunAsUser"/> through <c>runuser</c>.
/// Passwords are passed in the environment (PGPASSWORD), never on a command line.
/// </summary>
public sealed class PostgresPrograms
{
    public const string DefaultBinDirectory = "/usr/lib/postgresql/15/bin";

    public PostgresPrograms(string binDirectory, string? runAsUser)
        : this(binDirectory, runAsUser, [])
    {
    }

    /// <param name="launcher">A command line every program runs under, as root, before switching user (e.g. <c>ip netns exec NS</c>).</param>
    public PostgresPrograms(string binDirectory, string? runAsUser, IReadOnlyList<string> launcher)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(binDirectory);
        ArgumentNullException.ThrowIfNull(launcher);
        BinDirectory = binDirectory;
        RunAsUser = runAsUser;
        Launcher = launcher;
    }

    public string BinDirectory { get; }

    /// <summary>The user programs run as (through runuser), or null to run them as this process's user.</summary>
    public string? RunAsUser { get; }

    /// <summary>The command line programs run under (empty: run directly).</summary>
    public IReadOnlyList<string> Launcher { get; }

    public static bool IsRoot => string.Equals(Environment.UserName, "root", StringComparison.Ordinal);

    /// <summary>
    /// Finds an installation: <paramref name="binDirectory"/>, else <c>FAILOVER_PG_BIN</c>, else PostgreSQL 15 under
    /// /usr/lib/postgresql, else the newest version there, else <c>pg_config --bindir</c>. Runs as <c>postgres</c> when root.
    /// </summary>
    /// <exception cref="InvalidOperationException">No installation found; the message says how to install one.</exception>
    public static PostgresPrograms Locate(string? binDirectory = null)
    {
        var candidates = new[] { binDirectory, Environment.GetEnvironmentVariable("FAILOVER_PG_BIN"), DefaultBinDirectory };
        var found = candidates.FirstOrDefault(d => !string.IsNullOrWhiteSpace(d) && File.Exists(Path.Combine(d, "pg_ctl")))
            ?? (Directory.Exists("/usr/lib/postgresql")
                ? Directory.EnumerateDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                    .Where(d => File.Exists(Path.Combine(d, "pg_ctl"))).OrderDescending(StringComparer.Ordinal).FirstOrDefault()
                : null)
            ?? PgConfigBinDirectory()
            ?? throw new InvalidOperationException(
                "PostgreSQL server programs not found (looked for pg_ctl in FAILOVER_PG_BIN, /usr/lib/postgresql/*/bin and pg_config --bindir); install them: apt-get install postgresql-15");
        return new PostgresPrograms(found, IsRoot ? "postgres" : null);
    }

    private static string? PgConfigBinDirectory()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pg_config", "--bindir") { RedirectStandardOutput = true, UseShellExecute = false });
            var directory = process?.StandardOutput.ReadToEnd().Trim();
            process?.WaitForExit();
            return process?.ExitCode == 0 && directory is { Length: > 0 } && File.Exists(Path.Combine(directory, "pg_ctl")) ? directory : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // pg_config is not installed
        }
    }

    public string PathOf(string program) => Path.Combine(BinDirectory, program);

    /// <summary>The same installation, its programs run under <paramref name="launcher"/> (e.g. inside a network namespace).</summary>
    public PostgresPrograms LaunchedBy(IReadOnlyList<string> launcher) => new(BinDirectory, RunAsUser, launcher);

    /// <summary>Runs a program to completion or until <paramref name="timeout"/>, then kills its process tree.</summary>
    public async Task<ProgramResult> RunAsync(
        string program, IReadOnlyList<string> arguments, TimeSpan timeout, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null, string? standardInput = null)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        var command = new List<string>(Launcher);
        if (RunAsUser is { } user)
        {
            command.AddRange(["runuser", "-u", user, "--"]);
        }

        command.Add(PathOf(program));
        start.FileName = command[0];
        foreach (var part in command.Skip(1))
        {
            start.ArgumentList.Add(part);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var readOut = process.StandardOutput.ReadToEndAsync(CancellationToken.None).ContinueWith(t => stdout.Append(t.Result), TaskScheduler.Default);
        var readErr = process.StandardError.ReadToEndAsync(CancellationToken.None).ContinueWith(t => stderr.Append(t.Result), TaskScheduler.Default);
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput.AsMemory(), cancellationToken);
        }

        process.StandardInput.Close();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var timedOut = false;
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = !cancellationToken.IsCancellationRequested;
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
        }

        await Task.WhenAll(readOut, readErr);
        return new ProgramResult(timedOut ? -1 : process.ExitCode, stdout.ToString(), stderr.ToString(), timedOut);
    }

    /// <summary>Creates a directory owned by <see cref="RunAsUser"/> (mode 0700), as the server programs require.</summary>
    public async Task CreateOwnedDirectoryAsync(string path, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        if (RunAsUser is { } user)
        {
            var chown = await RunPlainAsync("chown", ["-R", user, path], cancellationToken);
            if (chown.ExitCode != 0)
            {
                throw new InvalidOperationException($"chown {user} {path} failed: {chown.Summary}");
            }
        }
    }

    private static async Task<ProgramResult> RunPlainAsync(string file, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stderr = await process.StandardError.ReadToEndAsync(cancellationToken);
        var stdout = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return new ProgramResult(process.ExitCode, stdout, stderr, false);
    }
}
